using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Fairness;
using Pipeline.Scoring.Model;
using Pipeline.Storage;
using Pipeline.Worker;
using Pipeline.Worker.Fairness;

namespace Pipeline.IntegrationTests;

/// <summary><c>audit run</c> on decisions a worker made from records published to Kafka, with analysts' labels written afterwards.</summary>
[Collection(KafkaTests.Name)]
public sealed class AuditRunOnWorkerDecisionsTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task AuditRunJudgesAWindowOfTheWorkersDecisionsAndStoresAProductionReportWithItsWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync();
        var from = WholeSeconds(DateTimeOffset.UtcNow.AddMinutes(-1));
        var now = DateTimeOffset.UtcNow;
        // 60 reports, 30 of race W and 30 of race B, one in four a threat; 4 more without protected attributes.
        var records = Enumerable.Range(0, 64).Select(i => Sar(
            $"A-{i}",
            i % 4 == 0
                ? "Caller states a man in the lobby said he would come back with a gun and shoot everyone in the clerk's office."
                : "Vendor restocked the vending machines in the lobby and left.",
            now.AddMinutes(-i),
            race: i >= 60 ? null : i % 2 == 0 ? "W" : "B")).ToList();
        await context.PublishAsync(RawRecords.SarFeed, records);
        await context.WaitForReceiptsAsync(records.Count, TimeSpan.FromSeconds(60));
        // Analysts vet 24 of them: the threats as THREAT, the rest as not ISE-SAR.
        for (var i = 0; i < 24; i++)
        {
            await context.Store.WriteReportLabelAsync($"{RawRecords.SarFeed}:A-{i}", i % 4 == 0 ? ["THREAT"] : [], "analyst-1", now, ct);
        }
        var to = WholeSeconds(DateTimeOffset.UtcNow.AddMinutes(1));
        var model = (await context.Store.GetPromotedModelVersionAsync(ct))!;
        Assert.Equal(64, (await context.Store.GetDecisionsForAuditAsync(model, from, to, ct)).Count);
        var output = Path.Combine(Path.GetDirectoryName(context.DatabasePath)!, "audit");

        var (exit, text) = await Cli.RunAsync("audit", "run", "--from", Iso(from), "--to", Iso(to), "--out", output, "--actor", "auditor-1", "--database", context.DatabasePath);

        Assert.True(exit == 0, text);
        Assert.Contains($"audited 64 decisions of {model} from {from:yyyy-MM-dd HH:mm}Z to {to:yyyy-MM-dd HH:mm}Z", text, StringComparison.Ordinal);
        Assert.Contains("24 vetted by analysts, 4 without protected attributes", text, StringComparison.Ordinal);
        Assert.Matches(new Regex("^policy fusion-center-default: (passed|FAILED)", RegexOptions.Multiline), text);
        var id = Regex.Match(text, @"stored as fairness report (production-\S+)").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"wrote report.json, report.html and the CSV tables to {output}", text, StringComparison.Ordinal);

        var report = await context.Store.GetFairnessReportAsync(id, ct);
        Assert.NotNull(report);
        Assert.Equal((FairnessReportKind.Production, model, "auditor-1", 64L), (report.Kind, report.ModelVersion, report.CreatedBy, report.RowsAudited));
        Assert.Equal((from, to), (report.WindowFrom, report.WindowTo));
        Assert.Equal(FairnessPolicy.Load(FairnessAudits.DefaultPolicyPath).Sha256, report.PolicySha256);
        Assert.NotNull(report.Passed);

        var json = await File.ReadAllTextAsync(Path.Combine(output, "report.json"), ct);
        Assert.Equal(report.Json, json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("pipeline.fairness-audit/1", document.RootElement.GetProperty("schema").GetString());
        var groups = document.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("label").GetString()!);
        Assert.Equal(30, groups["race=W"].GetProperty("size").GetInt32());
        Assert.Equal(30, groups["race=B"].GetProperty("size").GetInt32());
        // Vetted: i < 24, so 12 of each race; unvetted: 18 of each.
        Assert.Equal(18, groups["race=W"].GetProperty("counts").GetProperty("unlabelled").GetInt32());
        Assert.Equal(18, groups["race=B"].GetProperty("counts").GetProperty("unlabelled").GetInt32());
        Assert.Equal(report.Html, await File.ReadAllTextAsync(Path.Combine(output, "report.html"), ct));
        var groupsCsv = await File.ReadAllLinesAsync(Path.Combine(output, "groups.csv"), ct);
        Assert.StartsWith("attribute,group,value,size,", groupsCsv[0], StringComparison.Ordinal);
        Assert.Contains(groupsCsv, line => line.StartsWith("race,race=B,B,30,", StringComparison.Ordinal));

        var (listExit, list) = await Cli.RunAsync("audit", "list", "--database", context.DatabasePath);
        Assert.Equal(0, listExit);
        Assert.Matches(new Regex($@"{Regex.Escape(id)}\s*│\s*Production\s*│\s*{Regex.Escape(model)}\s*│\s*{from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm}\s*│\s*64\s*│\s*(passed|FAILED)\s*│\s*│\s*auditor-1"), list);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Sar(string id, string narrative, DateTimeOffset occurredAt, string? race)
    {
        var json = new JsonObject
        {
            ["sarId"] = id,
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["narrative"] = narrative,
        };
        if (race is not null)
        {
            json["protectedAttributes"] = new JsonObject { ["race"] = race };
        }
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}

/// <summary><c>audit run</c>'s answers when there is nothing to audit or the command is wrong; a store with the shipped baseline promoted and no decisions.</summary>
public sealed class AuditRunCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => Path.Combine(_folder.Path, "store.db");

    [Fact]
    public async Task AuditRunOnAWindowWithoutDecisionsSaysThereIsNothingToJudgeAndExits0()
    {
        var baseline = await PromotedBaselineAsync();

        var (exit, text) = await Cli.RunAsync("audit", "run", "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z", "--database", Database);

        Assert.True(exit == 0, text);
        Assert.Contains($"audited 0 decisions of {baseline} from 2020-01-01 00:00Z to 2020-01-02 00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("no decisions in that window: nothing to judge", text, StringComparison.Ordinal);
        await using var store = Open();
        var report = Assert.Single(await store.ListFairnessReportsAsync(null, 50, Ct));
        Assert.Equal((FairnessReportKind.Production, 0L, (bool?)null), (report.Kind, report.RowsAudited, report.Passed));
        Assert.Contains("no gated comparison could be judged; no verdict", text, StringComparison.Ordinal);
        Assert.Equal(
            (new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero)),
            (report.WindowFrom, report.WindowTo));
    }

    [Theory]
    [InlineData("yesterday", null, "--from and --to must be ISO 8601 times")]
    [InlineData(null, "2026-13-45T00:00:00Z", "--from and --to must be ISO 8601 times")]
    [InlineData("2030-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "must be before --to")]
    [InlineData("2030-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "must be before --to")]
    public async Task AuditRunRefusesABadWindowWithExitCode2AndStoresNothing(string? from, string? to, string expected)
    {
        await PromotedBaselineAsync();
        string[] window = [.. from is null ? [] : new[] { "--from", from }, .. to is null ? [] : new[] { "--to", to }];

        var (exit, text) = await Cli.RunAsync(["audit", "run", .. window, "--database", Database]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        await using var store = Open();
        Assert.Empty(await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task AuditRunOnAnUnknownModelExits1NamingItAndStoresNothing()
    {
        await PromotedBaselineAsync();

        var (exit, text) = await Cli.RunAsync("audit", "run", "--model", "isesar-lr-nope", "--database", Database);

        Assert.Equal(1, exit);
        Assert.Contains("no registered model isesar-lr-nope", text, StringComparison.Ordinal);
        await using var store = Open();
        Assert.Empty(await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task AuditRunWithoutAModelOnAStoreWithNonePromotedExits1()
    {
        await using (var store = Open())
        {
            await store.MigrateAsync(Ct);
        }

        var (exit, text) = await Cli.RunAsync("audit", "run", "--database", Database);

        Assert.Equal(1, exit);
        Assert.Contains("no model is promoted in this store yet; name one with --model", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>Registers and promotes the shipped baseline through the store, as the worker's bootstrap does; returns its version.</summary>
    private async Task<string> PromotedBaselineAsync()
    {
        var bytes = await File.ReadAllBytesAsync(ScoringOptions.DefaultModelPath, Ct);
        var model = ModelArtifact.FromBytes(bytes);
        await using var store = Open();
        await store.MigrateAsync(Ct);
        await store.RegisterModelAsync(new ModelRegistration(model.Version, model.Metadata.CreatedAt, model.Metadata.TrainingDataHash, model.Metadata.ToJson(), bytes), "test", DateTimeOffset.UtcNow, Ct);
        await store.PromoteModelAsync(model.Version, "test", null, DateTimeOffset.UtcNow, Ct);
        return model.Version;
    }

    private PipelineStore Open() =>
        PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={Database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
}
