namespace Pipeline.Fairness;

/// <summary>
/// Shared score bins for calibration by group: quantile edges of the scores of every row that has
/// both a finite score and a label.
/// </summary>
/// <remarks>
/// With n such scores sorted ascending as s[0..n-1] and B wanted bins, the candidate lower edge of
/// bin b (b = 1..B-1) is s[⌊b·n/B⌋]. A candidate equal to the previous edge (or to the lowest
/// score) is dropped, so rows with equal scores always share a bin and every bin holds at least one
/// score; with few distinct scores there are fewer than B bins. A score s lies in the last bin whose
/// lower edge is ≤ s: bins are [lower, next lower), the last one closed at the highest score.
/// </remarks>
internal sealed class ScoreBins
{
    private readonly double[] _edges;

    private ScoreBins(double lowest, double highest, double[] edges)
    {
        Lowest = lowest;
        Highest = highest;
        _edges = edges;
    }

    /// <summary>The lowest score of all calibration rows.</summary>
    public double Lowest { get; }

    /// <summary>The highest score of all calibration rows.</summary>
    public double Highest { get; }

    /// <summary>Number of bins, between 1 and the number asked for.</summary>
    public int Count => _edges.Length + 1;

    /// <summary>The bins of the calibration rows' scores; null when no row has a score and a label.</summary>
    public static ScoreBins? Of(IReadOnlyList<AuditRow> rows, int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        var scores = new List<double>();
        foreach (var row in rows)
        {
            if (CalibrationByGroup.Counts(row))
            {
                scores.Add(row.Score!.Value);
            }
        }

        if (scores.Count == 0)
        {
            return null;
        }

        scores.Sort();
        var n = (long)scores.Count;
        var edges = new List<double>(binCount - 1);
        var last = scores[0];
        for (var b = 1; b < binCount; b++)
        {
            var candidate = scores[(int)(b * n / binCount)];
            if (candidate > last)
            {
                edges.Add(candidate);
                last = candidate;
            }
        }

        return new ScoreBins(scores[0], scores[^1], [.. edges]);
    }

    /// <summary>The bin of <paramref name="score"/>: the number of lower edges at or below it.</summary>
    public int BinOf(double score)
    {
        var i = Array.BinarySearch(_edges, score);
        // An exact hit is that edge's own bin; otherwise ~i is the count of edges below the score.
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>Lowest score of bin <paramref name="bin"/> (inclusive).</summary>
    public double Lower(int bin) => bin == 0 ? Lowest : _edges[bin - 1];

    /// <summary>Upper end of bin <paramref name="bin"/>: exclusive, except the last bin's, which is the highest score.</summary>
    public double Upper(int bin) => bin == _edges.Length ? Highest : _edges[bin];
}

/// <summary>A group's counts per shared score bin, filled while the audit counts its groups.</summary>
internal sealed class CalibrationCounts(int bins)
{
    public long[] Rows { get; } = new long[bins];

    public long[] Positives { get; } = new long[bins];

    public double[] ScoreSums { get; } = new double[bins];

    public void Add(int bin, AuditRow row)
    {
        Rows[bin]++;
        ScoreSums[bin] += row.Score!.Value;
        if (row.Label == true)
        {
            Positives[bin]++;
        }
    }
}

/// <summary>
/// Calibration by group (as in Fairlearn's and AIF360's calibration checks): for the groups of the
/// audit, the observed positive rate per shared score bin against the mean score there, and the
/// expected calibration error (ECE). Rows without a finite score or without a label are left out
/// of calibration only.
/// </summary>
internal static class CalibrationByGroup
{
    /// <summary>True when <paramref name="row"/> takes part in calibration: a finite score and a label.</summary>
    public static bool Counts(AuditRow row) => row.Label is not null && row.Score is { } s && double.IsFinite(s);

    /// <summary>The bin of every row, or -1 for rows left out of calibration.</summary>
    public static int[] BinOfRows(IReadOnlyList<AuditRow> rows, ScoreBins bins)
    {
        var result = new int[rows.Count];
        for (var r = 0; r < result.Length; r++)
        {
            var row = rows[r];
            result[r] = Counts(row) ? bins.BinOf(row.Score!.Value) : -1;
        }

        return result;
    }

    /// <summary>One group's calibration from its counts.</summary>
    public static GroupCalibration Build(string attribute, string group, ScoreBins bins, CalibrationCounts counts)
    {
        var result = new CalibrationBin[bins.Count];
        long total = 0;
        var weighted = 0.0;
        for (var b = 0; b < result.Length; b++)
        {
            var n = counts.Rows[b];
            var mean = n == 0 ? double.NaN : counts.ScoreSums[b] / n;
            var observed = RateInterval.Wilson(counts.Positives[b], n);
            if (n > 0)
            {
                total += n;
                weighted += n * Math.Abs(mean - observed.Value);
            }

            result[b] = new CalibrationBin(b, bins.Lower(b), bins.Upper(b), mean, observed);
        }

        return new GroupCalibration(attribute, group, result, total == 0 ? double.NaN : weighted / total);
    }
}
