using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Fairness;

/// <summary>Who and what an audit report describes.</summary>
/// <param name="ModelVersion">Version of the model whose scores were audited.</param>
/// <param name="DataDescription">What data was scored (period, source), with no personal data.</param>
/// <param name="CreatedAt">When the audit ran; written in UTC.</param>
/// <param name="Options">The options the audit ran with.</param>
public sealed record AuditReportContext(string ModelVersion, string DataDescription, DateTimeOffset CreatedAt, FairnessOptions Options)
{
    /// <summary>Start of the data window audited (UTC), when the data has one.</summary>
    public DateTimeOffset? WindowFrom { get; init; }

    /// <summary>End of the data window audited (UTC, exclusive), when the data has one.</summary>
    public DateTimeOffset? WindowTo { get; init; }

    /// <summary>The promotion gate's decision when the audit was run by the gate; null otherwise.</summary>
    public GateDecision? Gate { get; init; }
}

/// <summary>Writes an <see cref="AuditResult"/> as versioned JSON, as CSV tables and as plain-English sentences.</summary>
public static class AuditReportWriter
{
    /// <summary>The schema identifier written at the top of every JSON report.</summary>
    public const string Schema = "pipeline.fairness-audit/1";

    /// <summary>Cramér's V from which the summary calls a feature a proxy.</summary>
    private const double ProxyThreshold = 0.1;

    /// <summary>ECE gap to the best group above which the summary names the worst-calibrated group.</summary>
    private const double CalibrationGap = 0.05;

    private static readonly FairnessMetric[] Metrics = Enum.GetValues<FairnessMetric>();

    /// <summary>Writes the machine-readable report; undefined numbers (NaN) are written as null.</summary>
    /// <param name="result">The audit.</param>
    /// <param name="context">Model, data, time and options of the audit.</param>
    /// <param name="output">Stream the UTF-8 JSON is written to; left open.</param>
    public static void WriteJson(AuditResult result, AuditReportContext context, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var options = context.Options ?? throw new ArgumentException("Options are required.", nameof(context));

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("modelVersion", context.ModelVersion);
        w.WriteString("dataDescription", context.DataDescription);
        w.WriteString("createdAt", context.CreatedAt.ToUniversalTime());
        Time(w, "windowFrom", context.WindowFrom);
        Time(w, "windowTo", context.WindowTo);

        w.WriteStartObject("options");
        w.WriteNumber("minimumGroupSize", options.MinimumGroupSize);
        Number(w, "passBandLower", options.PassBandLower);
        Number(w, "passBandUpper", options.PassBandUpper);
        w.WriteNumber("bootstrapSamples", options.BootstrapSamples);
        w.WriteNumber("seed", options.Seed);
        w.WriteBoolean("includeIntersections", options.IncludeIntersections);
        w.WritePropertyName("reference");
        Reference(w, options.Reference);
        w.WriteStartObject("referenceByAttribute");
        foreach (var (attribute, rule) in options.ReferenceByAttribute.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(attribute);
            Reference(w, rule);
        }

        w.WriteEndObject();
        if (options.Attributes is null)
        {
            w.WriteNull("attributes");
        }
        else
        {
            w.WriteStartArray("attributes");
            foreach (var a in options.Attributes)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();

        if (context.Gate is { } gate)
        {
            Gate(w, gate);
        }

        w.WriteStartArray("groups");
        foreach (var g in result.Groups)
        {
            w.WriteStartObject();
            w.WriteString("attribute", g.Attribute);
            w.WriteString("value", g.Value);
            w.WriteString("label", g.Label);
            w.WriteNumber("size", g.Size);
            w.WriteBoolean("insufficient", g.Insufficient);
            w.WriteStartObject("counts");
            w.WriteNumber("truePositives", g.TruePositives);
            w.WriteNumber("falsePositives", g.FalsePositives);
            w.WriteNumber("falseNegatives", g.FalseNegatives);
            w.WriteNumber("trueNegatives", g.TrueNegatives);
            w.WriteNumber("flags", g.Flags);
            w.WriteNumber("unlabelled", g.Size - g.TruePositives - g.FalsePositives - g.FalseNegatives - g.TrueNegatives);
            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (var metric in Metrics)
            {
                var rate = g.Rate(metric);
                w.WriteStartObject(JsonName(metric));
                Rate(w, rate);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("disparities");
        foreach (var d in result.Disparities)
        {
            w.WriteStartObject();
            w.WriteString("attribute", d.Attribute);
            w.WriteString("group", d.Group);
            w.WriteString("reference", d.Reference);
            w.WriteString("metric", JsonName(d.Metric));
            Number(w, "ratio", d.Ratio);
            w.WriteStartObject("interval");
            Number(w, "lower", d.Lower);
            Number(w, "upper", d.Upper);
            w.WriteEndObject();
            w.WriteString("verdict", JsonNamingPolicy.CamelCase.ConvertName(d.Verdict.ToString()));
            w.WriteString("reason", d.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("calibration");
        foreach (var c in result.Calibration)
        {
            w.WriteStartObject();
            w.WriteString("attribute", c.Attribute);
            w.WriteString("group", c.Group);
            Number(w, "ece", c.ExpectedCalibrationError);
            w.WriteStartArray("bins");
            foreach (var bin in c.Bins)
            {
                w.WriteStartObject();
                w.WriteNumber("bin", bin.Bin);
                Number(w, "scoreLower", bin.ScoreLower);
                Number(w, "scoreUpper", bin.ScoreUpper);
                Number(w, "meanScore", bin.MeanScore);
                w.WriteStartObject("observedRate");
                Rate(w, bin.ObservedRate);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("proxies");
        foreach (var p in result.Proxies)
        {
            w.WriteStartObject();
            w.WriteString("attribute", p.Attribute);
            w.WriteString("feature", p.Feature);
            Number(w, "cramersV", p.CramersV);
            w.WriteNumber("support", p.Support);
            w.WriteString("mostAssociatedGroup", p.MostAssociatedGroup);
            Number(w, "lift", p.Lift);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>
    /// Writes <c>groups.csv</c> (one row per group and metric), <c>disparities.csv</c> (one row per
    /// disparity), <c>calibration.csv</c> (one row per group and score bin) and <c>proxies.csv</c>
    /// (one row per listed proxy) into <paramref name="folder"/>, creating it if needed; a table with
    /// nothing to list has its header only. Numbers use the invariant culture; undefined numbers are
    /// empty fields; text from the data that could start a spreadsheet formula gets an apostrophe.
    /// </summary>
    /// <param name="result">The audit.</param>
    /// <param name="folder">Destination folder.</param>
    public static void WriteCsvTables(AuditResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        using (var groups = new StreamWriter(Path.Combine(folder, "groups.csv"), append: false, utf8))
        {
            groups.NewLine = "\r\n";
            groups.WriteLine("attribute,group,value,size,insufficient,metric,rate,lower,upper,numerator,denominator,defined");
            foreach (var g in result.Groups)
            {
                foreach (var metric in Metrics)
                {
                    var r = g.Rate(metric);
                    WriteRow(groups, Text(g.Attribute), Text(g.Label), Text(g.Value), Integer(g.Size), Bool(g.Insufficient), JsonName(metric),
                        Real(r.Value), Real(r.Lower), Real(r.Upper), Integer(r.Numerator), Integer(r.Denominator), Bool(r.IsDefined));
                }
            }
        }

        using (var disparities = new StreamWriter(Path.Combine(folder, "disparities.csv"), append: false, utf8))
        {
            disparities.NewLine = "\r\n";
            disparities.WriteLine("attribute,group,reference,metric,ratio,lower,upper,verdict,reason");
            foreach (var d in result.Disparities)
            {
                WriteRow(disparities, Text(d.Attribute), Text(d.Group), Text(d.Reference ?? string.Empty), JsonName(d.Metric),
                    Real(d.Ratio), Real(d.Lower), Real(d.Upper), JsonNamingPolicy.CamelCase.ConvertName(d.Verdict.ToString()), Text(d.Reason ?? string.Empty));
            }
        }

        using (var calibration = new StreamWriter(Path.Combine(folder, "calibration.csv"), append: false, utf8))
        {
            calibration.NewLine = "\r\n";
            calibration.WriteLine("attribute,group,ece,bin,scoreLower,scoreUpper,meanScore,observedRate,lower,upper,numerator,denominator,defined");
            foreach (var c in result.Calibration)
            {
                foreach (var b in c.Bins)
                {
                    var r = b.ObservedRate;
                    WriteRow(calibration, Text(c.Attribute), Text(c.Group), Real(c.ExpectedCalibrationError), Integer(b.Bin),
                        Real(b.ScoreLower), Real(b.ScoreUpper), Real(b.MeanScore),
                        Real(r.Value), Real(r.Lower), Real(r.Upper), Integer(r.Numerator), Integer(r.Denominator), Bool(r.IsDefined));
                }
            }
        }

        using var proxies = new StreamWriter(Path.Combine(folder, "proxies.csv"), append: false, utf8);
        proxies.NewLine = "\r\n";
        proxies.WriteLine("attribute,feature,cramersV,support,mostAssociatedGroup,lift");
        foreach (var p in result.Proxies)
        {
            WriteRow(proxies, Text(p.Attribute), Text(p.Feature), Real(p.CramersV), Integer(p.Support), Text(p.MostAssociatedGroup), Real(p.Lift));
        }
    }

    /// <summary>
    /// Plain-English sentences per attribute: which groups fail which metrics, which groups are
    /// insufficient (never described as passing), and attributes where every group passes; then,
    /// when the audit has them, the attribute's strongest proxy feature (or that none reaches
    /// Cramér's V 0.10) and whether one group's calibration is clearly worse (ECE more than 0.05
    /// above the best sufficient group's).
    /// </summary>
    /// <remarks>
    /// Fails are described only for the metrics that judge the model's behaviour. Share of flags
    /// (Aequitas ppr) is smaller for every smaller group by construction, and prevalence is a
    /// property of the data, not of the model: their ratios stay in the JSON and CSV tables, and
    /// an attribute where either is outside the band ends with one sentence saying so.
    /// </remarks>
    /// <param name="result">The audit.</param>
    /// <param name="options">The audit's options, to quote the pass band; null names it without numbers.</param>
    /// <returns>One or more sentences per attribute, in the audit's order.</returns>
    public static IReadOnlyList<string> Summarize(AuditResult result, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var band = options is null
            ? "the pass band"
            : string.Create(CultureInfo.InvariantCulture, $"{options.PassBandLower:0.00}\u2013{options.PassBandUpper:0.00}");
        var sizes = new Dictionary<string, GroupMetrics>(StringComparer.Ordinal);
        foreach (var g in result.Groups)
        {
            sizes.TryAdd(g.Label, g);
        }

        var extra = ExtraSentences(result, sizes);
        var sentences = new List<string>();
        foreach (var attribute in result.Disparities.GroupBy(d => d.Attribute, StringComparer.Ordinal))
        {
            var problems = 0;
            var groupCount = 0;
            var descriptiveFails = false;
            foreach (var group in attribute.GroupBy(d => d.Group, StringComparer.Ordinal))
            {
                groupCount++;
                var all = group.ToList();
                sizes.TryGetValue(group.Key, out var metrics);
                var name = metrics?.Value ?? group.Key;
                var fails = all.Where(d => d.Verdict == DisparityVerdict.Fail && JudgesModel(d.Metric)).ToList();
                descriptiveFails |= all.Exists(d => d.Verdict == DisparityVerdict.Fail && !JudgesModel(d.Metric));
                var insufficient = all.Where(d => d.Verdict == DisparityVerdict.Insufficient).ToList();
                if (metrics is { Insufficient: true } || insufficient.Count == all.Count)
                {
                    problems++;
                    var size = metrics is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({metrics.Size} rows)");
                    sentences.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{attribute.Key}: group {name} is insufficient{size}; none of its {all.Count} metrics can be judged ({FirstReason(insufficient)})."));
                    continue;
                }

                if (fails.Count > 0)
                {
                    problems++;
                    var detail = string.Join("; ", fails.Select(d => string.Create(CultureInfo.InvariantCulture,
                        $"{ShortName(d.Metric)} ratio {d.Ratio:0.00} outside {band}")));
                    var tail = insufficient.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                        $"; {insufficient.Count} more are insufficient ({FirstReason(insufficient)})");
                    sentences.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{attribute.Key}: {fails.Count} of {all.Count} metrics fail for group {name} ({detail}){tail}."));
                }
                else if (insufficient.Count > 0)
                {
                    problems++;
                    sentences.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{attribute.Key}: no judged metric fails for group {name}, but {insufficient.Count} of {all.Count} are insufficient ({FirstReason(insufficient)})."));
                }
            }

            if (problems == 0)
            {
                var reference = attribute.Select(d => d.Reference).FirstOrDefault(r => r is not null);
                var against = reference is null ? string.Empty : " against reference " + reference;
                // With a share-of-flags or prevalence ratio outside the band, "every metric" would not be true.
                var which = descriptiveFails ? "every metric of the model's behaviour" : "every metric";
                sentences.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Key}: all {groupCount} groups pass {which}{against}."));
            }

            if (extra.Remove(attribute.Key, out var more))
            {
                sentences.AddRange(more);
            }

            if (descriptiveFails)
            {
                sentences.Add(attribute.Key + ": share-of-flags and prevalence differences are shown in the tables but not judged here: they describe group size and base rates, not the model's behaviour.");
            }
        }

        // Attributes with proxies or calibration but no disparities, in the order they came.
        foreach (var more in extra.Values)
        {
            sentences.AddRange(more);
        }

        return sentences;
    }

    /// <summary>Proxy and calibration sentences keyed by attribute, in first-seen order.</summary>
    private static OrderedDictionary<string, List<string>> ExtraSentences(AuditResult result, Dictionary<string, GroupMetrics> groups)
    {
        var extra = new OrderedDictionary<string, List<string>>(StringComparer.Ordinal);
        List<string> For(string attribute)
        {
            if (!extra.TryGetValue(attribute, out var list))
            {
                list = [];
                extra.Add(attribute, list);
            }

            return list;
        }

        foreach (var attribute in result.Proxies.GroupBy(p => p.Attribute, StringComparer.Ordinal))
        {
            // Proxies are listed strongest first.
            var strongest = attribute.First();
            if (strongest.CramersV >= ProxyThreshold)
            {
                var others = attribute.Count(p => p.CramersV >= ProxyThreshold) - 1;
                var tail = others == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                    $"; {others} more listed {(others == 1 ? "feature reaches" : "features reach")} V {ProxyThreshold:0.00}");
                For(attribute.Key).Add(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Key}: the strongest proxy is {strongest.Feature} (Cram\u00e9r's V {strongest.CramersV:0.00}, {strongest.Lift:0.0}\u00d7 more often group {strongest.MostAssociatedGroup}){tail}."));
            }
            else
            {
                For(attribute.Key).Add(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Key}: no feature is associated with {attribute.Key} at Cram\u00e9r's V {ProxyThreshold:0.00} or more (strongest {strongest.Feature}, V {strongest.CramersV:0.00})."));
            }
        }

        foreach (var attribute in result.Calibration.GroupBy(c => c.Attribute, StringComparer.Ordinal))
        {
            // Small groups' ECE is mostly noise: compare only groups large enough to be judged.
            var judged = attribute
                .Where(c => double.IsFinite(c.ExpectedCalibrationError) && groups.TryGetValue(c.Group, out var g) && !g.Insufficient)
                .ToList();
            if (judged.Count < 2)
            {
                continue;
            }

            var best = judged[0];
            var worst = judged[0];
            foreach (var c in judged)
            {
                best = c.ExpectedCalibrationError < best.ExpectedCalibrationError ? c : best;
                worst = c.ExpectedCalibrationError > worst.ExpectedCalibrationError ? c : worst;
            }

            var sentence = worst.ExpectedCalibrationError - best.ExpectedCalibrationError > CalibrationGap
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Key}: scores are least calibrated for group {groups[worst.Group].Value} (ECE {worst.ExpectedCalibrationError:0.00} against {best.ExpectedCalibrationError:0.00} for group {groups[best.Group].Value}).")
                : string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Key}: calibration is similar across groups (ECE {best.ExpectedCalibrationError:0.00}\u2013{worst.ExpectedCalibrationError:0.00}).");
            For(attribute.Key).Add(sentence);
        }

        return extra;
    }

    /// <summary>
    /// False for share of flags, which is smaller for every smaller group by construction, and for
    /// prevalence, a property of the data: their ratios are reported but describe group size and base
    /// rates, not the model's behaviour, so the summary does not call them failures.
    /// </summary>
    internal static bool JudgesModel(FairnessMetric metric) =>
        metric is not (FairnessMetric.ShareOfFlags or FairnessMetric.Prevalence);

    private static string FirstReason(List<Disparity> insufficient) =>
        insufficient.Select(d => d.Reason).FirstOrDefault(r => r is not null) ?? "undefined ratio";

    private static string ShortName(FairnessMetric metric) => metric switch
    {
        FairnessMetric.Prevalence => "prevalence",
        FairnessMetric.SelectionRate => "selection rate",
        FairnessMetric.ShareOfFlags => "share of flags",
        FairnessMetric.TruePositiveRate => "TPR",
        FairnessMetric.FalsePositiveRate => "FPR",
        FairnessMetric.FalseNegativeRate => "FNR",
        FairnessMetric.TrueNegativeRate => "TNR",
        FairnessMetric.Precision => "precision",
        FairnessMetric.FalseDiscoveryRate => "FDR",
        FairnessMetric.FalseOmissionRate => "FOR",
        FairnessMetric.NegativePredictiveValue => "NPV",
        _ => metric.ToString(),
    };

    private static string JsonName(FairnessMetric metric) => JsonNamingPolicy.CamelCase.ConvertName(metric.ToString());

    private static void Reference(Utf8JsonWriter w, ReferenceGroup? rule)
    {
        if (rule is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(rule.Kind.ToString()));
        w.WriteString("name", rule.Name);
        w.WriteEndObject();
    }

    private static void Rate(Utf8JsonWriter w, RateInterval rate)
    {
        Number(w, "value", rate.Value);
        Number(w, "lower", rate.Lower);
        Number(w, "upper", rate.Upper);
        w.WriteNumber("numerator", rate.Numerator);
        w.WriteNumber("denominator", rate.Denominator);
        w.WriteBoolean("defined", rate.IsDefined);
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            w.WriteString(name, time.ToUniversalTime());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Gate(Utf8JsonWriter w, GateDecision gate)
    {
        w.WriteStartObject("gate");
        w.WriteString("policy", gate.PolicyName);
        w.WriteString("policySha256", gate.PolicySha256);
        w.WriteBoolean("passed", gate.Passed);
        w.WriteBoolean("overridden", gate.Overridden);
        w.WriteString("overrideReason", gate.OverrideReason);
        w.WriteString("overriddenBy", gate.OverriddenBy);
        w.WriteStartArray("failures");
        foreach (var d in gate.Failures)
        {
            w.WriteStartObject();
            w.WriteString("attribute", d.Attribute);
            w.WriteString("group", d.Group);
            w.WriteString("reference", d.Reference);
            w.WriteString("metric", JsonName(d.Metric));
            Number(w, "ratio", d.Ratio);
            Number(w, "lower", d.Lower);
            Number(w, "upper", d.Upper);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("insufficient", gate.Insufficient.Count);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Real(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    // Text from the audited file (group values, column names) is data, never a spreadsheet
    // formula: a leading = + - @ (or tab, CR) gets an apostrophe, as OWASP advises for CSV exports.
    private static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static void WriteRow(TextWriter writer, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                writer.Write(f);
            }
            else
            {
                writer.Write('"');
                writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
        }

        writer.WriteLine();
    }
}
