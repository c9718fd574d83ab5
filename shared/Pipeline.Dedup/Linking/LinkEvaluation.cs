using System.Globalization;
using System.Text;

namespace Pipeline.Dedup.Linking;

/// <summary>A candidate pair found by blocking, with its comparison and its truth.</summary>
/// <param name="First">The report already held.</param>
/// <param name="Second">The report that arrived later.</param>
/// <param name="Vector">Comparison levels.</param>
/// <param name="IsMatch">True when both belong to the same true group.</param>
public sealed record CandidatePair(LabelledReport First, LabelledReport Second, ComparisonVector Vector, bool IsMatch);

/// <summary>Pairwise figures when links are the pairs weighing at least <paramref name="Threshold"/>.</summary>
/// <param name="Threshold">The weight threshold.</param>
/// <param name="TruePositives">Linked pairs that are true duplicates.</param>
/// <param name="FalsePositives">Linked pairs that are not.</param>
/// <param name="FalseNegatives">True duplicate pairs not linked (blocking misses included).</param>
public sealed record ThresholdRow(double Threshold, long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>TP / (TP + FP); 1 when nothing is linked.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>The result of evaluating a model on a labelled set.</summary>
/// <param name="TruePairs">True duplicate pairs in the set (in scope of the filter).</param>
/// <param name="CandidatePairs">Pairs blocking produced (in scope).</param>
/// <param name="TruePairsBlocked">True pairs that blocking produced: the ceiling of recall.</param>
/// <param name="Link">Figures in the link band (weight at or above the link threshold).</param>
/// <param name="LinkOrReview">Figures for the link and possible-duplicate bands together.</param>
/// <param name="Table">Precision and recall across thresholds.</param>
public sealed record LinkEvaluationResult(
    long TruePairs,
    long CandidatePairs,
    long TruePairsBlocked,
    ThresholdRow Link,
    ThresholdRow LinkOrReview,
    IReadOnlyList<ThresholdRow> Table)
{
    /// <summary>The table as Markdown.</summary>
    public string FormatTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| threshold (bits) | linked pairs | true pos. | false pos. | false neg. | precision | recall |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in Table)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Threshold:0.0} | {row.TruePositives + row.FalsePositives} | {row.TruePositives} | {row.FalsePositives} | {row.FalseNegatives} | {row.Precision:0.0000} | {row.Recall:0.0000} |"));
        }
        return text.ToString();
    }
}

/// <summary>
/// Pairwise evaluation on generated labelled data: reports go through a <see cref="DedupWindow"/>
/// in arrival order, every candidate pair blocking produces is scored, and true pairs that
/// blocking never produced count as false negatives.
/// </summary>
public static class LinkEvaluation
{
    /// <summary>Every pair blocking produces when the set is streamed through a window in order.</summary>
    public static IReadOnlyList<CandidatePair> CandidatePairs(LabelledDataSet set, FeedClockOffsets? clockOffsets = null, DedupWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var window = new DedupWindow(FellegiSunterModel.Default.WithClockOffsets(clockOffsets ?? FeedClockOffsets.None), options);
        var byKey = set.Reports.ToDictionary(r => r.Report.IdempotencyKey, StringComparer.Ordinal);
        var pairs = new List<CandidatePair>();
        var found = new List<(string OtherKey, ComparisonVector Vector)>();
        foreach (var labelled in set.Reports)
        {
            var signature = ReportSignature.Of(labelled.Report);
            found.Clear();
            window.CollectCandidates(signature, found);
            foreach (var (otherKey, vector) in found)
            {
                var other = byKey[otherKey];
                pairs.Add(new CandidatePair(other, labelled, vector, other.GroupId == labelled.GroupId));
            }
            window.Add(signature, labelled.Report.ReceivedAt);
        }
        return pairs;
    }

    /// <summary>
    /// Trains a model on a labelled set: learns feed clock offsets without labels
    /// (<see cref="FeedClockOffsets.Estimate"/>), then m and u (supervised, Laplace smoothing), and picks thresholds on
    /// that same set: the link threshold is the cut with the best F1 among those whose link-band
    /// precision is at least <paramref name="linkPrecision"/>; the review threshold the highest weight at which
    /// the link and review bands together still reach <paramref name="reviewRecall"/> of the blocked true pairs.
    /// </summary>
    public static FellegiSunterModel Train(LabelledDataSet training, double linkPrecision = 0.975, double reviewRecall = 0.995, double smoothing = 1)
    {
        var offsets = FeedClockOffsets.Estimate(CandidatePairs(training, options: new DedupWindowOptions { SearchAllClockOffsets = true }).Select(p =>
            (p.First.Report.FeedId, p.First.Report.OccurredAt, p.Second.Report.FeedId, p.Second.Report.OccurredAt, p.Vector)));
        var pairs = CandidatePairs(training, offsets);
        var model = FellegiSunterModel.Train(pairs.Select(p => new LabelledPair(p.Vector, p.IsMatch)), smoothing).WithClockOffsets(offsets);
        var scored = pairs.Select(p => (Weight: model.Weight(p.Vector), p.IsMatch)).OrderByDescending(p => p.Weight).ToArray();
        var (review, link) = ChooseThresholds(scored, linkPrecision, reviewRecall);
        return model.WithThresholds(review, link);
    }

    /// <summary>Thresholds from scored pairs (see <see cref="Train"/>), rounded to 0.1 bit.</summary>
    public static (double Review, double Link) ChooseThresholds(IReadOnlyList<(double Weight, bool IsMatch)> scored, double linkPrecision, double reviewRecall)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var ordered = scored.OrderByDescending(p => p.Weight).ToArray();
        var totalMatches = ordered.Count(p => p.IsMatch);
        long tp = 0, fp = 0;
        var link = ordered.Length > 0 ? ordered[0].Weight : 0;
        double? review = null;
        var bestF1 = -1.0;
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].IsMatch)
            {
                tp++;
            }
            else
            {
                fp++;
            }
            // Only cut between distinct weights: pairs of equal weight are in the same band.
            if (i + 1 < ordered.Length && ordered[i + 1].Weight == ordered[i].Weight)
            {
                continue;
            }
            var precision = (double)tp / (tp + fp);
            var recall = totalMatches == 0 ? 0 : (double)tp / totalMatches;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (precision >= linkPrecision && f1 > bestF1)
            {
                bestF1 = f1;
                link = ordered[i].Weight;
            }
            if (review is null && totalMatches > 0 && (double)tp / totalMatches >= reviewRecall)
            {
                review = ordered[i].Weight;
            }
        }
        link = Math.Floor(link * 10) / 10;
        var reviewValue = Math.Min(Math.Floor((review ?? link) * 10) / 10, link);
        return (reviewValue, link);
    }

    /// <summary>
    /// Evaluates a model on a held-out set. <paramref name="scope"/>, when given, restricts the
    /// figures to pairs for which it is true (for the hard-case breakdown).
    /// </summary>
    public static LinkEvaluationResult Evaluate(
        FellegiSunterModel model,
        LabelledDataSet test,
        IEnumerable<double>? thresholds = null,
        Func<LabelledReport, LabelledReport, bool>? scope = null,
        IReadOnlyList<CandidatePair>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        scope ??= static (_, _) => true;
        candidates ??= CandidatePairs(test, model.ClockOffsets);
        var inScope = candidates.Where(p => scope(p.First, p.Second)).Select(p => (Weight: model.Weight(p.Vector), p.IsMatch)).ToArray();
        long truePairs = 0;
        foreach (var group in test.Reports.GroupBy(r => r.GroupId))
        {
            var members = group.ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    if (scope(members[i], members[j]) || scope(members[j], members[i]))
                    {
                        truePairs++;
                    }
                }
            }
        }
        var blocked = inScope.LongCount(p => p.IsMatch);
        ThresholdRow At(double threshold)
        {
            long tp = 0, fp = 0;
            foreach (var (weight, isMatch) in inScope)
            {
                if (weight >= threshold)
                {
                    if (isMatch)
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                    }
                }
            }
            return new ThresholdRow(threshold, tp, fp, truePairs - tp);
        }
        var levels = (thresholds ?? DefaultThresholds(model)).Distinct().Order().Select(At).ToList();
        return new LinkEvaluationResult(truePairs, inScope.Length, blocked, At(model.LinkThreshold), At(model.ReviewThreshold), levels);
    }

    private static IEnumerable<double> DefaultThresholds(FellegiSunterModel model)
    {
        for (var t = -10; t <= 30; t += 2)
        {
            yield return t;
        }
        yield return model.ReviewThreshold;
        yield return model.LinkThreshold;
    }
}
