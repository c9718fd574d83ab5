using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Dedup.Linking;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class IncidentRestartTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task ARestartMidStreamGivesTheSameIncidentsAsARunWithoutTheRestart()
    {
        // Reports with true duplicate groups across SAR and CAD feeds (the linker's labelled
        // generator), published to reports.normalized keyed by geo cell, as the Ingest role would.
        var reports = LabelledDataGenerator.Generate(seed: 11, new LabelledDataGeneratorOptions { Events = 120, Sites = 10 }).Reports
            .Select((r, i) => r.Report with { Origin = new RecordOrigin("gen.raw", 0, i) })
            .OrderBy(r => r.ReceivedAt).ThenBy(r => r.IdempotencyKey, StringComparer.Ordinal)
            .ToList();
        var settings = new Dictionary<string, string?> { ["Kafka:MaxBatchSize"] = "25" };

        var clean = await RunAsync(reports, settings, crash: false);
        var restarted = await RunAsync(reports, settings, crash: true);

        Assert.True(clean.Count(g => g.Count > 1) > 5, $"the stream must link reports into incidents: {clean.Count(g => g.Count > 1)} incident(s) of several reports");
        Assert.Equal(clean, restarted);
    }

    // The incidents a run ends with, as sorted lists of report keys.
    private async Task<List<List<string>>> RunAsync(List<Report> reports, Dictionary<string, string?> settings, bool crash)
    {
        await using var context = new PipelineTestContext(kafka);
        await context.Publisher.PublishAllAsync(
            [.. reports.Select(r => new OutgoingMessage(context.Topics.NormalizedReports, PartitionKeys.Utf8For(r), ContractSerializer.Serialize(r)))],
            TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        if (crash)
        {
            // The Process loop stops after its third batch is in the store, before its offsets are;
            // a second worker takes over, rebuilds the windows from the store and replays that batch.
            var faults = new RecordingFaults(crashLoop: "process", crashAfterBatches: 3);
            var first = await context.StartWorkerAsync(services => services.AddSingleton<IConsumerFaultInjector>(faults), settings);
            var process = PipelineTestContext.Loops(first).Single(l => l.Heartbeat.Name == "process");
            await Eventually.Until(() => Task.FromResult(process.Crashed), TimeSpan.FromSeconds(60), "the injected crash");
            var atCrash = (await context.Store.GetCountsAsync(ct)).Receipts;
            Assert.InRange(atCrash, 1, reports.Count - 1);
            await first.StopAsync(ct);
        }
        await context.StartWorkerAsync(settings: settings);
        await context.WaitForReceiptsAsync(reports.Count, TimeSpan.FromSeconds(90));
        // One open alert per incident, merges included.
        var open = (await context.Store.GetAlertsAsync(ct)).Where(a => a.Status != AlertStatus.Closed).ToList();
        Assert.All(open, a => Assert.NotNull(a.IncidentId));
        Assert.Equal(open.Count, open.Select(a => a.IncidentId).Distinct(StringComparer.Ordinal).Count());
        var incidents = await context.Store.GetIncidentsAsync(ct);
        return [.. incidents.Where(i => i.MergedInto is null).Select(i => i.ReportKeys.Order(StringComparer.Ordinal).ToList()).OrderBy(keys => keys[0], StringComparer.Ordinal)];
    }
}
