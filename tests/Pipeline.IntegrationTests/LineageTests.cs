using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class LineageTests(KafkaClusterFixture kafka)
{
    private const string Threat = "Caller reports a man threatened to bomb the substation and tried to breach the fence with bolt cutters.";

    [Fact]
    public async Task OneRecordFollowedFromPublishToAnAnalystsDispositionLeavesEveryLineageEventInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync();
        var raw = RawRecords.Sar("SAR-LIN-1", Threat, DateTimeOffset.UtcNow.AddHours(-1), 37.8044, -122.2712);

        await context.PublishAsync(RawRecords.SarFeed, [raw]);
        await context.WaitForReceiptsAsync(1, TimeSpan.FromSeconds(60));
        var alert = Assert.Single(await context.Store.GetAlertsAsync(ct));
        await context.Store.ClaimAlertAsync(alert.AlertId, "analyst1", DateTimeOffset.UtcNow, ct);
        await context.Store.DispositionAlertAsync(alert.AlertId, "analyst1", AlertDisposition.IseSar, "VET-1", "Meets the ISE-SAR criteria.", DateTimeOffset.UtcNow, ct);
        // The same record sent again by the source: a second pass, deduplicated.
        await context.PublishAsync(RawRecords.SarFeed, [raw]);
        await context.WaitForReceiptsAsync(2, TimeSpan.FromSeconds(60));

        var lineage = await context.Store.GetLineageAsync(alert.AlertId, ct);
        Assert.NotNull(lineage);
        Assert.Equal((alert.ReportKey, "demo-sar", 1, alert.AlertId), (lineage.ReportKey, lineage.FeedId, lineage.Version, lineage.AlertId));
        Assert.Equal(
            [
                LineageStages.Received, LineageStages.Mapped, LineageStages.Geocoded, LineageStages.Linked, LineageStages.Scored, LineageStages.Alerted,
                LineageStages.Received, LineageStages.Mapped, LineageStages.Geocoded, LineageStages.Deduplicated,
                LineageStages.Analyst, LineageStages.Analyst,
            ],
            lineage.Entries.Select(e => e.Stage));
        var first = lineage.Entries.Take(6).ToList();
        var firstPass = Assert.Single(first.Select(e => e.Pass).Distinct());
        var report = Assert.Single(await context.Store.GetReportsAsync(ct));
        Assert.Equal(LineagePass.Of(new RecordOrigin(report.OriginTopic, report.OriginPartition, report.OriginOffset, report.OriginRecord)), firstPass);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => first[i].At).Order(), first.Select(e => e.At));

        // received: the raw record's position, and the hash and size of the bytes as published.
        var received = first[0].Detail;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)), received["sha256"]);
        Assert.Equal(raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received["bytes"]);
        Assert.Equal((report.OriginTopic, "1 of 1"), (received["topic"], received["record"]));
        // The archive holds those very bytes.
        var archived = await context.Store.GetRawRecordsAsync("demo-sar", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1), ct);
        Assert.Equal(2, archived.Count);
        Assert.All(archived, a => Assert.Equal(raw, a.Content));
        Assert.Equal(received["sha256"], archived[0].Sha256);
        // mapped: the feed definition's version; geocoded: the source's own coordinates.
        Assert.Equal("demo-sar", first[1].Detail["feed"]);
        Assert.Matches("^[0-9a-f]{12}$", first[1].Detail["definition version"]);
        Assert.Equal(("record", "Source"), (first[2].Detail["provider"], first[2].Detail["precision"]));
        // linked: its own incident; scored: the model that decided, as the decision log has it.
        Assert.Equal(alert.IncidentId, first[3].Detail["incident"]);
        var decision = Assert.Single(await context.Store.GetDecisionsAsync(ct));
        Assert.Equal(decision.ModelVersion, first[4].Detail["model"]);
        Assert.Equal(decision.TopCategory, first[4].Detail["top category"]);
        Assert.Equal((alert.AlertId, alert.TopCategory), (first[5].Detail["alert"], first[5].Detail["category"]));
        // The resend: its own pass, ending in the store's verdict.
        var resend = lineage.Entries.Skip(6).Take(4).ToList();
        Assert.NotEqual(firstPass, Assert.Single(resend.Select(e => e.Pass).Distinct()));
        Assert.Contains("same key and content", resend[3].Detail["outcome"], StringComparison.Ordinal);
        // The analyst's actions, after everything the pipeline did.
        var actions = lineage.Entries.Skip(10).ToList();
        Assert.All(actions, a => Assert.Equal("alert:" + alert.AlertId, a.Pass));
        Assert.Equal(("Claim", "analyst1", "New → InReview"), (actions[0].Detail["action"], actions[0].Detail["by"], actions[0].Detail["status"]));
        Assert.Equal(("Disposition", "InReview → Vetted", "IseSar"), (actions[1].Detail["action"], actions[1].Detail["status"], actions[1].Detail["disposition"]));

        // The command line prints the same chain, by alert or by report, as text and as JSON.
        var (exit, text) = await Cli.RunAsync("lineage", alert.AlertId, "--database", context.DatabasePath);
        Assert.True(exit == 0, text);
        Assert.Contains($"report {alert.ReportKey} (feed demo-sar, version 1), alert {alert.AlertId}", text, StringComparison.Ordinal);
        Assert.Contains($"raw record {firstPass}", text, StringComparison.Ordinal);
        Assert.Contains($"analyst actions on alert {alert.AlertId}", text, StringComparison.Ordinal);
        var (jsonExit, json) = await Cli.RunAsync("lineage", alert.ReportKey, "--json", "--database", context.DatabasePath);
        Assert.True(jsonExit == 0, json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("pipeline.lineage/1", document.RootElement.GetProperty("schema").GetString());
        Assert.Equal(alert.AlertId, document.RootElement.GetProperty("alertId").GetString());
        Assert.Equal(lineage.Entries.Select(e => e.Stage), document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("stage").GetString()));
        var (missingExit, missing) = await Cli.RunAsync("lineage", "A-0000000000", "--database", context.DatabasePath);
        Assert.Equal(1, missingExit);
        Assert.Contains("no report or alert has the id A-0000000000", missing, StringComparison.Ordinal);
    }
}
