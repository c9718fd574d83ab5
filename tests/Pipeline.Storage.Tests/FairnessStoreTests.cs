using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Stored fairness reports and the production audit's read of a window's decisions, on every
/// dialect: each concrete subclass runs these against its own engine, on a database of its own per test.
/// </summary>
public abstract class FairnessStoreTests : StoreTestBase
{
    private static readonly DateTimeOffset Audited = new(2026, 11, 22, 10, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public async Task MigrationsOnAFreshStoreApplyTheFairnessReportsMigrationAndCreateItsTable()
    {
        var store = await StoreAsync();

        var result = await store.MigrateAsync(Ct);

        Assert.Contains("0009_fairness_reports.sql", result.Applied);
        await using var connection = await Target.OpenAsync(Ct);
        var table = FairnessTable;
        Assert.Contains(table, await Target.ListTablesAsync(connection, Ct));
        Assert.Equal(
            ["report_id", "kind", "model_version", "window_from", "window_to", "data_description", "created_at", "created_by", "rows_audited",
                "policy_sha256", "passed", "override_reason", "overridden_by", "summary", "report_json", "report_html"],
            await Target.ListColumnsAsync(connection, table, Ct));
        Assert.Empty(await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task AReportWithEveryFieldSetRoundTripsThroughSaveGetAndList()
    {
        var store = await MigratedStoreAsync();
        var report = Audit("gate-1", FairnessReportKind.Gate, "isesar-lr-b", Audited) with
        {
            WindowFrom = Audited.AddDays(-30),
            WindowTo = Audited.AddDays(-1),
            PolicySha256 = new string('a', 64),
            Passed = false,
            OverrideReason = "approved by the privacy board, ticket 42",
            OverriddenBy = "supervisor-1",
        };

        var saved = await store.SaveFairnessReportAsync(report, Ct);

        Assert.True(saved);
        Assert.Equal(report, await store.GetFairnessReportAsync("gate-1", Ct));
        Assert.Equal([report with { Json = "", Html = "" }], await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task AReportWithoutWindowPolicyOrOverrideRoundTripsItsNulls()
    {
        var store = await MigratedStoreAsync();
        var evaluation = Audit("evaluation-1", FairnessReportKind.Evaluation, "isesar-lr-a", Audited);
        var passed = Audit("production-1", FairnessReportKind.Production, "isesar-lr-a", Audited.AddMinutes(1)) with
        {
            WindowFrom = new DateTimeOffset(2026, 10, 23, 5, 15, 0, 123, TimeSpan.FromHours(-5)),
            WindowTo = Audited,
            PolicySha256 = new string('b', 64),
            Passed = true,
        };
        await store.SaveFairnessReportAsync(evaluation, Ct);
        await store.SaveFairnessReportAsync(passed, Ct);

        var gotEvaluation = await store.GetFairnessReportAsync("evaluation-1", Ct);
        var gotPassed = await store.GetFairnessReportAsync("production-1", Ct);

        Assert.Equal(evaluation, gotEvaluation);
        Assert.Null(gotEvaluation!.WindowFrom);
        Assert.Null(gotEvaluation.WindowTo);
        Assert.Null(gotEvaluation.PolicySha256);
        Assert.Null(gotEvaluation.Passed);
        Assert.Null(gotEvaluation.OverrideReason);
        Assert.Null(gotEvaluation.OverriddenBy);
        Assert.Equal(passed, gotPassed);
        Assert.Equal(TimeSpan.Zero, gotPassed!.WindowFrom!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 23, 10, 15, 0, 123, TimeSpan.Zero), gotPassed.WindowFrom);
        Assert.True(gotPassed.Passed);
        Assert.Null(await store.GetFairnessReportAsync("no-such-report", Ct));
    }

    [Fact]
    public async Task SavingAnIdThatIsAlreadyStoredReturnsFalseAndKeepsTheFirst()
    {
        var store = await MigratedStoreAsync();
        var first = Audit("gate-dup", FairnessReportKind.Gate, "isesar-lr-a", Audited) with { Passed = false };
        var second = Audit("gate-dup", FairnessReportKind.Gate, "isesar-lr-a", Audited.AddHours(1)) with
        {
            Passed = false,
            OverrideReason = "a later override must not replace the refusal",
            OverriddenBy = "someone-else",
            Summary = "replaced",
            Json = "{\"replaced\":true}",
        };
        await store.SaveFairnessReportAsync(first, Ct);

        var again = await store.SaveFairnessReportAsync(second, Ct);

        Assert.False(again);
        Assert.Equal(first, await store.GetFairnessReportAsync("gate-dup", Ct));
        Assert.Single(await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task ListIsNewestFirstFiltersByModelAndKeepsToTheLimit()
    {
        var store = await MigratedStoreAsync();
        // Saved out of time order; two share a creation time and are ordered by id, descending.
        await store.SaveFairnessReportAsync(Audit("r-2", FairnessReportKind.Gate, "model-a", Audited.AddMinutes(2)), Ct);
        await store.SaveFairnessReportAsync(Audit("r-0", FairnessReportKind.Evaluation, "model-a", Audited), Ct);
        await store.SaveFairnessReportAsync(Audit("r-4", FairnessReportKind.Production, "model-b", Audited.AddMinutes(4)), Ct);
        await store.SaveFairnessReportAsync(Audit("r-1", FairnessReportKind.Evaluation, "model-b", Audited.AddMinutes(1)), Ct);
        await store.SaveFairnessReportAsync(Audit("r-3b", FairnessReportKind.Gate, "model-a", Audited.AddMinutes(3)), Ct);
        await store.SaveFairnessReportAsync(Audit("r-3a", FairnessReportKind.Gate, "model-a", Audited.AddMinutes(3)), Ct);

        var all = await store.ListFairnessReportsAsync(null, 50, Ct);
        var modelA = await store.ListFairnessReportsAsync("model-a", 50, Ct);
        var newestTwo = await store.ListFairnessReportsAsync(null, 2, Ct);
        var newestOfB = await store.ListFairnessReportsAsync("model-b", 1, Ct);
        var none = await store.ListFairnessReportsAsync("model-c", 50, Ct);

        Assert.Equal(["r-4", "r-3b", "r-3a", "r-2", "r-1", "r-0"], all.Select(r => r.ReportId));
        Assert.Equal(["r-3b", "r-3a", "r-2", "r-0"], modelA.Select(r => r.ReportId));
        Assert.Equal(["r-4", "r-3b"], newestTwo.Select(r => r.ReportId));
        Assert.Equal(["r-4"], newestOfB.Select(r => r.ReportId));
        Assert.Empty(none);
        Assert.All(all, r => Assert.Equal(("", ""), (r.Json, r.Html)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListFairnessReportsAsync(null, 0, Ct));
    }

    [Fact]
    public async Task ADescriptionOver1000CharactersIsStoredCutTo1000()
    {
        var store = await MigratedStoreAsync();
        var description = new string('d', 999) + "XYZ";
        await store.SaveFairnessReportAsync(Audit("long", FairnessReportKind.Evaluation, "model-a", Audited) with { DataDescription = description }, Ct);

        var stored = await store.GetFairnessReportAsync("long", Ct);

        Assert.Equal(description[..1000], stored!.DataDescription);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("analyst", "   ")]
    [InlineData("analyst", "over")]
    public async Task ABlankAuthorOrABlankOrOverlongOverrideReasonIsRefusedAndNothingIsStored(string createdBy, string? overrideReason)
    {
        var store = await MigratedStoreAsync();
        var reason = overrideReason == "over" ? new string('r', 1001) : overrideReason;
        var report = Audit("bad", FairnessReportKind.Gate, "model-a", Audited) with { CreatedBy = createdBy, OverrideReason = reason };

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveFairnessReportAsync(report, Ct));

        Assert.Empty(await store.ListFairnessReportsAsync(null, 50, Ct));
    }

    [Fact]
    public async Task AnOverrideReasonOfExactly1000CharactersIsStored()
    {
        var store = await MigratedStoreAsync();
        var report = Audit("max", FairnessReportKind.Gate, "model-a", Audited) with { Passed = false, OverrideReason = new string('r', 1000), OverriddenBy = "lead" };

        Assert.True(await store.SaveFairnessReportAsync(report, Ct));

        Assert.Equal(1000, (await store.GetFairnessReportAsync("max", Ct))!.OverrideReason!.Length);
    }

    [Fact]
    public async Task DecisionsForAuditAreTheNamedModelsInsideTheWindowOrderedByTime()
    {
        var store = await MigratedStoreAsync();
        // Decided at Start + n s + 250 ms; the window is [decided(3), decided(7)): n = 3..6.
        // n = 5 was decided by another model; n = 2 and n = 7 lie on either side of the window.
        var writes = new[] { 7, 6, 5, 4, 3, 2 }.Select(n => n == 5 ? ByModel(Sample.Write(n), "other-model") : Sample.Write(n)).ToList();
        await store.WriteBatchAsync(writes, Ct);
        var from = DecidedAt(3);
        var to = DecidedAt(7);

        var decisions = await store.GetDecisionsForAuditAsync(Sample.ModelVersion, from, to, Ct);
        var other = await store.GetDecisionsForAuditAsync("other-model", from, to, Ct);
        var unknown = await store.GetDecisionsForAuditAsync("never-decided", from, to, Ct);

        Assert.Equal([Sample.Key(3), Sample.Key(4), Sample.Key(6)], decisions.Select(d => d.Report.IdempotencyKey));
        Assert.All(decisions, d => Assert.Equal(Sample.ModelVersion, d.ModelVersion));
        Assert.Equal([DecidedAt(3), DecidedAt(4), DecidedAt(6)], decisions.Select(d => d.DecidedAt));
        Assert.Equal([Sample.Key(5)], other.Select(d => d.Report.IdempotencyKey));
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task ADecisionForAuditCarriesItsReportScoresOutcomeAndProtectedAttributes()
    {
        var store = await MigratedStoreAsync();
        var alerted = Sample.Write(2);
        var held = Sample.Write(4, alert: false);
        var below = Sample.Write(3);
        await store.WriteBatchAsync([alerted, held, below], Ct);

        var decisions = await store.GetDecisionsForAuditAsync(Sample.ModelVersion, Sample.Start, Sample.Start.AddMinutes(1), Ct);

        Assert.Equal(3, decisions.Count);
        var (two, three, four) = (decisions[0], decisions[1], decisions[2]);
        Assert.Equal(
            [DecisionOutcome.Alerted, DecisionOutcome.BelowThreshold, DecisionOutcome.HeldForReview],
            decisions.Select(d => d.Outcome));
        Assert.Equal(Sample.Scores(2), two.Scores);
        Assert.Equal(Sample.Scores(3), three.Scores);
        Assert.Equal(new Dictionary<string, string> { ["race"] = "race-code-2", ["sex"] = "sex-code-2" }, two.ProtectedAttributes);
        Assert.Equal(new Dictionary<string, string> { ["race"] = "race-code-4", ["sex"] = "sex-code-4" }, four.ProtectedAttributes);
        // The report as scored: its narrative and fields, but no privacy fields and no protected attributes on it.
        Assert.Equal(ScoringPart(alerted.Report), two.Report);
        Assert.Equal(ScoringPart(held.Report), four.Report);
        Assert.Empty(two.Report.Privacy.Subjects);
        Assert.Empty(two.Report.Protected.Values);
    }

    [Fact]
    public async Task ADecisionWhoseReportHasNoProtectedAttributesComesBackWithAnEmptyDictionary()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(1, protectedAttributes: false), Sample.Write(2)], Ct);

        var decisions = await store.GetDecisionsForAuditAsync(Sample.ModelVersion, Sample.Start, Sample.Start.AddMinutes(1), Ct);

        Assert.Equal([Sample.Key(1), Sample.Key(2)], decisions.Select(d => d.Report.IdempotencyKey));
        Assert.NotNull(decisions[0].ProtectedAttributes);
        Assert.Empty(decisions[0].ProtectedAttributes);
        Assert.Equal(2, decisions[1].ProtectedAttributes.Count);
    }

    [Fact]
    public async Task ADecisionsLabelIsNullWhenUnvettedEmptyWhenVettedNotIseSarAndTheCategoriesOtherwise()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(Sample.Writes(1, 3), Ct);
        await store.WriteReportLabelAsync(Sample.Key(2), [], "analyst-a", Audited, Ct);
        await store.WriteReportLabelAsync(Sample.Key(3), ["SURVL", "PHOTO"], "analyst-a", Audited, Ct);

        var decisions = await store.GetDecisionsForAuditAsync(Sample.ModelVersion, Sample.Start, Sample.Start.AddMinutes(1), Ct);

        Assert.Equal([Sample.Key(1), Sample.Key(2), Sample.Key(3)], decisions.Select(d => d.Report.IdempotencyKey));
        Assert.Null(decisions[0].LabelCategories);
        Assert.NotNull(decisions[1].LabelCategories);
        Assert.Empty(decisions[1].LabelCategories!);
        Assert.Equal(["PHOTO", "SURVL"], decisions[2].LabelCategories);
    }

    [Fact]
    public async Task AReportWithoutADecisionIsNotAudited()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(1) with { Decision = null }, Sample.Write(2)], Ct);

        var decisions = await store.GetDecisionsForAuditAsync(Sample.ModelVersion, Sample.Start, Sample.Start.AddMinutes(1), Ct);

        Assert.Equal([Sample.Key(2)], decisions.Select(d => d.Report.IdempotencyKey));
    }

    /// <summary>The table as the target's SQL names it (in schema audit on SQL Server).</summary>
    private string FairnessTable => Target.Options.Provider == StoreProvider.SqlServer ? "audit.fairness_reports" : Target.Qualify("fairness_reports");

    private static DateTimeOffset DecidedAt(int n) => Sample.Start.AddSeconds(n).AddMilliseconds(250);

    private static ReportWrite ByModel(ReportWrite write, string modelVersion) =>
        write with
        {
            Decision = write.Decision! with { ModelVersion = modelVersion },
            Alert = write.Alert is null ? null : write.Alert with { ModelVersion = modelVersion },
        };

    private static FairnessReportRecord Audit(string id, FairnessReportKind kind, string model, DateTimeOffset createdAt) => new(
        id,
        kind,
        model,
        null,
        null,
        $"{kind} audit of {model}: NarrativeGenerator seed 9001, 20,000 reports",
        createdAt,
        "auditor-7",
        20_000,
        null,
        null,
        null,
        null,
        "race: 1 of 11 metrics fail for group B (FPR ratio 1.96 outside 0.80–1.25).\nsex: no metric fails.",
        $$"""{"schema":"pipeline.fairness-audit/1","id":"{{id}}","note":"groupe évalué ✓"}""",
        $"<!doctype html><html><body><h1>{id}</h1><p>Fairness — groupe évalué ✓</p></body></html>");

    /// <summary>What the store gives back of a report: everything but privacy fields and protected attributes.</summary>
    private static Report ScoringPart(Report report) =>
        report with { Privacy = PrivacyFields.None, Protected = ProtectedAttributes.None };
}

/// <summary>Fairness report identifiers: no database needed.</summary>
public sealed class FairnessReportIdTests
{
    private static readonly DateTimeOffset Audited = new(2026, 11, 22, 10, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public void NewIdIsTheKindTheUtcTimeToTheMillisecondAndTheJsonsHash()
    {
        // SHA-256 of the two bytes "{}" is 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a.
        var at = new DateTimeOffset(2026, 11, 22, 5, 15, 0, 123, TimeSpan.FromHours(-5));

        var id = FairnessReportRecord.NewId(FairnessReportKind.Gate, at, "{}");

        Assert.Equal("gate-20261122T101500123Z-44136fa3", id);
    }

    [Fact]
    public void NewIdIsStableForTheSameInputsAndChangesWithEachOfThem()
    {
        const string json = """{"schema":"pipeline.fairness-audit/1","rows":20000}""";

        var first = FairnessReportRecord.NewId(FairnessReportKind.Production, Audited, json);
        var second = FairnessReportRecord.NewId(FairnessReportKind.Production, Audited, json);

        Assert.Equal(first, second);
        Assert.StartsWith("production-20261122T101500123Z-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, FairnessReportRecord.NewId(FairnessReportKind.Production, Audited, json + " "));
        Assert.NotEqual(first, FairnessReportRecord.NewId(FairnessReportKind.Production, Audited.AddMilliseconds(1), json));
        Assert.StartsWith("evaluation-", FairnessReportRecord.NewId(FairnessReportKind.Evaluation, Audited, json), StringComparison.Ordinal);
    }
}

/// <summary>Fairness reports on SQLite, the embedded default.</summary>
public sealed class SqliteFairnessStoreTests : FairnessStoreTests
{
    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>Fairness reports on SQL Server; skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerFairnessStoreTests : FairnessStoreTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
