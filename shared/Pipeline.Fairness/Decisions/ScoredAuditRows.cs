using Pipeline.Contracts;
using Pipeline.Scoring.Evaluation;
using Pipeline.Scoring.Features;

namespace Pipeline.Fairness.Decisions;

/// <summary>
/// Turns the scoring model's decisions into audit rows: flagged when the model flagged any ISE-SAR
/// category (an alert or a First Amendment hold alike: both put the person before an analyst),
/// truly positive when the report belongs to some category, scored by its highest category
/// probability, and described by the model's own readable feature names for the proxy check.
/// </summary>
public sealed class ScoredAuditRows
{
    private readonly ReportFeaturizer? _featurizer;

    /// <summary>Rows whose proxy-check features are named by <paramref name="featurizer"/> (null: no proxy check).</summary>
    /// <param name="featurizer">The featurizer of the audited model.</param>
    public ScoredAuditRows(ReportFeaturizer? featurizer) => _featurizer = featurizer;

    /// <summary>One row from its parts.</summary>
    /// <param name="report">The decided report (its narrative names the features).</param>
    /// <param name="groups">Its protected attributes.</param>
    /// <param name="flagged">Whether the model flagged it.</param>
    /// <param name="trueCategories">The categories it truly belongs to (empty: not ISE-SAR); null when unknown.</param>
    /// <param name="scores">The model's category probabilities.</param>
    /// <returns>The audit row.</returns>
    public AuditRow Row(Report report, IReadOnlyDictionary<string, string> groups, bool flagged, IReadOnlyList<string>? trueCategories, IReadOnlyList<CategoryScore> scores)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(scores);
        double? top = scores.Count == 0 ? null : scores.Max(s => s.Score);
        return new AuditRow(groups, flagged, trueCategories is null ? null : trueCategories.Count > 0, top, Features(report));
    }

    /// <summary>Rows from an evaluation's held-out predictions, in order, computed in parallel.</summary>
    /// <param name="predictions">The predictions.</param>
    /// <returns>One row per prediction.</returns>
    public IReadOnlyList<AuditRow> Rows(IReadOnlyList<EvaluationPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var rows = new AuditRow[predictions.Count];
        Parallel.For(0, rows.Length, i =>
        {
            var p = predictions[i];
            rows[i] = Row(p.Report, p.Report.Protected.Values, p.Result.Flagged.Count > 0, p.TrueCategories, p.Result.Scores);
        });
        return rows;
    }

    private string[]? Features(Report report)
    {
        if (_featurizer is null)
        {
            return null;
        }

        var hits = _featurizer.Explain(report);
        var names = new HashSet<string>(hits.Count, StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            names.Add(hit.Name);
        }

        return [.. names];
    }
}
