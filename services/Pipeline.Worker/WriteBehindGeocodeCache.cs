using System.Threading.Channels;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Worker;

/// <summary>
/// The geocoder's store cache with writes taken off the Ingest role's path: reads go to the
/// store; new answers are queued and written by a background task in batches. SQLite has one
/// writer, and a cache write made inside an Ingest batch waited for the Process role's store
/// transaction (hundreds of milliseconds under load), which held every record of that batch back.
/// The cache is only a cache: answers still queued when the process dies are looked up again.
/// </summary>
internal sealed partial class WriteBehindGeocodeCache : IGeocodeCacheStore, IAsyncDisposable
{
    private const int MaxQueued = 50_000;
    private const int MaxPerWrite = 1_000;

    private readonly IGeocodeCacheStore _store;
    private readonly ILogger _logger;
    private readonly Channel<KeyValuePair<string, GeocodeResult>> _queue =
        Channel.CreateBounded<KeyValuePair<string, GeocodeResult>>(new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly Task _writer;

    public WriteBehindGeocodeCache(IGeocodeCacheStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _writer = Task.Run(WriteUntilCompletedAsync);
    }

    public Task<IReadOnlyDictionary<string, GeocodeResult>> GetCachedGeocodesAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        _store.GetCachedGeocodesAsync(keys, ct);

    /// <summary>Queues the answers and returns at once; a full queue drops them (they are looked up again).</summary>
    public Task PutCachedGeocodesAsync(IReadOnlyList<KeyValuePair<string, GeocodeResult>> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var dropped = 0;
        foreach (var answer in answers)
        {
            if (!_queue.Writer.TryWrite(answer))
            {
                dropped++;
            }
        }
        if (dropped > 0)
        {
            CacheWriteFailed(_logger, "queue full", dropped);
        }
        return Task.CompletedTask;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A store too slow to take the last answers: they are looked up again next time.
            CacheWriteFailed(_logger, nameof(TimeoutException), _queue.Reader.Count);
        }
    }

    private async Task WriteUntilCompletedAsync()
    {
        var batch = new List<KeyValuePair<string, GeocodeResult>>(MaxPerWrite);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxPerWrite && _queue.Reader.TryRead(out var answer))
            {
                batch.Add(answer);
            }
            try
            {
                await _store.PutCachedGeocodesAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A cache write that fails loses only cached answers; the writer must go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                CacheWriteFailed(_logger, e.GetType().Name, batch.Count);
            }
            batch.Clear();
        }
    }

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "Could not write {Count} geocoder answers to the store cache ({ExceptionType}); they will be looked up again")]
    private static partial void CacheWriteFailed(ILogger logger, string exceptionType, int count);
}
