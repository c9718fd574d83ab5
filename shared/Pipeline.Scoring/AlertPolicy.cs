using Pipeline.Contracts;
using System.Globalization;

namespace Pipeline.Scoring;

/// <summary>
/// Decides whether a scored report becomes an alert on the watch desk, applying the Group B
/// civil-liberties guardrail: behaviors that are often lawful (photography, observation, asking
/// questions...) are held for analyst review, never alerted, unless a Group A category supplies a
/// criminal predicate.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>When at least one Group B category is flagged (at or above its own threshold,
/// <see cref="ScoringResult.Flagged"/>), no Group A category is, and no Group A category's
/// probability reaches <see cref="PredicateThreshold"/>: held for analyst review, not raised
/// (for supervisor review when the narrative describes protected activity).</item>
/// <item>Otherwise, raised when <see cref="ScoringResult.Priority"/> is at or above
/// <see cref="Threshold"/>.</item>
/// <item>Otherwise not raised.</item>
/// </list>
/// A category code the catalogue does not know is treated like Group B: it can never supply a
/// predicate. The policy ranks nothing and decides nothing about people; an analyst vets every
/// alert it raises.
/// </remarks>
public sealed class AlertPolicy
{
    /// <summary>Priority at or above which an alert is raised; in [0, 1], default 0.5.</summary>
    public double Threshold
    {
        get;
        init => field = CheckUnitInterval(value, nameof(Threshold));
    } = 0.5;

    /// <summary>
    /// Score a Group A category must reach to count as the criminal predicate that lets a Group B
    /// behavior raise an alert; in [0, 1], default 0.5.
    /// </summary>
    public double PredicateThreshold
    {
        get;
        init => field = CheckUnitInterval(value, nameof(PredicateThreshold));
    } = 0.5;

    /// <summary>Decides one scored report.</summary>
    /// <param name="result">The scorer's result.</param>
    /// <returns>Whether to raise an alert, and why, in words an analyst can read.</returns>
    public AlertDecision Decide(ScoringResult result) => Decide(result, narrative: null);

    /// <summary>
    /// Decides one scored report, applying the First Amendment guardrail as well: a report held by
    /// the Group B rule whose narrative describes protected activity (assembly, speech, worship,
    /// press; <see cref="Guardrails.ProtectedActivity"/>) is held for supervisor review, with the
    /// activity named in the reason.
    /// </summary>
    /// <param name="result">The scorer's result.</param>
    /// <param name="narrative">The report's narrative, or null when it is not at hand.</param>
    /// <returns>Whether to raise an alert, and why, in words an analyst can read.</returns>
    public AlertDecision Decide(ScoringResult result, string? narrative)
    {
        ArgumentNullException.ThrowIfNull(result);

        var groupBAtThreshold = new List<string>();
        var groupAAtThreshold = false;
        foreach (var code in result.Flagged)
        {
            if (IseSarCategories.Find(code)?.Group == IseSarGroup.A)
            {
                groupAAtThreshold = true;
            }
            else
            {
                groupBAtThreshold.Add(code);
            }
        }
        var hasPredicate = false;
        foreach (var score in result.Scores)
        {
            if (IseSarCategories.Find(score.Category)?.Group == IseSarGroup.A)
            {
                hasPredicate |= score.Score >= PredicateThreshold;
            }
        }

        // A priority lifted over the threshold by a weak Group A score must not turn a Group B
        // behavior into an alert either: what decides is whether a Group A category stands on its own.
        var topIsGroupB = result.TopCategory is not null && IseSarCategories.Find(result.TopCategory)?.Group != IseSarGroup.A;
        if (topIsGroupB && groupBAtThreshold.Count == 0 && result.Priority >= Threshold)
        {
            groupBAtThreshold.Add(result.TopCategory!);
        }

        if (groupBAtThreshold.Count > 0 && !groupAAtThreshold && !hasPredicate)
        {
            var activities = Guardrails.ProtectedActivity.Detect(narrative);
            if (activities.Count > 0)
            {
                return new AlertDecision(
                    Raise: false,
                    Reason: $"held for supervisor review (First Amendment): group B only ({string.Join(", ", groupBAtThreshold)}) describing protected activity ({string.Join(", ", activities).ToLowerInvariant()}) without a criminal predicate")
                {
                    HeldForReview = true,
                    SupervisorReview = true,
                };
            }
            return new AlertDecision(
                Raise: false,
                Reason: $"held: group B only ({string.Join(", ", groupBAtThreshold)}) without a criminal predicate")
            {
                HeldForReview = true,
            };
        }

        return result.Priority >= Threshold
            ? new AlertDecision(
                Raise: true,
                Reason: string.Create(
                    CultureInfo.InvariantCulture,
                    $"raised: priority {result.Priority:0.00} >= threshold {Threshold:0.00}, top {result.TopCategory ?? "none"}"))
            : new AlertDecision(
                Raise: false,
                Reason: string.Create(
                    CultureInfo.InvariantCulture,
                    $"not raised: priority {result.Priority:0.00} < threshold {Threshold:0.00}"));
    }

    private static double CheckUnitInterval(double value, string name)
    {
        if (!(value is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be in [0, 1]");
        }
        return value;
    }
}

/// <summary>The alert policy's decision about one scored report.</summary>
/// <param name="Raise">True when an alert should be raised on the watch desk.</param>
/// <param name="Reason">Why, in words an analyst can read, for example "held: group B only (PHOTO) without a criminal predicate".</param>
public sealed record AlertDecision(bool Raise, string Reason)
{
    /// <summary>
    /// True when the report was not raised only because of the Group B guardrail: it belongs in the
    /// analyst review queue rather than being dropped as below threshold.
    /// </summary>
    public bool HeldForReview { get; init; }

    /// <summary>
    /// True when the hold is the First Amendment guardrail's: the report describes protected
    /// activity, and only a supervisor may release it.
    /// </summary>
    public bool SupervisorReview { get; init; }
}
