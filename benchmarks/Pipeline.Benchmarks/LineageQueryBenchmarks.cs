using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Perfolizer.Mathematics.OutlierDetection;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Benchmarks;

/// <summary>
/// <c>PipelineStore.GetLineageAsync</c> (what <c>pipeline lineage</c> and the watch desk's lineage
/// view call) on a SQLite store holding 1,000,000 reports. Target: under 20 ms for one alert.
/// <para>
/// The store is created with <c>PipelineStore.Create</c> and <c>MigrateAsync</c> (the real schema,
/// every index), then filled by <see cref="LineageStoreFiller"/> with prepared INSERTs through
/// Microsoft.Data.Sqlite (not the store's write path, which would take far longer), in one transaction:
/// 1,000,000 reports received over a year, their receipts, an alert for about 12 % (with 2 or 3
/// history rows for 40 % of the alerts), one lineage pass per report with the events the worker
/// writes (received, mapped, geocoded, linked, scored, alerted or held or below-threshold), and a
/// second, deduplicated or versioned, pass with its receipt for 10 %. The filled file is kept under
/// the system temp folder (<c>pipeline-lineage-bench-&lt;key&gt;/store.db</c>, the key a hash of the
/// SQLite migrations and <see cref="DataVersion"/>), so later runs and BenchmarkDotNet's other
/// benchmark processes open it instead of building it again.
/// </para>
/// <para>
/// Each measured iteration is one call (<see cref="PerQueryConfig"/>), so Mean, Median, P95 and
/// Max are per query. The random cases take a different target on every call, cycling through
/// 1,000 drawn once in set-up, so that no one report's pages stay in SQLite's page cache.
/// </para>
/// </summary>
[Config(typeof(PerQueryConfig))]
[MemoryDiagnoser]
public class LineageQueryBenchmarks
{
    /// <summary>Reports in the store.</summary>
    public const int Reports = 1_000_000;

    /// <summary>Bump when the generated data changes, so that a cached store of older data is not reused.</summary>
    public const int DataVersion = 2;

    private const int Targets = 1_000;

    private PipelineStore _store = null!;
    private string _middleAlert = "";
    private string _middleReport = "";
    private string[] _alertTargets = [];
    private string[] _reportTargets = [];
    private int _nextAlert;
    private int _nextReport;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The lineage of the alert whose id is the median of all alert ids.</summary>
    [Benchmark(Description = "GetLineageAsync(alert id): one alert, middle of the key space")]
    public Task<int> ByAlertIdMiddle() => LineageAsync(_middleAlert);

    /// <summary>The lineage of a different alert on every call, cycling through 1,000 random alerts.</summary>
    [Benchmark(Description = "GetLineageAsync(alert id): 1,000 random alerts, a different one each call")]
    public Task<int> ByAlertIdRandom() => LineageAsync(_alertTargets[_nextAlert++ % Targets]);

    /// <summary>The lineage of the report whose key is the median of all report keys.</summary>
    [Benchmark(Description = "GetLineageAsync(report key): one report, middle of the key space")]
    public Task<int> ByReportKeyMiddle() => LineageAsync(_middleReport);

    /// <summary>The lineage of a different report on every call, cycling through 1,000 random reports (about 12 % with an alert).</summary>
    [Benchmark(Description = "GetLineageAsync(report key): 1,000 random reports, a different one each call")]
    public Task<int> ByReportKeyRandom() => LineageAsync(_reportTargets[_nextReport++ % Targets]);

    private async Task<int> LineageAsync(string id)
    {
        var lineage = await _store.GetLineageAsync(id, CancellationToken.None)
            ?? throw new InvalidOperationException($"No lineage for {id}.");
        return lineage.Entries.Count;
    }

    private async Task SetupAsync()
    {
        var file = await LineageBenchStore.GetOrBuildAsync();
        _store = PipelineStore.Create(
            new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={file}" },
            TimeProvider.System,
            NullLogger<PipelineStore>.Instance);
        await _store.MigrateAsync(CancellationToken.None);

        var random = new Random(20261122);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            _middleAlert = (string)(await Scalar(connection, "SELECT alert_id FROM alerts ORDER BY alert_id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM alerts)"))!;
            _middleReport = (string)(await Scalar(connection, "SELECT idempotency_key FROM reports ORDER BY idempotency_key LIMIT 1 OFFSET (SELECT count(*) / 2 FROM reports)"))!;

            var alertIds = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT alert_id FROM alerts";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    alertIds.Add(reader.GetString(0));
                }
            }
            var shuffled = alertIds.ToArray();
            random.Shuffle(shuffled);
            _alertTargets = shuffled[..Targets];

            // Reports were inserted in order, so their rowids are 1 to Reports.
            var maxRowId = (long)(await Scalar(connection, "SELECT max(rowid) FROM reports"))!;
            var rowIds = new HashSet<long>();
            while (rowIds.Count < Targets)
            {
                rowIds.Add(random.NextInt64(1, maxRowId + 1));
            }
            var keys = new List<string>(Targets);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT idempotency_key FROM reports WHERE rowid = $rowid";
                var rowId = command.Parameters.Add("$rowid", SqliteType.Integer);
                foreach (var id in rowIds)
                {
                    rowId.Value = id;
                    keys.Add((string)(await command.ExecuteScalarAsync())!);
                }
            }
            _reportTargets = [.. keys];

            foreach (var (name, sql, parameter, value) in new[]
            {
                ("alert by id", "SELECT report_key FROM alerts WHERE alert_id = $id", "$id", _middleAlert),
                ("report + alert", "SELECT r.feed_id, r.version, a.alert_id FROM reports r LEFT JOIN alerts a ON a.report_key = r.idempotency_key WHERE r.idempotency_key = $key", "$key", _middleReport),
                ("lineage passes", "SELECT pass, events FROM lineage WHERE report_key = $key ORDER BY recorded_at, seq", "$key", _middleReport),
                ("alert history", "SELECT at, actor, action, from_status, to_status, disposition FROM alert_history WHERE alert_id = $alertId ORDER BY id", "$alertId", _middleAlert),
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + sql;
                command.Parameters.AddWithValue(parameter, value);
                await using var reader = await command.ExecuteReaderAsync();
                var plan = new List<string>();
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
                Console.WriteLine($"// LineageQueryBenchmarks: query plan, {name}: {string.Join("; ", plan)}");
            }
        }

        // Every target must have a lineage: the benchmarks measure found reports, not misses.
        var entries = 0L;
        var withAlert = 0;
        foreach (var id in _alertTargets.Concat(_reportTargets).Append(_middleAlert).Append(_middleReport))
        {
            var lineage = await _store.GetLineageAsync(id, CancellationToken.None)
                ?? throw new InvalidOperationException($"No lineage for {id}.");
            entries += lineage.Entries.Count;
            withAlert += lineage.AlertId is null ? 0 : 1;
        }
        var middle = (await _store.GetLineageAsync(_middleAlert, CancellationToken.None))!;
        if (_alertTargets.Length != Targets || _reportTargets.Length != Targets || middle.AlertId != _middleAlert)
        {
            throw new InvalidOperationException("The benchmark targets were not drawn as expected.");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// LineageQueryBenchmarks: middle alert {_middleAlert} (report {middle.ReportKey}, {middle.Entries.Count} entries); middle report {_middleReport}; "
            + $"{Targets:N0} alert and {Targets:N0} report targets, {withAlert:N0} of {2 * Targets + 2:N0} with an alert, {entries / (double)(2 * Targets + 2):N1} entries each on average"));
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// One call per measured iteration (BenchmarkDotNet's monitoring strategy), 200 warm-up calls
    /// (past tiered JIT's promotion of the query path) and 1,000 measured ones in one process, no
    /// outliers removed: the statistics are per query. Adds the median, 95th percentile and maximum.
    /// </summary>
    public sealed class PerQueryConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public PerQueryConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(200)
                .WithIterationCount(1_000)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithOutlierMode(OutlierMode.DontRemove)
                .WithId("PerQuery"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}

/// <summary>The filled 1,000,000-report store, built once and kept under the system temp folder.</summary>
internal static class LineageBenchStore
{
    private const string Prefix = "pipeline-lineage-bench-";

    /// <summary>The path of the filled store file, building it first when no cached one exists.</summary>
    public static async Task<string> GetOrBuildAsync()
    {
        var root = Path.GetTempPath();
        var directory = Path.Combine(root, Prefix + CacheKey());
        var file = Path.Combine(directory, "store.db");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "last-used"), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        RemoveStale(root, directory);
        if (File.Exists(file))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// LineageQueryBenchmarks: cached store {file}, {new FileInfo(file).Length / 1048576.0:N0} MB (delete the folder to build it again)"));
            return file;
        }

        // Built under another name and renamed when complete, so that an interrupted build is never taken for a cache.
        var building = Path.Combine(directory, $"building-{Guid.NewGuid():N}.db");
        var started = Stopwatch.GetTimestamp();
        TimeSpan migrated;
        LineageFillResult filled;
        try
        {
            await using (var store = PipelineStore.Create(
                new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={building}" },
                TimeProvider.System,
                NullLogger<PipelineStore>.Instance))
            {
                await store.MigrateAsync(CancellationToken.None);
            }
            SqliteConnection.ClearAllPools();
            migrated = Stopwatch.GetElapsedTime(started);
            filled = new LineageStoreFiller(LineageQueryBenchmarks.Reports, seed: 7).Fill(building);
            SqliteConnection.ClearAllPools();
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            foreach (var part in Directory.EnumerateFiles(directory, Path.GetFileName(building) + "*"))
            {
                File.Delete(part);
            }
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        try
        {
            File.Move(building, file);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process finished the same build first.
            File.Delete(building);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// LineageQueryBenchmarks: built {file} in {elapsed.TotalSeconds:N1} s (migrations {migrated.TotalSeconds:N1} s, fill {filled.Fill.TotalSeconds:N1} s, WAL back on {filled.Finish.TotalSeconds:N1} s): "
            + $"{filled.Reports:N0} reports, {filled.Receipts:N0} receipts, {filled.Alerts:N0} alerts, {filled.HistoryRows:N0} alert history rows, "
            + $"{filled.LineageRows:N0} lineage passes ({filled.SecondPasses:N0} second passes), events JSON {filled.MeanEventsLength:N0} chars per pass on average; "
            + $"{new FileInfo(file).Length / 1048576.0:N0} MB"));
        return file;
    }

    // The data's version and every SQLite migration: a schema change or a change of the generated data builds a new store.
    private static string CacheKey()
    {
        var assembly = typeof(PipelineStore).Assembly;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"v{LineageQueryBenchmarks.DataVersion}/{LineageQueryBenchmarks.Reports}")));
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/sqlite/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var content = new MemoryStream();
            stream.CopyTo(content);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(content.ToArray());
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    // Stores of other data versions or schemas unused for 6 hours, and builds interrupted more than an hour ago.
    private static void RemoveStale(string root, string current)
    {
        var now = DateTime.UtcNow;
        foreach (var directory in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            var lastUsed = Path.Combine(directory, "last-used");
            if (Path.GetFullPath(directory) == Path.GetFullPath(current)
                || now - (File.Exists(lastUsed) ? File.GetLastWriteTimeUtc(lastUsed) : Directory.GetLastWriteTimeUtc(directory)) < TimeSpan.FromHours(6))
            {
                continue;
            }
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // In use: left for a later run.
            }
        }
        foreach (var building in Directory.EnumerateFiles(current, "building-*"))
        {
            if (now - File.GetLastWriteTimeUtc(building) > TimeSpan.FromHours(1))
            {
                File.Delete(building);
            }
        }
    }
}

/// <summary>What <see cref="LineageStoreFiller.Fill"/> wrote, and how long it took.</summary>
internal sealed record LineageFillResult(
    int Reports, int Receipts, int Alerts, int HistoryRows, int LineageRows, int SecondPasses, double MeanEventsLength, TimeSpan Fill, TimeSpan Finish);

/// <summary>
/// Fills a migrated, empty store with reports as the worker stores them, through prepared
/// INSERTs on one connection in one transaction. Values follow <c>StoreWriteSource</c>
/// (StoreWriteBenchmarks.cs) and the worker's <c>LineageEvents</c>: three feeds (nola-cad 35 %,
/// demo-cad 25 %, demo-sar 40 %), keys such as <c>demo-sar:SAR-2026-0000123</c>, times in the store's
/// text format received over one year (2025-11-22 to 2026-11-22), narratives of 200 to 1,000
/// characters, geocoded locations with three jurisdictions, an incident per report; alert and
/// incident ids are made by <see cref="RecordIds"/>, as the worker makes them. The connection turns the
/// rollback journal and fsync off while it fills (the file is renamed into the cache only when
/// complete) and sets WAL mode back before it closes; the schema is not touched.
/// </summary>
internal sealed class LineageStoreFiller(int reports, int seed)
{
    private const string ModelVersion = "isesar-lr-20261122T000000Z-798dc0d7";
    private const string LinkModelVersion = "fs-default-v1";
    private const int Partitions = 12;
    private const long SecondPassOffsetBase = 100_000_000;

    private static readonly DateTimeOffset _start = new(2025, 11, 22, 0, 0, 0, TimeSpan.Zero);

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

    // Feed definitions' versions: the first 12 hex digits of the definition file's SHA-256.
    private static readonly Dictionary<string, string> _definitionVersions = new(StringComparer.Ordinal)
    {
        ["nola-cad"] = "4f1c2a9e0b7d",
        ["demo-cad"] = "a03e5d7c91f2",
        ["demo-sar"] = "7b9e14c2d850",
    };

    private readonly Random _random = new(seed);
    private readonly string[] _categories = [.. IseSarCategories.All.Select(c => c.Code)];
    private readonly string _text = WordText(seed);

    /// <summary>Fills the store file at <paramref name="file"/>.</summary>
    public LineageFillResult Fill(string file)
    {
        var started = Stopwatch.GetTimestamp();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;");

        int receipts = 0, alerts = 0, history = 0, lineageRows = 0, secondPasses = 0;
        long eventsChars = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var report = new Insert(connection, transaction, "reports",
                "idempotency_key", "feed_id", "source_record_id", "kind", "occurred_at", "received_at", "raw_address", "latitude", "longitude",
                "location_precision", "narrative", "cad_call_type", "cad_priority", "target_sector", "content_hash", "schema_version",
                "origin_topic", "origin_partition", "origin_offset", "origin_record", "stored_at", "geo_provider", "geo_matched_address",
                "geo_confidence", "jurisdictions", "version", "incident_id", "process_partition");
            using var receipt = new Insert(connection, transaction, "report_receipts",
                "origin_topic", "origin_partition", "origin_offset", "origin_record", "idempotency_key", "content_hash", "received_at");
            using var lineage = new Insert(connection, transaction, "lineage", "report_key", "pass", "recorded_at", "seq", "events");
            using var alert = new Insert(connection, transaction, "alerts",
                "alert_id", "report_key", "feed_id", "top_category", "priority", "scores", "model_version", "status", "raised_at", "updated_at",
                "incident_id", "explanation", "urgency", "due_at", "assignee", "claimed_at", "disposition", "disposition_code", "disposition_comment");
            using var action = new Insert(connection, transaction, "alert_history",
                "alert_id", "at", "actor", "action", "from_status", "to_status", "disposition", "comment");

            string? previousKey = null;
            for (var i = 0; i < reports; i++)
            {
                var r = NextReport(i);
                var storedAt = r.ReceivedAt + TimeSpan.FromMilliseconds(60 + _random.Next(900));
                var (scores, priority, outcome) = Decide();
                var top = scores[0];
                var alertId = outcome == DecisionOutcome.Alerted ? RecordIds.Alert(r.Key, r.ReceivedAt) : null;
                var secondPass = _random.NextDouble() < 0.10 ? (_random.NextDouble() < 0.5 ? LineageStages.Deduplicated : LineageStages.Versioned) : null;

                report.Run(r.Key, r.Feed, r.SourceId, r.Cad ? "Cad" : "Sar", Db(r.OccurredAt), Db(r.ReceivedAt), r.Address, r.Latitude, r.Longitude,
                    r.FromSource ? "Source" : "AddressPoint", r.Narrative, r.CallType, r.CadPriority, r.Sector, r.ContentHash, 1,
                    r.Origin.Topic, r.Origin.Partition, r.Origin.Offset, r.Origin.Record, Db(storedAt), r.FromSource ? "record" : "gazetteer", r.MatchedAddress,
                    r.Confidence, JsonSerializer.Serialize(r.Jurisdictions, PipelineJsonContext.Default.ListString), secondPass == LineageStages.Versioned ? 2 : 1,
                    r.IncidentId, r.ProcessPartition);
                receipt.Run(r.Origin.Topic, r.Origin.Partition, r.Origin.Offset, r.Origin.Record, r.Key, r.ContentHash, Db(r.ReceivedAt));
                receipts++;

                var decidedAt = storedAt - TimeSpan.FromMilliseconds(20 + _random.Next(30));
                var linkTo = previousKey is not null && _random.NextDouble() < 0.25 ? previousKey : null;
                List<LineageEvent> events =
                [
                    .. IngestEvents(r, r.Origin, r.ReceivedAt),
                    Linked(r.IncidentId, linkTo, decidedAt),
                    Scored(scores, priority, decidedAt),
                    Decided(outcome, top, priority, alertId, r.IncidentId, decidedAt),
                ];
                var json = LineageJson.Write(events);
                eventsChars += json.Length;
                // seq: the write's position in its batch's transaction (BatchWriter), here batches of 500.
                lineage.Run(r.Key, LineagePass.Of(r.Origin), Db(storedAt), i % 500, json);
                lineageRows++;

                if (secondPass is not null)
                {
                    // The same record sent again in a later raw message: same key, same or changed content.
                    var origin = new RecordOrigin(r.Origin.Topic, (int)(i % 6), SecondPassOffsetBase + i);
                    var receivedAgain = r.ReceivedAt + TimeSpan.FromMinutes(5 + _random.Next(60 * 24 * 7));
                    var storedAgain = receivedAgain + TimeSpan.FromMilliseconds(60 + _random.Next(900));
                    var hash = secondPass == LineageStages.Versioned ? Hex(r.Key + "/v2") : r.ContentHash;
                    receipt.Run(origin.Topic, origin.Partition, origin.Offset, origin.Record, r.Key, hash, Db(receivedAgain));
                    receipts++;
                    var outcomeText = secondPass == LineageStages.Versioned
                        ? "content changed: a new version of the stored report"
                        : "same key and content as the stored report: nothing stored";
                    List<LineageEvent> again =
                    [
                        .. IngestEvents(r, origin, receivedAgain),
                        new(secondPass, storedAgain, new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = outcomeText }),
                    ];
                    json = LineageJson.Write(again);
                    eventsChars += json.Length;
                    lineage.Run(r.Key, LineagePass.Of(origin), Db(storedAgain), _random.Next(500), json);
                    lineageRows++;
                    secondPasses++;
                }

                if (alertId is not null)
                {
                    history += WriteAlert(alert, action, r, alertId, scores, top, priority, decidedAt);
                    alerts++;
                }
                previousKey = r.Key;
            }
            transaction.Commit();
        }
        var fill = Stopwatch.GetElapsedTime(started);
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return new LineageFillResult(reports, receipts, alerts, history, lineageRows, secondPasses, eventsChars / (double)lineageRows,
            fill, Stopwatch.GetElapsedTime(started) - fill);
    }

    private int WriteAlert(Insert alert, Insert action, GeneratedReport r, string alertId, CategoryScore[] scores, CategoryScore top, double priority, DateTimeOffset raisedAt)
    {
        var urgency = AlertUrgency.Compute(priority, top.Category, r.Sector is not null);
        var dueAt = raisedAt + AlertUrgency.Sla(urgency);
        var evidence = Enumerable.Range(0, 3 + _random.Next(6))
            .Select(k => new ScoreEvidence(top.Category, $"narrative:\"{_words[_random.Next(_words.Length)]} {_words[_random.Next(_words.Length)]}\"", Math.Round(2.5 / (k + 1), 4)))
            .ToList();

        // 40 % were worked by an analyst: claimed, then vetted as ISE-SAR (a third of those then shared) or closed as not ISE-SAR.
        var status = "New";
        var updatedAt = raisedAt;
        string? assignee = null, claimedAt = null, disposition = null, code = null, comment = null;
        var rows = new List<(DateTimeOffset At, string Action, string From, string To, string? Disposition, string? Comment)>();
        if (_random.NextDouble() < 0.40)
        {
            assignee = string.Create(CultureInfo.InvariantCulture, $"analyst-{_random.Next(1, 25):D2}");
            var claimed = raisedAt + TimeSpan.FromMinutes(5 + _random.Next(240));
            claimedAt = Db(claimed);
            rows.Add((claimed, "Claim", "New", "InReview", null, null));
            var decided = claimed + TimeSpan.FromMinutes(10 + _random.Next(600));
            var isSar = _random.NextDouble() < 0.45;
            disposition = isSar ? "IseSar" : "NotIseSar";
            code = isSar ? "ISE-SAR-CONFIRMED" : "NS-1";
            comment = isSar ? "behavior matches the category; forwarded for vetting" : "benign: contractor with a work order, confirmed by site security";
            status = isSar ? "Vetted" : "Closed";
            rows.Add((decided, "Disposition", "InReview", status, disposition, comment));
            updatedAt = decided;
            if (isSar && _random.NextDouble() < 0.33)
            {
                var shared = decided + TimeSpan.FromMinutes(30 + _random.Next(1440));
                rows.Add((shared, "Share", "Vetted", "Shared", null, "shared with the state fusion center"));
                status = "Shared";
                updatedAt = shared;
            }
        }
        alert.Run(alertId, r.Key, r.Feed, top.Category, priority, JsonSerializer.Serialize(scores.ToList(), PipelineJsonContext.Default.ListCategoryScore),
            ModelVersion, status, Db(raisedAt), Db(updatedAt), r.IncidentId, JsonSerializer.Serialize(evidence, PipelineJsonContext.Default.ListScoreEvidence),
            urgency, Db(dueAt), assignee, claimedAt, disposition, code, comment);
        foreach (var row in rows)
        {
            action.Run(alertId, Db(row.At), assignee, row.Action, row.From, row.To, row.Disposition, row.Comment);
        }
        return rows.Count;
    }

    private GeneratedReport NextReport(int i)
    {
        var sequence = i + 1L;
        var receivedAt = _start + TimeSpan.FromTicks((i * 315_360_000L) + _random.NextInt64(100_000_000));
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
        var key = feed + ":" + sourceId;
        var fromSource = feed == "nola-cad";
        var number = 100 + _random.Next(8000);
        var street = _streets[_random.Next(_streets.Length)];
        var district = 1 + _random.Next(8);
        var length = 200 + _random.Next(801);
        var start = _random.Next(_text.Length - length);
        return new GeneratedReport(
            Key: key,
            Feed: feed,
            SourceId: sourceId,
            Cad: cad,
            Origin: origin,
            ReceivedAt: receivedAt,
            OccurredAt: receivedAt - TimeSpan.FromMinutes(cad ? _random.Next(120) : _random.Next(4320)),
            Address: string.Create(CultureInfo.InvariantCulture, $"{number / 100}XX BLOCK OF {street}"),
            Latitude: 29.90 + (_random.NextDouble() * 0.12),
            Longitude: -90.13 + (_random.NextDouble() * 0.12),
            FromSource: fromSource,
            MatchedAddress: fromSource ? null : string.Create(CultureInfo.InvariantCulture, $"{number} {street}, NEW ORLEANS, LA 701{10 + _random.Next(30)}"),
            Confidence: fromSource ? 1.0 : Math.Round(0.8 + (_random.NextDouble() * 0.2), 3),
            Jurisdictions:
            [
                "nopd",
                string.Create(CultureInfo.InvariantCulture, $"nopd/district-{district}"),
                string.Create(CultureInfo.InvariantCulture, $"nopd/district-{district}/beat-{district}{(char)('A' + _random.Next(5))}{_random.Next(1, 20):D2}"),
            ],
            Narrative: _text.Substring(start, length).Trim(),
            CallType: cad ? _callTypes[_random.Next(_callTypes.Length)] : null,
            CadPriority: cad ? 1 + _random.Next(3) : null,
            Sector: !cad && _random.NextDouble() < 0.2 ? _sectors[_random.Next(_sectors.Length)] : null,
            ContentHash: Hex(key + "/v1"),
            IncidentId: RecordIds.Incident(key, receivedAt),
            ProcessPartition: _random.Next(Partitions),
            RawBytes: fromSource ? 230 + _random.Next(100) : 900 + _random.Next(1200));
    }

    private (CategoryScore[] Scores, double Priority, DecisionOutcome Outcome) Decide()
    {
        var alerted = _random.NextDouble() < 0.12;
        var held = !alerted && _random.NextDouble() < 0.03;
        var scores = _categories
            .Select(c => new CategoryScore(c, Math.Round(alerted ? _random.NextDouble() : _random.NextDouble() * 0.45, 4)))
            .OrderByDescending(s => s.Score)
            .ToArray();
        if (alerted && scores[0].Score < 0.5)
        {
            scores[0] = scores[0] with { Score = Math.Round(0.5 + (scores[0].Score / 2), 4) };
        }
        var priority = Math.Round(scores[0].Score * (0.8 + (_random.NextDouble() * 0.2)), 4);
        return (scores, priority, alerted ? DecisionOutcome.Alerted : held ? DecisionOutcome.HeldForReview : DecisionOutcome.BelowThreshold);
    }

    // Ingest's events of a pass (LineageEvents.Received, Mapped, Geocoded in the worker).
    private List<LineageEvent> IngestEvents(GeneratedReport r, RecordOrigin origin, DateTimeOffset receivedAt)
    {
        var published = receivedAt - TimeSpan.FromMilliseconds(20 + _random.Next(500));
        var mapped = receivedAt + TimeSpan.FromMilliseconds(1 + _random.Next(3));
        var geocoded = mapped + TimeSpan.FromMilliseconds(_random.Next(40));
        var received = Detail(
            ("topic", origin.Topic),
            ("partition", origin.Partition.ToString(CultureInfo.InvariantCulture)),
            ("offset", origin.Offset.ToString(CultureInfo.InvariantCulture)),
            ("record", r.Feed == "nola-cad" ? string.Create(CultureInfo.InvariantCulture, $"{origin.Record + 1} of 25") : "1 of 1"),
            ("sha256", Hex(string.Create(CultureInfo.InvariantCulture, $"raw/{origin.Topic}/{origin.Partition}/{origin.Offset}"))),
            ("bytes", (r.Feed == "nola-cad" ? 25 * r.RawBytes : r.RawBytes).ToString(CultureInfo.InvariantCulture)),
            ("published", published.ToString("O", CultureInfo.InvariantCulture)));
        var map = Detail(("feed", r.Feed), ("definition version", _definitionVersions[r.Feed]), ("kind", r.Cad ? "Cad" : "Sar"), ("source record", r.SourceId));
        var geo = Detail(
            ("provider", r.FromSource ? "record" : "gazetteer"),
            ("precision", r.FromSource ? "Source" : "AddressPoint"),
            ("confidence", Number(r.Confidence)),
            ("jurisdictions", string.Join(", ", r.Jurisdictions)));
        return
        [
            new(LineageStages.Received, receivedAt, received),
            new(LineageStages.Mapped, mapped, map),
            new(LineageStages.Geocoded, geocoded, geo),
        ];
    }

    private LineageEvent Linked(string incidentId, string? linkedKey, DateTimeOffset at)
    {
        var detail = Detail(("incident", incidentId), ("outcome", linkedKey is null ? "no match in the window: opens its own incident" : "joins an incident"));
        if (linkedKey is not null)
        {
            detail["link 1"] = string.Create(CultureInfo.InvariantCulture, $"{linkedKey} (Link, weight {Number(9 + (_random.NextDouble() * 6))} bits, {LinkModelVersion})");
        }
        return new LineageEvent(LineageStages.Linked, at, detail);
    }

    private static LineageEvent Scored(CategoryScore[] scores, double priority, DateTimeOffset at) =>
        new(LineageStages.Scored, at, Detail(
            ("model", ModelVersion),
            ("priority", Number(priority)),
            ("top category", scores[0].Category),
            ("scores", string.Join(", ", scores.Where(s => s.Score >= 0.001).Take(6).Select(s => s.Category + " " + Number(s.Score))))));

    private static LineageEvent Decided(DecisionOutcome outcome, CategoryScore top, double priority, string? alertId, string incidentId, DateTimeOffset at)
    {
        var detail = Detail(
            ("threshold", "0.5"),
            ("reason", outcome switch
            {
                DecisionOutcome.Alerted => string.Create(CultureInfo.InvariantCulture, $"raised: priority {priority:0.00} >= threshold 0.50, top {top.Category}"),
                DecisionOutcome.HeldForReview => $"held: group B only ({top.Category}) without a criminal predicate",
                _ => string.Create(CultureInfo.InvariantCulture, $"not raised: priority {priority:0.00} < threshold 0.50"),
            }));
        if (alertId is not null)
        {
            detail["alert"] = alertId;
            detail["category"] = top.Category;
            detail["priority"] = Number(priority);
            detail["incident"] = incidentId;
        }
        var stage = outcome switch
        {
            DecisionOutcome.Alerted => LineageStages.Alerted,
            DecisionOutcome.HeldForReview => LineageStages.Held,
            _ => LineageStages.BelowThreshold,
        };
        return new LineageEvent(stage, at, detail);
    }

    private static Dictionary<string, string> Detail(params (string Name, string Value)[] values)
    {
        var detail = new Dictionary<string, string>(values.Length + 4, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            detail[name] = value;
        }
        return detail;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // The store's time format (SqliteDialect.ToDbTime): UTC, round-trip "O", +00:00.
    private static string Db(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // 64 KB of narrative words to cut narratives from.
    private static string WordText(int seed)
    {
        var random = new Random(seed + 1);
        var text = new StringBuilder(65_600);
        while (text.Length < 65_536)
        {
            text.Append(_words[random.Next(_words.Length)]).Append(' ');
        }
        return text.ToString();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record GeneratedReport(
        string Key, string Feed, string SourceId, bool Cad, RecordOrigin Origin, DateTimeOffset ReceivedAt, DateTimeOffset OccurredAt,
        string Address, double Latitude, double Longitude, bool FromSource, string? MatchedAddress, double Confidence, List<string> Jurisdictions,
        string Narrative, string? CallType, int? CadPriority, string? Sector, string ContentHash, string IncidentId, int ProcessPartition, int RawBytes);

    /// <summary>One prepared INSERT of the named columns, run with positional values (null for NULL).</summary>
    private sealed class Insert : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            // No declared type: each value binds as what it is (text, integer, real or NULL), as the store's own commands bind them.
            _parameters = [.. columns.Select((_, i) => _command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value))];
            _command.Prepare();
        }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
