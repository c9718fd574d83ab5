using Pipeline.Contracts;
using Pipeline.Scoring.Model;

namespace Pipeline.Scoring.Evaluation;

public static partial class ModelEvaluation
{
    /// <summary>Scores every example with <paramref name="model"/> (in parallel) and measures the flags and probabilities against the labels.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Labelled reports.</param>
    public static ModelMetrics Evaluate(IseSarModel model, IReadOnlyList<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var scorer = new ModelScorer(model);
        var categories = IseSarModel.CategoryCount;
        var evaluated = new EvaluatedReport[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            var result = scorer.Score(examples[i].Report);
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
        return Evaluate(evaluated, [.. Enumerable.Range(0, categories).Select(model.Threshold)]);
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
