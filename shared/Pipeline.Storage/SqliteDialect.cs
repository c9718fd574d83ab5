using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Storage;

/// <summary>
/// SQLite. Times are UTC text in round-trip ("O") format, for example
/// <c>2026-11-22T02:54:00.1234567+00:00</c>: fixed width, so text order is time order.
/// </summary>
internal sealed class SqliteDialect : StoreDialect
{
    private const int DefaultBusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    // WAL lets readers (health checks, dumps) run beside the writer; NORMAL sync is durable across
    // process crashes in WAL mode, which is what the consume loop's commit-after-store relies on.
    private readonly string _connectionPragmas;

    /// <summary>
    /// A dialect whose waits on a locked database end within <paramref name="commandTimeout"/>
    /// (default 30 s): Microsoft.Data.Sqlite retries a locked BEGIN IMMEDIATE until the connection
    /// string's Default Timeout, so it is set from the store's command timeout unless the connection
    /// string names its own, and busy_timeout never exceeds it. A locked database then fails the
    /// batch in time for the consumer loop to back off and report Degraded, not hang.
    /// </summary>
    public SqliteDialect(string connectionString, TimeSpan? commandTimeout = null)
    {
        var timeout = commandTimeout ?? TimeSpan.FromSeconds(30);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!HasOwnTimeout(connectionString))
        {
            builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
            connectionString = builder.ToString();
        }
        _connectionString = connectionString;
        var busy = (int)Math.Min(DefaultBusyTimeoutMilliseconds, Math.Max(1, timeout.TotalMilliseconds));
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy}; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=16384; PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824;");
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override string MigrationFolder => "sqlite";

    public override string Target => DataFilePath(_connectionString) ?? new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public override DbConnection CreateConnection(bool pooled = true) => new SqliteConnection(_connectionString);

    public override async Task InitializeConnectionAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _connectionPragmas;
        command.CommandTimeout = commandTimeoutSeconds;
        await command.ExecuteNonQueryAsync(ct);
    }

    // BEGIN IMMEDIATE: take the write lock up front, so two writers queue on busy_timeout
    // instead of one failing when it upgrades a read lock.
    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // Each migration runs in its own BEGIN IMMEDIATE transaction and re-checks schema_migrations
    // inside it, which is all the serialization SQLite needs.
    public override Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public override string CreateMigrationsTableSql => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            checksum   TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        ) STRICT;
        """;

    public override string Qualify(string table) => table;

    public override string InsertIfAbsent(TableSpec table) =>
        $"INSERT INTO {table.Name} ({ColumnList(table)}) VALUES ({ParameterList(table)}) ON CONFLICT DO NOTHING";

    public override string CountRows => "COUNT(*)";

    // INSERT ... SELECT needs its WHERE for SQLite to parse the ON CONFLICT clause after it.
    public override string InsertIfAbsentAndNoneWith(TableSpec table, string column) =>
        $"INSERT INTO {table.Name} ({ColumnList(table)}) SELECT {ParameterList(table)} " +
        $"WHERE @{column} IS NULL OR NOT EXISTS (SELECT 1 FROM {table.Name} WHERE {column} = @{column}) ON CONFLICT DO NOTHING";

    public override string Upsert(TableSpec table) =>
        $"INSERT INTO {table.Name} ({ColumnList(table)}) VALUES ({ParameterList(table)}) " +
        $"ON CONFLICT ({string.Join(", ", table.UniqueKeys[0])}) DO UPDATE SET " +
        string.Join(", ", NonKeyColumns(table).Select(c => $"{c} = excluded.{c}"));

    public override DbType TimeDbType => DbType.String;

    // The worker checkpoints in the background (StoreCheckpointer) so that commits do not: SQLite's
    // own automatic checkpoint runs inside the commit that crosses its threshold (1,000 pages by
    // default, every Process batch), and copying and syncing pages there cost a 2,000-report batch
    // about a quarter of its time (StoreWriteBenchmarks: 199 → 148 µs per report without it).
    // 16,384 pages (64 MB) bounds the log where no background checkpoint runs (command-line tools).
    public override string? PassiveCheckpointSql => "PRAGMA wal_checkpoint(PASSIVE)";

    // A statement with one parameter per key is parsed and bound anew for each batch: for the
    // Process role's dedup look-up of 2,000 keys that cost more than the look-ups themselves. The
    // plan stays an index search per key ("SEARCH reports USING COVERING INDEX … LIST SUBQUERY").
    public override string? ValuesOfJsonArray(string parameter) => $"(SELECT value FROM json_each({parameter}))";

    // SQLITE_TOOBIG, SQLITE_CONSTRAINT (also RAISE(ABORT) in a trigger), SQLITE_MISMATCH. Not
    // SQLITE_RANGE (a parameter index out of range): that is a bug of ours, not of the data.
    public override string? DataRefusal(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 18 or 19 or 20 } sqlite ? $"SQLite error {sqlite.SqliteErrorCode}" : null;

    public override object ToDbTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public override DateTimeOffset FromDbTime(object value) =>
        DateTimeOffset.ParseExact((string)value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();

    public override void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static bool HasOwnTimeout(string connectionString) =>
        connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("DefaultTimeout", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of the database file, or null for in-memory and URI data sources.</summary>
    internal static string? DataFilePath(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(source)
            || source == ":memory:"
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return Path.GetFullPath(source);
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
