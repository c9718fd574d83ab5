using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Fairness;
using Pipeline.Scoring.Model;
using Pipeline.Storage;
using Pipeline.Worker.Fairness;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Two candidates trained once for the class with the built CLI, on generated narratives whose
/// neighbourhood mentions depend on race: one on true labels, one on labels skewed against race=B
/// (half of B's innocent reports recorded as suspicious). Both are registered, each with its
/// evaluation fairness report. Tests work on copies of the store, so none sees another's promotions.
/// </summary>
public sealed class TrainedCandidates : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string DatabasePath => Path.Combine(_folder.Path, "trained.db");

    public string Unbiased { get; private set; } = "";

    public string Biased { get; private set; } = "";

    public string UnbiasedTraining { get; private set; } = "";

    public string BiasedTraining { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        (Unbiased, UnbiasedTraining) = await TrainAsync("unbiased");
        (Biased, BiasedTraining) = await TrainAsync("biased", "--label-bias", "race=B:0.5");
    }

    /// <summary>A copy of the trained store (SQLite's online backup, so the WAL is included) in <paramref name="folder"/>.</summary>
    public string CopyStore(string folder)
    {
        var copy = Path.Combine(folder, "store.db");
        using var source = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        return copy;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(string Version, string Output)> TrainAsync(string name, params string[] extra)
    {
        var file = Path.Combine(_folder.Path, name + ModelArtifact.Extension);
        var (exit, output) = await Cli.RunAsync(
            ["model", "train", "--records", "20000", "--seed", "3", "--folds", "0", "--proxy-places", .. extra, "--register", "--database", DatabasePath, "--out", file]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"model train ({name}) exited with {exit}:\n{output}");
        }
        return (ModelArtifact.Load(file).Version, output);
    }
}

public sealed class FairnessGateTests(TrainedCandidates candidates) : IClassFixture<TrainedCandidates>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACandidateTrainedOnLabelsSkewedAgainstAGroupIsRefusedWithExitCode3AndStaysACandidate()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);

        var (exit, output) = await Cli.RunAsync("model", "promote", candidates.Biased, "--database", database);

        Assert.True(exit == 3, output);
        Assert.Contains($"{candidates.Biased} fails fairness policy fusion-center-default", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^  race=B: falsePositiveRate ratio \d+\.\d\d \(95% interval \d+\.\d\d to \d+\.\d\d\) against race=\w+, outside 0\.80 to 1\.25$", RegexOptions.Multiline), output);
        Assert.Contains("not promoted (fairness report gate-", output, StringComparison.Ordinal);
        Assert.Contains("--override-reason", output, StringComparison.Ordinal);
        var (listExit, list) = await Cli.RunAsync("model", "list", "--database", database);
        Assert.Equal(0, listExit);
        Assert.Matches(new Regex($@"{Regex.Escape(candidates.Biased)}\s*│\s*Candidate\s*│"), list);
        await using var store = Open(database);
        Assert.Null(await store.GetPromotedModelVersionAsync(Ct));
        Assert.Equal(ModelStatus.Candidate, (await store.GetModelAsync(candidates.Biased, includeArtifact: false, Ct))!.Status);
        Assert.DoesNotContain(await store.GetModelHistoryAsync(Ct), h => h.Action == "Promoted");
        var gate = Assert.Single(await store.ListFairnessReportsAsync(candidates.Biased, 50, Ct), r => r.Kind == FairnessReportKind.Gate);
        Assert.False(gate.Passed);
        Assert.Null(gate.OverrideReason);
        Assert.Null(gate.OverriddenBy);
        Assert.Equal(FairnessPolicy.Load(FairnessAudits.DefaultPolicyPath).Sha256, gate.PolicySha256);
        Assert.Equal(20_000, gate.RowsAudited);
    }

    [Fact]
    public async Task ACandidateTrainedOnTrueLabelsPassesTheGateAndIsPromoted()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);

        var (exit, output) = await Cli.RunAsync("model", "promote", candidates.Unbiased, "--reason", "fair on the audit set", "--actor", "lead-analyst", "--database", database);

        Assert.True(exit == 0, output);
        Assert.Contains($"promoted {candidates.Unbiased}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fails fairness policy", output, StringComparison.Ordinal);
        await using var store = Open(database);
        var promoted = await store.GetPromotedModelAsync(includeArtifact: false, Ct);
        Assert.Equal((candidates.Unbiased, "lead-analyst", "fair on the audit set"), (promoted!.Version, promoted.PromotedBy, promoted.PromotionReason));
        var gate = Assert.Single(await store.ListFairnessReportsAsync(candidates.Unbiased, 50, Ct), r => r.Kind == FairnessReportKind.Gate);
        Assert.True(gate.Passed);
        Assert.Null(gate.OverrideReason);
    }

    [Fact]
    public async Task AnOverrideReasonTooLongToKeepIsRefusedBeforeTheGateRunsAndNothingIsPromoted()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);

        var (exit, output) = await Cli.RunAsync("model", "promote", candidates.Biased, "--override-reason", new string('x', 901), "--database", database);

        Assert.True(exit == 2, output);
        Assert.Contains("--override-reason is 901 characters; write it in at most 900", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fairness gate (policy", output, StringComparison.Ordinal);
        await using var store = Open(database);
        Assert.Null(await store.GetPromotedModelAsync(includeArtifact: false, Ct));
    }

    [Fact]
    public async Task AFailingCandidatePromotedWithAnOverrideReasonHasTheReasonInTheRegistryAndTheGateReport()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);

        var (exit, output) = await Cli.RunAsync("model", "promote", candidates.Biased, "--override-reason", "test override", "--actor", "lead-analyst", "--database", database);

        Assert.True(exit == 0, output);
        Assert.Contains("fails fairness policy", output, StringComparison.Ordinal);
        Assert.Contains("fairness gate overridden by lead-analyst: test override", output, StringComparison.Ordinal);
        Assert.Contains($"promoted {candidates.Biased}", output, StringComparison.Ordinal);
        await using var store = Open(database);
        var promoted = await store.GetPromotedModelAsync(includeArtifact: false, Ct);
        Assert.Equal((candidates.Biased, "lead-analyst"), (promoted!.Version, promoted.PromotedBy));
        var gate = Assert.Single(await store.ListFairnessReportsAsync(candidates.Biased, 50, Ct), r => r.Kind == FairnessReportKind.Gate);
        Assert.Equal(((bool?)false, "test override", "lead-analyst"), (gate.Passed, gate.OverrideReason, gate.OverriddenBy));
        Assert.StartsWith("fairness gate overridden", promoted.PromotionReason, StringComparison.Ordinal);
        Assert.Contains(gate.ReportId, promoted.PromotionReason, StringComparison.Ordinal);
        Assert.EndsWith(": test override", promoted.PromotionReason, StringComparison.Ordinal);
        // The stored report itself says it was overridden, why, and which groups failed.
        var stored = await store.GetFairnessReportAsync(gate.ReportId, Ct);
        using var json = JsonDocument.Parse(stored!.Json);
        var decision = json.RootElement.GetProperty("gate");
        Assert.True(decision.GetProperty("overridden").GetBoolean());
        Assert.Equal("test override", decision.GetProperty("overrideReason").GetString());
        Assert.Contains(
            decision.GetProperty("failures").EnumerateArray(),
            f => f.GetProperty("group").GetString() == "race=B" && f.GetProperty("metric").GetString() == "falsePositiveRate");
        Assert.Contains("test override", stored.Html, StringComparison.Ordinal);
        var (listExit, list) = await Cli.RunAsync("audit", "list", "--database", database);
        Assert.Equal(0, listExit);
        Assert.Matches(new Regex($@"{Regex.Escape(gate.ReportId)}\s*│\s*Gate\s*│\s*{Regex.Escape(candidates.Biased)}.*│\s*FAILED\s*│\s*test override\s*│\s*lead-analyst"), list);
    }

    [Fact]
    public async Task AuditListShowsTheEvaluationReportOfEachTrainedModelAndTheGateReports()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);
        var (refused, _) = await Cli.RunAsync("model", "promote", candidates.Biased, "--database", database);
        var (passed, _) = await Cli.RunAsync("model", "promote", candidates.Unbiased, "--database", database);
        Assert.Equal((3, 0), (refused, passed));

        var (exit, list) = await Cli.RunAsync("audit", "list", "--database", database);
        var (onlyExit, onlyUnbiased) = await Cli.RunAsync("audit", "list", "--model", candidates.Unbiased, "--database", database);

        Assert.Equal((0, 0), (exit, onlyExit));
        await using var store = Open(database);
        var reports = await store.ListFairnessReportsAsync(null, 50, Ct);
        Assert.Equal(4, reports.Count);
        Assert.Equal(
            [
                (FairnessReportKind.Evaluation, candidates.Biased, (bool?)null),
                (FairnessReportKind.Evaluation, candidates.Unbiased, null),
                (FairnessReportKind.Gate, candidates.Biased, false),
                (FairnessReportKind.Gate, candidates.Unbiased, true),
            ],
            reports.Select(r => (r.Kind, r.ModelVersion, r.Passed)).OrderBy(r => r.Kind).ThenBy(r => r.ModelVersion == candidates.Unbiased));
        foreach (var r in reports)
        {
            var verdict = r.Passed switch { true => "passed", false => "FAILED", null => "-" };
            Assert.Matches(new Regex($@"{Regex.Escape(r.ReportId)}\s*│\s*{r.Kind}\s*│\s*{Regex.Escape(r.ModelVersion)}\s*│\s*-\s*│\s*20,000\s*│\s*{Regex.Escape(verdict)}\s*│"), list);
            Assert.Equal(r.ModelVersion == candidates.Unbiased, onlyUnbiased.Contains(r.ReportId, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TrainingWithRegisterStoresAnEvaluationFairnessReportOfTheHeldOutPredictions()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);
        await using var store = Open(database);

        foreach (var (version, training) in new[] { (candidates.Unbiased, candidates.UnbiasedTraining), (candidates.Biased, candidates.BiasedTraining) })
        {
            var evaluation = Assert.Single(await store.ListFairnessReportsAsync(version, 50, Ct));
            Assert.Equal((FairnessReportKind.Evaluation, 20_000L), (evaluation.Kind, evaluation.RowsAudited));
            Assert.Null(evaluation.Passed);
            Assert.Null(evaluation.WindowFrom);
            Assert.Contains($"registered {version} as a candidate, with fairness report {evaluation.ReportId}", training, StringComparison.Ordinal);
            Assert.Equal(ModelStatus.Candidate, (await store.GetModelAsync(version, includeArtifact: false, Ct))!.Status);
        }
        // The biased model learned the neighbourhood proxy: its held-out audit names it for race.
        Assert.Contains("race: the strongest proxy is narrative:", candidates.BiasedTraining, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditShowPrintsAStoredReportAndWritesItsJsonAndHtml()
    {
        using var folder = new TempFolder();
        var database = candidates.CopyStore(folder.Path);
        await using var store = Open(database);
        var id = Assert.Single(await store.ListFairnessReportsAsync(candidates.Biased, 50, Ct)).ReportId;
        var stored = await store.GetFairnessReportAsync(id, Ct);
        var output = Path.Combine(folder.Path, "shown");

        var (exit, text) = await Cli.RunAsync("audit", "show", id, "--out", output, "--database", database);
        var (missingExit, missing) = await Cli.RunAsync("audit", "show", "evaluation-19990101T000000000Z-00000000", "--database", database);

        Assert.True(exit == 0, text);
        Assert.Contains($"{id}: Evaluation audit of {candidates.Biased}", text, StringComparison.Ordinal);
        Assert.Contains(stored!.Summary.Split('\n')[0], text, StringComparison.Ordinal);
        Assert.Contains($"wrote report.json and report.html to {output}", text, StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(Path.Combine(output, "report.json"), Ct);
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"), Ct);
        Assert.Equal(stored.Json, json);
        Assert.Equal(stored.Html, html);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("pipeline.fairness-audit/1", document.RootElement.GetProperty("schema").GetString());
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(1, missingExit);
        Assert.Contains("no fairness report evaluation-19990101T000000000Z-00000000", missing, StringComparison.Ordinal);
    }

    private static PipelineStore Open(string database) =>
        PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
}
