using System.Text;
using System.Text.Json;

namespace Pipeline.IntegrationTests;

public sealed class AuditCommandTests
{
    // Group A: TP 20, FP 10, FN 5, TN 65; group B: TP 10, FP 15, FN 10, TN 15 (hand-computed:
    // B's false-positive rate 15/30 = 0.5 against A's 10/75 = 0.133, a ratio of 3.75).
    private static string ScoredCsv(bool duplicateDiffers)
    {
        var csv = new StringBuilder("id,score,label,race,race\n");
        var n = 0;
        void Add(string race, int count, double score, int label)
        {
            for (var i = 0; i < count; i++)
            {
                var second = duplicateDiffers && n == 7 ? "Z" : race;
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"r{n++},{score},{label},{race},{second}\n");
            }
        }
        Add("A", 20, 0.9, 1);
        Add("A", 10, 0.8, 0);
        Add("A", 5, 0.2, 1);
        Add("A", 65, 0.1, 0);
        Add("B", 10, 0.9, 1);
        Add("B", 15, 0.7, 0);
        Add("B", 10, 0.3, 1);
        Add("B", 15, 0.1, 0);
        return csv.ToString();
    }

    [Fact]
    public async Task AuditCsvWritesTheReportsAndWarnsAboutARepeatedIdenticalColumn()
    {
        using var folder = new TempFolder();
        var input = folder.Write("scored.csv", ScoredCsv(duplicateDiffers: false));
        var output = Path.Combine(folder.Path, "out");

        var (exit, text) = await Cli.RunAsync("audit", "csv", input, "--score", "score", "--label", "label", "--group", "race", "--min-group-size", "30", "--out", output);

        Assert.True(exit == 0, text);
        Assert.Contains("warning:", text, StringComparison.Ordinal);
        Assert.Contains("race", text, StringComparison.Ordinal);
        Assert.Contains("150 rows audited", text, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json"), TestContext.Current.CancellationToken));
        Assert.Equal("pipeline.fairness-audit/1", report.RootElement.GetProperty("schema").GetString());
        Assert.True(File.Exists(Path.Combine(output, "groups.csv")));
        Assert.Contains("3.75", await File.ReadAllTextAsync(Path.Combine(output, "disparities.csv"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditCsvStopsWhenCopiesOfARequestedColumnDiffer()
    {
        using var folder = new TempFolder();
        var input = folder.Write("scored.csv", ScoredCsv(duplicateDiffers: true));

        var (exit, text) = await Cli.RunAsync("audit", "csv", input, "--score", "score", "--label", "label", "--group", "race");

        Assert.Equal(1, exit);
        Assert.Contains("race", text, StringComparison.Ordinal);
        Assert.Contains("4", text, StringComparison.Ordinal);
        Assert.Contains("5", text, StringComparison.Ordinal);
    }
}
