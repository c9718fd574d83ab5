using Microsoft.Extensions.DependencyInjection;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ConsumerGroupTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task TwoWorkersInOneGroupSplitThePartitionsAndWriteEveryAlertExactlyOnce()
    {
        await using var context = new PipelineTestContext(kafka);
        var firstFaults = new RecordingFaults();
        var secondFaults = new RecordingFaults();
        var settings = new Dictionary<string, string?> { ["Kafka:MaxBatchSize"] = "50" };
        var first = await context.StartWorkerAsync(services => services.AddSingleton<IConsumerFaultInjector>(firstFaults), settings);
        var second = await context.StartWorkerAsync(services => services.AddSingleton<IConsumerFaultInjector>(secondFaults), settings);
        // Wait for the rebalance to settle: together the two own every partition, each some.
        await Eventually.Until(
            () => Task.FromResult(OwnedBy(first) > 0 && OwnedBy(second) > 0 && OwnedBy(first) + OwnedBy(second) == PipelineTestContext.Partitions),
            TimeSpan.FromSeconds(60),
            "both workers' Process consumers to own partitions");

        const int count = 400;
        // Spread over many geo cells so the reports land on every partition.
        var records = Enumerable.Range(1, count)
            .Select(i => RawRecords.Cad($"G{i:D4}", "BOMB THREAT", "2026-04-01T12:00:00", 1, 25 + (i % 40), -124 + (i / 40 * 2.0), notes: "ANON CALLER STATES BOMB IN LOBBY"))
            .ToList();
        await context.PublishAsync(RawRecords.CadFeed, records);
        await context.WaitForReceiptsAsync(count, TimeSpan.FromSeconds(90));
        // The fault seam runs just after each batch's store commit: wait for the last one.
        await Eventually.Until(
            () => Task.FromResult(firstFaults.Handled.Count(h => h.Loop == "process") + secondFaults.Handled.Count(h => h.Loop == "process") >= count),
            TimeSpan.FromSeconds(30),
            "every processed batch to pass the seam");

        var ct = TestContext.Current.CancellationToken;
        var alerts = await context.Store.GetAlertsAsync(ct);
        Assert.Equal(count, alerts.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"demo-cad:G{i:D4}"), alerts.Select(a => a.ReportKey).Order(StringComparer.Ordinal));
        Assert.Equal(count, alerts.Select(a => a.AlertId).Distinct(StringComparer.Ordinal).Count());
        var handledByFirst = firstFaults.Handled.Count(h => h.Loop == "process");
        var handledBySecond = secondFaults.Handled.Count(h => h.Loop == "process");
        Assert.True(handledByFirst > 0 && handledBySecond > 0, $"both workers must process reports: first {handledByFirst}, second {handledBySecond}");
        Assert.Equal(count, handledByFirst + handledBySecond);
        var partitionsOfFirst = firstFaults.Handled.Where(h => h.Loop == "process").Select(h => h.Partition.Partition.Value).ToHashSet();
        var partitionsOfSecond = secondFaults.Handled.Where(h => h.Loop == "process").Select(h => h.Partition.Partition.Value).ToHashSet();
        Assert.Empty(partitionsOfFirst.Intersect(partitionsOfSecond));
    }

    private static int OwnedBy(Microsoft.AspNetCore.Builder.WebApplication host) =>
        PipelineTestContext.Loops(host).Single(l => l.Heartbeat.Name == "process").Heartbeat.AssignedPartitions;
}
