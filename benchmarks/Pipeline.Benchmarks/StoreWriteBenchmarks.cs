using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Storage;

namespace Pipeline.Benchmarks;

/// <summary>
/// The Process role's store stages on a real SQLite file that already holds 50,000 reports
/// (written in set-up through the same API, so every table and index has realistic depth):
/// <list type="bullet">
/// <item><c>PipelineStore.WriteBatchAsync</c> of one batch of new reports (500 or 2,000), each
/// with its decision, incident (a quarter join an earlier report's incident with a link), privacy
/// fields and protected attributes on some, and an alert for about 30 %. Every iteration writes
/// new keys, so the store keeps growing; the batch is built in <c>[IterationSetup]</c>, not timed.</item>
/// <item>The exact-dedup stage as the worker runs it: <c>FindExistingReportKeysAsync</c> of a batch's
/// 500 distinct keys (250 stored, 250 not), then <c>ExactDuplicates.FindNew</c>.</item>
/// </list>
/// Per-record columns divide by the reports in one operation (<see cref="RecordsPerOperationAttribute"/>).
/// </summary>
[Config(typeof(PerRecordConfig))]
[MemoryDiagnoser]
public class StoreWriteBenchmarks
{
    private const int StoredReports = 50_000;
    private const int SeedBatch = 1_000;
    private const int SmallBatch = 500;
    private const int LargeBatch = 2_000;
    private const int DedupReports = 500;

    private string _directory = "";
    private PipelineStore _store = null!;
    private StoreWriteSource _source = null!;
    private ReportWrite[] _batch = [];
    private Report[] _dedupBatch = [];
    private int _written;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(WriteBatchOf500))]
    public void NextSmallBatch() => _batch = _source.NextBatch(SmallBatch);

    [IterationSetup(Target = nameof(WriteBatchOf2000))]
    public void NextLargeBatch() => _batch = _source.NextBatch(LargeBatch);

    /// <summary>One transaction of 500 new reports (receipt, report, version, incident, links, privacy, protected attributes, decision, alert).</summary>
    [Benchmark(Description = "WriteBatchAsync: 500 new reports, store of 50k+")]
    [RecordsPerOperation(SmallBatch)]
    public Task<int> WriteBatchOf500() => WriteBatchAsync();

    /// <summary>The same with 2,000 reports in one transaction.</summary>
    [Benchmark(Description = "WriteBatchAsync: 2,000 new reports, store of 50k+")]
    [RecordsPerOperation(LargeBatch)]
    public Task<int> WriteBatchOf2000() => WriteBatchAsync();

    /// <summary>What the worker's "dedup" stage does for a batch: the key look-up in the store, then the in-batch pass.</summary>
    [Benchmark(Description = "exact dedup: FindExistingReportKeysAsync + FindNew, 500 reports (250 stored)")]
    [RecordsPerOperation(DedupReports)]
    public async Task<int> ExactDedup()
    {
        var stored = await _store.FindExistingReportKeysAsync([.. _dedupBatch.Select(r => r.IdempotencyKey).Distinct(StringComparer.Ordinal)], CancellationToken.None);
        var isNew = ExactDuplicates.FindNew(_dedupBatch, stored);
        return isNew.Count(n => n);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_store is not null)
        {
            var counts = _store.GetCountsAsync(CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// StoreWriteBenchmarks: {_written:N0} reports written by the benchmark; the store ends with {counts.Reports:N0} reports, {counts.Alerts:N0} alerts, {counts.Decisions:N0} decisions"));
            _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<int> WriteBatchAsync()
    {
        var result = await _store.WriteBatchAsync(_batch, CancellationToken.None);
        // A batch that wrote fewer new reports would measure duplicates, not the new-report path.
        if (result.NewReports != _batch.Length)
        {
            throw new InvalidOperationException($"{result.NewReports} of {_batch.Length} reports were new; every benchmark batch must be new.");
        }
        _written += result.NewReports;
        return result.NewAlerts;
    }

    private async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pipeline-store-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = PipelineStore.Create(
            new StoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "store.db")}" },
            TimeProvider.System,
            NullLogger<PipelineStore>.Instance);
        await _store.MigrateAsync(CancellationToken.None);

        _source = new StoreWriteSource(seed: 10);
        var started = TimeProvider.System.GetTimestamp();
        var storedSample = new List<Report>();
        for (var written = 0; written < StoredReports; written += SeedBatch)
        {
            var batch = _source.NextBatch(SeedBatch);
            var result = await _store.WriteBatchAsync(batch, CancellationToken.None);
            if (result.NewReports != batch.Length)
            {
                throw new InvalidOperationException($"seeding wrote {result.NewReports} of {batch.Length} reports");
            }
            // Every 200th stored report, so that the stored half of the dedup batch spans the whole key range.
            storedSample.AddRange(batch.Where((_, i) => i % (2 * StoredReports / DedupReports) == 0).Select(w => w.Report));
        }
        var seeded = TimeProvider.System.GetElapsedTime(started);

        // Half stored, half never written (the source's next reports, which no benchmark in this process writes).
        var fresh = _source.NextBatch(DedupReports / 2).Select(w => w.Report);
        _dedupBatch = [.. storedSample.Concat(fresh)];
        new Random(11).Shuffle(_dedupBatch);
        var newCount = await ExactDedup();
        if (storedSample.Count != DedupReports / 2 || _dedupBatch.Length != DedupReports || newCount != DedupReports / 2)
        {
            throw new InvalidOperationException($"the dedup batch has {_dedupBatch.Length} reports, {storedSample.Count} stored, {newCount} found new; expected {DedupReports}, {DedupReports / 2}, {DedupReports / 2}");
        }

        var counts = await _store.GetCountsAsync(CancellationToken.None);
        var bytes = new DirectoryInfo(_directory).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// StoreWriteBenchmarks: seeded {counts.Reports:N0} reports, {counts.Alerts:N0} alerts, {counts.Decisions:N0} decisions in {seeded.TotalSeconds:N1} s; "
            + $"{bytes / 1048576.0:N1} MB on disk; mean narrative {_source.MeanNarrativeLength:N0} chars; dedup batch {DedupReports} reports, {newCount} new"));
    }
}

/// <summary>
/// New-report writes as the Process role builds them, from a fixed seed, each with a unique key
/// and raw-record origin: 60 % CAD (two feeds, one of them multi-row CSV messages) and 40 % SAR;
/// narratives of 200 to 1,000 characters; geocoded locations with jurisdictions; privacy fields
/// on 35 %, protected attributes on 40 %; sixteen category scores and a decision for every
/// report; an alert with a small explanation for 30 %; an incident for every report, a quarter of
/// them joining an earlier report's incident in the same batch with one link, 5 % opening their
/// own incident with a possible-duplicate link.
/// </summary>
internal sealed class StoreWriteSource(int seed)
{
    private const string ModelVersion = "isesar-lr-20261122T000000Z-798dc0d7";
    private const string LinkModelVersion = "fs-default-v1";

    // Partitions of reports.normalized, each with its own linking window.
    private const int Partitions = 12;

    private static readonly string[] _words =
    [
        "subject", "observed", "photographing", "the", "main", "gate", "of", "substation", "and", "fence", "line",
        "for", "about", "twenty", "minutes", "with", "a", "tripod", "camera", "then", "walked", "toward", "parking",
        "garage", "asked", "security", "officer", "about", "shift", "change", "times", "left", "in", "gray", "sedan",
        "caller", "reports", "male", "loitering", "near", "loading", "dock", "taking", "notes", "drone", "flying",
        "over", "rail", "yard", "was", "seen", "climbing", "ladder", "to", "roof", "carrying", "backpack", "wires",
        "tower", "refused", "to", "give", "name", "when", "approached", "said", "he", "was", "a", "contractor",
        "no", "badge", "vehicle", "parked", "across", "from", "the", "entrance", "for", "hours", "binoculars",
    ];

    private static readonly string[] _streets =
    [
        "MAGAZINE ST", "TCHOUPITOULAS ST", "CANAL ST", "POYDRAS ST", "ST CHARLES AVE", "ELYSIAN FIELDS AVE",
        "CLAIBORNE AVE", "CARROLLTON AVE", "FRENCHMEN ST", "ESPLANADE AVE", "BROAD ST", "GENTILLY BLVD",
    ];

    private static readonly string[] _callTypes = ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE", "TRESPASS", "PROWLER", "THREATS", "CRIMINAL DAMAGE"];
    private static readonly string[] _sectors = ["Energy", "Transportation Systems", "Communications", "Water and Wastewater Systems", "Commercial Facilities"];
    private static readonly string[] _races = ["W", "B", "H", "A", "U"];
    private static readonly string[] _religions = ["Christian", "None", "Muslim", "Jewish"];

    private readonly Random _random = new(seed);
    private readonly string[] _categories = [.. IseSarCategories.All.Select(c => c.Code)];
    private DateTimeOffset _clock = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private long _sequence;
    private long _narrativeChars;

    /// <summary>Mean narrative length of every report made so far.</summary>
    public double MeanNarrativeLength => _sequence == 0 ? 0 : _narrativeChars / (double)_sequence;

    /// <summary>The next <paramref name="count"/> reports, as one batch of writes.</summary>
    public ReportWrite[] NextBatch(int count)
    {
        var batch = new ReportWrite[count];
        for (var i = 0; i < count; i++)
        {
            var report = NextReport();
            IncidentWrite incident;
            var draw = _random.NextDouble();
            if (i > 0 && draw < 0.25)
            {
                // Joins the incident of an earlier report of the batch, linked to it.
                var other = batch[_random.Next(i)];
                incident = new IncidentWrite(other.Incident!.IncidentId, IsNew: false, other.Incident.ProcessPartition,
                    [Link(other.Report.IdempotencyKey, band: "Link", 9 + (_random.NextDouble() * 6))], []);
            }
            else if (i > 0 && draw < 0.30)
            {
                var other = batch[_random.Next(i)];
                incident = new IncidentWrite(IncidentId(report), IsNew: true, _random.Next(Partitions),
                    [Link(other.Report.IdempotencyKey, band: "PossibleDuplicate", 3 + (_random.NextDouble() * 5))], []);
            }
            else
            {
                incident = new IncidentWrite(IncidentId(report), IsNew: true, _random.Next(Partitions), [], []);
            }
            var (decision, alert) = Decide(report, incident.IncidentId);
            batch[i] = new ReportWrite(report, ReportContentHash.Compute(report), decision, alert) { Incident = incident };
        }
        return batch;
    }

    private Report NextReport()
    {
        _clock += TimeSpan.FromMilliseconds(250 + _random.Next(500));
        var sequence = ++_sequence;
        var feed = _random.NextDouble() switch
        {
            < 0.35 => "nola-cad",
            < 0.60 => "demo-cad",
            _ => "demo-sar",
        };
        var cad = feed != "demo-sar";
        var sourceId = feed switch
        {
            "nola-cad" => string.Create(CultureInfo.InvariantCulture, $"A{sequence:D7}-26"),
            "demo-cad" => sequence.ToString("D10", CultureInfo.InvariantCulture),
            _ => string.Create(CultureInfo.InvariantCulture, $"SAR-2026-{sequence:D7}"),
        };
        // The CSV feed's messages carry 25 rows each; the JSON feeds one record per message.
        var origin = feed == "nola-cad"
            ? new RecordOrigin("feeds.nola-cad.raw", (int)(sequence / 25 % 6), sequence / 25, (int)(sequence % 25))
            : new RecordOrigin($"feeds.{feed}.raw", (int)(sequence % 6), sequence);
        var narrative = Narrative(200 + _random.Next(801));
        _narrativeChars += narrative.Length;
        return new Report
        {
            IdempotencyKey = IdempotencyKeys.For(feed, sourceId),
            FeedId = feed,
            SourceRecordId = sourceId,
            Kind = cad ? ReportKind.Cad : ReportKind.Sar,
            OccurredAt = _clock - TimeSpan.FromMinutes(cad ? _random.Next(120) : _random.Next(4320)),
            ReceivedAt = _clock,
            Location = Location(feed == "nola-cad"),
            Narrative = narrative,
            CadCallType = cad ? _callTypes[_random.Next(_callTypes.Length)] : null,
            CadPriority = cad ? 1 + _random.Next(3) : null,
            TargetSector = !cad && _random.NextDouble() < 0.2 ? _sectors[_random.Next(_sectors.Length)] : null,
            Privacy = _random.NextDouble() < 0.35 ? Privacy() : PrivacyFields.None,
            Protected = _random.NextDouble() < 0.40 ? Protected() : ProtectedAttributes.None,
            Origin = origin,
        };
    }

    private ReportLocation Location(bool fromSource)
    {
        var number = 100 + _random.Next(8000);
        var street = _streets[_random.Next(_streets.Length)];
        var district = 1 + _random.Next(8);
        string[] jurisdictions =
        [
            "nopd",
            string.Create(CultureInfo.InvariantCulture, $"nopd/district-{district}"),
            string.Create(CultureInfo.InvariantCulture, $"nopd/district-{district}/beat-{district}{(char)('A' + _random.Next(5))}{_random.Next(1, 20):D2}"),
        ];
        return new ReportLocation(
            string.Create(CultureInfo.InvariantCulture, $"{number / 100}XX BLOCK OF {street}"),
            29.90 + (_random.NextDouble() * 0.12),
            -90.13 + (_random.NextDouble() * 0.12),
            fromSource ? LocationPrecision.Source : LocationPrecision.AddressPoint)
        {
            Provider = fromSource ? "record" : "gazetteer",
            MatchedAddress = fromSource ? null : string.Create(CultureInfo.InvariantCulture, $"{number} {street}, NEW ORLEANS, LA 701{10 + _random.Next(30)}"),
            Confidence = fromSource ? 1.0 : 0.8 + (_random.NextDouble() * 0.2),
            Jurisdictions = jurisdictions,
        };
    }

    private string Narrative(int length)
    {
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(_words[_random.Next(_words.Length)]);
        }
        return text.ToString(0, length).TrimEnd();
    }

    private PrivacyFields Privacy()
    {
        string[] subjects = _random.NextDouble() < 0.5
            ? [string.Create(CultureInfo.InvariantCulture, $"male, {20 + _random.Next(40)}s, dark jacket")]
            : [string.Create(CultureInfo.InvariantCulture, $"male, {20 + _random.Next(40)}s, dark jacket"), "female, 30s, red backpack"];
        string[] vehicles = _random.NextDouble() < 0.6 ? [string.Create(CultureInfo.InvariantCulture, $"gray sedan LA plate {_random.Next(100, 999)}ABC")] : [];
        return new PrivacyFields(subjects, vehicles)
        {
            Other = _random.NextDouble() < 0.3
                ? new Dictionary<string, string>(StringComparer.Ordinal) { ["callerPhone"] = string.Create(CultureInfo.InvariantCulture, $"504-555-{_random.Next(10000):D4}") }
                : new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    private ProtectedAttributes Protected()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["race"] = _races[_random.Next(_races.Length)],
            ["sex"] = _random.NextDouble() < 0.5 ? "M" : "F",
        };
        if (_random.NextDouble() < 0.3)
        {
            values["religion"] = _religions[_random.Next(_religions.Length)];
        }
        return new ProtectedAttributes(values);
    }

    private (DecisionRecord Decision, Alert? Alert) Decide(Report report, string incidentId)
    {
        var decidedAt = report.ReceivedAt + TimeSpan.FromMilliseconds(40 + _random.Next(400));
        var alerted = _random.NextDouble() < 0.30;
        var held = !alerted && _random.NextDouble() < 0.03;
        var scores = _categories
            .Select(c => new CategoryScore(c, Math.Round(alerted ? _random.NextDouble() : _random.NextDouble() * 0.45, 4)))
            .OrderByDescending(s => s.Score)
            .ToArray();
        if (alerted && scores[0].Score < 0.5)
        {
            scores[0] = scores[0] with { Score = 0.5 + (scores[0].Score / 2) };
        }
        var top = scores[0];
        var priority = Math.Round(top.Score * (0.8 + (_random.NextDouble() * 0.2)), 4);
        var outcome = alerted ? DecisionOutcome.Alerted : held ? DecisionOutcome.HeldForReview : DecisionOutcome.BelowThreshold;
        var reason = outcome switch
        {
            DecisionOutcome.Alerted => string.Create(CultureInfo.InvariantCulture, $"{top.Category} scored {top.Score:0.00}, at or above its threshold 0.50; the narrative describes the behavior"),
            DecisionOutcome.HeldForReview => $"{top.Category} is a group B category: held for analyst review, no alert without a second indicator",
            _ => string.Create(CultureInfo.InvariantCulture, $"highest score {top.Category} {top.Score:0.00} is below the threshold 0.50"),
        };
        var decision = new DecisionRecord(report.IdempotencyKey, ModelVersion, scores, priority, top.Category, 0.5, outcome, reason, decidedAt);
        if (!alerted)
        {
            return (decision, null);
        }
        var evidence = Enumerable.Range(0, 3 + _random.Next(6))
            .Select(i => new ScoreEvidence(top.Category, string.Create(CultureInfo.InvariantCulture, $"narrative:\"{_words[_random.Next(_words.Length)]} {_words[_random.Next(_words.Length)]}\""), Math.Round(2.5 / (i + 1), 4)))
            .ToArray();
        var alert = new Alert
        {
            AlertId = RecordIds.Alert(report.IdempotencyKey, report.ReceivedAt),
            ReportKey = report.IdempotencyKey,
            FeedId = report.FeedId,
            TopCategory = top.Category,
            Priority = priority,
            Scores = scores,
            ModelVersion = ModelVersion,
            Explanation = evidence,
            RaisedAt = decidedAt,
            IncidentId = incidentId,
        };
        return (decision, alert);
    }

    private LinkWrite Link(string linkedKey, string band, double weight)
    {
        var features = string.Create(CultureInfo.InvariantCulture,
            $$"""[{"feature":"Distance","level":{{_random.Next(4)}},"agreement":"Agree","weight":{{weight / 3:0.####}}},{"feature":"Time","level":1,"agreement":"Agree","weight":2.1},{"feature":"Narrative","level":{{_random.Next(3)}},"agreement":"Partial","weight":1.7},{"feature":"CallType","level":0,"agreement":"Missing","weight":0},{"feature":"Subject","level":0,"agreement":"Missing","weight":0},{"feature":"Vehicle","level":1,"agreement":"Agree","weight":1.2}]""");
        return new LinkWrite(linkedKey, Math.Round(weight, 4), band, features, LinkModelVersion);
    }

    private static string IncidentId(Report report) => RecordIds.Incident(report.IdempotencyKey, report.ReceivedAt);

}
