using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.InteropServices;
using Pipeline.Contracts;
using Pipeline.Scoring.Features;

namespace Pipeline.Scoring.Model;

/// <summary>
/// The trained one-vs-rest ISE-SAR model: one logistic regression per category of
/// <see cref="IseSarCategories.All"/> over the same hashed features, each with its Platt
/// calibration and the threshold at which its calibrated probability flags the category.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Weights are stored interleaved, the sixteen categories' weights of one feature side by side
/// (<c>weights[feature * 16 + category]</c>), so scoring reads one 64-byte line per feature and
/// computes all sixteen log-odds with vector instructions.
/// </remarks>
public sealed class IseSarModel
{
    /// <summary>Number of categories every model scores: the catalogue's sixteen.</summary>
    public static readonly int CategoryCount = IseSarCategories.All.Count;

    private const int PrefetchDistance = 8;

    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly PlattCalibration[] _calibrations;

    /// <summary>Builds a model from its parts; checks that they fit together.</summary>
    /// <param name="metadata">Identity, configuration, calibrations, thresholds and metrics.</param>
    /// <param name="weights">Interleaved weights, <c>Dimension × 16</c>.</param>
    /// <param name="biases">One intercept per category.</param>
    /// <exception cref="ArgumentException">The parts do not fit together.</exception>
    public IseSarModel(ModelMetadata metadata, float[] weights, float[] biases)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        metadata.Features.Validate();
        if (weights.Length != (long)metadata.Features.Dimension * CategoryCount)
        {
            throw new ArgumentException($"{weights.Length} weights for {metadata.Features.Dimension} features × {CategoryCount} categories", nameof(weights));
        }
        if (biases.Length != CategoryCount || metadata.Categories.Count != CategoryCount)
        {
            throw new ArgumentException($"a model has {CategoryCount} categories: {biases.Length} biases, {metadata.Categories.Count} category entries", nameof(biases));
        }
        for (var k = 0; k < CategoryCount; k++)
        {
            if (!string.Equals(metadata.Categories[k].Code, IseSarCategories.All[k].Code, StringComparison.Ordinal))
            {
                throw new ArgumentException($"category {k} is {metadata.Categories[k].Code}, the catalogue's is {IseSarCategories.All[k].Code}", nameof(metadata));
            }
        }
        Metadata = metadata;
        _calibrations = [.. metadata.Categories.Select(c => new PlattCalibration(c.PlattA, c.PlattB))];
        _weights = weights;
        _biases = biases;
        Featurizer = new ReportFeaturizer(metadata.Features);
    }

    /// <summary>Identity, configuration, calibrations, thresholds and metrics.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The model's version, recorded on every decision it makes.</summary>
    public string Version => Metadata.Version;

    /// <summary>The featurizer configured as the model was trained.</summary>
    public ReportFeaturizer Featurizer { get; }

    /// <summary>The interleaved weights, <c>weights[feature * 16 + category]</c>.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>The intercepts, one per category.</summary>
    public ReadOnlySpan<float> Biases => _biases;

    /// <summary>The same model with <paramref name="evaluations"/> recorded in its metadata (weights shared, not copied).</summary>
    public IseSarModel WithEvaluations(IReadOnlyList<EvaluationSummary> evaluations) =>
        new(Metadata with { Evaluations = evaluations }, _weights, _biases);

    /// <summary>The weight of one feature for one category.</summary>
    public float Weight(int feature, int category) => _weights[(feature * CategoryCount) + category];

    /// <summary>Writes the sixteen log-odds of <paramref name="vector"/> into <paramref name="logOdds"/>.</summary>
    public void LogOdds(SparseFeatureVector vector, Span<float> logOdds)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Dimension != Metadata.Features.Dimension)
        {
            throw new ArgumentException($"vector of dimension {vector.Dimension}, model of {Metadata.Features.Dimension}", nameof(vector));
        }
        LogOdds(vector.Indices, vector.Values, logOdds);
    }

    internal void LogOdds(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> logOdds)
    {
        var k = CategoryCount;
        _biases.CopyTo(logOdds);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        if (Vector.IsHardwareAccelerated && k % Vector<float>.Count == 0)
        {
            var width = Vector<float>.Count;
            Span<Vector<float>> sums = stackalloc Vector<float>[k / width];
            for (var v = 0; v < sums.Length; v++)
            {
                sums[v] = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(logOdds), (nuint)(v * width));
            }
            for (var i = 0; i < indices.Length; i++)
            {
                // The rows are scattered over megabytes of weights: ask for a later row's cache
                // line now, so that its load overlaps this row's arithmetic.
                if (Sse.IsSupported && i + PrefetchDistance < indices.Length)
                {
                    unsafe
                    {
                        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref weights, (nuint)indices[i + PrefetchDistance] * (nuint)k)));
                    }
                }
                var x = new Vector<float>(values[i]);
                var row = (nuint)indices[i] * (nuint)k;
                for (var v = 0; v < sums.Length; v++)
                {
                    sums[v] += Vector.LoadUnsafe(ref weights, row + (nuint)(v * width)) * x;
                }
            }
            for (var v = 0; v < sums.Length; v++)
            {
                sums[v].CopyTo(logOdds[(v * width)..]);
            }
            return;
        }
        for (var i = 0; i < indices.Length; i++)
        {
            var row = indices[i] * k;
            for (var c = 0; c < k; c++)
            {
                logOdds[c] += _weights[row + c] * values[i];
            }
        }
    }

    /// <summary>The calibrated probability of category <paramref name="category"/> given its log-odds.</summary>
    public double Calibrated(int category, double logOdds) => _calibrations[category].Calibrate(logOdds);

    /// <summary>The threshold of category <paramref name="category"/>'s calibrated probability.</summary>
    public double Threshold(int category) => Metadata.Categories[category].Threshold;
}
