using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Storage.Tests;

/// <summary>What is particular to the embedded SQLite store.</summary>
public sealed class SqliteStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SqliteTarget _target = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<PipelineStore> _stores = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        await _target.DisposeAsync();
    }

    [Fact]
    public void CreatingTheStoreCreatesTheMissingDataDirectory()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_target.FilePath)));

        NewStore();

        Assert.True(Directory.Exists(Path.GetDirectoryName(_target.FilePath)));
    }

    [Fact]
    public async Task CommitsLeaveTheCheckpointToTheBackgroundAndACheckpointMovesTheLogIntoTheDatabaseFile()
    {
        var store = NewStore();
        await store.MigrateAsync(Ct);
        Assert.True(await store.CheckpointAsync(Ct));
        var before = new FileInfo(_target.FilePath).Length;
        // SQLite checkpoints when the last connection to a database closes, and other tests clear
        // every connection pool of the process: this open connection keeps that from happening here.
        await using var holder = new SqliteConnection($"Data Source={_target.FilePath};Pooling=False");
        await holder.OpenAsync(Ct);
        await using (var read = holder.CreateCommand())
        {
            // A connection takes its share of the log only once it has read.
            read.CommandText = "SELECT COUNT(*) FROM reports";
            await read.ExecuteScalarAsync(Ct);
        }

        // More than SQLite's default automatic checkpoint (1,000 pages, 4 MB), well under the store's
        // 64 MB: everything stays in the write-ahead log.
        for (var batch = 0; batch < 12; batch++)
        {
            await store.WriteBatchAsync([.. Enumerable.Range(batch * 250, 250).Select(n => Sample.Write(n))], Ct);
        }
        Assert.Equal(before, new FileInfo(_target.FilePath).Length);

        Assert.True(await store.CheckpointAsync(Ct));

        Assert.True(new FileInfo(_target.FilePath).Length > before + (4 * 1024 * 1024), "the checkpoint copied more than 4 MB of logged pages into the database file");
        Assert.Equal(3000, (await store.GetCountsAsync(Ct)).Reports);
    }

    [Fact]
    public async Task TheDatabaseUsesWriteAheadLogging()
    {
        await NewStore().MigrateAsync(Ct);

        await using var connection = await _target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task TimesAreStoredAsUtcRoundTripText()
    {
        var store = NewStore();
        await store.MigrateAsync(Ct);
        var write = Sample.Write(2);
        await store.WriteBatchAsync([write], Ct);

        await using var connection = await _target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT occurred_at || ' ' || stored_at FROM reports";

        // OccurredAt was given at -05:00; it is stored as the same instant in UTC.
        Assert.Equal(TimeSpan.FromHours(-5), write.Report.OccurredAt.Offset);
        Assert.Equal("2026-11-20T14:28:00.1230000+00:00 2026-11-21T09:00:00.5000000+00:00", (string?)await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task TwoStoresMigratingAtOnceApplyTheMigrationOnce()
    {
        var first = NewStore();
        var second = NewStore();

        var results = await Task.WhenAll(first.MigrateAsync(Ct), second.MigrateAsync(Ct));

        // Each applies what it got to first, so which store applied which file may vary; together, each once.
        Assert.Equal(
            MigrationCatalog.For("sqlite").Select(m => m.FileName),
            results.SelectMany(r => r.Applied).Order(StringComparer.Ordinal));
        Assert.Equal(MigrationCatalog.For("sqlite").Count, results.Sum(r => r.AlreadyApplied));
    }

    [Fact]
    public async Task PingFailsWhenTheDatabaseCannotBeOpened()
    {
        // Read-only mode cannot create the missing file, so opening fails.
        var missing = Path.Combine(_target.Directory, "missing.db");
        var store = NewStore(new StoreOptions { ConnectionString = $"Data Source={missing};Mode=ReadOnly" });

        await Assert.ThrowsAsync<SqliteException>(() => store.PingAsync(Ct));
    }

    [Fact]
    public async Task AThousandWriteBatchIsStoredQuickly()
    {
        var store = NewStore();
        await store.MigrateAsync(Ct);
        await store.WriteBatchAsync(Sample.Writes(1, 10), Ct);
        var batch = Sample.Writes(1_000, 1_000);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var result = await store.WriteBatchAsync(batch, Ct);
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        output.WriteLine($"1,000-write batch stored in {stopwatch.Elapsed.TotalMilliseconds:F1} ms wall, {cpu.TotalMilliseconds:F1} ms CPU (all threads)");
        Assert.Equal(new BatchWriteResult(1_000, 0, 0, 500), result);
        // The target is well under 100 ms; the bound leaves room for a loaded CI machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ReportsAndAlertsAreListedInKeyOrder()
    {
        var store = NewStore();
        await store.MigrateAsync(Ct);
        await store.WriteBatchAsync([Sample.Write(30), Sample.Write(4), Sample.Write(12)], Ct);

        var reports = await store.GetReportsAsync(Ct);
        var alerts = await store.GetAlertsAsync(Ct);

        Assert.Equal([Sample.Key(4), Sample.Key(12), Sample.Key(30)], reports.Select(r => r.IdempotencyKey));
        Assert.Equal([Sample.Key(4), Sample.Key(12), Sample.Key(30)], alerts.Select(a => a.ReportKey));
    }

    [Fact]
    public async Task ADisposedStoreRefusesWork()
    {
        var store = NewStore();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PingAsync(Ct));
    }

    private PipelineStore NewStore(StoreOptions? options = null)
    {
        var store = PipelineStore.Create(options ?? _target.Options, _time, NullLogger<PipelineStore>.Instance);
        _stores.Add(store);
        return store;
    }
}
