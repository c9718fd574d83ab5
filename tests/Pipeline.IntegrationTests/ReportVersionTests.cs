namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ReportVersionTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task ASourceThatResendsARecordWithChangedContentMakesANewVersionNeverASecondReportOrAlert()
    {
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync();
        var occurred = DateTimeOffset.UtcNow.AddHours(-2);
        const string Suspicious = "Caller reports a man threatened to bomb the substation and tried to breach the fence with bolt cutters.";

        await context.PublishAsync(RawRecords.SarFeed, [RawRecords.Sar("SAR-V1", Suspicious, occurred)]);
        await context.WaitForReceiptsAsync(1, TimeSpan.FromSeconds(60));
        var alertsAfterFirst = await context.Store.GetAlertsAsync(TestContext.Current.CancellationToken);
        Assert.Single(alertsAfterFirst);
        // The agency corrects the narrative and resends the record; then resends the correction again.
        var corrected = RawRecords.Sar("SAR-V1", Suspicious + " A second officer confirmed the plate.", occurred);
        await context.PublishAsync(RawRecords.SarFeed, [corrected]);
        await context.WaitForReceiptsAsync(2, TimeSpan.FromSeconds(60));
        await context.PublishAsync(RawRecords.SarFeed, [corrected]);
        await context.WaitForReceiptsAsync(3, TimeSpan.FromSeconds(60));

        var ct = TestContext.Current.CancellationToken;
        var report = Assert.Single(await context.Store.GetReportsAsync(ct));
        Assert.Equal(2, report.Version);
        Assert.EndsWith("A second officer confirmed the plate.", report.Narrative, StringComparison.Ordinal);
        var versions = await context.Store.GetReportVersionsAsync(report.IdempotencyKey, ct);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Single(await context.Store.GetAlertsAsync(ct));
        Assert.Single(await context.Store.GetDecisionsAsync(ct));
    }
}
