using Pipeline.Contracts;
using Pipeline.Scoring;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>
/// Scores a report with the model in service and applies the alert policy: the decision log
/// entry, and the alert when one is raised. The Process role and replays decide alike.
/// </summary>
internal sealed class ReportDecider(IReportScorer scorer, AlertPolicy policy, DecisionHooks hooks)
{
    /// <param name="report">The report.</param>
    /// <param name="decidedAt">The decision's time.</param>
    /// <param name="incidentId">The report's incident, for the alert.</param>
    /// <param name="notifyHooks">Tell the decision hooks; a replay does not (its decisions are compared, and only the changed ones stored).</param>
    public (DecisionRecord Decision, Alert? Alert) Decide(Report report, DateTimeOffset decidedAt, string? incidentId, bool notifyHooks = true)
    {
        var scoring = scorer.Score(report);
        var decision = policy.Decide(scoring, report.Narrative);
        if (notifyHooks)
        {
            hooks.Notify(new DecisionEvent(report, scoring, decision, scoring.ModelVersion, decidedAt));
        }
        var outcome = decision.Raise && scoring.TopCategory is not null ? DecisionOutcome.Alerted
            : decision.HeldForReview ? DecisionOutcome.HeldForReview
            : DecisionOutcome.BelowThreshold;
        var record = new DecisionRecord(report.IdempotencyKey, scoring.ModelVersion, scoring.Scores, scoring.Priority, scoring.TopCategory, policy.Threshold, outcome, decision.Reason, decidedAt);
        if (outcome != DecisionOutcome.Alerted)
        {
            return (record, null);
        }
        var alert = new Alert
        {
            AlertId = RecordIds.Alert(report.IdempotencyKey, report.ReceivedAt),
            ReportKey = report.IdempotencyKey,
            FeedId = report.FeedId,
            TopCategory = scoring.TopCategory!,
            Priority = scoring.Priority,
            Scores = scoring.Scores,
            ModelVersion = scoring.ModelVersion,
            Explanation = scorer.Explain(report, scoring),
            RaisedAt = decidedAt,
            IncidentId = incidentId,
        };
        return (record, alert);
    }
}
