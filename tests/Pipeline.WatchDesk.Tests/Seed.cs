using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>The API tests' reports and alerts (through <see cref="DeskSeed"/>): what each test asserts about them is here.</summary>
internal static class Seed
{
    public const string HostileNarrative = "<script>alert(1)</script> '; DROP TABLE alerts; -- \" OR 1=1 -- said he would blow up the BLOW UP substation";
    public const string ProtectedRace = "PROTECTED-race-value-7391";
    public const string ProtectedReligion = "PROTECTED-religion-value-5518";
    public const string Subject = "Subject John Q Privacy";
    public const string Vehicle = "Grey sedan plate PRIV123";

    public static readonly DateTimeOffset Start = new(2026, 11, 20, 14, 30, 0, 123, TimeSpan.Zero);

    public static string Key(int n) => $"cad-metro:{n:D5}";

    public static string AlertId(int n) => DeskSeed.AlertId(Key(n));

    /// <summary>The API path of alert n, with an optional suffix ("/claim", "/export?form=Summary").</summary>
    public static string ApiPath(int n, string suffix = "") => "/api/alerts/" + Uri.EscapeDataString(AlertId(n)) + suffix;

    public static Report Report(int n, string? narrative = null) => DeskSeed.Report(Key(n), n, Start.AddMinutes(-n), Start.AddSeconds(n), 38.9, -77.03, ["us-dc"]) with
    {
        Narrative = narrative ?? $"Narrative {n}: man photographing the substation fence line",
        CadCallType = "SUSP",
        TargetSector = n == 1 ? "Energy" : null,
        Privacy = new PrivacyFields([Subject + " " + n], [Vehicle + n]),
        Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = ProtectedRace, ["religion"] = ProtectedReligion }),
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
        var incident = n == 2
            ? new IncidentWrite("incident-1", false, 0, [new LinkWrite(Key(1), 12.5, "Link", """[{"feature":"Distance","level":2,"agreement":"Exact","weight":6.1},{"feature":"Time","level":1,"agreement":"Close","weight":4.2}]""", "linker-v1")], [])
            : new IncidentWrite(n == 1 ? "incident-1" : $"incident-{n}", true, 0, [], []);
        var explanation = new ScoreEvidence[] { new(category, "narrative:\"blow up\"", 1.5), new(category, "calltype:SUSP", 0.4) };
        return DeskSeed.Write(n, report, category, priority, new("SURVL", 0.2), Start.AddSeconds(n), explanation, decision) with { Incident = incident };
    }

    public static Task AlertsAsync(PipelineStore store, int count, Func<int, string?>? narrative = null) =>
        DeskSeed.WriteAsync(store, Enumerable.Range(1, count).Select(n => Write(n, narrative?.Invoke(n))), TestContext.Current.CancellationToken);
}
