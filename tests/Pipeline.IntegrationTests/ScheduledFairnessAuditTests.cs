using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ScheduledFairnessAuditTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task AProcessWorkerAuditsThePromotedModelsDecisionsOnItsScheduleAndStoresTheReportWithItsWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Fairness:AuditInterval"] = "00:00:01", ["Fairness:AuditWindow"] = "2.00:00:00" });
        var now = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 40).Select(i => Sar(
            $"F-{i}",
            i % 4 == 0
                ? "Caller states a man in the lobby said he would come back with a gun and shoot everyone in the clerk's office."
                : "Vendor restocked the vending machines in the lobby and left.",
            now.AddMinutes(-i),
            race: i % 2 == 0 ? "W" : "B")).ToList();
        await context.PublishAsync(RawRecords.SarFeed, records);
        await context.WaitForReceiptsAsync(records.Count, TimeSpan.FromSeconds(60));
        // Analysts vet half of the reports: the threats as THREAT, the rest as not ISE-SAR.
        for (var i = 0; i < 20; i++)
        {
            await context.Store.WriteReportLabelAsync($"{RawRecords.SarFeed}:F-{i}", i % 4 == 0 ? ["THREAT"] : [], "analyst-1", now, ct);
        }
        var labelledAt = DateTimeOffset.UtcNow;

        FairnessReportRecord? latest = null;
        await Eventually.Until(async () =>
        {
            var reports = await context.Store.ListFairnessReportsAsync(null, 1, ct);
            latest = reports.Count == 0 ? null : reports[0];
            return latest is not null && latest.CreatedAt > labelledAt;
        }, TimeSpan.FromSeconds(30), "a scheduled fairness report made after the labels were written");

        var report = await context.Store.GetFairnessReportAsync(latest!.ReportId, ct);
        Assert.Equal((FairnessReportKind.Production, "worker-schedule", 40L), (report!.Kind, report.CreatedBy, report.RowsAudited));
        Assert.Equal(TimeSpan.FromDays(2), report.WindowTo!.Value - report.WindowFrom!.Value);
        // 20 decisions per group, under the policy's minimum of 30: nothing can be judged, so no verdict is recorded.
        Assert.Null(report.Passed);
        Assert.Contains("<svg", report.Html, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(report.Json);
        var groups = json.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("label").GetString()!);
        Assert.Equal(20, groups["race=B"].GetProperty("size").GetInt32());
        Assert.Equal(20, groups["race=W"].GetProperty("size").GetInt32());
        // Ground truth only where analysts vetted: 10 of each group, 5 threats (all race=W, the even ids).
        var white = groups["race=W"].GetProperty("counts");
        var black = groups["race=B"].GetProperty("counts");
        Assert.Equal(10, white.GetProperty("unlabelled").GetInt32());
        Assert.Equal(10, black.GetProperty("unlabelled").GetInt32());
        Assert.Equal(5, white.GetProperty("truePositives").GetInt32() + white.GetProperty("falseNegatives").GetInt32());
    }

    private static byte[] Sar(string id, string narrative, DateTimeOffset occurredAt, string race) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sarId"] = id,
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["narrative"] = narrative,
            ["protectedAttributes"] = new JsonObject { ["race"] = race },
        }.ToJsonString());
}
