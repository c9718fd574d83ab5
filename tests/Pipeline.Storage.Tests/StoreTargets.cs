using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Pipeline.Storage.Tests;

/// <summary>
/// A database of its own for one test: created empty, dropped afterwards. Gives the store's
/// options and a raw connection for looking at rows the public API does not return.
/// </summary>
public abstract class StoreTarget : IAsyncDisposable
{
    /// <summary>Every table the migrations must create, qualified as SQL names it.</summary>
    public IReadOnlyList<string> ExpectedTables =>
    [
        Qualify("schema_migrations"),
        Qualify("reports"),
        Qualify("report_privacy"),
        Qualify("report_protected_attributes"),
        Qualify("report_receipts"),
        Qualify("decision_log"),
        Qualify("alerts"),
        Qualify("feed_health_minutes"),
        Qualify("geocode_cache"),
        Qualify("gazetteer_address_points"),
        Qualify("gazetteer_street_segments"),
        Qualify("gazetteer_imports"),
        Qualify("report_versions"),
        Qualify("incidents"),
        Qualify("report_links"),
        Qualify("incident_merges"),
        Qualify("models"),
        Qualify("model_promotions"),
        Qualify("report_labels"),
        Qualify("fairness_reports"),
        Qualify("alert_history"),
        Qualify("desk_users"),
        Qualify("desk_audit_log"),
        Qualify("disseminations"),
        Qualify("purge_log"),
        Qualify("raw_records"),
        Qualify("lineage"),
    ];

    /// <summary>Tables with the ORDER BY that makes a dump of each deterministic.</summary>
    public IReadOnlyList<(string Table, string OrderBy)> DumpedTables =>
    [
        (Qualify("schema_migrations"), "version"),
        (Qualify("reports"), "idempotency_key"),
        (Qualify("report_privacy"), "idempotency_key"),
        (Qualify("report_protected_attributes"), "idempotency_key"),
        (Qualify("report_receipts"), "origin_topic, origin_partition, origin_offset, origin_record"),
        (Qualify("decision_log"), "report_key, model_version"),
        (Qualify("alerts"), "alert_id"),
    ];

    public abstract StoreOptions Options { get; }

    public abstract string Qualify(string table);

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    public abstract Task<List<string>> ListTablesAsync(DbConnection connection, CancellationToken ct);

    public abstract Task<List<string>> ListColumnsAsync(DbConnection connection, string table, CancellationToken ct);

    /// <summary>The table's secondary indexes (named ix_…), by name; keys and unique constraints are left out.</summary>
    public abstract Task<List<string>> ListIndexesAsync(DbConnection connection, string table, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>Every table's rows, keyed by table name.</summary>
    public async Task<Dictionary<string, List<string>>> DumpAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var dump = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (table, orderBy) in DumpedTables)
        {
            dump[table] = await Dump.TableAsync(connection, table, orderBy, ct);
        }
        return dump;
    }

    protected static async Task<List<string>> ReadStringsAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}

/// <summary>A SQLite file in a fresh temporary directory that does not exist yet (the store must create it).</summary>
public sealed class SqliteTarget : StoreTarget
{
    public SqliteTarget()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pipeline-storage-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Directory, "data", "pipeline.db");
        Options = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={FilePath}" };
    }

    public string Directory { get; }

    public string FilePath { get; }

    public override StoreOptions Options { get; }

    public override string Qualify(string table) => table;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        // Unpooled, so that no handle outlives the test and the file can be deleted.
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync(ct);
        return connection;
    }

    public override Task<List<string>> ListTablesAsync(DbConnection connection, CancellationToken ct) =>
        ReadStringsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", ct);

    public override Task<List<string>> ListColumnsAsync(DbConnection connection, string table, CancellationToken ct) =>
        ReadStringsAsync(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid", ct);

    public override Task<List<string>> ListIndexesAsync(DbConnection connection, string table, CancellationToken ct) =>
        ReadStringsAsync(connection, $"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND name LIKE 'ix\\_%' ESCAPE '\\' ORDER BY name", ct);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A uniquely named database on the SQL Server named by PIPELINE_TEST_SQLSERVER, dropped afterwards.
/// Creating one skips the calling test when the variable is not set.
/// </summary>
public sealed class SqlServerTarget : StoreTarget
{
    public const string EnvironmentVariable = "PIPELINE_TEST_SQLSERVER";

    private readonly string _serverConnectionString;
    private readonly string _databaseName;
    private readonly string _connectionString;

    private SqlServerTarget(string serverConnectionString, string databaseName)
    {
        _serverConnectionString = serverConnectionString;
        _databaseName = databaseName;
        _connectionString = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = databaseName }.ConnectionString;
        Options = new StoreOptions { Provider = StoreProvider.SqlServer, ConnectionString = _connectionString };
    }

    public override StoreOptions Options { get; }

    public static async Task<SqlServerTarget> CreateAsync(CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server),
            $"SKIPPED: no SQL Server to test against; set {EnvironmentVariable} to a connection string to run the SQL Server tests.");

        var master = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
        var target = new SqlServerTarget(master, "pipeline_storage_test_" + Guid.NewGuid().ToString("N"));
        await using var connection = new SqlConnection(master);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE [{target._databaseName}]";
        await command.ExecuteNonQueryAsync(ct);
        return target;
    }

    public override string Qualify(string table) =>
        table is "report_protected_attributes" or "fairness_reports" ? "audit." + table
        : table is "raw_records" ? "archive." + table
        : "dbo." + table;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public override Task<List<string>> ListTablesAsync(DbConnection connection, CancellationToken ct) =>
        ReadStringsAsync(connection, "SELECT s.name + '.' + t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id ORDER BY 1", ct);

    public override Task<List<string>> ListColumnsAsync(DbConnection connection, string table, CancellationToken ct) =>
        ReadStringsAsync(connection, $"SELECT name FROM sys.columns WHERE object_id = OBJECT_ID(N'{table}') ORDER BY column_id", ct);

    public override Task<List<string>> ListIndexesAsync(DbConnection connection, string table, CancellationToken ct) =>
        ReadStringsAsync(connection, $"SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID(N'{table}') AND name LIKE N'ix[_]%' ORDER BY name", ct);

    public override async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            IF DB_ID(N'{_databaseName}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{_databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{_databaseName}];
            END
            """;
        await command.ExecuteNonQueryAsync();
    }
}
