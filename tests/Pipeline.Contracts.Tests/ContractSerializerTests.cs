using System.Text;
using System.Text.Json;

namespace Pipeline.Contracts.Tests;

public sealed class ContractSerializerTests
{
    private static readonly Report Minimal = new()
    {
        IdempotencyKey = "demo-cad:1",
        FeedId = "demo-cad",
        SourceRecordId = "1",
        Kind = ReportKind.Cad,
        OccurredAt = new DateTimeOffset(2026, 3, 1, 17, 30, 0, TimeSpan.Zero),
        ReceivedAt = new DateTimeOffset(2026, 3, 1, 17, 31, 0, TimeSpan.Zero),
        Origin = new RecordOrigin("feeds.demo-cad.raw", 2, 41),
    };

    [Fact]
    public void AMinimalReportWithEveryOptionalFieldAbsentRoundTrips()
    {
        var back = ContractSerializer.DeserializeReport(ContractSerializer.Serialize(Minimal));

        Assert.Equal(Minimal with { Privacy = back.Privacy, Protected = back.Protected }, back);
        Assert.Equal(ReportLocation.Unknown, back.Location);
        Assert.True(back.Privacy.IsEmpty);
        Assert.Empty(back.Protected.Values);
    }

    [Fact]
    public void AFullReportRoundTripsFieldByField()
    {
        var full = Minimal with
        {
            Kind = ReportKind.Sar,
            Location = new ReportLocation("12XX BLOCK OF MAIN ST", 37.87, -122.27, LocationPrecision.Block),
            Narrative = "Subject photographed the checkpoint.",
            CadCallType = "SUSPICIOUS PERSON",
            CadPriority = 2,
            TargetSector = "Energy",
            Privacy = new PrivacyFields(["W/M 30S"], ["WHITE VAN 7ABC123"]),
            Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = "W", ["sex"] = "M" }),
        };

        var back = ContractSerializer.DeserializeReport(ContractSerializer.Serialize(full));

        Assert.Equal(full.Location, back.Location);
        Assert.Equal(["W/M 30S"], back.Privacy.Subjects);
        Assert.Equal(["WHITE VAN 7ABC123"], back.Privacy.Vehicles);
        Assert.Equal(full.Protected.Values, back.Protected.Values);
        Assert.Equal((full.Narrative, full.CadCallType, full.CadPriority, full.TargetSector, full.Kind), (back.Narrative, back.CadCallType, back.CadPriority, back.TargetSector, back.Kind));
    }

    [Fact]
    public void EnumsAreWrittenAsNamesAndTimesAsIso8601()
    {
        var json = Encoding.UTF8.GetString(ContractSerializer.Serialize(Minimal));

        Assert.Contains("\"kind\":\"Cad\"", json, StringComparison.Ordinal);
        Assert.Contains("\"occurredAt\":\"2026-03-01T17:30:00+00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schemaVersion\":1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AReportFromANewerSchemaIsRefused()
    {
        var json = Encoding.UTF8.GetString(ContractSerializer.Serialize(Minimal)).Replace("\"schemaVersion\":1", "\"schemaVersion\":2", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => ContractSerializer.DeserializeReport(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("idempotencyKey")]
    [InlineData("feedId")]
    [InlineData("origin")]
    public void ANullRequiredFieldIsRefusedNotPassedOn(string field)
    {
        var json = Encoding.UTF8.GetString(ContractSerializer.Serialize(Minimal));
        var start = json.IndexOf($"\"{field}\":", StringComparison.Ordinal) + field.Length + 3;
        var end = json[start] == '{' ? json.IndexOf('}', start) + 1 : json.IndexOf('"', start + 1) + 1;
        var nulled = json[..start] + "null" + json[end..];

        Assert.Throws<JsonException>(() => ContractSerializer.DeserializeReport(Encoding.UTF8.GetBytes(nulled)));
    }

    [Fact]
    public void AMissingRequiredFieldIsRefused() =>
        Assert.Throws<JsonException>(() => ContractSerializer.DeserializeReport("{\"feedId\":\"x\"}"u8));

    [Fact]
    public void ReportLimitsNameTheFirstFieldOverItsLimit()
    {
        Assert.Null(ReportLimits.FirstViolation(Minimal));
        Assert.Equal("field 'cadCallType' is longer than 100 characters", ReportLimits.FirstViolation(Minimal with { CadCallType = new string('X', 101) }));
        Assert.Equal("field 'location.rawAddress' is longer than 1000 characters", ReportLimits.FirstViolation(Minimal with { Location = new ReportLocation(new string('A', 1001), null, null, LocationPrecision.None) }));
    }

    [Fact]
    public void TopicNamesCarryThePrefixEverywhere()
    {
        var topics = new TopicNames("staging.");

        Assert.Equal(
            ["staging.feeds.a.raw", "staging.feeds.a.dlq", "staging.reports.normalized", "staging.reports.normalized.dlq", "staging.alerts"],
            topics.AllFor(["a"]));
        Assert.Equal(["staging.feeds.a.dlq", "staging.reports.normalized.dlq"], topics.DeadLettersFor(["a"]));
    }
}
