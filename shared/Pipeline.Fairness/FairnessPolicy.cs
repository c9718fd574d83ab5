using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Fairness;

/// <summary>What a disparity's verdict under a policy is judged on.</summary>
public enum GateBasis
{
    /// <summary>The ratio itself must lie inside the band (Aequitas' rule).</summary>
    Point,

    /// <summary>
    /// A group fails only when its whole 95% interval lies outside the band: the evidence shows the
    /// disparity. The interval is the union of the bootstrap interval and Katz's log interval of
    /// the ratio, so a group with no events (where the bootstrap collapses to a point) is not read
    /// as certain. Noise in small and mid-sized groups cannot stop a fair model.
    /// </summary>
    Interval,
}

/// <summary>A written fairness policy the promotion gate enforces, loaded from a JSON file.</summary>
/// <remarks>
/// File format (every field optional; defaults shown):
/// <code>
/// {
///   "name": "default",
///   "metrics": ["selectionRate", "falsePositiveRate", "falseNegativeRate"],
///   "passBand": { "lower": 0.8, "upper": 1.25 },
///   "minimumGroupSize": 30,
///   "decideOn": "interval",
///   "insufficientBlocks": false,
///   "includeIntersections": true,
///   "reference": "largest",
///   "bootstrapSamples": 1000,
///   "seed": 0
/// }
/// </code>
/// <c>reference</c> is <c>largest</c>, <c>lowestMetric</c> or a group's value or label.
/// </remarks>
public sealed record FairnessPolicy
{
    /// <summary>The policy's name, quoted in reports and refusals.</summary>
    public string Name { get; init; } = "default";

    /// <summary>The metrics a candidate must keep inside the band for every sufficient group.</summary>
    public IReadOnlyList<FairnessMetric> Metrics { get; init; } =
        [FairnessMetric.SelectionRate, FairnessMetric.FalsePositiveRate, FairnessMetric.FalseNegativeRate];

    /// <summary>Lowest passing ratio. Default 0.8.</summary>
    public double PassBandLower { get; init; } = 0.8;

    /// <summary>Highest passing ratio. Default 1.25.</summary>
    public double PassBandUpper { get; init; } = 1.25;

    /// <summary>Groups with fewer rows are insufficient. Default 30.</summary>
    public int MinimumGroupSize { get; init; } = 30;

    /// <summary>Point or interval judgement. Default <see cref="GateBasis.Interval"/>.</summary>
    public GateBasis DecideOn { get; init; } = GateBasis.Interval;

    /// <summary>Whether an insufficient group stops promotion (true) or is listed as a warning (false, default).</summary>
    public bool InsufficientBlocks { get; init; }

    /// <summary>Whether intersections of two attributes are gated too. Default true.</summary>
    public bool IncludeIntersections { get; init; } = true;

    /// <summary>Reference rule. Default the largest group.</summary>
    public ReferenceGroup Reference { get; init; } = ReferenceGroup.Largest;

    /// <summary>Bootstrap resamples for the intervals. Default 1000.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Bootstrap seed. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>SHA-256 (hex) of the policy file's bytes; empty for a policy built in code.</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>The audit options that carry this policy's band, sizes and reference.</summary>
    /// <returns>Options for <see cref="FairnessAudit.Compute"/>.</returns>
    public FairnessOptions ToOptions() => new()
    {
        MinimumGroupSize = MinimumGroupSize,
        PassBandLower = PassBandLower,
        PassBandUpper = PassBandUpper,
        BootstrapSamples = BootstrapSamples,
        Seed = Seed,
        IncludeIntersections = IncludeIntersections,
        Reference = Reference,
    };

    /// <summary>Reads a policy file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The policy, with <see cref="Sha256"/> set.</returns>
    /// <exception cref="FairnessPolicyException">The file is missing, not JSON, or holds an unknown or invalid setting.</exception>
    public static FairnessPolicy Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FairnessPolicyException($"fairness policy {path}: {e.Message}");
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a policy from UTF-8 JSON bytes.</summary>
    /// <param name="json">The bytes.</param>
    /// <param name="source">Name of the source, for messages.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="FairnessPolicyException">Not JSON, or an unknown or invalid setting.</exception>
    public static FairnessPolicy Parse(byte[] json, string source = "policy")
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > 1 << 20)
        {
            throw new FairnessPolicyException($"fairness policy {source}: {json.Length:N0} bytes is too large for a policy (1 MiB at most).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FairnessPolicyException($"fairness policy {source}: not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FairnessPolicyException($"fairness policy {source}: the top level must be an object.");
            }

            var policy = new FairnessPolicy { Sha256 = Convert.ToHexStringLower(SHA256.HashData(json)) };
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                policy = property.Name switch
                {
                    "name" => policy with { Name = Text(value, source, property.Name) },
                    "metrics" => policy with { Metrics = MetricList(value, source) },
                    "passBand" => Band(policy, value, source),
                    "minimumGroupSize" => policy with { MinimumGroupSize = Integer(value, source, property.Name, 0) },
                    "decideOn" => policy with { DecideOn = Basis(value, source) },
                    "insufficientBlocks" => policy with { InsufficientBlocks = Boolean(value, source, property.Name) },
                    "includeIntersections" => policy with { IncludeIntersections = Boolean(value, source, property.Name) },
                    "reference" => policy with { Reference = ReferenceRule(Text(value, source, property.Name)) },
                    "bootstrapSamples" => policy with { BootstrapSamples = Integer(value, source, property.Name, 0) },
                    "seed" => policy with { Seed = Integer(value, source, property.Name, int.MinValue) },
                    _ => throw new FairnessPolicyException(
                        $"fairness policy {source}: unknown setting \"{property.Name}\" (known: name, metrics, passBand, minimumGroupSize, decideOn, insufficientBlocks, includeIntersections, reference, bootstrapSamples, seed)."),
                };
            }

            if (policy.Metrics.Count == 0)
            {
                throw new FairnessPolicyException($"fairness policy {source}: \"metrics\" lists no metric; a policy that checks nothing would pass every model.");
            }

            return policy;
        }
    }

    /// <summary>Judges an audit computed with <see cref="ToOptions"/> against this policy.</summary>
    /// <param name="result">The audit.</param>
    /// <returns>The gate's decision: the failing disparities and the insufficient ones.</returns>
    public GateDecision Judge(AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failures = new List<Disparity>();
        var insufficient = new List<Disparity>();
        foreach (var d in result.Disparities)
        {
            if (!Metrics.Contains(d.Metric))
            {
                continue;
            }

            if (d.Verdict == DisparityVerdict.Insufficient)
            {
                insufficient.Add(d);
            }
            else if (Fails(d, result))
            {
                var (lower, upper) = DecideOn == GateBasis.Interval ? JudgedInterval(d, result) : (d.Lower, d.Upper);
                failures.Add(d with { Lower = lower, Upper = upper });
            }
        }

        // Nothing judged is never a pass: a gate that could compare no group has shown nothing.
        var judged = result.Disparities.Count(d => Metrics.Contains(d.Metric) && d.Verdict != DisparityVerdict.Insufficient);
        var passed = judged > 0 && failures.Count == 0 && (!InsufficientBlocks || insufficient.Count == 0);
        return new GateDecision(Name, Sha256, passed, failures, insufficient) { Judged = judged };
    }

    private bool Fails(Disparity d, AuditResult result)
    {
        if (DecideOn == GateBasis.Point)
        {
            return d.Ratio < PassBandLower || d.Ratio > PassBandUpper;
        }

        var (lower, upper) = JudgedInterval(d, result);
        return upper < PassBandLower || lower > PassBandUpper;
    }

    /// <summary>
    /// The interval an <see cref="GateBasis.Interval"/> judgement uses: the union of the bootstrap
    /// interval and the Katz log interval of the ratio of two proportions (95%), with half an event
    /// added when a count is 0 or all (Haldane). The percentile bootstrap collapses to a point when a
    /// group has no events (0 false positives among 40 negatives resamples to 0 every time), which
    /// would read as certainty; Katz keeps the uncertainty of small counts, so only evidence can
    /// fail a group.
    /// </summary>
    internal static (double Lower, double Upper) JudgedInterval(Disparity d, AuditResult result)
    {
        var lower = double.IsFinite(d.Lower) ? d.Lower : d.Ratio;
        var upper = double.IsFinite(d.Upper) ? d.Upper : d.Ratio;
        var group = result.Groups.FirstOrDefault(g => g.Label == d.Group);
        var reference = d.Reference is null ? null : result.Groups.FirstOrDefault(g => g.Label == d.Reference);
        if (group is null || reference is null)
        {
            return (lower, upper);
        }

        var g = group.Rate(d.Metric);
        var r = reference.Rate(d.Metric);
        if (!g.IsDefined || !r.IsDefined)
        {
            return (lower, upper);
        }

        var (katzLower, katzUpper) = KatzInterval(g.Numerator, g.Denominator, r.Numerator, r.Denominator);
        return (Math.Min(lower, katzLower), Math.Max(upper, katzUpper));
    }

    /// <summary>Katz's 95% log interval of (a/n) / (c/m), Haldane-corrected when a count is 0 or all.</summary>
    internal static (double Lower, double Upper) KatzInterval(long a, long n, long c, long m)
    {
        double x = a, nx = n, y = c, ny = m;
        if (a == 0 || a == n || c == 0 || c == m)
        {
            x += 0.5;
            nx += 1;
            y += 0.5;
            ny += 1;
        }

        var log = Math.Log((x / nx) / (y / ny));
        var se = Math.Sqrt((1 / x) - (1 / nx) + (1 / y) - (1 / ny));
        return (Math.Exp(log - (RateInterval.Z95 * se)), Math.Exp(log + (RateInterval.Z95 * se)));
    }

    private static FairnessPolicy Band(FairnessPolicy policy, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FairnessPolicyException($"fairness policy {source}: \"passBand\" must be an object {{\"lower\": 0.8, \"upper\": 1.25}}.");
        }

        var lower = policy.PassBandLower;
        var upper = policy.PassBandUpper;
        foreach (var p in value.EnumerateObject())
        {
            var number = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble()
                : throw new FairnessPolicyException($"fairness policy {source}: passBand.{p.Name} must be a number.");
            switch (p.Name)
            {
                case "lower": lower = number; break;
                case "upper": upper = number; break;
                default: throw new FairnessPolicyException($"fairness policy {source}: unknown passBand setting \"{p.Name}\" (lower, upper).");
            }
        }

        if (!(lower > 0 && lower <= 1 && upper >= 1 && double.IsFinite(upper)))
        {
            throw new FairnessPolicyException($"fairness policy {source}: the pass band must satisfy 0 < lower <= 1 <= upper (got {lower} to {upper}).");
        }

        return policy with { PassBandLower = lower, PassBandUpper = upper };
    }

    private static List<FairnessMetric> MetricList(JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FairnessPolicyException($"fairness policy {source}: \"metrics\" must be an array of metric names.");
        }

        var metrics = new List<FairnessMetric>();
        foreach (var item in value.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : string.Empty;
            var metric = Enum.GetValues<FairnessMetric>().Where(m => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(m.ToString()), name, StringComparison.Ordinal)).ToList();
            if (metric.Count == 0)
            {
                var known = string.Join(", ", Enum.GetValues<FairnessMetric>().Select(m => JsonNamingPolicy.CamelCase.ConvertName(m.ToString())));
                throw new FairnessPolicyException($"fairness policy {source}: unknown metric \"{name}\" (known: {known}).");
            }

            if (!metrics.Contains(metric[0]))
            {
                metrics.Add(metric[0]);
            }
        }

        return metrics;
    }

    private static GateBasis Basis(JsonElement value, string source) => value.ValueKind == JsonValueKind.String ? value.GetString() switch
    {
        "point" => GateBasis.Point,
        "interval" => GateBasis.Interval,
        var other => throw new FairnessPolicyException($"fairness policy {source}: \"decideOn\" is \"point\" or \"interval\", not \"{other}\"."),
    }
    : throw new FairnessPolicyException($"fairness policy {source}: \"decideOn\" must be a string.");

    private static ReferenceGroup ReferenceRule(string value) => value switch
    {
        "largest" => ReferenceGroup.Largest,
        "lowestMetric" => ReferenceGroup.LowestMetric,
        _ => ReferenceGroup.Named(value),
    };

    private static string Text(JsonElement value, string source, string name) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } text
            ? text
            : throw new FairnessPolicyException($"fairness policy {source}: \"{name}\" must be a non-empty string of at most 200 characters.");

    private static int Integer(JsonElement value, string source, string name, int minimum) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= minimum
            ? n
            : throw new FairnessPolicyException($"fairness policy {source}: \"{name}\" must be a whole number of at least {minimum}.");

    private static bool Boolean(JsonElement value, string source, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FairnessPolicyException($"fairness policy {source}: \"{name}\" must be true or false."),
    };
}

/// <summary>A fairness policy file that cannot be used; the message says why.</summary>
public sealed class FairnessPolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FairnessPolicyException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the policy.</param>
    public FairnessPolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the policy.</param>
    /// <param name="inner">The cause.</param>
    public FairnessPolicyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The promotion gate's decision on one candidate.</summary>
/// <param name="PolicyName">The policy's name.</param>
/// <param name="PolicySha256">SHA-256 of the policy file.</param>
/// <param name="Passed">True when at least one gated comparison was judged, none fails, and (when the policy says so) none is insufficient.</param>
/// <param name="Failures">The gated disparities that fail the policy; under <see cref="GateBasis.Interval"/> their bounds are the interval the gate judged.</param>
/// <param name="Insufficient">The gated disparities that could not be judged (small groups, undefined ratios).</param>
public sealed record GateDecision(string PolicyName, string PolicySha256, bool Passed, IReadOnlyList<Disparity> Failures, IReadOnlyList<Disparity> Insufficient)
{
    /// <summary>The reason given for promoting a candidate that failed; null when not overridden.</summary>
    public string? OverrideReason { get; init; }

    /// <summary>Who overrode the gate; null when not overridden.</summary>
    public string? OverriddenBy { get; init; }

    /// <summary>True when a failing candidate was promoted anyway, with a recorded reason.</summary>
    public bool Overridden => OverrideReason is not null;

    /// <summary>Gated comparisons that could be judged (neither insufficient nor undefined); 0 means the data showed nothing and the decision is not a pass.</summary>
    public int Judged { get; init; }
}
