using Microsoft.Extensions.DependencyInjection;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class CrashSafetyTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task CrashAfterTheStoreCommitAndBeforeTheOffsetCommitReplaysWithoutDuplicatesOrGaps()
    {
        await using var context = new PipelineTestContext(kafka);
        const int count = 240;
        var records = Enumerable.Range(1, count)
            .Select(i => RawRecords.Cad($"C{i:D4}", i % 3 == 0 ? "BOMB THREAT" : "WELFARE CHECK", "2026-03-01T09:30:00", i % 5, 30 + (i * 0.05), -120 + (i * 0.05)))
            .ToList();
        await context.PublishAsync(RawRecords.CadFeed, records);

        // First worker: the Process loop "crashes" after its first batch is committed to the
        // store and before that batch's offsets are stored.
        var faults = new RecordingFaults(crashLoop: "process", crashAfterBatches: 1);
        var settings = new Dictionary<string, string?> { ["Kafka:MaxBatchSize"] = "40" };
        var first = await context.StartWorkerAsync(services => services.AddSingleton<IConsumerFaultInjector>(faults), settings);
        var process = PipelineTestContext.Loops(first).Single(l => l.Heartbeat.Name == "process");
        await Eventually.Until(() => Task.FromResult(process.Crashed), TimeSpan.FromSeconds(60), "the injected crash");
        var ct = TestContext.Current.CancellationToken;
        var atCrash = await context.Store.GetReportsAsync(ct);
        Assert.InRange(atCrash.Count, 1, 40);
        await first.StopAsync(ct);

        // Second worker, same consumer groups: it replays the uncommitted batch, which changes nothing.
        using var redelivered = new MetricProbe("pipeline.reports.redelivered");
        await context.StartWorkerAsync(settings: settings);
        await context.WaitForReceiptsAsync(count, TimeSpan.FromSeconds(90));

        var reports = await context.Store.GetReportsAsync(ct);
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"demo-cad:C{i:D4}"), reports.Select(r => r.IdempotencyKey));
        var counts = await context.Store.GetCountsAsync(ct);
        Assert.Equal((count, (long)count, 0L), (counts.Reports, counts.Receipts, counts.Duplicates));
        Assert.True(redelivered.Total >= atCrash.Count, $"expected the crashed batch ({atCrash.Count} reports) to be redelivered, saw {redelivered.Total}");
        // The rows written before the crash are untouched by the replay.
        Assert.Equal(atCrash, reports.Where(r => atCrash.Any(a => a.IdempotencyKey == r.IdempotencyKey)));
        var alerts = await context.Store.GetAlertsAsync(ct);
        Assert.Equal(count / 3, alerts.Count);
        Assert.Equal(alerts.Count, alerts.Select(a => a.ReportKey).Distinct(StringComparer.Ordinal).Count());

        // The alerts topic is at least once: every stored alert is on it, and the replay published
        // the alerts of its redelivered records again (read back from the store), since the first
        // worker may have stopped before the brokers acknowledged them.
        var replayed = alerts.Where(a => atCrash.Any(r => r.IdempotencyKey == a.ReportKey)).Select(a => a.AlertId).ToList();
        Assert.NotEmpty(replayed);
        var published = await context.ReadAlertIdsAsync(alerts.Count + replayed.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(alerts.Select(a => a.AlertId).Order(StringComparer.Ordinal), published.Distinct().Order(StringComparer.Ordinal));
        Assert.All(replayed, id => Assert.True(published.Count(p => p == id) >= 2, $"alert {id} of a redelivered record was not published again"));
    }
}
