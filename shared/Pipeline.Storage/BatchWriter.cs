using System.Data;
using System.Data.Common;

namespace Pipeline.Storage;

/// <summary>
/// Writes one batch inside the caller's transaction. Each table gets one command for the whole
/// batch, created once and re-executed with new parameter values: SQLite keeps the statement
/// prepared and SQL Server reuses the plan, which is what keeps a 1,000-row batch fast.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    private readonly InsertCommand _receipts;
    private readonly InsertCommand _reports;
    private readonly InsertCommand _privacy;
    private readonly InsertCommand _protected;
    private readonly InsertCommand _decisions;
    private readonly InsertCommand _alerts;
    private readonly StoreDialect _dialect;

    public BatchWriter(StoreDialect dialect, DbConnection connection, DbTransaction transaction, int commandTimeoutSeconds)
    {
        _dialect = dialect;
        _receipts = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Receipts);
        _reports = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Reports);
        _privacy = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Privacy);
        _protected = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.ProtectedAttributes);
        _decisions = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Decisions);
        _alerts = new InsertCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Alerts);
    }

    public async Task<BatchWriteResult> WriteAsync(IReadOnlyList<ReportWrite> writes, DateTimeOffset now, CancellationToken ct)
    {
        int newReports = 0, duplicates = 0, redeliveries = 0, newAlerts = 0;
        var storedAt = _dialect.ToDbTime(now);
        for (var i = 0; i < writes.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var write = writes[i];
            var report = write.Report;
            var origin = report.Origin;
            var key = report.IdempotencyKey;

            _receipts.Bind(origin.Topic, origin.Partition, origin.Offset, origin.Record, key, write.ContentHash, _dialect.ToDbTime(report.ReceivedAt));
            if (!await _receipts.ExecuteAsync(ct))
            {
                // The same record of the same raw message again: a replay of something already stored. Nothing else may change.
                redeliveries++;
                continue;
            }

            var location = report.Location;
            _reports.Bind(
                key,
                report.FeedId,
                report.SourceRecordId,
                report.Kind.ToString(),
                _dialect.ToDbTime(report.OccurredAt),
                _dialect.ToDbTime(report.ReceivedAt),
                location.RawAddress,
                location.Latitude,
                location.Longitude,
                location.Precision.ToString(),
                report.Narrative,
                report.CadCallType,
                report.CadPriority,
                report.TargetSector,
                write.ContentHash,
                report.SchemaVersion,
                origin.Topic,
                origin.Partition,
                origin.Offset,
                origin.Record,
                storedAt);
            if (!await _reports.ExecuteAsync(ct))
            {
                duplicates++;
                continue;
            }
            newReports++;

            if (!report.Privacy.IsEmpty)
            {
                _privacy.Bind(key, StoreJson.WriteStrings(report.Privacy.Subjects), StoreJson.WriteStrings(report.Privacy.Vehicles));
                await _privacy.ExecuteAsync(ct);
            }
            if (report.Protected.Values.Count > 0)
            {
                _protected.Bind(key, StoreJson.WriteAttributes(report.Protected.Values));
                await _protected.ExecuteAsync(ct);
            }
            if (write.Decision is { } decision)
            {
                _decisions.Bind(
                    decision.ReportKey,
                    decision.ModelVersion,
                    StoreJson.WriteScores(decision.Scores),
                    decision.Priority,
                    decision.TopCategory,
                    decision.Threshold,
                    decision.Alerted,
                    _dialect.ToDbTime(decision.DecidedAt),
                    decision.Outcome.ToString(),
                    decision.Reason.Length > 400 ? decision.Reason[..400] : decision.Reason);
                await _decisions.ExecuteAsync(ct);
            }
            if (write.Alert is { } alert)
            {
                _alerts.Bind(
                    alert.AlertId,
                    alert.ReportKey,
                    alert.FeedId,
                    alert.TopCategory,
                    alert.Priority,
                    StoreJson.WriteScores(alert.Scores),
                    alert.ModelVersion,
                    alert.Status.ToString(),
                    _dialect.ToDbTime(alert.RaisedAt),
                    storedAt);
                if (await _alerts.ExecuteAsync(ct))
                {
                    newAlerts++;
                }
            }
        }
        return new BatchWriteResult(newReports, duplicates, redeliveries, newAlerts);
    }

    public async ValueTask DisposeAsync()
    {
        await _receipts.DisposeAsync();
        await _reports.DisposeAsync();
        await _privacy.DisposeAsync();
        await _protected.DisposeAsync();
        await _decisions.DisposeAsync();
        await _alerts.DisposeAsync();
    }

    /// <summary>An insert-if-absent command for one table, with one parameter per column.</summary>
    private sealed class InsertCommand : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _parameters;

        public InsertCommand(StoreDialect dialect, DbConnection connection, DbTransaction transaction, int commandTimeoutSeconds, TableSpec table)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandTimeout = commandTimeoutSeconds;
            _command.CommandText = dialect.InsertIfAbsent(table);
            _parameters = new DbParameter[table.Columns.Count];
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var parameter = _command.CreateParameter();
                parameter.ParameterName = "@" + column.Name;
                parameter.DbType = column.Kind switch
                {
                    ColumnKind.Text or ColumnKind.LongText => DbType.String,
                    ColumnKind.Int32 => DbType.Int32,
                    ColumnKind.Int64 => DbType.Int64,
                    ColumnKind.Double => DbType.Double,
                    ColumnKind.Boolean => DbType.Boolean,
                    ColumnKind.Time => dialect.TimeDbType,
                    _ => throw new InvalidOperationException($"Unknown column kind {column.Kind}."),
                };
                dialect.ConfigureParameter(parameter, column.Kind);
                _command.Parameters.Add(parameter);
                _parameters[i] = parameter;
            }
        }

        /// <summary>Sets every parameter, in the table's column order.</summary>
        public void Bind(params ReadOnlySpan<object?> values)
        {
            if (values.Length != _parameters.Length)
            {
                throw new InvalidOperationException($"Expected {_parameters.Length} values, got {values.Length}.");
            }
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        /// <summary>Runs the insert; true when a row was inserted, false when one with the same key was already there.</summary>
        public async Task<bool> ExecuteAsync(CancellationToken ct) => await _command.ExecuteNonQueryAsync(ct) > 0;

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }
}
