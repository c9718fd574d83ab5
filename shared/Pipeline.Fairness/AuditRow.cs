namespace Pipeline.Fairness;

/// <summary>
/// One scored decision to audit: the protected attributes of the person it concerns, whether the
/// model flagged it, and the true outcome when known.
/// </summary>
/// <param name="Groups">Protected attribute name to value, e.g. <c>race</c> → <c>B</c>, <c>sex</c> → <c>F</c>.
/// A row without a given attribute is left out of that attribute's groups.</param>
/// <param name="Flagged">Whether the model flagged the decision (the punitive outcome).</param>
/// <param name="Label">The true outcome when known; rows without a label count for size and selection only.</param>
/// <param name="Score">The model score, kept for calibration by group; not used by the rate metrics.</param>
/// <param name="Features">
/// Readable names of the model features present in the decision's input (<c>narrative:"eastside"</c>),
/// for the proxy check; null when unknown (then no proxy check runs for the row).
/// </param>
public sealed record AuditRow(IReadOnlyDictionary<string, string> Groups, bool Flagged, bool? Label, double? Score, IReadOnlyList<string>? Features = null);
