using System.Data;
using System.Data.Common;
using System.Text;

namespace Pipeline.Storage;

/// <summary>Everything that differs between the SQL dialects; the store and the migration runner are written once against it.</summary>
internal abstract class StoreDialect
{
    public abstract StoreProvider Provider { get; }

    /// <summary>Folder of this dialect's migrations under <c>infra/sql</c> (and in the embedded resource names).</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>Where the data lives, for logs: a file path or server/database, never credentials.</summary>
    public abstract string Target { get; }

    /// <summary>Creates an unopened connection.</summary>
    /// <param name="pooled">False for connections whose session state must end when they are closed (migration locks).</param>
    public abstract DbConnection CreateConnection(bool pooled = true);

    /// <summary>Per-connection settings, run after every open.</summary>
    public virtual Task InitializeConnectionAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>Begins a transaction that takes the write lock at once.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Serializes migrations across processes; the returned handle releases the lock.</summary>
    public abstract Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan timeout, CancellationToken ct);

    public abstract string CreateMigrationsTableSql { get; }

    /// <summary>The table's name as SQL refers to it (schema-qualified where the dialect has schemas).</summary>
    public abstract string Qualify(string table);

    /// <summary>A statement that inserts one row unless a row with any of its unique keys exists; it affects 1 row or 0.</summary>
    public abstract string InsertIfAbsent(TableSpec table);

    /// <summary>The aggregate that counts a table's rows as a 64-bit integer.</summary>
    public abstract string CountRows { get; }

    /// <summary>
    /// An insert-if-absent that also inserts nothing when a row of the same table already has
    /// <paramref name="column"/> equal to its parameter (unless that parameter is null): one alert per incident.
    /// </summary>
    public abstract string InsertIfAbsentAndNoneWith(TableSpec table, string column);

    /// <summary>A plain insert of every column (tables without a key).</summary>
    public string Insert(TableSpec table) => $"INSERT INTO {Qualify(table.Name)} ({ColumnList(table)}) VALUES ({ParameterList(table)})";

    /// <summary>An insert that overwrites the row's other columns when its primary key (the first unique key) exists.</summary>
    public abstract string Upsert(TableSpec table);

    /// <summary>The columns outside the table's primary key.</summary>
    protected static IEnumerable<string> NonKeyColumns(TableSpec table) =>
        table.Columns.Select(c => c.Name).Where(name => !table.UniqueKeys[0].Contains(name, StringComparer.Ordinal));

    public abstract DbType TimeDbType { get; }

    /// <summary>
    /// When the database refused the statement because of the data it was given (a constraint, a
    /// value too large or of the wrong type), so that writing the same rows again fails again:
    /// the error's code, as "SQLite error 19"; otherwise null. Locks, timeouts, lost connections
    /// and schema problems are not refusals. Never the error's message, which may quote data.
    /// </summary>
    public abstract string? DataRefusal(DbException exception);

    /// <summary>A statement that checkpoints the write-ahead log without waiting for any lock, or null where the database has no such thing.</summary>
    public virtual string? PassiveCheckpointSql => null;

    /// <summary>
    /// A subquery of the strings in <paramref name="parameter"/>, bound as a JSON array: a whole
    /// batch's keys in one parameter. Null where the store expands keys into one parameter each.
    /// </summary>
    public virtual string? ValuesOfJsonArray(string parameter) => null;

    public abstract object ToDbTime(DateTimeOffset value);

    public abstract DateTimeOffset FromDbTime(object value);

    /// <summary>Dialect-specific parameter settings (sizes, for plan reuse on SQL Server).</summary>
    public virtual void ConfigureParameter(DbParameter parameter, ColumnKind kind)
    {
    }

    /// <summary>Releases pooled connections to this store's database.</summary>
    public abstract void ClearPool();

    protected static string ColumnList(TableSpec table) => table.ColumnList;

    protected static string ParameterList(TableSpec table) => string.Join(", ", table.Columns.Select(c => "@" + c.Name));

    protected static string KeyPredicate(IReadOnlyList<string> key)
    {
        var sb = new StringBuilder();
        foreach (var column in key)
        {
            if (sb.Length > 0)
            {
                sb.Append(" AND ");
            }
            sb.Append(column).Append(" = @").Append(column);
        }
        return sb.ToString();
    }
}
