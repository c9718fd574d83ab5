using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Browser.Tests;

/// <summary>
/// The watch desk's pages in a real Chromium against the real app (<see cref="WatchDeskHost"/>):
/// the vetting workflow end to end with its audit trail, hostile narratives shown as text, the lineage, live
/// updates, role refusals in the UI, and screenshots left in artifacts/test-output.
/// </summary>
public sealed class WatchDeskPageTests(ChromiumFixture chromium, ITestOutputHelper log)
{
    private static readonly float Timeout = 10_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAnalystClaimsTheTopAlertDispositionsItAndItLeavesTheQueueThenTheAuditorSeesItsTrail()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var analyst = await SignInToQueueAsync(host, WatchDeskHost.Analyst);
        var page = analyst.Page;

        var top = page.Locator("#queue-rows tr").First;
        Assert.Equal(WatchDeskHost.TopAlertId, await top.GetAttributeAsync("data-alert-id"));
        Assert.Contains("Critical", await top.Locator("td").First.InnerTextAsync(), StringComparison.Ordinal);
        await top.Locator("button.claim").ClickAsync();
        await Row(page, WatchDeskHost.TopAlertId).Locator("td.status-cell", new() { HasText = "In review" }).WaitForAsync(Visible());
        // The row can show the new status a moment before its assignee (seen once in a full run): wait for both.
        await Row(page, WatchDeskHost.TopAlertId).Locator("td.assignee", new() { HasText = WatchDeskHost.Analyst }).WaitForAsync(Visible());
        Assert.Equal(WatchDeskHost.Analyst, (await Row(page, WatchDeskHost.TopAlertId).Locator("td.assignee").InnerTextAsync()).Trim());

        await Row(page, WatchDeskHost.TopAlertId).Locator("a.alert-link").ClickAsync();
        await WaitForLoadedAsync(page, "alert");
        Assert.EndsWith(WatchDeskHost.AlertPath(WatchDeskHost.TopAlertId), new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var form = page.Locator("#disposition-form");
        await form.WaitForAsync(Visible());

        // The page itself refuses a disposition without a code and a comment.
        await page.Locator("input[name='disposition'][value='NotIseSar']").CheckAsync();
        await page.Locator("#disposition-submit").ClickAsync();
        Assert.Contains("code", await page.Locator("#workflow-message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await form.IsVisibleAsync());

        await page.Locator("#disposition-code").FillAsync("NS-LAWFUL");
        await page.Locator("#disposition-comment").FillAsync("Overheard remark, no target or capability; closed after callback.");
        await page.Locator("#disposition-submit").ClickAsync();
        await page.Locator("#workflow-message.ok").WaitForAsync(Visible());
        Assert.Contains("Closed", await page.Locator("#workflow-message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Disposition", await page.Locator("#history").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#back").ClickAsync();
        await WaitForQueueAsync(page);
        Assert.Equal(0, await Row(page, WatchDeskHost.TopAlertId).CountAsync());
        Assert.True(await page.Locator("#queue-rows tr").CountAsync() >= 4);

        await using var auditor = await SignInAsync(host, WatchDeskHost.Auditor);
        await auditor.Page.GotoAsync(host.Url("/audit"));
        await WaitForLoadedAsync(auditor.Page, "audit");
        var entries = auditor.Page.Locator("table.audit tbody tr").Filter(new() { HasText = WatchDeskHost.TopAlertId });
        var texts = await entries.AllInnerTextsAsync();
        log.WriteLine(string.Join(Environment.NewLine, texts));
        Assert.True(texts.Count >= 2, $"expected the view and the changes of {WatchDeskHost.TopAlertId} in the audit trail, saw {texts.Count}");
        Assert.All(texts, t => Assert.Contains(WatchDeskHost.Analyst, t, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("view", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(texts, t => t.Contains("change", StringComparison.OrdinalIgnoreCase) || t.Contains("disposition", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(".csv", await auditor.Page.Locator("#csv").GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(analyst.Errors);
        Assert.Empty(auditor.Errors);
    }

    [Fact]
    public async Task ANarrativeHoldingScriptAndImageTagsShowsThemAsTextAndRunsNothing()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInAsync(host, WatchDeskHost.Analyst);
        var page = session.Page;

        await OpenAlertAsync(host, page, WatchDeskHost.HostileAlertId);
        // Give an injected handler (an image error fires asynchronously) the chance to run.
        await page.WaitForTimeoutAsync(300);

        var narrative = await page.Locator("#narrative").TextContentAsync() ?? string.Empty;
        Assert.Equal(WatchDeskHost.HostileNarrative, narrative);
        Assert.Contains("<script>window.__pwned=1</script>", narrative, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=\"window.__pwned=2\">", narrative, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#narrative script, #narrative img, main img").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Empty(session.Dialogs);
        Assert.Empty(session.Errors);
        Assert.DoesNotContain(session.Console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        var csp = session.Headers.GetValueOrDefault(WatchDeskHost.AlertPath(WatchDeskHost.HostileAlertId));
        Assert.NotNull(csp);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScreenshotsOfTheQueueAndOfAnAlertAreSavedToTestOutput()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInToQueueAsync(host, WatchDeskHost.Supervisor);
        var page = session.Page;
        Assert.Equal(6, await page.Locator("#queue-rows tr").CountAsync());
        Assert.True(await page.Locator("#bulk").IsVisibleAsync(), "supervisors see the bulk close");
        // The top alert (urgency 1, one-hour SLA) was raised 75 minutes ago: overdue; the next one is not.
        Assert.Equal(1, await page.Locator("#queue-rows tr").First.Locator("strong.overdue").CountAsync());
        Assert.Equal(0, await page.Locator("#queue-rows tr").Nth(1).Locator("strong.overdue").CountAsync());
        var queuePath = await ScreenshotAsync(page, "watch-desk-queue.png");

        await OpenAlertAsync(host, page, WatchDeskHost.TopAlertId);
        Assert.Equal(1, await page.Locator("svg.location-plot circle.report-point").CountAsync());
        var plot = await page.Locator("svg.location-plot").BoundingBoxAsync();
        Assert.True(plot is { Width: > 200, Height: > 150 }, "the location plot is drawn");
        Assert.Contains("metro-pd", await page.Locator("#location-list").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("narrative:\"threat\"", await page.Locator("#explanation").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#privacy-section").IsVisibleAsync(), "supervisors see privacy fields");
        Assert.Contains("Detailed", await page.Locator("#exports").InnerTextAsync(), StringComparison.Ordinal);
        var marks = await page.Locator("#narrative mark").AllTextContentsAsync();
        log.WriteLine("highlighted: " + string.Join(" | ", marks));
        var alertPath = await ScreenshotAsync(page, "watch-desk-alert.png");

        Assert.Empty(session.Errors);
        log.WriteLine($"screenshots: {queuePath}, {alertPath}");
    }

    [Fact]
    public async Task ASupervisorSeesTheCountOfABulkCloseByFilterAndOnlyConfirmingClosesThem()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInToQueueAsync(host, WatchDeskHost.Supervisor);
        var page = session.Page;
        await page.Locator("#f-category").SelectOptionAsync("PHOTO");
        await page.Locator("#apply-filters").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#queue-rows tr').length === 2", null, new() { Timeout = Timeout });

        // Both fields are required before anything is counted.
        await page.Locator("#bulk-count").ClickAsync();
        Assert.Contains("required", await page.Locator("#bulk-message").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#bulk-code").FillAsync("NS-TOURIST");
        await page.Locator("#bulk-comment").FillAsync("Lawful photography of public places.");
        await page.Locator("#bulk-count").ClickAsync();
        await page.Locator("#bulk-confirm").WaitForAsync(Visible());
        Assert.Contains("2 alerts match", await page.Locator("#bulk-confirm-text").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#bulk-cancel").ClickAsync();
        Assert.Equal(6, (await host.Store.QueryAlertsAsync(new AlertQuery { Now = DateTimeOffset.UtcNow }, Ct)).Rows.Count);

        await page.Locator("#bulk-count").ClickAsync();
        await page.Locator("#bulk-run").ClickAsync();
        await page.Locator("#bulk-message.ok").WaitForAsync(Visible());
        Assert.Contains("2 alerts closed", await page.Locator("#bulk-message").InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#queue-rows tr').length === 0", null, new() { Timeout = Timeout });
        var open = (await host.Store.QueryAlertsAsync(new AlertQuery { Now = DateTimeOffset.UtcNow }, Ct)).Rows;
        Assert.Equal(4, open.Count);
        Assert.DoesNotContain(open, r => r.TopCategory == "PHOTO");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task ANewAlertWrittenToTheStoreReachesTheOpenQueueWithinSecondsWithoutAReload()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInToQueueAsync(host, WatchDeskHost.Analyst);
        var page = session.Page;
        await page.WaitForSelectorAsync("body[data-live='open']", new() { Timeout = Timeout });
        var rowsBefore = await page.Locator("#queue-rows tr").CountAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var watch = Stopwatch.StartNew();
        var alertId = await host.WriteNewAlertAsync(Ct);
        var arrived = page.Locator($"#queue-rows tr[data-alert-id='{alertId}'], #new-alerts:not([hidden])").First;
        await arrived.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 8_000 });
        log.WriteLine($"the new alert was announced {watch.ElapsedMilliseconds} ms after the write");

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        Assert.Equal(rowsBefore, await page.Locator("#queue-rows tr").CountAsync());
        Assert.Contains("1 new alert", await page.Locator("#new-alerts").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#show-new").ClickAsync();
        await Row(page, alertId).WaitForAsync(Visible());
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task AnAuditorSeesNoClaimButtonsCannotReachADispositionAndTheServerRefusesOne()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInToQueueAsync(host, WatchDeskHost.Auditor);
        var page = session.Page;
        Assert.Equal(6, await page.Locator("#queue-rows tr").CountAsync());
        Assert.Equal(0, await page.Locator("button.claim").CountAsync());
        Assert.False(await page.Locator("#bulk").IsVisibleAsync());

        await OpenAlertAsync(host, page, WatchDeskHost.TopAlertId);
        Assert.False(await page.Locator("#claim-box").IsVisibleAsync());
        Assert.False(await page.Locator("#disposition-form").IsVisibleAsync());
        Assert.False(await page.Locator("#share-form").IsVisibleAsync());
        Assert.False(await page.Locator("#privacy-section").IsVisibleAsync());
        Assert.False(await page.Locator("#exports").IsVisibleAsync());

        // Even a hand-made request from the auditor's own session is refused by the server.
        var status = await page.EvaluateAsync<int>(
            """
            async id => {
              const me = await (await fetch('/api/me')).json();
              const response = await fetch('/api/alerts/' + encodeURIComponent(id) + '/claim', { method: 'POST', headers: { 'X-Desk-Csrf': me.csrf } });
              return response.status;
            }
            """,
            WatchDeskHost.TopAlertId);
        Assert.Equal(403, status);
        Assert.Empty(session.Dialogs);
    }

    [Fact]
    public async Task AnEngineerIsSentFromTheQueueToFeedHealth()
    {
        await using var host = await WatchDeskHost.StartAsync(Ct);
        await using var session = await SignInAsync(host, WatchDeskHost.Engineer);
        var page = session.Page;
        Assert.Equal("/feeds", new Uri(page.Url).AbsolutePath);

        await page.GotoAsync(host.Url("/"));
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/feeds", new() { Timeout = Timeout });
        await WaitForLoadedAsync(page, "feeds");
        Assert.Equal(0, await page.Locator("#queue-rows").CountAsync());
        Assert.False(await page.Locator("nav a[href='/']").IsVisibleAsync());
        Assert.True(await page.Locator("nav a[href='/fairness']").IsVisibleAsync());
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task TheAlertPageShowsTheLineageByPassInOrderWithTheClaimAndAHostileValueAsInertText()
    {
        const string Hostile = "<img src=x onerror=alert(1)>";
        await using var host = await WatchDeskHost.StartAsync(Ct);
        var key = WatchDeskHost.Key(50);
        var alertId = WatchDeskHost.AlertId(50);
        var at = host.SeededAt.AddMinutes(-3);
        var report = DeskSeed.Report(key, 50, at.AddMinutes(-5), at, 38.95, -77.08, ["metro-pd"]) with { Narrative = "Man filming the depot gate." };
        var topic = report.Origin.Topic;
        LineageEvent Event(string stage, int ms, params (string Name, string Value)[] facts) =>
            new(stage, at.AddMilliseconds(ms), facts.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));
        var write = DeskSeed.Write(50, report, "SURVL", 0.8, new CategoryScore("PHOTO", 0.2), at.AddSeconds(1), [new("SURVL", "narrative:\"filming\"", 1.2)]) with
        {
            Lineage =
            [
                Event(LineageStages.Received, 0, ("topic", topic), ("partition", "0"), ("offset", "50"), ("record", "1 of 1"), ("sha256", "9f86d081")),
                Event(LineageStages.Mapped, 7, ("feed", report.FeedId), ("definition version", "2"), ("source record", Hostile)),
                Event(LineageStages.Geocoded, 15, ("provider", "gazetteer"), ("precision", "Block")),
                Event(LineageStages.Scored, 480, ("model", "keyword-v3"), ("priority", "0.8"), ("top category", "SURVL")),
                Event(LineageStages.Alerted, 481, ("threshold", "0.5"), ("alert", alertId), ("category", "SURVL")),
            ],
        };
        await host.Store.WriteBatchAsync([write], Ct);
        await using var session = await SignInToQueueAsync(host, WatchDeskHost.Analyst);
        var page = session.Page;

        await OpenAlertAsync(host, page, alertId);
        Assert.True(await page.Locator("#lineage-section").IsVisibleAsync());
        Assert.Equal(["received", "mapped", "geocoded", "scored", "alerted"], await Stages(page));
        await page.Locator("#claim").ClickAsync();
        await page.Locator("#lineage section[data-pass-kind='analyst']").WaitForAsync(Visible());

        Assert.Equal([$"Raw record {topic}/0/50/0", $"Analyst actions on alert {alertId}"], await page.Locator("#lineage h3").AllTextContentsAsync());
        Assert.Equal(["received", "mapped", "geocoded", "scored", "alerted", "analyst"], await Stages(page));
        var rows = page.Locator("#lineage tbody tr");
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z", await rows.First.Locator("td.lineage-time").TextContentAsync());
        Assert.Equal(["topic", "partition", "offset", "record", "sha256"], await rows.First.Locator("dt").AllTextContentsAsync());
        var claim = page.Locator("#lineage section[data-pass-kind='analyst'] tbody tr");
        Assert.Equal(["Claim", WatchDeskHost.Analyst, "New → InReview"], await claim.Locator("dd").AllTextContentsAsync());
        Assert.Contains(key, await page.Locator("#lineage-summary").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);

        // The hostile value is the text of its cell, and nothing it names became an element.
        Assert.Equal(Hostile, await rows.Nth(1).Locator("dd").Last.TextContentAsync());
        Assert.Equal(0, await page.Locator("#lineage img, #lineage script, main img").CountAsync());
        Assert.Empty(session.Dialogs);
        Assert.Empty(session.Errors);
        Assert.DoesNotContain(session.Console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        log.WriteLine("lineage screenshot: " + await ScreenshotAsync(page, "watch-desk-lineage.png"));
    }

    private static async Task<IReadOnlyList<string>> Stages(IPage page) =>
        await page.Locator("#lineage tbody td.lineage-stage").AllTextContentsAsync();

    private static LocatorWaitForOptions Visible() => new() { State = WaitForSelectorState.Visible, Timeout = Timeout };

    private static ILocator Row(IPage page, string alertId) => page.Locator($"#queue-rows tr[data-alert-id='{alertId}']");

    private static async Task WaitForQueueAsync(IPage page)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { Timeout = Timeout });
        await WaitForLoadedAsync(page, "queue");
    }

    /// <summary>Waits until the page's script has shown its data: it then marks body[data-NAME='loaded'].</summary>
    private static async Task WaitForLoadedAsync(IPage page, string name) =>
        await page.WaitForSelectorAsync($"body[data-{name}='loaded']", new() { Timeout = Timeout });

    private static async Task OpenAlertAsync(WatchDeskHost host, IPage page, string alertId)
    {
        await page.GotoAsync(host.Url(WatchDeskHost.AlertPath(alertId)));
        await WaitForLoadedAsync(page, "alert");
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(RepositoryRoot.TestOutput(), name);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var info = new FileInfo(path);
        Assert.True(info.Exists, path + " was not written");
        Assert.True(info.Length > 10 * 1024, $"{path} is only {info.Length} bytes");
        return path;
    }

    /// <summary>Signs in a user of a desk role (lands on the queue) and waits until the queue has loaded.</summary>
    private async Task<Session> SignInToQueueAsync(WatchDeskHost host, string userName)
    {
        var session = await SignInAsync(host, userName);
        try
        {
            await WaitForQueueAsync(session.Page);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task<Session> SignInAsync(WatchDeskHost host, string userName)
    {
        var (context, page) = await chromium.NewPageAsync(1440, 900);
        var session = new Session(context, page);
        page.Dialog += (_, dialog) =>
        {
            session.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            session.Console.Add($"{message.Type}: {message.Text}");
            if (message.Type == "error")
            {
                session.Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => session.Errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && response.Headers.TryGetValue("content-security-policy", out var csp))
            {
                session.Headers[new Uri(response.Url).AbsolutePath] = csp;
            }
        };

        await page.GotoAsync(host.Url("/login"));
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(WatchDeskHost.Password);
        await page.Locator("#sign-in").ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/login", new() { Timeout = Timeout });
        }
        catch (TimeoutException)
        {
            var shown = await page.Locator("#login-error").TextContentAsync();
            throw new InvalidOperationException($"{userName} could not sign in: {shown}; console: {JsonSerializer.Serialize(session.Console)}");
        }

        log.WriteLine($"{userName} signed in, at {page.Url}");
        return session;
    }

    private sealed class Session(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public List<string> Dialogs { get; } = [];

        public List<string> Errors { get; } = [];

        public List<string> Console { get; } = [];

        public Dictionary<string, string> Headers { get; } = new(StringComparer.Ordinal);

        public ValueTask DisposeAsync() => new(context.CloseAsync());
    }
}
