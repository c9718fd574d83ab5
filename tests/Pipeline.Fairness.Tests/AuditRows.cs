namespace Pipeline.Fairness.Tests;

/// <summary>Builds rows from hand-written confusion tables.</summary>
internal static class AuditRows
{
    public static IEnumerable<AuditRow> Table(IReadOnlyDictionary<string, string> groups, int tp, int fp, int fn, int tn, int unlabelled = 0) =>
        Enumerable.Repeat(new AuditRow(groups, true, true, null), tp)
            .Concat(Enumerable.Repeat(new AuditRow(groups, true, false, null), fp))
            .Concat(Enumerable.Repeat(new AuditRow(groups, false, true, null), fn))
            .Concat(Enumerable.Repeat(new AuditRow(groups, false, false, null), tn))
            .Concat(Enumerable.Repeat(new AuditRow(groups, false, null, null), unlabelled));

    public static IEnumerable<AuditRow> Race(string race, int tp, int fp, int fn, int tn, int unlabelled = 0) =>
        Table(new Dictionary<string, string> { ["race"] = race }, tp, fp, fn, tn, unlabelled);

    /// <summary>
    /// race=A: TP 20, FP 10, FN 5, TN 65 (100 rows); race=B: TP 10, FP 15, FN 10, TN 15 (50 rows).
    /// </summary>
    public static List<AuditRow> TwoGroups() => [.. Race("A", 20, 10, 5, 65), .. Race("B", 10, 15, 10, 15)];

    /// <summary>One scored row of a race group, flagged at 0.5.</summary>
    public static AuditRow Scored(string race, double? score, bool? label) =>
        new(new Dictionary<string, string> { ["race"] = race }, score >= 0.5, label, score);

    /// <summary><paramref name="count"/> rows of a race group with <paramref name="positives"/> of them labelled positive, all with one score.</summary>
    public static IEnumerable<AuditRow> Scored(string race, double score, int count, int positives) =>
        Enumerable.Range(0, count).Select(i => Scored(race, score, i < positives));

    /// <summary><paramref name="count"/> unlabelled, unscored rows with one attribute value and the given features.</summary>
    public static IEnumerable<AuditRow> WithFeatures(int count, string attribute, string value, params string[] features) =>
        Enumerable.Repeat(new AuditRow(new Dictionary<string, string> { [attribute] = value }, false, null, null, features), count);
}
