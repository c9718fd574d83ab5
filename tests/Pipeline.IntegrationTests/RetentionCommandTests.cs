using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

/// <summary><c>pipeline retention run</c> and <c>retention log</c> on a SQLite store, with a fixed <c>--now</c>.</summary>
public sealed class RetentionCommandTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Received = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pipeline-retention-cli", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ADryRunCountsWithoutPurgingAndARealRunPurgesAndLogsTheOldReports()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = Path.Combine(_folder, "pipeline.db");
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance))
        {
            await store.MigrateAsync(ct);
            // Three reports received in January 2026, one in 2030.
            await store.WriteBatchAsync([Write(1, Received), Write(2, Received.AddHours(1)), Write(3, Received.AddHours(2)), Write(4, Received.AddYears(4))], ct);
        }
        var now = "2031-02-01T00:00:00Z";

        var (dryExit, dry) = await Cli.RunAsync("retention", "run", "--dry-run", "--now", now, "--database", database);

        Assert.True(dryExit == 0, dry);
        Assert.Contains("would purge 3 reports", dry, StringComparison.Ordinal);
        Assert.Contains("retention-period: 3 (5 years since received, not re-validated", dry, StringComparison.Ordinal);
        Assert.Contains("not-ise-sar: 0 (1 year since vetted as not ISE-SAR)", dry, StringComparison.Ordinal);
        Assert.Contains("nothing was written", dry, StringComparison.Ordinal);
        Assert.Equal(4, await ReportCountAsync(database, ct));

        var (exit, run) = await Cli.RunAsync("retention", "run", "--now", now, "--database", database);

        Assert.True(exit == 0, run);
        Assert.Contains("purged 3 reports", run, StringComparison.Ordinal);
        Assert.Equal(1, await ReportCountAsync(database, ct));

        var (logExit, log) = await Cli.RunAsync("retention", "log", "--database", database);

        Assert.True(logExit == 0, log);
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Contains($"retention-it:{n}", log, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("retention-it:4", log, StringComparison.Ordinal);
        Assert.Contains("retention-period", log, StringComparison.Ordinal);
        Assert.DoesNotContain("MAIN ST", run + dry + log, StringComparison.Ordinal);

        var (againExit, again) = await Cli.RunAsync("retention", "run", "--now", now, "--database", database);
        Assert.True(againExit == 0, again);
        Assert.Contains("purged 0 reports", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevalidatedReportIsKeptByTheNextRunAndAnUnknownKeyIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = Path.Combine(_folder, "pipeline.db");
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance))
        {
            await store.MigrateAsync(ct);
            await store.WriteBatchAsync([Write(1, Received), Write(2, Received)], ct);
        }

        // Re-validated in 2028: five years from then have not passed in 2031.
        var (exit, output) = await Cli.RunAsync("retention", "revalidate", "retention-it:1", "--by", "analyst7", "--reason", "review R-2028-114", "--now", "2028-06-01T00:00:00Z", "--database", database);
        Assert.True(exit == 0, output);
        Assert.Contains("re-validated retention-it:1 at 2028-06-01T00:00:00Z", output, StringComparison.Ordinal);

        var (runExit, run) = await Cli.RunAsync("retention", "run", "--now", "2031-02-01T00:00:00Z", "--database", database);
        Assert.True(runExit == 0, run);
        Assert.Contains("purged 1 reports", run, StringComparison.Ordinal);
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance))
        {
            var kept = Assert.Single(await store.GetReportsAsync(ct));
            Assert.Equal("retention-it:1", kept.IdempotencyKey);
        }

        var (unknownExit, unknown) = await Cli.RunAsync("retention", "revalidate", "retention-it:99", "--reason", "review", "--database", database);
        Assert.Equal(1, unknownExit);
        Assert.Contains("No report is stored under key retention-it:99", unknown, StringComparison.Ordinal);
        var (missingExit, _) = await Cli.RunAsync("retention", "revalidate", "retention-it:2", "--database", database);
        Assert.NotEqual(0, missingExit);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    private static async Task<int> ReportCountAsync(string database, CancellationToken ct)
    {
        await using var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
        return (await store.GetReportsAsync(ct)).Count;
    }

    private static ReportWrite Write(int n, DateTimeOffset received) => new(
        new Report
        {
            IdempotencyKey = $"retention-it:{n}",
            FeedId = "retention-it",
            SourceRecordId = $"R-{n}",
            Kind = ReportKind.Sar,
            OccurredAt = received.AddHours(-1),
            ReceivedAt = received,
            Location = new ReportLocation($"{n}00 BLOCK OF N MAIN ST", 38.9, -77.0, LocationPrecision.Block),
            Narrative = $"Person photographing the fence line, report {n}.",
            Origin = new RecordOrigin("feeds.retention-it.raw", 0, n),
        },
        $"sha256:{n:x8}",
        null,
        null);
}
