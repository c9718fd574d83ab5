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
    public async Task TheDevelopmentBrokerKeepsTheDefaultBacklogOfRealNormalizedReportsWithRoomForTwoBatches()
    {
        // The default limit is safe only if a development broker's partition (about 5 MB) keeps
        // that many normalized reports, plus the batch Ingest finishes after the hold and a batch
        // Process has in hand, without dropping the oldest. Real reports from the demo stream,
        // geocoded in the demo area (so that they crowd its few cells' partitions as they do in a
        // backfill), compressed as the worker's producer compresses them.
        await using var context = new PipelineTestContext(kafka);
        var ct = TestContext.Current.CancellationToken;
        var batch = new KafkaOptions().MaxBatchSize;
        var margin = KafkaOptions.DevelopmentBrokerBacklogLimit + (2 * batch);
        var settings = new Dictionary<string, string?>(Pipeline.Cli.Demo.DemoArea.GeocodingSettings())
        {
            ["Worker:Roles"] = "Ingest",
            ["Kafka:ProcessBacklogLimit"] = margin.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var ingest = await context.StartWorkerAsync(settings: settings);
        var ingestLoop = Assert.Single(PipelineTestContext.Loops(ingest));
        var records = Pipeline.Cli.Demo.DemoStreamGenerator.Generate(36_000, seed: 7, DateTimeOffset.UtcNow, Pipeline.Cli.Demo.DemoArea.AddressesByStyle())
            .Where(r => r.Expectation == Pipeline.Cli.Demo.DemoExpectation.Valid)
            .Take(30_000)
            .ToList();
        foreach (var feed in records.GroupBy(r => r.FeedId))
        {
            await context.PublishAsync(feed.Key, feed.Select(r => r.Payload));
        }

        // No Process group: Ingest fills the normalized topic until its hottest partition passes
        // the margin, unless the broker drops a partition's oldest reports first (the gate, which
        // counts from the oldest kept, would then never see the margin passed).
        using var reader = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "bp-watermarks" }).Build();
        List<WatermarkOffsets> Partitions() => [.. Enumerable.Range(0, PipelineTestContext.Partitions)
            .Select(p => reader.QueryWatermarkOffsets(new TopicPartition(context.Topics.NormalizedReports, p), TimeSpan.FromSeconds(5)))];
        await Eventually.Until(
            () => Task.FromResult(ingestLoop.Heartbeat.HoldReason is not null || Partitions().Any(w => w.Low.Value > 0)),
            TimeSpan.FromSeconds(120),
            "the Ingest loop to hold");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var partitions = Partitions();
        // Nothing was dropped from any partition: every one still starts at offset 0.
        Assert.All(partitions, w => Assert.Equal(0, w.Low.Value));
        var hottest = partitions.Max(w => w.High.Value);
        Assert.True(hottest > margin, $"the hottest partition holds {hottest:N0} reports, not more than {margin:N0}");
        TestContext.Current.TestOutputHelper?.WriteLine($"normalized reports per partition: {string.Join(", ", partitions.Select(w => w.High.Value))} (margin {margin:N0})");
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
