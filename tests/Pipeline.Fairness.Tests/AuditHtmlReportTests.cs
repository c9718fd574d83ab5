using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Fairness.Tests;

public sealed class AuditHtmlReportTests
{
    private const string ScriptGroup = "<script>alert(1)</script>";
    private const string QuoteGroup = "q\" onmouseover=\"alert(3)";
    private const string HostileFeature = "<img src=x onerror=alert(2)>";

    private static readonly FairnessOptions Options = new() { BootstrapSamples = 50, Seed = 3, IncludeIntersections = false };

    private static readonly string[] KeyMetricNames = ["selectionRate", "falsePositiveRate", "falseNegativeRate", "precision"];

    /// <summary>A is the reference, B has a high FPR (fails), C is too small to judge.</summary>
    private static AuditResult Audit() =>
        FairnessAudit.Compute([.. AuditRows.TwoGroups(), .. AuditRows.Race("C", 2, 1, 1, 2)], Options);

    private static AuditReportContext Context(GateDecision? gate = null) =>
        new("model-7", "test rows", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)), Options)
        {
            WindowFrom = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
            WindowTo = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Gate = gate,
        };

    private static string Render(AuditResult result, AuditReportContext? context = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        AuditHtmlReport.Write(result, context ?? Context(), writer);
        return writer.ToString();
    }

    /// <summary>The page is written as well-formed XML too, so a strict parser can check its structure.</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static IEnumerable<XElement> WithClass(XContainer root, string element, string cssClass) =>
        root.Descendants(element).Where(e => ((string?)e.Attribute("class") ?? string.Empty).Split(' ').Contains(cssClass));

    [Fact]
    public void PageIsWellFormedWithStrictCspAndSectionsInReadingOrder()
    {
        var html = Render(Audit(), Context(new FairnessPolicy().Judge(Audit())));

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        var doc = Parse(html);
        var head = doc.Root!.Element("head")!;
        var csp = head.Elements("meta").Single(m => (string?)m.Attribute("http-equiv") == "Content-Security-Policy");
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:", (string?)csp.Attribute("content"));
        Assert.Contains("model-7", head.Element("title")!.Value, StringComparison.Ordinal);
        var body = doc.Root.Element("body")!;
        Assert.Equal("2025-03-01 10:00:00 UTC", WithClass(body, "dd", "created-at").Single().Value);
        Assert.Contains("2025-02-01 00:00:00 UTC", WithClass(body, "dd", "window").Single().Value, StringComparison.Ordinal);

        string[] order = ["<header>", "class=\"gate ", "id=\"overview\"", "id=\"how-to-read\"", "class=\"attribute\"", "id=\"calibration\"", "id=\"proxies\"", "<footer>"];
        var positions = order.Select(marker => html.IndexOf(marker, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.Contains(AuditReportWriter.Schema, body.Element("footer")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void PageReferencesNothingOutsideItselfAndHasNoScript()
    {
        var result = Audit() with
        {
            Proxies = [new ProxyAssociation("race", "narrative:eastside", 0.4, 40, "race=B", 2.1)],
            Calibration = [Calibration("race", "race=A", 0.05), Calibration("race", "race=B", 0.2)],
        };

        var html = Render(result, Context(new FairnessPolicy().Judge(result)));

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        var doc = Parse(html);
        Assert.DoesNotContain(doc.Descendants(), e => e.Attribute("src") is not null);
        Assert.DoesNotContain(doc.Descendants(), e => e.Attributes().Any(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)));
        var links = doc.Descendants().Select(e => (string?)e.Attribute("href")).OfType<string>().ToList();
        Assert.NotEmpty(links);
        Assert.All(links, href => Assert.StartsWith("#", href, StringComparison.Ordinal));
        Assert.Empty(doc.Descendants("link"));
        Assert.All(doc.Descendants("svg"), svg => Assert.Equal("img", (string?)svg.Attribute("role")));
        Assert.All(doc.Descendants("svg"), svg => Assert.False(string.IsNullOrEmpty((string?)svg.Attribute("aria-label"))));
    }

    [Fact]
    public void HostileGroupAndFeatureNamesAreShownAsTextNeverAsMarkup()
    {
        var rows = AuditRows.TwoGroups().Concat(AuditRows.Race(ScriptGroup, 10, 5, 5, 30)).Concat(AuditRows.Race(QuoteGroup, 10, 5, 5, 30)).ToList();
        var result = FairnessAudit.Compute(rows, Options) with
        {
            Proxies = [new ProxyAssociation("race", HostileFeature, 0.3, 50, "race=" + ScriptGroup, 1.5)],
            Calibration = [Calibration("race", "race=" + ScriptGroup, 0.1)],
        };
        var context = new AuditReportContext("<b>v1</b>", "rows & \"more\"", DateTimeOffset.UnixEpoch, Options)
        {
            Gate = new FairnessPolicy().Judge(result) with { OverrideReason = "</section><script>alert(4)</script>", OverriddenBy = "eve<i>" },
        };

        var html = Render(result, context);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>v1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onmouseover=\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        var doc = Parse(html);
        Assert.Contains(doc.Descendants("th"), th => th.Value == ScriptGroup);
        Assert.Contains(doc.Descendants("th"), th => th.Value == QuoteGroup);
        Assert.Contains(doc.Descendants("th"), th => th.Value == HostileFeature);
        Assert.Contains(WithClass(doc, "circle", "point"), c => (string?)c.Attribute("data-group") == "race=" + QuoteGroup);
        Assert.Equal("</section><script>alert(4)</script>", WithClass(doc, "span", "override-reason").Single().Value);
        Assert.Equal("eve<i>", WithClass(doc, "span", "overridden-by").Single().Value);
        Assert.Equal("<b>v1</b>", WithClass(doc, "span", "model-version").Single().Value);
    }

    [Fact]
    public void UndefinedRatesAndRatiosAreShownAsUndefinedNeverAsZero()
    {
        // U has only unlabelled rows: every error rate is undefined, and so are its ratios.
        var rows = AuditRows.TwoGroups().Concat(AuditRows.Race("U", 0, 0, 0, 0, unlabelled: 40)).ToList();
        var result = FairnessAudit.Compute(rows, Options);
        Assert.False(result.Group("race=U").TruePositiveRate.IsDefined);

        var doc = Parse(Render(result));

        var row = WithClass(doc, "table", "group-metrics").Single().Descendants("tr").Single(r => (string?)r.Attribute("data-group") == "race=U");
        var tpr = row.Elements("td").Single(td => (string?)td.Attribute("data-metric") == "truePositiveRate");
        Assert.Equal("undefined (no truly positive rows)", tpr.Value);
        var fpr = row.Elements("td").Single(td => (string?)td.Attribute("data-metric") == "falsePositiveRate");
        Assert.Equal("undefined (no truly negative rows)", fpr.Value);
        Assert.DoesNotContain("0.0%", tpr.Value, StringComparison.Ordinal);

        var chart = WithClass(doc, "svg", "disparity-chart").Single();
        Assert.DoesNotContain(WithClass(chart, "circle", "point"),
            c => (string?)c.Attribute("data-group") == "race=U" && (string?)c.Attribute("data-metric") == "falsePositiveRate");
        Assert.Contains(WithClass(chart, "text", "undefined-mark"),
            t => (string?)t.Attribute("data-group") == "race=U" && (string?)t.Attribute("data-metric") == "falsePositiveRate");
        var ratioCell = WithClass(doc, "table", "ratio-table").Single().Descendants("tr").Single(r => (string?)r.Attribute("data-group") == "race=U")
            .Elements("td").Single(td => (string?)td.Attribute("data-metric") == "falsePositiveRate");
        Assert.StartsWith("undefined", ratioCell.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void InfiniteRatiosAreNotDrawnAndAreListedAsUndefined()
    {
        var audit = Audit();
        var disparities = audit.Disparities
            .Select(d => d.Group == "race=B" && d.Metric == FairnessMetric.Precision ? d with { Ratio = double.PositiveInfinity, Lower = double.NaN, Upper = double.NaN } : d)
            .ToList();
        var result = audit with { Disparities = disparities };

        var doc = Parse(Render(result));

        var chart = WithClass(doc, "svg", "disparity-chart").Single();
        Assert.DoesNotContain(WithClass(chart, "circle", "point"),
            c => (string?)c.Attribute("data-group") == "race=B" && (string?)c.Attribute("data-metric") == "precision");
        Assert.Contains(WithClass(chart, "text", "undefined-mark"),
            t => (string?)t.Attribute("data-group") == "race=B" && (string?)t.Attribute("data-metric") == "precision");
        var expected = disparities.Count(d => KeyMetricNames.Contains(JsonMetric(d.Metric)) && double.IsFinite(d.Ratio));
        Assert.Equal(expected, WithClass(chart, "circle", "point").Count());
        Assert.All(WithClass(chart, "circle", "point"), c => Assert.True(double.TryParse((string?)c.Attribute("cx"), CultureInfo.InvariantCulture, out _)));
    }

    [Fact]
    public void ChartShowsTheFailingGroupFilledRedAndTheTinyGroupHollowAndLabelled()
    {
        var doc = Parse(Render(Audit()));

        var chart = WithClass(doc, "svg", "disparity-chart").Single();
        Assert.Equal("race", (string?)chart.Attribute("data-attribute"));
        Assert.Equal(KeyMetricNames, WithClass(chart, "rect", "pass-band").Select(r => (string?)r.Attribute("data-metric")));
        var failing = WithClass(chart, "circle", "point").Single(c => (string?)c.Attribute("data-group") == "race=B" && (string?)c.Attribute("data-metric") == "falsePositiveRate");
        Assert.Equal("fail", (string?)failing.Attribute("data-verdict"));
        var band = WithClass(chart, "rect", "pass-band").Single(r => (string?)r.Attribute("data-metric") == "falsePositiveRate");
        var bandRight = double.Parse((string)band.Attribute("x")!, CultureInfo.InvariantCulture) + double.Parse((string)band.Attribute("width")!, CultureInfo.InvariantCulture);
        Assert.True(double.Parse((string)failing.Attribute("cx")!, CultureInfo.InvariantCulture) > bandRight);

        var tiny = WithClass(chart, "circle", "point").Where(c => (string?)c.Attribute("data-group") == "race=C").ToList();
        Assert.NotEmpty(tiny);
        Assert.All(tiny, c => Assert.Equal("#ffffff", (string?)c.Attribute("fill")));
        Assert.All(tiny, c => Assert.Equal("insufficient", (string?)c.Attribute("data-verdict")));
        var label = WithClass(chart, "text", "group-label").Single(t => (string?)t.Attribute("data-group") == "race=C");
        Assert.Contains("too few rows", label.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void OverviewListsEverySummarySentenceUnderItsAttributeWithWordedBadges()
    {
        var result = Audit();
        var sentences = AuditReportWriter.Summarize(result, Options);

        var doc = Parse(Render(result));

        var overview = doc.Descendants("section").Single(s => (string?)s.Attribute("id") == "overview");
        var items = WithClass(overview, "li", "sentence").ToList();
        Assert.Equal(sentences.Count, items.Count);
        var race = WithClass(overview, "div", "overview-attribute").Single(d => (string?)d.Attribute("data-attribute") == "race");
        Assert.Equal("fail", (string?)race.Attribute("data-verdict"));
        Assert.Contains("Fails", race.Element("h3")!.Value, StringComparison.Ordinal);
        var failing = items.Single(li => li.Value.Contains("for group B", StringComparison.Ordinal));
        Assert.Equal("fail", (string?)failing.Attribute("data-verdict"));
        Assert.Contains("Fails", failing.Value, StringComparison.Ordinal);
        var tiny = items.Single(li => li.Value.Contains("group C is insufficient", StringComparison.Ordinal));
        Assert.Equal("insufficient", (string?)tiny.Attribute("data-verdict"));
        Assert.Contains("Not enough data", tiny.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAttributeWhoseOnlyFailsAreShareOfFlagsIsBadgedAsPassingWithTheNoteAsANote()
    {
        // B has A's rates but a tenth of its rows: only its share of flags is outside the band.
        var result = FairnessAudit.Compute([.. AuditRows.Race("A", 80, 40, 20, 260), .. AuditRows.Race("B", 8, 4, 2, 26)], Options);
        Assert.Contains(result.Disparities, d => d.Verdict == DisparityVerdict.Fail);

        var doc = Parse(Render(result));

        var overview = doc.Descendants("section").Single(s => (string?)s.Attribute("id") == "overview");
        var race = WithClass(overview, "div", "overview-attribute").Single(d => (string?)d.Attribute("data-attribute") == "race");
        Assert.Equal("pass", (string?)race.Attribute("data-verdict"));
        var items = WithClass(race, "li", "sentence").ToList();
        Assert.Equal(["pass", "note"], items.Select(li => (string?)li.Attribute("data-verdict")));
        Assert.Contains("share-of-flags and prevalence differences", items[1].Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("passed")]
    [InlineData("failed")]
    [InlineData("overridden")]
    public void GateBoxShowsItsStateInWordsWithTheFailingComparisons(string state)
    {
        var result = Audit();
        var judged = new FairnessPolicy { DecideOn = GateBasis.Point }.Judge(result);
        Assert.False(judged.Passed);
        var gate = state switch
        {
            "passed" => new GateDecision("lenient", "abc123", true, [], judged.Insufficient),
            "failed" => judged,
            _ => judged with { OverrideReason = "Reviewed by the ethics board on 2025-03-02.", OverriddenBy = "chief.analyst" },
        };

        var doc = Parse(Render(result, Context(gate)));

        var box = doc.Descendants("section").Single(s => (string?)s.Attribute("data-gate") is not null);
        Assert.Equal(state, (string?)box.Attribute("data-gate"));
        var headline = box.Element("h2")!.Value;
        Assert.Contains(state == "passed" ? "PASSED" : "FAILED", headline, StringComparison.Ordinal);
        Assert.Equal(state == "overridden", headline.Contains("OVERRIDDEN", StringComparison.Ordinal));
        var failures = WithClass(box, "table", "gate-failures").SingleOrDefault();
        if (state == "passed")
        {
            Assert.Null(failures);
        }
        else
        {
            Assert.NotNull(failures);
            var rows = failures.Element("tbody")!.Elements("tr").ToList();
            Assert.Equal(judged.Failures.Count, rows.Count);
            Assert.Contains(rows, r => (string?)r.Attribute("data-group") == "race=B" && (string?)r.Attribute("data-metric") == "falsePositiveRate");
        }

        var reason = WithClass(box, "span", "override-reason").SingleOrDefault();
        Assert.Equal(state == "overridden", reason is not null);
        if (reason is not null)
        {
            Assert.Equal("Reviewed by the ethics board on 2025-03-02.", reason.Value);
            Assert.Equal("chief.analyst", WithClass(box, "span", "overridden-by").Single().Value);
        }
    }

    [Fact]
    public void NoGateBoxIsWrittenWhenTheGateDidNotRun()
    {
        var doc = Parse(Render(Audit(), Context(gate: null)));

        Assert.DoesNotContain(doc.Descendants("section"), s => s.Attribute("data-gate") is not null);
    }

    [Fact]
    public void SameInputsGiveIdenticalPagesWhateverTheCurrentCulture()
    {
        var result = Audit() with { Calibration = [Calibration("race", "race=A", 0.05)] };
        var first = Render(result);
        var original = CultureInfo.CurrentCulture;
        string second;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            second = Render(result);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(first, second);
        Assert.DoesNotContain("0,8", first, StringComparison.Ordinal);
        Assert.Contains("0.80", first, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAuditGivesAWellFormedPageSayingNothingWasAudited()
    {
        var result = FairnessAudit.Compute([], Options);

        var doc = Parse(Render(result));

        Assert.Empty(WithClass(doc, "svg", "disparity-chart"));
        Assert.Contains("No group was audited", doc.Descendants("section").Single(s => (string?)s.Attribute("id") == "overview").Value, StringComparison.Ordinal);
        Assert.Contains("No calibration", doc.Descendants("section").Single(s => (string?)s.Attribute("id") == "calibration").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyGroupsGrowTheChartAndLongLabelsAreTruncatedWithTheFullTextInATitle()
    {
        var longName = "a group value that goes on and on far beyond what a chart label can hold " + new string('x', 40);
        var rows = Enumerable.Range(0, 60).SelectMany(i => AuditRows.Race("g" + i.ToString("00", CultureInfo.InvariantCulture), 10, 5, 5, 20))
            .Concat(AuditRows.Race(longName, 10, 5, 5, 20)).ToList();
        var small = FairnessAudit.Compute([.. AuditRows.TwoGroups()], Options);
        var large = FairnessAudit.Compute(rows, Options);

        var smallChart = WithClass(Parse(Render(small)), "svg", "disparity-chart").Single();
        var largeChart = WithClass(Parse(Render(large)), "svg", "disparity-chart").Single();

        var smallHeight = double.Parse((string)smallChart.Attribute("height")!, CultureInfo.InvariantCulture);
        var largeHeight = double.Parse((string)largeChart.Attribute("height")!, CultureInfo.InvariantCulture);
        Assert.True(largeHeight > smallHeight + (55 * 20), $"{largeHeight} vs {smallHeight}");
        Assert.Equal(61, WithClass(largeChart, "text", "group-label").Count());
        var label = WithClass(largeChart, "text", "group-label").Single(t => (string?)t.Attribute("data-group") == "race=" + longName);
        Assert.Equal("race=" + longName, label.Element("title")!.Value);
        var shown = string.Concat(label.Nodes().OfType<XText>().Select(t => t.Value));
        Assert.EndsWith("\u2026", shown, StringComparison.Ordinal);
        Assert.True(shown.Length < longName.Length);
    }

    [Fact]
    public void CalibrationAndProxiesAreDrawnWhenTheAuditHasThem()
    {
        var result = Audit() with
        {
            Calibration = [Calibration("race", "race=A", 0.05), Calibration("race", "race=B", double.NaN)],
            Proxies =
            [
                new ProxyAssociation("race", "narrative:eastside", 0.62, 120, "race=B", 2.6),
                new ProxyAssociation("race", "time:night", 0.02, 300, "race=A", 1.01),
            ],
        };

        var doc = Parse(Render(result));

        var chart = WithClass(doc, "svg", "calibration-chart").Single();
        Assert.Equal("race", (string?)chart.Attribute("data-attribute"));
        Assert.Single(WithClass(chart, "line", "diagonal"));
        Assert.Equal(2, WithClass(chart, "polyline", "calibration-line").Count());
        var ece = WithClass(doc, "table", "ece-table").Single().Descendants("tr").Single(r => (string?)r.Attribute("data-group") == "race=B");
        Assert.Contains("undefined", ece.Value, StringComparison.Ordinal);
        var bars = WithClass(doc, "svg", "proxy-bar").ToList();
        Assert.Equal(2, bars.Count);
        var strong = WithClass(bars[0], "rect", "bar").Single();
        var weak = WithClass(bars[1], "rect", "bar").Single();
        Assert.True(double.Parse((string)strong.Attribute("width")!, CultureInfo.InvariantCulture) > double.Parse((string)weak.Attribute("width")!, CultureInfo.InvariantCulture) * 10);
    }

    private static GroupCalibration Calibration(string attribute, string group, double ece) =>
        new(attribute, group,
            [.. Enumerable.Range(0, 5).Select(b => new CalibrationBin(b, b * 0.2, (b + 1) * 0.2, (b * 0.2) + 0.1, RateInterval.Wilson(b * 2, 10)))],
            ece);

    private static string JsonMetric(FairnessMetric metric) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(metric.ToString());
}
