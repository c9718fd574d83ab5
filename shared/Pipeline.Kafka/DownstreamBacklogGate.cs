using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pipeline.Kafka;

/// <summary>
/// Tells a consumer loop to hold consumption for a while. The loop pauses its partitions while
/// <see cref="HoldReason"/> is set (still polling, so it keeps its group membership) and resumes
/// when it clears; the batch in hand is still finished.
/// </summary>
public interface IConsumeGate
{
    /// <summary>Why the loop must hold now, or null when it may consume.</summary>
    string? HoldReason { get; }
}

/// <summary>
/// Back-pressure between two stages joined by a topic: holds the upstream loop while any
/// partition of <see cref="Topic"/> has more than <see cref="Limit"/> records that the
/// downstream consumer group has not committed yet, and releases it once every partition is back at
/// three quarters of the limit (with half, a backlog sitting in one hot partition drained before the
/// upstream stage was running again, and the downstream stage starved). It matters where a topic keeps less than the backlog could grow to: the
/// development broker keeps about 5 MB per partition and drops the oldest records beyond that
/// whether or not they were read, so an Ingest role that outruns Process would lose reports.
/// The backlog is measured on a thread of its own every <see cref="Interval"/>: the partition's
/// high watermark, asked of the broker each time, minus where the downstream stage stands. For a
/// partition the downstream stage consumes in this process that is the offset after its last
/// durably handled batch; elsewhere the group's committed offset, which trails it by up to the
/// commit interval and so held the upstream stage while the downstream one had nothing left to do.
/// A failed measurement keeps the last decision.
/// </summary>
public sealed partial class DownstreamBacklogGate : IConsumeGate, IDisposable
{
    private readonly IConsumer<byte[]?, byte[]> _probe;
    private readonly IAdminClient _admin;
    private readonly ILogger _logger;
    private readonly Func<IReadOnlyDictionary<int, long>> _handledOffsets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _measuring;
    private volatile string? _holdReason;

    /// <summary>Starts measuring the backlog of <paramref name="downstreamGroup"/> on <paramref name="topic"/>.</summary>
    /// <param name="options">Kafka settings.</param>
    /// <param name="bootstrapServers">The cluster.</param>
    /// <param name="topic">The topic between the stages.</param>
    /// <param name="downstreamGroup">The downstream stage's consumer group.</param>
    /// <param name="limit">Records per partition above which the upstream stage holds.</param>
    /// <param name="interval">How often to measure.</param>
    /// <param name="logger">Log.</param>
    /// <param name="handledOffsets">By partition, the offset after the last durably handled record of a downstream consumer in this process (none when null).</param>
    public DownstreamBacklogGate(KafkaOptions options, string bootstrapServers, string topic, string downstreamGroup, int limit, TimeSpan interval, ILogger logger, Func<IReadOnlyDictionary<int, long>>? handledOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Topic = topic;
        DownstreamGroup = downstreamGroup;
        Limit = limit;
        Interval = interval;
        _logger = logger;
        _handledOffsets = handledOffsets ?? (() => new Dictionary<int, long>());
        // A consumer of the downstream group that never subscribes: it reads the group's committed
        // offsets and the partitions' watermarks without joining the group.
        _probe = new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Consumer(options, bootstrapServers, downstreamGroup, $"{downstreamGroup}-backlog-probe-{Environment.ProcessId}"))
            .SetErrorHandler((_, _) => { })
            .Build();
        _admin = new AdminClientBuilder(new AdminClientConfig(options.ClientProperties) { BootstrapServers = bootstrapServers }).Build();
        _measuring = Task.Factory.StartNew(MeasureUntilStopped, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The topic between the two stages.</summary>
    public string Topic { get; }

    /// <summary>The consumer group of the downstream stage.</summary>
    public string DownstreamGroup { get; }

    /// <summary>Uncommitted records per partition above which the upstream stage holds.</summary>
    public int Limit { get; }

    /// <summary>How often the backlog is measured.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public string? HoldReason => _holdReason;

    /// <summary>Measures once now and updates the decision; returns the largest partition backlog.</summary>
    public long Measure()
    {
        var metadata = _admin.GetMetadata(Topic, TimeSpan.FromSeconds(5));
        var partitions = metadata.Topics.SingleOrDefault(t => t.Topic == Topic)?.Partitions
            .Select(p => new TopicPartition(Topic, p.PartitionId)).ToList() ?? [];
        if (partitions.Count == 0)
        {
            return 0;
        }
        var handled = _handledOffsets();
        var others = partitions.Where(tp => !handled.ContainsKey(tp.Partition.Value)).ToList();
        var committed = others.Count == 0 ? [] : _probe.Committed(others, TimeSpan.FromSeconds(5)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        long largest = 0;
        var largestPartition = -1;
        foreach (var tp in partitions)
        {
            var watermarks = _probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5));
            var start = handled.TryGetValue(tp.Partition.Value, out var local) ? local
                : committed.TryGetValue(tp, out var offset) && offset >= 0 ? offset
                : watermarks.Low.Value;
            var backlog = Math.Max(0, watermarks.High.Value - start);
            if (backlog > largest)
            {
                largest = backlog;
                largestPartition = tp.Partition.Value;
            }
        }
        var holding = _holdReason is not null;
        if (!holding && largest > Limit)
        {
            _holdReason = $"{DownstreamGroup} is {largest:N0} records behind on {Topic}[{largestPartition}] (limit {Limit:N0})";
            Holding(_logger, DownstreamGroup, largest, Topic, largestPartition, Limit);
        }
        else if (holding && largest <= Limit * 3L / 4)
        {
            _holdReason = null;
            Released(_logger, DownstreamGroup, largest, Topic);
        }
        return largest;
    }

    private void MeasureUntilStopped()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Measure();
            }
#pragma warning disable CA1031 // The measuring thread must outlive any failure: a thread that died would freeze the decision.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (!_stop.IsCancellationRequested)
                {
                    MeasureFailed(_logger, Topic, e is KafkaException kafka ? kafka.Error.Code.ToString() : e.GetType().Name);
                }
            }
            _stop.Token.WaitHandle.WaitOne(Interval);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        // The clients are released only once the measuring thread has left them (each request
        // it makes gives up within 5 s).
        _measuring.Wait();
        _probe.Close();
        _probe.Dispose();
        _admin.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Holding upstream consumption: group {Group} is {Backlog} records behind on {Topic}[{Partition}] (limit {Limit})")]
    private static partial void Holding(ILogger logger, string group, long backlog, string topic, int partition, int limit);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Resuming upstream consumption: group {Group} is at most {Backlog} records behind on {Topic}")]
    private static partial void Released(ILogger logger, string group, long backlog, string topic);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "Could not measure the backlog on {Topic} ({Code}); keeping the last decision")]
    private static partial void MeasureFailed(ILogger logger, string topic, string code);
}
