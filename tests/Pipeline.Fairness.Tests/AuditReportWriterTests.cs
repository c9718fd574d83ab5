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
}
