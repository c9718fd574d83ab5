using System.Globalization;
using Pipeline.Contracts;
using static Pipeline.Feeds.Tests.TestFeeds;

namespace Pipeline.Feeds.Tests;

public sealed class SarJsonReaderTests
{
    [Fact]
    public void ValidSarMapsEveryFieldOntoTheReport()
    {
        var report = Accepted(Sar.Read(Utf8(ValidSar), Context));

        Assert.Equal(Report.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal("demo-sar:SAR-2026-000123", report.IdempotencyKey);
        Assert.Equal("demo-sar", report.FeedId);
        Assert.Equal("SAR-2026-000123", report.SourceRecordId);
        Assert.Equal(ReportKind.Sar, report.Kind);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 2, 45, 0, TimeSpan.Zero), report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
        Assert.Equal(ReceivedAt, report.ReceivedAt);
        Assert.Equal(new ReportLocation("1200 Block of 4th Ave, Seattle", 47.6062, -122.3321, LocationPrecision.Source), report.Location);
        Assert.Equal("Subject photographed the substation fence line for twenty minutes.", report.Narrative);
        Assert.Equal("Energy", report.TargetSector);
        Assert.Null(report.CadCallType);
        Assert.Null(report.CadPriority);
        Assert.Equal(["White male, 30s, gray hoodie", """{"name":"J. Doe","age":34}"""], report.Privacy.Subjects);
        Assert.Equal(["Blue Honda Civic WA ABC1234"], report.Privacy.Vehicles);
        Assert.Equal(new Dictionary<string, string> { ["race"] = "W", ["sex"] = "M" }, report.Protected.Values);
        Assert.Equal(new RecordOrigin("feeds.demo.raw", 3, 1234), report.Origin);
    }

    [Fact]
    public void SarWithOnlyRequiredFieldsGetsEmptyDefaults()
    {
        var payload = Utf8("""{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"Drone over the stadium."}""");

        var report = Accepted(Sar.Read(payload, Context));

        Assert.Equal(ReportLocation.Unknown, report.Location);
        Assert.False(report.Location.HasCoordinates);
        Assert.Null(report.TargetSector);
        Assert.True(report.Privacy.IsEmpty);
        Assert.Empty(report.Protected.Values);
    }

    [Fact]
    public void NumericSarIdIsKeptAsItsText()
    {
        var report = Accepted(Sar.Read(With(ValidSar, "sarId", "12345"), Context));

        Assert.Equal("12345", report.SourceRecordId);
        Assert.Equal("demo-sar:12345", report.IdempotencyKey);
    }

    [Fact]
    public void SarTimeWithoutOffsetIsReadInTheFeedsZone()
    {
        var reader = FeedReader.For(new FeedOptions { Id = "east-sar", Format = FeedFormat.SarJson, TimeZone = "America/New_York" });

        var report = Accepted(reader.Read(WithString(ValidSar, "occurredAt", "2026-01-15T08:00:00"), Context));

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero), report.OccurredAt);
    }

    [Theory]
    [InlineData("sarId", null)]
    [InlineData("sarId", "null")]
    [InlineData("sarId", "\"   \"")]
    [InlineData("occurredAt", null)]
    [InlineData("occurredAt", "null")]
    [InlineData("narrative", null)]
    [InlineData("narrative", "\"\"")]
    public void MissingRequiredSarFieldIsRejectedNamingTheField(string field, string? valueJson)
    {
        var result = Sar.Read(With(ValidSar, field, valueJson), Context);

        AssertRejected(result, $"required field '{field}' is missing", field);
    }

    [Theory]
    [InlineData("sarId", "{}", "sarId", "field 'sarId' must be a string, found an object")]
    [InlineData("sarId", "12.5", "sarId", "field 'sarId' must be a string or an integer, found a number")]
    [InlineData("narrative", "42", "narrative", "field 'narrative' must be a string, found a number")]
    [InlineData("occurredAt", "20260308", "occurredAt", "field 'occurredAt' must be an ISO 8601 date-time string, found a number")]
    [InlineData("occurredAt", "\"last tuesday\"", "occurredAt", "field 'occurredAt' is not an ISO 8601 date-time")]
    [InlineData("narrative", "[\"a\"]", "narrative", "field 'narrative' must be a string, found an array")]
    [InlineData("location", "\"downtown\"", "location", "field 'location' must be an object, found a string")]
    [InlineData("location.latitude", "{\"deg\":47}", "location.latitude", "field 'location.latitude' must be a number, found an object")]
    [InlineData("location.longitude", "\"west\"", "location.longitude", "field 'location.longitude' must be a number, found a string")]
    [InlineData("subjects", "7", "subjects", "field 'subjects' must be an array, found a number")]
    [InlineData("subjects", "[true]", "subjects", "field 'subjects' must hold strings or objects, found a boolean")]
    [InlineData("vehicles", "{}", "vehicles", "field 'vehicles' must be an array, found an object")]
    [InlineData("protectedAttributes", "[]", "protectedAttributes", "field 'protectedAttributes' must be an object, found an array")]
    [InlineData("protectedAttributes", "{\"race\":5}", "protectedAttributes.race", "field 'protectedAttributes.race' must be a string")]
    public void WrongTypedSarFieldIsRejectedNamingTheField(string path, string valueJson, string field, string reason)
    {
        var result = Sar.Read(With(ValidSar, path, valueJson), Context);

        AssertRejected(result, reason, field);
    }

    [Fact]
    public void SarWithMoreThanFiftySubjectsIsRejected()
    {
        var subjects = "[" + string.Join(',', Enumerable.Repeat("\"x\"", 51)) + "]";

        var result = Sar.Read(With(ValidSar, "subjects", subjects), Context);

        AssertRejected(result, "field 'subjects' has more than 50 items", "subjects");
    }

    [Theory]
    [InlineData("location.latitude", "123", "field 'location.latitude' is outside -90..90")]
    [InlineData("location.latitude", "-90.5", "field 'location.latitude' is outside -90..90")]
    [InlineData("location.longitude", "-200", "field 'location.longitude' is outside -180..180")]
    [InlineData("location.longitude", "180.0001", "field 'location.longitude' is outside -180..180")]
    public void SarCoordinateOutOfRangeIsRejected(string field, string valueJson, string reason)
    {
        var result = Sar.Read(With(ValidSar, field, valueJson), Context);

        AssertRejected(result, reason, field);
    }

    [Theory]
    [InlineData("location.latitude")]
    [InlineData("location.longitude")]
    public void SarWithOnlyOneCoordinateIsRejectedNamingTheMissingOne(string missing)
    {
        var result = Sar.Read(With(ValidSar, missing, null), Context);

        AssertRejected(result, "fields 'location.latitude' and 'location.longitude' must both be present or both absent", missing);
    }

    [Fact]
    public void SarAtZeroZeroIsAcceptedAsHavingNoCoordinates()
    {
        var payload = Utf8("""{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"n","location":{"address":"Pier 57","latitude":0,"longitude":0.0}}""");

        var report = Accepted(Sar.Read(payload, Context));

        Assert.Equal(new ReportLocation("Pier 57", null, null, LocationPrecision.None), report.Location);
    }

    [Fact]
    public void SarOccurringInYear9999IsRejectedAsInTheFuture()
    {
        var result = Sar.Read(WithString(ValidSar, "occurredAt", "9999-12-31T23:59:59Z"), Context);

        AssertRejected(result, "field 'occurredAt' is more than a day after the record was received", "occurredAt");
    }

    [Fact]
    public void SarOccurringUpToADayAfterReceiptIsAcceptedAndNotLater()
    {
        var oneDayLater = ReceivedAt.AddDays(1);

        var atLimit = Sar.Read(WithString(ValidSar, "occurredAt", oneDayLater.ToString("O", CultureInfo.InvariantCulture)), Context);
        var pastLimit = Sar.Read(WithString(ValidSar, "occurredAt", oneDayLater.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture)), Context);

        Assert.Equal(oneDayLater, Accepted(atLimit).OccurredAt);
        AssertRejected(pastLimit, "field 'occurredAt' is more than a day after the record was received", "occurredAt");
    }

    [Theory]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("1970-01-01T00:30:00+01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void SarOccurringBefore1970IsRejected(string occurredAt)
    {
        var result = Sar.Read(WithString(ValidSar, "occurredAt", occurredAt), Context);

        AssertRejected(result, "field 'occurredAt' is before 1970", "occurredAt");
    }

    [Fact]
    public void SarOccurringAtTheEpochIsAccepted()
    {
        var report = Accepted(Sar.Read(WithString(ValidSar, "occurredAt", "1970-01-01T00:00:00Z"), Context));

        Assert.Equal(DateTimeOffset.UnixEpoch, report.OccurredAt);
    }

    [Fact]
    public void SarIdOf128CharactersIsAcceptedAnd129IsRejected()
    {
        var atLimit = Sar.Read(WithString(ValidSar, "sarId", new string('A', 128)), Context);
        var overLimit = Sar.Read(WithString(ValidSar, "sarId", new string('A', 129)), Context);

        Assert.Equal("demo-sar:" + new string('A', 128), Accepted(atLimit).IdempotencyKey);
        AssertRejected(overLimit, "field 'sarId' is longer than 128 characters", "sarId");
    }

    [Theory]
    [InlineData("S-\u0007-1")]
    [InlineData("S-\u0000-1")]
    [InlineData("S-\u001b[2J-1")]
    [InlineData("S-1\r\nX-Injected: yes")]
    public void SarIdWithControlCharactersIsRejected(string sarId)
    {
        var result = Sar.Read(WithString(ValidSar, "sarId", sarId), Context);

        AssertRejected(result, "field 'sarId' contains control characters", "sarId");
    }

    [Fact]
    public void SarNarrativeOf65536CharactersIsAcceptedAnd65537IsRejected()
    {
        var atLimit = Sar.Read(WithString(ValidSar, "narrative", new string('n', 65_536)), Context);
        var overLimit = Sar.Read(WithString(ValidSar, "narrative", new string('n', 65_537)), Context);

        Assert.Equal(65_536, Accepted(atLimit).Narrative.Length);
        AssertRejected(overLimit, "field 'narrative' is longer than 65536 characters", "narrative");
    }

    [Fact]
    public void SubjectObjectsAreKeptAsCompactJsonWhateverTheirSpacing()
    {
        // OptionalStringList documents "objects are kept as their compact JSON"; a pretty-printed
        // resend of the same record must not produce different privacy fields (or content hash).
        var payload = Utf8("""{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"n","subjects":[ { "name" : "J. Doe",  "age" : 34 } ]}""");

        var report = Accepted(Sar.Read(payload, Context));

        Assert.Equal(["""{"name":"J. Doe","age":34}"""], report.Privacy.Subjects);
    }
}
