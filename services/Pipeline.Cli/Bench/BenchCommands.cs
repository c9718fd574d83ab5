using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli.Bench;

/// <summary><c>pipeline bench e2e</c>: the end-to-end load run with this machine's limits beside it.</summary>
internal static class BenchCommands
{
    public static Command Build()
    {
        var command = new Command("bench", "Load runs of the whole pipeline; BenchmarkDotNet covers each stage (benchmarks/Pipeline.Benchmarks).");
        command.Subcommands.Add(EndToEnd());
        return command;
    }

    private static Command EndToEnd()
    {
        var records = new Option<int>("--records") { Description = "Raw records to publish (valid, distinct SAR and CAD reports).", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int?>("--rate") { Description = "Publish at this many records per second (a steady load, for latency); default: as fast as the pipeline takes them (a backfill, for throughput)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated stream.", DefaultValueFactory = _ => 20261122 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic on the development broker.", DefaultValueFactory = _ => 12 };
        var database = new Option<string>("--database") { Description = "SQLite file the run creates afresh.", DefaultValueFactory = _ => Path.Combine("data", "bench.db") };
        var warmUp = new Option<double>("--warm-up") { Description = "Seconds of publishing whose records are left out of the warmed-up latency (they still count in every other figure).", DefaultValueFactory = _ => 10 };
        var command = new Command("e2e", "Drive publish → Ingest → Process → store through the development broker and SQLite; print throughput, latency percentiles and a histogram, beside a do-nothing consumer and plain inserts of the same rows.")
        {
            records, rate, seed, partitions, database, warmUp,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new BenchSettings(
                Math.Max(1, parse.GetValue(records)),
                parse.GetValue(rate) is > 0 and var r ? r : null,
                parse.GetValue(seed),
                Math.Clamp(parse.GetValue(partitions), 1, 256),
                parse.GetValue(database)!,
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmUp))));
            var result = await new EndToEndBench(settings, Console.Out).RunAsync(cancellationToken);
            Write(Console.Out, result);
            return result.Complete ? 0 : 1;
        });
        return command;
    }

    internal static void Write(TextWriter output, BenchResult result)
    {
        var s = result.Settings;
        var latency = result.Latency;
        string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        output.WriteLine();
        output.WriteLine(F($"bench e2e, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {result.Machine}"));
        output.WriteLine(F($"  records             {s.Records:N0} ({(s.Rate is { } rate ? $"published at {rate:N0}/s" : "published as fast as taken")}), {s.Partitions} partitions, SQLite"));
        output.WriteLine(F($"  committed           {result.Committed:N0} in {result.EndToEndSpan.TotalSeconds:F1} s (publishing took {result.PublishSpan.TotalSeconds:F1} s)"));
        output.WriteLine(F($"  throughput          {result.Throughput:N0} records/s end to end; {result.SteadyThroughput:N0} records/s between 10% and 90% committed"));
        output.WriteLine(F($"  latency (publish → commit)  p50 {latency.Percentile(50):N1} ms   p95 {latency.Percentile(95):N1} ms   p99 {latency.Percentile(99):N1} ms   max {latency.Max:N1} ms"));
        output.Write(latency.Render());
        output.Write(result.Timeline.Render());
        output.WriteLine(WarmedUpLatencyLine(s.WarmUp, result.SettledLatency));
        output.Write(result.SettledHops.Render());
        foreach (var role in result.Stages.All.GroupBy(t => t.Role, StringComparer.Ordinal))
        {
            // Ingest archives raw messages while it maps and geocodes them: that stage runs beside
            // the others, and is listed first (stages are otherwise in the order first measured,
            // and the first archive may end before or after the first mapping).
            var busy = role.Where(t => t.Stage != "archive").Sum(t => t.Seconds);
            var batches = role.Max(t => t.Batches);
            output.WriteLine(F($"  {role.Key} role: busy {busy:F1} s of {result.EndToEndSpan.TotalSeconds:F1} s in {batches:N0} batches; ") +
                string.Join(", ", role.OrderBy(t => t.Stage == "archive" ? 0 : 1).Select(t => t.Stage == "archive"
                    ? F($"{t.Stage} {t.Seconds:F1} s (beside map and geocode)")
                    : F($"{t.Stage} {t.Seconds:F1} s ({100 * t.Seconds / busy:F0}%)"))));
        }
        if (result.Cpu is { } cpu)
        {
            output.WriteLine(BrokerCpuLine(cpu, result.EndToEndSpan));
        }
        output.WriteLine(F($"  limit: consume      {result.Consume.PerSecond:N0} messages/s (a consumer that does nothing, {result.Consume.Messages:N0} messages in {result.Consume.Elapsed.TotalSeconds:F2} s)"));
        output.WriteLine(F($"  limit: store        {result.Store.ReportsPerSecond:N0} reports/s = {result.Store.RowsPerSecond:N0} rows/s (prepared inserts of the same {result.Store.Rows:N0} rows, {result.Store.Transactions} transactions, in {result.Store.Elapsed.TotalSeconds:F2} s)"));
        output.WriteLine(F($"  pipeline / consume  {100 * result.Throughput / result.Consume.PerSecond:F1}%"));
        output.WriteLine(F($"  pipeline / store    {100 * result.Throughput / result.Store.ReportsPerSecond:F1}%"));
        if (!result.Complete)
        {
            output.WriteLine(F($"  INCOMPLETE: {s.Records - result.Committed:N0} records were not committed"));
        }
    }

    /// <summary>How much of the machine the development broker took while the pipeline ran (a real cluster runs on machines of its own).</summary>
    internal static string BrokerCpuLine(BrokerCpu cpu, TimeSpan run) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  development broker  {cpu.Broker.TotalSeconds:F1} s of CPU in {run.TotalSeconds:F1} s ({100 * cpu.Broker / run:F0}% of a core), {100 * cpu.Broker / cpu.Process:F0}% of this process's {cpu.Process.TotalSeconds:F1} s");

    /// <summary>The latency of the records published after the warm-up, or why there is none (a run shorter than its warm-up).</summary>
    internal static string WarmedUpLatencyLine(TimeSpan warmUp, LatencyHistogram settled) =>
        settled.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"  latency after {warmUp.TotalSeconds:0.#} s of warm-up  none: every record was published during the warm-up (publish more, or pass a shorter --warm-up)")
            : string.Create(CultureInfo.InvariantCulture, $"  latency after {warmUp.TotalSeconds:0.#} s of warm-up  p50 {settled.Percentile(50):N1} ms   p95 {settled.Percentile(95):N1} ms   p99 {settled.Percentile(99):N1} ms   max {settled.Max:N1} ms ({settled.Count:N0} records)");
}
