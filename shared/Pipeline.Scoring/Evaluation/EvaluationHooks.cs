using Pipeline.Contracts;

namespace Pipeline.Scoring.Evaluation;

/// <summary>One held-out prediction as the evaluation hooks receive it.</summary>
/// <param name="Report">The report, protected attributes included (for the fairness audit only: never features, never logged).</param>
/// <param name="Result">The model's scores and flags.</param>
/// <param name="TrueCategories">The categories the report truly belongs to (empty: not ISE-SAR).</param>
public sealed record EvaluationPrediction(Report Report, ScoringResult Result, IReadOnlyList<string> TrueCategories);

/// <summary>A finished model evaluation: the model, the data, every held-out prediction and the metrics.</summary>
/// <param name="ModelVersion">The evaluated model.</param>
/// <param name="DataDescription">What data it was measured on, in words.</param>
/// <param name="Predictions">Every prediction, in the examples' order.</param>
/// <param name="Metrics">The measurements.</param>
public sealed record EvaluationEvent(string ModelVersion, string DataDescription, IReadOnlyList<EvaluationPrediction> Predictions, ModelMetrics Metrics);

/// <summary>A bias-audit hook told of every model evaluation (the fairness audit of held-out predictions builds on it).</summary>
public interface IEvaluationHook
{
    /// <summary>Called once per evaluation, after the metrics are computed.</summary>
    /// <param name="evaluation">The evaluation.</param>
    void OnEvaluation(EvaluationEvent evaluation);
}
