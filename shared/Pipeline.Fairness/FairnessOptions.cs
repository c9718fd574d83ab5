namespace Pipeline.Fairness;

/// <summary>How the reference group of an attribute is chosen.</summary>
public enum ReferenceKind
{
    /// <summary>The group with the most rows (ties broken by label, ordinal).</summary>
    Largest,

    /// <summary>Per metric, the sufficient group with the lowest defined value.</summary>
    LowestMetric,

    /// <summary>The group with a given value or label.</summary>
    Named,
}

/// <summary>The reference group rule: <see cref="Largest"/>, <see cref="LowestMetric"/> or <see cref="Named(string)"/>.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Name">For <see cref="ReferenceKind.Named"/>, the group's value (<c>W</c>, <c>W &amp; M</c>) or label (<c>race=W</c>).</param>
public sealed record ReferenceGroup(ReferenceKind Kind, string? Name = null)
{
    /// <summary>The largest group is the reference (Aequitas default).</summary>
    public static ReferenceGroup Largest { get; } = new(ReferenceKind.Largest);

    /// <summary>Per metric, the group with the lowest value is the reference.</summary>
    public static ReferenceGroup LowestMetric { get; } = new(ReferenceKind.LowestMetric);

    /// <summary>The group with this value or label is the reference.</summary>
    /// <param name="value">The group's value (<c>W</c>) or label (<c>race=W</c>).</param>
    /// <returns>The rule.</returns>
    public static ReferenceGroup Named(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return new ReferenceGroup(ReferenceKind.Named, value);
    }
}

/// <summary>Settings of <see cref="FairnessAudit.Compute"/>.</summary>
public sealed class FairnessOptions
{
    /// <summary>Groups with fewer rows are Insufficient; their disparities are never passed. Default 30.</summary>
    public int MinimumGroupSize { get; init; } = 30;

    /// <summary>Lowest disparity ratio that passes. Default 0.8.</summary>
    public double PassBandLower { get; init; } = 0.8;

    /// <summary>Highest disparity ratio that passes. Default 1.25.</summary>
    public double PassBandUpper { get; init; } = 1.25;

    /// <summary>Bootstrap resamples for the disparity intervals; 0 turns them off (NaN bounds). Default 1000.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap; the same seed and rows give the same intervals. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Whether each pair of attributes is audited as an intersection. Default true.</summary>
    public bool IncludeIntersections { get; init; } = true;

    /// <summary>The reference rule for every attribute without an entry in <see cref="ReferenceByAttribute"/>. Default largest.</summary>
    public ReferenceGroup Reference { get; init; } = ReferenceGroup.Largest;

    /// <summary>Per-attribute reference rules, keyed by attribute (<c>race</c>) or intersection (<c>race &amp; sex</c>).</summary>
    public IReadOnlyDictionary<string, ReferenceGroup> ReferenceByAttribute { get; init; } = new Dictionary<string, ReferenceGroup>();

    /// <summary>The attributes to audit; null audits every attribute present in the rows.</summary>
    public IReadOnlyList<string>? Attributes { get; init; }

    /// <summary>
    /// Number of shared score bins (quantiles) for calibration by group, at least 1. Default 10
    /// (deciles). Equal scores always share a bin, so few distinct scores give fewer bins.
    /// </summary>
    public int CalibrationBins { get; init; } = 10;

    /// <summary>How many proxies are listed per attribute, 0 or more. Default 10.</summary>
    public int ProxyTopCount { get; init; } = 10;

    /// <summary>A feature present in fewer rows is not considered as a proxy (its association is noise). Default 30.</summary>
    public int ProxyMinimumSupport { get; init; } = 30;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumGroupSize);
        ArgumentOutOfRangeException.ThrowIfNegative(BootstrapSamples);
        if (!(PassBandLower > 0 && PassBandLower <= 1 && PassBandUpper >= 1 && !double.IsInfinity(PassBandUpper)))
        {
            throw new ArgumentException("Pass band must satisfy 0 < lower <= 1 <= upper < infinity.", nameof(PassBandLower));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationBins, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(ProxyTopCount);
        ArgumentOutOfRangeException.ThrowIfNegative(ProxyMinimumSupport);
        ArgumentNullException.ThrowIfNull(Reference);
        ArgumentNullException.ThrowIfNull(ReferenceByAttribute);
    }
}
