using Pipeline.Contracts;

namespace Pipeline.Dedup.Tests;

internal static class TestReports
{
    public static readonly DateTimeOffset OccurredAt = new(2026, 3, 8, 10, 30, 0, TimeSpan.Zero);

    public static Report Cad(string key = "demo-cad:C-1", double? latitude = 47.6101, double? longitude = -122.3375) => new()
    {
        IdempotencyKey = key,
        FeedId = "demo-cad",
        SourceRecordId = key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..],
        Kind = ReportKind.Cad,
        OccurredAt = OccurredAt,
        ReceivedAt = OccurredAt.AddMinutes(2),
        Location = latitude is null && longitude is null
            ? ReportLocation.Unknown
            : new ReportLocation("5XX BLOCK OF PINE ST", latitude, longitude, LocationPrecision.Source),
        Narrative = "Caller reports a man checking car door handles.",
        CadCallType = "SUSPICIOUS PERSON",
        CadPriority = 2,
        TargetSector = "Transportation",
        Privacy = new PrivacyFields(["Male, 30s, gray hoodie"], ["Blue Honda Civic WA ABC1234"]),
        Origin = new RecordOrigin("feeds.demo-cad.raw", 0, 100),
    };
}
