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
