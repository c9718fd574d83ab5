namespace Pipeline.Scoring.Evaluation;

/// <summary>One held-out report as the one-vs-rest model saw it: its true labels and, per category, the model's output.</summary>
/// <param name="TrueCategories">
/// The report's true ISE-SAR codes (usually 0, 1 or 2; empty means not ISE-SAR). Codes are matched
/// case-insensitively against <see cref="Contracts.IseSarCategories"/>; a repeated code counts once.
/// </param>
/// <param name="Probabilities">Calibrated probability per category, indexed like <see cref="Contracts.IseSarCategories.All"/>, each in [0, 1].</param>
/// <param name="Flags">
/// Whether the category was flagged (probability at or above that category's threshold), indexed like
/// <see cref="Contracts.IseSarCategories.All"/>. Taken as given: the evaluation does not re-derive flags from thresholds.
/// </param>
public sealed record EvaluatedReport(IReadOnlyList<string> TrueCategories, IReadOnlyList<double> Probabilities, IReadOnlyList<bool> Flags);

/// <summary>Metrics of one category, from its flags (counts, precision, recall, F1) and its probabilities (AUC, average precision).</summary>
/// <param name="Category">The ISE-SAR code.</param>
/// <param name="Support">Reports that truly have the category: <paramref name="TruePositives"/> + <paramref name="FalseNegatives"/>.</param>
/// <param name="TruePositives">Flagged and true.</param>
/// <param name="FalsePositives">Flagged but not true.</param>
/// <param name="FalseNegatives">True but not flagged.</param>
/// <param name="TrueNegatives">Neither flagged nor true.</param>
/// <param name="Precision">TP / (TP + FP); NaN when nothing was flagged.</param>
/// <param name="Recall">TP / (TP + FN); NaN when the category has no support.</param>
/// <param name="F1">
/// 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall when both are defined. It is 0
/// (not NaN) when only one of them is undefined, and NaN only when the category has no support AND no
/// predictions: the one case where there is nothing to score.
/// </param>
/// <param name="Auc">
/// ROC AUC of the category's probability: the Mann-Whitney U statistic with midranks for ties, divided by
/// positives × negatives (a tied positive/negative pair counts one half). NaN when either class is absent.
/// </param>
/// <param name="AveragePrecision">
/// Step-wise area under the precision-recall curve, Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct probabilities
/// taken as thresholds in descending order (tied probabilities form one step), as scikit-learn defines it.
/// NaN when the category has no support.
/// </param>
/// <param name="Threshold">The category's flag threshold, as passed to the evaluation (for display).</param>
public sealed record CategoryMetrics(
    string Category,
    int Support,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    double Precision,
    double Recall,
    double F1,
    double Auc,
    double AveragePrecision,
    double Threshold);

/// <summary>Everything <see cref="ModelEvaluation.Evaluate(IReadOnlyList{EvaluatedReport}, IReadOnlyList{double}, int)"/> measures over a set of held-out reports.</summary>
/// <param name="Reports">Reports evaluated.</param>
/// <param name="Categories">Per-category metrics, in the order of <see cref="Contracts.IseSarCategories.All"/>.</param>
/// <param name="MacroF1">
/// Mean of per-category F1 over the categories with support &gt; 0; a category with no true reports is
/// left out even when it has false positives (its F1 is then 0, or NaN when it has no predictions either).
/// NaN when no category has support.
/// </param>
/// <param name="MicroF1">2·ΣTP / (2·ΣTP + ΣFP + ΣFN), pooled over all categories; NaN when all three sums are 0.</param>
/// <param name="MacroAuc">Mean of the per-category AUCs that are defined (both classes present); NaN when none is.</param>
/// <param name="ExpectedCalibrationError">
/// Every (probability, 0/1 truth) pair over all categories and reports is pooled and binned into
/// equal-width bins; ECE = Σ_b (n_b / N)·|mean predicted_b − observed rate_b|. NaN when there are no pairs.
/// </param>
/// <param name="ExactMatchRate">Share of reports whose flagged set equals the true set (an empty true set matches no flags); NaN with no reports.</param>
/// <param name="Calibration">The calibration bins behind <paramref name="ExpectedCalibrationError"/>, lowest first, empty bins included.</param>
/// <param name="Confusion">Which category the model put first for each true category; see <see cref="ConfusionTable"/>.</param>
/// <param name="Negatives">How the model behaves on reports with no true category.</param>
public sealed record ModelMetrics(
    int Reports,
    IReadOnlyList<CategoryMetrics> Categories,
    double MacroF1,
    double MicroF1,
    double MacroAuc,
    double ExpectedCalibrationError,
    double ExactMatchRate,
    IReadOnlyList<CalibrationBin> Calibration,
    ConfusionTable Confusion,
    NegativeMetrics Negatives);

/// <summary>One equal-width bin of pooled (probability, truth) pairs.</summary>
/// <param name="Lower">Inclusive lower edge.</param>
/// <param name="Upper">Exclusive upper edge, except that the last bin also holds probability 1.</param>
/// <param name="Count">Pairs in the bin.</param>
/// <param name="MeanPredicted">Mean probability of the pairs; NaN for an empty bin.</param>
/// <param name="ObservedRate">Share of the pairs whose truth is 1; NaN for an empty bin.</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>The model on reports with no true ISE-SAR category.</summary>
/// <param name="Reports">Reports with an empty true set.</param>
/// <param name="FalseAlarms">Of those, reports that got at least one flag.</param>
/// <param name="FalseAlarmRate"><paramref name="FalseAlarms"/> / <paramref name="Reports"/>; NaN when there are no such reports.</param>
public sealed record NegativeMetrics(int Reports, int FalseAlarms, double FalseAlarmRate);

/// <summary>
/// A single-label view of the multi-label output, for reading. Each report adds one entry per true
/// category (a report with two true labels adds two entries; a report with none adds one entry to the
/// "none" row), all in the same column: the flagged category with the highest probability (ties go to
/// the earlier category in the catalogue), or "none" when nothing was flagged.
/// </summary>
/// <param name="Labels">The sixteen codes in catalogue order, then <see cref="None"/>; rows and columns share them.</param>
/// <param name="Counts">Entry counts, [true row, predicted column], Labels.Count × Labels.Count.</param>
public sealed record ConfusionTable(IReadOnlyList<string> Labels, int[,] Counts)
{
    /// <summary>The label of the row for reports with no true category and of the column for reports with no flag.</summary>
    public const string None = "none";
}
