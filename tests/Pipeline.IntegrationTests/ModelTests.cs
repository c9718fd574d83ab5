using System.Text.Json;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Model;
using Pipeline.Scoring.Training;
using Pipeline.Storage;
using Pipeline.Worker;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class ModelTests(KafkaClusterFixture kafka)
{
    private static readonly string _baselinePath = ScoringOptions.DefaultModelPath;

    [Fact]
    public async Task AWorkerScoresWithTheBootstrappedBaselineThenWithANewPromotionWithoutARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Scoring:RegistryPollInterval"] = "00:00:00.200" });
        var baseline = ModelArtifact.Load(_baselinePath);

        // A fresh store: the worker registered and promoted the shipped baseline.
        var promoted = await context.Store.GetPromotedModelAsync(includeArtifact: false, ct);
        Assert.Equal((baseline.Version, ModelStatus.Promoted, ModelService.BootstrapActor), (promoted!.Version, promoted.Status, promoted.PromotedBy));

        var now = DateTimeOffset.UtcNow;
        await context.PublishAsync(RawRecords.SarFeed,
        [
            RawRecords.Sar("M-1", "Caller states a man in the lobby said he would come back with a gun and shoot everyone in the clerk's office.", now.AddMinutes(-30)),
        ]);
        await context.WaitForReceiptsAsync(1, TimeSpan.FromSeconds(60));
        var first = Assert.Single(await context.Store.GetDecisionsAsync(ct));
        Assert.Equal(baseline.Version, first.ModelVersion);
        var alert = Assert.Single(await context.Store.GetAlertsAsync(ct));
        Assert.Equal("THREAT", alert.TopCategory);
        Assert.NotNull(alert.Explanation);
        Assert.Contains(alert.Explanation, e => e.Category == "THREAT" && e.Feature.StartsWith("narrative:", StringComparison.Ordinal) && e.Contribution > 0);

        // Train another model and promote it, as `pipeline model promote` does: the running worker switches.
        var examples = new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = 5 }).Generate(3_000).Select(l => new TrainingExample(l.Report, l.Categories)).ToList();
        var candidate = OneVsRestTrainer.Train(examples, new FeatureOptions { HashBits = 14 }, new OneVsRestOptions { Epochs = 2 }, "integration test", now);
        var bytes = ModelArtifact.ToBytes(candidate);
        await context.Store.RegisterModelAsync(new ModelRegistration(candidate.Version, candidate.Metadata.CreatedAt, candidate.Metadata.TrainingDataHash, candidate.Metadata.ToJson(), bytes), "it", now, ct);
        await context.Store.PromoteModelAsync(candidate.Version, "it", "integration test", now, ct);

        var sent = 1;
        await Eventually.Until(async () =>
        {
            sent++;
            await context.PublishAsync(RawRecords.SarFeed, [RawRecords.Sar($"M-{sent}", "Subject photographed the substation gate cameras and left.", now.AddMinutes(-sent))]);
            await context.WaitForReceiptsAsync(sent, TimeSpan.FromSeconds(60));
            return (await context.Store.GetDecisionsAsync(ct)).Any(d => d.ModelVersion == candidate.Version);
        }, TimeSpan.FromSeconds(60), "a decision by the newly promoted model");

        var history = await context.Store.GetModelHistoryAsync(ct);
        Assert.Contains(history, h => h.Version == baseline.Version && h.Action == "Retired");

        // The same store through the CLI: the registry, and why the first report scored as it did.
        var (listExit, list) = await Cli.RunAsync("model", "list", "--database", context.DatabasePath);
        Assert.Equal(0, listExit);
        Assert.Contains(candidate.Version, list, StringComparison.Ordinal);
        Assert.Contains("Retired", list, StringComparison.Ordinal);
        var (explainExit, explanation) = await Cli.RunAsync("model", "explain", first.ReportKey, "--model", _baselinePath, "--database", context.DatabasePath);
        Assert.Equal(0, explainExit);
        Assert.Contains(baseline.Version, explanation, StringComparison.Ordinal);
        Assert.Contains("THREAT: what added most to its log-odds", explanation, StringComparison.Ordinal);
        Assert.Contains("raised:", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelScorePrintsOneJsonLinePerReportAndNamesTheBadLinesApart()
    {
        using var folder = new TempFolder();
        var input = folder.Write("reports.jsonl", """
            {"id":"r1","narrative":"Male stated he would blow up the courthouse tomorrow morning with a pipe bomb."}
            {"id":"r2","narrative":"Tourists took photos of the capitol dome and the statues."}
            this is not json
            {"id":"r4","narrative":"Protesters held signs and chanted during a permitted march outside the mosque; a man filmed the security cameras from across the street.","kind":"SAR"}
            {"id":"r5","narrative":"<script>alert(1)</script> '; DROP TABLE reports; --","call_type":"SUSPICIOUS PERSON"}
            """);

        var (exit, output) = await Cli.RunAsync("model", "score", input);

        Assert.Equal(1, exit); // one unreadable line
        Assert.Contains("line 3: not valid JSON", output, StringComparison.Ordinal);
        var lines = output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["r1", "r2", "r4", "r5"], lines.Select(l => l.GetProperty("id").GetString()));
        foreach (var line in lines)
        {
            Assert.Equal(16, line.GetProperty("scores").EnumerateObject().Count());
            Assert.All(line.GetProperty("scores").EnumerateObject(), s => Assert.InRange(s.Value.GetDouble(), 0, 1));
            Assert.Equal(JsonValueKind.Array, line.GetProperty("categories").ValueKind);
            Assert.Equal(JsonValueKind.Array, line.GetProperty("explanation").ValueKind);
            Assert.True(line.TryGetProperty("hold", out _));
            Assert.StartsWith("isesar-lr-", line.GetProperty("model").GetString(), StringComparison.Ordinal);
        }
        var threat = lines[0];
        Assert.Contains("THREAT", threat.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.True(threat.GetProperty("alert").GetBoolean());
        Assert.Contains(threat.GetProperty("explanation").EnumerateArray(), e => e.GetProperty("category").GetString() == "THREAT");
        Assert.False(lines[1].GetProperty("alert").GetBoolean());
        Assert.Empty(lines[1].GetProperty("categories").EnumerateArray());
    }

    [Fact]
    public async Task ModelPromoteRegistersAFileAndRefusesAnUnknownVersion()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "store.db");
        var baseline = ModelArtifact.Load(_baselinePath);

        var (exit, output) = await Cli.RunAsync("model", "promote", _baselinePath, "--reason", "first model", "--actor", "engineer-1", "--database", database);
        var (unknownExit, unknown) = await Cli.RunAsync("model", "promote", "isesar-lr-nope", "--database", database);
        var (corruptExit, corrupt) = await Cli.RunAsync("model", "promote", folder.Write("bad.isesar", "not a model"), "--database", database);

        Assert.Equal((0, 1, 1), (exit, unknownExit, corruptExit));
        Assert.Contains($"promoted {baseline.Version}", output, StringComparison.Ordinal);
        Assert.Contains("isesar-lr-nope", unknown, StringComparison.Ordinal);
        Assert.Contains("cannot read", corrupt, StringComparison.Ordinal);
        await using var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineStore>.Instance);
        var promoted = await store.GetPromotedModelAsync(includeArtifact: true, TestContext.Current.CancellationToken);
        Assert.Equal((baseline.Version, "engineer-1", "first model"), (promoted!.Version, promoted.PromotedBy, promoted.PromotionReason));
        Assert.Equal(await File.ReadAllBytesAsync(_baselinePath, TestContext.Current.CancellationToken), promoted.Artifact);
    }

    [Fact]
    public async Task ModelTrainLearnsFromAnalystLabelsInTheStoreAndWritesAModelThatScores()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "store.db");
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineStore>.Instance))
        {
            await store.MigrateAsync(ct);
            var now = DateTimeOffset.UtcNow;
            var reports = Enumerable.Range(0, 3).Select(i => new Pipeline.Contracts.Report
            {
                IdempotencyKey = $"demo-sar:L{i}",
                FeedId = "demo-sar",
                SourceRecordId = $"L{i}",
                Kind = Pipeline.Contracts.ReportKind.Sar,
                OccurredAt = now.AddHours(-i),
                ReceivedAt = now,
                Narrative = i == 2 ? "Vendor restocked the vending machines in the lobby." : "A man cut the padlock on the reservoir hatch and poured an unknown liquid into the intake.",
                Origin = new Pipeline.Contracts.RecordOrigin("t.feeds.demo-sar.raw", 0, i),
            }).ToList();
            await store.WriteBatchAsync([.. reports.Select(r => new ReportWrite(r, $"sha256:{r.SourceRecordId}", null, null))], ct);
            await store.WriteReportLabelAsync("demo-sar:L0", ["SABOT", "SECTOR"], "analyst-7", now, ct);
            await store.WriteReportLabelAsync("demo-sar:L1", ["SABOT"], "analyst-7", now, ct);
            await store.WriteReportLabelAsync("demo-sar:L2", [], "analyst-7", now, ct);
        }
        var output = Path.Combine(folder.Path, "m.isesar");

        var (exit, text) = await Cli.RunAsync("model", "train", "--records", "400", "--evaluation-records", "200", "--hash-bits", "14", "--epochs", "2", "--store-labels", "--register", "--database", database, "--out", output, "--created-at", "2026-11-22T10:00:00Z");

        Assert.True(exit == 0, text);
        Assert.Contains("3 analyst-labelled reports from the store", text, StringComparison.Ordinal);
        Assert.Contains("Macro F1", text, StringComparison.Ordinal);
        var model = ModelArtifact.Load(output);
        Assert.StartsWith("isesar-lr-20261122T100000Z-", model.Version, StringComparison.Ordinal);
        Assert.Equal(403, model.Metadata.TrainingReports);
        Assert.Contains("analyst-labelled", model.Metadata.TrainingData, StringComparison.Ordinal);
        Assert.Contains(model.Metadata.Evaluations, e => e.Dataset.Contains("held-out templates", StringComparison.Ordinal));
        await using var check = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineStore>.Instance);
        var registered = await check.GetModelAsync(model.Version, includeArtifact: false, ct);
        Assert.Equal(ModelStatus.Candidate, registered!.Status);
    }
}
