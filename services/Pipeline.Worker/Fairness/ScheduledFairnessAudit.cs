using Microsoft.Extensions.Options;
using Pipeline.Fairness;
using Pipeline.Scoring.Model;
using Pipeline.Storage;

namespace Pipeline.Worker.Fairness;

/// <summary>The scheduled production fairness audit's settings, bound from the "Fairness" section.</summary>
public sealed class FairnessScheduleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Fairness";

    /// <summary>How often a Process worker audits the promoted model's recent decisions; zero turns the schedule off. Default one day.</summary>
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far back each scheduled audit reads decisions. Default 30 days.</summary>
    public TimeSpan AuditWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The policy file the scheduled audit judges by; the shipped policy when empty.</summary>
    public string? PolicyPath { get; set; }
}

/// <summary>
/// Audits the promoted model's production decisions of the last <see cref="FairnessScheduleOptions.AuditWindow"/>
/// every <see cref="FairnessScheduleOptions.AuditInterval"/> and stores the report (kind production),
/// judged by the written policy. A failed run is logged and retried at the next tick; it never
/// touches scoring.
/// </summary>
internal sealed class ScheduledFairnessAudit(
    PipelineStore store,
    IOptions<FairnessScheduleOptions> options,
    TimeProvider time,
    ILogger<ScheduledFairnessAudit> logger) : BackgroundService
{
    /// <summary>Who the stored reports name as their author.</summary>
    public const string Actor = "worker-schedule";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.AuditInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.AuditInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(settings, stoppingToken);
                }
#pragma warning disable CA1031 // An audit that fails is logged and retried at the next tick.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    WorkerLog.FairnessAuditFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One scheduled audit: the promoted model's decisions of the window, stored.</summary>
    internal async Task<FairnessAuditRun?> RunOnceAsync(FairnessScheduleOptions settings, CancellationToken ct)
    {
        var promoted = await store.GetPromotedModelAsync(includeArtifact: true, ct);
        if (promoted?.Artifact is null)
        {
            return null;
        }

        var policy = FairnessPolicy.Load(settings.PolicyPath is { Length: > 0 } path ? path : FairnessAudits.DefaultPolicyPath);
        var model = ModelArtifact.FromBytes(promoted.Artifact);
        var now = time.GetUtcNow();
        var run = await FairnessAudits.AuditProductionAsync(store, model, now - settings.AuditWindow, now, policy.ToOptions(), Actor, now, policy, ct);
        WorkerLog.FairnessAuditStored(logger, run.Report.ReportId, model.Version, run.Decisions, run.Labelled, run.Report.Passed);
        return run;
    }
}
