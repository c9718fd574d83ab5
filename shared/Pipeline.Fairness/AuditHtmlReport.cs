using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Pipeline.Fairness;

/// <summary>
/// Writes an <see cref="AuditResult"/> as one self-contained HTML5 page for evaluators: no
/// external asset, no script, a strict Content-Security-Policy, charts as inline SVG. Every string
/// that comes from the data is HTML-escaped; numbers use the invariant culture; the same inputs
/// always give the same bytes.
/// </summary>
/// <remarks>
/// Tests and tools can query the page by class: <c>section.gate[data-gate]</c>,
/// <c>li.sentence[data-verdict]</c>, <c>svg.disparity-chart[data-attribute]</c> holding
/// <c>rect.pass-band[data-metric]</c> and <c>circle.point[data-group][data-metric][data-verdict]</c>,
/// <c>table.group-metrics</c>, <c>table.ratio-table</c>, <c>svg.calibration-chart</c>,
/// <c>table.proxy-table</c> with <c>svg.proxy-bar</c>, and <c>footer code.schema</c>.
/// The markup is also well-formed XML (void elements self-closed, attributes quoted).
/// </remarks>
public static class AuditHtmlReport
{
    /// <summary>The page's Content-Security-Policy: nothing may be loaded, only inline styles and data: images apply.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /// <summary>Writes the page. Write it as UTF-8 (the page declares that charset).</summary>
    /// <param name="result">The audit.</param>
    /// <param name="context">Model, data, time, options and, when the gate ran, its decision.</param>
    /// <param name="output">Where the HTML is written; left open.</param>
    public static void Write(AuditResult result, AuditReportContext context, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var options = context.Options ?? throw new ArgumentException("Options are required.", nameof(context));
        new HtmlPage(result, context, options, output).Write();
    }

    private sealed class HtmlPage(AuditResult result, AuditReportContext context, FairnessOptions options, TextWriter output)
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        private static readonly FairnessMetric[] KeyMetrics =
            [FairnessMetric.SelectionRate, FairnessMetric.FalsePositiveRate, FairnessMetric.FalseNegativeRate, FairnessMetric.Precision];

        private static readonly FairnessMetric[] TableMetrics =
        [
            FairnessMetric.Prevalence, FairnessMetric.SelectionRate, FairnessMetric.ShareOfFlags, FairnessMetric.TruePositiveRate,
            FairnessMetric.FalsePositiveRate, FairnessMetric.FalseNegativeRate, FairnessMetric.TrueNegativeRate, FairnessMetric.Precision,
            FairnessMetric.FalseDiscoveryRate, FairnessMetric.FalseOmissionRate, FairnessMetric.NegativePredictiveValue,
        ];

        // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), then dash patterns.
        private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F7F7F"];
        private static readonly string[] Dashes = [string.Empty, "6 3", "2 2", "9 3 2 3"];

        private const string PassColour = "#1a7f37";
        private const string FailColour = "#c62828";
        private const string GreyColour = "#8a8a8a";
        private const string BandColour = "#d8f0dc";
        private const double MinAxisRatio = 1.0 / 64;
        private const double MaxAxisRatio = 64;

        private readonly TextWriter _w = output;

        public void Write()
        {
            var attributes = Attributes();
            W("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
            W("<meta http-equiv=\"Content-Security-Policy\" content=\"" + ContentSecurityPolicy + "\" />\n");
            W("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
            W("<meta name=\"generator\" content=\"Pipeline.Fairness AuditHtmlReport\" />\n");
            W("<title>Fairness audit &#8211; model " + E(context.ModelVersion) + "</title>\n");
            W("<style>\n" + Css + "</style>\n</head>\n<body>\n");
            Header();
            if (context.Gate is not null)
            {
                Gate(context.Gate);
            }

            Overview(attributes);
            HowToRead();
            Contents(attributes);
            for (var i = 0; i < attributes.Count; i++)
            {
                AttributeSection(attributes[i], i);
            }

            Calibration();
            Proxies();
            Footer();
            W("</body>\n</html>\n");
        }

        private List<string> Attributes()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<string>();
            foreach (var a in result.Groups.Select(g => g.Attribute).Concat(result.Disparities.Select(d => d.Attribute)))
            {
                if (seen.Add(a))
                {
                    list.Add(a);
                }
            }

            return list;
        }

        private void Header()
        {
            W("<header>\n<h1>Fairness audit of model <span class=\"model-version\">" + E(context.ModelVersion) + "</span></h1>\n");
            W("<dl class=\"context\">\n");
            W("<dt>Data</dt><dd class=\"data-description\">" + E(context.DataDescription) + "</dd>\n");
            if (context.WindowFrom is not null || context.WindowTo is not null)
            {
                var from = context.WindowFrom is { } f ? Utc(f) : "(open)";
                var to = context.WindowTo is { } t ? Utc(t) + " (exclusive)" : "(open)";
                W("<dt>Window</dt><dd class=\"window\">from " + from + " to " + to + "</dd>\n");
            }

            W("<dt>Created</dt><dd class=\"created-at\">" + Utc(context.CreatedAt) + "</dd>\n");
            W("</dl>\n</header>\n");
        }

        private void Gate(GateDecision gate)
        {
            var state = gate.Passed ? "passed" : gate.Overridden ? "overridden" : "failed";
            var headline = state switch
            {
                "passed" => "&#10003; Promotion gate PASSED: no gated comparison is outside the pass band.",
                "overridden" => "&#9888; Promotion gate FAILED, but was OVERRIDDEN: the model was promoted anyway.",
                _ => "&#10007; Promotion gate FAILED: the model may not be promoted.",
            };
            W("<section class=\"gate gate-" + state + "\" data-gate=\"" + state + "\" aria-labelledby=\"gate-title\">\n");
            W("<h2 id=\"gate-title\">" + headline + "</h2>\n");
            W("<p class=\"policy\">Policy <strong>" + E(gate.PolicyName) + "</strong>");
            if (gate.PolicySha256.Length > 0)
            {
                W(", file SHA-256 <code>" + E(gate.PolicySha256) + "</code>");
            }

            W(".</p>\n");
            if (gate.Overridden)
            {
                W("<p class=\"override\"><strong>Overridden by</strong> <span class=\"overridden-by\">" + E(gate.OverriddenBy ?? "(not recorded)")
                    + "</span>. <strong>Reason:</strong> <span class=\"override-reason\">" + E(gate.OverrideReason) + "</span></p>\n");
            }

            if (gate.Judged == 0 && gate.Failures.Count == 0)
            {
                W("<p class=\"nothing-judged\">No gated comparison could be judged (no group was large enough, or no data): nothing was shown, so the gate does not pass.</p>\n");
            }

            if (gate.Failures.Count > 0)
            {
                W("<p>" + I(gate.Failures.Count) + (gate.Failures.Count == 1 ? " comparison fails" : " comparisons fail") + " the policy:</p>\n");
                GateTable(gate.Failures, "gate-failures");
            }

            if (gate.Insufficient.Count > 0)
            {
                W("<details class=\"gate-insufficient\"><summary>" + I(gate.Insufficient.Count)
                    + " gated comparisons could not be judged (not enough data); they are never counted as passes.</summary>\n");
                GateTable(gate.Insufficient, "gate-insufficient-table");
                W("</details>\n");
            }

            W("</section>\n");
        }

        private void GateTable(IReadOnlyList<Disparity> rows, string cssClass)
        {
            W("<div class=\"table-wrap\"><table class=\"" + cssClass + "\">\n<thead><tr><th scope=\"col\">Attribute</th><th scope=\"col\">Group</th>"
                + "<th scope=\"col\">Metric</th><th scope=\"col\">Ratio to reference</th><th scope=\"col\">95% interval</th><th scope=\"col\">Reference</th></tr></thead>\n<tbody>\n");
            foreach (var d in rows)
            {
                W("<tr data-group=\"" + E(d.Group) + "\" data-metric=\"" + JsonName(d.Metric) + "\"><td>" + E(d.Attribute) + "</td><th scope=\"row\">" + E(d.Group)
                    + "</th><td>" + MetricName(d.Metric) + "</td><td>" + RatioText(d) + "</td><td>" + IntervalText(d.Lower, d.Upper)
                    + "</td><td>" + E(d.Reference ?? "(none)") + "</td></tr>\n");
            }

            W("</tbody>\n</table></div>\n");
        }

        private void Overview(List<string> attributes)
        {
            W("<section id=\"overview\" class=\"overview\">\n<h2>Overview</h2>\n");
            var sentences = AuditReportWriter.Summarize(result, options);
            if (sentences.Count == 0)
            {
                W("<p class=\"empty\">No group was audited: no row carried an audited attribute.</p>\n</section>\n");
                return;
            }

            var byAttribute = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var other = new List<string>();
            foreach (var s in sentences)
            {
                string? match = null;
                foreach (var a in attributes)
                {
                    if (s.StartsWith(a + ": ", StringComparison.Ordinal) && (match is null || a.Length > match.Length))
                    {
                        match = a;
                    }
                }

                if (match is null)
                {
                    other.Add(s);
                }
                else
                {
                    if (!byAttribute.TryGetValue(match, out var list))
                    {
                        list = [];
                        byAttribute.Add(match, list);
                    }

                    list.Add(s[(match.Length + 2)..]);
                }
            }

            for (var i = 0; i < attributes.Count; i++)
            {
                if (!byAttribute.TryGetValue(attributes[i], out var list))
                {
                    continue;
                }

                var verdict = AttributeVerdict(attributes[i]);
                W("<div class=\"overview-attribute\" data-attribute=\"" + E(attributes[i]) + "\" data-verdict=\"" + verdict + "\">\n<h3><a href=\"#attr-"
                    + I(i) + "\">" + E(attributes[i]) + "</a> " + Badge(verdict) + "</h3>\n<ul>\n");
                foreach (var s in list)
                {
                    var v = SentenceVerdict(s);
                    W("<li class=\"sentence\" data-verdict=\"" + v + "\">" + Badge(v) + " " + E(s) + "</li>\n");
                }

                W("</ul>\n</div>\n");
            }

            if (other.Count > 0)
            {
                W("<div class=\"overview-attribute\" data-attribute=\"\"><h3>Other findings</h3>\n<ul>\n");
                foreach (var s in other)
                {
                    var v = SentenceVerdict(s);
                    W("<li class=\"sentence\" data-verdict=\"" + v + "\">" + Badge(v) + " " + E(s) + "</li>\n");
                }

                W("</ul>\n</div>\n");
            }

            W("</section>\n");
        }

        private string AttributeVerdict(string attribute)
        {
            var any = false;
            var insufficient = false;
            foreach (var d in result.Disparities)
            {
                if (!string.Equals(d.Attribute, attribute, StringComparison.Ordinal))
                {
                    continue;
                }

                any = true;
                // As in the summary sentences: share of flags and prevalence outside the band
                // describe group size and base rates, not the model, so they do not fail an attribute.
                if (d.Verdict == DisparityVerdict.Fail && AuditReportWriter.JudgesModel(d.Metric))
                {
                    return "fail";
                }

                insufficient |= d.Verdict == DisparityVerdict.Insufficient;
            }

            return !any ? "note" : insufficient ? "insufficient" : "pass";
        }

        // The sentences are Summarize's prose: the badge follows its fixed openings (anchored at the
        // start, so a group's name inside a sentence cannot change the badge) and says "note" for
        // anything it does not recognise rather than guess a verdict.
        private static string SentenceVerdict(string sentence)
        {
            var words = sentence.Split(' ', 6);
            if (words.Length >= 6 && int.TryParse(words[0], NumberStyles.None, Inv, out _) && words[1] == "of"
                && int.TryParse(words[2], NumberStyles.None, Inv, out _) && words[3] == "metrics" && words[4] == "fail")
            {
                return "fail";
            }

            if (sentence.StartsWith("no judged metric fails", StringComparison.Ordinal)
                || (sentence.StartsWith("group ", StringComparison.Ordinal) && sentence.Contains(" is insufficient", StringComparison.Ordinal)))
            {
                return "insufficient";
            }

            return sentence.StartsWith("all ", StringComparison.Ordinal) && sentence.Contains(" pass every metric", StringComparison.Ordinal) ? "pass" : "note";
        }

        private static string Badge(string verdict) => verdict switch
        {
            "pass" => "<span class=\"badge badge-pass\">&#10003; Passes</span>",
            "fail" => "<span class=\"badge badge-fail\">&#10007; Fails</span>",
            "insufficient" => "<span class=\"badge badge-insufficient\">? Not enough data</span>",
            _ => "<span class=\"badge badge-note\">i Note</span>",
        };

        private void HowToRead()
        {
            var band = Ratio(options.PassBandLower) + "&#8211;" + Ratio(options.PassBandUpper);
            W("<section id=\"how-to-read\" class=\"how-to-read\">\n<h2>How to read this</h2>\n");
            W("<p>Each group of people is compared with a <em>reference group</em> (" + ReferenceText(options.Reference)
                + "). The <em>ratio to reference</em> is the group's rate divided by the reference's rate: 1 means the same, 2 means twice as often, 0.5 half as often. "
                + "<strong>Selection rate</strong> is the share of the group the model flagged. <strong>False positive rate (FPR)</strong> is, among people whose true outcome was negative, the share wrongly flagged. "
                + "<strong>False negative rate (FNR)</strong> is, among people whose true outcome was positive, the share the model missed. "
                + "<strong>Precision</strong> is, among flagged people with a known outcome, the share rightly flagged. "
                + "A ratio <strong>passes</strong> when it lies between " + band + " (the pass band, shaded green in the charts). "
                + "Groups with fewer than " + I(options.MinimumGroupSize) + " rows, and ratios that cannot be computed, are marked <strong>not enough data</strong>: they are never counted as passing. "
                + "Ranges are 95% intervals (Wilson for rates, bootstrap for ratios): the wider the range, the less certain the value.</p>\n</section>\n");
        }

        private void Contents(List<string> attributes)
        {
            if (attributes.Count == 0)
            {
                return;
            }

            W("<nav class=\"contents\" aria-label=\"Attributes\"><h2>Attributes and intersections</h2>\n<ul>\n");
            for (var i = 0; i < attributes.Count; i++)
            {
                W("<li><a href=\"#attr-" + I(i) + "\">" + E(attributes[i]) + "</a></li>\n");
            }

            W("<li><a href=\"#calibration\">Calibration</a></li>\n<li><a href=\"#proxies\">Proxies</a></li>\n</ul>\n</nav>\n");
        }

        private void AttributeSection(string attribute, int index)
        {
            var groups = result.Groups.Where(g => string.Equals(g.Attribute, attribute, StringComparison.Ordinal)).ToList();
            var lookup = new Dictionary<(string Group, FairnessMetric Metric), Disparity>();
            foreach (var d in result.Disparities)
            {
                if (string.Equals(d.Attribute, attribute, StringComparison.Ordinal))
                {
                    lookup.TryAdd((d.Group, d.Metric), d);
                }
            }

            var kind = attribute.Contains(" & ", StringComparison.Ordinal) ? "Intersection" : "Attribute";
            W("<section class=\"attribute\" id=\"attr-" + I(index) + "\" data-attribute=\"" + E(attribute) + "\">\n<h2>" + kind + ": " + E(attribute) + " "
                + Badge(AttributeVerdict(attribute)) + "</h2>\n");
            if (groups.Count == 0)
            {
                W("<p class=\"empty\">No group has rows for this attribute.</p>\n</section>\n");
                return;
            }

            W("<h3>Disparity ratios</h3>\n");
            DisparityChart(attribute, groups, lookup);
            RatioTable(attribute, groups, lookup);
            W("<h3>Group metrics</h3>\n");
            GroupTable(attribute, groups);
            W("</section>\n");
        }

        private void DisparityChart(string attribute, List<GroupMetrics> groups, Dictionary<(string Group, FairnessMetric Metric), Disparity> lookup)
        {
            const double labelWidth = 210;
            const double panelWidth = 190;
            const double gap = 28;
            const double top = 48;
            const double rowHeight = 22;
            const double bottom = 34;
            const double right = 14;
            var width = labelWidth + (KeyMetrics.Length * (panelWidth + gap)) - gap + right;
            var rowsHeight = groups.Count * rowHeight;
            var height = top + rowsHeight + bottom;

            var lo = Math.Min(options.PassBandLower, 1);
            var hi = Math.Max(options.PassBandUpper, 1);
            var drawn = 0;
            var fails = 0;
            var undefined = 0;
            foreach (var g in groups)
            {
                foreach (var m in KeyMetrics)
                {
                    if (!lookup.TryGetValue((g.Label, m), out var d) || !double.IsFinite(d.Ratio))
                    {
                        undefined++;
                        continue;
                    }

                    drawn++;
                    fails += d.Verdict == DisparityVerdict.Fail ? 1 : 0;
                    foreach (var v in (ReadOnlySpan<double>)[d.Ratio, d.Lower, d.Upper])
                    {
                        if (double.IsFinite(v) && v > 0)
                        {
                            lo = Math.Min(lo, v);
                            hi = Math.Max(hi, v);
                        }
                    }
                }
            }

            lo = Math.Max(lo / 1.2, MinAxisRatio);
            hi = Math.Min(hi * 1.2, MaxAxisRatio);
            if (!(lo > 0 && hi > lo))
            {
                lo = 0.5;
                hi = 2;
            }

            var logLo = Math.Log(lo);
            var logSpan = Math.Log(hi) - logLo;
            double X(int panel, double ratio) =>
                labelWidth + (panel * (panelWidth + gap)) + ((Math.Log(Math.Clamp(ratio, lo, hi)) - logLo) / logSpan * panelWidth);

            var label = string.Create(Inv, $"Disparity ratios to the reference for {attribute}: {groups.Count} groups, {KeyMetrics.Length} metrics, {drawn} ratios drawn, {fails} outside the pass band, {undefined} undefined.");
            W("<figure class=\"chart\">\n<svg class=\"disparity-chart\" data-attribute=\"" + E(attribute) + "\" data-points=\"" + I(drawn) + "\" role=\"img\" aria-label=\"" + E(label) + "\" viewBox=\"0 0 " + C(width) + " " + C(height) + "\" width=\"" + C(width) + "\" height=\"" + C(height) + "\">\n");
            W("<title>" + E(label) + "</title>\n");

            for (var r = 0; r < groups.Count; r++)
            {
                var y = top + (r * rowHeight);
                if (r % 2 == 1)
                {
                    W("<rect class=\"row-stripe\" x=\"0\" y=\"" + C(y) + "\" width=\"" + C(width) + "\" height=\"" + C(rowHeight) + "\" fill=\"#f4f5f7\" />\n");
                }

                var g = groups[r];
                var max = g.Insufficient ? 18 : 28;
                W("<text class=\"group-label" + (g.Insufficient ? " insufficient" : string.Empty) + "\" data-group=\"" + E(g.Label) + "\" x=\"" + C(labelWidth - 10)
                    + "\" y=\"" + C(y + (rowHeight / 2) + 4) + "\" text-anchor=\"end\" fill=\"" + (g.Insufficient ? "#6b6b6b" : "#1f2328") + "\"><title>"
                    + E(g.Label) + (g.Insufficient ? string.Create(Inv, $" (only {g.Size} rows: too few to judge)") : string.Empty) + "</title>"
                    + E(Truncate(GroupName(g), max)) + (g.Insufficient ? "<tspan class=\"insufficient-tag\" font-style=\"italic\"> (too few rows)</tspan>" : string.Empty) + "</text>\n");
            }

            for (var p = 0; p < KeyMetrics.Length; p++)
            {
                var metric = KeyMetrics[p];
                var left = labelWidth + (p * (panelWidth + gap));
                var centre = left + (panelWidth / 2);
                W("<g class=\"panel\" data-metric=\"" + JsonName(metric) + "\">\n");
                W("<text class=\"panel-title\" x=\"" + C(centre) + "\" y=\"16\" text-anchor=\"middle\" font-weight=\"600\">" + MetricName(metric) + "</text>\n");
                var references = groups.Select(g => lookup.TryGetValue((g.Label, metric), out var d) ? d.Reference : null)
                    .Where(r => r is not null).Distinct(StringComparer.Ordinal).ToList();
                var referenceText = references.Count == 1 ? "vs " + references[0] : references.Count == 0 ? "no reference" : "vs per-group reference";
                W("<text class=\"panel-reference\" x=\"" + C(centre) + "\" y=\"32\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\"><title>"
                    + E(referenceText) + "</title>" + E(Truncate(referenceText, 30)) + "</text>\n");

                var bandX1 = X(p, options.PassBandLower);
                var bandX2 = X(p, options.PassBandUpper);
                W("<rect class=\"pass-band\" data-metric=\"" + JsonName(metric) + "\" x=\"" + C(bandX1) + "\" y=\"" + C(top - 4) + "\" width=\"" + C(bandX2 - bandX1)
                    + "\" height=\"" + C(rowsHeight + 8) + "\" fill=\"" + BandColour + "\"><title>Pass band " + Ratio(options.PassBandLower) + "&#8211;"
                    + Ratio(options.PassBandUpper) + "</title></rect>\n");
                W("<line class=\"axis\" x1=\"" + C(left) + "\" y1=\"" + C(top + rowsHeight + 6) + "\" x2=\"" + C(left + panelWidth) + "\" y2=\"" + C(top + rowsHeight + 6)
                    + "\" stroke=\"#57606a\" />\n");
                foreach (var tick in Ticks(lo, hi, panelWidth))
                {
                    var tx = X(p, tick);
                    W("<line class=\"tick\" x1=\"" + C(tx) + "\" y1=\"" + C(top + rowsHeight + 6) + "\" x2=\"" + C(tx) + "\" y2=\"" + C(top + rowsHeight + 10)
                        + "\" stroke=\"#57606a\" />\n<text class=\"tick-label\" x=\"" + C(tx) + "\" y=\"" + C(top + rowsHeight + 22)
                        + "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#57606a\">" + TickText(tick) + "</text>\n");
                }

                var oneX = X(p, 1);
                W("<line class=\"reference-line\" x1=\"" + C(oneX) + "\" y1=\"" + C(top - 4) + "\" x2=\"" + C(oneX) + "\" y2=\"" + C(top + rowsHeight + 6)
                    + "\" stroke=\"#444c56\" stroke-dasharray=\"4 3\"><title>Ratio 1: same rate as the reference</title></line>\n");

                for (var r = 0; r < groups.Count; r++)
                {
                    var g = groups[r];
                    var y = top + (r * rowHeight) + (rowHeight / 2);
                    if (!lookup.TryGetValue((g.Label, metric), out var d) || !double.IsFinite(d.Ratio))
                    {
                        var reason = d?.Reason ?? "no comparison was computed";
                        W("<text class=\"undefined-mark\" data-group=\"" + E(g.Label) + "\" data-metric=\"" + JsonName(metric) + "\" x=\"" + C(centre) + "\" y=\""
                            + C(y + 4) + "\" text-anchor=\"middle\" font-size=\"11\" font-style=\"italic\" fill=\"#6b6b6b\"><title>" + E(g.Label) + ", "
                            + MetricName(metric) + ": ratio undefined (" + E(reason) + ")</title>undefined</text>\n");
                        continue;
                    }

                    var insufficient = d.Verdict == DisparityVerdict.Insufficient;
                    var colour = d.Verdict switch
                    {
                        DisparityVerdict.Pass => PassColour,
                        DisparityVerdict.Fail => FailColour,
                        _ => GreyColour,
                    };
                    if (double.IsFinite(d.Lower) && double.IsFinite(d.Upper))
                    {
                        var x1 = X(p, d.Lower);
                        var x2 = X(p, d.Upper);
                        W("<line class=\"whisker\" data-group=\"" + E(g.Label) + "\" x1=\"" + C(x1) + "\" y1=\"" + C(y) + "\" x2=\"" + C(x2) + "\" y2=\"" + C(y)
                            + "\" stroke=\"" + colour + "\" stroke-width=\"1.5\" />\n");
                        W("<line class=\"whisker-cap\" x1=\"" + C(x1) + "\" y1=\"" + C(y - 4) + "\" x2=\"" + C(x1) + "\" y2=\"" + C(y + 4) + "\" stroke=\"" + colour + "\" />\n");
                        W("<line class=\"whisker-cap\" x1=\"" + C(x2) + "\" y1=\"" + C(y - 4) + "\" x2=\"" + C(x2) + "\" y2=\"" + C(y + 4) + "\" stroke=\"" + colour + "\" />\n");
                    }

                    var clamped = d.Ratio < lo || d.Ratio > hi;
                    var verdictWord = d.Verdict switch
                    {
                        DisparityVerdict.Pass => "passes",
                        DisparityVerdict.Fail => "fails (outside the pass band)",
                        _ => "not enough data to judge (" + (d.Reason ?? "insufficient") + ")",
                    };
                    W("<circle class=\"point " + VerdictName(d.Verdict) + (clamped ? " clamped" : string.Empty) + "\" data-group=\"" + E(g.Label) + "\" data-metric=\""
                        + JsonName(metric) + "\" data-verdict=\"" + VerdictName(d.Verdict) + "\" data-ratio=\"" + d.Ratio.ToString("0.####", Inv) + "\" cx=\"" + C(X(p, d.Ratio))
                        + "\" cy=\"" + C(y) + "\" r=\"" + (d.Verdict == DisparityVerdict.Fail ? "6" : "5") + "\" fill=\"" + (insufficient ? "#ffffff" : colour)
                        + "\" stroke=\"" + (insufficient ? GreyColour : "#ffffff") + "\" stroke-width=\"" + (insufficient ? "2" : "1") + "\"><title>" + E(g.Label) + ", "
                        + MetricName(metric) + ": ratio " + Ratio(d.Ratio) + (clamped ? " (off the scale)" : string.Empty) + ", 95% interval "
                        + IntervalText(d.Lower, d.Upper) + "; " + E(verdictWord) + "</title></circle>\n");
                }

                W("</g>\n");
            }

            W("</svg>\n<figcaption>Ratio of each group's rate to the reference group's, on a log scale (0.5 and 2 are equally far from 1). "
                + "<span class=\"key key-pass\">&#9679; green: inside the pass band</span> <span class=\"key key-fail\">&#9679; red, larger: outside the band (fails)</span> "
                + "<span class=\"key key-insufficient\">&#9675; hollow grey: not enough data to judge</span>. The line through a dot is its 95% bootstrap interval; "
                + "the shaded area is the pass band " + Ratio(options.PassBandLower) + "&#8211;" + Ratio(options.PassBandUpper) + "; the dashed line is ratio 1.");
            if (undefined > 0)
            {
                W(" <strong>" + I(undefined) + (undefined == 1 ? " ratio is" : " ratios are") + " undefined</strong> and not drawn (marked &#8220;undefined&#8221;; see the table below).");
            }

            W("</figcaption>\n</figure>\n");
        }

        private void RatioTable(string attribute, List<GroupMetrics> groups, Dictionary<(string Group, FairnessMetric Metric), Disparity> lookup)
        {
            W("<div class=\"table-wrap\"><table class=\"ratio-table\" data-attribute=\"" + E(attribute) + "\">\n<caption>Ratios to reference (the numbers behind the chart)</caption>\n<thead><tr><th scope=\"col\">Group</th>");
            foreach (var m in KeyMetrics)
            {
                W("<th scope=\"col\">" + MetricName(m) + "</th>");
            }

            W("</tr></thead>\n<tbody>\n");
            foreach (var g in groups)
            {
                W("<tr data-group=\"" + E(g.Label) + "\"><th scope=\"row\">" + E(GroupName(g)) + "</th>");
                foreach (var m in KeyMetrics)
                {
                    if (!lookup.TryGetValue((g.Label, m), out var d))
                    {
                        W("<td class=\"undefined\" data-metric=\"" + JsonName(m) + "\">undefined (not compared)</td>");
                        continue;
                    }

                    var verdict = VerdictName(d.Verdict);
                    W("<td class=\"verdict-" + verdict + "\" data-metric=\"" + JsonName(m) + "\" data-verdict=\"" + verdict + "\" title=\"reference " + E(d.Reference ?? "(none)") + "\">");
                    if (double.IsFinite(d.Ratio))
                    {
                        W(Ratio(d.Ratio) + " <span class=\"ci\">" + IntervalText(d.Lower, d.Upper) + "</span> ");
                    }
                    else
                    {
                        W("<span class=\"undefined\">undefined</span> ");
                    }

                    W(d.Verdict switch
                    {
                        DisparityVerdict.Pass => "<span class=\"word\">passes</span>",
                        DisparityVerdict.Fail => "<span class=\"word\">fails</span>",
                        _ => "<span class=\"word\">not enough data (" + E(d.Reason ?? "insufficient") + ")</span>",
                    });
                    W("</td>");
                }

                W("</tr>\n");
            }

            W("</tbody>\n</table></div>\n");
        }

        private void GroupTable(string attribute, List<GroupMetrics> groups)
        {
            W("<div class=\"table-wrap\"><table class=\"group-metrics\" data-attribute=\"" + E(attribute) + "\">\n<caption>Rates per group, each with its 95% Wilson interval</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Rows</th>");
            foreach (var m in TableMetrics)
            {
                W("<th scope=\"col\">" + MetricName(m) + "</th>");
            }

            W("</tr></thead>\n<tbody>\n");
            foreach (var g in groups)
            {
                W("<tr data-group=\"" + E(g.Label) + "\"" + (g.Insufficient ? " class=\"insufficient\"" : string.Empty) + "><th scope=\"row\">" + E(GroupName(g))
                    + (g.Insufficient ? " <span class=\"badge badge-insufficient\">? Too few rows</span>" : string.Empty) + "</th><td class=\"size\">" + I(g.Size) + "</td>");
                foreach (var m in TableMetrics)
                {
                    var rate = g.Rate(m);
                    if (!rate.IsDefined)
                    {
                        W("<td class=\"undefined\" data-metric=\"" + JsonName(m) + "\">undefined (" + NoDenominator(m) + ")</td>");
                    }
                    else
                    {
                        W("<td data-metric=\"" + JsonName(m) + "\" title=\"" + I(rate.Numerator) + " of " + I(rate.Denominator) + "\">" + Percent(rate.Value)
                            + " <span class=\"ci\">" + Percent(rate.Lower) + "&#8211;" + Percent(rate.Upper) + "</span></td>");
                    }
                }

                W("</tr>\n");
            }

            W("</tbody>\n</table></div>\n");
        }

        private void Calibration()
        {
            W("<section id=\"calibration\" class=\"calibration\">\n<h2>Calibration</h2>\n");
            if (result.Calibration.Count == 0)
            {
                W("<p class=\"empty\">No calibration: no row had both a score and a known outcome.</p>\n</section>\n");
                return;
            }

            W("<p>For each score range (the same ranges for every group), the share of people who truly were positive. A well-calibrated model lies on the dashed diagonal for every group: "
                + "a score means the same thing whatever the group. The expected calibration error (ECE) is the average distance from the diagonal, 0 being perfect.</p>\n");
            foreach (var attribute in result.Calibration.Select(c => c.Attribute).Distinct(StringComparer.Ordinal))
            {
                var groups = result.Calibration.Where(c => string.Equals(c.Attribute, attribute, StringComparison.Ordinal)).ToList();
                W("<div class=\"calibration-attribute\" data-attribute=\"" + E(attribute) + "\">\n<h3>" + E(attribute) + "</h3>\n<div class=\"side-by-side\">\n");
                CalibrationChart(attribute, groups);
                EceTable(attribute, groups);
                W("</div>\n</div>\n");
            }

            W("</section>\n");
        }

        private void CalibrationChart(string attribute, List<GroupCalibration> groups)
        {
            const double left = 52;
            const double top = 14;
            const double plot = 300;
            const double right = 16;
            const double bottom = 46;
            var width = left + plot + right;
            var height = top + plot + bottom;
            double x0 = 0;
            double x1 = 1;
            foreach (var b in groups.SelectMany(g => g.Bins))
            {
                if (double.IsFinite(b.ScoreLower))
                {
                    x0 = Math.Min(x0, b.ScoreLower);
                }

                if (double.IsFinite(b.ScoreUpper))
                {
                    x1 = Math.Max(x1, b.ScoreUpper);
                }
            }

            double X(double score) => left + ((score - x0) / (x1 - x0) * plot);
            double Y(double rate) => top + plot - (Math.Clamp(rate, 0, 1) * plot);

            var label = string.Create(Inv, $"Calibration by group for {attribute}: observed positive rate per score bin for {groups.Count} groups, with the diagonal of perfect calibration.");
            W("<figure class=\"chart\">\n<svg class=\"calibration-chart\" data-attribute=\"" + E(attribute) + "\" role=\"img\" aria-label=\""
                + E(label) + "\" viewBox=\"0 0 " + C(width) + " " + C(height) + "\" width=\"" + C(width) + "\" height=\"" + C(height) + "\">\n<title>"
                + E(label) + "</title>\n");
            for (var k = 0; k <= 5; k++)
            {
                var gy = Y(k / 5.0);
                var score = x0 + ((x1 - x0) * k / 5.0);
                var gx = X(score);
                W("<line class=\"grid\" x1=\"" + C(left) + "\" y1=\"" + C(gy) + "\" x2=\"" + C(left + plot) + "\" y2=\"" + C(gy) + "\" stroke=\"#e1e4e8\" />\n");
                W("<line class=\"grid\" x1=\"" + C(gx) + "\" y1=\"" + C(top) + "\" x2=\"" + C(gx) + "\" y2=\"" + C(top + plot) + "\" stroke=\"#e1e4e8\" />\n");
                W("<text class=\"tick-label\" x=\"" + C(left - 6) + "\" y=\"" + C(gy + 4) + "\" text-anchor=\"end\" font-size=\"10\" fill=\"#57606a\">" + Percent0(k / 5.0) + "</text>\n");
                W("<text class=\"tick-label\" x=\"" + C(gx) + "\" y=\"" + C(top + plot + 16) + "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#57606a\">" + score.ToString("0.##", Inv) + "</text>\n");
            }

            W("<rect class=\"plot-frame\" x=\"" + C(left) + "\" y=\"" + C(top) + "\" width=\"" + C(plot) + "\" height=\"" + C(plot) + "\" fill=\"none\" stroke=\"#57606a\" />\n");
            var d0 = Math.Max(x0, 0);
            var d1 = Math.Min(x1, 1);
            W("<line class=\"diagonal\" x1=\"" + C(X(d0)) + "\" y1=\"" + C(Y(d0)) + "\" x2=\"" + C(X(d1)) + "\" y2=\"" + C(Y(d1))
                + "\" stroke=\"#444c56\" stroke-dasharray=\"5 4\"><title>Perfect calibration: observed rate equals score</title></line>\n");
            W("<text class=\"axis-title\" x=\"" + C(left + (plot / 2)) + "\" y=\"" + C(top + plot + 36) + "\" text-anchor=\"middle\" font-size=\"12\">Model score</text>\n");
            W("<text class=\"axis-title\" x=\"12\" y=\"" + C(top + (plot / 2)) + "\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 12 " + C(top + (plot / 2))
                + ")\">Observed positive rate</text>\n");

            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var colour = Palette[i % Palette.Length];
                var dash = Dashes[i / Palette.Length % Dashes.Length];
                var small = IsInsufficient(g.Group);
                var points = g.Bins.Where(b => b.ObservedRate.IsDefined && double.IsFinite(b.MeanScore)).ToList();
                // Tiny groups are drawn faint: their bins hold a handful of rows and would otherwise dominate the picture.
                W("<g class=\"calibration-group" + (small ? " insufficient" : string.Empty) + "\" data-group=\"" + E(g.Group) + "\"" + (small ? " opacity=\"0.35\"" : string.Empty) + ">\n");
                if (points.Count >= 2)
                {
                    W("<polyline class=\"calibration-line\" data-group=\"" + E(g.Group) + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.8\""
                        + (dash.Length > 0 ? " stroke-dasharray=\"" + dash + "\"" : string.Empty) + " points=\""
                        + string.Join(" ", points.Select(b => C(X(b.MeanScore)) + "," + C(Y(b.ObservedRate.Value)))) + "\"><title>" + E(g.Group) + "</title></polyline>\n");
                }

                foreach (var b in points)
                {
                    W("<circle class=\"calibration-point\" data-group=\"" + E(g.Group) + "\" data-bin=\"" + I(b.Bin) + "\" cx=\"" + C(X(b.MeanScore)) + "\" cy=\""
                        + C(Y(b.ObservedRate.Value)) + "\" r=\"3\" fill=\"" + colour + "\"><title>" + E(g.Group) + ", score " + b.ScoreLower.ToString("0.###", Inv) + "&#8211;"
                        + b.ScoreUpper.ToString("0.###", Inv) + " (mean " + b.MeanScore.ToString("0.###", Inv) + "): " + Percent(b.ObservedRate.Value) + " positive ("
                        + I(b.ObservedRate.Numerator) + " of " + I(b.ObservedRate.Denominator) + ")</title></circle>\n");
                }

                W("</g>\n");
            }

            W("</svg>\n<figcaption>Each line is one group (see the key); faint lines are groups with too few rows to judge. The dashed diagonal is perfect calibration.</figcaption>\n</figure>\n");
        }

        private void EceTable(string attribute, List<GroupCalibration> groups)
        {
            W("<div class=\"table-wrap\"><table class=\"ece-table\" data-attribute=\"" + E(attribute) + "\">\n<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Group</th>"
                + "<th scope=\"col\">ECE</th><th scope=\"col\">Scored rows with outcome</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var colour = Palette[i % Palette.Length];
                var dash = Dashes[i / Palette.Length % Dashes.Length];
                var rows = g.Bins.Sum(b => b.ObservedRate.Denominator);
                W("<tr data-group=\"" + E(g.Group) + "\"><td><svg class=\"swatch\" role=\"img\" aria-label=\"line style of " + E(g.Group)
                    + "\" width=\"28\" height=\"10\" viewBox=\"0 0 28 10\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke=\"" + colour + "\" stroke-width=\"2\""
                    + (dash.Length > 0 ? " stroke-dasharray=\"" + dash + "\"" : string.Empty) + " /></svg></td><th scope=\"row\">" + E(g.Group)
                    + (IsInsufficient(g.Group) ? " <span class=\"badge badge-insufficient\">? Too few rows</span>" : string.Empty) + "</th>");
                W(double.IsFinite(g.ExpectedCalibrationError)
                    ? "<td class=\"ece\">" + g.ExpectedCalibrationError.ToString("0.000", Inv) + "</td>"
                    : "<td class=\"ece undefined\">undefined (no scored rows with an outcome)</td>");
                W("<td>" + I(rows) + "</td></tr>\n");
            }

            W("</tbody>\n</table></div>\n");
        }

        private bool IsInsufficient(string label) =>
            result.Groups.FirstOrDefault(g => string.Equals(g.Label, label, StringComparison.Ordinal)) is { Insufficient: true };

        private void Proxies()
        {
            W("<section id=\"proxies\" class=\"proxies\">\n<h2>Possible proxies</h2>\n");
            if (result.Proxies.Count == 0)
            {
                W("<p class=\"empty\">No proxy check: no row listed its model features.</p>\n</section>\n");
                return;
            }

            W("<p>A feature whose presence predicts a protected attribute lets a model treat groups differently without ever seeing the attribute. "
                + "Cram&#233;r's V runs from 0 (no association) to 1 (the feature determines the group); lift is how much more common the most associated group is among rows with the feature than overall.</p>\n");
            const double barWidth = 140;
            foreach (var attribute in result.Proxies.Select(p => p.Attribute).Distinct(StringComparer.Ordinal))
            {
                W("<div class=\"proxy-attribute\" data-attribute=\"" + E(attribute) + "\">\n<h3>" + E(attribute) + "</h3>\n<div class=\"table-wrap\"><table class=\"proxy-table\" data-attribute=\""
                    + E(attribute) + "\">\n<thead><tr><th scope=\"col\">Feature</th><th scope=\"col\">Cram&#233;r's V</th><th scope=\"col\">Strength</th><th scope=\"col\">Rows with feature</th>"
                    + "<th scope=\"col\">Most associated group</th><th scope=\"col\">Lift</th></tr></thead>\n<tbody>\n");
                foreach (var p in result.Proxies.Where(p => string.Equals(p.Attribute, attribute, StringComparison.Ordinal)))
                {
                    var v = double.IsFinite(p.CramersV) ? Math.Clamp(p.CramersV, 0, 1) : double.NaN;
                    var vText = double.IsFinite(v) ? p.CramersV.ToString("0.000", Inv) : "undefined";
                    W("<tr data-feature=\"" + E(p.Feature) + "\"><th scope=\"row\" class=\"feature\">" + E(p.Feature) + "</th><td><svg class=\"proxy-bar\" data-feature=\""
                        + E(p.Feature) + "\" role=\"img\" aria-label=\"Cram&#233;r's V " + vText + "\" width=\"" + C(barWidth) + "\" height=\"12\" viewBox=\"0 0 " + C(barWidth)
                        + " 12\"><title>Cram&#233;r's V " + vText + "</title><rect class=\"bar-track\" x=\"0\" y=\"1\" width=\"" + C(barWidth)
                        + "\" height=\"10\" fill=\"#eceff3\" /><rect class=\"bar\" x=\"0\" y=\"1\" width=\"" + C(double.IsFinite(v) ? v * barWidth : 0)
                        + "\" height=\"10\" fill=\"" + StrengthColour(v) + "\" /></svg> " + vText + "</td><td class=\"strength\">" + Strength(v) + "</td><td>" + I(p.Support)
                        + "</td><td>" + E(p.MostAssociatedGroup) + "</td><td>" + (double.IsFinite(p.Lift) ? "&#215;" + Ratio(p.Lift) : "undefined") + "</td></tr>\n");
                }

                W("</tbody>\n</table></div>\n</div>\n");
            }

            W("</section>\n");
        }

        private void Footer()
        {
            W("<footer>\n<p>Machine-readable schema: <code class=\"schema\">" + E(AuditReportWriter.Schema) + "</code>. Options of this audit:</p>\n<dl class=\"options\">\n");
            Option("Minimum group size", I(options.MinimumGroupSize));
            Option("Pass band", Ratio(options.PassBandLower) + "&#8211;" + Ratio(options.PassBandUpper));
            Option("Bootstrap samples", I(options.BootstrapSamples));
            Option("Seed", I(options.Seed));
            Option("Intersections", options.IncludeIntersections ? "included" : "not included");
            Option("Reference group", ReferenceText(options.Reference));
            foreach (var (attribute, rule) in options.ReferenceByAttribute.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Option("Reference for " + E(attribute), ReferenceText(rule));
            }

            Option("Attributes", options.Attributes is null ? "all present in the data" : E(string.Join(", ", options.Attributes)));
            Option("Calibration bins", I(options.CalibrationBins));
            Option("Proxies listed per attribute", I(options.ProxyTopCount));
            Option("Proxy minimum support", I(options.ProxyMinimumSupport));
            W("</dl>\n</footer>\n");
        }

        private void Option(string name, string htmlValue) => W("<dt>" + name + "</dt><dd>" + htmlValue + "</dd>\n");

        private static List<double> Ticks(double lo, double hi, double panelWidth)
        {
            // Ratio 1 first, then round powers of two: skip a tick that would collide with one already placed.
            double[] candidates = [1, 0.5, 2, 0.25, 4, 0.125, 8, 1.0 / 16, 16, 1.0 / 32, 32];
            var chosen = new List<double>();
            var span = Math.Log(hi) - Math.Log(lo);
            foreach (var c in candidates)
            {
                if (c < lo || c > hi)
                {
                    continue;
                }

                if (chosen.TrueForAll(t => Math.Abs(Math.Log(t) - Math.Log(c)) / span * panelWidth >= 22))
                {
                    chosen.Add(c);
                }
            }

            chosen.Sort();
            return chosen;
        }

        private static string TickText(double tick) => tick >= 1 ? tick.ToString("0", Inv) : "1/" + (1 / tick).ToString("0", Inv);

        private static string Strength(double v) => !double.IsFinite(v) ? "undefined"
            : v < 0.1 ? "negligible" : v < 0.3 ? "weak" : v < 0.5 ? "moderate" : "strong";

        private static string StrengthColour(double v) => !double.IsFinite(v) || v < 0.1 ? "#9aa4af" : v < 0.3 ? "#E69F00" : "#c62828";

        private static string GroupName(GroupMetrics g) => g.Value.Length == 0 ? "(empty value)" : g.Value;

        private static string ReferenceText(ReferenceGroup? rule) => rule?.Kind switch
        {
            ReferenceKind.LowestMetric => "per metric, the group with the lowest rate",
            ReferenceKind.Named => "the group " + E(rule.Name),
            _ => "the largest group",
        };

        private static string VerdictName(DisparityVerdict verdict) => verdict switch
        {
            DisparityVerdict.Pass => "pass",
            DisparityVerdict.Fail => "fail",
            _ => "insufficient",
        };

        private static string MetricName(FairnessMetric metric) => metric switch
        {
            FairnessMetric.Prevalence => "Prevalence",
            FairnessMetric.SelectionRate => "Selection rate",
            FairnessMetric.ShareOfFlags => "Share of flags",
            FairnessMetric.TruePositiveRate => "TPR",
            FairnessMetric.FalsePositiveRate => "FPR",
            FairnessMetric.FalseNegativeRate => "FNR",
            FairnessMetric.TrueNegativeRate => "TNR",
            FairnessMetric.Precision => "Precision",
            FairnessMetric.FalseDiscoveryRate => "FDR",
            FairnessMetric.FalseOmissionRate => "FOR",
            FairnessMetric.NegativePredictiveValue => "NPV",
            _ => metric.ToString(),
        };

        // What an undefined rate lacks, in words: its denominator.
        private static string NoDenominator(FairnessMetric metric) => metric switch
        {
            FairnessMetric.Prevalence => "no rows with a known outcome",
            FairnessMetric.SelectionRate => "no rows",
            FairnessMetric.ShareOfFlags => "no flags in this attribute",
            FairnessMetric.TruePositiveRate or FairnessMetric.FalseNegativeRate => "no truly positive rows",
            FairnessMetric.FalsePositiveRate or FairnessMetric.TrueNegativeRate => "no truly negative rows",
            FairnessMetric.Precision or FairnessMetric.FalseDiscoveryRate => "no flagged rows with a known outcome",
            FairnessMetric.FalseOmissionRate or FairnessMetric.NegativePredictiveValue => "no unflagged rows with a known outcome",
            _ => "no denominator",
        };

        private static string JsonName(FairnessMetric metric) => JsonNamingPolicy.CamelCase.ConvertName(metric.ToString());

        private static string RatioText(Disparity d) => double.IsFinite(d.Ratio) ? Ratio(d.Ratio) : "undefined (" + E(d.Reason ?? "no value") + ")";

        private static string IntervalText(double lower, double upper) =>
            double.IsFinite(lower) && double.IsFinite(upper) ? Ratio(lower) + "&#8211;" + Ratio(upper) : "no interval";

        private static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", Inv) : "undefined";

        private static string Percent(double value) => (value * 100).ToString("0.0", Inv) + "%";

        private static string Percent0(double value) => (value * 100).ToString("0", Inv) + "%";

        private static string C(double value) => Math.Round(value, 2).ToString("0.##", Inv);

        private static string I(long value) => value.ToString(Inv);

        private static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", Inv) + " UTC";

        private static string Truncate(string text, int maxTextElements)
        {
            var info = new StringInfo(text);
            return info.LengthInTextElements <= maxTextElements ? text : info.SubstringByTextElements(0, maxTextElements - 1) + "\u2026";
        }

        /// <summary>HTML-escapes data for text and attribute values; control characters that HTML and XML forbid become U+FFFD.</summary>
        private static string E(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var encoded = WebUtility.HtmlEncode(text);
            StringBuilder? clean = null;
            for (var i = 0; i < encoded.Length; i++)
            {
                var c = encoded[i];
                var bad = (c < ' ' && c is not '\t' and not '\n' and not '\r') || (c >= '\u007F' && c <= '\u009F') || c is '\uFFFE' or '\uFFFF';
                if (bad && clean is null)
                {
                    clean = new StringBuilder(encoded.Length).Append(encoded, 0, i);
                }

                clean?.Append(bad ? '\uFFFD' : c);
            }

            return clean?.ToString() ?? encoded;
        }

        private void W(string html) => _w.Write(html);

        private const string Css = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; color: #1f2328; background: #ffffff; line-height: 1.45; margin: 0 auto; max-width: 1240px; padding: 20px 24px 40px; }
            h1 { font-size: 1.7rem; margin: 0 0 0.4rem; }
            h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
            h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
            dl.context, dl.options { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
            dt { font-weight: 600; }
            dd { margin: 0; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
            .gate { border: 3px solid; border-radius: 8px; padding: 0.6rem 1.2rem 0.9rem; margin: 1.2rem 0; }
            .gate h2 { border: none; margin: 0.4rem 0; font-size: 1.35rem; }
            .gate-passed { border-color: #1a7f37; background: #eaf7ee; }
            .gate-failed { border-color: #c62828; background: #fdecea; }
            .gate-overridden { border-color: #9a6700; background: #fff6dc; }
            .override { font-size: 1.05rem; }
            .badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.8rem; font-weight: 700; border: 1px solid; white-space: nowrap; vertical-align: middle; }
            .badge-pass { color: #1a7f37; background: #eaf7ee; border-color: #1a7f37; }
            .badge-fail { color: #ffffff; background: #c62828; border-color: #c62828; }
            .badge-insufficient { color: #4a4a4a; background: #f0f0f0; border-color: #8a8a8a; border-style: dashed; }
            .badge-note { color: #0a3069; background: #ddf4ff; border-color: #54aeff; }
            .overview ul { list-style: none; padding-left: 0.4rem; margin: 0.3rem 0; }
            .overview li { margin: 0.25rem 0; }
            .overview h3 a, nav a { color: #0a3069; }
            nav ul { columns: 3; padding-left: 1.2rem; }
            .how-to-read p { max-width: 60rem; }
            figure.chart { margin: 0.6rem 0 1rem; }
            figure.chart svg { max-width: 100%; height: auto; font-family: inherit; font-size: 12px; }
            figcaption { font-size: 0.85rem; color: #424a53; max-width: 64rem; }
            .key { white-space: nowrap; margin-right: 0.4rem; }
            .key-pass { color: #1a7f37; }
            .key-fail { color: #c62828; }
            .key-insufficient { color: #6b6b6b; }
            .table-wrap { overflow-x: auto; margin: 0.4rem 0 1rem; }
            table { border-collapse: collapse; font-size: 0.8rem; }
            caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
            th, td { border: 1px solid #d0d7de; padding: 0.22rem 0.35rem; text-align: left; vertical-align: top; }
            thead th { background: #f6f8fa; }
            tbody th { font-weight: 600; max-width: 14rem; overflow-wrap: anywhere; }
            .ci { color: #57606a; font-size: 0.88em; white-space: nowrap; }
            table.group-metrics .ci { display: block; }
            td.undefined, span.undefined { color: #6b6b6b; font-style: italic; }
            tr.insufficient { background: #f7f7f7; }
            td.verdict-fail { background: #fdecea; }
            td.verdict-pass { background: #f1faf3; }
            td.verdict-insufficient { background: #f4f4f4; color: #4a4a4a; }
            .word { font-weight: 600; }
            .side-by-side { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
            .empty { color: #57606a; font-style: italic; }
            footer { margin-top: 2.5rem; border-top: 1px solid #d0d7de; padding-top: 0.6rem; font-size: 0.85rem; color: #424a53; }
            @media print { body { max-width: none; } .table-wrap { overflow: visible; } }

            """;
    }
}
