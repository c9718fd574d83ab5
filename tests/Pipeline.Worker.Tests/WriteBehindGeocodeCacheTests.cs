using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Worker.Tests;

public sealed class WriteBehindGeocodeCacheTests
{
    private static readonly GeocodeResult Answer = new(37.87, -122.27, LocationPrecision.Block, "gazetteer", "2100 SHATTUCK AVE", 0.9);

    [Fact]
    public async Task APutReturnsWhileTheStoreIsBusyAndEveryAnswerIsWrittenBeforeDisposeReturns()
    {
        var store = new BlockingStore();
        var cache = new WriteBehindGeocodeCache(store, NullLogger.Instance);

        // The store's writer is blocked (as SQLite's single writer is during a Process transaction):
        // the Ingest role's put must not wait for it.
        var put = cache.PutCachedGeocodesAsync([KeyValuePair.Create("a", Answer), KeyValuePair.Create("b", Answer)], TestContext.Current.CancellationToken);
        Assert.True(put.IsCompletedSuccessfully);
        await cache.PutCachedGeocodesAsync([KeyValuePair.Create("c", Answer)], TestContext.Current.CancellationToken);

        store.Release();
        await cache.DisposeAsync();

        Assert.Equal(["a", "b", "c"], store.Written.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadsGoStraightToTheStore()
    {
        var store = new BlockingStore();
        store.Release();
        await using var cache = new WriteBehindGeocodeCache(store, NullLogger.Instance);

        var found = await cache.GetCachedGeocodesAsync(["known"], TestContext.Current.CancellationToken);

        Assert.Equal(Answer, Assert.Single(found).Value);
    }

    [Fact]
    public async Task AFailingWriteIsSkippedAndLaterAnswersAreStillWritten()
    {
        var store = new BlockingStore { FailNext = true };
        store.Release();
        var cache = new WriteBehindGeocodeCache(store, NullLogger.Instance);

        await cache.PutCachedGeocodesAsync([KeyValuePair.Create("lost", Answer)], TestContext.Current.CancellationToken);
        await Eventually(() => !store.FailNext);
        await cache.PutCachedGeocodesAsync([KeyValuePair.Create("kept", Answer)], TestContext.Current.CancellationToken);
        await cache.DisposeAsync();

        Assert.Equal(["kept"], store.Written);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.True(condition());
    }

    private sealed class BlockingStore : IGeocodeCacheStore
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Written { get; } = [];

        public volatile bool FailNext;

        public void Release() => _released.TrySetResult();

        public Task<IReadOnlyDictionary<string, GeocodeResult>> GetCachedGeocodesAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, GeocodeResult>>(keys.ToDictionary(k => k, _ => Answer));

        public async Task PutCachedGeocodesAsync(IReadOnlyList<KeyValuePair<string, GeocodeResult>> answers, CancellationToken ct)
        {
            await _released.Task;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the test store fails this write");
            }
            lock (Written)
            {
                Written.AddRange(answers.Select(a => a.Key));
            }
        }
    }
}
