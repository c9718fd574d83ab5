namespace Pipeline.Fairness;

/// <summary>Outcome of comparing one group's metric with its reference group.</summary>
public enum DisparityVerdict
{
    /// <summary>Both groups are large enough and the ratio lies inside the pass band.</summary>
    Pass,

    /// <summary>Both groups are large enough and the ratio lies outside the pass band.</summary>
    Fail,

    /// <summary>The group or the reference is below the minimum size, or the ratio is undefined.</summary>
    Insufficient,
}

/// <summary>One group's metric as a ratio to the reference group's, with a bootstrap 95% interval.</summary>
/// <param name="Attribute">The attribute or intersection (<c>race</c>, <c>race &amp; sex</c>).</param>
/// <param name="Group">Label of the group (<c>race=B</c>).</param>
/// <param name="Reference">Label of the reference group, or null when none could be chosen.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="Ratio">Group value / reference value; NaN when undefined (see <paramref name="Reason"/>).</param>
/// <param name="Lower">2.5th percentile of the bootstrap ratios; NaN when none was defined or bootstrap is off.</param>
/// <param name="Upper">97.5th percentile of the bootstrap ratios; NaN when none was defined or bootstrap is off.</param>
/// <param name="Verdict">Pass, Fail or Insufficient.</param>
/// <param name="Reason">Why the verdict is Insufficient; null for Pass and Fail.</param>
public sealed record Disparity(
    string Attribute,
    string Group,
    string? Reference,
    FairnessMetric Metric,
    double Ratio,
    double Lower,
    double Upper,
    DisparityVerdict Verdict,
    string? Reason);

/// <summary>Group metrics and disparities of every audited attribute and intersection.</summary>
/// <param name="Groups">Metrics of every group, attribute by attribute, then intersections.</param>
/// <param name="Disparities">Every group's ratio to its reference, for every metric.</param>
public sealed record AuditResult(IReadOnlyList<GroupMetrics> Groups, IReadOnlyList<Disparity> Disparities)
{
    /// <summary>Calibration of every group (attributes, then intersections) on shared score deciles; empty when no row has both a score and a label.</summary>
    public IReadOnlyList<GroupCalibration> Calibration { get; init; } = [];

    /// <summary>The strongest feature-to-attribute associations, at most <see cref="FairnessOptions.ProxyTopCount"/> per attribute, strongest first; empty when no row carries features.</summary>
    public IReadOnlyList<ProxyAssociation> Proxies { get; init; } = [];

    /// <summary>The group with this label (<c>race=B</c>, <c>race=B &amp; sex=F</c>).</summary>
    /// <param name="label">The label.</param>
    /// <returns>The group's metrics.</returns>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    public GroupMetrics Group(string label) =>
        Groups.FirstOrDefault(g => g.Label == label) ?? throw new KeyNotFoundException("No group " + label + ".");

    /// <summary>The disparity of one group's metric.</summary>
    /// <param name="label">The group's label.</param>
    /// <param name="metric">The metric.</param>
    /// <returns>The disparity.</returns>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    public Disparity DisparityOf(string label, FairnessMetric metric) =>
        Disparities.FirstOrDefault(d => d.Group == label && d.Metric == metric)
        ?? throw new KeyNotFoundException("No disparity for " + label + ".");
}
