using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ConsumerLoopTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task AnOffsetGapLeftByRetentionIsCountedAsAnErrorNotSkippedSilently()
    {
        // Retention can only be forced on the development broker (about 5 MB per partition).
        Assert.SkipWhen(kafka.IsRealCluster, "needs the development broker's small retention");
        var topic = $"gap.{Guid.NewGuid():N}";
        kafka.Broker!.CreateTopic(topic, 1, 1);
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers, MaxBatchWait = TimeSpan.FromMilliseconds(20) };
        using var producer = new KafkaProducer(options, kafka.BootstrapServers, "gap-test");
        var ct = TestContext.Current.CancellationToken;
        await producer.PublishAllAsync([.. Enumerable.Range(0, 5).Select(i => new OutgoingMessage(topic, null, [(byte)i]))], ct);

        var group = $"gap-group.{Guid.NewGuid():N}";
        var firstRun = new RecordingHandler();
        await RunUntilAsync(options, group, topic, firstRun, () => firstRun.Offsets.Count == 5);
        Assert.Equal([0L, 1, 2, 3, 4], firstRun.Offsets.Order());

        // While no consumer runs, 2 MB records push the unread head of the partition out. Random
        // bytes: the producer compresses (lz4), and 2 MB of zeros would take a few kilobytes.
        var random = new Random(20261122);
        for (var i = 0; i < 4; i++)
        {
            var payload = new byte[2 * 1024 * 1024];
            random.NextBytes(payload);
            await producer.PublishAsync(new OutgoingMessage(topic, null, payload), ct);
        }
        await producer.PublishAsync(new OutgoingMessage(topic, null, [42]), ct);

        using var gaps = new MetricProbe("pipeline.kafka.offset_gap.messages");
        var secondRun = new RecordingHandler();
        await RunUntilAsync(options, group, topic, secondRun, () => secondRun.Offsets.Contains(9));
        var firstSeen = secondRun.Offsets.Min();
        Assert.True(firstSeen > 5, $"the broker should have dropped offsets 5..; first seen {firstSeen}");
        Assert.Equal(firstSeen - 5, gaps.Total);
    }

    [Fact]
    public async Task AFailingBatchIsRetriedWithBackoffWhileHealthSaysDegradedAndNothingIsSkipped()
    {
        var topic = $"retry.{Guid.NewGuid():N}";
        kafka.CreateTopics([topic], 2);
        var options = new KafkaOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            MinBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        using var producer = new KafkaProducer(options, kafka.BootstrapServers, "retry-test");
        await producer.PublishAllAsync([.. Enumerable.Range(0, 20).Select(i => new OutgoingMessage(topic, [(byte)(i % 2)], [(byte)i]))], TestContext.Current.CancellationToken);

        // The store is "down" for the first four attempts.
        var handler = new FlakyHandler(failures: 4);
        using var retries = new MetricProbe("pipeline.kafka.batch.retries");
        var heartbeats = new ConsumerHeartbeats();
        var states = new ConcurrentBag<ConsumerState>();
        handler.OnAttempt = () => states.Add(heartbeats.All.Single().State);
        await RunUntilAsync(options, $"retry-group.{Guid.NewGuid():N}", topic, handler, () => handler.Offsets.Count == 20, heartbeats);

        Assert.Equal(20, handler.Offsets.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i).Order(), handler.Values.Order());
        Assert.Equal(4, retries.Total);
        Assert.Contains(ConsumerState.Degraded, states);
        Assert.Equal(ConsumerState.Stopped, heartbeats.All.Single().State);
    }

    [Fact]
    public async Task ALoopWhoseFailingBatchWasTakenAwayByARebalanceResumesItsNewPartitions()
    {
        var topic = $"rebalance-retry.{Guid.NewGuid():N}";
        kafka.CreateTopics([topic], 2);
        var options = new KafkaOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            MinBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(300),
        };
        var ct = TestContext.Current.CancellationToken;
        using var producer = new KafkaProducer(options, kafka.BootstrapServers, "rebalance-retry-test");
        await producer.PublishAllAsync([.. Enumerable.Range(0, 10).Select(i => new OutgoingMessage(topic, null, [(byte)i], Partition: i % 2))], ct);

        // The first loop's store is down: its batch fails, and it pauses its partitions and retries.
        var group = $"rebalance-retry-group.{Guid.NewGuid():N}";
        var first = new FlakyHandler(failures: int.MaxValue);
        var firstBeats = new ConsumerHeartbeats();
        using var firstLoop = Loop(options, group, topic, first, firstBeats, "first");
        await firstLoop.StartAsync(ct);
        await Eventually.Until(() => Task.FromResult(firstBeats.All.Single().State == ConsumerState.Degraded), TimeSpan.FromSeconds(30), "the first loop to retry a failed batch");

        // A second member joins: the rebalance takes the failing batch's partitions from the first
        // loop (the new owners replay them) and gives it one partition back. The store recovers.
        var second = new FlakyHandler(failures: 0);
        using var secondLoop = Loop(options, group, topic, second, new ConsumerHeartbeats(), "second");
        await secondLoop.StartAsync(ct);
        await Eventually.Until(() => Task.FromResult(!second.Offsets.IsEmpty), TimeSpan.FromSeconds(60), "the second loop to own a partition");
        first.Recover();
        await producer.PublishAllAsync([.. Enumerable.Range(10, 10).Select(i => new OutgoingMessage(topic, null, [(byte)i], Partition: i % 2))], ct);

        // The first loop's new partition must not stay paused: both partitions' new records are handled.
        try
        {
            await Eventually.Until(() => Task.FromResult(first.Values.Concat(second.Values).Distinct().Count(v => v >= 10) == 10), TimeSpan.FromSeconds(30), "every new record handled");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"first: [{string.Join(",", first.Values.Order())}] {firstBeats.All.Single().State} {firstBeats.All.Single().AssignedPartitions}; second: [{string.Join(",", second.Values.Order())}]");
        }
        Assert.Contains(first.Values, v => v >= 10);
        Assert.Equal(ConsumerState.Running, firstBeats.All.Single().State);
        await secondLoop.StopAsync(CancellationToken.None);
        await firstLoop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnOverlappedBatchStoresItsOffsetsOnlyOnceAcknowledgedWhileTheNextBatchIsHandled()
    {
        var (options, topic, group) = await OverlapSetupAsync("overlap");
        var handler = new AcknowledgingHandler();
        using var loop = Loop(options, group, topic, handler, new ConsumerHeartbeats(), "overlap");
        await loop.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The second batch is handled while the first waits for its acknowledgements, and no
            // offset is stored for either.
            await Eventually.Until(() => Task.FromResult(handler.Batches.Count == 2), TimeSpan.FromSeconds(30), "the second batch to be handled");
            Assert.Equal([[0L, 1, 2, 3, 4], [5L, 6, 7, 8, 9]], handler.Batches);
            Assert.Empty(KafkaConsumerLoop.HandledOffsets("overlap", topic));

            handler.Acknowledge(0);
            await Eventually.Until(() => Task.FromResult(KafkaConsumerLoop.HandledOffsets("overlap", topic).GetValueOrDefault(0) == 5), TimeSpan.FromSeconds(30), "the first batch's offsets");
            handler.Acknowledge(1);
            await Eventually.Until(() => Task.FromResult(KafkaConsumerLoop.HandledOffsets("overlap", topic).GetValueOrDefault(0) == 10), TimeSpan.FromSeconds(30), "the second batch's offsets");
            Assert.Equal(2, handler.Batches.Count);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AFailedAcknowledgementHandsItsBatchAndTheNextAgainAndNoOffsetIsStoredPastIt()
    {
        var (options, topic, group) = await OverlapSetupAsync("overlap-fail");
        var handler = new AcknowledgingHandler();
        using var retries = new MetricProbe("pipeline.kafka.batch.retries");
        using var loop = Loop(options, group, topic, handler, new ConsumerHeartbeats(), "overlap-fail");
        await loop.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Eventually.Until(() => Task.FromResult(handler.Batches.Count == 2), TimeSpan.FromSeconds(30), "the second batch to be handled");
            // The brokers refuse the first batch's messages: both batches are handled again, as one
            // batch in their order, and no offset was stored meanwhile.
            handler.Fail(0);
            await Eventually.Until(() => Task.FromResult(handler.Batches.Count == 3), TimeSpan.FromSeconds(30), "the batches to be handled again");
            Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9], handler.Batches[2]);
            Assert.Empty(KafkaConsumerLoop.HandledOffsets("overlap-fail", topic));
            Assert.Equal(1, retries.Total);

            handler.Acknowledge(1);
            handler.Acknowledge(2);
            await Eventually.Until(() => Task.FromResult(KafkaConsumerLoop.HandledOffsets("overlap-fail", topic).GetValueOrDefault(0) == 10), TimeSpan.FromSeconds(30), "every offset stored");
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    // Ten records on one partition, read in batches of five (the wait is long enough for a batch to fill).
    private async Task<(KafkaOptions Options, string Topic, string Group)> OverlapSetupAsync(string name)
    {
        var topic = $"{name}.{Guid.NewGuid():N}";
        kafka.CreateTopics([topic], 1);
        var options = new KafkaOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchSize = 5,
            MaxBatchWait = TimeSpan.FromSeconds(5),
            MinBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        using var producer = new KafkaProducer(options, kafka.BootstrapServers, $"{name}-test");
        await producer.PublishAllAsync([.. Enumerable.Range(0, 10).Select(i => new OutgoingMessage(topic, null, [(byte)i]))], TestContext.Current.CancellationToken);
        return (options, topic, $"{name}-group.{Guid.NewGuid():N}");
    }

    private static KafkaConsumerLoop Loop(KafkaOptions options, string group, string topic, IBatchHandler handler, ConsumerHeartbeats heartbeats, string name) =>
        new(new ConsumerLoopSettings(name, group, [topic]), options.BootstrapServers!, options, handler, heartbeats, NoFaults.Instance, TimeProvider.System, NullLogger<KafkaConsumerLoop>.Instance);

    private static async Task RunUntilAsync(KafkaOptions options, string group, string topic, IBatchHandler handler, Func<bool> done, ConsumerHeartbeats? heartbeats = null)
    {
        var loop = new KafkaConsumerLoop(
            new ConsumerLoopSettings("gap-test", group, [topic]),
            options.BootstrapServers!,
            options,
            handler,
            heartbeats ?? new ConsumerHeartbeats(),
            NoFaults.Instance,
            TimeProvider.System,
            NullLogger<KafkaConsumerLoop>.Instance);
        await loop.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Eventually.Until(() => Task.FromResult(done()), TimeSpan.FromSeconds(60), "the loop to consume the topic");
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
            loop.Dispose();
        }
    }

    private sealed class RecordingHandler : IBatchHandler
    {
        public ConcurrentBag<long> Offsets { get; } = [];

        public Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
        {
            foreach (var record in batch)
            {
                Offsets.Add(record.Offset.Value);
            }
            return Task.CompletedTask;
        }
    }

    // Each batch's acknowledgements arrive when the test says so.
    private sealed class AcknowledgingHandler : IOverlappingBatchHandler
    {
        private readonly List<TaskCompletionSource> _acknowledgements = [];

        public List<long[]> Batches { get; } = [];

        public Task<Task> HandleOverlappingAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
        {
            var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Batches)
            {
                Batches.Add([.. batch.Select(r => r.Offset.Value)]);
                _acknowledgements.Add(acknowledged);
            }
            return Task.FromResult(acknowledged.Task);
        }

        public async Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken) =>
            await await HandleOverlappingAsync(batch, cancellationToken);

        public void Acknowledge(int batch) => Acknowledgement(batch).SetResult();

        public void Fail(int batch) => Acknowledgement(batch).SetException(new ProduceException<byte[]?, byte[]>(new Error(ErrorCode.Local_MsgTimedOut), new DeliveryResult<byte[]?, byte[]>()));

        private TaskCompletionSource Acknowledgement(int batch)
        {
            lock (Batches)
            {
                return _acknowledgements[batch];
            }
        }
    }

    private sealed class FlakyHandler(int failures) : IBatchHandler
    {
        private int _failuresLeft = failures;

        public ConcurrentBag<long> Offsets { get; } = [];

        public ConcurrentBag<byte> Values { get; } = [];

        public Action? OnAttempt { get; set; }

        public void Recover() => Interlocked.Exchange(ref _failuresLeft, 0);

        public Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
        {
            OnAttempt?.Invoke();
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw new TimeoutException("database is locked");
            }
            foreach (var record in batch)
            {
                Offsets.Add(record.Offset.Value);
                Values.Add(record.Message.Value[0]);
            }
            return Task.CompletedTask;
        }
    }
}
