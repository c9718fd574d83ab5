using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>
/// The lineage in the alert detail (<c>GET /api/alerts/{id}</c>, field <c>lineage</c>): the chain
/// <c>./pipeline lineage &lt;alert-id&gt;</c> prints, grouped by pass, audited as the detail view.
/// </summary>
public sealed class LineageApiTests
{
    /// <summary>A feed value that must stay text wherever the lineage is shown.</summary>
    public const string HostileValue = "<img src=x onerror=alert(1)>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Topic => Seed.Report(1).Origin.Topic;

    [Fact]
    public async Task TheDetailCarriesTheLineageInOrderGroupedByPassWithTheClaimAsAnAnalystActionAndTheViewIsAudited()
    {
        await using var desk = await DeskHost.StartAsync();
        await SeedTwoPassesAsync(desk.Store);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        Assert.Equal(HttpStatusCode.NoContent, (await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null)).StatusCode);

        var response = await ana.GetAsync(Seed.ApiPath(1));
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var lineage = (await response.JsonAsync()).GetProperty("lineage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((Seed.Key(1), "sar-portal", 2, Seed.AlertId(1)),
            (lineage.GetProperty("reportKey").GetString(), lineage.GetProperty("feedId").GetString(), lineage.GetProperty("version").GetInt32(), lineage.GetProperty("alertId").GetString()));
        var passes = lineage.GetProperty("passes").EnumerateArray().ToList();
        Assert.Equal([$"{Topic}/0/1/0", $"{Topic}/0/99/0", "alert:" + Seed.AlertId(1)], passes.Select(p => p.GetProperty("pass").GetString()));
        Assert.Equal(["record", "record", "analyst"], passes.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal([$"Raw record {Topic}/0/1/0", $"Raw record {Topic}/0/99/0", "Analyst actions on alert " + Seed.AlertId(1)],
            passes.Select(p => p.GetProperty("heading").GetString()));
        Assert.Equal(
            [
                ["received", "mapped", "geocoded", "linked", "scored", "alerted"],
                ["received", "mapped", "versioned"],
                ["analyst"],
            ],
            passes.Select(p => Events(p).Select(e => e.GetProperty("stage").GetString()).ToList()));

        // Each event keeps its time and its facts in the order the stage wrote them.
        var first = Events(passes[0]);
        Assert.Equal(FirstPass().Select(e => e.At), first.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal([("topic", Topic), ("partition", "0"), ("offset", "1"), ("record", "1 of 1"), ("sha256", "ab12")], Facts(first[0]));
        Assert.Equal(("source record", HostileValue), Facts(first[1])[^1]);
        Assert.Equal(("outcome", "content changed: a new version of the stored report"), Assert.Single(Facts(Events(passes[1])[^1])));
        var claim = Assert.Single(Events(passes[2]));
        Assert.Equal([("action", "Claim"), ("by", "ana"), ("status", "New → InReview")], Facts(claim));
        Assert.True(claim.GetProperty("at").GetDateTimeOffset() >= first[^1].GetProperty("at").GetDateTimeOffset());

        // A hostile value is JSON text, never markup.
        Assert.DoesNotContain("<img", raw, StringComparison.Ordinal);
        // One view of the alert, lineage included, audited once as the detail view always is.
        var views = (await AuditOfAsync(desk, "ana")).Where(e => e.Action == DeskAuditAction.View).ToList();
        var view = Assert.Single(views);
        Assert.Equal((Seed.AlertId(1), null), (view.Target, view.Reason));
    }

    [Fact]
    public async Task TheLineageGoesToTheRolesThatSeeTheDetailAndNoOtherAndAnAlertStoredWithoutLineageHasNoPasses()
    {
        await using var desk = await DeskHost.StartAsync();
        await SeedTwoPassesAsync(desk.Store);
        await DeskSeed.WriteAsync(desk.Store, [Seed.Write(2)], Ct);
        var auditor = await desk.SignInAsync("aud", DeskRole.Auditor);
        var engineer = await desk.SignInAsync("eng", DeskRole.Engineer);

        var seen = await (await auditor.GetAsync(Seed.ApiPath(1))).JsonAsync();
        var none = await (await auditor.GetAsync(Seed.ApiPath(2))).JsonAsync();
        var refused = await engineer.GetAsync(Seed.ApiPath(1));

        Assert.Equal(2, seen.GetProperty("lineage").GetProperty("passes").GetArrayLength());
        Assert.Equal((Seed.Key(2), 0), (none.GetProperty("lineage").GetProperty("reportKey").GetString(), none.GetProperty("lineage").GetProperty("passes").GetArrayLength()));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("lineage", await refused.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        var audit = await AuditOfAsync(desk, actor: null);
        Assert.Equal([Seed.AlertId(1), Seed.AlertId(2)], audit.Where(e => e.Actor == "aud" && e.Action == DeskAuditAction.View).Select(e => e.Target));
        var refusal = Assert.Single(audit, e => e.Actor == "eng" && e.Target == Seed.AlertId(1));
        Assert.Equal(DeskAuditAction.View, refusal.Action);
        Assert.StartsWith("refused 403", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableStoredPassLeavesTheLineageOutOfTheDetailNotTheAlertAndLogsNoValues()
    {
        await using var desk = await DeskHost.StartAsync();
        await SeedTwoPassesAsync(desk.Store);
        await using (var connection = new SqliteConnection($"Data Source={desk.DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var corrupt = connection.CreateCommand();
            corrupt.CommandText = "UPDATE lineage SET events = '{\"stage\": \"not an array\"}' WHERE pass = $pass";
            corrupt.Parameters.AddWithValue("$pass", $"{Topic}/0/99/0");
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync(Ct));
        }
        SqliteConnection.ClearAllPools();
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);

        var response = await ana.GetAsync(Seed.ApiPath(1));
        var detail = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Seed.AlertId(1), detail.GetProperty("alert").GetProperty("alertId").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("lineage").ValueKind);
        // The warning names no alert, report or value: only that a pass was unreadable.
        Assert.Equal(
            "A stored lineage pass could not be read; the alert detail was served without its lineage",
            Assert.Single(desk.Logs.Messages, m => m.Contains("lineage pass", StringComparison.Ordinal)));
        Assert.Single(await AuditOfAsync(desk, "ana"), e => e.Action == DeskAuditAction.View && e.Target == Seed.AlertId(1));
    }

    [Fact]
    public void PassesAreGroupedAsTheCliGroupsThemWithAHeadingForEachKind()
    {
        var at = Seed.Start;
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2", ["0"] = "3" };
        var lineage = new ReportLineage("k", "f", 3, null,
        [
            new(at, LineageStages.Received, "t/0/5/0", detail),
            new(at.AddSeconds(1), LineageStages.Mapped, "t/0/5/0", detail),
            new(at.AddSeconds(2), LineageStages.Replayed, "replay:r-7", detail),
            new(at.AddSeconds(3), LineageStages.Scored, "replay:r-7", detail),
            new(at.AddSeconds(4), LineageStages.Analyst, "alert:A-1", detail),
        ]);

        var view = LineageView.From(lineage);

        Assert.Equal(
            [("record", "Raw record t/0/5/0", 2), ("replay", "Replay r-7", 2), ("analyst", "Analyst actions on alert A-1", 1)],
            view.Passes.Select(p => (p.Kind, p.Heading, p.Events.Count)));
        Assert.Equal(["z", "a", "0"], view.Passes[0].Events[0].Detail.Select(f => f.Name));
        Assert.Null(view.AlertId);
        Assert.Empty(LineageView.From(lineage with { Entries = [] }).Passes);
    }

    /// <summary>Alert 1 stored with its first pass, then a changed redelivery of the same report from offset 99 (a new version).</summary>
    private static async Task SeedTwoPassesAsync(PipelineStore store)
    {
        var first = Seed.Write(1) with { Lineage = FirstPass() };
        var changed = Seed.Write(1);
        var second = changed with
        {
            Report = changed.Report with { Origin = new RecordOrigin(Topic, 0, 99), Narrative = "Narrative 1, corrected by the feed" },
            ContentHash = "sha256:changed",
            Incident = null,
            Lineage =
            [
                Event(LineageStages.Received, 10_000, ("topic", Topic), ("partition", "0"), ("offset", "99"), ("record", "1 of 1"), ("sha256", "cd34")),
                Event(LineageStages.Mapped, 10_001, ("feed", "sar-portal"), ("definition version", "3")),
            ],
        };
        await DeskSeed.WriteAsync(store, [first, second], Ct);
    }

    private static IReadOnlyList<LineageEvent> FirstPass() =>
    [
        Event(LineageStages.Received, 0, ("topic", Topic), ("partition", "0"), ("offset", "1"), ("record", "1 of 1"), ("sha256", "ab12")),
        Event(LineageStages.Mapped, 1, ("feed", "sar-portal"), ("definition version", "2"), ("source record", HostileValue)),
        Event(LineageStages.Geocoded, 2, ("provider", "gazetteer"), ("precision", "Block")),
        Event(LineageStages.Linked, 3, ("incident", "incident-1"), ("outcome", "no match in the window: opens its own incident")),
        Event(LineageStages.Scored, 4, ("model", "keyword-v3"), ("priority", "0.9"), ("top category", "THREAT")),
        Event(LineageStages.Alerted, 5, ("threshold", "0.5"), ("alert", Seed.AlertId(1)), ("category", "THREAT")),
    ];

    private static LineageEvent Event(string stage, int milliseconds, params (string Name, string Value)[] facts) =>
        new(stage, Seed.Start.AddMilliseconds(milliseconds), facts.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));

    private static List<JsonElement> Events(JsonElement pass) => [.. pass.GetProperty("events").EnumerateArray()];

    private static List<(string?, string?)> Facts(JsonElement lineageEvent) =>
        [.. lineageEvent.GetProperty("detail").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString()))];

    private static Task<IReadOnlyList<DeskAuditEntry>> AuditOfAsync(DeskHost desk, string? actor) =>
        desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, actor, 100, Ct);
}
