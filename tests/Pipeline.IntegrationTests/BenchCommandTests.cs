using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests;

/// <summary><c>pipeline bench e2e</c> at a small size through the built CLI: it runs the whole pipeline and prints its figures and both limits.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pipeline-bench-cli", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ASmallEndToEndRunCommitsEveryRecordAndPrintsThroughputLatencyAndBothLimits()
    {
        var (exit, output) = await Cli.RunAsync("bench", "e2e", "--records", "400", "--partitions", "4", "--warm-up", "0", "--database", Path.Combine(_folder, "bench.db"));

        Assert.True(exit == 0, output);
        Assert.Contains("committed           400 in", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"throughput\s+[\d,]+ records/s end to end"), output);
        Assert.Matches(new Regex(@"p50 [\d,.]+ ms\s+p95 [\d,.]+ ms\s+p99 [\d,.]+ ms\s+max [\d,.]+ ms"), output);
        // The histogram accounts for every record.
        var histogram = Regex.Matches(output, @"^\s+(?:<=|>)\s+[\d.]+ m?s\s+([\d,]+)\s", RegexOptions.Multiline);
        Assert.Equal(400, histogram.Sum(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        // The latency of the records published after the warm-up (none here).
        Assert.Matches(new Regex(@"latency after 0 s of warm-up\s+p50 [\d,.]+ ms\s+p95 [\d,.]+ ms\s+p99 [\d,.]+ ms\s+max [\d,.]+ ms \(400 records\)"), output);
        // Each role's stages, Ingest's raw archive beside its mapping and geocoding.
        Assert.Matches(new Regex(@"ingest role: busy [\d.]+ s of [\d.]+ s in [\d,]+ batches; archive [\d.]+ s \(beside map and geocode\), map [\d.]+ s \(\d+%\)"), output);
        Assert.Matches(new Regex(@"process role: busy [\d.]+ s of [\d.]+ s in [\d,]+ batches; read .* store [\d.]+ s \(\d+%\)"), output);
        Assert.Matches(new Regex(@"limit: consume\s+[\d,]+ messages/s \(a consumer that does nothing, 400 messages"), output);
        Assert.Matches(new Regex(@"limit: store\s+[\d,]+ reports/s = [\d,]+ rows/s \(prepared inserts of the same [\d,]+ rows, [\d,]+ transactions"), output);
        Assert.Matches(new Regex(@"pipeline / consume\s+[\d.]+%"), output);
        Assert.Matches(new Regex(@"pipeline / store\s+[\d.]+%"), output);
        Assert.DoesNotContain("INCOMPLETE", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunShorterThanItsWarmUpSaysSoInsteadOfPrintingEmptyPercentiles()
    {
        var settled = new Pipeline.Cli.Bench.LatencyHistogram();

        var none = Pipeline.Cli.Bench.BenchCommands.WarmedUpLatencyLine(TimeSpan.FromSeconds(10), settled);
        settled.Add(12);
        settled.Add(30);
        var two = Pipeline.Cli.Bench.BenchCommands.WarmedUpLatencyLine(TimeSpan.FromSeconds(10), settled);

        Assert.Equal("  latency after 10 s of warm-up  none: every record was published during the warm-up (publish more, or pass a shorter --warm-up)", none);
        Assert.DoesNotContain("NaN", none, StringComparison.Ordinal);
        Assert.Equal("  latency after 10 s of warm-up  p50 12.0 ms   p95 30.0 ms   p99 30.0 ms   max 30.0 ms (2 records)", two);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
