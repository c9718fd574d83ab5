using System.Text.Json;

namespace Pipeline.Fairness.Tests;

public sealed class AuditReportWriterTests
{
    private static readonly FairnessOptions Options = new() { BootstrapSamples = 50, Seed = 3, IncludeIntersections = false };

    /// <summary>Group A passes the reference, B has a high FPR, C is too small to judge.</summary>
    private static AuditResult Audit() =>
        FairnessAudit.Compute([.. AuditRows.TwoGroups(), .. AuditRows.Race("C", 2, 1, 1, 2)], Options);

    private static AuditReportContext Context() =>
        new("model-7", "test rows", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)), Options);

    [Fact]
    public void JsonParsesBackWithSchemaContextAndNullForUndefinedNumbers()
    {
        // Unlabelled-only group: its TPR is undefined, so value/lower/upper must be null.
        var rows = AuditRows.TwoGroups().Concat(AuditRows.Race("U", 0, 0, 0, 0, unlabelled: 40)).ToList();
        var result = FairnessAudit.Compute(rows, Options);
        using var stream = new MemoryStream();

        AuditReportWriter.WriteJson(result, Context(), stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        Assert.Equal("pipeline.fairness-audit/1", root.GetProperty("schema").GetString());
        Assert.Equal("model-7", root.GetProperty("modelVersion").GetString());
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), root.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(30, root.GetProperty("options").GetProperty("minimumGroupSize").GetInt32());
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        var u = groups.Single(g => g.GetProperty("label").GetString() == "race=U");
        var tpr = u.GetProperty("metrics").GetProperty("truePositiveRate");
        Assert.Equal(JsonValueKind.Null, tpr.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, tpr.GetProperty("lower").ValueKind);
        Assert.False(tpr.GetProperty("defined").GetBoolean());
        Assert.Equal(0, tpr.GetProperty("denominator").GetInt64());
        var b = groups.Single(g => g.GetProperty("label").GetString() == "race=B");
        Assert.Equal(0.5, b.GetProperty("metrics").GetProperty("falsePositiveRate").GetProperty("value").GetDouble(), 12);
        Assert.Equal(15, b.GetProperty("counts").GetProperty("falsePositives").GetInt64());
        var disparities = root.GetProperty("disparities").EnumerateArray().ToList();
        Assert.Equal(result.Disparities.Count, disparities.Count);
        var uTpr = disparities.Single(d => d.GetProperty("group").GetString() == "race=U" && d.GetProperty("metric").GetString() == "truePositiveRate");
        Assert.Equal(JsonValueKind.Null, uTpr.GetProperty("ratio").ValueKind);
        Assert.Equal("insufficient", uTpr.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrEmpty(uTpr.GetProperty("reason").GetString()));
    }

    [Fact]
    public void CsvTablesHaveTheHeadersAndOneRowPerGroupMetricAndPerDisparity()
    {
        var result = Audit();
        using var folder = new TempFolder();

        AuditReportWriter.WriteCsvTables(result, folder.Path);

        var groups = File.ReadAllLines(Path.Combine(folder.Path, "groups.csv"));
        var disparities = File.ReadAllLines(Path.Combine(folder.Path, "disparities.csv"));
        var metricCount = Enum.GetValues<FairnessMetric>().Length;
        Assert.Equal("attribute,group,value,size,insufficient,metric,rate,lower,upper,numerator,denominator,defined", groups[0]);
        Assert.Equal("attribute,group,reference,metric,ratio,lower,upper,verdict,reason", disparities[0]);
        Assert.Equal(1 + (result.Groups.Count * metricCount), groups.Length);
        Assert.Equal(1 + result.Disparities.Count, disparities.Length);
        Assert.Contains(groups, l => l.StartsWith("race,race=B,B,50,false,falsePositiveRate,0.5,", StringComparison.Ordinal));
    }

    [Fact]
    public void CsvFieldsWithCommasAndQuotesAreQuoted()
    {
        var result = FairnessAudit.Compute([.. AuditRows.Race("A", 20, 10, 5, 65), .. AuditRows.Race("B, \"x\"", 10, 15, 10, 15)], Options);
        using var folder = new TempFolder();

        AuditReportWriter.WriteCsvTables(result, folder.Path);

        var text = File.ReadAllText(Path.Combine(folder.Path, "groups.csv"));
        Assert.Contains("\"race=B, \"\"x\"\"\",\"B, \"\"x\"\"\",50,", text, StringComparison.Ordinal);
        var reread = AuditCsvReader.Read(new StringReader(text),
            new AuditCsvColumns("rate", "defined", ["group"]));
        Assert.Contains(reread.Rows, r => r.Groups["group"] == "race=B, \"x\"");
    }

    [Fact]
    public void SummaryNamesTheFailingGroupAndTheInsufficientGroup()
    {
        var sentences = AuditReportWriter.Summarize(Audit(), Options);

        var fail = Assert.Single(sentences, s => s.Contains("group B", StringComparison.Ordinal));
        Assert.StartsWith("race: ", fail, StringComparison.Ordinal);
        Assert.Contains("fail", fail, StringComparison.Ordinal);
        Assert.Contains("FPR ratio 3.75 outside 0.80\u20131.25", fail, StringComparison.Ordinal);
        var small = Assert.Single(sentences, s => s.Contains("group C", StringComparison.Ordinal));
        Assert.Contains("insufficient", small, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", small, StringComparison.Ordinal);
        Assert.DoesNotContain(sentences, s => s.Contains("group A", StringComparison.Ordinal) && s.Contains("fail", StringComparison.Ordinal));
    }

    [Fact]
    public void SummarySaysEveryGroupPassesOnlyWhenNoneFailsOrIsInsufficient()
    {
        var result = FairnessAudit.Compute([.. AuditRows.Race("A", 20, 10, 5, 65), .. AuditRows.Race("B", 20, 10, 5, 65)], Options);

        var sentence = Assert.Single(AuditReportWriter.Summarize(result));

        Assert.Equal("race: all 2 groups pass every metric against reference race=A.", sentence);
    }

    [Fact]
    public void SummaryDoesNotCallASmallGroupsShareOfFlagsAFailure()
    {
        // B has A's rates but a tenth of its rows: its share of flags is 0.1 of A's by construction.
        var result = FairnessAudit.Compute([.. AuditRows.Race("A", 80, 40, 20, 260), .. AuditRows.Race("B", 8, 4, 2, 26)], Options);

        var sentences = AuditReportWriter.Summarize(result, Options);

        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.ShareOfFlags).Verdict);
        Assert.Equal(
            [
                "race: all 2 groups pass every metric of the model's behaviour against reference race=A.",
                "race: share-of-flags and prevalence differences are shown in the tables but not judged here: they describe group size and base rates, not the model's behaviour.",
            ],
            sentences);
    }

    [Fact]
    public void SummaryListsTheModelMetricsThatFailButNotShareOfFlagsOrPrevalence()
    {
        // B: FPR 0.6 against A's 0.133, 28 flags against A's 120, prevalence 0.5 against 0.25.
        var result = FairnessAudit.Compute([.. AuditRows.Race("A", 80, 40, 20, 260), .. AuditRows.Race("B", 16, 12, 4, 8)], Options);

        var sentences = AuditReportWriter.Summarize(result, Options);

        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.ShareOfFlags).Verdict);
        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.Prevalence).Verdict);
        var fail = Assert.Single(sentences, s => s.Contains("group B", StringComparison.Ordinal));
        var judgedFails = result.Disparities.Count(d => d.Group == "race=B" && d.Verdict == DisparityVerdict.Fail
            && d.Metric is not (FairnessMetric.ShareOfFlags or FairnessMetric.Prevalence));
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"race: {judgedFails} of 11 metrics fail for group B ("), fail, StringComparison.Ordinal);
        Assert.Contains("FPR ratio 4.50 outside 0.80\u20131.25", fail, StringComparison.Ordinal);
        Assert.DoesNotContain("share of flags", fail, StringComparison.Ordinal);
        Assert.DoesNotContain("prevalence", fail, StringComparison.Ordinal);
        Assert.StartsWith("race: share-of-flags and prevalence differences are shown in the tables", sentences[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(sentences, s => s.Contains("pass every metric", StringComparison.Ordinal));
    }

    [Fact]
    public void SummaryNoteComesAfterTheAttributesOtherSentencesAndOnlyWhereNeeded()
    {
        List<AuditRow> rows =
        [
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "A", ["sex"] = "F" }, 40, 20, 10, 130),
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "A", ["sex"] = "M" }, 40, 20, 10, 130),
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "B", ["sex"] = "F" }, 4, 2, 1, 13),
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "B", ["sex"] = "M" }, 4, 2, 1, 13),
        ];

        var sentences = AuditReportWriter.Summarize(FairnessAudit.Compute(rows, Options), Options);

        // race: B is a tenth of A with the same rates (share of flags fails); sex: two equal halves.
        Assert.Equal(
            [
                "race: all 2 groups pass every metric of the model's behaviour against reference race=A.",
                "race: share-of-flags and prevalence differences are shown in the tables but not judged here: they describe group size and base rates, not the model's behaviour.",
                "sex: all 2 groups pass every metric against reference sex=F.",
            ],
            sentences);
    }

    [Fact]
    public void AGroupValueThatLooksLikeAFormulaIsWrittenAsText()
    {
        var result = FairnessAudit.Compute([.. AuditRows.TwoGroups(), .. AuditRows.Race("=HYPERLINK(\"http://x\")", 2, 1, 1, 2)], Options);
        using var folder = new TempFolder();

        AuditReportWriter.WriteCsvTables(result, folder.Path);

        var groups = File.ReadAllText(Path.Combine(folder.Path, "groups.csv"));
        Assert.Contains("'=HYPERLINK", groups, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", groups, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", groups, StringComparison.Ordinal);
    }

    private static readonly FairnessOptions CalibratedOptions = new() { BootstrapSamples = 0, IncludeIntersections = false, CalibrationBins = 2 };

    /// <summary>
    /// race A and B, 50 rows each, two calibration bins (edge s[50] = 0.8, so [0.2, 0.8) and [0.8, 0.8]).
    /// A: 25 rows at 0.2 with 5 positives (0.2), 25 at 0.8 with 20 (0.8): ECE 0.
    /// B: 25 at 0.2 with 15 positives (0.6, off by 0.4), 25 at 0.8 with 10 (0.4, off by 0.4): ECE 0.4.
    /// Feature "=cmd" is in 5 A rows and 40 B rows (support 45): χ² = 100²/(45·55) · 2 · 17.5²/50 = 49.49,
    /// V = sqrt(49.49 / 100) = 0.7035; lift of B = (40/45) / (50/100) = 1.78.
    /// Feature "common" is in 25 rows of each group: V 0.
    /// </summary>
    private static List<AuditRow> ScoredRowsWithFeatures()
    {
        var rows = new List<AuditRow>();
        foreach (var (race, lowPositives, highPositives, cmd) in new[] { ("A", 5, 20, 5), ("B", 15, 10, 40) })
        {
            var scored = AuditRows.Scored(race, 0.2, 25, lowPositives).Concat(AuditRows.Scored(race, 0.8, 25, highPositives)).ToList();
            for (var i = 0; i < scored.Count; i++)
            {
                string[] features = [.. (i < cmd ? new[] { "=cmd" } : []), .. (i % 2 == 0 ? new[] { "common" } : [])];
                rows.Add(scored[i] with { Features = features });
            }
        }

        return rows;
    }

    [Fact]
    public void JsonCarriesCalibrationProxiesWindowAndGateAndParsesBack()
    {
        var result = FairnessAudit.Compute([.. ScoredRowsWithFeatures(), AuditRows.Scored("C", 0.8, true)], CalibratedOptions);
        var failure = result.DisparityOf("race=B", FairnessMetric.Prevalence);
        var gate = new GateDecision("strict", "ab12", false, [failure], [result.DisparityOf("race=C", FairnessMetric.Prevalence)])
        {
            OverrideReason = "accepted by review board",
            OverriddenBy = "lead",
        };
        var context = new AuditReportContext("model-7", "test rows", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), CalibratedOptions)
        {
            WindowFrom = new DateTimeOffset(2025, 2, 1, 1, 0, 0, TimeSpan.FromHours(1)),
            Gate = gate,
        };
        using var stream = new MemoryStream();

        AuditReportWriter.WriteJson(result, context, stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), root.GetProperty("windowFrom").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("windowTo").ValueKind);
        var calibration = root.GetProperty("calibration").EnumerateArray().ToList();
        Assert.Equal(["race=A", "race=B", "race=C"], calibration.Select(c => c.GetProperty("group").GetString()));
        var b = calibration[1];
        Assert.Equal("race", b.GetProperty("attribute").GetString());
        Assert.Equal(0.4, b.GetProperty("ece").GetDouble(), 12);
        var bins = b.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(2, bins.Count);
        Assert.Equal((0, 0.2, 0.8), (bins[0].GetProperty("bin").GetInt32(), bins[0].GetProperty("scoreLower").GetDouble(),
            bins[0].GetProperty("scoreUpper").GetDouble()));
        Assert.Equal(0.2, bins[0].GetProperty("meanScore").GetDouble(), 12);
        var observed = bins[0].GetProperty("observedRate");
        Assert.Equal((0.6, 15L, 25L, true), (observed.GetProperty("value").GetDouble(), observed.GetProperty("numerator").GetInt64(),
            observed.GetProperty("denominator").GetInt64(), observed.GetProperty("defined").GetBoolean()));
        Assert.True(observed.GetProperty("lower").GetDouble() < 0.6 && observed.GetProperty("upper").GetDouble() > 0.6);
        var emptyBin = calibration[2].GetProperty("bins")[0];
        Assert.Equal(JsonValueKind.Null, emptyBin.GetProperty("meanScore").ValueKind);
        Assert.Equal(JsonValueKind.Null, emptyBin.GetProperty("observedRate").GetProperty("value").ValueKind);
        Assert.False(emptyBin.GetProperty("observedRate").GetProperty("defined").GetBoolean());
        var proxies = root.GetProperty("proxies").EnumerateArray().ToList();
        Assert.Equal(["=cmd", "common"], proxies.Select(p => p.GetProperty("feature").GetString()));
        var cmd = proxies[0];
        Assert.Equal(("race", 45L, "B"), (cmd.GetProperty("attribute").GetString(), cmd.GetProperty("support").GetInt64(), cmd.GetProperty("mostAssociatedGroup").GetString()));
        Assert.Equal(Math.Sqrt(100.0 * 100 / (45 * 55) * 2 * 17.5 * 17.5 / 50 / 100), cmd.GetProperty("cramersV").GetDouble(), 12);
        Assert.Equal(40.0 / 45 / 0.5, cmd.GetProperty("lift").GetDouble(), 12);
        var gateJson = root.GetProperty("gate");
        Assert.Equal(("strict", "ab12", false, true), (gateJson.GetProperty("policy").GetString(), gateJson.GetProperty("policySha256").GetString(),
            gateJson.GetProperty("passed").GetBoolean(), gateJson.GetProperty("overridden").GetBoolean()));
        Assert.Equal(("accepted by review board", "lead"), (gateJson.GetProperty("overrideReason").GetString(), gateJson.GetProperty("overriddenBy").GetString()));
        Assert.Equal(1, gateJson.GetProperty("insufficient").GetInt32());
        var failed = Assert.Single(gateJson.GetProperty("failures").EnumerateArray().ToList());
        Assert.Equal(("race", "race=B", failure.Reference, "prevalence"), (failed.GetProperty("attribute").GetString(), failed.GetProperty("group").GetString(),
            failed.GetProperty("reference").GetString(), failed.GetProperty("metric").GetString()));
        Assert.Equal(failure.Ratio, failed.GetProperty("ratio").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("lower").ValueKind);
    }

    [Fact]
    public void JsonWithoutGateOrWindowWritesNullWindowsAndNoGateAndEmptyNewSections()
    {
        using var stream = new MemoryStream();

        AuditReportWriter.WriteJson(Audit(), Context(), stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("windowFrom").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("windowTo").ValueKind);
        Assert.False(root.TryGetProperty("gate", out _));
        Assert.Equal(0, root.GetProperty("calibration").GetArrayLength());
        Assert.Equal(0, root.GetProperty("proxies").GetArrayLength());
    }

    [Fact]
    public void CsvTablesIncludeCalibrationAndProxiesWithFormulaLikeFeaturesWrittenAsText()
    {
        var result = FairnessAudit.Compute(ScoredRowsWithFeatures(), CalibratedOptions);
        using var folder = new TempFolder();

        AuditReportWriter.WriteCsvTables(result, folder.Path);

        var calibration = File.ReadAllLines(Path.Combine(folder.Path, "calibration.csv"));
        var proxies = File.ReadAllLines(Path.Combine(folder.Path, "proxies.csv"));
        Assert.Equal("attribute,group,ece,bin,scoreLower,scoreUpper,meanScore,observedRate,lower,upper,numerator,denominator,defined", calibration[0]);
        Assert.Equal(1 + (2 * 2), calibration.Length);
        var b0 = calibration.Select(l => l.Split(',')).Single(f => f[1] == "race=B" && f[3] == "0");
        Assert.Equal(0.4, double.Parse(b0[2], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(("0.2", "0.8"), (b0[4], b0[5]));
        Assert.Equal(0.2, double.Parse(b0[6], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(("0.6", "15", "25", "true"), (b0[7], b0[10], b0[11], b0[12]));
        Assert.Equal("attribute,feature,cramersV,support,mostAssociatedGroup,lift", proxies[0]);
        Assert.Equal(3, proxies.Length);
        Assert.StartsWith("race,'=cmd,", proxies[1], StringComparison.Ordinal);
        Assert.EndsWith(",45,B," + (40.0 / 45 / 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture), proxies[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", File.ReadAllText(Path.Combine(folder.Path, "proxies.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryNamesTheStrongestProxyAndTheWorstCalibratedGroup()
    {
        var sentences = AuditReportWriter.Summarize(FairnessAudit.Compute(ScoredRowsWithFeatures(), CalibratedOptions), CalibratedOptions);

        Assert.Contains("race: the strongest proxy is =cmd (Cram\u00e9r's V 0.70, 1.8\u00d7 more often group B).", sentences);
        Assert.Contains("race: scores are least calibrated for group B (ECE 0.40 against 0.00 for group A).", sentences);
        Assert.StartsWith("race: ", sentences[0], StringComparison.Ordinal);
        Assert.DoesNotContain(sentences, s => s.Contains("proxy", StringComparison.Ordinal) && s != sentences[^2]);
    }

    [Fact]
    public void SummarySaysNoFeatureIsAProxyWhenNoneReachesTheThresholdAndCalibrationIsSimilar()
    {
        // B is a copy of A without "=cmd": only "common" (V 0) is left, and both ECEs are 0.
        var a = ScoredRowsWithFeatures()
            .Where(r => r.Groups["race"] == "A")
            .Select(r => r with { Features = [.. r.Features!.Where(f => f == "common")] })
            .ToList();
        List<AuditRow> rows = [.. a, .. a.Select(r => r with { Groups = new Dictionary<string, string> { ["race"] = "B" } })];

        var sentences = AuditReportWriter.Summarize(FairnessAudit.Compute(rows, CalibratedOptions), CalibratedOptions);

        Assert.Contains("race: no feature is associated with race at Cram\u00e9r's V 0.10 or more (strongest common, V 0.00).", sentences);
        Assert.Contains("race: calibration is similar across groups (ECE 0.00\u20130.00).", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("strongest proxy", StringComparison.Ordinal) || s.Contains("least calibrated", StringComparison.Ordinal));
    }
}
