using Pipeline.Contracts;
using static Pipeline.Feeds.Tests.TestFeeds;

namespace Pipeline.Feeds.Tests;

public sealed class CadJsonReaderTests
{
    [Fact]
    public void ValidCadMapsEveryFieldOntoTheReport()
    {
        var report = Accepted(Cad.Read(Utf8(ValidCad), Context));

        Assert.Equal(Report.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal("demo-cad:2026-000045678", report.IdempotencyKey);
        Assert.Equal("demo-cad", report.FeedId);
        Assert.Equal("2026-000045678", report.SourceRecordId);
        Assert.Equal(ReportKind.Cad, report.Kind);
        // 14:15 Pacific Daylight Time (UTC-7).
        Assert.Equal(new DateTimeOffset(2026, 7, 4, 21, 15, 0, TimeSpan.Zero), report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
        Assert.Equal(ReceivedAt, report.ReceivedAt);
        Assert.Equal("SUSPICIOUS PERSON, VEHICLE OR INCIDENT", report.CadCallType);
        Assert.Equal(2, report.CadPriority);
        Assert.Equal(new ReportLocation("5XX BLOCK OF PINE ST", 47.6101, -122.3375, LocationPrecision.Source), report.Location);
        Assert.Equal("Caller reports a man checking car door handles.", report.Narrative);
        Assert.Null(report.TargetSector);
        Assert.True(report.Privacy.IsEmpty);
        Assert.Empty(report.Protected.Values);
        Assert.Equal(new RecordOrigin("feeds.demo.raw", 3, 1234), report.Origin);
    }

    [Fact]
    public void CadWithOnlyRequiredFieldsHasNoPriorityNotesOrLocation()
    {
        var payload = Utf8("""{"cad_event_number":"C-1","cad_event_original_time_queued":"2026-03-08T10:00:00Z","call_type":"trespass"}""");

        var report = Accepted(Cad.Read(payload, Context));

        Assert.Equal("TRESPASS", report.CadCallType);
        Assert.Null(report.CadPriority);
        Assert.Equal("", report.Narrative);
        Assert.Equal(ReportLocation.Unknown, report.Location);
    }

    [Fact]
    public void NumericCadEventNumberIsKeptAsItsText()
    {
        var report = Accepted(Cad.Read(With(ValidCad, "cad_event_number", "2026045678"), Context));

        Assert.Equal("demo-cad:2026045678", report.IdempotencyKey);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"2\"")]
    public void CadPriorityIsReadFromANumberOrANumericString(string priorityJson)
    {
        var report = Accepted(Cad.Read(With(ValidCad, "priority", priorityJson), Context));

        Assert.Equal(2, report.CadPriority);
    }

    [Theory]
    [InlineData("\"high\"", "field 'priority' must be an integer, found a string")]
    [InlineData("true", "field 'priority' must be an integer, found a boolean")]
    [InlineData("-1", "field 'priority' is outside 0..99")]
    [InlineData("100", "field 'priority' is outside 0..99")]
    public void UnusableCadPriorityIsRejected(string priorityJson, string reason)
    {
        var result = Cad.Read(With(ValidCad, "priority", priorityJson), Context);

        AssertRejected(result, reason, "priority");
    }

    public static TheoryData<string, DateTimeOffset> LocalTimes => new()
    {
        // Pacific Daylight Time, UTC-7.
        { "2026-07-04T14:15:00", new DateTimeOffset(2026, 7, 4, 21, 15, 0, TimeSpan.Zero) },
        // Pacific Standard Time, UTC-8.
        { "2026-01-15T08:00:00", new DateTimeOffset(2026, 1, 15, 16, 0, 0, TimeSpan.Zero) },
        { "2026-03-08T01:59:59", new DateTimeOffset(2026, 3, 8, 9, 59, 59, TimeSpan.Zero) },
        { "2026-03-08T03:00:00", new DateTimeOffset(2026, 3, 8, 10, 0, 0, TimeSpan.Zero) },
        { "2026-03-08 03:30:00", new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(LocalTimes))]
    public void CadLocalTimeIsConvertedToUtcFromTheFeedsZone(string local, DateTimeOffset expectedUtc)
    {
        var report = Accepted(Cad.Read(WithString(ValidCad, "cad_event_original_time_queued", local), Context));

        Assert.Equal(expectedUtc, report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
    }

    [Fact]
    public void CadLocalTimeInTheSpringForwardGapIsReadWithTheStandardOffset()
    {
        // 2026-03-08 02:00 PST jumps to 03:00 PDT, so 02:30 never happened on a Los Angeles clock;
        // it is read as 02:30 PST, the same instant as 03:30 PDT.
        var report = Accepted(Cad.Read(WithString(ValidCad, "cad_event_original_time_queued", "2026-03-08T02:30:00"), Context));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero), report.OccurredAt);
    }

    public static TheoryData<string, DateTimeOffset> ExplicitOffsets => new()
    {
        { "2026-03-08T02:30:00-05:00", new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero) },
        { "2026-03-08T10:30:00Z", new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero) },
        { "2026-03-08T11:30:00+01:00", new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero) },
        { "2026-07-04T14:15:00.250-07:00", new DateTimeOffset(2026, 7, 4, 21, 15, 0, 250, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(ExplicitOffsets))]
    public void CadTimeWithAnExplicitOffsetIgnoresTheFeedsZone(string text, DateTimeOffset expectedUtc)
    {
        var report = Accepted(Cad.Read(WithString(ValidCad, "cad_event_original_time_queued", text), Context));

        Assert.Equal(expectedUtc, report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
    }

    [Fact]
    public void CadTimeThatNamesGmtIsNeverReadAsLosAngelesLocalTime()
    {
        // An RFC 1123 time says GMT explicitly. It is not ISO 8601, so rejecting it is fine; reading
        // it as Los Angeles wall-clock time (7 hours off, and dependent on the host's zone) is not.
        var result = Cad.Read(WithString(ValidCad, "cad_event_original_time_queued", "Sun, 08 Mar 2026 10:30:00 GMT"), Context);

        if (result.Report is { } report)
        {
            Assert.Equal(new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero), report.OccurredAt);
        }
        else
        {
            AssertRejected(result, "field 'cad_event_original_time_queued' is not an ISO 8601 date-time", "cad_event_original_time_queued");
        }
    }

    [Theory]
    [InlineData("1969-12-31T15:59:59", false)]
    [InlineData("1969-12-31T16:00:00", true)]
    public void CadLocalTimeIsCheckedAgainst1970InUtc(string local, bool accepted)
    {
        var result = Cad.Read(WithString(ValidCad, "cad_event_original_time_queued", local), Context);

        if (accepted)
        {
            Assert.Equal(DateTimeOffset.UnixEpoch, Accepted(result).OccurredAt);
        }
        else
        {
            AssertRejected(result, "field 'cad_event_original_time_queued' is before 1970", "cad_event_original_time_queued");
        }
    }

    [Theory]
    [InlineData("America/Los_Angeles", "9999-12-31T23:59:59", "field 'cad_event_original_time_queued' is more than a day after the record was received")]
    [InlineData("America/Los_Angeles", "9999-12-31T23:59:59Z", "field 'cad_event_original_time_queued' is more than a day after the record was received")]
    [InlineData("Asia/Tokyo", "0001-01-01T00:00:00", "field 'cad_event_original_time_queued' is before 1970")]
    public void CadLocalTimeAtTheEdgeOfTheCalendarIsRejectedNotThrown(string zone, string local, string reason)
    {
        var reader = FeedReader.For(new FeedOptions { Id = "edge-cad", Format = FeedFormat.CadJson, TimeZone = zone });

        var result = reader.Read(WithString(ValidCad, "cad_event_original_time_queued", local), Context);

        AssertRejected(result, reason, "cad_event_original_time_queued");
    }

    [Theory]
    [InlineData("cad_event_number", null)]
    [InlineData("cad_event_number", "\" \"")]
    [InlineData("cad_event_original_time_queued", null)]
    [InlineData("cad_event_original_time_queued", "null")]
    [InlineData("call_type", null)]
    [InlineData("call_type", "\"\"")]
    public void MissingRequiredCadFieldIsRejectedNamingTheField(string field, string? valueJson)
    {
        var result = Cad.Read(With(ValidCad, field, valueJson), Context);

        AssertRejected(result, $"required field '{field}' is missing", field);
    }

    [Theory]
    [InlineData("dispatch_latitude", "{\"deg\":47}", "field 'dispatch_latitude' must be a number, found an object")]
    [InlineData("dispatch_longitude", "\"west\"", "field 'dispatch_longitude' must be a number, found a string")]
    [InlineData("call_type", "[]", "field 'call_type' must be a string, found an array")]
    [InlineData("notes", "false", "field 'notes' must be a string, found a boolean")]
    [InlineData("cad_event_original_time_queued", "1772965800", "field 'cad_event_original_time_queued' must be an ISO 8601 date-time string, found a number")]
    public void WrongTypedCadFieldIsRejectedNamingTheField(string field, string valueJson, string reason)
    {
        var result = Cad.Read(With(ValidCad, field, valueJson), Context);

        AssertRejected(result, reason, field);
    }

    [Theory]
    [InlineData("dispatch_latitude", "123", "field 'dispatch_latitude' is outside -90..90")]
    [InlineData("dispatch_longitude", "-200", "field 'dispatch_longitude' is outside -180..180")]
    [InlineData("dispatch_longitude", "\"-200\"", "field 'dispatch_longitude' is outside -180..180")]
    public void CadCoordinateOutOfRangeIsRejected(string field, string valueJson, string reason)
    {
        var result = Cad.Read(With(ValidCad, field, valueJson), Context);

        AssertRejected(result, reason, field);
    }

    [Theory]
    [InlineData("dispatch_latitude", null)]
    [InlineData("dispatch_latitude", "\"\"")]
    [InlineData("dispatch_longitude", null)]
    public void CadWithOnlyOneCoordinateIsRejectedNamingTheMissingOne(string missing, string? valueJson)
    {
        var result = Cad.Read(With(ValidCad, missing, valueJson), Context);

        AssertRejected(result, "fields 'dispatch_latitude' and 'dispatch_longitude' must both be present or both absent", missing);
    }

    [Fact]
    public void CadAtZeroZeroKeepsTheBlockAddressWithoutCoordinates()
    {
        var payload = WithAll(ValidCad, ("dispatch_latitude", "0"), ("dispatch_longitude", "\"0\""));

        var report = Accepted(Cad.Read(payload, Context));

        Assert.Equal(new ReportLocation("5XX BLOCK OF PINE ST", null, null, LocationPrecision.None), report.Location);
    }

    [Fact]
    public void CadBlockAddressIsKeptAsTheSourceWroteIt()
    {
        var payload = Utf8("""{"cad_event_number":"C-1","cad_event_original_time_queued":"2026-03-08T10:00:00Z","call_type":"x","block_address":"3RD AVE / PIKE ST"}""");

        var report = Accepted(Cad.Read(payload, Context));

        Assert.Equal(new ReportLocation("3RD AVE / PIKE ST", null, null, LocationPrecision.None), report.Location);
    }

    [Fact]
    public void CadEventNumberOver128CharactersIsRejected()
    {
        var result = Cad.Read(WithString(ValidCad, "cad_event_number", new string('9', 129)), Context);

        AssertRejected(result, "field 'cad_event_number' is longer than 128 characters", "cad_event_number");
    }

    [Fact]
    public void CadEventNumberWithControlCharactersIsRejected()
    {
        var result = Cad.Read(WithString(ValidCad, "cad_event_number", "2026\u0000045678"), Context);

        AssertRejected(result, "field 'cad_event_number' contains control characters", "cad_event_number");
    }

    [Fact]
    public void CadNotesOver65536CharactersAreRejected()
    {
        var atLimit = Cad.Read(WithString(ValidCad, "notes", new string('n', 65_536)), Context);
        var overLimit = Cad.Read(WithString(ValidCad, "notes", new string('n', 65_537)), Context);

        Assert.Equal(65_536, Accepted(atLimit).Narrative.Length);
        AssertRejected(overLimit, "field 'notes' is longer than 65536 characters", "notes");
    }
}
