using Pipeline.Contracts;

namespace Pipeline.Scoring;

/// <summary>
/// Scores a report against the ISE-SAR behavior categories. The seam between the pipeline and
/// whichever model is in service: the lexicon baseline today, a trained linear model later.
/// </summary>
/// <remarks>
/// Implementations must read only the report's behavioral content (narrative, CAD call type,
/// target sector, kind) and never <see cref="Report.Protected"/> or <see cref="Report.Privacy"/>;
/// they must be safe to call from several threads at once and must not throw on any narrative,
/// however long or hostile.
/// </remarks>
public interface IReportScorer
{
    /// <summary>Name and version of the model, recorded on every alert it raises.</summary>
    string ModelVersion { get; }

    /// <summary>Scores one report.</summary>
    /// <param name="report">The canonical report.</param>
    /// <returns>Category scores, overall priority and the evidence behind them.</returns>
    ScoringResult Score(Report report);
}

/// <summary>What a scorer concluded about one report, with the evidence the watch desk shows.</summary>
/// <param name="Scores">Every category that scored above zero, highest first (ties in catalogue order).</param>
/// <param name="Priority">Overall urgency in [0, 1], used to rank the queue and to decide alerts.</param>
/// <param name="TopCategory">Code of the highest-scoring category, or null when nothing scored.</param>
/// <param name="Evidence">
/// Which features contributed to which category and by how much: the "why was this flagged"
/// explanation. Contributions are in the model's additive evidence space (before the link
/// function), so for a given category they sum to that category's raw evidence.
/// </param>
public sealed record ScoringResult(
    IReadOnlyList<CategoryScore> Scores,
    double Priority,
    string? TopCategory,
    IReadOnlyList<ScoreEvidence> Evidence)
{
    /// <summary>A result for a report in which nothing scored.</summary>
    public static ScoringResult Empty { get; } = new([], 0, null, []);

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
