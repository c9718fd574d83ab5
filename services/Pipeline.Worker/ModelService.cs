using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Scoring;
using Pipeline.Scoring.Model;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>The scoring model's settings, bound from the "Scoring" section.</summary>
public sealed class ScoringOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Scoring";

    /// <summary>The shipped baseline model, relative to the program's folder.</summary>
    public static readonly string DefaultModelPath = Path.Combine(AppContext.BaseDirectory, "models", "baseline" + ModelArtifact.Extension);

    /// <summary>
    /// Model file registered and promoted when the registry has no promoted model yet (a fresh
    /// store); the shipped baseline by default. Once a model is promoted the registry decides.
    /// </summary>
    public string? BootstrapModel { get; set; }

    /// <summary>How often the worker asks the registry whether another model was promoted.</summary>
    public TimeSpan RegistryPollInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The scorer the Process role uses: whichever model the registry has promoted, swapped in
/// without a restart. Each result names the model that produced it.
/// </summary>
public sealed class PromotedModelScorer : IReportScorer
{
    private volatile ModelScorer? _current;

    /// <summary>The model in service; throws before the first one is loaded.</summary>
    public ModelScorer Current => _current ?? throw new InvalidOperationException("No scoring model is loaded yet.");

    /// <inheritdoc/>
    public string ModelVersion => Current.ModelVersion;

    /// <summary>Puts <paramref name="model"/> in service; reports already being scored finish with the previous one.</summary>
    public void Use(IseSarModel model) => _current = new ModelScorer(model);

    /// <inheritdoc/>
    public ScoringResult Score(Report report) => Current.Score(report);

    /// <inheritdoc/>
    public IReadOnlyList<ScoreEvidence> Explain(Report report, ScoringResult result, int perCategory = 8)
    {
        ArgumentNullException.ThrowIfNull(result);
        var current = Current;
        // A promotion between Score and Explain: explain with the model that scored, if it is still at hand.
        return string.Equals(current.ModelVersion, result.ModelVersion, StringComparison.Ordinal) || result.ModelVersion.Length == 0
            ? current.Explain(report, result, perCategory)
            : [];
    }
}

/// <summary>
/// Loads the promoted model before the Process loop starts (registering and promoting the
/// bootstrap model on a fresh store), then polls the registry and swaps in each new promotion.
/// </summary>
internal sealed class ModelService(
    PromotedModelScorer scorer,
    PipelineStore store,
    IOptions<ScoringOptions> options,
    TimeProvider time,
    ILogger<ModelService> logger) : BackgroundService
{
    /// <summary>Who the registry records for a bootstrap promotion.</summary>
    public const string BootstrapActor = "worker-bootstrap";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var promoted = await store.GetPromotedModelAsync(includeArtifact: true, cancellationToken);
        if (promoted?.Artifact is null)
        {
            var path = options.Value.BootstrapModel is { Length: > 0 } configured ? configured : ScoringOptions.DefaultModelPath;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var model = ModelArtifact.FromBytes(bytes);
            var now = time.GetUtcNow();
            await store.RegisterModelAsync(new ModelRegistration(model.Version, model.Metadata.CreatedAt, model.Metadata.TrainingDataHash, model.Metadata.ToJson(), bytes), BootstrapActor, now, cancellationToken);
            await store.PromoteModelAsync(model.Version, BootstrapActor, $"bootstrap: no model was promoted; {Path.GetFileName(path)}", now, cancellationToken);
            promoted = await store.GetPromotedModelAsync(includeArtifact: true, cancellationToken);
        }
        scorer.Use(ModelArtifact.FromBytes(promoted!.Artifact!));
        WorkerLog.ModelInService(logger, scorer.ModelVersion);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegistryPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var version = await store.GetPromotedModelVersionAsync(stoppingToken);
                    if (version is not null && !string.Equals(version, scorer.ModelVersion, StringComparison.Ordinal)
                        && await store.GetModelAsync(version, includeArtifact: true, stoppingToken) is { Artifact: { } artifact })
                    {
                        scorer.Use(ModelArtifact.FromBytes(artifact));
                        WorkerLog.ModelInService(logger, scorer.ModelVersion);
                    }
                }
#pragma warning disable CA1031 // A failed load keeps the model in service; the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    WorkerLog.ModelLoadFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
