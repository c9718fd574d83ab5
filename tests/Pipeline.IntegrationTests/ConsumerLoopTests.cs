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

        // While no consumer runs, 2 MB records push the unread head of the partition out.
        for (var i = 0; i < 4; i++)
        {
            await producer.PublishAsync(new OutgoingMessage(topic, null, new byte[2 * 1024 * 1024]), ct);
        }
        await producer.PublishAsync(new OutgoingMessage(topic, null, [42]), ct);

        using var gaps = new MetricProbe("pipeline.kafka.offset_gap.messages");
        var secondRun = new RecordingHandler();
        await RunUntilAsync(options, group, topic, secondRun, () => secondRun.Offsets.Contains(9));
        var firstSeen = secondRun.Offsets.Min();
        Assert.True(firstSeen > 5, $"the broker should have dropped offsets 5..; first seen {firstSeen}");
        Assert.Equal(firstSeen - 5, gaps.Total);
    }

    private static async Task RunUntilAsync(KafkaOptions options, string group, string topic, RecordingHandler handler, Func<bool> done)
    {
        var loop = new KafkaConsumerLoop(
            new ConsumerLoopSettings("gap-test", group, [topic]),
            options.BootstrapServers!,
            options,
            handler,
            new ConsumerHeartbeats(),
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
}
