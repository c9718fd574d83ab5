using System.Data.Common;
using System.Security.Cryptography;
using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The model registry, analysts' labels and alert explanations, on every dialect: each concrete
/// subclass runs these against its own engine, on a database of its own per test.
/// </summary>
public abstract class ModelStoreTests : StoreTestBase
{
    private static readonly DateTimeOffset Trained = new(2026, 11, 1, 8, 0, 0, 250, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 15, 30, 125, TimeSpan.Zero);

    [Fact]
    public async Task MigrationsCreateTheModelTablesOnAnEmptyDatabaseAndASecondRunAppliesNothing()
    {
        var store = await StoreAsync();

        var first = await store.MigrateAsync(Ct);
        var second = await store.MigrateAsync(Ct);

        Assert.Contains("0008_models.sql", first.Applied);
        Assert.True(second.NothingApplied);
        Assert.Equal(first.Applied.Count, second.AlreadyApplied);
        await using var connection = await Target.OpenAsync(Ct);
        var tables = await Target.ListTablesAsync(connection, Ct);
        Assert.Contains(Target.Qualify("models"), tables);
        Assert.Contains(Target.Qualify("model_promotions"), tables);
        Assert.Contains(Target.Qualify("report_labels"), tables);
        Assert.Contains("explanation", await Target.ListColumnsAsync(connection, Target.Qualify("alerts"), Ct));
    }

    [Fact]
    public async Task ARegisteredModelIsACandidateWithARegisteredHistoryEntry()
    {
        var store = await MigratedStoreAsync();
        var registration = Registration("ise-sar-2026.11.1", 1);

        var registered = await store.RegisterModelAsync(registration, "trainer", At, Ct);

        Assert.True(registered);
        var model = await store.GetModelAsync("ise-sar-2026.11.1", includeArtifact: false, Ct);
        Assert.NotNull(model);
        Assert.Equal(
            new StoredModel("ise-sar-2026.11.1", Trained, At, Sha256(registration.Artifact), "sha256:training-1", registration.MetadataJson,
                ModelStatus.Candidate, null, null, null, null),
            model);
        Assert.Equal([new ModelPromotionEntry("ise-sar-2026.11.1", "Registered", At, "trainer", null)], await store.GetModelHistoryAsync(Ct));
        Assert.Null(await store.GetPromotedModelVersionAsync(Ct));
        Assert.Null(await store.GetPromotedModelAsync(includeArtifact: true, Ct));
        Assert.Null(await store.GetModelAsync("not-registered", includeArtifact: true, Ct));
    }

    [Fact]
    public async Task PromotingRetiresThePreviouslyPromotedModelAndTheHistoryRecordsEveryStep()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);
        await store.RegisterModelAsync(Registration("v2", 2), "trainer", At.AddMinutes(1), Ct);

        await store.PromoteModelAsync("v1", "lead-analyst", "first model", At.AddMinutes(2), Ct);
        Assert.Equal("v1", await store.GetPromotedModelVersionAsync(Ct));
        await store.PromoteModelAsync("v2", "supervisor", "better recall on PHOTO", At.AddMinutes(3), Ct);

        Assert.Equal("v2", await store.GetPromotedModelVersionAsync(Ct));
        var v1 = (await store.GetModelAsync("v1", includeArtifact: false, Ct))!;
        var v2 = (await store.GetModelAsync("v2", includeArtifact: false, Ct))!;
        Assert.Equal((ModelStatus.Retired, At.AddMinutes(2), "lead-analyst", "first model"), (v1.Status, v1.PromotedAt, v1.PromotedBy, v1.PromotionReason));
        Assert.Equal((ModelStatus.Promoted, At.AddMinutes(3), "supervisor", "better recall on PHOTO"), (v2.Status, v2.PromotedAt, v2.PromotedBy, v2.PromotionReason));
        Assert.Equal(
            [
                new ModelPromotionEntry("v1", "Registered", At, "trainer", null),
                new ModelPromotionEntry("v2", "Registered", At.AddMinutes(1), "trainer", null),
                new ModelPromotionEntry("v1", "Promoted", At.AddMinutes(2), "lead-analyst", "first model"),
                new ModelPromotionEntry("v1", "Retired", At.AddMinutes(3), "supervisor", "better recall on PHOTO"),
                new ModelPromotionEntry("v2", "Promoted", At.AddMinutes(3), "supervisor", "better recall on PHOTO"),
            ],
            await store.GetModelHistoryAsync(Ct));
    }

    [Fact]
    public async Task ARetiredModelCanBePromotedAgainAndTheOtherIsRetired()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);
        await store.RegisterModelAsync(Registration("v2", 2), "trainer", At, Ct);
        await store.PromoteModelAsync("v1", "lead", null, At.AddMinutes(1), Ct);
        await store.PromoteModelAsync("v2", "lead", null, At.AddMinutes(2), Ct);

        await store.PromoteModelAsync("v1", "lead", "roll back", At.AddMinutes(3), Ct);

        var statuses = (await store.ListModelsAsync(Ct)).ToDictionary(m => m.Version, m => m.Status);
        Assert.Equal(ModelStatus.Promoted, statuses["v1"]);
        Assert.Equal(ModelStatus.Retired, statuses["v2"]);
        Assert.Equal(At.AddMinutes(3), (await store.GetPromotedModelAsync(includeArtifact: false, Ct))!.PromotedAt);
    }

    [Fact]
    public async Task TheDatabaseRefusesASecondPromotedModel()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);
        await store.RegisterModelAsync(Registration("v2", 2), "trainer", At, Ct);
        await store.PromoteModelAsync("v1", "lead", null, At, Ct);
        await using var connection = await Target.OpenAsync(Ct);

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, $"UPDATE {Target.Qualify("models")} SET status = 'Promoted' WHERE version = 'v2'"));

        Assert.Single(await store.ListModelsAsync(Ct), m => m.Status == ModelStatus.Promoted);
    }

    [Fact]
    public async Task PromotingThePromotedModelAgainChangesNothing()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);
        await store.PromoteModelAsync("v1", "lead", "first", At, Ct);
        var before = (await store.GetModelAsync("v1", includeArtifact: false, Ct), await store.GetModelHistoryAsync(Ct));

        await store.PromoteModelAsync("v1", "someone-else", "again", At.AddHours(1), Ct);

        Assert.Equal(before.Item1, await store.GetModelAsync("v1", includeArtifact: false, Ct));
        Assert.Equal(before.Item2, await store.GetModelHistoryAsync(Ct));
    }

    [Fact]
    public async Task PromotingAnUnknownVersionThrowsNamingItAndChangesNothing()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);
        await store.PromoteModelAsync("v1", "lead", null, At, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.PromoteModelAsync("v9-missing", "lead", null, At, Ct));

        Assert.Contains("v9-missing", error.Message, StringComparison.Ordinal);
        Assert.Equal("v1", await store.GetPromotedModelVersionAsync(Ct));
        Assert.Equal(2, (await store.GetModelHistoryAsync(Ct)).Count);
    }

    [Fact]
    public async Task RegisteringTheSameVersionWithTheSameBytesAgainReturnsFalseAndChangesNothing()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("v1", 1), "trainer", At, Ct);

        var again = await store.RegisterModelAsync(Registration("v1", 1), "someone-else", At.AddHours(1), Ct);

        Assert.False(again);
        Assert.Equal(At, (await store.GetModelAsync("v1", includeArtifact: false, Ct))!.RegisteredAt);
        Assert.Single(await store.GetModelHistoryAsync(Ct));
    }

    [Fact]
    public async Task RegisteringAVersionWithDifferentBytesThrowsNamingTheVersion()
    {
        var store = await MigratedStoreAsync();
        var original = Registration("v1", 1);
        await store.RegisterModelAsync(original, "trainer", At, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.RegisterModelAsync(Registration("v1", 2), "trainer", At.AddHours(1), Ct));

        Assert.Contains("v1", error.Message, StringComparison.Ordinal);
        var kept = await store.GetModelAsync("v1", includeArtifact: true, Ct);
        Assert.Equal(original.Artifact, kept!.Artifact);
        Assert.Single(await store.GetModelHistoryAsync(Ct));
    }

    [Fact]
    public async Task MetadataThatIsNotJsonIsRefused()
    {
        var store = await MigratedStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => store.RegisterModelAsync(Registration("v1", 1) with { MetadataJson = "{not json" }, "trainer", At, Ct));

        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task AThreeMegabyteArtifactRoundTripsByteForByte()
    {
        var store = await MigratedStoreAsync();
        var artifact = new byte[3 * 1024 * 1024];
        new Random(20261121).NextBytes(artifact);
        await store.RegisterModelAsync(Registration("big", 1) with { Artifact = artifact }, "trainer", At, Ct);
        await store.PromoteModelAsync("big", "lead", null, At, Ct);

        var byVersion = await store.GetModelAsync("big", includeArtifact: true, Ct);
        var promoted = await store.GetPromotedModelAsync(includeArtifact: true, Ct);
        var withoutBytes = await store.GetModelAsync("big", includeArtifact: false, Ct);

        Assert.True(artifact.AsSpan().SequenceEqual(byVersion!.Artifact));
        Assert.True(artifact.AsSpan().SequenceEqual(promoted!.Artifact));
        Assert.Equal(Sha256(artifact), byVersion.Sha256);
        Assert.Null(withoutBytes!.Artifact);
    }

    [Fact]
    public async Task ModelsAreListedNewestFirstWithoutArtifacts()
    {
        var store = await MigratedStoreAsync();
        await store.RegisterModelAsync(Registration("old", 1) with { CreatedAt = Trained.AddDays(-10) }, "trainer", At, Ct);
        await store.RegisterModelAsync(Registration("new", 2) with { CreatedAt = Trained.AddDays(5) }, "trainer", At, Ct);
        await store.RegisterModelAsync(Registration("mid", 3), "trainer", At, Ct);

        var models = await store.ListModelsAsync(Ct);

        Assert.Equal(["new", "mid", "old"], models.Select(m => m.Version));
        Assert.All(models, m => Assert.Null(m.Artifact));
    }

    [Fact]
    public async Task LabelsAreUpsertedAndReadBackWithTheReportsScoringFields()
    {
        var store = await MigratedStoreAsync();
        var writes = Sample.Writes(1, 3);
        await store.WriteBatchAsync(writes, Ct);

        await store.WriteReportLabelAsync(Sample.Key(2), ["SURVL"], "analyst-a", At, Ct);
        await store.WriteReportLabelAsync(Sample.Key(1), [], "analyst-a", At.AddMinutes(1), Ct);
        await store.WriteReportLabelAsync(Sample.Key(2), ["photo", "SURVL", "PHOTO"], "analyst-b", At.AddMinutes(2), Ct);

        var labelled = await store.GetLabelledReportsAsync(Ct);

        Assert.Equal([Sample.Key(1), Sample.Key(2)], labelled.Select(l => l.Report.IdempotencyKey));
        Assert.Empty(labelled[0].Categories);
        Assert.Equal(("analyst-a", At.AddMinutes(1)), (labelled[0].LabelledBy, labelled[0].LabelledAt));
        // Replaced, not added to; codes in the standard's order (PHOTO before SURVL), without repeats.
        Assert.Equal(["PHOTO", "SURVL"], labelled[1].Categories);
        Assert.Equal(("analyst-b", At.AddMinutes(2)), (labelled[1].LabelledBy, labelled[1].LabelledAt));
        Assert.Equal(ScoringPart(writes[0].Report), labelled[0].Report);
        Assert.Equal(ScoringPart(writes[1].Report), labelled[1].Report);
        Assert.Empty(labelled[1].Report.Privacy.Subjects);
        Assert.Empty(labelled[1].Report.Protected.Values);
    }

    [Fact]
    public async Task GetReportRebuildsTheCanonicalReportWithItsGeocodingAndNothingPrivate()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.Write(5);
        var placed = write.Report with
        {
            Location = write.Report.Location with { Provider = "gazetteer", MatchedAddress = "105 N MAIN ST", Confidence = 0.85, Jurisdictions = ["county-1", "pd-1"] },
        };
        await store.WriteBatchAsync([write with { Report = placed }], Ct);

        var report = await store.GetReportAsync(Sample.Key(5), Ct);

        Assert.NotNull(report);
        Assert.Equal(["county-1", "pd-1"], report.Location.Jurisdictions);
        Assert.Equal(
            ScoringPart(placed) with { Location = placed.Location with { Jurisdictions = null } },
            report with { Location = report.Location with { Jurisdictions = null } });
        Assert.Equal(placed.Origin, report.Origin);
        Assert.True(placed.Privacy.Subjects.Count > 0);
        Assert.Same(PrivacyFields.None, report.Privacy);
        Assert.Same(ProtectedAttributes.None, report.Protected);
        Assert.Null(await store.GetReportAsync("cad-metro:missing", Ct));
    }

    [Fact]
    public async Task LabellingAReportThatIsNotStoredIsRefused()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(1)], Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.WriteReportLabelAsync("cad-metro:unknown", ["SURVL"], "analyst-a", At, Ct));

        Assert.Contains("cad-metro:unknown", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.GetLabelledReportsAsync(Ct));
    }

    [Fact]
    public async Task LabellingWithACodeThatIsNotAnIseSarCategoryIsRefusedAndKeepsTheOldLabel()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(1)], Ct);
        await store.WriteReportLabelAsync(Sample.Key(1), ["THREAT"], "analyst-a", At, Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => store.WriteReportLabelAsync(Sample.Key(1), ["SURVL", "LOITER"], "analyst-b", At.AddMinutes(1), Ct));

        Assert.Contains("LOITER", error.Message, StringComparison.Ordinal);
        var label = Assert.Single(await store.GetLabelledReportsAsync(Ct));
        Assert.Equal(["THREAT"], label.Categories);
        Assert.Equal("analyst-a", label.LabelledBy);
    }

    [Fact]
    public async Task AnAlertsExplanationRoundTripsThroughTheBatchWrite()
    {
        var store = await MigratedStoreAsync();
        ScoreEvidence[] evidence =
        [
            new("SURVL", "narrative:\"photographing the substation\"", 2.25),
            new("SURVL", "target-sector:\"Energy\"", 0.75),
            new("PHOTO", "narrative:\"photographing\"", 1.5),
        ];
        var explained = Sample.Write(2);
        explained = explained with { Alert = explained.Alert! with { Explanation = evidence } };
        var unexplained = Sample.Write(4);

        await store.WriteBatchAsync([explained, unexplained], Ct);

        var alerts = await store.GetAlertsAsync(Ct);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(evidence, alerts.Single(a => a.ReportKey == Sample.Key(2)).Explanation);
        Assert.Null(alerts.Single(a => a.ReportKey == Sample.Key(4)).Explanation);
    }

    private static ModelRegistration Registration(string version, int seed)
    {
        var artifact = new byte[4096];
        new Random(seed).NextBytes(artifact);
        return new ModelRegistration(version, Trained, $"sha256:training-{seed}", $$"""{"kind":"ise-sar-logistic","seed":{{seed}},"categories":16}""", artifact);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>What the store gives back of a report: everything but privacy fields and protected attributes.</summary>
    private static Report ScoringPart(Report report) =>
        report with { Privacy = PrivacyFields.None, Protected = ProtectedAttributes.None };

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}

/// <summary>The model registry on SQLite, the embedded default.</summary>
public sealed class SqliteModelStoreTests : ModelStoreTests
{
    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>The model registry on SQL Server; skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerModelStoreTests : ModelStoreTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
