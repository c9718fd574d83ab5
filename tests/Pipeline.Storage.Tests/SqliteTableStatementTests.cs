using Microsoft.Data.Sqlite;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The write path's own SQLite statements (<see cref="SqliteTableStatement"/>, which a
/// <see cref="TableCommand"/> uses inside a write transaction) store every value exactly as the
/// ADO.NET command of Microsoft.Data.Sqlite does, and fail the same way.
/// </summary>
public sealed class SqliteTableStatementTests : IAsyncLifetime
{
    private static readonly TableSpec Values = new(
        "bound_values",
        [
            new("id", ColumnKind.Int64),
            new("empty_text", ColumnKind.Text),
            new("hostile_text", ColumnKind.LongText),
            new("long_text", ColumnKind.LongText),
            new("missing", ColumnKind.Text),
            new("small", ColumnKind.Int32),
            new("big", ColumnKind.Int64),
            new("real", ColumnKind.Double),
            new("whole_real", ColumnKind.Double),
            new("flag", ColumnKind.Boolean),
            new("at", ColumnKind.Time),
            new("no_bytes", ColumnKind.Bytes),
            new("bytes", ColumnKind.Bytes),
        ],
        [["id"]]);

    private readonly SqliteTarget _target = new();
    private readonly StoreDialect _dialect;
    private SqliteConnection _connection = null!;

    public SqliteTableStatementTests() => _dialect = new SqliteDialect(_target.Options.ConnectionString!);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_target.FilePath)!);
        _connection = new SqliteConnection($"Data Source={_target.FilePath};Pooling=False");
        await _connection.OpenAsync(Ct);
        await using var create = _connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE bound_values (id INTEGER PRIMARY KEY, empty_text TEXT NOT NULL, hostile_text TEXT, long_text TEXT,
                missing TEXT, small INTEGER, big INTEGER, real REAL, whole_real REAL, flag INTEGER, at TEXT, no_bytes BLOB, bytes BLOB)
            """;
        await create.ExecuteNonQueryAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task EveryKindOfValueIsStoredAsMicrosoftDataSqliteStoresIt()
    {
        // Row 1 through the ADO.NET command (no transaction), row 2 through the write path's own statement.
        await InsertAsync(transaction: null, RowValues(1));
        await using (var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(Ct))
        {
            await InsertAsync(transaction, RowValues(2));
            await transaction.CommitAsync(Ct);
        }

        var columns = Values.Columns.Skip(1).Select(c => c.Name).ToList();
        var stored = new List<string>();
        await using var select = _connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof({c}) || ':' || coalesce(hex({c}), '')"))} FROM bound_values ORDER BY id";
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            stored.Add(string.Join(" | ", Enumerable.Range(0, columns.Count).Select(i => $"{columns[i]}={reader.GetString(i)}")));
        }

        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0], stored[1]);
        // And what that is: an empty string, not NULL; the NUL and the lone surrogate kept as
        // Microsoft.Data.Sqlite keeps them; an integer in a REAL column stored as a real; an empty blob.
        Assert.Contains("empty_text=text:", stored[1], StringComparison.Ordinal);
        Assert.Contains("hostile_text=text:3C696D673E0062EFBFBD", stored[1], StringComparison.Ordinal);
        Assert.Contains("missing=null:", stored[1], StringComparison.Ordinal);
        Assert.Contains("whole_real=real:", stored[1], StringComparison.Ordinal);
        Assert.Contains("flag=integer:31", stored[1], StringComparison.Ordinal);
        Assert.Contains("no_bytes=blob: |", stored[1], StringComparison.Ordinal);
        Assert.Contains("bytes=blob:00FF", stored[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInsertIfAbsentTellsWhetherItInsertedAndTheStatementRunsAgainWithNewValues()
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(Ct);
        await using var insert = new TableCommand(_dialect, _connection, transaction, 30, Values);

        insert.Bind(RowValues(1));
        Assert.True(await insert.ExecuteAsync(Ct));
        insert.Bind(RowValues(1));
        Assert.False(await insert.ExecuteAsync(Ct));
        insert.Bind(RowValues(2));
        Assert.True(await insert.ExecuteAsync(Ct));
    }

    [Fact]
    public async Task AValueTheTableRefusesFailsWithTheSameErrorCodeSoTheStoreSetsTheReportAside()
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(Ct);
        await using var insert = new TableCommand(_dialect, _connection, transaction, 30, Values, _dialect.Insert(Values));
        var values = RowValues(1);
        values[1] = null; // empty_text is NOT NULL

        insert.Bind(values);
        var refused = await Assert.ThrowsAsync<SqliteException>(() => insert.ExecuteAsync(Ct));

        Assert.Equal(19, refused.SqliteErrorCode);
        Assert.Equal("SQLite error 19", _dialect.DataRefusal(refused));
        Assert.Contains("NOT NULL constraint failed: bound_values.empty_text", refused.Message, StringComparison.Ordinal);
        // The statement is usable again after the failure.
        insert.Bind(RowValues(1));
        Assert.True(await insert.ExecuteAsync(Ct));
    }

    [Fact]
    public async Task AValueOfATypeTheStoreNeverBindsFailsLoudlyInsteadOfBeingGuessedAt()
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(Ct);
        await using var insert = new TableCommand(_dialect, _connection, transaction, 30, Values);
        var values = RowValues(1);
        values[10] = new DateTimeOffset(2026, 11, 23, 1, 2, 3, TimeSpan.Zero); // times are bound as the dialect's text

        var failure = Assert.Throws<InvalidOperationException>(() => insert.Bind(values));

        Assert.Contains("DateTimeOffset", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongNumberOfValuesIsRefusedBeforeAnythingIsBound()
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(Ct);
        await using var insert = new TableCommand(_dialect, _connection, transaction, 30, Values);

        Assert.Throws<InvalidOperationException>(() => insert.Bind(1L, "too few"));
    }

    private async Task InsertAsync(SqliteTransaction? transaction, object?[] values)
    {
        await using var insert = new TableCommand(_dialect, _connection, transaction, 30, Values);
        insert.Bind(values);
        Assert.True(await insert.ExecuteAsync(Ct));
    }

    private object?[] RowValues(long id) =>
    [
        id,
        "",
        "<img>\0b\uD800",
        new string('x', 70_000) + "é",
        null,
        42,
        long.MaxValue,
        0.1 + 0.2,
        7,
        true,
        _dialect.ToDbTime(new DateTimeOffset(2026, 11, 23, 1, 2, 3, TimeSpan.FromHours(-5))),
        Array.Empty<byte>(),
        new byte[] { 0, 255 },
    ];
}
