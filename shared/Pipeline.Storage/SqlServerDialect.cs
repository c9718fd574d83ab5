using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.SqlClient;

namespace Pipeline.Storage;

/// <summary>SQL Server. Times are <c>datetimeoffset(3)</c> in UTC; the protected attributes and the fairness reports live in schema <c>audit</c>.</summary>
internal sealed class SqlServerDialect(string connectionString) : StoreDialect
{
    private const string MigrationLockResource = "Pipeline.Storage/migrations";

    // Bounded strings are sent as nvarchar(4000) and unbounded ones as nvarchar(max), so the
    // statement text and parameter types are the same on every call and its plan is reused,
    // instead of one plan per distinct string length.
    private const int BoundedStringSize = 4000;

    public override StoreProvider Provider => StoreProvider.SqlServer;

    public override string MigrationFolder => "sqlserver";

    public override string Target
    {
        get
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            return $"{builder.DataSource}/{builder.InitialCatalog}";
        }
    }

    public override DbConnection CreateConnection(bool pooled = true)
    {
        if (pooled)
        {
            return new SqlConnection(connectionString);
        }
        var builder = new SqlConnectionStringBuilder(connectionString) { Pooling = false };
        return new SqlConnection(builder.ConnectionString);
    }

    public override async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public override async Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan timeout, CancellationToken ct)
    {
        var timeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        await using (var command = connection.CreateCommand())
        {
            // A session-owned lock spans the per-migration transactions. The connection is
            // unpooled, so the lock also ends with the session if the release below never runs.
            command.CommandText = """
                DECLARE @result int;
                EXEC @result = sp_getapplock @Resource = @resource, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = @timeout_ms;
                SELECT @result;
                """;
            command.CommandTimeout = (int)Math.Min(int.MaxValue, timeout.TotalSeconds + 30);
            AddParameter(command, "@resource", MigrationLockResource);
            AddParameter(command, "@timeout_ms", timeoutMs);
            var result = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            if (result < 0)
            {
                // -1 timeout, -2 cancelled, -3 deadlock victim, -999 parameter or call error.
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Could not take the migration lock '{MigrationLockResource}' within {timeout} (sp_getapplock returned {result}); another instance may be migrating."));
            }
        }
        return new AppLock(connection);
    }

    public override string CreateMigrationsTableSql => """
        IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
        CREATE TABLE dbo.schema_migrations (
            version    int               NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
            name       nvarchar(200)     NOT NULL,
            checksum   char(64)          NOT NULL,
            applied_at datetimeoffset(3) NOT NULL
        );
        """;

    public override string Qualify(string table) =>
        table == StoreSchema.ProtectedAttributes.Name || table == StoreSchema.FairnessReportsTable ? "audit." + table
        : table == StoreSchema.RawRecords.Name ? "archive." + table
        : "dbo." + table;

    public override string InsertIfAbsent(TableSpec table)
    {
        // UPDLOCK + HOLDLOCK keep the key range locked from the check to the insert, so two
        // writers racing on one key cannot both see "absent" and then collide on the key.
        var name = Qualify(table.Name);
        var sb = new StringBuilder()
            .Append("INSERT INTO ").Append(name).Append(" (").Append(ColumnList(table)).Append(") SELECT ")
            .Append(ParameterList(table)).Append(" WHERE ");
        for (var i = 0; i < table.UniqueKeys.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" AND ");
            }
            sb.Append("NOT EXISTS (SELECT 1 FROM ").Append(name).Append(" WITH (UPDLOCK, HOLDLOCK) WHERE ")
                .Append(KeyPredicate(table.UniqueKeys[i])).Append(')');
        }
        return sb.ToString();
    }

    public override string CountRows => "COUNT_BIG(*)";

    public override string InsertIfAbsentAndNoneWith(TableSpec table, string column) =>
        InsertIfAbsent(table) + $" AND (@{column} IS NULL OR NOT EXISTS (SELECT 1 FROM {Qualify(table.Name)} WITH (UPDLOCK, HOLDLOCK) WHERE {column} = @{column}))";

    // Update first under a key-range lock held to the insert, so two writers of one key cannot both insert.
    public override string Upsert(TableSpec table)
    {
        var name = Qualify(table.Name);
        var key = KeyPredicate(table.UniqueKeys[0]);
        return $"UPDATE {name} WITH (UPDLOCK, SERIALIZABLE) SET {string.Join(", ", NonKeyColumns(table).Select(c => $"{c} = @{c}"))} WHERE {key}; " +
            $"IF @@ROWCOUNT = 0 INSERT INTO {name} ({ColumnList(table)}) VALUES ({ParameterList(table)});";
    }

    public override DbType TimeDbType => DbType.DateTimeOffset;

    // Duplicate key (2627, 2601), foreign key or check (547), null into NOT NULL (515), string or
    // binary truncated (8152, 2628) and conversion failures (245, 8114, 8115, 220, 232, 242, 517).
    private static readonly HashSet<int> DataRefusals = [2627, 2601, 547, 515, 8152, 2628, 245, 8114, 8115, 220, 232, 242, 517];

    public override string? DataRefusal(DbException exception) =>
        exception is SqlException sql && sql.Errors.Cast<SqlError>().FirstOrDefault(e => DataRefusals.Contains(e.Number)) is { } refusal
            ? $"SQL Server error {refusal.Number}"
            : null;

    // Truncated to the column's millisecond precision here, so the stored value is predictable
    // rather than rounded by the server.
    public override object ToDbTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public override DateTimeOffset FromDbTime(object value) => ((DateTimeOffset)value).ToUniversalTime();

    public override void ConfigureParameter(DbParameter parameter, ColumnKind kind)
    {
        switch (kind)
        {
            case ColumnKind.Text:
                parameter.Size = BoundedStringSize;
                break;
            case ColumnKind.LongText or ColumnKind.Bytes:
                parameter.Size = -1;
                break;
            default:
                break;
        }
    }

    public override void ClearPool()
    {
        using var connection = new SqlConnection(connectionString);
        SqlConnection.ClearPool(connection);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class AppLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != ConnectionState.Open)
            {
                return;
            }
            await using var command = connection.CreateCommand();
            command.CommandText = "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = N'Session';";
            AddParameter(command, "@resource", MigrationLockResource);
            await command.ExecuteNonQueryAsync();
        }
    }
}
