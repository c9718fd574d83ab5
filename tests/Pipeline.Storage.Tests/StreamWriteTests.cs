using System.Threading.Channels;

namespace Pipeline.Storage.Tests;

/// <summary>
/// <see cref="PipelineStore.WriteStreamAsync"/>: the Process role's batch write fed while the batch
/// is still being computed. One transaction, whatever the pace of its writes.
/// </summary>
public abstract class StreamWriteTests : StoreTestBase
{
    [Fact]
    public async Task WritesArrivingWhileTheTransactionIsOpenCommitTogetherAsOneBatchWouldHave()
    {
        var store = await MigratedStoreAsync();
        var channel = Channel.CreateUnbounded<PreparedWrite>();
        var writing = store.WriteStreamAsync(channel.Reader, Ct);
        var writes = Sample.Writes(1, 20);
        foreach (var write in writes)
        {
            channel.Writer.TryWrite(PreparedWrite.Of(write));
            await Task.Yield();
        }
        // Nothing is visible before the channel completes: one transaction.
        Assert.False(writing.IsCompleted);
        channel.Writer.Complete();
        var result = await writing;

        Assert.Equal(20, result.NewReports);
        Assert.Equal(writes.Select(w => w.Report.IdempotencyKey).Order(StringComparer.Ordinal), (await store.GetReportsAsync(Ct)).Select(r => r.IdempotencyKey));
        // The same writes again through the list API: every one a redelivery, as for a replayed batch.
        var again = await store.WriteBatchAsync(writes, Ct);
        Assert.Equal((0, 20), (again.NewReports, again.Redeliveries));
    }

    [Fact]
    public async Task ACompletionWithAnExceptionRollsBackEverythingWrittenSoFarAndRethrowsIt()
    {
        var store = await MigratedStoreAsync();
        var channel = Channel.CreateUnbounded<PreparedWrite>();
        var writing = store.WriteStreamAsync(channel.Reader, Ct);
        foreach (var write in Sample.Writes(1, 5))
        {
            channel.Writer.TryWrite(PreparedWrite.Of(write));
        }
        channel.Writer.Complete(new InvalidOperationException("the batch's computation failed"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => writing);
        Assert.Equal("the batch's computation failed", thrown.Message);
        Assert.Empty(await store.GetReportsAsync(Ct));
        Assert.Equal(0, (await store.GetCountsAsync(Ct)).Receipts);
    }

    [Fact]
    public async Task AMalformedWriteMidStreamRollsBackTheWholeBatch()
    {
        var store = await MigratedStoreAsync();
        var channel = Channel.CreateUnbounded<PreparedWrite>();
        var writing = store.WriteStreamAsync(channel.Reader, Ct);
        channel.Writer.TryWrite(PreparedWrite.Of(Sample.Write(1)));
        channel.Writer.TryWrite(PreparedWrite.Of(Sample.Write(2) with { ContentHash = "" }));
        channel.Writer.TryWrite(PreparedWrite.Of(Sample.Write(3)));
        channel.Writer.Complete();

        await Assert.ThrowsAsync<ArgumentException>(() => writing);
        Assert.Empty(await store.GetReportsAsync(Ct));
    }

    [Fact]
    public async Task AnEmptyStreamWritesNothing()
    {
        var store = await MigratedStoreAsync();
        var channel = Channel.CreateUnbounded<PreparedWrite>();
        channel.Writer.Complete();
        var result = await store.WriteStreamAsync(channel.Reader, Ct);
        Assert.Equal((0, 0, 0, 0), (result.NewReports, result.Duplicates, result.Redeliveries, result.NewAlerts));
    }
}

public sealed class SqliteStreamWriteTests : StreamWriteTests
{
    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>Skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerStreamWriteTests : StreamWriteTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
