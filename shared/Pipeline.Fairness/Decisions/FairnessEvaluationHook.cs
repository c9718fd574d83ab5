using Pipeline.Scoring.Evaluation;
using Pipeline.Scoring.Features;

namespace Pipeline.Fairness.Decisions;

/// <summary>
/// The evaluation bias-audit hook: audits every held-out prediction of a model evaluation by the
/// reports' protected attributes (flagged = the model flagged any category; truth = the report
/// belongs to some category) and keeps the latest audit for the caller to report or store.
/// </summary>
/// <param name="options">Audit options.</param>
/// <param name="featurizer">The evaluated model's featurizer, naming the proxy check's features; null skips the proxy check.</param>
public sealed class FairnessEvaluationHook(FairnessOptions options, ReportFeaturizer? featurizer) : IEvaluationHook
{
    private readonly ScoredAuditRows _rows = new(featurizer);

    /// <summary>The audit of the latest evaluation; null before the first.</summary>
    public AuditResult? Result { get; private set; }

    /// <summary>What the latest evaluation was run on.</summary>
    public string? DataDescription { get; private set; }

    /// <summary>Predictions audited in the latest evaluation.</summary>
    public int Rows { get; private set; }

    /// <summary>Of those, predictions whose report carried no protected attribute.</summary>
    public int WithoutAttributes { get; private set; }

    /// <inheritdoc/>
    public void OnEvaluation(EvaluationEvent evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var rows = _rows.Rows(evaluation.Predictions);
        Result = FairnessAudit.Compute(rows, options);
        DataDescription = evaluation.DataDescription;
        Rows = rows.Count;
        WithoutAttributes = rows.Count(r => r.Groups.Count == 0);
    }
}
