using System.Diagnostics.Metrics;
using Pipeline.Contracts;

namespace Pipeline.Scoring;

/// <summary>One scoring decision, as the bias-audit hooks receive it.</summary>
/// <param name="Report">
/// The report, protected attributes included: the hooks are the one place they go, for the
/// fairness audit, stored apart and access-restricted; never model features, never logged.
/// </param>
/// <param name="Scoring">The scorer's result.</param>
/// <param name="Decision">The alert policy's decision.</param>
/// <param name="ModelVersion">The model that scored it.</param>
/// <param name="DecidedAt">When, UTC.</param>
public sealed record DecisionEvent(Report Report, ScoringResult Scoring, AlertDecision Decision, string ModelVersion, DateTimeOffset DecidedAt);

/// <summary>A bias-audit hook: told of every scoring decision (the fairness audit builds on it).</summary>
public interface IDecisionHook
{
    /// <summary>Called once per decision, on the Process role's thread; must be quick and must not throw.</summary>
    void OnDecision(DecisionEvent decision);
}

/// <summary>
/// Calls every registered hook with each decision. A hook that throws is counted
/// (<c>pipeline.scoring.hook_failures</c>) and skipped: an audit hook cannot stop or change a
/// decision, and with no hook registered scoring works the same.
/// </summary>
public sealed class DecisionHooks(IEnumerable<IDecisionHook> hooks)
{
    private static readonly Meter Meter = new("Pipeline.Scoring");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "pipeline.scoring.hook_failures", unit: "{call}", description: "Decision hook calls that threw, by hook type.");

    private readonly IDecisionHook[] _hooks = [.. hooks];

    /// <summary>How many hooks are registered.</summary>
    public int Count => _hooks.Length;

    /// <summary>Tells every hook; returns how many threw.</summary>
    public int Notify(DecisionEvent decision)
    {
        var failed = 0;
        foreach (var hook in _hooks)
        {
            try
            {
                hook.OnDecision(decision);
            }
#pragma warning disable CA1031 // A hook's failure is its own: count it and go on.
            catch (Exception)
#pragma warning restore CA1031
            {
                failed++;
                Failures.Add(1, new KeyValuePair<string, object?>("hook", hook.GetType().Name));
            }
        }
        return failed;
    }
}
