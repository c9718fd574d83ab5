using Pipeline.Contracts;

namespace Pipeline.Dedup.Tests.Linking;

internal static class LinkingTestReports
{
    public static readonly DateTimeOffset At = new(2026, 3, 8, 10, 30, 0, TimeSpan.Zero);

    public static Report Make(
        string key,
        string feed = "cad-city",
        ReportKind kind = ReportKind.Cad,
        double? latitude = 29.95,
        double? longitude = -90.07,
        TimeSpan? offset = null,
        string narrative = "RP ADV M 30S RED JACKET TAKING PHOTOS OF POWER SUBSTATION W/ TRIPOD",
        string? callType = "SUSPICIOUS PERSON",
        string[]? subjects = null,
        string[]? vehicles = null) => new()
        {
            IdempotencyKey = feed + ":" + key,
            FeedId = feed,
            SourceRecordId = key,
            Kind = kind,
            OccurredAt = At + (offset ?? TimeSpan.Zero),
            ReceivedAt = At + (offset ?? TimeSpan.Zero) + TimeSpan.FromMinutes(2),
            Location = latitude is null ? ReportLocation.Unknown : new ReportLocation("1200 MAGAZINE ST", latitude, longitude, LocationPrecision.AddressPoint),
            Narrative = narrative,
            CadCallType = kind == ReportKind.Cad ? callType : null,
            Privacy = new PrivacyFields(subjects ?? [], vehicles ?? []),
            Origin = new RecordOrigin("feeds." + feed + ".raw", 0, 1),
        };
}
