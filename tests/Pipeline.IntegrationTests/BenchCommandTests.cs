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
        // Every record's latency by when it was published: the rows account for all of them.
        Assert.Contains("latency by when published      records      p50      p99      max", output, StringComparison.Ordinal);
        var windows = Regex.Matches(output, @"^\s+\d+–\d+ s\s+([\d,]+)", RegexOptions.Multiline);
        Assert.InRange(windows.Count, 1, 12);
        Assert.Equal(400, windows.Sum(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        // The latency of the records published after the warm-up (none here).
        Assert.Matches(new Regex(@"latency after 0 s of warm-up\s+p50 [\d,.]+ ms\s+p95 [\d,.]+ ms\s+p99 [\d,.]+ ms\s+max [\d,.]+ ms \(400 records\)"), output);
        // The same records' latency split into the four hops, which add up to it (each figure rounded to 1 ms).
        var slowest = Regex.Match(output, @"slowest 1% \((\d+), mean ([\d,]+) ms\)");
        Assert.True(slowest.Success, output);
        Assert.Equal("4", slowest.Groups[1].Value);
        var hops = new[] { "raw topic → Ingest takes it", "Ingest maps and geocodes", "normalized topic → Process takes it", "Process, to the commit" }
            .Select(label => Regex.Match(output, Regex.Escape(label) + @"\s+[\d,]+ ms\s+[\d,]+ ms\s+[\d,]+ ms\s+([\d,]+) ms"))
            .ToList();
        Assert.All(hops, hop => Assert.True(hop.Success, output));
        var sumOfHops = hops.Sum(hop => int.Parse(hop.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.InRange(sumOfHops, int.Parse(slowest.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) - 3, int.Parse(slowest.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) + 3);
        // Each role's stages, Ingest's raw archive beside its mapping and geocoding.
        Assert.Matches(new Regex(@"ingest role: busy [\d.]+ s of [\d.]+ s in [\d,]+ batches; archive [\d.]+ s \(beside map and geocode\), map [\d.]+ s \(\d+%\)"), output);
        Assert.Matches(new Regex(@"process role: busy [\d.]+ s of [\d.]+ s in [\d,]+ batches; read .* store [\d.]+ s \(\d+%\)"), output);
        // How much of the machine the in-process development broker took (read from /proc on Linux).
        Assert.Matches(new Regex(@"development broker\s+[\d.]+ s of CPU in [\d.]+ s \(\d+% of a core\), \d+% of this process's [\d.]+ s"), output);
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

    [Fact]
    public void ARecordsHopsAreKeptWithItsWholeLatencyOnlyWhenAllFourArrivedOnItsThread()
    {
        var hops = new Pipeline.Cli.Bench.LatencyHops();

        foreach (var (hop, ms) in new[] { ("raw", 10.0), ("ingest", 2.0), ("normalized", 30.0), ("process", 40.0) })
        {
            Pipeline.Cli.Bench.LatencyHops.AddHop(hop, ms);
        }
        hops.AddTotal(82, keep: true);
        // A record published during the warm-up: its hops are dropped with it.
        Pipeline.Cli.Bench.LatencyHops.AddHop("raw", 500);
        Pipeline.Cli.Bench.LatencyHops.AddHop("ingest", 500);
        Pipeline.Cli.Bench.LatencyHops.AddHop("normalized", 500);
        Pipeline.Cli.Bench.LatencyHops.AddHop("process", 500);
        hops.AddTotal(2000, keep: false);
        // A record without its hops (no normalized timestamp), or with only some: not broken down.
        hops.AddTotal(90, keep: true);
        Pipeline.Cli.Bench.LatencyHops.AddHop("raw", 1);
        Pipeline.Cli.Bench.LatencyHops.AddHop("an unknown hop", 1);
        hops.AddTotal(91, keep: true);

        Assert.Equal(1, hops.Count);
        var lines = hops.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("slowest 1% (1, mean 82 ms)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"raw topic → Ingest takes it\s+10 ms\s+10 ms\s+10 ms\s+10 ms$", lines[1]);
        Assert.Matches(@"Ingest maps and geocodes\s+2 ms\s+2 ms\s+2 ms\s+2 ms$", lines[2]);
        Assert.Matches(@"normalized topic → Process takes it\s+30 ms\s+30 ms\s+30 ms\s+30 ms$", lines[3]);
        Assert.Matches(@"Process, to the commit\s+40 ms\s+40 ms\s+40 ms\s+40 ms$", lines[4]);
        Assert.Equal("", new Pipeline.Cli.Bench.LatencyHops().Render());
    }

    [Fact]
    public void TheTimelineGroupsRecordsByTheWholeSecondOfTheirPublicationIntoAtMostTheRowsAsked()
    {
        var timeline = new Pipeline.Cli.Bench.LatencyTimeline();
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("", timeline.Render());
        // Before publishing begins nothing is past the warm-up.
        Assert.True(timeline.SinceStart(start.AddYears(1)) < TimeSpan.Zero);
        timeline.Begin(start);
        Assert.Equal(TimeSpan.FromSeconds(10), timeline.SinceStart(start.AddSeconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(-5), timeline.SinceStart(start.AddMilliseconds(-5)));

        timeline.Add(start.AddMilliseconds(100), 10);
        timeline.Add(start.AddMilliseconds(999), 30);
        timeline.Add(start.AddMilliseconds(1_000), 500);
        // Nothing published in the third second; a record stamped before the start counts in the first.
        timeline.Add(start.AddMilliseconds(3_500), 20);
        timeline.Add(start.AddMilliseconds(-5), 40);

        var bySecond = timeline.Render(maxRows: 12).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("  latency by when published      records      p50      p99      max", bySecond[0]);
        Assert.Matches(@"^    0–1 s\s+3\s+30 ms\s+40 ms\s+40 ms$", bySecond[1]);
        Assert.Matches(@"^    1–2 s\s+1\s+500 ms\s+500 ms\s+500 ms$", bySecond[2]);
        Assert.Matches(@"^    2–3 s\s+0$", bySecond[3]);
        Assert.Matches(@"^    3–4 s\s+1\s+20 ms\s+20 ms\s+20 ms$", bySecond[4]);
        Assert.Equal(5, bySecond.Length);

        var inTwo = timeline.Render(maxRows: 2).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^    0–2 s\s+4\s+30 ms\s+500 ms\s+500 ms$", inTwo[1]);
        Assert.Matches(@"^    2–4 s\s+1\s+20 ms\s+20 ms\s+20 ms$", inTwo[2]);
        Assert.Equal(3, inTwo.Length);
    }

    [Fact]
    public void TheBrokerLineGivesItsShareOfACoreAndOfTheProcess()
    {
        var line = Pipeline.Cli.Bench.BenchCommands.BrokerCpuLine(new(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(36)), TimeSpan.FromSeconds(30));

        Assert.Equal("  development broker  9.0 s of CPU in 30.0 s (30% of a core), 25% of this process's 36.0 s", line);
    }

    [Theory]
    [InlineData("4242 (rdk:mock) S 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 1 0", 1290L)]
    [InlineData("7 (a) b (c)) R 1 2 3 4 5 6 7 8 9 10 3 4 0 0", 7L)]
    [InlineData("7 (cut short) R 1 2 3", null)]
    [InlineData("no name at all", null)]
    public void AThreadsCpuTicksAreItsUserAndSystemTimeCountedFromTheLastParenthesis(string stat, long? expected) =>
        Assert.Equal(expected, Pipeline.Cli.Bench.ThreadCpu.Ticks(stat));

    [Fact]
    public void TheCpuOfANamedThreadIsReadFromProc()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux's");
        Assert.Equal(TimeSpan.Zero, Pipeline.Cli.Bench.ThreadCpu.Of("no-such-thread"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        TimeSpan? seen = TimeSpan.Zero;
        var burner = new Thread(() =>
        {
            // Busy until the thread's own CPU shows in /proc (it is read from this very thread).
            while (!stop.IsCancellationRequested && (seen = Pipeline.Cli.Bench.ThreadCpu.Of("cpu-probe-test")) < TimeSpan.FromMilliseconds(50))
            {
                Thread.SpinWait(100_000);
            }
        }) { Name = "cpu-probe-test" };
        burner.Start();
        burner.Join();
        Assert.False(stop.IsCancellationRequested, "the busy thread's CPU never showed");
        Assert.True(seen >= TimeSpan.FromMilliseconds(50));
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
