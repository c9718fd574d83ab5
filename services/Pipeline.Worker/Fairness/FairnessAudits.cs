using System.Globalization;
using System.Text;
using Pipeline.Fairness;
using Pipeline.Fairness.Decisions;
using Pipeline.Scoring.Evaluation;
using Pipeline.Scoring.Model;
using Pipeline.Scoring.Training;
using Pipeline.Storage;

namespace Pipeline.Worker.Fairness;

/// <summary>One audit as run and stored: the metrics, the stored report, and how many decisions it read.</summary>
/// <param name="Result">The metrics, disparities, calibration and proxies.</param>
/// <param name="Report">The report as stored (or as it would be stored), JSON and HTML included.</param>
/// <param name="Decisions">Decisions read.</param>
/// <param name="WithoutAttributes">Decisions whose report carried no protected attribute (in no group).</param>
/// <param name="Labelled">Decisions with a ground truth (an analyst's disposition, or the evaluation set's label).</param>
/// <param name="Gate">The policy's judgement of the audit, when a policy judged it; null otherwise.</param>
public sealed record FairnessAuditRun(AuditResult Result, FairnessReportRecord Report, int Decisions, int WithoutAttributes, int Labelled, GateDecision? Gate = null);

/// <summary>
/// The fairness audits the pipeline runs, in one place: of a model's production decisions over a
/// window (ground truth from analysts' dispositions), of a model's held-out predictions (the
/// evaluation hook), and of a candidate on the audit set under the written policy (the promotion
/// gate). Each is rendered as JSON, HTML and sentences and can be stored with its model and window.
/// </summary>
public static class FairnessAudits
{
    /// <summary>Seed of the generated audit set: the held-out evaluation seed, so no training run draws it.</summary>
    public const int AuditSetSeed = 9_001;

    /// <summary>Reports in the generated audit set by default.</summary>
    public const int AuditSetRecords = 20_000;

    /// <summary>The shipped policy file, relative to the program's folder.</summary>
    public static readonly string DefaultPolicyPath = Path.Combine(AppContext.BaseDirectory, "fairness", "policy.json");

    /// <summary>
    /// The labelled audit set a candidate is judged on: generated held-out narratives with unbiased
    /// labels, held-out templates, and neighbourhood mentions whose distribution depends on race
    /// (the proxy a model trained on biased labels learns). The same for every candidate.
    /// </summary>
    /// <param name="records">Reports to generate.</param>
    /// <param name="seed">Generator seed.</param>
    /// <returns>The examples and their description.</returns>
    public static (IReadOnlyList<TrainingExample> Examples, string Description) AuditSet(int records = AuditSetRecords, int seed = AuditSetSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(records, 100);
        var generator = new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = seed, Split = TemplateSplit.HeldOut, ProxyPlaces = true });
        var examples = generator.Generate(records).Select(l => new TrainingExample(l.Report, l.Categories, l.TemplateId)).ToList();
        return (examples, string.Create(CultureInfo.InvariantCulture, $"fairness audit set: NarrativeGenerator seed {seed}, {records:N0} reports, held-out templates, neighbourhood mentions, unbiased labels"));
    }

    /// <summary>
    /// Audits <paramref name="model"/>'s predictions on labelled examples: scores them (the
    /// evaluation hook receives every prediction) and computes the audit with <paramref name="options"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Labelled reports with protected attributes.</param>
    /// <param name="description">What the examples are.</param>
    /// <param name="options">Audit options.</param>
    /// <param name="createdBy">Who runs it.</param>
    /// <param name="createdAt">When.</param>
    /// <param name="kind">Evaluation or gate.</param>
    /// <param name="policy">The policy judging it (gate); null for a plain evaluation audit.</param>
    /// <returns>The run, with the policy's judgement when a policy was given; its report is not stored yet.</returns>
    public static FairnessAuditRun AuditPredictions(
        IseSarModel model, IReadOnlyList<TrainingExample> examples, string description, FairnessOptions options, string createdBy, DateTimeOffset createdAt,
        FairnessReportKind kind = FairnessReportKind.Evaluation, FairnessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var hook = new FairnessEvaluationHook(options, model.Featurizer);
        ModelEvaluation.Evaluate(model, examples, description, [hook]);
        var result = hook.Result!;
        var gate = policy?.Judge(result);
        var context = new AuditReportContext(model.Version, description, createdAt, options) { Gate = gate };
        var report = Render(kind, result, context, hook.Rows, createdBy);
        return new FairnessAuditRun(result, report, hook.Rows, hook.WithoutAttributes, hook.Rows, gate);
    }

    /// <summary>Renders the audit a <see cref="FairnessEvaluationHook"/> made of an evaluation, for storing beside the model.</summary>
    /// <param name="hook">The hook, after an evaluation.</param>
    /// <param name="modelVersion">The evaluated model.</param>
    /// <param name="options">The options the hook ran with.</param>
    /// <param name="createdBy">Who ran the evaluation.</param>
    /// <param name="createdAt">When.</param>
    /// <returns>The run; its report is not stored yet.</returns>
    public static FairnessAuditRun FromEvaluation(FairnessEvaluationHook hook, string modelVersion, FairnessOptions options, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var result = hook.Result ?? throw new InvalidOperationException("The hook has not seen an evaluation yet.");
        var context = new AuditReportContext(modelVersion, hook.DataDescription ?? "", createdAt, options);
        return new FairnessAuditRun(result, Render(FairnessReportKind.Evaluation, result, context, hook.Rows, createdBy), hook.Rows, hook.WithoutAttributes, hook.Rows);
    }

    /// <summary>
    /// Audits <paramref name="model"/>'s production decisions from <paramref name="from"/> to
    /// <paramref name="to"/>: flags from the decision log, ground truth from analysts' dispositions,
    /// groups from the restricted protected-attributes table. Stores the report.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="model">The audited model (its featurizer names the proxy check's features).</param>
    /// <param name="from">Window start.</param>
    /// <param name="to">Window end (exclusive).</param>
    /// <param name="options">Audit options.</param>
    /// <param name="createdBy">Who runs it.</param>
    /// <param name="createdAt">When.</param>
    /// <param name="policy">A policy to judge it by, or null.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The run, its report stored.</returns>
    public static async Task<FairnessAuditRun> AuditProductionAsync(
        PipelineStore store, IseSarModel model, DateTimeOffset from, DateTimeOffset to, FairnessOptions options, string createdBy, DateTimeOffset createdAt,
        FairnessPolicy? policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(model);
        var decisions = await store.GetDecisionsForAuditAsync(model.Version, from, to, ct);
        var rows = new AuditRow[decisions.Count];
        var builder = new ScoredAuditRows(model.Featurizer);
        Parallel.For(0, rows.Length, i =>
        {
            var d = decisions[i];
            rows[i] = builder.Row(d.Report, d.ProtectedAttributes, d.Outcome != DecisionOutcome.BelowThreshold, d.LabelCategories, d.Scores);
        });
        var result = FairnessAudit.Compute(rows, options);
        var labelled = decisions.Count(d => d.LabelCategories is not null);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"production decisions of {model.Version} from {from.UtcDateTime:yyyy-MM-dd HH:mm}Z to {to.UtcDateTime:yyyy-MM-dd HH:mm}Z: {decisions.Count:N0} decisions, {labelled:N0} vetted by analysts (ground truth)");
        var gate = policy?.Judge(result);
        var context = new AuditReportContext(model.Version, description, createdAt, options) { WindowFrom = from, WindowTo = to, Gate = gate };
        var report = Render(FairnessReportKind.Production, result, context, decisions.Count, createdBy);
        await store.SaveFairnessReportAsync(report, ct);
        return new FairnessAuditRun(result, report, decisions.Count, decisions.Count(d => d.ProtectedAttributes.Count == 0), labelled, gate);
    }

    /// <summary>Renders an audit as the stored report: JSON, the HTML page and the summary sentences.</summary>
    /// <param name="kind">What was audited.</param>
    /// <param name="result">The audit.</param>
    /// <param name="context">Model, data, window, options and gate.</param>
    /// <param name="rows">Decisions audited.</param>
    /// <param name="createdBy">Who ran it.</param>
    /// <returns>The record to store.</returns>
    public static FairnessReportRecord Render(FairnessReportKind kind, AuditResult result, AuditReportContext context, long rows, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        string json;
        using (var buffer = new MemoryStream())
        {
            AuditReportWriter.WriteJson(result, context, buffer);
            json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        var html = new StringWriter(CultureInfo.InvariantCulture);
        AuditHtmlReport.Write(result, context, html);
        var gate = context.Gate;
        return new FairnessReportRecord(
            FairnessReportRecord.NewId(kind, context.CreatedAt, json),
            kind,
            context.ModelVersion,
            context.WindowFrom,
            context.WindowTo,
            context.DataDescription,
            context.CreatedAt,
            createdBy,
            rows,
            gate?.PolicySha256 is { Length: > 0 } sha ? sha : null,
            // A production window where nothing could be judged has no verdict (a candidate's gate
            // treats the same as a refusal: it never passes on no evidence).
            gate is null || (gate.Judged == 0 && kind == FairnessReportKind.Production) ? null : gate.Passed,
            gate?.OverrideReason,
            gate?.OverriddenBy,
            string.Join('\n', AuditReportWriter.Summarize(result, context.Options)),
            json,
            html.ToString());
    }

    /// <summary>Writes a report's files into <paramref name="folder"/>: report.json, report.html and the CSV tables.</summary>
    /// <param name="report">The rendered report.</param>
    /// <param name="result">Its audit (for the CSV tables).</param>
    /// <param name="folder">Destination, created if needed.</param>
    public static void WriteFiles(FairnessReportRecord report, AuditResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.json"), report.Json, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "report.html"), report.Html, new UTF8Encoding(false));
        AuditReportWriter.WriteCsvTables(result, folder);
    }
}
