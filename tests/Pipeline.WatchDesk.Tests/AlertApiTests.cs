using System.Net;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>The queue, alert detail and the vetting workflow through the HTTP API.</summary>
public sealed class AlertApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheQueueListsOpenAlertsMostUrgentFirstAndPagesWithTheCursor()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(3);
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);

        var first = await (await client.GetAsync("/api/alerts?limit=2")).JsonAsync();
        var next = first.GetProperty("next").GetString();
        var second = await (await client.GetAsync("/api/alerts?limit=2&after=" + Uri.EscapeDataString(next!))).JsonAsync();

        Assert.Equal([Seed.AlertId(1), Seed.AlertId(2), Seed.AlertId(3)], first.AlertIds().Concat(second.AlertIds()));
        var top = first.GetProperty("items")[0];
        Assert.Equal(1, top.GetProperty("urgency").GetInt32());
        Assert.Equal("New", top.GetProperty("status").GetString());
        Assert.True(top.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts?limit=500")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts?after=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts?status=Bogus")).StatusCode);
    }

    [Fact]
    public async Task ASearchFiltersTheQueueAndIsAuditedWithTheTextHashedOnly()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(3, n => n == 2 ? "a van circling the water plant twice" : null);
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);

        var found = await (await client.GetAsync("/api/alerts?q=" + Uri.EscapeDataString("water plant") + "&feed=cad-metro")).JsonAsync();

        Assert.Equal([Seed.AlertId(2)], found.AlertIds());
        var audit = await AuditOfAsync(desk, "ana");
        var search = Assert.Single(audit, e => e.Action == DeskAuditAction.Search);
        Assert.StartsWith("sha256:", search.Target, StringComparison.Ordinal);
        Assert.Equal("filters: feed,q", search.Reason);
        Assert.DoesNotContain(audit, e => $"{e.Target}{e.Reason}".Contains("water", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheAlertDetailShowsTheReportExplanationHighlightsLinksHistoryAndPrivacyFieldsForAnalysts()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2, n => n == 2 ? "He said he would Blow Up the line; blow up again" : null);
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);

        var detail = await (await client.GetAsync(Seed.ApiPath(2))).JsonAsync();

        Assert.Equal(Seed.AlertId(2), detail.GetProperty("alert").GetProperty("alertId").GetString());
        Assert.Equal("narrative:\"blow up\"", detail.GetProperty("alert").GetProperty("explanation")[0].GetProperty("feature").GetString());
        Assert.Equal("PHOTO", detail.GetProperty("alert").GetProperty("scores")[0].GetProperty("category").GetString());
        var report = detail.GetProperty("report");
        Assert.Equal("He said he would Blow Up the line; blow up again", report.GetProperty("narrative").GetString());
        Assert.Equal("us-dc", report.GetProperty("location").GetProperty("jurisdictions")[0].GetString());
        Assert.Equal([(17, 7), (35, 7)], detail.GetProperty("highlights").EnumerateArray().Select(h => (h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32())));
        var link = Assert.Single(detail.GetProperty("linked").EnumerateArray());
        Assert.Equal(Seed.Key(1), link.GetProperty("reportKey").GetString());
        Assert.Equal("Link", link.GetProperty("band").GetString());
        Assert.Equal("Distance", link.GetProperty("reasons")[0].GetProperty("feature").GetString());
        Assert.Equal(Seed.Subject + " 2", detail.GetProperty("privacy").GetProperty("subjects")[0].GetString());
        Assert.Equal(Seed.Vehicle + "2", detail.GetProperty("privacy").GetProperty("vehicles")[0].GetString());

        // The link shows from the other side too.
        var other = await (await client.GetAsync(Seed.ApiPath(1))).JsonAsync();
        Assert.Equal(Seed.Key(2), Assert.Single(other.GetProperty("linked").EnumerateArray()).GetProperty("reportKey").GetString());
        var audit = await AuditOfAsync(desk, "ana");
        Assert.Equal([Seed.AlertId(2), Seed.AlertId(1)], audit.Where(e => e.Action == DeskAuditAction.View).Select(e => e.Target));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/alerts/no-such-alert")).StatusCode);
    }

    [Fact]
    public async Task AuditorsGetNoPrivacyFields()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var client = await desk.SignInAsync("aud", DeskRole.Auditor);

        var response = await client.GetAsync(Seed.ApiPath(1));
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await response.JsonAsync()).GetProperty("privacy").ValueKind);
        Assert.DoesNotContain(Seed.Subject, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Vehicle, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostileNarrativeRoundTripsAsPlainJsonText()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1, _ => Seed.HostileNarrative);
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);

        var response = await client.GetAsync(Seed.ApiPath(1));
        var raw = await response.Content.ReadAsStringAsync(Ct);

        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(Seed.HostileNarrative, (await response.JsonAsync()).GetProperty("report").GetProperty("narrative").GetString());
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        var search = await (await client.GetAsync("/api/alerts?q=" + Uri.EscapeDataString("'; DROP TABLE alerts; --"))).JsonAsync();
        Assert.Equal([Seed.AlertId(1)], search.AlertIds());
        Assert.Equal(1, (await desk.Store.GetCountsAsync(Ct)).Alerts);
    }

    [Fact]
    public async Task ClaimThenDispositionTakesTheAlertOutOfTheOpenQueueAndRecordsTheHistory()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        var bob = await desk.SignInAsync("bob", DeskRole.Analyst);

        Assert.Equal(HttpStatusCode.NoContent, (await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/disposition"), new { disposition = "NotIseSar", code = "", comment = "tourist" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/disposition"), new { disposition = "NotIseSar", code = "NS-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.Http.PostJsonAsync(Seed.ApiPath(1, "/disposition"), new { disposition = "NotIseSar", code = "NS-1", comment = "not mine" })).StatusCode);
        var done = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/disposition"), new { disposition = "NotIseSar", code = "NS-1", comment = "a tourist with a camera" });
        Assert.Equal(HttpStatusCode.Conflict, (await ana.Http.PostJsonAsync(Seed.ApiPath(2, "/disposition"), new { disposition = "NotIseSar", code = "NS-1", comment = "not in review" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.Http.PostJsonAsync("/api/alerts/nope/claim", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Closed", (await done.JsonAsync()).GetProperty("status").GetString());
        var queue = await (await ana.GetAsync("/api/alerts")).JsonAsync();
        Assert.Equal([Seed.AlertId(2)], queue.AlertIds());
        var detail = await (await ana.GetAsync(Seed.ApiPath(1))).JsonAsync();
        Assert.Equal(["Claim", "Disposition"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("NS-1", detail.GetProperty("alert").GetProperty("dispositionCode").GetString());
        var audit = await AuditOfAsync(desk, "ana");
        Assert.Contains(audit, e => e.Action == DeskAuditAction.Change && e.Target == Seed.AlertId(1) && e.Reason == "claim");
        Assert.Contains(audit, e => e.Action == DeskAuditAction.Change && e.Target == Seed.AlertId(1) && e.Reason == "disposition NotIseSar (NS-1)");
    }

    [Fact]
    public async Task OnlyASupervisorReopensAndOnlyAVettedOrClosedAlert()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        var sue = await desk.SignInAsync("sue", DeskRole.Supervisor);
        await ana.ClaimAndSetDispositionAsync(1, "NotIseSar", "NS-1", "tourist");

        var byAnalyst = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/reopen"), new { reason = "second look" });
        var withoutReason = await sue.Http.PostJsonAsync(Seed.ApiPath(1, "/reopen"), new { reason = " " });
        var notClosed = await sue.Http.PostJsonAsync(Seed.ApiPath(2, "/reopen"), new { reason = "second look" });
        var bySupervisor = await sue.Http.PostJsonAsync(Seed.ApiPath(1, "/reopen"), new { reason = "second look" });

        Assert.Equal(HttpStatusCode.Forbidden, byAnalyst.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notClosed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, bySupervisor.StatusCode);
        var row = await desk.Store.GetQueueRowAsync(Seed.AlertId(1), DateTimeOffset.UtcNow, Ct);
        Assert.Equal(AlertStatus.InReview, row!.Status);
    }

    [Fact]
    public async Task SharingNeedsAVettedAlertAndWritesTheDisseminationLog()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);

        var early = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/share"), new { recipient = "JTTF", reason = "case 26-114", form = "Summary" });
        await ana.ClaimAndSetDispositionAsync(1, "IseSar", "ISE-1", "threat with a target");
        var detailed = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/share"), new { recipient = "JTTF", reason = "case 26-114", form = "Detailed" });
        var noReason = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/share"), new { recipient = "JTTF", form = "Summary" });
        var shared = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/share"), new { recipient = "JTTF", reason = "case 26-114", form = "Summary" });
        var again = await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/share"), new { recipient = "JTTF", reason = "case 26-114", form = "Summary" });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, detailed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, shared.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var detail = await (await ana.GetAsync(Seed.ApiPath(1))).JsonAsync();
        Assert.Equal("Shared", detail.GetProperty("alert").GetProperty("status").GetString());
        var entry = Assert.Single(detail.GetProperty("disseminations").EnumerateArray());
        Assert.Equal(("JTTF", "case 26-114", "Summary", "ana"), (entry.GetProperty("recipient").GetString(), entry.GetProperty("reason").GetString(), entry.GetProperty("form").GetString(), entry.GetProperty("sharedBy").GetString()));
        Assert.Equal("Share", detail.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());
        var audit = await AuditOfAsync(desk, "ana");
        Assert.Contains(audit, e => e.Action == DeskAuditAction.Share && e.Target == Seed.AlertId(1) && e.Reason == "Summary to JTTF: case 26-114");
    }

    [Fact]
    public async Task ExportWritesIseSarXmlSummaryWithoutPrivacyFieldsAndDetailedOnlyForSupervisors()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        var sue = await desk.SignInAsync("sue", DeskRole.Supervisor);
        await ana.ClaimAndSetDispositionAsync(1, "IseSar", "ISE-1", "threat with a target");

        var summary = await ana.GetAsync(Seed.ApiPath(1, "/export?form=Summary"));
        var detailedByAnalyst = await ana.GetAsync(Seed.ApiPath(1, "/export?form=Detailed"));
        var detailed = await sue.GetAsync(Seed.ApiPath(1, "/export?form=Detailed"));
        var notVetted = await ana.GetAsync(Seed.ApiPath(2, "/export?form=Summary"));

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        var summaryXml = await summary.Content.ReadAsStringAsync(Ct);
        Assert.Contains("SUMMARY", summaryXml, StringComparison.Ordinal);
        Assert.Contains("THREAT", summaryXml, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Subject, summaryXml, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Vehicle, summaryXml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, detailedByAnalyst.StatusCode);
        var detailedXml = await detailed.Content.ReadAsStringAsync(Ct);
        Assert.Contains(Seed.Subject + " 1", detailedXml, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.ProtectedRace, detailedXml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, notVetted.StatusCode);
        var audit = await AuditOfAsync(desk, actor: null);
        Assert.Equal(["ISE-SAR Summary", "refused 403: Detailed export needs a supervisor (GET /api/alerts/{id}/export)", "ISE-SAR Detailed"], audit.Where(e => e.Action == DeskAuditAction.Export && e.Target == Seed.AlertId(1)).Select(e => e.Reason));
    }

    [Fact]
    public async Task BulkCloseShowsTheCountFirstAndRefusesWhenTheCountChanged()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(4);
        var sue = await desk.SignInAsync("sue", DeskRole.Supervisor);
        var request = new { filter = new { category = new[] { "PHOTO" } }, action = "close", code = "BULK-1", comment = "camera club outing" };

        var count = await (await sue.Http.PostJsonAsync("/api/alerts/bulk/count", request)).JsonAsync();
        await desk.Store.WriteBatchAsync([Seed.Write(5)], Ct);
        var stale = await sue.Http.PostJsonAsync("/api/alerts/bulk", new { request.filter, request.action, request.code, request.comment, expectedCount = 3 });
        var noComment = await sue.Http.PostJsonAsync("/api/alerts/bulk", new { request.filter, request.action, request.code, expectedCount = 4 });
        var done = await sue.Http.PostJsonAsync("/api/alerts/bulk", new { request.filter, request.action, request.code, request.comment, expectedCount = 4 });

        Assert.Equal(3, count.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal(4, (await done.JsonAsync()).GetProperty("changed").GetInt32());
        var open = await desk.Store.QueryAlertsAsync(new AlertQuery { Now = DateTimeOffset.UtcNow }, Ct);
        Assert.Equal([Seed.AlertId(1)], open.Rows.Select(r => r.AlertId));
        var history = await desk.Store.GetAlertHistoryAsync(Seed.AlertId(3), Ct);
        Assert.Equal(("sue", AlertStatus.Closed, "camera club outing"), (history[^1].Actor, history[^1].ToStatus, history[^1].Comment));
    }

    [Fact]
    public async Task TheEventStreamDeliversAnEventAfterAClaim()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        var watcher = await desk.SignInAsync("sue", DeskRole.Supervisor);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));

        using var stream = await watcher.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));
        await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null);

        var line = await NextDataLineAsync(reader, timeout.Token);
        var data = JsonDocument.Parse(line!["data: ".Length..]).RootElement;
        Assert.Equal((Seed.AlertId(1), "InReview"), (data.GetProperty("alertId").GetString(), data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TheEventStreamDeliversAlertsRaisedByAnotherProcess()
    {
        await using var desk = await DeskHost.StartAsync();
        var sue = await desk.SignInAsync("sue", DeskRole.Supervisor);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var stream = await sue.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await reader.ReadLineAsync(timeout.Token);

        // The pipeline writes through its own store instance, as the worker process does.
        await using (var pipeline = DeskSeed.OpenStore(desk.DatabasePath))
        {
            await pipeline.WriteBatchAsync([Seed.Write(1) with { Alert = Seed.Write(1).Alert! with { RaisedAt = DateTimeOffset.UtcNow } }], Ct);
        }

        var line = await NextDataLineAsync(reader, timeout.Token);
        Assert.Contains(Seed.AlertId(1), line, StringComparison.Ordinal);
    }

    private static Task<IReadOnlyList<DeskAuditEntry>> AuditOfAsync(DeskHost desk, string? actor) =>
        desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, actor, 100, Ct);

    /// <summary>The next "data: " line of a server-sent event stream; null when the stream ends first.</summary>
    private static async Task<string?> NextDataLineAsync(StreamReader reader, CancellationToken ct)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync(ct);
        }
        while (line is not null && !line.StartsWith("data: ", StringComparison.Ordinal));
        return line;
    }
}
