using Pipeline.Contracts;

namespace Pipeline.Scoring;

/// <summary>
/// Scores a report against the ISE-SAR behavior categories: the seam between the pipeline and
/// the model in service (<see cref="ModelScorer"/>, or the worker's holder that swaps in each
/// newly promoted model).
/// </summary>
/// <remarks>
/// Implementations must read only the report's behavioral content (narrative, CAD call type,
/// target sector, kind, location type, hour) and never <see cref="Report.Protected"/> or
/// <see cref="Report.Privacy"/>; they must be safe to call from several threads at once and must
/// not throw on any narrative, however long or hostile.
/// </remarks>
public interface IReportScorer
{
    /// <summary>Name and version of the model in service now.</summary>
    string ModelVersion { get; }

    /// <summary>Scores one report.</summary>
    /// <param name="report">The canonical report.</param>
    /// <returns>Every category's calibrated probability, the flagged categories and the overall priority.</returns>
    ScoringResult Score(Report report);

    /// <summary>
    /// Why <paramref name="result"/> came out as it did: for each flagged category (the top
    /// category when none is flagged), the features that added most to its log-odds, largest first.
    /// Slower than <see cref="Score"/>: call it for the reports that need it (alerts, holds, <c>model explain</c>).
    /// </summary>
    /// <param name="report">The report that was scored.</param>
    /// <param name="result">Its result, from the same model (<see cref="ScoringResult.ModelVersion"/>).</param>
    /// <param name="perCategory">How many features to give per category.</param>
    IReadOnlyList<ScoreEvidence> Explain(Report report, ScoringResult result, int perCategory = 8);
}

/// <summary>What a scorer concluded about one report.</summary>
/// <param name="Scores">Every category's calibrated probability, highest first (ties in catalogue order).</param>
/// <param name="Priority">
/// Overall urgency in [0, 1], used to rank the queue and to decide alerts: each category's
/// probability rescaled so that its own threshold maps to 0.5 (below the threshold linearly onto
/// [0, 0.5), above it onto [0.5, 1]), and the highest of those.
/// </param>
/// <param name="TopCategory">Code of the category with the highest rescaled score, or null when nothing scored.</param>
/// <param name="Flagged">Codes of the categories at or above their thresholds, in catalogue order.</param>
public sealed record ScoringResult(
    IReadOnlyList<CategoryScore> Scores,
    double Priority,
    string? TopCategory,
    IReadOnlyList<string> Flagged)
{
    /// <summary>A result for a report in which nothing scored.</summary>
    public static ScoringResult Empty { get; } = new([], 0, null, []);

    /// <summary>The model that produced this result.</summary>
    public string ModelVersion { get; init; } = "";

    /// <summary>The score of one category, or 0 when it did not score.</summary>
    /// <param name="category">Category code, case-insensitive.</param>
    public double ScoreOf(string category)
    {
        foreach (var score in Scores)
        {
            if (string.Equals(score.Category, category, StringComparison.OrdinalIgnoreCase))
            {
                return score.Score;
            }
        }
        return 0;
    }
}
