using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Back-pressure between the roles (Kafka:ProcessBacklogLimit): the Ingest role must not run
/// further ahead of the Process group than the limit, because the development broker drops the
/// oldest records of a partition beyond about 5 MB whether or not they were read.
/// </summary>
[Collection(KafkaTests.Name)]
public sealed class BackpressureTests(KafkaClusterFixture kafka)
{
    private const int Limit = 30;
    private const int Records = 400;

    [Fact]
    public async Task IngestHoldsWhileTheProcessGroupIsBehindAndResumesWhenItCatchesUp()
    {
        await using var context = new PipelineTestContext(kafka);
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>
        {
            ["Worker:Roles"] = "Ingest",
            ["Kafka:ProcessBacklogLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kafka:MaxBatchSize"] = "10",
        };
        var ingest = await context.StartWorkerAsync(settings: settings);
        var ingestLoop = Assert.Single(PipelineTestContext.Loops(ingest));
        await context.PublishAsync(RawRecords.CadFeed, Calls(0, Records / 2));

        // No Process group yet: Ingest fills the normalized topic up to the limit and holds.
        await Eventually.Until(() => Task.FromResult(ingestLoop.Heartbeat.HoldReason is not null), TimeSpan.FromSeconds(30), "the Ingest loop holds");
        // The batch in hand when the hold began is still finished; after it nothing more goes out.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var atHold = NormalizedRecords(context);
        await context.PublishAsync(RawRecords.CadFeed, Calls(Records / 2, Records / 2));
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var afterWaiting = NormalizedRecords(context);
        Assert.Equal(atHold, afterWaiting);
        Assert.True(afterWaiting < Records, $"Ingest published {afterWaiting} of {Records} normalized reports while the Process group had read none");
        Assert.Contains("behind", ingestLoop.Heartbeat.HoldReason, StringComparison.Ordinal);

        // A Process worker of the same deployment catches up; Ingest resumes and everything arrives once.
        await context.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Worker:Roles"] = "Process" });
        await context.WaitForReceiptsAsync(Records, TimeSpan.FromSeconds(60));
        Assert.Equal(Records, NormalizedRecords(context));
        await Eventually.Until(() => Task.FromResult(ingestLoop.Heartbeat.HoldReason is null), TimeSpan.FromSeconds(30), "the Ingest loop resumes");
        Assert.Equal(Records, (await context.Store.GetCountsAsync(ct)).Receipts);
    }

    [Fact]
    public void TheGateMeasuresTheLargestUncommittedBacklogOfAnyPartition()
    {
        var topic = $"bp-gate-{Guid.NewGuid():N}";
        var group = $"bp-gate-group-{Guid.NewGuid():N}";
        kafka.CreateTopics([topic], 3);
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using (var producer = new ProducerBuilder<byte[]?, byte[]>(KafkaClientConfig.Producer(options, kafka.BootstrapServers, "bp-gate")).Build())
        {
            for (var i = 0; i < 50; i++)
            {
                producer.Produce(new TopicPartition(topic, i < 40 ? 0 : 1), new Message<byte[]?, byte[]> { Value = [1] });
            }
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        using var gate = new DownstreamBacklogGate(options, kafka.BootstrapServers, topic, group, limit: 20, TimeSpan.FromHours(1), NullLogger.Instance);

        Assert.Equal(40, gate.Measure());
        Assert.Contains($"{topic}[0]", gate.HoldReason, StringComparison.Ordinal);

        // The group commits 22 of partition 0: 18 behind, above three quarters of the limit, so still holding.
        Commit(options, topic, group, 22);
        Assert.Equal(18, gate.Measure());
        Assert.NotNull(gate.HoldReason);

        // 15 behind: at three quarters of the limit, released.
        Commit(options, topic, group, 25);
        Assert.Equal(15, gate.Measure());
        Assert.Null(gate.HoldReason);
    }

    private static IEnumerable<byte[]> Calls(int first, int count) => Enumerable.Range(first, count).Select(i =>
        RawRecords.Cad($"BP{i:D4}", "WELFARE CHECK", "2026-03-01T09:30:00", 3, 30 + (i % 20 * 0.5), -120 + (i / 20 * 0.5)));

    private void Commit(KafkaOptions options, string topic, string group, long offset)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Consumer(options, kafka.BootstrapServers, group, "bp-gate-committer")).Build();
        consumer.Commit([new TopicPartitionOffset(topic, 0, offset)]);
        consumer.Close();
    }

    private long NormalizedRecords(PipelineTestContext context)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "bp-watermarks" }).Build();
        return Enumerable.Range(0, PipelineTestContext.Partitions)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(context.Topics.NormalizedReports, p), TimeSpan.FromSeconds(5)).High.Value);
    }
}
