using System.Text.Json.Serialization;
using Pipeline.Scoring.Features;

namespace Pipeline.Scoring.Model;

/// <summary>
/// Everything about a trained model except its weights: identity, where its training data came
/// from, the feature configuration it must be scored with, its training settings, each category's
/// calibration and threshold, and how it measured. Stored as JSON at the head of the model file
/// and in the registry.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The model file format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format of the model file.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>
    /// The model's version, <c>isesar-lr-&lt;UTC creation time&gt;-&lt;first 8 hex of the weights' SHA-256&gt;</c>;
    /// recorded on every decision.
    /// </summary>
    public required string Version { get; init; }

    /// <summary>When it was trained, UTC.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>SHA-256 (hex) of the canonical form of the labelled training data (texts, fields and labels, in order).</summary>
    public required string TrainingDataHash { get; init; }

    /// <summary>What the training data was, in words: the generator and its seed, store labels and their count.</summary>
    public required string TrainingData { get; init; }

    /// <summary>Reports trained on (calibration split included).</summary>
    public required int TrainingReports { get; init; }

    /// <summary>SHA-256 (hex) of the weights and biases as stored: equal for two trainings that learned the same model.</summary>
    public required string WeightsSha256 { get; init; }

    /// <summary>The feature configuration; the model is scored with exactly these options.</summary>
    public required FeatureOptions Features { get; init; }

    /// <summary>The training settings.</summary>
    public required OneVsRestOptions Training { get; init; }

    /// <summary>Per category, in catalogue order: calibration and threshold.</summary>
    public required IReadOnlyList<CategoryParameters> Categories { get; init; }

    /// <summary>Measurements of the model on held-out data, one per data set.</summary>
    public IReadOnlyList<EvaluationSummary> Evaluations { get; init; } = [];

    /// <summary>The metadata as indented JSON, as the model file and the registry hold it.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ModelJsonContext.Default.ModelMetadata);
}

/// <summary>One category's calibration and decision threshold.</summary>
/// <param name="Code">ISE-SAR category code.</param>
/// <param name="PlattA">Platt slope: probability = σ(A·log-odds + B).</param>
/// <param name="PlattB">Platt intercept.</param>
/// <param name="Threshold">Calibrated probability at or above which the category is flagged.</param>
public sealed record CategoryParameters(string Code, double PlattA, double PlattB, double Threshold);

/// <summary>How a model measured on one held-out data set.</summary>
/// <param name="Dataset">Which data, in words (generator seed and template split, or a file).</param>
/// <param name="Reports">Reports evaluated.</param>
/// <param name="MacroF1">Mean F1 over categories with support.</param>
/// <param name="MicroF1">F1 of the pooled counts.</param>
/// <param name="MacroAuc">Mean ROC AUC over categories.</param>
/// <param name="ExpectedCalibrationError">ECE over all category probabilities, 10 bins.</param>
/// <param name="FalseAlarmRate">Share of reports with no true category that got a flag.</param>
/// <param name="Categories">Per category precision, recall, F1 and AUC.</param>
public sealed record EvaluationSummary(
    string Dataset,
    int Reports,
    double MacroF1,
    double MicroF1,
    double MacroAuc,
    double ExpectedCalibrationError,
    double FalseAlarmRate,
    IReadOnlyList<CategorySummary> Categories);

/// <summary>One category's measurements.</summary>
/// <param name="Code">ISE-SAR category code.</param>
/// <param name="Support">True members in the data.</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Auc">ROC AUC of the calibrated probability.</param>
public sealed record CategorySummary(string Code, int Support, double Precision, double Recall, double F1, double Auc);

/// <summary>Source-generated JSON for model metadata (camelCase, NaN written as a string).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    WriteIndented = true)]
[JsonSerializable(typeof(ModelMetadata))]
internal sealed partial class ModelJsonContext : JsonSerializerContext
{
}
