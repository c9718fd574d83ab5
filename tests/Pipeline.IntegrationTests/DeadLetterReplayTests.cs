using Pipeline.Cli.DeadLetters;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class DeadLetterReplayTests(KafkaClusterFixture kafka)
{
    private const string Strict = """
        id: demo-cad
        kind: cad
        timeZone: America/Los_Angeles
        format: { type: json }
        fields:
          sourceRecordId: cad_event_number
          occurredAt: cad_event_original_time_queued
          cadCallType: { from: call_type, required: true }
          cadPriority: priority
        """;

    // The fix: this CAD writes "high" for priority 1.
    private const string Fixed = """
        id: demo-cad
        kind: cad
        timeZone: America/Los_Angeles
        format: { type: json }
        codeTables:
          priorities:
            entries: { high: "1", low: "4" }
            unknown: keep
        fields:
          sourceRecordId: cad_event_number
          occurredAt: cad_event_original_time_queued
          cadCallType: { from: call_type, required: true }
          cadPriority: { from: priority, transforms: [{ map: priorities }] }
        """;

    [Fact]
    public async Task ARecordRejectedByAnOldDefinitionIsStoredExactlyOnceAfterTheFixAndAReplay()
    {
        var folder = Directory.CreateTempSubdirectory("pipeline-replay-");
        var definition = Path.Combine(folder.FullName, "demo-cad.yaml");
        await File.WriteAllTextAsync(definition, Strict, TestContext.Current.CancellationToken);
        try
        {
            await using var context = new PipelineTestContext(kafka, ["demo-cad"], folder.FullName);
            var first = await context.StartWorkerAsync();
            await context.PublishAsync(RawRecords.CadFeed,
            [
                RawRecords.Cad("R1", "THEFT", "2026-05-01T10:00:00", 3),
                RawRecords.Text("""{"cad_event_number":"R2","cad_event_original_time_queued":"2026-05-01T10:05:00","call_type":"BOMB THREAT","priority":"high"}"""),
                RawRecords.Cad("R3", "WELFARE CHECK", "2026-05-01T10:10:00", 4),
            ]);
            await context.WaitForReceiptsAsync(2, TimeSpan.FromSeconds(60));
            var rejected = Assert.Single(await context.ReadDeadLettersAsync(1, TimeSpan.FromSeconds(30)));
            Assert.Equal(("cadPriority", "field 'cadPriority' is not a number"), (rejected.Field, rejected.Reason));
            var ct = TestContext.Current.CancellationToken;
            var before = await context.Store.GetReportsAsync(ct);
            await first.StopAsync(ct);

            // Fix the definition, restart, replay.
            await File.WriteAllTextAsync(definition, Fixed, ct);
            await context.StartWorkerAsync();
            var replay = await DeadLetterReplayer.ReplayAsync(context.KafkaOptions, "demo-cad", since: null, dryRun: false, ct);
            Assert.Equal((1, 1, 0), (replay.DeadLetters, replay.Messages, replay.Skipped.Count));
            await context.WaitForReceiptsAsync(3, TimeSpan.FromSeconds(60));

            var after = await context.Store.GetReportsAsync(ct);
            Assert.Equal(["demo-cad:R1", "demo-cad:R2", "demo-cad:R3"], after.Select(r => r.IdempotencyKey));
            Assert.Equal((1, "BOMB THREAT"), (after[1].CadPriority!.Value, after[1].CadCallType));
            Assert.Equal(before, after.Where(r => r.SourceRecordId != "R2"));

            // A second replay finds the same dead letter; the record is already stored: a duplicate, nothing more.
            var again = await DeadLetterReplayer.ReplayAsync(context.KafkaOptions, "demo-cad", since: null, dryRun: false, ct);
            Assert.Equal(1, again.Messages);
            await context.WaitForReceiptsAsync(4, TimeSpan.FromSeconds(60));
            var counts = await context.Store.GetCountsAsync(ct);
            Assert.Equal((3L, 1L), (counts.Reports, counts.Duplicates));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
