using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pipeline.Contracts;
using Pipeline.Dedup.Linking;
using Pipeline.Storage;
using Pipeline.Worker;

namespace Pipeline.Benchmarks;

/// <summary>
/// The Process role's whole linking step for one partition: <see cref="IncidentLinker.Link"/>
/// (the window's links, then the incident the report joins or opens, the incidents it merges and
/// the links' JSON), with <see cref="IncidentLinker.Evict"/> after every 2,000 reports as after
/// each Process batch. The linker starts empty (as for a partition the store holds nothing for)
/// and is fed 200,000 reports (<see cref="LinkingReportSource"/>, seed 42, 72 h of one coarse cell), so its window
/// and incident index hold about 200,000 reports; each iteration links 10,000 more.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class IncidentLinkerBenchmarks
{
    private const int HeldReports = 200_000;
    private const int Batch = 10_000;
    private const int EvictEvery = 2_000;

    private LinkingReportSource _source = null!;
    private IncidentLinker _linker = null!;
    private Report[] _batch = [];
    private long _merges;
    private long _joined;

    [GlobalSetup]
    public void Setup()
    {
        _linker = IncidentLinker.Empty(FellegiSunterModel.Default, new DedupWindowOptions(), partition: 0);
        _source = new LinkingReportSource(seed: 42, reportsPerWindow: HeldReports, TimeSpan.FromHours(72));
        for (var i = 0; i < HeldReports; i++)
        {
            LinkAndEvict(_source.Next(), i);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// IncidentLinkerBenchmarks: set-up linked {HeldReports:N0} reports: {_linker.Held:N0} held, {_linker.OpenIncidents:N0} open incidents, {_joined:N0} joined one, {_merges:N0} merges"));
    }

    [IterationSetup]
    public void NextBatch() => _batch = [.. Enumerable.Range(0, Batch).Select(_ => _source.Next())];

    [Benchmark(OperationsPerInvoke = Batch, Description = "IncidentLinker.Link, window and incidents of 200k reports")]
    public long Link()
    {
        for (var i = 0; i < _batch.Length; i++)
        {
            LinkAndEvict(_batch[i], i);
        }
        return _merges;
    }

    [GlobalCleanup]
    public void Cleanup() =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// IncidentLinkerBenchmarks: {_linker.Held:N0} reports held, {_linker.OpenIncidents:N0} open incidents; {_joined:N0} reports joined an incident, {_merges:N0} incidents merged"));

    // Links one report; evicts after every EvictEvery-th of a run, as the worker does after each batch.
    private void LinkAndEvict(Report report, int position)
    {
        Count(_linker.Link(report));
        if ((position + 1) % EvictEvery == 0)
        {
            _linker.Evict();
        }
    }

    private void Count(IncidentWrite incident)
    {
        _merges += incident.MergedIncidents.Count;
        if (!incident.IsNew)
        {
            _joined++;
        }
    }
}
