using System.Net;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class EndToEndTests(KafkaClusterFixture kafka)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task ReportsFlowFromRawTopicsIntoTheStoreWithDuplicatesAndRejectsAccountedFor()
    {
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync();
        var occurred = new DateTimeOffset(Now.Year, Now.Month, Now.Day, 0, 0, 0, TimeSpan.Zero).AddHours(-20);
        var suspiciousSar = RawRecords.Sar("SAR-1", "Subject photographed the badge readers and tried to access the restricted area behind the substation with a cloned badge.", occurred, 37.8716, -122.2727, "2100 SHATTUCK AVE, BERKELEY, CA", ["W/M 30S"]);
        var benignSar = RawRecords.Sar("SAR-2", "Resident reports loud music from a neighbor's party.", occurred.AddMinutes(5));
        var photography = RawRecords.Sar("SAR-4", "Subject was photographing the security cameras with a telephoto lens and hid the camera when approached.", occurred.AddMinutes(7));
        var localCallTime = TimeZoneInfo.ConvertTime(occurred.AddMinutes(10), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        var bombThreat = RawRecords.Cad("2026000001", "bomb threat", localCallTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), 1, 37.87, -122.27, "21XX BLOCK OF SHATTUCK AVE", "ANON CALLER STATES BOMB IN LOBBY");
        var disturbance = RawRecords.Cad("2026000002", "DISTURBANCE", "2026-01-15T10:00:00", 3, notes: "LOUD PARTY");

        await context.PublishAsync(RawRecords.SarFeed, [suspiciousSar, benignSar, suspiciousSar, photography]);
        await context.PublishAsync(RawRecords.CadFeed, [bombThreat, disturbance]);
        var invalidUtf8 = RawRecords.Text("{\"sarId\":\"SAR-UTF\",\"narrative\":\"caf\u00e9\"}");
        invalidUtf8[Array.IndexOf(invalidUtf8, (byte)0xC3) + 1] = 0x28;
        await context.PublishAsync(RawRecords.SarFeed,
        [
            RawRecords.Text("{\"sarId\":\"SAR-3\",\"narrative\":\"truncated"),
            RawRecords.Text($"{{\"occurredAt\":\"{occurred:O}\",\"narrative\":\"no id\"}}"),
            invalidUtf8,
        ]);
        await context.PublishAsync(RawRecords.CadFeed, [RawRecords.Text("{\"cad_event_number\":\"2026000003\",\"cad_event_original_time_queued\":\"2026-01-15T10:00:00\",\"call_type\":\"THEFT\",\"priority\":\"urgent\"}")]);
        await context.WaitForReceiptsAsync(6, TimeSpan.FromSeconds(60));
        var deadLetters = await context.ReadDeadLettersAsync(4, TimeSpan.FromSeconds(60));
        var ct = TestContext.Current.CancellationToken;

        var reports = await context.Store.GetReportsAsync(ct);
        Assert.Equal(["demo-cad:2026000001", "demo-cad:2026000002", "demo-sar:SAR-1", "demo-sar:SAR-2", "demo-sar:SAR-4"], reports.Select(r => r.IdempotencyKey));
        var sar = reports.Single(r => r.IdempotencyKey == "demo-sar:SAR-1");
        Assert.Equal((ReportKind.Sar, "demo-sar", "SAR-1"), (sar.Kind, sar.FeedId, sar.SourceRecordId));
        Assert.Equal(occurred, sar.OccurredAt);
        Assert.Equal((37.8716, -122.2727, LocationPrecision.Source), (sar.Latitude!.Value, sar.Longitude!.Value, sar.LocationPrecision));
        Assert.Equal("2100 SHATTUCK AVE, BERKELEY, CA", sar.RawAddress);
        Assert.Equal(context.Topics.FeedRaw("demo-sar"), sar.OriginTopic);
        var cad = reports.Single(r => r.IdempotencyKey == "demo-cad:2026000001");
        Assert.Equal((ReportKind.Cad, "BOMB THREAT", 1, "ANON CALLER STATES BOMB IN LOBBY"), (cad.Kind, cad.CadCallType, cad.CadPriority!.Value, cad.Narrative));
        Assert.Equal(occurred.AddMinutes(10), cad.OccurredAt);
        var quiet = reports.Single(r => r.IdempotencyKey == "demo-cad:2026000002");
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero), quiet.OccurredAt);

        var counts = await context.Store.GetCountsAsync(ct);
        Assert.Equal((5L, 6L, 1L), (counts.Reports, counts.Receipts, counts.Duplicates));

        var alerts = await context.Store.GetAlertsAsync(ct);
        Assert.Equal(["demo-cad:2026000001", "demo-sar:SAR-1"], alerts.Select(a => a.ReportKey).Order(StringComparer.Ordinal));
        Assert.Equal(IseSarCategories.Threat, alerts.Single(a => a.ReportKey == "demo-cad:2026000001").TopCategory);
        Assert.All(alerts, a => Assert.Equal(AlertStatus.New, a.Status));
        // Photography alone is a Group B behavior: held for an analyst, never alerted.
        var decisions = (await context.Store.GetDecisionsAsync(ct)).ToDictionary(d => d.ReportKey, StringComparer.Ordinal);
        Assert.Equal(5, decisions.Count);
        Assert.Equal(
            (DecisionOutcome.Alerted, DecisionOutcome.Alerted, DecisionOutcome.HeldForReview, DecisionOutcome.BelowThreshold, DecisionOutcome.BelowThreshold),
            (decisions["demo-sar:SAR-1"].Outcome, decisions["demo-cad:2026000001"].Outcome, decisions["demo-sar:SAR-4"].Outcome, decisions["demo-sar:SAR-2"].Outcome, decisions["demo-cad:2026000002"].Outcome));
        Assert.Equal("held: group B only (PHOTO) without a criminal predicate", decisions["demo-sar:SAR-4"].Reason);

        var byReason = deadLetters.OrderBy(d => d.OriginalTopic, StringComparer.Ordinal).ThenBy(d => d.Reason, StringComparer.Ordinal)
            .Select(d => (d.FeedId, d.Stage, d.Reason, d.Field)).ToList();
        Assert.Equal(
        [
            ("demo-cad", "ingest", "field 'cadPriority' is not a number", "cadPriority"),
            ("demo-sar", "ingest", "malformed JSON (line 1, byte 40)", null),
            ("demo-sar", "ingest", "message is not valid UTF-8", null),
            ("demo-sar", "ingest", "required field 'sourceRecordId' (from sarId) is missing", "sourceRecordId"),
        ], byReason);
        Assert.All(deadLetters, d => Assert.StartsWith(context.Topics.Prefix + "feeds.", d.OriginalTopic));
        Assert.Equal(invalidUtf8, deadLetters.Single(d => d.Reason.Contains("UTF-8", StringComparison.Ordinal)).Payload);
    }

    [Fact]
    public async Task TenMegabyteRecordIsDeadLetteredWithItsHeadKeptAndTheFeedGoesOn()
    {
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync();
        var tenMegabytes = RawRecords.Sar("SAR-HUGE", new string('A', 10 * 1024 * 1024), Now.AddHours(-1));
        // The huge record goes first into an empty partition: the development broker keeps about
        // 5 MB per partition and drops an older record that a bigger one pushes out.
        await context.Publisher.PublishAllAsync(
        [
            new(context.Topics.FeedRaw(RawRecords.SarFeed), null, tenMegabytes, Partition: 0),
            new(context.Topics.FeedRaw(RawRecords.SarFeed), null, RawRecords.Sar("SAR-OK", "Person photographing the fence line.", Now.AddHours(-1)), Partition: 1),
        ], TestContext.Current.CancellationToken);

        await context.WaitForReceiptsAsync(1, TimeSpan.FromSeconds(60));
        var deadLetter = Assert.Single(await context.ReadDeadLettersAsync(1, TimeSpan.FromSeconds(60)));
        Assert.Equal(($"message is {tenMegabytes.Length} bytes, over the limit of 1048576 bytes", "ingest", "demo-sar", 0, 0L),
            (deadLetter.Reason, deadLetter.Stage, deadLetter.FeedId, deadLetter.OriginalPartition, deadLetter.OriginalOffset));
        Assert.True(deadLetter.Truncated);
        Assert.Equal(tenMegabytes.Length, deadLetter.OriginalSize);
        Assert.Equal(tenMegabytes.AsSpan(0, 256 * 1024).ToArray(), deadLetter.Payload);
        Assert.Equal(["demo-sar:SAR-OK"], (await context.Store.GetReportsAsync(TestContext.Current.CancellationToken)).Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task WorkerKeepsGoingThroughBadInputAndItsCountsReconcile()
    {
        await using var context = new PipelineTestContext(kafka);
        var host = await context.StartWorkerAsync();
        var good = Enumerable.Range(1, 60).Select(i => RawRecords.Cad($"E{i}", i % 2 == 0 ? "THEFT" : "WELFARE CHECK", "2026-02-01T08:00:00", 3, 37.8 + (i * 0.001), -122.27)).ToList();
        var bad = new List<byte[]>
        {
            RawRecords.Text("not json at all"),
            RawRecords.Text("{\"cad_event_number\":[1,2]}"),
            RawRecords.Text("{\"cad_event_number\":\"B1\",\"cad_event_original_time_queued\":\"yesterday\",\"call_type\":\"THEFT\"}"),
            RawRecords.Text("{\"cad_event_number\":\"B2\",\"cad_event_original_time_queued\":\"2026-02-01T08:00:00\",\"call_type\":\"THEFT\",\"dispatch_latitude\":91,\"dispatch_longitude\":0}"),
            RawRecords.Text(new string('[', 500) + new string(']', 500)),
            RawRecords.Text("{\"cad_event_number\":\"B3\",\"cad_event_original_time_queued\":\"2026-02-01T08:00:00\",\"call_type\":\"'; DROP TABLE reports; --\",\"notes\":\"<script>alert(1)</script>\"}"),
            Array.Empty<byte>(),
        };
        // Interleave: good, bad, good, ... then a resend of the first ten good ones.
        var stream = new List<byte[]>();
        for (var i = 0; i < good.Count; i++)
        {
            stream.Add(good[i]);
            if (i < bad.Count)
            {
                stream.Add(bad[i]);
            }
        }
        stream.AddRange(good.Take(10));
        await context.PublishAsync(RawRecords.CadFeed, stream);

        // Six bad records are rejected; the SQL-looking call type is only text and is stored safely.
        await context.WaitForReceiptsAsync(good.Count + 10 + 1, TimeSpan.FromSeconds(60));
        var deadLetters = await context.ReadDeadLettersAsync(6, TimeSpan.FromSeconds(60));
        var counts = await context.Store.GetCountsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(stream.Count, counts.Reports + counts.Duplicates + deadLetters.Count);
        Assert.Equal((61L, 10L, 6), (counts.Reports, counts.Duplicates, deadLetters.Count));
        var injected = (await context.Store.GetReportsAsync(TestContext.Current.CancellationToken)).Single(r => r.SourceRecordId == "B3");
        Assert.Equal(("'; DROP TABLE REPORTS; --", "<script>alert(1)</script>"), (injected.CadCallType, injected.Narrative));

        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };
        var health = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var healthJson = await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"status\":\"Healthy\"", healthJson, StringComparison.Ordinal);
        Assert.Contains("consumer:ingest", healthJson, StringComparison.Ordinal);
        Assert.Contains("consumer:process", healthJson, StringComparison.Ordinal);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        foreach (var name in new[] { "pipeline_records_in_total", "pipeline_reports_stored_total", "pipeline_reports_duplicates_total", "pipeline_records_rejected_total", "pipeline_kafka_consumer_lag", "pipeline_processing_latency_seconds_bucket", "pipeline_processing_hop_latency_seconds_bucket", "pipeline_stage_duration_seconds_bucket" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }
    }
}
