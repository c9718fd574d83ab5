using System.Runtime.InteropServices;

namespace Pipeline.Fairness;

/// <summary>
/// The proxy check: for each protected attribute, which model features' presence predicts the
/// attribute's value, measured by Cramér's V of the 2 × k table (feature present or absent × the
/// attribute's k values) over the rows that carry features and a value for the attribute.
/// </summary>
/// <remarks>
/// One pass over the rows counts, per feature, its rows per attribute value in one flat array;
/// no per-feature row lists are built. A feature is skipped for an attribute when it is present in
/// fewer rows than the minimum support, or in every row (it cannot tell groups apart); an attribute
/// with fewer than 2 values is skipped. A feature listed twice in one row counts once.
/// </remarks>
internal static class ProxyCheck
{
    public static IReadOnlyList<ProxyAssociation> Compute(
        IReadOnlyList<AuditRow> rows, IReadOnlyList<string> attributes, int topCount, int minimumSupport)
    {
        var attributeCount = attributes.Count;
        if (topCount == 0 || attributeCount == 0)
        {
            return [];
        }

        // Pass 1: number each attribute's values in order of appearance, remembering each row's.
        var valueIndex = new Dictionary<string, int>[attributeCount];
        var valueNames = new List<string>[attributeCount];
        for (var a = 0; a < attributeCount; a++)
        {
            valueIndex[a] = new Dictionary<string, int>(StringComparer.Ordinal);
            valueNames[a] = [];
        }

        var rowValue = new int[rows.Count * attributeCount];
        var anyFeatures = false;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var own = rowValue.AsSpan(r * attributeCount, attributeCount);
            own.Fill(-1);
            if (row.Features is null)
            {
                continue;
            }

            anyFeatures = true;
            for (var a = 0; a < attributeCount; a++)
            {
                if (!row.Groups.TryGetValue(attributes[a], out var value))
                {
                    continue;
                }

                ref var v = ref CollectionsMarshal.GetValueRefOrAddDefault(valueIndex[a], value, out var known);
                if (!known)
                {
                    v = valueNames[a].Count;
                    valueNames[a].Add(value);
                }

                own[a] = v;
            }
        }

        if (!anyFeatures)
        {
            return [];
        }

        var offsets = new int[attributeCount + 1];
        for (var a = 0; a < attributeCount; a++)
        {
            offsets[a + 1] = offsets[a] + valueNames[a].Count;
        }

        // Pass 2: value totals, and per feature the rows holding it per attribute value.
        var width = offsets[attributeCount];
        var totals = new long[width];
        var features = new Dictionary<string, FeatureCounts>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var own = rowValue.AsSpan(r * attributeCount, attributeCount);
            var any = false;
            for (var a = 0; a < attributeCount; a++)
            {
                if (own[a] >= 0)
                {
                    any = true;
                    totals[offsets[a] + own[a]]++;
                }
            }

            if (!any)
            {
                continue;
            }

            foreach (var feature in rows[r].Features!)
            {
                if (feature is null)
                {
                    continue;
                }

                ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(features, feature, out var known);
                if (!known)
                {
                    counts = new FeatureCounts(width);
                }

                if (counts!.LastRow == r)
                {
                    continue;
                }

                counts.LastRow = r;
                for (var a = 0; a < attributeCount; a++)
                {
                    if (own[a] >= 0)
                    {
                        counts.Rows[offsets[a] + own[a]]++;
                    }
                }
            }
        }

        var result = new List<ProxyAssociation>();
        var candidates = new List<ProxyAssociation>();
        for (var a = 0; a < attributeCount; a++)
        {
            var k = valueNames[a].Count;
            if (k < 2)
            {
                continue;
            }

            var valueTotals = totals.AsSpan(offsets[a], k);
            long n = 0;
            foreach (var t in valueTotals)
            {
                n += t;
            }

            // Values in ordinal order, so a tie in lift goes to the first name.
            var byName = Enumerable.Range(0, k).OrderBy(v => valueNames[a][v], StringComparer.Ordinal).ToArray();
            candidates.Clear();
            foreach (var (feature, counts) in features)
            {
                var present = counts.Rows.AsSpan(offsets[a], k);
                long support = 0;
                foreach (var f in present)
                {
                    support += f;
                }

                if (support == 0 || support < minimumSupport || support == n)
                {
                    continue;
                }

                var (v, best) = Associate(present, valueTotals, n, support, byName);
                candidates.Add(new ProxyAssociation(attributes[a], feature, v, support, valueNames[a][best.Value], best.Lift));
            }

            candidates.Sort(static (x, y) =>
            {
                var byStrength = y.CramersV.CompareTo(x.CramersV);
                return byStrength != 0 ? byStrength : string.CompareOrdinal(x.Feature, y.Feature);
            });
            result.AddRange(candidates.Take(topCount));
        }

        return result;
    }

    /// <summary>
    /// Cramér's V of the 2 × k table (present, absent) × values and the value with the largest lift.
    /// With 2 rows, min(2, k) − 1 = 1, so V = sqrt(χ² / n).
    /// </summary>
    private static (double CramersV, (int Value, double Lift) Best) Associate(
        ReadOnlySpan<int> present, ReadOnlySpan<long> totals, long n, long support, int[] byName)
    {
        double nd = n;
        double presentRows = support;
        double absentRows = n - support;
        var chi2 = 0.0;
        var best = -1;
        var bestLift = double.NegativeInfinity;
        foreach (var v in byName)
        {
            double column = totals[v];
            double observedPresent = present[v];
            var observedAbsent = column - observedPresent;
            var expectedPresent = presentRows * column / nd;
            var expectedAbsent = absentRows * column / nd;
            chi2 += ((observedPresent - expectedPresent) * (observedPresent - expectedPresent) / expectedPresent)
                + ((observedAbsent - expectedAbsent) * (observedAbsent - expectedAbsent) / expectedAbsent);
            var lift = observedPresent / presentRows / (column / nd);
            if (lift > bestLift)
            {
                best = v;
                bestLift = lift;
            }
        }

        // V of a 2 × k table cannot exceed 1; clamp rounding so it never reads as more.
        return (Math.Min(1.0, Math.Sqrt(chi2 / nd)), (best, bestLift));
    }

    private sealed class FeatureCounts(int width)
    {
        public int LastRow { get; set; } = -1;

        // int, not long: a row count never exceeds IReadOnlyList's int Count, and this array is per feature.
        public int[] Rows { get; } = new int[width];
    }
}
