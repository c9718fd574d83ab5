using System.Data.Common;
using System.Threading.Channels;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>
/// The pipeline's durable store: reports, raw-record receipts, decisions and alerts, over SQLite
/// or SQL Server. Every write is idempotent, so a consumer may replay a batch after a crash and
/// store it again safely. Thread-safe: each call uses its own pooled connection.
/// </summary>
public sealed partial class PipelineStore : IAsyncDisposable
{
    // SQL Server takes at most 2,100 parameters per command; stay well under it for key look-ups.
    private const int KeyLookupChunk = 500;

    private readonly StoreDialect _dialect;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineStore> _logger;
    private readonly TimeSpan _commandTimeout;
    private readonly int _commandTimeoutSeconds;
    private readonly string _reportsTable;
    private int _disposed;

    private PipelineStore(StoreDialect dialect, TimeSpan commandTimeout, TimeProvider time, ILogger<PipelineStore> logger)
    {
        _dialect = dialect;
        _time = time;
        _logger = logger;
        _commandTimeout = commandTimeout;
        _commandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        _reportsTable = dialect.Qualify(StoreSchema.Reports.Name);
    }

    /// <summary>The database engine in use.</summary>
    public StoreProvider Provider => _dialect.Provider;

    /// <summary>
    /// Creates a store for the configured dialect. Does not connect; for SQLite, creates the
    /// database file's directory when it is missing.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each bad configuration path.</exception>
    public static PipelineStore Create(StoreOptions options, TimeProvider time, ILogger<PipelineStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        var failures = StoreOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(StoreOptions.SectionName, typeof(StoreOptions), failures);
        }

        StoreDialect dialect;
        if (options.Provider == StoreProvider.SqlServer)
        {
            dialect = new SqlServerDialect(options.ConnectionString!);
        }
        else
        {
            // An empty value (a blank environment variable) means the default, not SQLite's
            // empty data source, which would be a throw-away temporary database per connection.
            var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? StoreOptions.DefaultSqliteConnectionString
                : options.ConnectionString;
            EnsureDataDirectory(connectionString, logger);
            dialect = new SqliteDialect(connectionString, options.CommandTimeout);
        }

        StorageLog.StoreCreated(logger, dialect.Provider, dialect.Target);
        return new PipelineStore(dialect, options.CommandTimeout, time, logger);
    }

    /// <summary>
    /// Applies the embedded migrations that the database has not recorded yet, in version order,
    /// each in its own transaction, and records them in <c>schema_migrations</c>. Safe to call
    /// from several instances at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">An applied migration's file has changed since (the message names the file).</exception>
    public Task<MigrationResult> MigrateAsync(CancellationToken ct) => MigrateAsync(int.MaxValue, ct);

    /// <summary>
    /// As <see cref="MigrateAsync(CancellationToken)"/>, but leaves migrations above
    /// <paramref name="targetVersion"/> pending, so that tests can put rows in the schema a
    /// migration starts from and check what it makes of them.
    /// </summary>
    internal async Task<MigrationResult> MigrateAsync(int targetVersion, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var migrations = MigrationCatalog.For(_dialect.MigrationFolder);

        await using var connection = await OpenAsync(pooled: false, ct);
        await using var migrationLock = await _dialect.AcquireMigrationLockAsync(connection, _commandTimeout, ct);
        await connection.ExecuteAsync(Command(_dialect.CreateMigrationsTableSql, ct: ct));

        var recorded = await ReadRecordedChecksumsAsync(connection, null, ct);
        foreach (var (version, (fileName, _)) in recorded)
        {
            if (!migrations.Any(m => m.Version == version))
            {
                StorageLog.UnknownMigrationRecorded(_logger, fileName, version);
            }
        }
        // Check every recorded migration before applying anything: an edited history is a
        // deployment mistake, and nothing should be built on top of it.
        foreach (var migration in migrations)
        {
            if (recorded.TryGetValue(migration.Version, out var entry))
            {
                VerifyChecksum(migration, entry.Checksum);
            }
        }

        var applied = new List<string>();
        var alreadyApplied = 0;
        foreach (var migration in migrations)
        {
            if (recorded.ContainsKey(migration.Version))
            {
                alreadyApplied++;
                continue;
            }
            if (migration.Version > targetVersion)
            {
                continue;
            }
            if (await ApplyAsync(connection, migration, ct))
            {
                applied.Add(migration.FileName);
            }
            else
            {
                alreadyApplied++;
            }
        }

        if (applied.Count == 0)
        {
            StorageLog.MigrationsUpToDate(_logger, alreadyApplied);
        }
        return new MigrationResult(applied, alreadyApplied);
    }

    /// <summary>Which of <paramref name="keys"/> are already stored as reports (compared ordinally).</summary>
    public async Task<IReadOnlySet<string>> FindExistingReportKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(pooled: true, ct);
        if (_dialect.ValuesOfJsonArray("@keys") is { } values)
        {
            var all = StoreJson.WriteStrings([.. keys.Distinct(StringComparer.Ordinal)]);
            found.UnionWith(await connection.QueryAsync<string>(Command($"SELECT idempotency_key FROM {_reportsTable} WHERE idempotency_key IN {values}", new { keys = all }, ct: ct)));
            return found;
        }
        var sql = $"SELECT idempotency_key FROM {_reportsTable} WHERE idempotency_key IN @keys";
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(KeyLookupChunk))
        {
            var rows = await connection.QueryAsync<string>(Command(sql, new { keys = chunk }, ct: ct));
            found.UnionWith(rows);
        }
        return found;
    }

    /// <summary>
    /// Stores a batch of consumed messages in one transaction: all of it or none of it. Every
    /// insert is "insert if absent", so storing the same batch again changes nothing and counts
    /// each write as a redelivery.
    /// </summary>
    /// <exception cref="ArgumentException">A write is malformed (for example a decision for another report); nothing is written.</exception>
    public async Task<BatchWriteResult> WriteBatchAsync(IReadOnlyList<ReportWrite> writes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Validate(writes);
        if (writes.Count == 0)
        {
            return new BatchWriteResult(0, 0, 0, 0);
        }
        return await WriteInTransactionAsync(() => writes.Count, (writer, now) => writer.WriteAsync(writes, now, ct), ct);
    }

    /// <summary>
    /// As <see cref="WriteBatchAsync"/>, for writes that arrive while they are being stored: the
    /// transaction begins at once, each write is stored as it is read from <paramref name="writes"/>,
    /// and the transaction commits when the channel is completed. The caller can so compute a batch's
    /// later reports on one core while the store writes its earlier ones on the other. Completing
    /// the channel with an exception rolls everything back and rethrows it.
    /// </summary>
    /// <remarks>Each write comes prepared (<see cref="PreparedWrite.Of"/>): its JSON serialized by the caller, off the store's thread.</remarks>
    /// <exception cref="ArgumentException">A write is malformed; nothing is written.</exception>
    public async Task<BatchWriteResult> WriteStreamAsync(ChannelReader<PreparedWrite> writes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var count = 0;
        async IAsyncEnumerable<PreparedWrite> Validated()
        {
            await foreach (var write in writes.ReadAllAsync(ct))
            {
                Validate([write?.Write!]);
                count++;
                yield return write!;
            }
        }
        return await WriteInTransactionAsync(() => count, (writer, now) => writer.WriteAsync(Validated(), now, ct), ct);
    }

    // One transaction: all of it or none of it. count tells, when logging, how many writes went in.
    private async Task<BatchWriteResult> WriteInTransactionAsync(Func<int> count, Func<BatchWriter, DateTimeOffset, Task<BatchWriteResult>> write, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        try
        {
            BatchWriteResult result;
            await using (var writer = new BatchWriter(_dialect, connection, transaction, _commandTimeoutSeconds))
            {
                result = await write(writer, _time.GetUtcNow());
            }
            // Once every row is in, finish the commit even if cancellation arrives now: the work
            // is done, and an interrupted commit would only leave the caller unsure of it.
            await transaction.CommitAsync(CancellationToken.None);
            var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
            var written = count();
            StorageLog.BatchWritten(_logger, written, elapsedMs,
                result.NewReports, result.Duplicates, result.Redeliveries, result.NewAlerts);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var written = count();
            if (DataRefusal(ex) is { } refusal)
            {
                StorageLog.BatchRefused(_logger, written, refusal);
            }
            else
            {
                StorageLog.BatchRolledBack(_logger, written, ex);
            }
            throw;
        }
    }

    /// <summary>
    /// When <paramref name="exception"/> (thrown by a write) is the database refusing the data
    /// itself, so that the same write fails again however often it is retried and the caller must
    /// set the offending record aside: the error's code ("SQLite error 19"), never its message,
    /// which may quote data. Null for outages, locks, timeouts and everything else.
    /// </summary>
    public string? DataRefusal(Exception exception) =>
        exception is DbException db ? _dialect.DataRefusal(db) : null;

    /// <summary>Row counts of every table, and alerts per top category.</summary>
    public async Task<StoreCounts> GetCountsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var count = _dialect.CountRows;
        var sql = $"""
            SELECT
                (SELECT {count} FROM {_dialect.Qualify(StoreSchema.Reports.Name)}) AS reports,
                (SELECT {count} FROM {_dialect.Qualify(StoreSchema.Receipts.Name)}) AS receipts,
                (SELECT {count} FROM {_dialect.Qualify(StoreSchema.Alerts.Name)}) AS alerts,
                (SELECT {count} FROM {_dialect.Qualify(StoreSchema.Decisions.Name)}) AS decisions
            """;
        var byCategorySql = $"""
            SELECT top_category, {count} AS alerts
            FROM {_dialect.Qualify(StoreSchema.Alerts.Name)}
            GROUP BY top_category
            ORDER BY top_category
            """;

        await using var connection = await OpenAsync(pooled: true, ct);
        var totals = (IDictionary<string, object>)await connection.QuerySingleAsync(Command(sql, ct: ct));
        var byCategory = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IDictionary<string, object> row in await connection.QueryAsync(Command(byCategorySql, ct: ct)))
        {
            byCategory[(string)row["top_category"]] = ToInt64(row["alerts"]);
        }
        return new StoreCounts(
            ToInt64(totals["reports"]),
            ToInt64(totals["receipts"]),
            ToInt64(totals["alerts"]),
            ToInt64(totals["decisions"]),
            byCategory);
    }

    /// <summary>Opens a connection and runs a trivial query; throws when the database is unreachable. For health checks.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await connection.ExecuteScalarAsync<int>(Command("SELECT 1", ct: ct));
    }

    /// <summary>
    /// Checkpoints the write-ahead log without waiting for or blocking any writer (SQLite); does
    /// nothing, and returns false, on databases without such a log.
    /// </summary>
    public async Task<bool> CheckpointAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_dialect.PassiveCheckpointSql is not { } sql)
        {
            return false;
        }
        await using var connection = await OpenAsync(pooled: true, ct);
        await connection.ExecuteAsync(Command(sql, ct: ct));
        return true;
    }

    /// <summary>Every stored report, ordered by idempotency key. For tests, summaries and dumps; not for large stores.</summary>
    public async Task<IReadOnlyList<StoredReportRow>> GetReportsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var columns = StoreSchema.Reports.ColumnList + ", version";
        var sql = $"SELECT {columns} FROM {_reportsTable} ORDER BY idempotency_key";
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, ct: ct));
        return [.. rows.Cast<IDictionary<string, object>>().Select(ToReportRow)];
    }

    /// <summary>Every version of one report, oldest first.</summary>
    public async Task<IReadOnlyList<StoredReportVersion>> GetReportVersionsAsync(string idempotencyKey, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var sql = $"SELECT idempotency_key, version, content_hash, content, origin_topic, origin_partition, origin_offset, origin_record, stored_at FROM {_dialect.Qualify(StoreSchema.ReportVersionInsert.Name)} WHERE idempotency_key = @key ORDER BY version";
        await using var connection = await OpenAsync(pooled: true, ct);
        return [.. (await connection.QueryAsync(Command(sql, new { key = idempotencyKey }, ct: ct))).Cast<IDictionary<string, object?>>().Select(row => new StoredReportVersion(
            (string)row["idempotency_key"]!,
            Convert.ToInt32(row["version"], CultureInfo.InvariantCulture),
            (string)row["content_hash"]!,
            row["content"] as string,
            (string)row["origin_topic"]!,
            Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture),
            ToInt64(row["origin_offset"]!),
            Convert.ToInt32(row["origin_record"], CultureInfo.InvariantCulture),
            _dialect.FromDbTime(row["stored_at"]!)))];
    }

    /// <summary>Every stored alert, ordered by alert id.</summary>
    public async Task<IReadOnlyList<StoredAlertRow>> GetAlertsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var columns = StoreSchema.Alerts.ColumnList;
        var sql = $"SELECT {columns} FROM {_dialect.Qualify(StoreSchema.Alerts.Name)} ORDER BY alert_id";
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, ct: ct));
        return [.. rows.Cast<IDictionary<string, object>>().Select(ToExplainedAlertRow)];
    }

    /// <summary>
    /// The stored alerts among <paramref name="alertIds"/> as the alerts topic carries them (with
    /// their explanation and current status, priority and incident), ordered by alert id; ids not
    /// stored are left out. What a replayed batch publishes again for its redelivered records.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> GetPublishedAlertsAsync(IReadOnlyCollection<string> alertIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var alerts = new List<Alert>();
        if (alertIds.Count == 0)
        {
            return alerts;
        }
        var sql = $"SELECT {StoreSchema.Alerts.ColumnList} FROM {_dialect.Qualify(StoreSchema.Alerts.Name)} WHERE alert_id IN @ids";
        await using var connection = await OpenAsync(pooled: true, ct);
        foreach (var chunk in alertIds.Distinct(StringComparer.Ordinal).Chunk(KeyLookupChunk))
        {
            var rows = await connection.QueryAsync(Command(sql, new { ids = chunk }, ct: ct));
            alerts.AddRange(rows.Cast<IDictionary<string, object>>().Select(row => ToPublishedAlert(ToExplainedAlertRow(row))));
        }
        alerts.Sort((a, b) => string.CompareOrdinal(a.AlertId, b.AlertId));
        return alerts;
    }

    private static Alert ToPublishedAlert(StoredAlertRow row) => new()
    {
        AlertId = row.AlertId,
        ReportKey = row.ReportKey,
        FeedId = row.FeedId,
        TopCategory = row.TopCategory,
        Priority = row.Priority,
        Scores = row.Scores,
        ModelVersion = row.ModelVersion,
        Status = row.Status,
        IncidentId = row.IncidentId,
        Explanation = row.Explanation,
        RaisedAt = row.RaisedAt,
    };

    /// <summary>Every decision log entry, ordered by report key and model version.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var columns = StoreSchema.Decisions.ColumnList;
        var sql = $"SELECT {columns} FROM {_dialect.Qualify(StoreSchema.Decisions.Name)} ORDER BY report_key, model_version";
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, ct: ct));
        return [.. rows.Cast<IDictionary<string, object>>().Select(ToDecision)];
    }

    /// <summary>Releases the pooled connections to this store's database (for SQLite, the file handles).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _dialect.ClearPool();
        }
        return ValueTask.CompletedTask;
    }

    private async Task<DbConnection> OpenAsync(bool pooled, CancellationToken ct)
    {
        var connection = _dialect.CreateConnection(pooled);
        try
        {
            await connection.OpenAsync(ct);
            await _dialect.InitializeConnectionAsync(connection, _commandTimeoutSeconds, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private CommandDefinition Command(string sql, object? parameters = null, DbTransaction? transaction = null, CancellationToken ct = default) =>
        new(sql, parameters, transaction, _commandTimeoutSeconds, cancellationToken: ct);

    private async Task<Dictionary<int, (string FileName, string Checksum)>> ReadRecordedChecksumsAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var sql = $"SELECT version, name, checksum FROM {_dialect.Qualify(StoreSchema.MigrationsTable)}";
        var recorded = new Dictionary<int, (string, string)>();
        foreach (IDictionary<string, object> row in await connection.QueryAsync(Command(sql, transaction: transaction, ct: ct)))
        {
            recorded[Convert.ToInt32(row["version"], CultureInfo.InvariantCulture)] =
                ((string)row["name"], ((string)row["checksum"]).Trim());
        }
        return recorded;
    }

    /// <summary>Applies one migration in its own transaction; false when another instance had applied it meanwhile.</summary>
    private async Task<bool> ApplyAsync(DbConnection connection, Migration migration, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);

        // Re-read under the write lock: on SQLite, BEGIN IMMEDIATE is the only serialization
        // between instances, so another one may have applied this file since the first read.
        var recorded = await ReadRecordedChecksumsAsync(connection, transaction, ct);
        if (recorded.TryGetValue(migration.Version, out var entry))
        {
            VerifyChecksum(migration, entry.Checksum);
            StorageLog.MigrationAppliedElsewhere(_logger, migration.FileName);
            return false;
        }

        foreach (var batch in migration.Batches)
        {
            await connection.ExecuteAsync(Command(batch, transaction: transaction, ct: ct));
        }
        var insert = $"""
            INSERT INTO {_dialect.Qualify(StoreSchema.MigrationsTable)} (version, name, checksum, applied_at)
            VALUES (@version, @name, @checksum, @appliedAt)
            """;
        var parameters = new DynamicParameters();
        parameters.Add("version", migration.Version);
        parameters.Add("name", migration.FileName);
        parameters.Add("checksum", migration.Checksum);
        parameters.Add("appliedAt", _dialect.ToDbTime(_time.GetUtcNow()), _dialect.TimeDbType);
        await connection.ExecuteAsync(Command(insert, parameters, transaction, ct));
        await transaction.CommitAsync(CancellationToken.None);

        var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        StorageLog.MigrationApplied(_logger, migration.FileName, migration.Version, elapsedMs);
        return true;
    }

    private void VerifyChecksum(Migration migration, string recordedChecksum)
    {
        if (!string.Equals(recordedChecksum, migration.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            StorageLog.MigrationChecksumMismatch(_logger, migration.FileName, recordedChecksum, migration.Checksum);
            throw new InvalidOperationException(
                $"Migration {migration.FileName} (version {migration.Version.ToString(CultureInfo.InvariantCulture)}) has changed since it was applied: " +
                $"the database recorded checksum {recordedChecksum}, the embedded file has {migration.Checksum}. " +
                "Applied migrations must never be edited; add a new migration instead.");
        }
    }

    private static void Validate(IReadOnlyList<ReportWrite> writes)
    {
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i] ?? throw new ArgumentException($"writes[{i}] is null.", nameof(writes));
            if (write.Report is null)
            {
                throw new ArgumentException($"writes[{i}].Report is null.", nameof(writes));
            }
            if (string.IsNullOrEmpty(write.ContentHash))
            {
                throw new ArgumentException($"writes[{i}].ContentHash is empty.", nameof(writes));
            }
            var key = write.Report.IdempotencyKey;
            if (write.Decision is { } decision && !string.Equals(decision.ReportKey, key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"writes[{i}].Decision.ReportKey does not match writes[{i}].Report.IdempotencyKey.", nameof(writes));
            }
            if (write.Alert is { } alert && !string.Equals(alert.ReportKey, key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"writes[{i}].Alert.ReportKey does not match writes[{i}].Report.IdempotencyKey.", nameof(writes));
            }
        }
    }

    private static void EnsureDataDirectory(string connectionString, ILogger logger)
    {
        if (SqliteDialect.DataFilePath(connectionString) is not { } file
            || Path.GetDirectoryName(file) is not { Length: > 0 } directory
            || Directory.Exists(directory))
        {
            return;
        }
        Directory.CreateDirectory(directory);
        StorageLog.DataDirectoryCreated(logger, directory);
    }

    private StoredReportRow ToReportRow(IDictionary<string, object> row) => new(
        IdempotencyKey: (string)row["idempotency_key"],
        FeedId: (string)row["feed_id"],
        SourceRecordId: (string)row["source_record_id"],
        Kind: Enum.Parse<ReportKind>((string)row["kind"]),
        OccurredAt: _dialect.FromDbTime(row["occurred_at"]),
        ReceivedAt: _dialect.FromDbTime(row["received_at"]),
        RawAddress: row["raw_address"] as string,
        Latitude: ToNullableDouble(row["latitude"]),
        Longitude: ToNullableDouble(row["longitude"]),
        LocationPrecision: Enum.Parse<LocationPrecision>((string)row["location_precision"]),
        Narrative: (string)row["narrative"],
        CadCallType: row["cad_call_type"] as string,
        CadPriority: row["cad_priority"] is null or DBNull ? null : Convert.ToInt32(row["cad_priority"], CultureInfo.InvariantCulture),
        TargetSector: row["target_sector"] as string,
        ContentHash: (string)row["content_hash"],
        SchemaVersion: Convert.ToInt32(row["schema_version"], CultureInfo.InvariantCulture),
        OriginTopic: (string)row["origin_topic"],
        OriginPartition: Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture),
        OriginOffset: ToInt64(row["origin_offset"]),
        OriginRecord: Convert.ToInt32(row["origin_record"], CultureInfo.InvariantCulture),
        StoredAt: _dialect.FromDbTime(row["stored_at"]))
    {
        GeoProvider = row["geo_provider"] as string,
        GeoMatchedAddress = row["geo_matched_address"] as string,
        GeoConfidence = ToNullableDouble(row["geo_confidence"]),
        Jurisdictions = row["jurisdictions"] is string jurisdictions ? StoreJson.ReadStrings(jurisdictions) : null,
        Version = Convert.ToInt32(row["version"], CultureInfo.InvariantCulture),
    };

    private StoredAlertRow ToAlertRow(IDictionary<string, object> row) => new(
        AlertId: (string)row["alert_id"],
        ReportKey: (string)row["report_key"],
        FeedId: (string)row["feed_id"],
        TopCategory: (string)row["top_category"],
        Priority: Convert.ToDouble(row["priority"], CultureInfo.InvariantCulture),
        Scores: StoreJson.ReadScores((string)row["scores"]),
        ModelVersion: (string)row["model_version"],
        Status: Enum.Parse<AlertStatus>((string)row["status"]),
        RaisedAt: _dialect.FromDbTime(row["raised_at"]),
        UpdatedAt: _dialect.FromDbTime(row["updated_at"]))
    {
        IncidentId = row.TryGetValue("incident_id", out var incident) ? incident as string : null,
    };

    private StoredAlertRow ToExplainedAlertRow(IDictionary<string, object> row) => ToAlertRow(row) with
    {
        Explanation = row["explanation"] is string explanation ? EvidenceJson.Read(explanation) : null,
    };

    private DecisionRecord ToDecision(IDictionary<string, object> row) => new(
        ReportKey: (string)row["report_key"],
        ModelVersion: (string)row["model_version"],
        Scores: StoreJson.ReadScores((string)row["scores"]),
        Priority: Convert.ToDouble(row["priority"], CultureInfo.InvariantCulture),
        TopCategory: row["top_category"] as string,
        Threshold: Convert.ToDouble(row["threshold"], CultureInfo.InvariantCulture),
        Outcome: Enum.Parse<DecisionOutcome>((string)row["outcome"]),
        Reason: (string)row["reason"],
        DecidedAt: _dialect.FromDbTime(row["decided_at"]));

    private static long ToInt64(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? ToNullableDouble(object? value) =>
        value is null or DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
