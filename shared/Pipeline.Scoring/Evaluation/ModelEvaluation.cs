using Pipeline.Contracts;

namespace Pipeline.Scoring.Evaluation;

/// <summary>
/// Evaluation of the one-vs-rest ISE-SAR classifier on held-out reports: per-category counts,
/// precision, recall, F1, ROC AUC and average precision; macro and micro averages; pooled calibration;
/// exact-match rate; a readable confusion table; and false alarms on reports that are not ISE-SAR.
/// </summary>
/// <remarks>
/// No metric throws on a zero denominator: an undefined ratio is <see cref="double.NaN"/>, and each
/// average documents which NaNs it leaves out (see <see cref="ModelMetrics"/> and <see cref="CategoryMetrics"/>).
/// Cost is one pass over the reports plus one sort per category, so 100,000 reports take a fraction of a second.
/// </remarks>
public static partial class ModelEvaluation
{
    /// <summary>Computes every metric over <paramref name="reports"/>.</summary>
    /// <param name="reports">The held-out reports; each has sixteen probabilities and sixteen flags in catalogue order.</param>
    /// <param name="thresholds">The sixteen flag thresholds in catalogue order, carried into <see cref="CategoryMetrics.Threshold"/>.</param>
    /// <param name="calibrationBins">Number of equal-width probability bins for the calibration error, at least 1.</param>
    /// <returns>The metrics; with no reports every rate is NaN and every count 0.</returns>
    /// <exception cref="ArgumentException">
    /// A report is null, has the wrong number of probabilities or flags, a probability outside [0, 1]
    /// (or NaN), or an unknown category code; or <paramref name="thresholds"/> does not have sixteen entries.
    /// </exception>
    public static ModelMetrics Evaluate(IReadOnlyList<EvaluatedReport> reports, IReadOnlyList<double> thresholds, int calibrationBins = 10)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfLessThan(calibrationBins, 1);
        var catalogue = IseSarCategories.All;
        var k = catalogue.Count;
        if (thresholds.Count != k)
        {
            throw new ArgumentException($"Expected {k} thresholds, one per ISE-SAR category in catalogue order, but got {thresholds.Count}.", nameof(thresholds));
        }

        var n = reports.Count;
        // Column-wise copies, one per category, so each can be sorted once for AUC and average precision.
        var probabilities = new double[k][];
        var truths = new bool[k][];
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = new double[n];
            truths[c] = new bool[n];
        }

        var truePositives = new int[k];
        var falsePositives = new int[k];
        var falseNegatives = new int[k];
        var trueNegatives = new int[k];
        var binCounts = new int[calibrationBins];
        var binPositives = new int[calibrationBins];
        var binSums = new double[calibrationBins];
        var confusion = new int[k + 1, k + 1];
        int exactMatches = 0, negativeReports = 0, falseAlarms = 0;

        for (var i = 0; i < n; i++)
        {
            var report = reports[i] ?? throw new ArgumentException($"Report {i} is null.", nameof(reports));
            var truthMask = TruthMask(report.TrueCategories, out var unknown);
            if (truthMask < 0)
            {
                throw new ArgumentException(
                    unknown is null
                        ? $"Report {i} has no true-category list (use an empty list for a report that is not ISE-SAR)."
                        : $"Report {i} has true category '{unknown}', which is not an ISE-SAR code.",
                    nameof(reports));
            }
            var scores = report.Probabilities;
            var flags = report.Flags;
            if (scores is null || scores.Count != k || flags is null || flags.Count != k)
            {
                throw new ArgumentException($"Report {i} must have {k} probabilities and {k} flags in catalogue order.", nameof(reports));
            }

            var flagMask = 0;
            var top = -1;
            var topProbability = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                var p = scores[c];
                if (!(p is >= 0 and <= 1))
                {
                    throw new ArgumentException($"Report {i} has probability {p} for {catalogue[c].Code}; probabilities must lie in [0, 1].", nameof(reports));
                }

                var isTrue = (truthMask & (1 << c)) != 0;
                probabilities[c][i] = p;
                truths[c][i] = isTrue;
                if (flags[c])
                {
                    flagMask |= 1 << c;
                    if (p > topProbability)
                    {
                        top = c;
                        topProbability = p;
                    }
                    if (isTrue)
                    {
                        truePositives[c]++;
                    }
                    else
                    {
                        falsePositives[c]++;
                    }
                }
                else if (isTrue)
                {
                    falseNegatives[c]++;
                }
                else
                {
                    trueNegatives[c]++;
                }

                var bin = Math.Min((int)(p * calibrationBins), calibrationBins - 1);
                binCounts[bin]++;
                binSums[bin] += p;
                if (isTrue)
                {
                    binPositives[bin]++;
                }
            }

            if (flagMask == truthMask)
            {
                exactMatches++;
            }

            var column = top < 0 ? k : top;
            if (truthMask == 0)
            {
                negativeReports++;
                confusion[k, column]++;
                if (flagMask != 0)
                {
                    falseAlarms++;
                }
            }
            else
            {
                for (var c = 0; c < k; c++)
                {
                    if ((truthMask & (1 << c)) != 0)
                    {
                        confusion[c, column]++;
                    }
                }
            }
        }

        var categories = new CategoryMetrics[k];
        for (var c = 0; c < k; c++)
        {
            var (auc, averagePrecision) = RankMetrics(probabilities[c], truths[c]);
            int tp = truePositives[c], fp = falsePositives[c], fn = falseNegatives[c];
            categories[c] = new CategoryMetrics(
                catalogue[c].Code,
                Support: tp + fn,
                tp,
                fp,
                fn,
                trueNegatives[c],
                Precision: Ratio(tp, tp + fp),
                Recall: Ratio(tp, tp + fn),
                F1: Ratio(2.0 * tp, (2.0 * tp) + fp + fn),
                auc,
                averagePrecision,
                thresholds[c]);
        }

        var (ece, bins) = Calibration(binCounts, binPositives, binSums);
        var labels = new string[k + 1];
        for (var c = 0; c < k; c++)
        {
            labels[c] = catalogue[c].Code;
        }
        labels[k] = ConfusionTable.None;

        double pooledTp = truePositives.Sum(), pooledFp = falsePositives.Sum(), pooledFn = falseNegatives.Sum();
        return new ModelMetrics(
            n,
            categories,
            MacroF1: Mean(categories.Where(m => m.Support > 0).Select(m => m.F1)),
            MicroF1: Ratio(2 * pooledTp, (2 * pooledTp) + pooledFp + pooledFn),
            MacroAuc: Mean(categories.Select(m => m.Auc).Where(a => !double.IsNaN(a))),
            ece,
            ExactMatchRate: Ratio(exactMatches, n),
            bins,
            new ConfusionTable(labels, confusion),
            new NegativeMetrics(negativeReports, falseAlarms, Ratio(falseAlarms, negativeReports)));
    }

    /// <summary>Bit c set when category c is true; -1 when the list is missing or holds an unknown code.</summary>
    private static int TruthMask(IReadOnlyList<string>? codes, out string? unknown)
    {
        unknown = null;
        if (codes is null)
        {
            return -1;
        }

        var mask = 0;
        for (var j = 0; j < codes.Count; j++)
        {
            var index = codes[j] is { } code ? IseSarCategories.IndexOf(code) : -1;
            if (index < 0)
            {
                unknown = codes[j] ?? "(null)";
                return -1;
            }
            mask |= 1 << index;
        }
        return mask;
    }

    /// <summary>ROC AUC (Mann-Whitney U with midranks) and step-wise average precision; sorts both arrays in place.</summary>
    private static (double Auc, double AveragePrecision) RankMetrics(double[] scores, bool[] truths)
    {
        Array.Sort(scores, truths);
        var n = scores.Length;
        long positives = 0;
        for (var i = 0; i < n; i++)
        {
            if (truths[i])
            {
                positives++;
            }
        }
        var negatives = n - positives;

        // Ascending pass: a positive beats every negative below its tie group and half of those inside it,
        // which is U computed from midranks; 2U stays an exact integer.
        long twiceU = 0, negativesBelow = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            long groupPositives = 0;
            while (end < n && scores[end] == scores[start])
            {
                if (truths[end])
                {
                    groupPositives++;
                }
                end++;
            }
            var groupNegatives = end - start - groupPositives;
            twiceU += groupPositives * ((2 * negativesBelow) + groupNegatives);
            negativesBelow += groupNegatives;
            start = end;
        }
        var auc = positives == 0 || negatives == 0 ? double.NaN : twiceU / (2.0 * positives * negatives);

        // Descending pass: one precision-recall step per distinct score.
        var averagePrecision = double.NaN;
        if (positives > 0)
        {
            averagePrecision = 0;
            long truePositives = 0, flagged = 0;
            for (var end = n - 1; end >= 0;)
            {
                var start = end;
                var groupPositives = 0;
                while (start >= 0 && scores[start] == scores[end])
                {
                    if (truths[start])
                    {
                        groupPositives++;
                    }
                    start--;
                }
                flagged += end - start;
                truePositives += groupPositives;
                averagePrecision += (double)groupPositives / positives * ((double)truePositives / flagged);
                end = start;
            }
        }
        return (auc, averagePrecision);
    }

    private static (double Ece, CalibrationBin[] Bins) Calibration(int[] counts, int[] positives, double[] sums)
    {
        var binCount = counts.Length;
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        var bins = new CalibrationBin[binCount];
        double ece = 0;
        for (var b = 0; b < binCount; b++)
        {
            var mean = Ratio(sums[b], counts[b]);
            var observed = Ratio(positives[b], counts[b]);
            if (counts[b] > 0)
            {
                ece += (double)counts[b] / total * Math.Abs(mean - observed);
            }
            bins[b] = new CalibrationBin((double)b / binCount, (double)(b + 1) / binCount, counts[b], mean, observed);
        }
        return (total == 0 ? double.NaN : ece, bins);
    }

    private static double Ratio(double numerator, double denominator) =>
        denominator == 0 ? double.NaN : numerator / denominator;

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var value in values)
        {
            sum += value;
            count++;
        }
        return Ratio(sum, count);
    }
}
