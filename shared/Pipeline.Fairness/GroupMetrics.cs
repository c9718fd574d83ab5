namespace Pipeline.Fairness;

/// <summary>
/// Confusion counts and rates of one group: one value of one attribute (<c>race=B</c>) or an
/// intersection of two attributes (<c>race=B &amp; sex=F</c>). Rows without a label count for
/// <see cref="Size"/> and selection only.
/// </summary>
public sealed class GroupMetrics
{
    private readonly long[] _counts;
    private readonly long _allFlags;

    internal GroupMetrics(string attribute, string value, string label, long[] counts, long allFlags, int minimumGroupSize)
    {
        Attribute = attribute;
        Value = value;
        Label = label;
        _counts = counts;
        _allFlags = allFlags;
        Size = counts.Sum();
        Insufficient = Size < minimumGroupSize;
    }

    /// <summary>The attribute, or the attributes of an intersection joined by <c> &amp; </c> (<c>race &amp; sex</c>).</summary>
    public string Attribute { get; }

    /// <summary>The value, or the values of an intersection joined by <c> &amp; </c> (<c>B &amp; F</c>).</summary>
    public string Value { get; }

    /// <summary>Readable name: <c>race=B</c> or <c>race=B &amp; sex=F</c>.</summary>
    public string Label { get; }

    /// <summary>Rows in the group, labelled or not.</summary>
    public long Size { get; }

    /// <summary>True when <see cref="Size"/> is below the minimum group size: its disparities are never passed.</summary>
    public bool Insufficient { get; }

    /// <summary>Flagged rows with a positive label.</summary>
    public long TruePositives => _counts[Outcome.TruePositive];

    /// <summary>Flagged rows with a negative label.</summary>
    public long FalsePositives => _counts[Outcome.FalsePositive];

    /// <summary>Unflagged rows with a positive label.</summary>
    public long FalseNegatives => _counts[Outcome.FalseNegative];

    /// <summary>Unflagged rows with a negative label.</summary>
    public long TrueNegatives => _counts[Outcome.TrueNegative];

    /// <summary>Flagged rows, labelled or not.</summary>
    public long Flags => Outcome.Flags(_counts);

    /// <summary>Label rate among labelled rows.</summary>
    public RateInterval Prevalence => Rate(FairnessMetric.Prevalence);

    /// <summary>Flagged / size (Aequitas pprev).</summary>
    public RateInterval SelectionRate => Rate(FairnessMetric.SelectionRate);

    /// <summary>Group flags / all flags of the attribute (Aequitas ppr).</summary>
    public RateInterval ShareOfFlags => Rate(FairnessMetric.ShareOfFlags);

    /// <summary>TPR = TP / (TP + FN).</summary>
    public RateInterval TruePositiveRate => Rate(FairnessMetric.TruePositiveRate);

    /// <summary>FPR = FP / (FP + TN).</summary>
    public RateInterval FalsePositiveRate => Rate(FairnessMetric.FalsePositiveRate);

    /// <summary>FNR = FN / (TP + FN).</summary>
    public RateInterval FalseNegativeRate => Rate(FairnessMetric.FalseNegativeRate);

    /// <summary>TNR = TN / (FP + TN).</summary>
    public RateInterval TrueNegativeRate => Rate(FairnessMetric.TrueNegativeRate);

    /// <summary>Precision = TP / (TP + FP).</summary>
    public RateInterval Precision => Rate(FairnessMetric.Precision);

    /// <summary>FDR = FP / (TP + FP).</summary>
    public RateInterval FalseDiscoveryRate => Rate(FairnessMetric.FalseDiscoveryRate);

    /// <summary>FOR = FN / (FN + TN).</summary>
    public RateInterval FalseOmissionRate => Rate(FairnessMetric.FalseOmissionRate);

    /// <summary>NPV = TN / (FN + TN).</summary>
    public RateInterval NegativePredictiveValue => Rate(FairnessMetric.NegativePredictiveValue);

    /// <summary>The rate of <paramref name="metric"/> with its Wilson interval.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The rate; undefined when its denominator is 0.</returns>
    public RateInterval Rate(FairnessMetric metric)
    {
        var (num, den) = Outcome.Fraction(metric, _counts, _allFlags);
        return RateInterval.Wilson(num, den);
    }

    internal ReadOnlySpan<long> Counts => _counts;
}
