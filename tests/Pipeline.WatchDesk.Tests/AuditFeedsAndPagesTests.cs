using System.Net;
using System.Net.Http.Json;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>The audit trail, feed health, fairness reports, the pages and what no response may carry.</summary>
public sealed class AuditFeedsAndPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AuditorsReadTheAuditTrailOfViewsSearchesChangesAndRefusalsWithoutAnyNarrativeText()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2, n => $"secret narrative words {n}");
        var ana = await desk.SignInAsync("ana", DeskRole.Analyst);
        var aud = await desk.SignInAsync("aud", DeskRole.Auditor);
        await ana.GetAsync(Seed.ApiPath(1));
        await ana.GetAsync("/api/alerts?q=secret+narrative");
        await ana.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null);
        await ana.GetAsync("/api/audit");

        var response = await aud.GetAsync("/api/audit?actor=ana");
        var entries = (await response.JsonAsync()).EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["login", "view", "search", "change", "view"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.StartsWith("refused 403", entries[^1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal("analyst", e.GetProperty("role").GetString()));
        var all = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 1000, Ct);
        Assert.DoesNotContain(all, e => $"{e.Actor}|{e.Target}|{e.Reason}".Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheAuditCsvNeutralizesCellsThatLookLikeFormulas()
    {
        await using var desk = await DeskHost.StartAsync();
        var aud = await desk.SignInAsync("aud", DeskRole.Auditor);
        await desk.Client().Http.PostJsonAsync("/api/login", new { userName = "=HYPERLINK(\"http://evil\")", password = "whatever it is" });

        var response = await aud.GetAsync("/api/audit.csv");
        var csv = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("at,actor,role,action,target,reason,clientAddress\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedHealthSumsEachFeedsMinutesForEveryRole()
    {
        await using var desk = await DeskHost.StartAsync();
        var now = FeedHealthMinuteStart(DateTimeOffset.UtcNow);
        await desk.Store.WriteFeedHealthAsync("worker-1",
            [
                new FeedHealthMinute("cad-metro", now.AddMinutes(-2), 10, 8, 1, 1, 0, now.AddMinutes(-2), 5),
                new FeedHealthMinute("cad-metro", now.AddMinutes(-1), 20, 18, 2, 0, 3, now.AddMinutes(-1), 7),
                new FeedHealthMinute("sar-portal", now.AddMinutes(-1), 4, 4, 0, 0, 0, null, null),
            ],
            Ct);
        var eng = await desk.SignInAsync("eng", DeskRole.Engineer);

        var feeds = (await (await eng.GetAsync("/api/feeds/health?minutes=30")).JsonAsync()).EnumerateArray().ToList();

        Assert.Equal(["cad-metro", "sar-portal"], feeds.Select(f => f.GetProperty("feedId").GetString()));
        Assert.Equal((30, 26, 3, 1, 7L), (feeds[0].GetProperty("recordsIn").GetInt32(), feeds[0].GetProperty("accepted").GetInt32(), feeds[0].GetProperty("rejected").GetInt32(), feeds[0].GetProperty("duplicates").GetInt32(), feeds[0].GetProperty("lag").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, (await eng.GetAsync("/api/feeds/health?minutes=0")).StatusCode);
    }

    [Fact]
    public async Task FairnessReportsAreListedWithoutBodiesAndServedAsHtmlUnderAStrictPolicy()
    {
        await using var desk = await DeskHost.StartAsync();
        var created = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var json = "{\"groups\":[]}";
        var id = FairnessReportRecord.NewId(FairnessReportKind.Evaluation, created, json);
        await desk.Store.SaveFairnessReportAsync(new FairnessReportRecord(
            id, FairnessReportKind.Evaluation, "keyword-v3", null, null, "labelled set", created, "eval", 1200, null, true, null, null,
            "passed: FPR and FDR parity within 0.8-1.25", json, "<!doctype html><html><body><h1>Fairness report</h1><script>alert(1)</script></body></html>"), Ct);
        var eng = await desk.SignInAsync("eng", DeskRole.Engineer);

        var listResponse = await eng.GetAsync("/api/fairness/reports?model=keyword-v3");
        var list = (await listResponse.JsonAsync()).EnumerateArray().ToList();
        var page = await eng.GetAsync("/api/fairness/reports/" + Uri.EscapeDataString(id));
        var missing = await eng.GetAsync("/api/fairness/reports/nope");

        var item = Assert.Single(list);
        Assert.Equal(id, item.GetProperty("reportId").GetString());
        Assert.False(item.TryGetProperty("html", out _));
        Assert.False(item.TryGetProperty("json", out _));
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>Fairness report</h1>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/", "index.html")]
    [InlineData("/login", "login.html")]
    [InlineData("/alerts/alert:cad-metro:00001", "alert.html")]
    [InlineData("/audit", "audit.html")]
    [InlineData("/feeds", "feeds.html")]
    [InlineData("/fairness", "fairness.html")]
    public async Task EachPageRouteServesItsFileWithTheSecurityHeaders(string route, string file)
    {
        await using var desk = await DeskHost.StartAsync();

        var response = await desk.Client().GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wwwroot", file)), await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(WatchDeskApp.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task ApiAnswersAreNeverCachedAndCarryTheSecurityHeaders()
    {
        await using var desk = await DeskHost.StartAsync();

        var response = await desk.Client().GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(WatchDeskApp.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task ProtectedAttributesAreInNoResponseToAnyRole()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(2);
        var sue = await desk.SignInAsync("sue", DeskRole.Supervisor);
        await sue.ClaimAndSetDispositionAsync(1, "IseSar", "ISE-1", "vetted");
        var bodies = new List<string>();
        foreach (var (role, name) in new[] { (DeskRole.Supervisor, "sue"), (DeskRole.Analyst, "ana"), (DeskRole.Auditor, "aud"), (DeskRole.Engineer, "eng") })
        {
            var client = await desk.SignInAsync(name, role);
            foreach (var path in new[]
            {
                "/api/me", "/api/alerts", "/api/alerts?status=Vetted", Seed.ApiPath(1), Seed.ApiPath(2),
                Seed.ApiPath(1, "/export?form=Detailed"), Seed.ApiPath(1, "/export?form=Summary"),
                "/api/audit", "/api/audit.csv", "/api/feeds/health", "/api/fairness/reports",
            })
            {
                bodies.Add(await (await client.GetAsync(path)).Content.ReadAsStringAsync(Ct));
            }
            bodies.Add(await (await client.Http.PostAsJsonAsync("/api/alerts/bulk/count", new { action = "close", code = "C", comment = "c" }, Ct)).Content.ReadAsStringAsync(Ct));
        }

        Assert.Contains(bodies, b => b.Contains(Seed.Subject, StringComparison.Ordinal));
        Assert.DoesNotContain(bodies, b => b.Contains(Seed.ProtectedRace, StringComparison.Ordinal) || b.Contains(Seed.ProtectedReligion, StringComparison.Ordinal));
    }

    private static DateTimeOffset FeedHealthMinuteStart(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
