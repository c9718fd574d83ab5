namespace Pipeline.Storage.Tests;

/// <summary>
/// The per-test store lifecycle the contract suites share: each test gets a database of its own from
/// <see cref="CreateTargetAsync"/>, a store on it with a hand-moved clock and a recording logger, and
/// both are disposed when the test ends.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private StoreTarget? _target;
    private PipelineStore? _store;

    protected ManualTimeProvider Time { get; } = new();

    protected RecordingLogger<PipelineStore> Logger { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected StoreTarget Target => _target ?? throw new InvalidOperationException("Call StoreAsync first.");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates this test's empty database (or skips the test when the engine is not available).</summary>
    protected abstract Task<StoreTarget> CreateTargetAsync();

    /// <summary>This test's store, on an empty database, not migrated.</summary>
    protected async Task<PipelineStore> StoreAsync()
    {
        _target ??= await CreateTargetAsync();
        _store ??= PipelineStore.Create(_target.Options, Time, Logger);
        return _store;
    }

    /// <summary>This test's store with the schema in place.</summary>
    protected async Task<PipelineStore> MigratedStoreAsync()
    {
        var store = await StoreAsync();
        await store.MigrateAsync(Ct);
        return store;
    }
}
