namespace Pipeline.Fairness;

/// <summary>
/// One score bin of one group: how often the decisions of that group whose score fell in the bin
/// were truly positive. Bins are score quantiles (deciles by default, see
/// <see cref="FairnessOptions.CalibrationBins"/>) of all rows with a finite score and a label, shared
/// by every group so that groups are compared on the same scale. Equal scores always share a bin, so
/// with few distinct scores there are fewer bins; every bin holds some row of some group.
/// </summary>
/// <param name="Bin">Bin number from 0 (lowest scores).</param>
/// <param name="ScoreLower">Lowest score of the bin (inclusive).</param>
/// <param name="ScoreUpper">Highest score of the bin (inclusive for the last bin, exclusive otherwise).</param>
/// <param name="MeanScore">Mean score of the group's rows in the bin; NaN when the group has none there.</param>
/// <param name="ObservedRate">Share of the group's labelled rows in the bin that were truly positive, with its Wilson interval.</param>
public sealed record CalibrationBin(int Bin, double ScoreLower, double ScoreUpper, double MeanScore, RateInterval ObservedRate);

/// <summary>Calibration of one group: observed positive rate per shared score decile.</summary>
/// <param name="Attribute">The attribute or intersection.</param>
/// <param name="Group">The group's label (<c>race=B</c>).</param>
/// <param name="Bins">One entry per shared bin, in bin order (empty bins have an undefined rate).</param>
/// <param name="ExpectedCalibrationError">
/// Weighted mean of |mean score − observed rate| over the group's non-empty bins (scores read as
/// probabilities); NaN when the group has no labelled scored rows.
/// </param>
public sealed record GroupCalibration(string Attribute, string Group, IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError);
