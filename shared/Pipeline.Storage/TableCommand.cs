using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Pipeline.Storage;

/// <summary>
/// A command for one table with one parameter per column, in the table's column order: an
/// insert-if-absent by default, or the statement given (an upsert). On SQLite inside a write
/// transaction it runs as a <see cref="SqliteTableStatement"/> on the connection's handle; elsewhere
/// as an ADO.NET command.
/// </summary>
internal sealed class TableCommand : IAsyncDisposable
{
    private readonly SqliteTableStatement? _sqlite;
    private readonly DbCommand? _command;
    private readonly DbParameter[] _parameters = [];
    private readonly int _columns;

    public TableCommand(StoreDialect dialect, DbConnection connection, DbTransaction? transaction, int commandTimeoutSeconds, TableSpec table, string? sql = null)
    {
        sql ??= dialect.InsertIfAbsent(table);
        _columns = table.Columns.Count;
        if (connection is SqliteConnection sqlite && transaction is not null)
        {
            _sqlite = new SqliteTableStatement(sqlite, table, sql);
            return;
        }
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandTimeout = commandTimeoutSeconds;
        _command.CommandText = sql;
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
                ColumnKind.Bytes => DbType.Binary,
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
        if (values.Length != _columns)
        {
            throw new InvalidOperationException($"Expected {_columns} values, got {values.Length}.");
        }
        if (_sqlite is not null)
        {
            _sqlite.Bind(values);
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>Runs the statement; true when it changed a row (for an insert-if-absent: false when the key was already there).</summary>
    public async Task<bool> ExecuteAsync(CancellationToken ct)
    {
        if (_sqlite is not null)
        {
            ct.ThrowIfCancellationRequested();
            return _sqlite.Execute() > 0;
        }
        return await _command!.ExecuteNonQueryAsync(ct) > 0;
    }

    public ValueTask DisposeAsync()
    {
        if (_sqlite is not null)
        {
            _sqlite.Dispose();
            return ValueTask.CompletedTask;
        }
        return _command!.DisposeAsync();
    }
}
