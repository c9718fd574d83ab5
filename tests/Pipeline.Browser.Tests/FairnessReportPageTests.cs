using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Pipeline.Fairness;

namespace Pipeline.Browser.Tests;

/// <summary>
/// Opens the HTML fairness report in a real Chromium and checks what a person would see: charts
/// drawn, the failing group outside the pass band, hostile names shown as text and never run,
/// nothing fetched from anywhere, and a screenshot left in artifacts/test-output.
/// </summary>
public sealed class FairnessReportPageTests(ChromiumFixture chromium, ITestOutputHelper log)
{
    private const string HostileGroup = "<img src=x onerror=alert(1)>";
    private const string HostileFeature = "<b onmouseover=alert(2)>zip</b>";

    private static readonly FairnessMetric[] KeyMetrics =
        [FairnessMetric.SelectionRate, FairnessMetric.FalsePositiveRate, FairnessMetric.FalseNegativeRate, FairnessMetric.Precision];

    private static readonly FairnessOptions Options = new() { BootstrapSamples = 200, Seed = 11, ProxyMinimumSupport = 20 };

    private static readonly Lazy<AuditResult> Audit = new(() => FairnessAudit.Compute(Rows(), Options));

    [Fact]
    public async Task EveryDisparityChartIsDrawnWithOnePointPerDefinedRatio()
    {
        await using var report = await OpenReportAsync();
        var result = Audit.Value;

        var charts = report.Page.Locator("svg.disparity-chart");
        var attributes = result.Disparities.Select(d => d.Attribute).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(attributes.Count, await charts.CountAsync());
        for (var i = 0; i < attributes.Count; i++)
        {
            var chart = charts.Nth(i);
            var attribute = await chart.GetAttributeAsync("data-attribute");
            Assert.Equal(attributes[i], attribute);
            var box = await chart.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 100 && box.Height > 50, $"chart {attribute} is {box.Width}x{box.Height}");
            var expected = result.Disparities.Count(d => d.Attribute == attribute && KeyMetrics.Contains(d.Metric) && double.IsFinite(d.Ratio));
            Assert.Equal(expected, await chart.Locator("circle.point").CountAsync());
            Assert.Equal(KeyMetrics.Length, await chart.Locator("rect.pass-band").CountAsync());
        }

        // The tiny group is drawn hollow and grey, and labelled as too small.
        var tiny = report.Page.Locator("svg.disparity-chart[data-attribute='race'] circle.point[data-group='race=C']");
        Assert.True(await tiny.CountAsync() > 0);
        Assert.Equal("insufficient", await tiny.First.GetAttributeAsync("data-verdict"));
        Assert.Equal("rgb(255, 255, 255)", await tiny.First.EvaluateAsync<string>("e => getComputedStyle(e).fill"));
        Assert.Contains("too few rows", await report.Page.Locator("svg.disparity-chart[data-attribute='race'] text.group-label[data-group='race=C'] tspan.insufficient-tag").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingGroupIsDrawnOutsideTheShadedBandAndTheReferenceInsideIt()
    {
        await using var report = await OpenReportAsync();
        var result = Audit.Value;
        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Verdict);
        Assert.Equal(DisparityVerdict.Pass, result.DisparityOf("race=A", FairnessMetric.FalsePositiveRate).Verdict);
        var chart = report.Page.Locator("svg.disparity-chart[data-attribute='race']");
        var band = await chart.Locator("rect.pass-band[data-metric='falsePositiveRate']").BoundingBoxAsync();
        Assert.NotNull(band);
        Assert.True(band.Width > 5 && band.Height > 20, $"band is {band.Width}x{band.Height}");

        var failing = await chart.Locator("circle.point[data-group='race=B'][data-metric='falsePositiveRate']").BoundingBoxAsync();
        var passing = await chart.Locator("circle.point[data-group='race=A'][data-metric='falsePositiveRate']").BoundingBoxAsync();
        Assert.NotNull(failing);
        Assert.NotNull(passing);

        var failingCentre = failing.X + (failing.Width / 2);
        Assert.True(failingCentre > band.X + band.Width, $"failing point at x={failingCentre} is not right of the band [{band.X}, {band.X + band.Width}]");
        var passingCentre = passing.X + (passing.Width / 2);
        Assert.InRange(passingCentre, band.X, band.X + band.Width);
        Assert.Equal("fail", await report.Page.Locator("li.sentence[data-verdict='fail']").First.GetAttributeAsync("data-verdict"));
    }

    [Fact]
    public async Task HostileNamesRenderAsTextWithNoDialogNoConsoleErrorAndNoRequestBeyondTheFile()
    {
        await using var report = await OpenReportAsync();
        var page = report.Page;

        var hostileCells = page.Locator("table.group-metrics tbody th").Filter(new LocatorFilterOptions { HasText = HostileGroup });
        Assert.True(await hostileCells.CountAsync() > 0, "the hostile group name is not shown as text");
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("b[onmouseover]").CountAsync());
        var proxies = Audit.Value.Proxies;
        if (proxies.Any(p => p.Feature == HostileFeature))
        {
            Assert.True(await page.Locator("table.proxy-table th.feature").Filter(new LocatorFilterOptions { HasText = HostileFeature }).CountAsync() > 0);
        }

        // Hovering over text that would carry a handler, had it been markup, must do nothing either.
        await hostileCells.First.HoverAsync();
        await page.WaitForTimeoutAsync(100);

        Assert.Empty(report.Dialogs);
        Assert.Empty(report.ConsoleErrors);
        Assert.Equal([report.Url], report.Requests.Distinct().ToList());
    }

    [Fact]
    public async Task CalibrationAndProxySectionsMatchTheAudit()
    {
        await using var report = await OpenReportAsync();
        var result = Audit.Value;

        // Calibration and proxies are filled by the audit where it supports them; the page must show exactly what is there.
        var calibrated = result.Calibration.Select(c => c.Attribute).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(calibrated, await report.Page.Locator("svg.calibration-chart").CountAsync());
        Assert.Equal(result.Proxies.Count, await report.Page.Locator("svg.proxy-bar").CountAsync());
        if (calibrated == 0)
        {
            Assert.Contains("No calibration", await report.Page.Locator("#calibration").InnerTextAsync(), StringComparison.Ordinal);
        }
        else
        {
            var box = await report.Page.Locator("svg.calibration-chart").First.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 });
            Assert.True(await report.Page.Locator("svg.calibration-chart line.diagonal").CountAsync() >= 1);
        }
    }

    [Fact]
    public async Task FullPageScreenshotIsSavedToTestOutput()
    {
        await using var report = await OpenReportAsync();
        var path = Path.Combine(RepositoryRoot.TestOutput(), "fairness-report.png");
        File.Delete(path);

        await report.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        var info = new FileInfo(path);
        Assert.True(info.Exists, path + " was not written");
        Assert.True(info.Length > 10 * 1024, $"{path} is only {info.Length} bytes");
        var header = new byte[8];
        using (var stream = info.OpenRead())
        {
            stream.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        log.WriteLine($"screenshot: {path} ({info.Length} bytes)");
    }

    private async Task<OpenedReport> OpenReportAsync()
    {
        var watch = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), "pipeline-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "fairness-report.html");
        var context = new AuditReportContext("risk-model 2.3.0", "Synthetic audit rows generated by the browser test", new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.Zero), Options)
        {
            WindowFrom = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            WindowTo = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
            Gate = new FairnessPolicy { BootstrapSamples = Options.BootstrapSamples, Seed = Options.Seed }.Judge(Audit.Value),
        };
        using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            AuditHtmlReport.Write(Audit.Value, context, writer);
        }

        var (browserContext, page) = await chromium.NewPageAsync();
        var report = new OpenedReport(browserContext, page, new Uri(file).AbsoluteUri, folder);
        page.Dialog += (_, dialog) =>
        {
            report.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                report.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => report.ConsoleErrors.Add(error);
        page.Request += (_, request) => report.Requests.Add(request.Url);
        await page.GotoAsync(report.Url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        log.WriteLine($"report written and loaded in {watch.ElapsedMilliseconds} ms");
        return report;
    }

    /// <summary>
    /// Rows for race (A large, B flagged far more often when innocent, C tiny, and a hostile name),
    /// sex and age band, with scores and labels for calibration and feature names for proxies.
    /// Generated by formula, not at random, so every run audits the same rows.
    /// </summary>
    private static List<AuditRow> Rows()
    {
        var rows = new List<AuditRow>();
        AddGroup(rows, "A", size: 400, prevalence: 0.30, tpr: 0.70, fpr: 0.10, eastside: 0.05);
        AddGroup(rows, "B", size: 240, prevalence: 0.30, tpr: 0.75, fpr: 0.40, eastside: 0.60);
        AddGroup(rows, "C", size: 12, prevalence: 0.30, tpr: 0.70, fpr: 0.10, eastside: 0.10);
        AddGroup(rows, HostileGroup, size: 90, prevalence: 0.30, tpr: 0.70, fpr: 0.11, eastside: 0.05);
        return rows;
    }

    private static void AddGroup(List<AuditRow> rows, string race, int size, double prevalence, double tpr, double fpr, double eastside)
    {
        var positives = (int)Math.Round(size * prevalence);
        var truePositives = (int)Math.Round(positives * tpr);
        var falsePositives = (int)Math.Round((size - positives) * fpr);
        for (var i = 0; i < size; i++)
        {
            var label = i < positives;
            var flagged = label ? i < truePositives : i - positives < falsePositives;
            var u = Fraction(i + (race.Length * 7));
            var score = flagged ? 0.5 + (0.49 * u) : 0.49 * u;
            var features = new List<string> { "time:night" };
            if (Fraction((i * 3) + 1) < eastside)
            {
                features.Add("narrative:\"eastside\"");
            }

            if (i % 4 == 0)
            {
                features.Add(HostileFeature);
            }

            var groups = new Dictionary<string, string>
            {
                ["race"] = race,
                ["sex"] = i % 2 == 0 ? "F" : "M",
                ["age"] = (i % 3) switch { 0 => "18-29", 1 => "30-49", _ => "50+" },
            };
            rows.Add(new AuditRow(groups, flagged, i % 10 == 9 ? null : label, score, i % 5 == 4 ? null : features));
        }
    }

    // Golden-ratio sequence: evenly spread values in [0, 1) without a random generator.
    private static double Fraction(int i) => (i * 0.6180339887498949) % 1.0;

    private sealed class OpenedReport(IBrowserContext context, IPage page, string url, string folder) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public string Url { get; } = url;

        public List<string> Dialogs { get; } = [];

        public List<string> ConsoleErrors { get; } = [];

        public List<string> Requests { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await context.CloseAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
