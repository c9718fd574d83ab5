using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Storage;

namespace Pipeline.Cli.Bench;

/// <summary>
/// The store-side limit: the rows the pipeline wrote to the report tables, inserted again into a
/// fresh, migrated SQLite file with one prepared plain INSERT per table (bound as the write path
/// binds, <see cref="TableCommand"/>), in as many transactions as
/// the Process role's store writes of the run (each holding an equal share of every table), with
/// the store's own connection settings. Foreign-key checks are off and nothing is
/// read first, which is what makes it a limit: the pipeline checks for existing rows (idempotent
/// writes) and links reports to incidents on the way.
/// </summary>
internal static class StoreInsertLimit
{
    // The tables the pipeline writes for each report, parents first: the raw archive (Ingest), then
    // the Process role's.
    private static readonly string[] ReportTables =
    [
        "raw_records", "reports", "report_receipts", "report_versions", "report_privacy", "report_protected_attributes",
        "decision_log", "lineage", "incidents", "alerts", "alert_history", "report_links", "incident_merges",
    ];

    internal sealed record Result(long Reports, long Rows, int Transactions, TimeSpan Elapsed)
    {
        public double ReportsPerSecond => Reports / Elapsed.TotalSeconds;

        public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
    }

    public static async Task<Result> MeasureAsync(string pipelineDatabase, int transactions, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pipelineDatabase))!, Path.GetFileNameWithoutExtension(pipelineDatabase) + "-insert-limit.db");
        InProcessWorker.DeleteDatabase(target);
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={target}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance))
        {
            await store.MigrateAsync(cancellationToken);
        }
        var tables = new List<(string Name, string[] Columns, List<object?[]> Rows)>();
        await using (var source = new SqliteConnection($"Data Source={pipelineDatabase};Mode=ReadOnly;Pooling=False"))
        {
            await source.OpenAsync(cancellationToken);
            foreach (var table in ReportTables)
            {
                if (await ReadTableAsync(source, table, cancellationToken) is { } read)
                {
                    tables.Add(read);
                }
            }
        }
        var reports = tables.FirstOrDefault(t => t.Name == "reports").Rows?.Count ?? 0;
        var batches = Math.Clamp(transactions, 1, Math.Max(1, reports));

        await using var connection = new SqliteConnection($"Data Source={target};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using (var pragmas = connection.CreateCommand())
        {
            // The store's own settings (SqliteDialect), less the foreign-key checks. No background
            // checkpoint runs here, so the occasional automatic one at 64 MB is paid inline.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA wal_autocheckpoint=16384;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }
        var dialect = new SqliteDialect($"Data Source={target}");
        var specs = tables.Select(t => Spec(t.Name, t.Columns)).ToList();
        var clock = Stopwatch.StartNew();
        long rows = 0;
        for (var batch = 0; batch < batches; batch++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            for (var t = 0; t < tables.Count; t++)
            {
                var all = tables[t].Rows;
                var from = (int)((long)all.Count * batch / batches);
                var to = (int)((long)all.Count * (batch + 1) / batches);
                // Prepared once per transaction, as the Process role's BatchWriter prepares its statements.
                await using var insert = new TableCommand(dialect, connection, transaction, 30, specs[t], dialect.Insert(specs[t]));
                for (var i = from; i < to; i++)
                {
                    insert.Bind(all[i]);
                    await insert.ExecuteAsync(cancellationToken);
                }
                rows += to - from;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        var elapsed = clock.Elapsed;
        await connection.CloseAsync();
        SqliteConnection.ClearAllPools();
        InProcessWorker.DeleteDatabase(target);
        return new Result(reports, rows, batches, elapsed);
    }

    private static async Task<(string, string[], List<object?[]>)?> ReadTableAsync(SqliteConnection source, string table, CancellationToken cancellationToken)
    {
        await using (var exists = source.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table";
            exists.Parameters.AddWithValue("@table", table);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }
        await using var select = source.CreateCommand();
        // The table name comes from the fixed list above, never from input.
        select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[columns.Length];
            reader.GetValues(values!);
            rows.Add(values);
        }
        return (table, columns, rows);
    }

    // Identifiers from the fixed table list and the schema's own column names; every value is a
    // parameter, bound by its own type (SQLite's binding does not look at the column kind).
    private static TableSpec Spec(string table, string[] columns) =>
        new(table, [.. columns.Select(c => new ColumnSpec(c, ColumnKind.Text))], []);
}
