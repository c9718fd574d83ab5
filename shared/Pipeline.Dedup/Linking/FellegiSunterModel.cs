using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Dedup.Linking;

/// <summary>One labelled comparison: the levels of a pair and whether the two reports are about the same event.</summary>
/// <param name="Vector">The pair's comparison levels.</param>
/// <param name="IsMatch">True when both reports belong to the same true group.</param>
public readonly record struct LabelledPair(ComparisonVector Vector, bool IsMatch);

/// <summary>What <see cref="FellegiSunterModel.EstimateEm"/> found.</summary>
/// <param name="Model">The estimated model (thresholds copied from the initial model).</param>
/// <param name="Iterations">EM iterations run.</param>
/// <param name="Converged">True when the largest parameter change fell under the tolerance.</param>
/// <param name="LogLikelihoods">Log-likelihood of the data after each iteration (never decreases).</param>
public sealed record EmResult(FellegiSunterModel Model, int Iterations, bool Converged, IReadOnlyList<double> LogLikelihoods);

/// <summary>
/// A Fellegi-Sunter record-linkage model: for every feature and comparison level, m (the
/// probability of the level among true matches) and u (among non-matches). A pair's match weight
/// is Σ log2(m/u) over its features; "Unknown" levels contribute 0. Two thresholds cut the
/// weight into <see cref="LinkBand"/>s. m and u are estimated from labelled pairs
/// (<see cref="Train"/>) or from unlabelled ones by expectation-maximization
/// (<see cref="EstimateEm"/>). The weight leaves out the prior log2(λ/(1-λ)); the thresholds absorb it.
/// </summary>
public sealed class FellegiSunterModel
{
    /// <summary>The "format" value of the JSON artifact.</summary>
    public const string Format = "pipeline.dedup.fellegi-sunter";

    /// <summary>The artifact format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Lazy<FellegiSunterModel> _default = new(() => FromJson(DefaultLinkingModel.Json));

    private readonly double[][] _m;
    private readonly double[][] _u;
    private readonly double[][] _weights;

    /// <summary>Creates a model from m and u per feature, indexed by level (index 0, "Unknown", is ignored).</summary>
    public FellegiSunterModel(
        IReadOnlyDictionary<LinkFeature, IReadOnlyList<double>> m,
        IReadOnlyDictionary<LinkFeature, IReadOnlyList<double>> u,
        double matchProbability,
        double reviewThreshold,
        double linkThreshold,
        string modelVersion = "unversioned",
        string description = "",
        FeedClockOffsets? clockOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(u);
        if (reviewThreshold > linkThreshold)
        {
            throw new ArgumentException($"The review threshold ({reviewThreshold}) is above the link threshold ({linkThreshold}).", nameof(reviewThreshold));
        }
        if (matchProbability is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(matchProbability), "Must be between 0 and 1.");
        }
        _m = new double[LinkFeatures.Count][];
        _u = new double[LinkFeatures.Count][];
        _weights = new double[LinkFeatures.Count][];
        foreach (var feature in LinkFeatures.All)
        {
            var f = (int)feature;
            var levels = LinkFeatures.LevelCount(feature);
            _m[f] = Copy(m, feature, levels, nameof(m));
            _u[f] = Copy(u, feature, levels, nameof(u));
            _weights[f] = new double[levels];
            for (var level = 1; level < levels; level++)
            {
                _weights[f][level] = Math.Log2(_m[f][level] / _u[f][level]);
            }
        }
        MatchProbability = matchProbability;
        ReviewThreshold = reviewThreshold;
        LinkThreshold = linkThreshold;
        ModelVersion = modelVersion;
        Description = description;
        ClockOffsets = clockOffsets ?? FeedClockOffsets.None;
    }

    /// <summary>The shipped model, trained on <see cref="LabelledDataGenerator"/> data (see docs/dedup.md for how to regenerate it).</summary>
    public static FellegiSunterModel Default => _default.Value;

    /// <summary>λ: the share of candidate pairs that are matches.</summary>
    public double MatchProbability { get; }

    /// <summary>Weights at or above this and under <see cref="LinkThreshold"/> are possible duplicates.</summary>
    public double ReviewThreshold { get; }

    /// <summary>Weights at or above this are links.</summary>
    public double LinkThreshold { get; }

    /// <summary>The model's own version label.</summary>
    public string ModelVersion { get; }

    /// <summary>How the model was produced.</summary>
    public string Description { get; }

    /// <summary>Learned whole-hour clock offsets between feeds, corrected before the time gap is graded.</summary>
    public FeedClockOffsets ClockOffsets { get; }

    /// <summary>m: P(level | match).</summary>
    public double M(LinkFeature feature, int level) => _m[(int)feature][level];

    /// <summary>u: P(level | non-match).</summary>
    public double U(LinkFeature feature, int level) => _u[(int)feature][level];

    /// <summary>log2(m/u) of one level; 0 for "Unknown".</summary>
    public double LevelWeight(LinkFeature feature, int level) => level == LinkFeatures.UnknownLevel ? 0 : _weights[(int)feature][level];

    /// <summary>The match weight of a comparison: Σ log2(m/u) over known levels.</summary>
    public double Weight(in ComparisonVector vector) =>
        _weights[0][(int)vector.Distance]
        + _weights[1][(int)vector.TimeGap]
        + _weights[2][(int)vector.Narrative]
        + _weights[3][(int)vector.Category]
        + _weights[4][(int)vector.Plates]
        + _weights[5][(int)vector.Subjects];

    /// <summary>The band of a weight.</summary>
    public LinkBand BandOf(double weight) =>
        weight >= LinkThreshold ? LinkBand.Link : weight >= ReviewThreshold ? LinkBand.PossibleDuplicate : LinkBand.NoLink;

    /// <summary>Each feature's level, agreement and contribution.</summary>
    public IReadOnlyList<FeatureOutcome> Explain(in ComparisonVector vector)
    {
        var outcomes = new FeatureOutcome[LinkFeatures.Count];
        for (var f = 0; f < LinkFeatures.Count; f++)
        {
            var feature = (LinkFeature)f;
            var level = vector[feature];
            var weight = LevelWeight(feature, level);
            var agreement = level == LinkFeatures.UnknownLevel ? FeatureAgreement.Unknown
                : weight > 0 ? FeatureAgreement.Agreed : FeatureAgreement.Disagreed;
            outcomes[f] = new FeatureOutcome(feature, LinkFeatures.LevelNames[feature][level], agreement, weight);
        }
        return outcomes;
    }

    /// <summary>The full decision for one pair.</summary>
    public LinkDecision Decide(string otherKey, in ComparisonVector vector)
    {
        var weight = Weight(vector);
        return new LinkDecision(otherKey, weight, BandOf(weight), Explain(vector));
    }

    /// <summary>A copy with other thresholds.</summary>
    public FellegiSunterModel WithThresholds(double reviewThreshold, double linkThreshold) =>
        new(Table(_m), Table(_u), MatchProbability, reviewThreshold, linkThreshold, ModelVersion, Description, ClockOffsets);

    /// <summary>A copy with another version label and description.</summary>
    public FellegiSunterModel WithVersion(string modelVersion, string description) =>
        new(Table(_m), Table(_u), MatchProbability, ReviewThreshold, LinkThreshold, modelVersion, description, ClockOffsets);

    /// <summary>A copy with other clock offsets.</summary>
    public FellegiSunterModel WithClockOffsets(FeedClockOffsets clockOffsets) =>
        new(Table(_m), Table(_u), MatchProbability, ReviewThreshold, LinkThreshold, ModelVersion, Description, clockOffsets);

    /// <summary>
    /// Supervised estimate: m and u are the level frequencies among labelled matches and
    /// non-matches, with <paramref name="smoothing"/> pseudo-counts per level (Laplace) so that
    /// no level has probability 0. Unknown levels are not counted.
    /// </summary>
    public static FellegiSunterModel Train(IEnumerable<LabelledPair> pairs, double smoothing = 1, double reviewThreshold = 0, double linkThreshold = 0)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(smoothing);
        var matchCounts = NewTable(0);
        var nonMatchCounts = NewTable(0);
        long matches = 0, total = 0;
        foreach (var pair in pairs)
        {
            var counts = pair.IsMatch ? matchCounts : nonMatchCounts;
            for (var f = 0; f < LinkFeatures.Count; f++)
            {
                counts[f][pair.Vector[(LinkFeature)f]]++;
            }
            matches += pair.IsMatch ? 1 : 0;
            total++;
        }
        if (matches == 0 || matches == total)
        {
            throw new ArgumentException("Training needs both matching and non-matching pairs.", nameof(pairs));
        }
        return new FellegiSunterModel(
            Normalize(matchCounts, smoothing),
            Normalize(nonMatchCounts, smoothing),
            (double)matches / total,
            reviewThreshold,
            linkThreshold);
    }

    /// <summary>
    /// Unsupervised estimate by expectation-maximization over a two-class mixture (match,
    /// non-match) with features independent given the class. Starts from
    /// <paramref name="initial"/>'s m, u and λ; identical vectors are counted once with their
    /// multiplicity. Unknown levels are treated as missing. When <paramref name="estimateU"/> is
    /// false, u stays as given (Splink's practice: u from random pairs, m by EM).
    /// </summary>
    public static EmResult EstimateEm(
        IEnumerable<ComparisonVector> pairs,
        FellegiSunterModel initial,
        int maxIterations = 200,
        double tolerance = 1e-6,
        bool estimateU = true,
        double smoothing = 0.1)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(initial);
        var multiplicity = new Dictionary<int, long>();
        foreach (var vector in pairs)
        {
            var key = vector.Pack();
            multiplicity[key] = multiplicity.GetValueOrDefault(key) + 1;
        }
        if (multiplicity.Count == 0)
        {
            throw new ArgumentException("EM needs at least one pair.", nameof(pairs));
        }
        var vectors = multiplicity.Select(pair => (Vector: ComparisonVector.Unpack(pair.Key), Count: (double)pair.Value)).ToArray();
        var m = Table(initial._m);
        var u = Table(initial._u);
        var mArrays = m.ToDictionary(p => p.Key, p => p.Value.ToArray());
        var uArrays = u.ToDictionary(p => p.Key, p => p.Value.ToArray());
        var lambda = initial.MatchProbability;
        var logLikelihoods = new List<double>();
        var converged = false;
        var iteration = 0;
        while (iteration < maxIterations && !converged)
        {
            iteration++;
            var mCounts = NewTable(0);
            var uCounts = NewTable(0);
            double matchMass = 0, totalMass = 0, logLikelihood = 0;
            foreach (var (vector, count) in vectors)
            {
                double pm = lambda, pu = 1 - lambda;
                for (var f = 0; f < LinkFeatures.Count; f++)
                {
                    var feature = (LinkFeature)f;
                    var level = vector[feature];
                    if (level != LinkFeatures.UnknownLevel)
                    {
                        pm *= mArrays[feature][level];
                        pu *= uArrays[feature][level];
                    }
                }
                var posterior = pm / (pm + pu);
                logLikelihood += count * Math.Log(pm + pu);
                matchMass += count * posterior;
                totalMass += count;
                for (var f = 0; f < LinkFeatures.Count; f++)
                {
                    var level = vector[(LinkFeature)f];
                    mCounts[f][level] += count * posterior;
                    uCounts[f][level] += count * (1 - posterior);
                }
            }
            logLikelihoods.Add(logLikelihood);
            var newM = Normalize(mCounts, smoothing);
            var newU = estimateU ? Normalize(uCounts, smoothing) : u;
            var newLambda = Math.Clamp(matchMass / totalMass, 1e-9, 1 - 1e-9);
            var change = Math.Abs(newLambda - lambda);
            foreach (var feature in LinkFeatures.All)
            {
                for (var level = 1; level < LinkFeatures.LevelCount(feature); level++)
                {
                    change = Math.Max(change, Math.Abs(newM[feature][level] - mArrays[feature][level]));
                    change = Math.Max(change, Math.Abs(newU[feature][level] - uArrays[feature][level]));
                }
            }
            mArrays = newM.ToDictionary(p => p.Key, p => p.Value.ToArray());
            uArrays = newU.ToDictionary(p => p.Key, p => p.Value.ToArray());
            lambda = newLambda;
            converged = change < tolerance;
        }
        var model = new FellegiSunterModel(
            mArrays.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
            uArrays.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
            lambda,
            initial.ReviewThreshold,
            initial.LinkThreshold,
            initial.ModelVersion + "+em",
            "Estimated by EM from " + totalPairs(vectors).ToString(CultureInfo.InvariantCulture) + " unlabelled pairs.",
            initial.ClockOffsets);
        return new EmResult(model, iteration, converged, logLikelihoods);

        static long totalPairs((ComparisonVector Vector, double Count)[] vectors) => (long)vectors.Sum(v => v.Count);
    }

    /// <summary>The model as a versioned JSON artifact.</summary>
    public string ToJson()
    {
        var document = new ModelDocument(
            Format,
            FormatVersion,
            ModelVersion,
            Description,
            MatchProbability,
            ReviewThreshold,
            LinkThreshold,
            LinkFeatures.All.Select(feature => new FeatureDocument(
                feature.ToString(),
                Enumerable.Range(1, LinkFeatures.LevelCount(feature) - 1)
                    .Select(level => new LevelDocument(LinkFeatures.LevelNames[feature][level], M(feature, level), U(feature, level)))
                    .ToList())).ToList(),
            ClockOffsets.Offsets.Count == 0 ? null : ClockOffsets.Offsets.ToList());
        return JsonSerializer.Serialize(document, _json);
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>; fails on another format, version or an unknown feature or level.</summary>
    public static FellegiSunterModel FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        var document = JsonSerializer.Deserialize<ModelDocument>(json, _json)
            ?? throw new FormatException("The linking model JSON is empty.");
        if (!string.Equals(document.Format, Format, StringComparison.Ordinal))
        {
            throw new FormatException($"Not a linking model: format is '{document.Format}', expected '{Format}'.");
        }
        if (document.FormatVersion != FormatVersion)
        {
            throw new FormatException($"Linking model format version {document.FormatVersion} is not supported (this code reads {FormatVersion}).");
        }
        var m = NewTable(double.NaN); // a level the file leaves out fails in the constructor
        var u = NewTable(double.NaN);
        foreach (var featureDocument in document.Features ?? [])
        {
            if (!Enum.TryParse<LinkFeature>(featureDocument.Name, out var feature))
            {
                throw new FormatException($"Unknown feature '{featureDocument.Name}' in the linking model.");
            }
            foreach (var levelDocument in featureDocument.Levels ?? [])
            {
                var level = LinkFeatures.LevelIndex(feature, levelDocument.Name ?? "");
                if (level <= 0)
                {
                    throw new FormatException($"Unknown level '{levelDocument.Name}' of feature {feature} in the linking model.");
                }
                m[(int)feature][level] = levelDocument.M;
                u[(int)feature][level] = levelDocument.U;
            }
        }
        return new FellegiSunterModel(
            AsTable(m),
            AsTable(u),
            document.MatchProbability,
            document.ReviewThreshold,
            document.LinkThreshold,
            document.ModelVersion ?? "unversioned",
            document.Description ?? "",
            new FeedClockOffsets(document.ClockOffsets ?? []));
    }

    /// <summary>Writes the JSON artifact to a file.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a JSON artifact from a file.</summary>
    public static FellegiSunterModel Load(string path) => FromJson(File.ReadAllText(path));

    private static double[] Copy(IReadOnlyDictionary<LinkFeature, IReadOnlyList<double>> table, LinkFeature feature, int levels, string name)
    {
        if (!table.TryGetValue(feature, out var values) || values.Count != levels)
        {
            throw new ArgumentException($"{name} needs {levels} values for {feature}.", name);
        }
        var copy = new double[levels];
        copy[0] = 1;
        for (var level = 1; level < levels; level++)
        {
            var value = values[level];
            if (value is <= 0 or > 1 || double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(name, $"{name}[{feature}][{LinkFeatures.LevelNames[feature][level]}] = {value} is not a probability above 0.");
            }
            copy[level] = value;
        }
        return copy;
    }

    private static double[][] NewTable(double fill)
    {
        var table = new double[LinkFeatures.Count][];
        for (var f = 0; f < LinkFeatures.Count; f++)
        {
            table[f] = new double[LinkFeatures.LevelCount((LinkFeature)f)];
            Array.Fill(table[f], fill);
        }
        return table;
    }

    private static Dictionary<LinkFeature, IReadOnlyList<double>> AsTable(double[][] table) =>
        LinkFeatures.All.ToDictionary(feature => feature, feature => (IReadOnlyList<double>)table[(int)feature]);

    private static Dictionary<LinkFeature, IReadOnlyList<double>> Table(double[][] table) =>
        LinkFeatures.All.ToDictionary(feature => feature, feature => (IReadOnlyList<double>)(double[])table[(int)feature].Clone());

    private static Dictionary<LinkFeature, IReadOnlyList<double>> Normalize(double[][] counts, double smoothing)
    {
        var result = new Dictionary<LinkFeature, IReadOnlyList<double>>();
        foreach (var feature in LinkFeatures.All)
        {
            var row = counts[(int)feature];
            var known = row.Length - 1;
            var total = 0.0;
            for (var level = 1; level < row.Length; level++)
            {
                total += row[level];
            }
            var probabilities = new double[row.Length];
            probabilities[0] = 1;
            for (var level = 1; level < row.Length; level++)
            {
                probabilities[level] = total + (smoothing * known) > 0
                    ? (row[level] + smoothing) / (total + (smoothing * known))
                    : 1.0 / known;
                probabilities[level] = Math.Max(probabilities[level], 1e-12);
            }
            result[feature] = probabilities;
        }
        return result;
    }

    private sealed record ModelDocument(
        string? Format,
        int FormatVersion,
        string? ModelVersion,
        string? Description,
        double MatchProbability,
        double ReviewThreshold,
        double LinkThreshold,
        List<FeatureDocument>? Features,
        List<FeedClockOffset>? ClockOffsets = null);

    private sealed record FeatureDocument(string? Name, List<LevelDocument>? Levels);

    private sealed record LevelDocument(string? Name, double M, double U);
}
