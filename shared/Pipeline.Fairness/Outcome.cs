namespace Pipeline.Fairness;

/// <summary>Outcome codes of one row; a group's counts are indexed by these.</summary>
internal static class Outcome
{
    public const int TruePositive = 0;
    public const int FalsePositive = 1;
    public const int FalseNegative = 2;
    public const int TrueNegative = 3;
    public const int FlaggedUnlabelled = 4;
    public const int UnflaggedUnlabelled = 5;
    public const int Count = 6;

    public static int Code(bool flagged, bool? label) => label switch
    {
        true => flagged ? TruePositive : FalseNegative,
        false => flagged ? FalsePositive : TrueNegative,
        null => flagged ? FlaggedUnlabelled : UnflaggedUnlabelled,
    };

    public static long Flags(ReadOnlySpan<long> c) => c[TruePositive] + c[FalsePositive] + c[FlaggedUnlabelled];

    /// <summary>Numerator and denominator of <paramref name="metric"/> from a group's outcome counts.</summary>
    public static (long Numerator, long Denominator) Fraction(FairnessMetric metric, ReadOnlySpan<long> c, long allFlags)
    {
        var tp = c[TruePositive];
        var fp = c[FalsePositive];
        var fn = c[FalseNegative];
        var tn = c[TrueNegative];
        return metric switch
        {
            FairnessMetric.Prevalence => (tp + fn, tp + fp + fn + tn),
            FairnessMetric.SelectionRate => (Flags(c), tp + fp + fn + tn + c[FlaggedUnlabelled] + c[UnflaggedUnlabelled]),
            FairnessMetric.ShareOfFlags => (Flags(c), allFlags),
            FairnessMetric.TruePositiveRate => (tp, tp + fn),
            FairnessMetric.FalsePositiveRate => (fp, fp + tn),
            FairnessMetric.FalseNegativeRate => (fn, tp + fn),
            FairnessMetric.TrueNegativeRate => (tn, fp + tn),
            FairnessMetric.Precision => (tp, tp + fp),
            FairnessMetric.FalseDiscoveryRate => (fp, tp + fp),
            FairnessMetric.FalseOmissionRate => (fn, fn + tn),
            FairnessMetric.NegativePredictiveValue => (tn, fn + tn),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown fairness metric."),
        };
    }

    public static double Value(FairnessMetric metric, ReadOnlySpan<long> c, long allFlags)
    {
        var (num, den) = Fraction(metric, c, allFlags);
        return den == 0 ? double.NaN : (double)num / den;
    }
}
