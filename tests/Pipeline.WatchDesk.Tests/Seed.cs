using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>Reports and alerts written through the store's batch API, as the pipeline writes them.</summary>
internal static class Seed
{
    public const string HostileNarrative = "<script>alert(1)</script> '; DROP TABLE alerts; -- \" OR 1=1 -- said he would blow up the BLOW UP substation";
    public const string ProtectedRace = "PROTECTED-race-value-7391";
    public const string ProtectedReligion = "PROTECTED-religion-value-5518";
    public const string Subject = "Subject John Q Privacy";
    public const string Vehicle = "Grey sedan plate PRIV123";

    public static readonly DateTimeOffset Start = new(2026, 11, 20, 14, 30, 0, 123, TimeSpan.Zero);

    public static string Key(int n) => $"cad-metro:{n:D5}";

    public static string AlertId(int n) => "alert:" + Key(n);

    public static Report Report(int n, string? narrative = null) => new()
    {
        IdempotencyKey = Key(n),
        FeedId = n % 2 == 0 ? "cad-metro" : "sar-portal",
        SourceRecordId = $"E26-{n:D6}",
        Kind = n % 2 == 0 ? ReportKind.Cad : ReportKind.Sar,
        OccurredAt = Start.AddMinutes(-n),
        ReceivedAt = Start.AddSeconds(n),
        Location = new ReportLocation($"{100 + n} BLOCK OF N MAIN ST", 38.9, -77.03, LocationPrecision.Block) { Jurisdictions = ["us-dc"] },
        Narrative = narrative ?? $"Narrative {n}: man photographing the substation fence line",
        CadCallType = "SUSP",
        TargetSector = n == 1 ? "Energy" : null,
        Privacy = new PrivacyFields([Subject + " " + n], [Vehicle + n]),
        Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = ProtectedRace, ["religion"] = ProtectedReligion }),
        Origin = new RecordOrigin("feeds.cad-metro.raw", 0, n),
    };

    /// <summary>
    /// Alert n: priority 0.9 THREAT for n = 1 (urgency 1), otherwise PHOTO with falling priority;
    /// raised n seconds after <see cref="Start"/>. Report 2 links to report 1.
    /// </summary>
    public static ReportWrite Write(int n, string? narrative = null)
    {
        var report = Report(n, narrative);
        var category = n == 1 ? "THREAT" : "PHOTO";
        var priority = n == 1 ? 0.9 : 0.6 - (n / 100.0);
        var decision = new DecisionRecord(report.IdempotencyKey, "keyword-v3", [new(category, priority)], priority, category, 0.5, DecisionOutcome.Alerted, "raised", Start.AddSeconds(n));
        var alert = new Alert
        {
            AlertId = AlertId(n),
            ReportKey = report.IdempotencyKey,
            FeedId = report.FeedId,
            TopCategory = category,
            Priority = priority,
            Scores = [new(category, priority), new("SURVL", 0.2)],
            ModelVersion = "keyword-v3",
            RaisedAt = Start.AddSeconds(n),
            Explanation = [new(category, "narrative:\"blow up\"", 1.5), new(category, "calltype:SUSP", 0.4)],
        };
        var incident = n == 2
            ? new IncidentWrite("incident-1", false, 0, [new LinkWrite(Key(1), 12.5, "Link", """[{"feature":"Distance","level":2,"agreement":"Exact","weight":6.1},{"feature":"Time","level":1,"agreement":"Close","weight":4.2}]""", "linker-v1")], [])
            : new IncidentWrite(n == 1 ? "incident-1" : $"incident-{n}", true, 0, [], []);
        return new ReportWrite(report, $"sha256:{n:x8}", decision, alert) { Incident = incident };
    }

    public static async Task AlertsAsync(PipelineStore store, int count, Func<int, string?>? narrative = null)
    {
        // One at a time, in order: report 2's link needs report 1 stored.
        for (var n = 1; n <= count; n++)
        {
            await store.WriteBatchAsync([Write(n, narrative?.Invoke(n))], TestContext.Current.CancellationToken);
        }
    }
}
