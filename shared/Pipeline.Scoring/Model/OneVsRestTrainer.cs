using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Scoring.Features;

namespace Pipeline.Scoring.Model;

/// <summary>Settings of <see cref="OneVsRestTrainer"/>; part of a model's metadata.</summary>
public sealed record OneVsRestOptions
{
    /// <summary>Seed of the calibration split and of every epoch's shuffle: the same seed and data give the same model.</summary>
    public int Seed { get; init; } = 20261122;

    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>AdaGrad's base learning rate η: a coordinate's step is η / √(Σ g²).</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>L2 penalty λ, applied to the coordinates each example touches (the sparse form of weight decay); biases are not penalized.</summary>
    public double L2 { get; init; } = 3e-4;

    /// <summary>Weight of a positive example's loss relative to a negative's, for every category (categories are rare: about 1 in 25 reports).</summary>
    public double PositiveWeight { get; init; } = 2;

    /// <summary>
    /// After calibrating on the split, train the weights again on every example (calibration
    /// split included), keeping the calibrations and thresholds measured on the split's unseen
    /// groups. Doubles the training time.
    /// </summary>
    public bool Refit { get; init; } = true;

    /// <summary>
    /// Cross-fitting folds for calibration and thresholds (2 or more), instead of one held-out
    /// split: each fold's examples are scored by a model trained on the other folds, and the final
    /// weights on all examples. Costs folds + 1 trainings; 0 uses the split
    /// (<see cref="CalibrationFraction"/>, <see cref="Refit"/>).
    /// </summary>
    public int CalibrationFolds { get; init; } = 3;

    /// <summary>Share of the examples (of the groups, for grouped examples) held out from training to fit the calibrations and thresholds.</summary>
    public double CalibrationFraction { get; init; } = 0.2;

    /// <summary>Precision each category's threshold must reach on the calibration split: the threshold is the one of best F1 among those that reach it (of best F1 overall when none does).</summary>
    public double TargetPrecision { get; init; } = 0.8;

    /// <summary>
    /// How much F1 (on the calibration split) a threshold may give up for more recall: the lowest
    /// threshold whose F1 is within this of the best is chosen.
    /// </summary>
    public double ThresholdTolerance { get; init; } = 0.015;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"OneVsRestOptions: {message}");
            }
        }
        Check(Epochs is >= 1 and <= 100, "Epochs must lie within 1..100");
        Check(LearningRate is > 0 and <= 10, "LearningRate must lie in (0, 10]");
        Check(L2 is >= 0 and < 1, "L2 must lie in [0, 1)");
        Check(PositiveWeight is > 0 and <= 100, "PositiveWeight must lie in (0, 100]");
        Check(CalibrationFraction is > 0 and < 0.5, "CalibrationFraction must lie in (0, 0.5)");
        Check(CalibrationFolds is 0 or (>= 2 and <= 10), "CalibrationFolds must be 0 or lie within 2..10");
        Check(ThresholdTolerance is >= 0 and < 0.5, "ThresholdTolerance must lie in [0, 0.5)");
        Check(TargetPrecision is > 0 and < 1, "TargetPrecision must lie in (0, 1)");
    }
}

/// <summary>A report with the ISE-SAR categories it belongs to (none: not ISE-SAR).</summary>
/// <param name="Report">The report; only its behavioral fields are read.</param>
/// <param name="Categories">Its category codes.</param>
/// <param name="Group">
/// Examples that share a group go to the same side of the calibration split: the generator's
/// template id, so that calibration and thresholds are fitted on sentence structures the model
/// did not train on (as real narratives will be). Null: the example is split on its own.
/// </param>
public sealed record TrainingExample(Report Report, IReadOnlyList<string> Categories, string? Group = null);

/// <summary>
/// Trains the one-vs-rest ISE-SAR model: sixteen L2-regularized logistic regressions over the
/// same hashed features, by AdaGrad stochastic gradient descent, then a Platt calibration and a
/// threshold per category on a held-out split.
/// </summary>
/// <remarks>
/// <para>
/// Optimizer: AdaGrad (Duchi, Hazan and Singer, 2011) on the log-loss plus λ‖w‖²/2, per example:
/// g = (σ(z) − y)·c·x + λw on each coordinate the example touches, G += g², w −= η·g/√G,
/// where c is <see cref="OneVsRestOptions.PositiveWeight"/> for positives and 1 otherwise. The
/// penalty is applied when a coordinate is touched (the usual sparse form), so a rare feature
/// decays less than a frequent one.
/// </para>
/// <para>
/// Deterministic: the split and each epoch's order come from a <see cref="Random"/> seeded with
/// <see cref="OneVsRestOptions.Seed"/>; the categories are trained in two independent halves on
/// two threads (each half sees the same order), so the result does not depend on scheduling.
/// </para>
/// </remarks>
public static class OneVsRestTrainer
{
    private const int Halves = 2;

    /// <summary>Trains a model.</summary>
    /// <param name="examples">Labelled reports; at least 50, with every category's code from the catalogue.</param>
    /// <param name="features">Feature configuration.</param>
    /// <param name="options">Training settings.</param>
    /// <param name="trainingData">What the data is, in words, for the metadata.</param>
    /// <param name="now">The creation time to record.</param>
    /// <exception cref="ArgumentException">Too few examples, an unknown category code, or settings out of range.</exception>
    public static IseSarModel Train(IReadOnlyList<TrainingExample> examples, FeatureOptions features, OneVsRestOptions options, string trainingData, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (examples.Count < 50)
        {
            throw new ArgumentException($"{examples.Count} training examples: at least 50 are needed", nameof(examples));
        }
        var categories = IseSarModel.CategoryCount;
        var featurizer = new ReportFeaturizer(features);
        var vectors = new SparseFeatureVector[examples.Count];
        var labels = new ushort[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            labels[i] = LabelMask(examples[i].Categories);
        }
        Parallel.For(0, examples.Count, i => vectors[i] = featurizer.Featurize(examples[i].Report));

        var dimension = features.Dimension;
        int[] calibration;
        float[] logOdds;
        float[] weights;
        float[] biases;
        if (options.CalibrationFolds >= 2)
        {
            // Cross-fitting: every example is scored by a model that did not train on its group,
            // so calibration and thresholds see every sentence structure as unseen; then the
            // weights are fitted on everything.
            var folds = Folds(examples, options.CalibrationFolds, options.Seed);
            calibration = [.. Enumerable.Range(0, examples.Count)];
            logOdds = new float[examples.Count * categories];
            for (var k = 0; k < options.CalibrationFolds; k++)
            {
                var fold = k;
                var (w, b) = Fit(vectors, labels, [.. calibration.Where(i => folds[i] != fold)], dimension, options);
                var foldModel = new IseSarModel(Placeholder(features, options), w, b);
                Parallel.ForEach(calibration.Where(i => folds[i] == fold), i =>
                    foldModel.LogOdds(vectors[i], logOdds.AsSpan(i * categories, categories)));
            }
            (weights, biases) = Fit(vectors, labels, calibration, dimension, options);
        }
        else
        {
            int[] training;
            (training, calibration) = Split(examples, options);
            (weights, biases) = Fit(vectors, labels, training, dimension, options);
            var split = new IseSarModel(Placeholder(features, options), weights, biases);
            logOdds = new float[calibration.Length * categories];
            Parallel.For(0, calibration.Length, i =>
                split.LogOdds(vectors[calibration[i]], logOdds.AsSpan(i * categories, categories)));
            if (options.Refit)
            {
                // The calibrations and thresholds stay those measured on the split's unseen groups;
                // the weights are refitted on every example.
                (weights, biases) = Fit(vectors, labels, [.. Enumerable.Range(0, examples.Count)], dimension, options);
            }
        }

        var parameters = new CategoryParameters[categories];
        Parallel.For(0, categories, c =>
        {
            var z = new double[calibration.Length];
            var y = new bool[calibration.Length];
            for (var i = 0; i < calibration.Length; i++)
            {
                z[i] = logOdds[(i * categories) + c];
                y[i] = (labels[calibration[i]] & (1 << c)) != 0;
            }
            var platt = PlattCalibration.Fit(z, y);
            var probabilities = z.Select(platt.Calibrate).ToArray();
            parameters[c] = new CategoryParameters(IseSarCategories.All[c].Code, platt.A, platt.B, ChooseThreshold(probabilities, y, options.TargetPrecision, options.ThresholdTolerance));
        });

        var weightsHash = WeightsHash(weights, biases);
        return new IseSarModel(
            new ModelMetadata
            {
                Version = string.Create(CultureInfo.InvariantCulture, $"isesar-lr-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{weightsHash[..8]}"),
                CreatedAt = now.ToUniversalTime(),
                TrainingDataHash = TrainingDataHash(examples),
                TrainingData = trainingData,
                TrainingReports = examples.Count,
                WeightsSha256 = weightsHash,
                Features = features,
                Training = options,
                Categories = parameters,
            },
            weights,
            biases);
    }

    /// <summary>
    /// The calibration split: one fold of 1 / <see cref="OneVsRestOptions.CalibrationFraction"/>
    /// (see <see cref="Folds"/>), so whole groups, that share of each family of groups; and
    /// ungrouped examples drawn one by one by a seeded shuffle. Falls back to a row split when
    /// either side would be empty.
    /// </summary>
    internal static (int[] Training, int[] Calibration) Split(IReadOnlyList<TrainingExample> examples, OneVsRestOptions options)
    {
        // One fold of as many as the fraction makes: the same family-stratified dealing as cross-fitting.
        var folds = Folds(examples, (int)Math.Round(1 / options.CalibrationFraction), options.Seed);
        var calibration = Enumerable.Range(0, examples.Count).Where(i => folds[i] == 0).ToArray();
        var training = Enumerable.Range(0, examples.Count).Where(i => folds[i] != 0).ToArray();
        if (training.Length == 0 || calibration.Length == 0)
        {
            var order = Enumerable.Range(0, examples.Count).ToArray();
            new Random(options.Seed).Shuffle(order);
            var count = (int)Math.Round(examples.Count * options.CalibrationFraction);
            var rows = order[count..];
            Array.Sort(rows);
            return (rows, order[..count]);
        }
        return (training, calibration);
    }

    /// <summary>
    /// The fold of every example for cross-fitting: each family of groups (a group's name up to its
    /// last '.') dealt round-robin over the folds in the order of a seeded hash, so every fold
    /// holds some templates of every category; ungrouped examples dealt by a seeded shuffle.
    /// </summary>
    internal static int[] Folds(IReadOnlyList<TrainingExample> examples, int folds, int seed)
    {
        var foldOfGroup = examples
            .Where(e => e.Group is not null)
            .Select(e => e.Group!)
            .Distinct(StringComparer.Ordinal)
            .GroupBy(g => g.LastIndexOf('.') is > 0 and var dot ? g[..dot] : g, StringComparer.Ordinal)
            .SelectMany(family => family
                .OrderBy(g => GroupDraw(g, seed)).ThenBy(g => g, StringComparer.Ordinal)
                .Select((g, index) => (Group: g, Fold: (index + (int)(GroupDraw(family.Key, seed) * folds)) % folds)))
            .ToDictionary(pair => pair.Group, pair => pair.Fold, StringComparer.Ordinal);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(seed).Shuffle(order);
        var result = new int[examples.Count];
        var dealt = 0;
        foreach (var i in order)
        {
            result[i] = examples[i].Group is { } group ? foldOfGroup[group] : dealt++ % folds;
        }
        return result;
    }

    // A stable uniform draw in [0, 1) per group and seed (string.GetHashCode is randomized per process).
    private static double GroupDraw(string group, int seed)
    {
        var hash = StableHash.FnvOffset ^ (uint)seed;
        foreach (var c in group)
        {
            hash = (hash ^ c) * StableHash.FnvPrime;
        }
        return StableHash.Mix(hash) / 4294967296.0;
    }

    /// <summary>The categories of a label list as bits in catalogue order.</summary>
    /// <exception cref="ArgumentException">A code is not in the catalogue.</exception>
    public static ushort LabelMask(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ushort mask = 0;
        foreach (var code in categories)
        {
            var index = IseSarCategories.IndexOf(code);
            if (index < 0)
            {
                throw new ArgumentException($"'{code}' is not an ISE-SAR category code", nameof(categories));
            }
            mask |= (ushort)(1 << index);
        }
        return mask;
    }

    /// <summary>Trains the sixteen categories on <paramref name="rows"/>, in two halves on two threads; returns interleaved weights.</summary>
    private static (float[] Weights, float[] Biases) Fit(SparseFeatureVector[] vectors, ushort[] labels, int[] rows, int dimension, OneVsRestOptions options)
    {
        var categories = IseSarModel.CategoryCount;
        var perHalf = categories / Halves;
        var halves = new (double[] Weights, double[] Biases)[Halves];
        Parallel.For(0, Halves, new ParallelOptions { MaxDegreeOfParallelism = Halves }, half =>
            halves[half] = TrainHalf(vectors, labels, rows, dimension, half * perHalf, perHalf, options));
        var weights = new float[dimension * categories];
        var biases = new float[categories];
        for (var half = 0; half < Halves; half++)
        {
            var (w, b) = halves[half];
            for (var f = 0; f < dimension; f++)
            {
                for (var c = 0; c < perHalf; c++)
                {
                    weights[(f * categories) + (half * perHalf) + c] = (float)w[(f * perHalf) + c];
                }
            }
            for (var c = 0; c < perHalf; c++)
            {
                biases[(half * perHalf) + c] = (float)b[c];
            }
        }
        return (weights, biases);
    }

    private static (double[] Weights, double[] Biases) TrainHalf(SparseFeatureVector[] vectors, ushort[] labels, int[] training, int dimension, int firstCategory, int count, OneVsRestOptions options)
    {
        var w = new double[dimension * count];
        var g2 = new double[dimension * count];
        var b = new double[count];
        var bg2 = new double[count];
        var error = new double[count];
        var z = new double[count];
        var order = (int[])training.Clone();
        var random = new Random(options.Seed);
        var eta = options.LearningRate;
        var l2 = options.L2;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var r in order)
            {
                var indices = vectors[r].Indices;
                var values = vectors[r].Values;
                b.CopyTo(z, 0);
                for (var i = 0; i < indices.Length; i++)
                {
                    var row = indices[i] * count;
                    var x = values[i];
                    for (var c = 0; c < count; c++)
                    {
                        z[c] += w[row + c] * x;
                    }
                }
                var label = labels[r] >> firstCategory;
                for (var c = 0; c < count; c++)
                {
                    var positive = (label & (1 << c)) != 0;
                    error[c] = (Logistic.Sigmoid(z[c]) - (positive ? 1 : 0)) * (positive ? options.PositiveWeight : 1);
                    bg2[c] += error[c] * error[c];
                    b[c] -= eta / Math.Sqrt(bg2[c] + 1e-8) * error[c];
                }
                for (var i = 0; i < indices.Length; i++)
                {
                    var x = values[i];
                    var row = indices[i] * count;
                    for (var c = 0; c < count; c++)
                    {
                        var j = row + c;
                        var g = (error[c] * x) + (l2 * w[j]);
                        g2[j] += g * g;
                        w[j] -= eta * g / Math.Sqrt(g2[j] + 1e-8);
                    }
                }
            }
        }
        return (w, b);
    }

    /// <summary>
    /// The threshold of best F1 among those whose precision on the split reaches
    /// <paramref name="target"/>; the best-F1 threshold overall when none does. Placed halfway
    /// between the deciding probability and the next lower one, so that a probability equal to a
    /// calibration one does not sit on the edge.
    /// </summary>
    internal static double ChooseThreshold(double[] probabilities, bool[] labels, double target, double tolerance = 0)
    {
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToArray();
        var positives = labels.Count(l => l);
        if (positives == 0)
        {
            return 0.5;
        }
        // Every cut between two different probabilities: its rank, precision and F1.
        var cuts = new List<(int Rank, double Precision, double F1)>();
        int tp = 0, fp = 0;
        for (var rank = 0; rank < order.Length; rank++)
        {
            if (labels[order[rank]])
            {
                tp++;
            }
            else
            {
                fp++;
            }
            if (rank + 1 < order.Length && probabilities[order[rank + 1]] == probabilities[order[rank]])
            {
                continue;
            }
            cuts.Add((rank, (double)tp / (tp + fp), 2.0 * tp / (tp + fp + positives)));
        }
        var eligible = cuts.Where(c => c.Precision >= target).ToList();
        if (eligible.Count == 0)
        {
            eligible = cuts;
        }
        // The lowest cut whose F1 is within the tolerance of the best: unseen phrasings score lower
        // than the split's, so where F1 is flat the cut that keeps more recall generalizes better.
        var best = eligible.Max(c => c.F1);
        var at = eligible.Where(c => c.F1 >= best - tolerance).Max(c => c.Rank);
        var here = probabilities[order[at]];
        var below = at + 1 < order.Length ? probabilities[order[at + 1]] : 0;
        return Math.Clamp((here + below) / 2, 0.01, 0.99);
    }

    private static ModelMetadata Placeholder(FeatureOptions features, OneVsRestOptions options) => new()
    {
        Version = "training",
        CreatedAt = DateTimeOffset.UnixEpoch,
        TrainingDataHash = "",
        TrainingData = "",
        TrainingReports = 0,
        WeightsSha256 = "",
        Features = features,
        Training = options,
        Categories = [.. IseSarCategories.All.Select(c => new CategoryParameters(c.Code, 1, 0, 0.5))],
    };

    /// <summary>SHA-256 (hex, lower case) of the canonical form of labelled examples, in order.</summary>
    public static string TrainingDataHash(IEnumerable<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        foreach (var example in examples)
        {
            var report = example.Report;
            line.Clear()
                .Append(report.Kind).Append('\u001f')
                .Append(report.CadCallType).Append('\u001f')
                .Append(report.TargetSector).Append('\u001f')
                .Append(report.Location?.Precision).Append('\u001f')
                .Append(string.IsNullOrWhiteSpace(report.Location?.RawAddress) ? '0' : '1').Append('\u001f')
                .Append(report.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\u001f')
                .Append(report.Narrative).Append('\u001f')
                .AppendJoin(',', example.Categories.Order(StringComparer.Ordinal)).Append('\u001e');
            hash.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 (hex, lower case) of weights and biases as little-endian floats.</summary>
    internal static string WeightsHash(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(biases));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
