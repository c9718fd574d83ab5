using Pipeline.Contracts;

namespace Pipeline.Scoring.Tests;

internal static class TestReports
{
    private static readonly DateTimeOffset _occurredAt = new(2025, 3, 14, 21, 30, 0, TimeSpan.Zero);

    public static Report Sar(string narrative, string? callType = null, string? targetSector = null) => new()
    {
        IdempotencyKey = "test-feed:1",
        FeedId = "test-feed",
        SourceRecordId = "1",
        Kind = callType is null ? ReportKind.Sar : ReportKind.Cad,
        OccurredAt = _occurredAt,
        ReceivedAt = _occurredAt.AddMinutes(5),
        Narrative = narrative,
        CadCallType = callType,
        TargetSector = targetSector,
        Origin = new RecordOrigin("feeds.test-feed.raw", 0, 42),
    };

    /// <summary>
    /// A scoring result with these category probabilities, flagging those at or above 0.5 as a
    /// model whose thresholds are all 0.5 would; the first category is the top one.
    /// </summary>
    public static ScoringResult Result(double priority, params (string Category, double Score)[] scores) =>
        new([.. scores.Select(s => new CategoryScore(s.Category, s.Score))], priority, scores.FirstOrDefault().Category, [.. scores.Where(s => s.Score >= 0.5).Select(s => s.Category)]);
}
