using System.CommandLine;
using Pipeline.Scoring.Model;
using Pipeline.Worker;

namespace Pipeline.Cli.Models;

/// <summary>Which model a <c>pipeline model</c> verb uses: a file, a registered version, the promoted one, or the shipped baseline.</summary>
internal static class ModelSource
{
    public static Option<string?> Option() => new("--model")
    {
        Description = "A model file (.isesar) or a registered version. Default: the store's promoted model when a store is named or data/pipeline.db exists, else the shipped baseline.",
    };

    /// <summary>True when <paramref name="argument"/> names a model file rather than a registered version.</summary>
    public static bool IsFile(string argument) => File.Exists(argument);

    /// <summary>
    /// Loads the model named by <paramref name="model"/>, or the default; null (with the reason on
    /// standard error) when it cannot be found or read.
    /// </summary>
    public static async Task<IseSarModel?> LoadAsync(string? model, string? database, string? sqlServer, CancellationToken cancellationToken)
    {
        try
        {
            if (model is not null && IsFile(model))
            {
                return ModelArtifact.Load(model);
            }
            var storeNamed = database is not null || sqlServer is not null
                || Environment.GetEnvironmentVariable("PIPELINE_Store__ConnectionString") is { Length: > 0 }
                || File.Exists(Path.Combine("data", "pipeline.db"));
            if (model is null && !storeNamed)
            {
                return ModelArtifact.Load(ScoringOptions.DefaultModelPath);
            }
            await using var store = await StoreCliOptions.OpenAsync(database, sqlServer, cancellationToken);
            if (store is null)
            {
                return null;
            }
            var stored = model is null
                ? await store.GetPromotedModelAsync(includeArtifact: true, cancellationToken)
                : await store.GetModelAsync(model, includeArtifact: true, cancellationToken);
            if (stored?.Artifact is null)
            {
                if (model is null)
                {
                    // A store no worker has started on yet: the worker would bootstrap the baseline.
                    return ModelArtifact.Load(ScoringOptions.DefaultModelPath);
                }
                await Console.Error.WriteLineAsync($"no model file or registered version named {model}");
                return null;
            }
            return ModelArtifact.FromBytes(stored.Artifact);
        }
        catch (InvalidDataException e)
        {
            await Console.Error.WriteLineAsync($"cannot read the model: {e.Message}");
            return null;
        }
    }
}
