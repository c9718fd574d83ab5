namespace Pipeline.Fairness;

/// <summary>The group rates an audit reports and compares across groups.</summary>
public enum FairnessMetric
{
    /// <summary>Share of labelled rows whose true outcome is positive.</summary>
    Prevalence,

    /// <summary>Flagged / group size (Aequitas pprev).</summary>
    SelectionRate,

    /// <summary>Group flags / all flags for the attribute (Aequitas ppr).</summary>
    ShareOfFlags,

    /// <summary>TP / (TP + FN), TPR.</summary>
    TruePositiveRate,

    /// <summary>FP / (FP + TN), FPR.</summary>
    FalsePositiveRate,

    /// <summary>FN / (TP + FN), FNR.</summary>
    FalseNegativeRate,

    /// <summary>TN / (FP + TN), TNR.</summary>
    TrueNegativeRate,

    /// <summary>TP / (TP + FP), precision.</summary>
    Precision,

    /// <summary>FP / (TP + FP), FDR.</summary>
    FalseDiscoveryRate,

    /// <summary>FN / (FN + TN), FOR.</summary>
    FalseOmissionRate,

    /// <summary>TN / (FN + TN), NPV.</summary>
    NegativePredictiveValue,
}
