using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Kafka;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>Per-feed health settings, bound from the "FeedHealth" section.</summary>
public sealed class FeedHealthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "FeedHealth";

    /// <summary>How often the running minute totals are written to the store.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Minutes older than this are deleted from the store.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// Counts, per feed and minute, what this worker process saw (records in, accepted, rejected,
/// duplicates, unknown fields, newest record time) and samples the Ingest loop's lag on each
/// feed's raw topic; <see cref="FeedHealthFlusher"/> writes the running totals to the store.
/// Thread-safe: the Ingest and Process loops record from their own threads.
/// </summary>
/// <remarks>
/// Counts are at-least-once, like the records: a batch replayed after a crash is counted again
/// under the new process's reporter id. They are health figures, not the record of what was stored.
/// </remarks>
internal sealed class FeedHealthRecorder(FeedCatalog feeds, TopicNames topics, IOptions<WorkerOptions> worker, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Feed, DateTimeOffset Minute), Totals> _minutes = [];
    private readonly HashSet<(string Feed, DateTimeOffset Minute)> _dirty = [];

    /// <summary>Names this process in the store: several workers may count one feed.</summary>
    public string Reporter { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{time.GetUtcNow():yyyyMMddTHHmmssZ}";

    public void Ingested(string feedId, long recordsIn, long accepted, long rejected, long unknownFields, DateTimeOffset? newestRecord) =>
        Update(feedId, t =>
        {
            t.RecordsIn += recordsIn;
            t.Accepted += accepted;
            t.Rejected += rejected;
            t.UnknownFields += unknownFields;
            if (newestRecord is { } newest && (t.LastRecordAt is null || newest > t.LastRecordAt))
            {
                t.LastRecordAt = newest;
            }
        });

    public void Processed(string feedId, long duplicates, long rejected) =>
        Update(feedId, t =>
        {
            t.Duplicates += duplicates;
            t.Rejected += rejected;
        });

    /// <summary>
    /// Samples the Ingest loop's lag into the current minute of every feed this process ingests,
    /// forgets written minutes that can no longer change, and returns the minutes changed since the last call.
    /// </summary>
    public IReadOnlyList<FeedHealthMinute> TakeChanged()
    {
        if (worker.Value.Roles.HasFlag(WorkerRoles.Ingest))
        {
            foreach (var feed in feeds.Feeds)
            {
                if (KafkaConsumerLoop.OwnedLag("ingest", feed.RawTopic(topics)) is { } lag)
                {
                    Update(feed.Id, t => t.ConsumerLag = lag);
                }
            }
        }
        lock (_gate)
        {
            // Minutes two behind get no more records; keep them only until written.
            var current = PipelineStore.Minute(time.GetUtcNow());
            foreach (var stale in _minutes.Keys.Where(k => k.Minute < current.AddMinutes(-2) && !_dirty.Contains(k)).ToList())
            {
                _minutes.Remove(stale);
            }
            var changed = _dirty.Select(k => _minutes[k].ToMinute(k.Feed, k.Minute)).ToList();
            _dirty.Clear();
            return changed;
        }
    }

    /// <summary>Marks every remembered minute changed again, after a flush that failed.</summary>
    public void Requeue(IReadOnlyList<FeedHealthMinute> minutes)
    {
        lock (_gate)
        {
            foreach (var m in minutes)
            {
                if (_minutes.ContainsKey((m.FeedId, m.Minute)))
                {
                    _dirty.Add((m.FeedId, m.Minute));
                }
            }
        }
    }

    private void Update(string feedId, Action<Totals> change)
    {
        var key = (feedId, PipelineStore.Minute(time.GetUtcNow()));
        lock (_gate)
        {
            if (!_minutes.TryGetValue(key, out var totals))
            {
                totals = new Totals();
                _minutes[key] = totals;
            }
            change(totals);
            _dirty.Add(key);
        }
    }

    private sealed class Totals
    {
        public long RecordsIn { get; set; }

        public long Accepted { get; set; }

        public long Rejected { get; set; }

        public long Duplicates { get; set; }

        public long UnknownFields { get; set; }

        public DateTimeOffset? LastRecordAt { get; set; }

        public long? ConsumerLag { get; set; }

        public FeedHealthMinute ToMinute(string feedId, DateTimeOffset minute) =>
            new(feedId, minute, RecordsIn, Accepted, Rejected, Duplicates, UnknownFields, LastRecordAt, ConsumerLag);
    }
}

/// <summary>
/// Writes <see cref="FeedHealthRecorder"/>'s changed minutes to the store every
/// <see cref="FeedHealthOptions.FlushInterval"/> and once more on shutdown, and purges minutes past
/// the retention. A failed write is logged and retried at the next tick: health never stops the pipeline.
/// </summary>
internal sealed class FeedHealthFlusher(
    FeedHealthRecorder recorder,
    PipelineStore store,
    IOptions<FeedHealthOptions> options,
    TimeProvider time,
    ILogger<FeedHealthFlusher> logger) : BackgroundService
{
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what changed since the last flush; public for tests and shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var changed = recorder.TakeChanged();
        try
        {
            await store.WriteFeedHealthAsync(recorder.Reporter, changed, cancellationToken);
            var now = time.GetUtcNow();
            if (now - _lastPurge > TimeSpan.FromHours(1))
            {
                await store.PurgeFeedHealthAsync(now - options.Value.Retention, cancellationToken);
                _lastPurge = now;
            }
        }
#pragma warning disable CA1031 // Health bookkeeping must never stop the worker; the next tick retries.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            recorder.Requeue(changed);
            WorkerLog.FeedHealthFlushFailed(logger, e, changed.Count);
        }
    }
}
