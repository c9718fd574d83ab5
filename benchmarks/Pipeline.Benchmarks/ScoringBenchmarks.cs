using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pipeline.Contracts;
using Pipeline.Scoring;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Model;
using Pipeline.Scoring.Training;

namespace Pipeline.Benchmarks;

/// <summary>
/// The shipped ISE-SAR model (infra/models/baseline.isesar) on 10,000 generated reports (every
/// category, hard negatives, CAD and SAR, shorthand and typos): featurization alone, scoring
/// (featurize, sixteen log-odds, calibration, thresholds, priority), and scoring with the
/// explanation the worker stores on each alert. One thread.
/// </summary>
[Config(typeof(PerRecordConfig))]
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Reports = 10_000;

    private Report[] _reports = [];
    private ModelScorer _scorer = null!;
    private ReportFeaturizer _featurizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelArtifact.Load(Path.Combine(ShippedFeeds.Root(), "infra", "models", "baseline" + ModelArtifact.Extension));
        _scorer = new ModelScorer(model);
        _featurizer = model.Featurizer;
        _reports = [.. new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = 77, Split = TemplateSplit.All }).Generate(Reports).Select(l => l.Report)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// ScoringBenchmarks: {model.Version}; {Reports:N0} reports, mean narrative {_reports.Average(r => r.Narrative.Length):N0} chars"));
    }

    /// <summary>Hashed word and character n-grams and structured features.</summary>
    [Benchmark]
    [RecordsPerOperation(Reports)]
    public int Featurize()
    {
        var entries = 0;
        foreach (var report in _reports)
        {
            entries += _featurizer.Featurize(report).Count;
        }
        return entries;
    }

    /// <summary>What the Process role does for every report.</summary>
    [Benchmark(Baseline = true)]
    [RecordsPerOperation(Reports)]
    public double Score()
    {
        var sum = 0.0;
        foreach (var report in _reports)
        {
            sum += _scorer.Score(report).Priority;
        }
        return sum;
    }

    /// <summary>Scoring plus the named explanation (what an alert stores), for every report.</summary>
    [Benchmark]
    [RecordsPerOperation(Reports)]
    public int ScoreAndExplain()
    {
        var evidence = 0;
        foreach (var report in _reports)
        {
            evidence += _scorer.Explain(report, _scorer.Score(report)).Count;
        }
        return evidence;
    }
}

/// <summary>
/// Training the one-vs-rest model on 100,000 generated reports with the shipped settings
/// (featurization, six AdaGrad epochs on two threads, calibration and thresholds).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private List<TrainingExample> _examples = [];

    [GlobalSetup]
    public void Setup() =>
        _examples = [.. new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = 1 }).Generate(100_000).Select(l => new TrainingExample(l.Report, l.Categories))];

    /// <summary>One full training run.</summary>
    [Benchmark]
    public string Train100k() =>
        OneVsRestTrainer.Train(_examples, FeatureOptions.Default, new OneVsRestOptions(), "benchmark", DateTimeOffset.UnixEpoch).Version;
}
