using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ReplayTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task AReplayAfterAMappingFixVersionsOnlyTheAffectedReportsStoresTheOnceRejectedAndDuplicatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("pipeline-replay-feeds-");
        var definitionPath = Path.Combine(folder.FullName, "demo-cad.yaml");
        var shipped = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "feeds", "demo-cad.yaml"), ct);
        // The feed went live with two mistakes: the narrative read from a field the source does not
        // send, and a priority range too narrow for this dispatch center.
        var broken = shipped.Replace("narrative: notes", "narrative: note", StringComparison.Ordinal).Replace("range: [0, 99]", "range: [0, 9]", StringComparison.Ordinal);
        Assert.NotEqual(shipped, broken);
        await File.WriteAllTextAsync(definitionPath, broken, ct);
        try
        {
            await using var context = new PipelineTestContext(kafka, [RawRecords.CadFeed], folder.FullName);
            await context.StartWorkerAsync();
            var start = DateTimeOffset.UtcNow.AddMinutes(-1);
            byte[] quiet = RawRecords.Cad("R0002", "WELFARE CHECK", "2026-03-01T09:30:00", 3, 37.80, -122.27);
            await context.PublishAsync(RawRecords.CadFeed,
            [
                RawRecords.Cad("R0001", "SUSPICIOUS PERSON", "2026-03-01T09:00:00", 2, 37.81, -122.26, notes: "Caller reports a man photographing the substation fence and asking guards about shift changes."),
                quiet,
                RawRecords.Cad("R0003", "ALARM", "2026-03-01T10:00:00", 12, 37.82, -122.25),
                RawRecords.Cad("R0004", "NOISE", "2026-03-01T11:00:00", 4, 37.83, -122.24, notes: "Loud music from a parked car."),
            ]);
            await context.WaitForReceiptsAsync(3, TimeSpan.FromSeconds(60));
            await context.PublishAsync(RawRecords.CadFeed, [quiet]);
            await context.WaitForReceiptsAsync(4, TimeSpan.FromSeconds(60));
            var before = await context.Store.GetReportsAsync(ct);
            Assert.Equal(["demo-cad:R0001", "demo-cad:R0002", "demo-cad:R0004"], before.Select(r => r.IdempotencyKey));
            Assert.All(before, r => Assert.Equal(("", 1), (r.Narrative, r.Version)));
            var alertsBefore = await context.Store.GetAlertsAsync(ct);

            // The engineer fixes the definition, looks first, then replays the window.
            await File.WriteAllTextAsync(definitionPath, shipped, ct);
            string[] window = ["--from", start.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--feeds", folder.FullName, "--database", context.DatabasePath];
            var (dryExit, dry) = await Cli.RunAsync(["replay", RawRecords.CadFeed, .. window, "--dry-run"]);
            Assert.True(dryExit == 0, dry);
            Assert.Contains("5 raw records", dry, StringComparison.Ordinal);
            Assert.Contains("  unchanged: 1 ", dry, StringComparison.Ordinal);
            Assert.Contains("  new versions: 2 ", dry, StringComparison.Ordinal);
            Assert.Contains("  new reports: 1 ", dry, StringComparison.Ordinal);
            Assert.Contains("  superseded: 1 ", dry, StringComparison.Ordinal);
            Assert.Contains("  rejected: 0 ", dry, StringComparison.Ordinal);
            Assert.Contains("demo-cad:R0001: version 1 → 2: content", dry, StringComparison.Ordinal);
            Assert.Contains("nothing was written", dry, StringComparison.Ordinal);
            Assert.Equal(before, await context.Store.GetReportsAsync(ct));
            Assert.Equal(4, (await context.Store.GetCountsAsync(ct)).Receipts);

            var (exit, output) = await Cli.RunAsync(["replay", RawRecords.CadFeed, .. window]);
            Assert.True(exit == 0, output);
            Assert.Contains("  new versions: 2 ", output, StringComparison.Ordinal);
            var replayId = output.Split(':')[0];
            Assert.StartsWith("replay-", replayId, StringComparison.Ordinal);

            var after = (await context.Store.GetReportsAsync(ct)).ToDictionary(r => r.IdempotencyKey);
            Assert.Equal(["demo-cad:R0001", "demo-cad:R0002", "demo-cad:R0003", "demo-cad:R0004"], after.Keys.Order(StringComparer.Ordinal));
            Assert.Equal((2, "Caller reports a man photographing the substation fence and asking guards about shift changes."), (after["demo-cad:R0001"].Version, after["demo-cad:R0001"].Narrative));
            Assert.Equal((2, "Loud music from a parked car."), (after["demo-cad:R0004"].Version, after["demo-cad:R0004"].Narrative));
            // Untouched by the fix: exactly as it was.
            Assert.Equal(before.Single(r => r.IdempotencyKey == "demo-cad:R0002"), after["demo-cad:R0002"]);
            // Once rejected for its priority, now stored from its original raw record.
            Assert.Equal((1, 12), (after["demo-cad:R0003"].Version, after["demo-cad:R0003"].CadPriority));
            // The previous version is kept; nothing is duplicated.
            var versions = await context.Store.GetReportVersionsAsync("demo-cad:R0001", ct);
            Assert.Equal([1, 2], versions.Select(v => v.Version));
            Assert.Contains("\"narrative\":\"\"", versions[0].Content, StringComparison.Ordinal);
            Assert.All(versions, v => Assert.Equal((after["demo-cad:R0001"].OriginTopic, after["demo-cad:R0001"].OriginOffset), (v.OriginTopic, v.OriginOffset)));
            var alertsAfter = await context.Store.GetAlertsAsync(ct);
            Assert.Equal(alertsAfter.Count, alertsAfter.Select(a => a.ReportKey).Distinct().Count());
            Assert.All(alertsBefore, a => Assert.Contains(alertsAfter, b => b.AlertId == a.AlertId));
            var counts = await context.Store.GetCountsAsync(ct);
            Assert.Equal((4L, 5L), (counts.Reports, counts.Receipts));

            // The lineage says where the new version came from.
            var lineage = (await context.Store.GetLineageAsync("demo-cad:R0001", ct))!;
            var replayed = lineage.Entries.Where(e => e.Pass == LineagePass.OfReplay(replayId)).ToList();
            Assert.Equal([LineageStages.Replayed, LineageStages.Mapped, LineageStages.Geocoded, LineageStages.Scored], replayed.Take(4).Select(e => e.Stage));
            Assert.StartsWith("version 1 → 2: content", replayed[0].Detail["outcome"], StringComparison.Ordinal);
            Assert.Equal(lineage.Entries[0].Detail["sha256"], replayed[0].Detail["sha256"]);
            Assert.Equal(LineageStages.Replayed, (await context.Store.GetLineageAsync("demo-cad:R0003", ct))!.Entries[0].Stage);
            Assert.DoesNotContain((await context.Store.GetLineageAsync("demo-cad:R0002", ct))!.Entries, e => e.Pass.StartsWith("replay:", StringComparison.Ordinal));

            // Idempotent: the same replay again changes nothing.
            var (againExit, again) = await Cli.RunAsync(["replay", RawRecords.CadFeed, .. window]);
            Assert.True(againExit == 0, again);
            Assert.Contains("  unchanged: 4 ", again, StringComparison.Ordinal);
            Assert.Contains("  new versions: 0 ", again, StringComparison.Ordinal);
            Assert.Contains("  new reports: 0 ", again, StringComparison.Ordinal);
            Assert.Equal(after.Values.OrderBy(r => r.IdempotencyKey, StringComparer.Ordinal), await context.Store.GetReportsAsync(ct));
            var countsAgain = await context.Store.GetCountsAsync(ct);
            Assert.Equal((counts.Reports, counts.Receipts, counts.Alerts, counts.Decisions), (countsAgain.Reports, countsAgain.Receipts, countsAgain.Alerts, countsAgain.Decisions));

            // Bad requests: an unknown feed, an empty window.
            var (unknownExit, unknown) = await Cli.RunAsync(["replay", "no-such-feed", .. window]);
            Assert.Equal(2, unknownExit);
            Assert.Contains("no feed 'no-such-feed'", unknown, StringComparison.Ordinal);
            var (emptyExit, empty) = await Cli.RunAsync("replay", RawRecords.CadFeed, "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z", "--database", context.DatabasePath);
            Assert.Equal(2, emptyExit);
            Assert.Contains("the window's end must be after its start", empty, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
