using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pipeline.Contracts;
using Pipeline.Dedup.Linking;

namespace Pipeline.Benchmarks;

/// <summary>
/// Near-duplicate linking on one partition: a <see cref="DedupWindow"/> pre-filled with
/// 1,000,000 reports spread over 72 h and one coarse cell, then batches of 10,000 new reports,
/// each through FindLinks and Add (signature computed once). Time keeps moving forward, so the
/// window evicts as it would in production and stays at about 1,000,000 reports.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class LinkingBenchmarks
{
    private const int HeldReports = 1_000_000;
    private const int Batch = 10_000;
    private static readonly TimeSpan _window = TimeSpan.FromHours(72);

    private LinkingReportSource _source = null!;
    private DedupWindow _dedup = null!;
    private Report[] _batch = [];
    private long _links;

    [GlobalSetup]
    public void Setup()
    {
        _source = new LinkingReportSource(seed: 42, reportsPerWindow: HeldReports, _window);
        _dedup = new DedupWindow(FellegiSunterModel.Default);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < HeldReports; i++)
        {
            _dedup.Add(_source.Next());
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// LinkingBenchmarks: {_dedup.Count:N0} reports held; {(after - before) / (double)_dedup.Count:N1} bytes per held report (GC.GetTotalMemory difference, keys included)"));
    }

    [IterationSetup]
    public void NextBatch() => _batch = Enumerable.Range(0, Batch).Select(_ => _source.Next()).ToArray();

    [Benchmark(OperationsPerInvoke = Batch, Description = "FindLinks + Add, window of 1M reports / 72 h")]
    public long FindLinksAndAdd()
    {
        foreach (var report in _batch)
        {
            _links += _dedup.FindLinksAndAdd(report).Count;
        }
        return _links;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ReportSignature.Of only")]
    public long SignatureOnly()
    {
        long sum = 0;
        foreach (var report in _batch)
        {
            sum += ReportSignature.Of(report).NarrativeTokenCount;
        }
        return sum;
    }

    [GlobalCleanup]
    public void Cleanup() =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// LinkingBenchmarks: {_dedup.Count:N0} reports held at the end; {_links:N0} decisions returned"));
}

/// <summary>
/// Realistic-looking reports for the linking benchmark, one at a time (never all in memory):
/// arriving in time order at the rate that puts <c>reportsPerWindow</c> in one window, on one
/// coarse cell (a partition), half of them clustered around 400 busy places, with CAD call
/// notes (8 words) and SAR narratives (40 words) drawn with a skew from a 3,000-word vocabulary,
/// and for 30 % of events a second report of the same event from the other kind of feed.
/// </summary>
internal sealed class LinkingReportSource
{
    private static readonly string[] _words =
    [
        "photographing", "watching", "climbing", "fence", "substation", "tripod", "backpack", "drone", "gate",
        "notebook", "binoculars", "loitering", "parking", "garage", "station", "bridge", "ladder", "camera",
        "sedan", "pickup", "hoodie", "jacket", "threatening", "package", "wires", "tower", "rail", "yard",
    ];

    private static readonly string[] _callTypes = ["SUSPICIOUS PERSON", "TRESPASS", "PROWLER", "SUSPICIOUS VEHICLE", "THREATS", "VANDALISM"];

    private readonly Random _random;
    private readonly string[] _vocabulary;
    private readonly TimeSpan _step;
    private readonly (double Latitude, double Longitude)[] _places;
    private DateTimeOffset _clock = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private Report? _pending;
    private long _sequence;

    public LinkingReportSource(int seed, int reportsPerWindow, TimeSpan window)
    {
        _random = new Random(seed);
        _step = window / reportsPerWindow;
        // The domain words plus 3,000 made-up ones, drawn with a skew (common words often, most rarely).
        _vocabulary = _words.Concat(Enumerable.Range(0, 3000).Select(_ => new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + _random.Next(26))).ToArray()))).ToArray();
        // One coarse cell (0.25°) of a city: cell:119:-361 is New Orleans.
        _places = Enumerable.Range(0, 400)
            .Select(_ => (29.75 + (_random.NextDouble() * 0.25), -90.25 + (_random.NextDouble() * 0.25)))
            .ToArray();
    }

    public Report Next()
    {
        _clock += _step;
        if (_pending is { } pending)
        {
            _pending = null;
            return pending with { ReceivedAt = _clock };
        }
        var cad = _random.NextDouble() < 0.6;
        var onPlace = _random.NextDouble() < 0.5;
        var (latitude, longitude) = onPlace
            ? _places[_random.Next(_places.Length)]
            : (29.75 + (_random.NextDouble() * 0.25), -90.25 + (_random.NextDouble() * 0.25));
        latitude += (_random.NextDouble() - 0.5) * 0.001;
        longitude += (_random.NextDouble() - 0.5) * 0.001;
        var report = Make(cad, latitude, longitude, Narrative(cad));
        if (_random.NextDouble() < 0.3)
        {
            // A second report of the same event from the other kind of feed, arriving next.
            _pending = Make(!cad, latitude + 0.0002, longitude, report.Narrative.ToLowerInvariant() + " reported later");
        }
        return report;
    }

    private Report Make(bool cad, double latitude, double longitude, string narrative)
    {
        var id = (++_sequence).ToString(CultureInfo.InvariantCulture);
        var feed = cad ? "cad-city" : "sar-portal";
        return new Report
        {
            IdempotencyKey = feed + ":" + id,
            FeedId = feed,
            SourceRecordId = id,
            Kind = cad ? ReportKind.Cad : ReportKind.Sar,
            OccurredAt = _clock - TimeSpan.FromMinutes(_random.Next(5)),
            ReceivedAt = _clock,
            Location = new ReportLocation(null, latitude, longitude, LocationPrecision.AddressPoint),
            Narrative = narrative,
            CadCallType = cad ? _callTypes[_random.Next(_callTypes.Length)] : null,
            Privacy = _random.NextDouble() < 0.3
                ? new PrivacyFields(["male, 30s, " + _words[_random.Next(_words.Length)]], ["gray sedan plate ABC" + _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)])
                : PrivacyFields.None,
            Origin = new RecordOrigin("feeds." + feed + ".raw", 0, _sequence),
        };
    }

    private string Narrative(bool cad)
    {
        var count = cad ? 8 : 40;
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var draw = _random.NextDouble();
            words[i] = _vocabulary[(int)(draw * draw * _vocabulary.Length)];
        }
        return string.Join(' ', words);
    }
}
