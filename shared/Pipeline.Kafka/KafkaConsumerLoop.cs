using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Kafka;

/// <summary>Identity of one consumer loop.</summary>
/// <param name="Name">Short name used in logs, metrics and health ("ingest", "process").</param>
/// <param name="GroupId">Consumer group.</param>
/// <param name="Topics">Topics to subscribe to.</param>
public sealed record ConsumerLoopSettings(string Name, string GroupId, IReadOnlyList<string> Topics);

/// <summary>
/// The one consumer loop every role uses. It consumes on a dedicated thread, gathers records
/// into batches, hands each batch to an <see cref="IBatchHandler"/>, and stores the batch's
/// offsets only after the handler returns (effects durable); stored offsets are committed in
/// the background and on close. A failing batch pauses the owned partitions and is retried with
/// capped exponential backoff while the loop keeps its group membership; it is never skipped.
/// Offsets that jump (retention passed the group by) are counted and logged as errors.
/// An optional <see cref="IConsumeGate"/> holds consumption (partitions paused, group kept)
/// while a downstream stage catches up. On stop the batch in hand is drained within a bounded time and the consumer is closed cleanly.
/// </summary>
public sealed class KafkaConsumerLoop : BackgroundService
{
    private static readonly Counter<long> Consumed = KafkaMetrics.Meter.CreateCounter<long>(
        "pipeline.kafka.messages.consumed", unit: "{message}", description: "Messages consumed, by loop and topic.");
    private static readonly Counter<long> OffsetGaps = KafkaMetrics.Meter.CreateCounter<long>(
        "pipeline.kafka.offset_gap.messages", unit: "{message}", description: "Messages skipped by an offset gap (never consumed): an error.");
    private static readonly Counter<long> BatchRetries = KafkaMetrics.Meter.CreateCounter<long>(
        "pipeline.kafka.batch.retries", unit: "{retry}", description: "Batches retried after a handler failure, by loop.");
    private static readonly ConcurrentDictionary<(string Loop, string Topic, int Partition), long> Lags = new();
    private static readonly ConcurrentDictionary<(string Loop, string Topic, int Partition), long> HandledPositions = new();
    private static readonly ObservableGauge<long> Lag = KafkaMetrics.Meter.CreateObservableGauge(
        "pipeline.kafka.consumer.lag", ObserveLag, unit: "{message}", description: "High watermark minus position, per owned partition.");

    private readonly ConsumerLoopSettings _settings;
    private readonly ConsumerConfig _config;
    private readonly IBatchHandler _handler;
    private readonly KafkaOptions _options;
    private readonly IConsumerFaultInjector _faults;
    private readonly TimeProvider _time;
    private readonly IConsumeGate? _gate;
    private readonly ILogger _logger;
    private readonly List<ConsumeResult<byte[]?, byte[]>> _pending = [];
    private readonly Dictionary<TopicPartition, long> _nextExpected = [];
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(15);
    private IConsumer<byte[]?, byte[]>? _consumer;
    private CancellationToken _handlerToken;
    private bool _paused;
    private bool _held;
    private bool _newlyAssigned;

    /// <summary>Creates the loop; it starts consuming when the host starts it.</summary>
    public KafkaConsumerLoop(
        ConsumerLoopSettings settings,
        string bootstrapServers,
        KafkaOptions options,
        IBatchHandler handler,
        ConsumerHeartbeats heartbeats,
        IConsumerFaultInjector faults,
        TimeProvider time,
        ILogger<KafkaConsumerLoop> logger,
        IConsumeGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(heartbeats);
        _settings = settings;
        _options = options;
        _handler = handler;
        _faults = faults;
        _time = time;
        _logger = logger;
        _gate = gate;
        _config = KafkaClientConfig.Consumer(options, bootstrapServers, settings.GroupId, $"{settings.GroupId}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Heartbeat = new ConsumerHeartbeat(settings.Name, time);
        heartbeats.Register(Heartbeat);
    }

    /// <summary>This loop's heartbeat.</summary>
    public ConsumerHeartbeat Heartbeat { get; }

    /// <summary>Set when the loop ended because the fault injector simulated a crash.</summary>
    public bool Crashed { get; private set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stopping)
    {
        using var hardStop = new CancellationTokenSource();
        using var onStop = stopping.Register(() => hardStop.CancelAfter(_drainTimeout));
        _handlerToken = hardStop.Token;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(_config)
            .SetPartitionsAssignedHandler((c, partitions) => OnAssigned(c, partitions))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions))
            .SetPartitionsLostHandler((c, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => ConsumerLoopLog.KafkaError(_logger, _settings.Name, error.Code.ToString(), error.Reason))
            .Build();
        _consumer = consumer;
        consumer.Subscribe(_settings.Topics);
        ConsumerLoopLog.Subscribed(_logger, _settings.Name, new TopicList(_settings.Topics), _settings.GroupId);
        Heartbeat.Running();
        try
        {
            ConsumeUntilStopped(consumer, stopping);
            DrainPending();
            consumer.Close();
            ConsumerLoopLog.Closed(_logger, _settings.Name);
        }
        catch (InjectedCrashException)
        {
            Crashed = true;
            ConsumerLoopLog.FaultInjected(_logger, _settings.Name);
        }
        finally
        {
            foreach (var key in Lags.Keys.Where(k => k.Loop == _settings.Name))
            {
                Lags.TryRemove(key, out _);
            }
            foreach (var key in HandledPositions.Keys.Where(k => k.Loop == _settings.Name))
            {
                HandledPositions.TryRemove(key, out _);
            }
            Heartbeat.Stopped();
            _consumer = null;
        }
    }

    // Bounded drain: finish the batch in hand so that its offsets are committed on close. If it
    // cannot finish in time, its records are redelivered to the next owner, which changes nothing.
    private void DrainPending()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        try
        {
            HandlePendingOnce();
        }
        catch (Exception e) when (e is not InjectedCrashException)
        {
            ConsumerLoopLog.DrainFailed(_logger, e, _settings.Name, _pending.Count);
            _pending.Clear();
        }
    }

    private void ConsumeUntilStopped(IConsumer<byte[]?, byte[]> consumer, CancellationToken stopping)
    {
        var batchDeadline = DateTimeOffset.MaxValue;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            Heartbeat.Beat();
            try
            {
                FollowGate(consumer);
                var now = _time.GetUtcNow();
                var wait = _pending.Count == 0 ? TimeSpan.FromMilliseconds(100) : Clamp(batchDeadline - now);
                var record = consumer.Consume(wait);
                if (record is not null)
                {
                    if (_pending.Count == 0)
                    {
                        batchDeadline = _time.GetUtcNow() + _options.MaxBatchWait;
                    }
                    // Into the batch first: nothing after Consume may lose a record.
                    _pending.Add(record);
                    Track(record);
                }
                if (_pending.Count > 0 && (_pending.Count >= _options.MaxBatchSize || _time.GetUtcNow() >= batchDeadline))
                {
                    HandlePendingWithRetry(consumer, stopping);
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (InjectedCrashException)
            {
                throw;
            }
#pragma warning disable CA1031 // The loop must outlive any failure outside a batch; it backs off and goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                var delay = Backoff(failures);
                ConsumerLoopLog.LoopFailed(_logger, e, _settings.Name, (long)delay.TotalMilliseconds);
                stopping.WaitHandle.WaitOne(delay);
            }
        }
    }

    // Pause or resume the owned partitions when the gate's decision changes. A failed batch's
    // pause outlasts a release: the partitions resume only when both let them.
    private void FollowGate(IConsumer<byte[]?, byte[]> consumer)
    {
        var reason = _gate?.HoldReason;
        var hold = reason is not null;
        PauseNewlyAssigned(consumer);
        if (hold == _held)
        {
            return;
        }
        _held = hold;
        Heartbeat.SetHoldReason(reason);
        if (hold)
        {
            consumer.Pause(consumer.Assignment);
        }
        else if (!_paused)
        {
            consumer.Resume(consumer.Assignment);
        }
    }

    // Partitions assigned by a rebalance are set to what the loop wants now: paused while a batch
    // is retried or the gate holds, otherwise resumed, because librdkafka keeps a partition's
    // pause from an earlier assignment (a loop that paused, lost its partitions in a rebalance and
    // got one back would never read it again). Done here, on the loop's thread, never inside the
    // rebalance callback (an exception there ends the process).
    private void PauseNewlyAssigned(IConsumer<byte[]?, byte[]> consumer)
    {
        if (!_newlyAssigned)
        {
            return;
        }
        _newlyAssigned = false;
        if (_paused || _held)
        {
            consumer.Pause(consumer.Assignment);
        }
        else
        {
            consumer.Resume(consumer.Assignment);
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait;

    private void HandlePendingWithRetry(IConsumer<byte[]?, byte[]> consumer, CancellationToken stopping)
    {
        var attempt = 0;
        while (_pending.Count > 0)
        {
            attempt++;
            try
            {
                HandlePendingOnce();
                break;
            }
            catch (Exception e) when (e is not InjectedCrashException && !(e is OperationCanceledException && _handlerToken.IsCancellationRequested))
            {
                BatchRetries.Add(1, new KeyValuePair<string, object?>("loop", _settings.Name));
                var delay = Backoff(attempt);
                ConsumerLoopLog.BatchFailed(_logger, e, _settings.Name, _pending.Count, attempt, (long)delay.TotalMilliseconds);
                Heartbeat.Degraded(e.GetType().Name + ": " + e.Message);
                if (!_paused)
                {
                    consumer.Pause(consumer.Assignment);
                    _paused = true;
                }
                ServiceGroupFor(consumer, delay, stopping);
                stopping.ThrowIfCancellationRequested();
            }
        }
        // The batch succeeded, or a rebalance while waiting took its partitions (their new owner
        // replays them): either way the failure is over, and the partitions must not stay paused.
        if (_paused)
        {
            if (!_held)
            {
                consumer.Resume(consumer.Assignment);
            }
            _paused = false;
            ConsumerLoopLog.BatchRecovered(_logger, _settings.Name, attempt);
        }
        Heartbeat.Running();
    }

    // While a batch waits to be retried, keep polling so that the group keeps this member and
    // rebalance callbacks run; the partitions are paused, so no new records arrive from them.
    private void ServiceGroupFor(IConsumer<byte[]?, byte[]> consumer, TimeSpan delay, CancellationToken stopping)
    {
        var until = _time.GetUtcNow() + delay;
        while (!stopping.IsCancellationRequested && _time.GetUtcNow() < until)
        {
            var record = consumer.Consume(Clamp(until - _time.GetUtcNow()));
            PauseNewlyAssigned(consumer);
            if (record is not null)
            {
                // Records fetched just before the pause took effect join the batch in hand.
                _pending.Add(record);
                Track(record);
            }
            Heartbeat.Beat();
        }
    }

    private void HandlePendingOnce()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var batch = _pending.ToArray();
        _handler.HandleAsync(batch, _handlerToken).GetAwaiter().GetResult();
        _faults.AfterEffectsBeforeOffsets(_settings.Name, batch);
        StoreOffsets(batch);
        _pending.Clear();
        UpdateLag();
    }

    private void StoreOffsets(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch)
    {
        var consumer = _consumer!;
        var last = new Dictionary<TopicPartition, ConsumeResult<byte[]?, byte[]>>();
        foreach (var record in batch)
        {
            last[record.TopicPartition] = record;
        }
        foreach (var record in last.Values)
        {
            HandledPositions[(_settings.Name, record.Topic, record.Partition.Value)] = record.Offset.Value + 1;
            try
            {
                consumer.StoreOffset(record);
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
            {
                // The partition was revoked meanwhile: its new owner replays from the committed
                // offset, and replays change nothing.
            }
        }
    }

    private void Track(ConsumeResult<byte[]?, byte[]> record)
    {
        Consumed.Add(1, new KeyValuePair<string, object?>("loop", _settings.Name), new KeyValuePair<string, object?>("topic", record.Topic));
        var tp = record.TopicPartition;
        var offset = record.Offset.Value;
        if (!_nextExpected.TryGetValue(tp, out var expected))
        {
            // First record since assignment: compare with the group's committed position. The record
            // is already consumed, so a failed lookup must not lose it: it only skips this check.
            expected = offset;
            try
            {
                var committed = _consumer!.Committed([tp], TimeSpan.FromSeconds(5)).FirstOrDefault()?.Offset ?? Offset.Unset;
                if (committed.Value >= 0)
                {
                    expected = committed.Value;
                }
            }
            catch (KafkaException e)
            {
                ConsumerLoopLog.KafkaError(_logger, _settings.Name, e.Error.Code.ToString(), "committed-offset lookup for the gap check failed: " + e.Error.Reason);
            }
        }
        if (offset > expected)
        {
            var missing = offset - expected;
            OffsetGaps.Add(missing, new KeyValuePair<string, object?>("loop", _settings.Name), new KeyValuePair<string, object?>("topic", record.Topic), new KeyValuePair<string, object?>("partition", record.Partition.Value));
            ConsumerLoopLog.OffsetGap(_logger, _settings.Name, record.Topic, record.Partition.Value, expected, offset, missing);
        }
        _nextExpected[tp] = offset + 1;
    }

    private void UpdateLag()
    {
        var consumer = _consumer!;
        foreach (var tp in consumer.Assignment)
        {
            var watermarks = consumer.GetWatermarkOffsets(tp);
            var position = consumer.Position(tp);
            if (watermarks.High.Value >= 0 && position.Value >= 0)
            {
                Lags[(_settings.Name, tp.Topic, tp.Partition.Value)] = Math.Max(0, watermarks.High.Value - position.Value);
            }
        }
    }

    private void OnAssigned(IConsumer<byte[]?, byte[]> consumer, List<TopicPartition> partitions)
    {
        ConsumerLoopLog.Assigned(_logger, _settings.Name, new PartitionList(partitions));
        foreach (var tp in partitions)
        {
            _nextExpected.Remove(tp);
        }
        // Stay paused until the failing batch succeeds or the gate releases: new partitions are
        // paused by the loop right after this callback returns.
        _newlyAssigned = true;
        Heartbeat.SetAssigned(partitions.Count);
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        ConsumerLoopLog.Revoked(_logger, _settings.Name, new PartitionList(partitions.Select(p => p.TopicPartition)));
        var revoked = partitions.Select(p => p.TopicPartition).ToHashSet();
        if (_pending.Any(r => revoked.Contains(r.TopicPartition)))
        {
            try
            {
                // Finish the work in hand before the partitions move, so the new owner starts after it.
                HandlePendingOnce();
                consumer.Commit();
            }
            catch (Exception e) when (e is not InjectedCrashException)
            {
                // Could not finish: the new owner replays these records from the committed offset.
                _pending.RemoveAll(r => revoked.Contains(r.TopicPartition));
                ConsumerLoopLog.BatchFailed(_logger, e, _settings.Name, _pending.Count, 1, 0);
            }
        }
        Forget(revoked);
        Heartbeat.SetAssigned(Math.Max(0, consumer.Assignment.Count - revoked.Count));
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        ConsumerLoopLog.Lost(_logger, _settings.Name, new PartitionList(partitions.Select(p => p.TopicPartition)));
        var lost = partitions.Select(p => p.TopicPartition).ToHashSet();
        _pending.RemoveAll(r => lost.Contains(r.TopicPartition));
        Forget(lost);
    }

    private void Forget(HashSet<TopicPartition> partitions)
    {
        (_handler as IPartitionStateOwner)?.OnPartitionsReleased(partitions);
        foreach (var tp in partitions)
        {
            _nextExpected.Remove(tp);
            Lags.TryRemove((_settings.Name, tp.Topic, tp.Partition.Value), out _);
            HandledPositions.TryRemove((_settings.Name, tp.Topic, tp.Partition.Value), out _);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var millis = _options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(millis, _options.MaxBackoff.TotalMilliseconds));
    }

    /// <summary>
    /// The lag (high watermark minus position) summed over the partitions of <paramref name="topic"/>
    /// that the loop named <paramref name="loop"/> owns in this process, as of its last batch;
    /// null when it owns none of them.
    /// </summary>
    public static long? OwnedLag(string loop, string topic)
    {
        long? total = null;
        foreach (var entry in Lags)
        {
            if (entry.Key.Loop == loop && entry.Key.Topic == topic)
            {
                total = (total ?? 0) + entry.Value;
            }
        }
        return total;
    }

    /// <summary>
    /// For each partition of <paramref name="topic"/> that the loop named <paramref name="loop"/>
    /// owns in this process and has handled a batch of: the offset after the last record whose
    /// effects are durable (what the group will have committed shortly), by partition.
    /// </summary>
    public static IReadOnlyDictionary<int, long> HandledOffsets(string loop, string topic)
    {
        var offsets = new Dictionary<int, long>();
        foreach (var entry in HandledPositions)
        {
            if (entry.Key.Loop == loop && entry.Key.Topic == topic)
            {
                offsets[entry.Key.Partition] = entry.Value;
            }
        }
        return offsets;
    }

    private static IEnumerable<Measurement<long>> ObserveLag() =>
        Lags.Select(entry => new Measurement<long>(
            entry.Value,
            new KeyValuePair<string, object?>("loop", entry.Key.Loop),
            new KeyValuePair<string, object?>("topic", entry.Key.Topic),
            new KeyValuePair<string, object?>("partition", entry.Key.Partition)));
}

/// <summary>Formats partitions for a log line only when the line is written.</summary>
internal readonly record struct PartitionList(IEnumerable<TopicPartition> Partitions)
{
    public override string ToString() => string.Join(",", Partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}

/// <summary>Formats topics for a log line only when the line is written.</summary>
internal readonly record struct TopicList(IEnumerable<string> Topics)
{
    public override string ToString() => string.Join(",", Topics);
}
