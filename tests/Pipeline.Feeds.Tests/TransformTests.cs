using System.Text;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds.Definitions;
using static Pipeline.Feeds.Tests.FeedTestSupport;

namespace Pipeline.Feeds.Tests;

/// <summary>
/// Transforms, rules, keys and the canonical mapping, through small inline definitions (the
/// transform classes are internal to Pipeline.Feeds).
/// </summary>
public sealed class TransformTests
{
    private const string FeedId = "test-feed";

    // ---- text transforms ----

    [Fact]
    public void TrimRemovesSurroundingWhitespaceAndDropsBlankValues()
    {
        var definition = Json("""
              narrative:
                from: n
                transforms: [trim]
              subjects:
                from: s
                transforms: [trim]
            """);

        var report = Accepted(definition, With("""  "n": "  parked van \t", "s": ["  TALL ", "   ", "SHORT"]  """));

        Assert.Equal("parked van", report.Narrative);
        Assert.Equal(["TALL", "SHORT"], report.Privacy.Subjects);
    }

    [Fact]
    public void UpperAndLowerChangeCaseInvariantly()
    {
        var definition = Json("""
              narrative:
                from: n
                transforms: [upper]
              address:
                from: a
                transforms: [lower]
            """);

        var report = Accepted(definition, With("""  "n": "Parked Van", "a": "12 MAIN St"  """));

        Assert.Equal("PARKED VAN", report.Narrative);
        Assert.Equal("12 main st", report.Location.RawAddress);
    }

    [Fact]
    public void CollapseWhitespaceTurnsRunsAndLineBreaksIntoOneSpace()
    {
        var definition = Json("""
              narrative:
                from: n
                transforms: [collapseWhitespace]
            """);

        var report = Accepted(definition, With("""  "n": "  FIREWORKS\r\n(REPORTED   BY\tTWO CALLERS) "  """));

        Assert.Equal("FIREWORKS (REPORTED BY TWO CALLERS)", report.Narrative);
    }

    [Fact]
    public void RegexKeepsTheFirstGroup()
    {
        var definition = Json("""
              cadPriority:
                from: p
                transforms:
                  - regex: '^(\d+)'
            """);

        var report = Accepted(definition, With("""  "p": "2B"  """));

        Assert.Equal(2, report.CadPriority);
    }

    [Fact]
    public void RegexWithoutAGroupKeepsTheWholeMatch()
    {
        var definition = Json("""
              narrative:
                from: n
                transforms:
                  - regex: '[A-Z]\d{3}'
            """);

        var report = Accepted(definition, With("""  "n": "unit k12 then B204 and C300"  """));

        Assert.Equal("B204", report.Narrative);
    }

    [Fact]
    public void RegexThatDoesNotMatchDropsTheValue()
    {
        var definition = Json("""
              cadPriority:
                from: p
                transforms:
                  - regex: '^(\d+)'
              subjects:
                from: s
                transforms:
                  - regex: '^SUBJ: (.+)$'
            """);

        var report = Accepted(definition, With("""  "p": "HIGH", "s": ["SUBJ: TALL", "noise", "SUBJ: SHORT"]  """));

        Assert.Null(report.CadPriority);
        Assert.Equal(["TALL", "SHORT"], report.Privacy.Subjects);
    }

    [Fact]
    public void RegexThatDropsARequiredValueRejectsTheRecordNamingTheField()
    {
        var definition = Json("""
              cadPriority:
                from: p
                required: true
                transforms:
                  - regex: '^(\d+)'
            """);

        var rejection = Rejected(definition, With("""  "p": "HIGH"  """));

        Assert.Equal("cadPriority", rejection.Field);
        Assert.Equal("required field 'cadPriority' (from p) is missing", rejection.Reason);
        Assert.Equal(Rejection.IngestStage, rejection.Stage);
    }

    [Fact]
    public void ReplaceRewritesEveryMatchWithGroupReferences()
    {
        var definition = Json("""
              address:
                from: a
                transforms:
                  - replace: { pattern: '^0*(\d+)XX ', with: '$1 BLOCK OF ' }
              narrative:
                from: n
                transforms:
                  - replace: { pattern: '[-_]+' }
            """);

        var report = Accepted(definition, With("""  "a": "013XX PERDIDO ST", "n": "a-b__c"  """));

        Assert.Equal("13 BLOCK OF PERDIDO ST", report.Location.RawAddress);
        Assert.Equal("abc", report.Narrative);
    }

    [Fact]
    public void ConcatJoinsValuesWithItsSeparatorOrASpace()
    {
        var definition = Json("""
              subjects:
                from: [s1, s2]
                transforms:
                  - concat: " / "
              vehicles:
                from: v
                transforms: [concat]
            """);

        var report = Accepted(definition, With("""  "s1": "TALL", "s2": ["DARK JACKET", "HAT"], "v": ["WHITE", "VAN"]  """));

        Assert.Equal(["TALL / DARK JACKET / HAT"], report.Privacy.Subjects);
        Assert.Equal(["WHITE VAN"], report.Privacy.Vehicles);
    }

    [Fact]
    public void SplitMakesSeveralTrimmedValuesAndDropsEmptyParts()
    {
        var definition = Json("""
              vehicles:
                from: v
                transforms:
                  - split: ";"
            """);

        var report = Accepted(definition, With("""  "v": "WHITE VAN 7ABC123; ;;SILVER SEDAN ;"  """));

        Assert.Equal(["WHITE VAN 7ABC123", "SILVER SEDAN"], report.Privacy.Vehicles);
    }

    [Fact]
    public void DefaultSuppliesAValueOnlyWhenThereIsNone()
    {
        var definition = Json("""
              targetSector:
                from: t
                transforms:
                  - default: UNKNOWN
            """);

        var missing = Accepted(definition, With(""));
        var present = Accepted(definition, With("""  "t": "ENERGY"  """));
        var blank = Accepted(definition, With("""  "t": ""  """));

        Assert.Equal("UNKNOWN", missing.TargetSector);
        Assert.Equal("ENERGY", present.TargetSector);
        Assert.Equal("UNKNOWN", blank.TargetSector);
    }

    // ---- code tables ----

    private const string CodeTables = """
        codeTables:
          kept:
            entries:
              "BURGLAR ALARM": ALARM
              "Bomb Threat, Called In": BOMB THREAT
            unknown: keep
          dropped:
            entries:
              "BURGLAR ALARM": ALARM
            unknown: drop
          replaced:
            entries:
              "BURGLAR ALARM": ALARM
            unknown: OTHER
          unsaid:
            entries:
              "BURGLAR ALARM": ALARM
        """;

    [Theory]
    [InlineData("kept", "BURGLAR ALARM", "ALARM")]
    [InlineData("kept", "burglar alarm", "ALARM")]
    [InlineData("kept", "BOMB THREAT, CALLED IN", "BOMB THREAT")]
    [InlineData("kept", "NOISE", "NOISE")]
    [InlineData("dropped", "Burglar Alarm", "ALARM")]
    [InlineData("dropped", "NOISE", null)]
    [InlineData("replaced", "NOISE", "OTHER")]
    [InlineData("replaced", "burglar ALARM", "ALARM")]
    [InlineData("unsaid", "NOISE", "NOISE")]
    public void MapLooksCodesUpWithoutRegardToCaseAndTreatsUnknownCodesAsItsTableSays(string table, string code, string? expected)
    {
        var definition = Json($"""
              cadCallType:
                from: c
                transforms:
                  - map: {table}
            """, CodeTables);

        var report = Accepted(definition, With($"  \"c\": \"{code}\"  "));

        Assert.Equal(expected, report.CadCallType);
    }

    // ---- numbers ----

    [Theory]
    [InlineData("1,234.50", "1234.5")]
    [InlineData(" 42 ", "42")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e3", "1000")]
    [InlineData("12,000,000", "12000000")]
    public void NumberAcceptsThousandsSeparatorsAndWritesInvariantText(string text, string expected)
    {
        var definition = Json("""
              narrative:
                from: n
                transforms: [number]
            """);

        var report = Accepted(definition, With($"  \"n\": \"{text}\"  "));

        Assert.Equal(expected, report.Narrative);
    }

    [Theory]
    [InlineData("twelve")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void NumberThatDoesNotParseRejectsNamingTheField(string text)
    {
        var definition = Json("""
              address:
                from: a
                transforms: [number]
            """);

        var rejection = Rejected(definition, With($"  \"a\": \"{text}\"  "));

        Assert.Equal("address", rejection.Field);
        Assert.Equal("field 'address' is not a number", rejection.Reason);
    }

    // ---- dates and times ----

    [Fact]
    public void IsoOccurredAtWithoutAnOffsetIsLocalTimeInTheFeedsZone()
    {
        var definition = Json("");

        var winter = Accepted(definition, """{ "id": "A1", "at": "2026-11-20T14:03:11" }""");
        var summer = Accepted(definition, """{ "id": "A1", "at": "2026-07-04 21:30" }""");
        var dateOnly = Accepted(definition, """{ "id": "A1", "at": "2026-11-20" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 20, 3, 11, TimeSpan.Zero), winter.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 5, 2, 30, 0, TimeSpan.Zero), summer.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero), dateOnly.OccurredAt);
        Assert.Equal(TimeSpan.Zero, winter.OccurredAt.Offset);
    }

    [Theory]
    [InlineData("2026-11-20T14:03:11Z", "2026-11-20T14:03:11Z")]
    [InlineData("2026-11-20T14:03:11.1234567z", "2026-11-20T14:03:11.1234567Z")]
    [InlineData("2026-11-20T14:03:11+02:00", "2026-11-20T12:03:11Z")]
    [InlineData("2026-11-20T14:03:11-0830", "2026-11-20T22:33:11Z")]
    public void IsoOccurredAtWithAnOffsetIgnoresTheFeedsZone(string text, string utc)
    {
        var report = Accepted(Json(""), $$"""{ "id": "A1", "at": "{{text}}" }""");

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
    }

    [Theory]
    [InlineData("11/20/2026 14:03")]
    [InlineData("2026-11-20T14:03:11 CST")]
    [InlineData("20261120T140311")]
    [InlineData("yesterday")]
    public void OccurredAtThatIsNotIsoRejectsNamingTheField(string text)
    {
        var rejection = Rejected(Json(""), $$"""{ "id": "A1", "at": "{{text}}" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal("field 'occurredAt' is not an ISO 8601 date-time", rejection.Reason);
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00")]
    [InlineData("2026-11-20T25:00:00")]
    [InlineData("2026-13-01")]
    public void IsoShapedOccurredAtThatIsNoRealDateIsNotAnIsoDateTime(string text)
    {
        var rejection = Rejected(Json(""), $$"""{ "id": "A1", "at": "{{text}}" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal("field 'occurredAt' is not an ISO 8601 date-time", rejection.Reason);
    }

    [Fact]
    public void DatetimeWithExplicitFormatsAndZoneReadsLocalTimeInThatZone()
    {
        var definition = Json("""
              narrative:
                from: n
                transforms:
                  - datetime: { formats: ["MM/dd/yyyy hh:mm:ss tt", "M/d/yyyy h:mm tt"], zone: America/New_York }
            """);

        var first = Accepted(definition, With("""  "n": "11/20/2026 02:03:11 PM"  """));
        var second = Accepted(definition, With("""  "n": "7/4/2026 9:30 PM"  """));

        Assert.Equal("2026-11-20T19:03:11.0000000+00:00", first.Narrative);
        Assert.Equal("2026-07-05T01:30:00.0000000+00:00", second.Narrative);
    }

    [Fact]
    public void DatetimeWithOneFormatUsesTheFeedsZone()
    {
        var definition = Json("""
              occurredAt:
                from: at
                transforms:
                  - datetime: "MM/dd/yyyy hh:mm:ss tt"
            """, occurredAt: false);

        var report = Accepted(definition, """{ "id": "A1", "at": "11/20/2026 02:03:11 PM" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 20, 3, 11, TimeSpan.Zero), report.OccurredAt);
    }

    [Fact]
    public void LocalTimeSkippedBySpringForwardIsReadWithTheStandardOffsetOfTheTransformsZone()
    {
        var definition = NewYorkLocalTimes();

        // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT.
        var skipped = Accepted(definition, """{ "id": "A1", "at": "2026-03-08 02:30" }""");
        var before = Accepted(definition, """{ "id": "A1", "at": "2026-03-08 01:59" }""");
        var after = Accepted(definition, """{ "id": "A1", "at": "2026-03-08 03:00" }""");

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), skipped.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 6, 59, 0, TimeSpan.Zero), before.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), after.OccurredAt);
    }

    [Fact]
    public void LocalTimeRepeatedByFallBackIsReadAsStandardTimeOfTheTransformsZone()
    {
        var definition = NewYorkLocalTimes();

        // 2026-11-01 01:30 happens twice in New York (EDT, then EST): read as EST, UTC-5.
        var repeated = Accepted(definition, """{ "id": "A1", "at": "2026-11-01 01:30" }""");
        var before = Accepted(definition, """{ "id": "A1", "at": "2026-11-01 00:59" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), repeated.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 59, 0, TimeSpan.Zero), before.OccurredAt);
    }

    [Fact]
    public void IsoOccurredAtInTheFeedsZoneHandlesTheSpringForwardGapToo()
    {
        // 02:30 on the day Chicago skips it (the shipped demo-cad sample does the same in Los Angeles).
        var report = Accepted(Json(""), """{ "id": "A1", "at": "2026-03-08T02:30:00" }""");

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 8, 30, 0, TimeSpan.Zero), report.OccurredAt);
    }

    [Fact]
    public void ExplicitOffsetInTheValueIsHonouredOverTheZone()
    {
        var definition = Json("""
              occurredAt:
                from: at
                transforms:
                  - datetime: { formats: ["yyyy-MM-dd HH:mm zzz"], zone: America/Los_Angeles }
            """, occurredAt: false);

        var report = Accepted(definition, """{ "id": "A1", "at": "2026-11-20 14:03 +02:00" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 3, 0, TimeSpan.Zero), report.OccurredAt);
    }

    [Fact]
    public void ValueWithoutAnOffsetIsLocalToTheZoneEvenWhenAnotherFormatTakesOffsets()
    {
        var definition = Json("""
              occurredAt:
                from: at
                transforms:
                  - datetime: { formats: ["yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd HH:mm"], zone: America/Chicago }
            """, occurredAt: false);

        var withOffset = Accepted(definition, """{ "id": "A1", "at": "2026-11-20 14:03 +02:00" }""");
        var local = Accepted(definition, """{ "id": "A2", "at": "2026-11-20 14:03" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 3, 0, TimeSpan.Zero), withOffset.OccurredAt);
        // 14:03 in Chicago (CST, UTC-6), not in the machine's own zone.
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 20, 3, 0, TimeSpan.Zero), local.OccurredAt);
    }

    [Theory]
    [InlineData("[\"MM/dd/yyyy hh:mm tt\"]", "field 'occurredAt' does not match the date-time format 'MM/dd/yyyy hh:mm tt'")]
    [InlineData("[\"MM/dd/yyyy\", \"yyyyMMdd\"]", "field 'occurredAt' does not match the date-time formats 'MM/dd/yyyy', 'yyyyMMdd'")]
    public void DatetimeThatMatchesNoFormatRejectsNamingTheFieldAndFormats(string formats, string reason)
    {
        var definition = Json($$"""
              occurredAt:
                from: at
                transforms:
                  - datetime: { formats: {{formats}} }
            """, occurredAt: false);

        var rejection = Rejected(definition, """{ "id": "A1", "at": "2026-11-20T14:03:11" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal(reason, rejection.Reason);
    }

    [Fact]
    public void OccurredAtFarInTheFutureIsRejected()
    {
        var rejection = Rejected(Json(""), """{ "id": "A1", "at": "9999-01-01T00:00:00Z" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal("field 'occurredAt' is more than a day after the record was received", rejection.Reason);
    }

    [Fact]
    public void OccurredAtUpToADayAfterReceiptIsAccepted()
    {
        var received = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        var justInside = Read(Json(""), """{ "id": "A1", "at": "2026-11-21T12:00:00Z" }""", received).Single();
        var justOutside = Read(Json(""), """{ "id": "A1", "at": "2026-11-21T12:00:01Z" }""", received).Single();

        Assert.NotNull(justInside.Result.Report);
        Assert.Equal(received, justInside.Result.Report.ReceivedAt);
        Assert.Equal("field 'occurredAt' is more than a day after the record was received", justOutside.Result.Rejection?.Reason);
    }

    [Fact]
    public void LocalOccurredAtThatOverflowsWhenConvertedToUtcIsRejected()
    {
        var rejection = Rejected(Json(""), """{ "id": "A1", "at": "9999-12-31T23:00:00" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal("field 'occurredAt' is outside the representable date-time range", rejection.Reason);
    }

    [Theory]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("1900-01-01T00:00:00Z")]
    [InlineData("1969-12-31T17:30:00")]
    public void OccurredAtBefore1970IsRejected(string text)
    {
        var rejection = Rejected(Json(""), $$"""{ "id": "A1", "at": "{{text}}" }""");

        Assert.Equal("occurredAt", rejection.Field);
        Assert.Equal("field 'occurredAt' is before 1970", rejection.Reason);
    }

    [Fact]
    public void OccurredAtAtTheStartOf1970IsAccepted()
    {
        var report = Accepted(Json(""), """{ "id": "A1", "at": "1970-01-01T00:00:00Z" }""");

        Assert.Equal(DateTimeOffset.UnixEpoch, report.OccurredAt);
    }

    // ---- rules ----

    [Theory]
    [InlineData("1", true)]
    [InlineData("5", true)]
    [InlineData("0", false)]
    [InlineData("5.5", false)]
    [InlineData("-3", false)]
    public void RangeRejectsNumbersOutsideItNamingTheFieldAndBounds(string priority, bool accepted)
    {
        var definition = Json("""
              cadPriority:
                from: p
                range: [1, 5]
            """);

        var result = Read(definition, With($"  \"p\": \"{priority}\"  ")).Single().Result;

        if (accepted)
        {
            Assert.Equal(int.Parse(priority, System.Globalization.CultureInfo.InvariantCulture), result.Report?.CadPriority);
        }
        else
        {
            Assert.Equal("field 'cadPriority' is outside 1..5", result.Rejection?.Reason);
            Assert.Equal("cadPriority", result.Rejection?.Field);
        }
    }

    [Fact]
    public void RangeRejectsAValueThatIsNotANumber()
    {
        var definition = Json("""
              latitude:
                from: lat
                range: [-90, 90]
              longitude: lon
            """);

        var rejection = Rejected(definition, With("""  "lat": "north", "lon": 1  """));

        Assert.Equal("latitude", rejection.Field);
        Assert.Equal("field 'latitude' is not a number", rejection.Reason);
    }

    [Theory]
    [InlineData("ENERGY", true)]
    [InlineData("WATER", true)]
    [InlineData("energy", false)]
    [InlineData("TRANSPORT", false)]
    public void OneOfAcceptsOnlyTheListedValuesExactly(string sector, bool accepted)
    {
        var definition = Json("""
              targetSector:
                from: t
                oneOf: [ENERGY, WATER]
            """);

        var result = Read(definition, With($"  \"t\": \"{sector}\"  ")).Single().Result;

        if (accepted)
        {
            Assert.Equal(sector, result.Report?.TargetSector);
        }
        else
        {
            Assert.Equal("field 'targetSector' is not one of the allowed values", result.Rejection?.Reason);
            Assert.Equal("targetSector", result.Rejection?.Field);
        }
    }

    [Theory]
    [InlineData("K0452126", true)]
    [InlineData("K1", true)]
    [InlineData("X0452126", false)]
    [InlineData("K0452126-B", false)]
    [InlineData("prefix K1", false)]
    public void PatternMustMatchTheWholeValue(string id, bool accepted)
    {
        var definition = Json("""
              sourceRecordId:
                from: id
                pattern: 'K\d+'
            """, sourceRecordId: false);

        var result = Read(definition, $$"""{ "id": "{{id}}", "at": "2026-11-20T10:00:00Z" }""").Single().Result;

        if (accepted)
        {
            Assert.Equal(id, result.Report?.SourceRecordId);
        }
        else
        {
            Assert.Equal("field 'sourceRecordId' does not match its pattern", result.Rejection?.Reason);
            Assert.Equal("sourceRecordId", result.Rejection?.Field);
        }
    }

    [Fact]
    public void PatternAlternationIsAnchoredAsAWhole()
    {
        var definition = Json("""
              targetSector:
                from: t
                pattern: 'ENERGY|WATER'
            """);

        var rejection = Rejected(definition, With("""  "t": "WATERWAYS"  """));

        Assert.Equal("field 'targetSector' does not match its pattern", rejection.Reason);
    }

    // ---- required and optional ----

    [Fact]
    public void OptionalFieldThatIsMissingIsLeftEmpty()
    {
        var definition = Json("""
              cadCallType: c
              cadPriority: p
              address: a
              targetSector: t
              narrative: n
              subjects: s
            """);

        var report = Accepted(definition, With(""));

        Assert.Null(report.CadCallType);
        Assert.Null(report.CadPriority);
        Assert.Null(report.Location.RawAddress);
        Assert.Null(report.TargetSector);
        Assert.Equal("", report.Narrative);
        Assert.True(report.Privacy.IsEmpty);
    }

    [Fact]
    public void RequiredFieldThatIsMissingRejectsNamingTheFieldAndItsSources()
    {
        var definition = Json("""
              narrative:
                from: [notes, comments]
                required: true
            """);

        var rejection = Rejected(definition, With("""  "notes": "", "comments": null  """));

        Assert.Equal("narrative", rejection.Field);
        Assert.Equal("required field 'narrative' (from notes, comments) is missing", rejection.Reason);
    }

    [Theory]
    [InlineData("""{ "at": "2026-11-20T10:00:00Z" }""", "sourceRecordId", "required field 'sourceRecordId' (from id) is missing")]
    [InlineData("""{ "id": "A1" }""", "occurredAt", "required field 'occurredAt' (from at) is missing")]
    [InlineData("""{ "id": "", "at": "2026-11-20T10:00:00Z" }""", "sourceRecordId", "required field 'sourceRecordId' (from id) is missing")]
    public void SourceRecordIdAndOccurredAtAreRequiredWithoutSayingSo(string json, string field, string reason)
    {
        var rejection = Rejected(Json(""), json);

        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
    }

    [Fact]
    public void SourceRecordIdMarkedOptionalIsStillNeededForAReport()
    {
        var definition = Json("""
              sourceRecordId:
                from: id
                required: false
            """, sourceRecordId: false);

        var rejection = Rejected(definition, """{ "at": "2026-11-20T10:00:00Z" }""");

        Assert.Equal("sourceRecordId", rejection.Field);
        Assert.Equal("required field 'sourceRecordId' is missing", rejection.Reason);
    }

    [Fact]
    public void NumericSourceRecordIdIsReadAsItsText()
    {
        var report = Accepted(Json(""), """{ "id": 202600000002, "at": "2026-11-20T10:00:00Z" }""");

        Assert.Equal("202600000002", report.SourceRecordId);
        Assert.Equal("test-feed:202600000002", report.IdempotencyKey);
    }

    // ---- the canonical report ----

    [Fact]
    public void ReportCarriesTheFeedKindOriginAndUppercasedCallType()
    {
        var definition = Json("""
              cadCallType: c
              narrative:
                from: [n1, n2]
            """);
        var second = With("""  "c": "suspicious vehicle", "n1": "first", "n2": ["second", "third"]  """);

        var records = Read(definition, "[" + With("") + ", " + second + "]");

        var report = records[1].Result.Report!;
        Assert.Equal(FeedId, report.FeedId);
        Assert.Equal(ReportKind.Cad, report.Kind);
        Assert.Equal("SUSPICIOUS VEHICLE", report.CadCallType);
        Assert.Equal("first second third", report.Narrative);
        Assert.Equal(new RecordOrigin("feeds.test.raw", 2, 41, 1), report.Origin);
        Assert.Equal(ReceivedAt, report.ReceivedAt);
        Assert.Equal(Report.CurrentSchemaVersion, report.SchemaVersion);
    }

    [Theory]
    [InlineData("2.0", 2)]
    [InlineData("0", 0)]
    [InlineData("99", 99)]
    public void CadPriorityIsAWholeNumber(string text, int priority)
    {
        var report = Accepted(Json("  cadPriority: p"), With($"  \"p\": \"{text}\"  "));

        Assert.Equal(priority, report.CadPriority);
    }

    [Theory]
    [InlineData("2.5")]
    [InlineData("-1")]
    [InlineData("100")]
    public void CadPriorityThatIsNotAWholeNumberIn0To99IsRejected(string text)
    {
        var rejection = Rejected(Json("  cadPriority: p"), With($"  \"p\": \"{text}\"  "));

        Assert.Equal("cadPriority", rejection.Field);
        Assert.Equal("field 'cadPriority' must be a whole number in 0..99", rejection.Reason);
    }

    [Fact]
    public void ProtectedAttributesGoToProtectedAndSubjectsAndVehiclesToPrivacy()
    {
        var definition = Json("""
              narrative: n
              subjects: "people[*].description"
              vehicles:
                from: ["vehicle.description", "vehicle.plate"]
              protected.race: "people[0].race"
              protected.sex: "people[0].sex"
              protected.ageBand: ageBand
            """);

        var report = Accepted(definition, With("""
              "n": "van by the fence",
              "people": [{ "description": "TALL, DARK JACKET", "race": "W", "sex": "M" }, { "description": "SHORT" }],
              "vehicle": { "description": "WHITE VAN", "plate": "7ABC123" }
            """));

        Assert.Equal(["TALL, DARK JACKET", "SHORT"], report.Privacy.Subjects);
        Assert.Equal(["WHITE VAN", "7ABC123"], report.Privacy.Vehicles);
        Assert.Equal(new Dictionary<string, string> { ["race"] = "W", ["sex"] = "M" }, report.Protected.Values);
        Assert.Equal("van by the fence", report.Narrative);
    }

    [Fact]
    public void SourceFieldsTheDefinitionDoesNotReadAreListedAsUnknown()
    {
        var definition = Json("""
              narrative: details.text
              latitude: "geo[0]"
              longitude: "geo[1]"
            """);

        var record = Read(definition, With("""  "details": { "text": "x", "extra": 1 }, "geo": [1, 2], "newColumn": "y", "other": null  """)).Single();

        Assert.NotNull(record.Result.Report);
        Assert.Equal(["newColumn", "other"], record.UnknownFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnknownFieldsAreListedForRejectedRecordsToo()
    {
        var record = Read(Json(""), """{ "id": "A1", "surprise": 1 }""").Single();

        Assert.NotNull(record.Result.Rejection);
        Assert.Equal(["surprise"], record.UnknownFields);
    }

    [Fact]
    public void TopLevelJsonPropertyWithAColonThatIsMappedIsNotUnknown()
    {
        var definition = Json("""
              narrative: "dc:description"
            """);

        var record = Read(definition, With("""  "dc:description": "van by the fence"  """)).Single();

        Assert.Equal("van by the fence", record.Result.Report?.Narrative);
        Assert.Empty(record.UnknownFields);
    }

    [Fact]
    public void CsvColumnWithADotThatIsMappedIsNotUnknown()
    {
        var definition = Definition("""
            id: test-feed
            kind: cad
            format:
              type: csv
            fields:
              sourceRecordId: Item.Id
              occurredAt: TimeCreate
            """);

        var record = Read(definition, "Item.Id,TimeCreate\nK1,2026-11-20T10:00:00Z\n").Single();

        Assert.Equal("K1", record.Result.Report?.SourceRecordId);
        Assert.Empty(record.UnknownFields);
    }

    [Fact]
    public void PropertyNameWithALoneSurrogateEscapeDoesNotStopTheRead()
    {
        var records = Read(Json("  narrative: n"), """[{ "id": "A1", "at": "2026-11-20T10:00:00Z", "\ud800": 1 }, { "id": "A2", "at": "2026-11-20T10:00:00Z", "n": "x\udc00" }]""");

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.True(r.Result.Report is null != r.Result.Rejection is null));
    }

    [Fact]
    public void UnreadableRecordIsRejectedWithTheFormatsReasonAndNoField()
    {
        var records = Read(Json(""), """[{ "id": "A1", "at": "2026-11-20T10:00:00Z" }, 7]""");

        Assert.NotNull(records[0].Result.Report);
        Assert.Equal(1, records[1].Index);
        Assert.Equal("record 1 is a number, not an object", records[1].Result.Rejection?.Reason);
        Assert.Null(records[1].Result.Rejection?.Field);
        Assert.Null(records[1].RawText);
    }

    [Fact]
    public void FieldsOverTheReportLimitsAreRejected()
    {
        var definition = Json("  cadCallType: c");

        var rejection = Rejected(definition, With($"  \"c\": \"{new string('X', ReportLimits.Code + 1)}\"  "));

        Assert.Equal("field 'cadCallType' is longer than 100 characters", rejection.Reason);
    }

    // ---- idempotency keys ----

    [Fact]
    public void KeyIsTheFeedAndSourceRecordIdByDefault()
    {
        var report = Accepted(Json(""), """{ "id": "K0452126", "at": "2026-11-20T10:00:00Z" }""");

        Assert.Equal("test-feed:K0452126", report.IdempotencyKey);
        Assert.Equal(IdempotencyKeys.For(FeedId, "K0452126"), report.IdempotencyKey);
    }

    [Fact]
    public void CompositeKeyJoinsItsFieldsInOrder()
    {
        var definition = Json("""
              cadCallType: c
              address: a
            """, "key: [address, sourceRecordId, cadCallType]");

        var full = Accepted(definition, With("""  "c": "THEFT", "a": "12 MAIN ST"  """));
        var partial = Accepted(definition, With("""  "a": "12 MAIN ST"  """));

        Assert.Equal("test-feed:12 MAIN ST|A1|THEFT", full.IdempotencyKey);
        Assert.Equal("test-feed:12 MAIN ST|A1|", partial.IdempotencyKey);
    }

    [Fact]
    public void ContentKeyHashesTheRecordsRawText()
    {
        var definition = Json("", "key: content");
        const string First = """{ "id": "A1", "at": "2026-11-20T10:00:00Z", "n": 1 }""";
        const string Second = """{ "id": "A1", "at": "2026-11-20T10:00:00Z", "n": 2 }""";

        var records = Read(definition, $"[{First}, {Second}]");

        Assert.Equal(IdempotencyKeys.ForContent(FeedId, Encoding.UTF8.GetBytes(First)), records[0].Result.Report?.IdempotencyKey);
        Assert.Equal(IdempotencyKeys.ForContent(FeedId, Encoding.UTF8.GetBytes(Second)), records[1].Result.Report?.IdempotencyKey);
        Assert.StartsWith("test-feed:sha256:", records[0].Result.Report?.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public void LongCompositeKeyIsHashedToFit()
    {
        var definition = Json("  address: a", "key: [sourceRecordId, address]");
        var address = new string('A', ReportLimits.SourceRecordId);

        var report = Accepted(definition, With($"  \"a\": \"{address}\"  "));

        Assert.Equal(IdempotencyKeys.ForContent(FeedId, Encoding.UTF8.GetBytes("A1|" + address)), report.IdempotencyKey);
        Assert.True(report.IdempotencyKey.Length < 100);
    }

    [Fact]
    public void SourceRecordIdWithAControlCharacterIsHashedIntoAPrintableKey()
    {
        var report = Accepted(Json(""), """{ "id": "A\t1", "at": "2026-11-20T10:00:00Z" }""");

        Assert.Equal("A\t1", report.SourceRecordId);
        Assert.Equal(IdempotencyKeys.ForContent(FeedId, Encoding.UTF8.GetBytes("A\t1")), report.IdempotencyKey);
        Assert.DoesNotContain(report.IdempotencyKey, c => char.IsControl(c));
    }

    [Fact]
    public void SourceRecordIdLongerThanTheLimitIsRejected()
    {
        var id = new string('7', ReportLimits.SourceRecordId + 1);

        var rejection = Rejected(Json(""), $$"""{ "id": "{{id}}", "at": "2026-11-20T10:00:00Z" }""");

        Assert.Equal("field 'sourceRecordId' is longer than 128 characters", rejection.Reason);
    }

    // ---- coordinates ----

    [Fact]
    public void ProjectedCoordinatesAreReprojectedToWgs84()
    {
        var report = Accepted(Projected(), With("""  "x": 3678810, "y": "530474"  """));

        Assert.Equal(29.9527, report.Location.Latitude!.Value, 1e-4);
        Assert.Equal(-90.0766, report.Location.Longitude!.Value, 1e-4);
        Assert.Equal(LocationPrecision.Source, report.Location.Precision);
    }

    [Fact]
    public void ProjectedZeroZeroMeansNoCoordinates()
    {
        var report = Accepted(Projected(), With("""  "x": 0, "y": 0, "a": "CANAL ST & BOURBON ST"  """));

        Assert.False(report.Location.HasCoordinates);
        Assert.Equal(LocationPrecision.None, report.Location.Precision);
        Assert.Equal("CANAL ST & BOURBON ST", report.Location.RawAddress);
    }

    [Fact]
    public void LatitudeAndLongitudeWinOverProjectedCoordinates()
    {
        var definition = Json("""
              x: x
              y: y
              latitude: lat
              longitude: lon
            """, "coordinates: { epsg: 3452 }");

        var report = Accepted(definition, With("""  "x": 3678810, "y": 530474, "lat": 30.5, "lon": -91.5  """));

        Assert.Equal(30.5, report.Location.Latitude);
        Assert.Equal(-91.5, report.Location.Longitude);
    }

    [Theory]
    [InlineData("""  "x": 3678810  """)]
    [InlineData("""  "y": 530474  """)]
    public void ProjectedCoordinateWithoutItsPartnerIsRejected(string properties)
    {
        var rejection = Rejected(Projected(), With(properties));

        Assert.Contains("must both be present or both absent", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""  "lat": 29.95  """, "longitude")]
    [InlineData("""  "lon": -90.07  """, "latitude")]
    public void LatitudeWithoutLongitudeIsRejectedNamingTheMissingOne(string properties, string missing)
    {
        var rejection = Rejected(Geographic(), With(properties));

        Assert.Equal(missing, rejection.Field);
        Assert.Equal("fields 'latitude' and 'longitude' must both be present or both absent", rejection.Reason);
    }

    [Fact]
    public void LatitudeLongitudeZeroZeroMeansNoCoordinates()
    {
        var report = Accepted(Geographic(), With("""  "lat": 0, "lon": "0.0"  """));

        Assert.False(report.Location.HasCoordinates);
        Assert.Equal(LocationPrecision.None, report.Location.Precision);
    }

    [Theory]
    [InlineData("""  "lat": 90.5, "lon": 1  """, "latitude", "field 'latitude' is outside -90..90")]
    [InlineData("""  "lat": 1, "lon": -180.01  """, "longitude", "field 'longitude' is outside -180..180")]
    [InlineData("""  "lat": "north", "lon": 1  """, "latitude", "field 'latitude' is not a number")]
    public void CoordinatesOutsideTheWorldAreRejected(string properties, string field, string reason)
    {
        var rejection = Rejected(Geographic(), With(properties));

        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
    }

    // ---- no personal data in reasons ----

    private const string Pii = "JOHN-SMITH-PII";

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "", "", $$"""{ "id": "A1", "at": "{{Pii}}" }""" },
        { "", "", $$"""{ "id": "A1", "at": "2026-11-20T10:00:00Z{{Pii}}" }""" },
        { "  cadPriority: p", "", With($"  \"p\": \"{Pii}\"  ") },
        { "  latitude: lat\n  longitude: lon", "", With($"  \"lat\": \"{Pii}\", \"lon\": 1  ") },
        { "  narrative:\n    from: n\n    transforms: [number]", "", With($"  \"n\": \"{Pii}\"  ") },
        { "  narrative:\n    from: n\n    transforms:\n      - datetime: \"yyyy-MM-dd\"", "", With($"  \"n\": \"{Pii}\"  ") },
        { "  targetSector:\n    from: t\n    oneOf: [ENERGY]", "", With($"  \"t\": \"{Pii}\"  ") },
        { "  targetSector:\n    from: t\n    pattern: '[A-Z]+'", "", With($"  \"t\": \"{Pii}\"  ") },
        { "  address:\n    from: a\n    range: [0, 10]", "", With($"  \"a\": \"{Pii}\"  ") },
        { "  x: x\n  y: y", "coordinates: { epsg: 3452 }", With($"  \"x\": \"{Pii}\", \"y\": 1  ") },
        { "  cadCallType: c", "", With($"  \"c\": \"{Pii}{new string('X', 200)}\"  ") },
        { "", "", $$"""{ "id": "{{Pii}}{{new string('X', 200)}}", "at": "2026-11-20T10:00:00Z" }""" },
        { "", "", $$"""{ "id": "A1", "at": "2026-11-20T10:00:00Z", "{{Pii}}": }""" },
        { "", "", $$"""[{ "id": "A1", "at": "2026-11-20T10:00:00Z" }, "{{Pii}}"]""" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void RejectionReasonNeverQuotesTheValue(string fields, string extra, string message)
    {
        var definition = Json(fields, extra);

        var rejection = Read(definition, message)[^1].Result.Rejection;

        Assert.NotNull(rejection);
        Assert.DoesNotContain(Pii, rejection.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("JOHN", rejection.Reason, StringComparison.OrdinalIgnoreCase);
    }

    // ---- helpers ----

    /// <summary>A JSON CAD definition in America/Chicago mapping sourceRecordId from "id" and occurredAt from "at", plus <paramref name="fields"/>.</summary>
    private static FeedDefinition Json(string fields, string topLevel = "", bool sourceRecordId = true, bool occurredAt = true) => Definition($"""
        id: {FeedId}
        kind: cad
        timeZone: America/Chicago
        format:
          type: json
        {topLevel}
        fields:
        {(sourceRecordId ? "  sourceRecordId: id" : "")}
        {(occurredAt ? "  occurredAt: at" : "")}
        {fields}
        """);

    // The feed is in Chicago; the transform names New York, so results show which zone was used.
    private static FeedDefinition NewYorkLocalTimes() => Json("""
          occurredAt:
            from: at
            transforms:
              - datetime: { formats: ["yyyy-MM-dd HH:mm"], zone: America/New_York }
        """, occurredAt: false);

    private static FeedDefinition Projected() => Json("""
          x: x
          y: y
          address: a
        """, "coordinates: { epsg: 3452 }");

    private static FeedDefinition Geographic() => Json("""
          latitude: lat
          longitude: lon
        """);

    /// <summary>A one-record message with id A1, a time, and <paramref name="properties"/>.</summary>
    private static string With(string properties) =>
        """{ "id": "A1", "at": "2026-11-20T10:00:00Z" """ + (properties.Trim().Length > 0 ? ", " + properties : "") + " }";
}
