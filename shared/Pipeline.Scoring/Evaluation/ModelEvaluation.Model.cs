using Pipeline.Contracts;
using Pipeline.Scoring.Model;

namespace Pipeline.Scoring.Evaluation;

public static partial class ModelEvaluation
{
    /// <summary>Scores every example with <paramref name="model"/> (in parallel) and measures the flags and probabilities against the labels.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Labelled reports.</param>
    public static ModelMetrics Evaluate(IseSarModel model, IReadOnlyList<TrainingExample> examples) =>
        Evaluate(model, examples, "", []);

    /// <summary>
    /// Scores every example with <paramref name="model"/> (in parallel), measures the result against
    /// the labels, and tells each hook of the evaluation with every held-out prediction. A hook that
    /// throws stops the evaluation: an evaluator asked for it.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Labelled reports.</param>
    /// <param name="dataDescription">What data this is, in words, passed to the hooks.</param>
    /// <param name="hooks">Hooks to tell (for example the fairness audit of held-out predictions).</param>
    /// <returns>The metrics.</returns>
    public static ModelMetrics Evaluate(IseSarModel model, IReadOnlyList<TrainingExample> examples, string dataDescription, IReadOnlyList<IEvaluationHook> hooks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(dataDescription);
        ArgumentNullException.ThrowIfNull(hooks);
        var scorer = new ModelScorer(model);
        var categories = IseSarModel.CategoryCount;
        var evaluated = new EvaluatedReport[examples.Count];
        var results = new ScoringResult[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            var result = scorer.Score(examples[i].Report);
            results[i] = result;
            var probabilities = new double[categories];
            var flags = new bool[categories];
            foreach (var score in result.Scores)
            {
                probabilities[IseSarCategories.IndexOf(score.Category)] = score.Score;
            }
            foreach (var code in result.Flagged)
            {
                flags[IseSarCategories.IndexOf(code)] = true;
            }
            evaluated[i] = new EvaluatedReport(examples[i].Categories, probabilities, flags);
        });
        var metrics = Evaluate(evaluated, [.. Enumerable.Range(0, categories).Select(model.Threshold)]);
        if (hooks.Count > 0)
        {
            var predictions = new EvaluationPrediction[examples.Count];
            for (var i = 0; i < predictions.Length; i++)
            {
                predictions[i] = new EvaluationPrediction(examples[i].Report, results[i], examples[i].Categories);
            }
            var evaluation = new EvaluationEvent(model.Version, dataDescription, predictions, metrics);
            foreach (var hook in hooks)
            {
                hook.OnEvaluation(evaluation);
            }
        }
        return metrics;
    }

    /// <summary>The figures of <paramref name="metrics"/> a model's metadata keeps.</summary>
    /// <param name="metrics">The measurements.</param>
    /// <param name="dataset">Which data, in words.</param>
    public static EvaluationSummary Summarize(ModelMetrics metrics, string dataset)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new EvaluationSummary(
            dataset,
            metrics.Reports,
            metrics.MacroF1,
            metrics.MicroF1,
            metrics.MacroAuc,
            metrics.ExpectedCalibrationError,
            metrics.Negatives.FalseAlarmRate,
            [.. metrics.Categories.Select(c => new CategorySummary(c.Category, c.Support, c.Precision, c.Recall, c.F1, c.Auc))]);
    }
}
