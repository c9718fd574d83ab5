using Pipeline.Contracts;
using Pipeline.Scoring.Model;

namespace Pipeline.Scoring;

/// <summary>
/// Scores reports with a trained <see cref="IseSarModel"/>: featurize (redacted narrative and
/// structured fields), sixteen log-odds, Platt-calibrated probabilities, per-category thresholds,
/// and the overall priority. Thread-safe; never throws on any narrative.
/// </summary>
public sealed class ModelScorer : IReportScorer
{
    private static readonly int _categories = IseSarModel.CategoryCount;

    // The log-odds of the report being scored on this thread (scoring allocates no feature vector).
    [ThreadStatic]
    private static float[]? t_logOdds;

    /// <summary>Creates a scorer for <paramref name="model"/>.</summary>
    public ModelScorer(IseSarModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model.</summary>
    public IseSarModel Model { get; }

    /// <inheritdoc/>
    public string ModelVersion => Model.Version;

    /// <inheritdoc/>
    public ScoringResult Score(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var logOdds = t_logOdds ??= new float[_categories];
        Model.Featurizer.Featurize(report, static (indices, values, state) =>
        {
            state.Model.LogOdds(indices, values, state.Output);
            return 0;
        }, (Model, Output: logOdds));

        var scores = new CategoryScore[_categories];
        Span<double> rescaled = stackalloc double[_categories];
        var flaggedCount = 0;
        ushort flaggedMask = 0;
        var top = -1;
        for (var c = 0; c < _categories; c++)
        {
            var probability = Model.Calibrated(c, logOdds[c]);
            var threshold = Model.Threshold(c);
            scores[c] = new CategoryScore(IseSarCategories.All[c].Code, probability);
            rescaled[c] = Rescale(probability, threshold);
            if (probability >= threshold)
            {
                flaggedCount++;
                flaggedMask |= (ushort)(1 << c);
            }
            if (top < 0 || rescaled[c] > rescaled[top])
            {
                top = c;
            }
        }
        var flagged = new string[flaggedCount];
        for (int c = 0, f = 0; c < _categories; c++)
        {
            if ((flaggedMask & (1 << c)) != 0)
            {
                flagged[f++] = IseSarCategories.All[c].Code;
            }
        }
        // Highest probability first; an insertion sort (stable) keeps catalogue order among ties.
        for (var i = 1; i < scores.Length; i++)
        {
            var score = scores[i];
            var j = i - 1;
            for (; j >= 0 && scores[j].Score < score.Score; j--)
            {
                scores[j + 1] = scores[j];
            }
            scores[j + 1] = score;
        }
        return new ScoringResult(scores, rescaled[top], IseSarCategories.All[top].Code, flagged) { ModelVersion = Model.Version };
    }

    /// <inheritdoc/>
    public IReadOnlyList<ScoreEvidence> Explain(Report report, ScoringResult result, int perCategory = 8)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(perCategory, 1);
        IEnumerable<string> categories = result.Flagged.Count > 0 ? result.Flagged
            : result.TopCategory is { } top ? [top] : [];
        var hits = Model.Featurizer.Explain(report);
        // Hits of one name (a word seen twice, a word's n-grams) add up: number the names once,
        // then sum each category's contributions per name, in hit order.
        var (nameOf, names) = NumberNames(hits);
        var sums = new double[names.Count];
        var ranked = new List<int>(names.Count);
        var evidence = new List<ScoreEvidence>();
        foreach (var code in categories)
        {
            var c = IseSarCategories.IndexOf(code);
            if (c < 0)
            {
                continue;
            }
            Array.Clear(sums);
            for (var i = 0; i < hits.Count; i++)
            {
                sums[nameOf[i]] += (double)Model.Weight(hits[i].Index, c) * hits[i].Value;
            }
            ranked.Clear();
            for (var n = 0; n < sums.Length; n++)
            {
                if (sums[n] > 0)
                {
                    ranked.Add(n);
                }
            }
            // Largest contribution first, then by name: names are distinct, so the order is total.
            ranked.Sort((a, b) => sums[b].CompareTo(sums[a]) is var byValue and not 0 ? byValue : string.CompareOrdinal(names[a], names[b]));
            for (var k = 0; k < ranked.Count && k < perCategory; k++)
            {
                evidence.Add(new ScoreEvidence(code, names[ranked[k]], Math.Round(sums[ranked[k]], 4)));
            }
        }
        return evidence;
    }

    // The number of each hit's name, and the names by number. Consecutive hits of one word share
    // its name's string, so most hits need no lookup.
    private static (int[] NameOf, List<string> Names) NumberNames(IReadOnlyList<Features.NamedFeatureHit> hits)
    {
        var nameOf = new int[hits.Count];
        var names = new List<string>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        string? previous = null;
        var number = -1;
        for (var i = 0; i < hits.Count; i++)
        {
            var name = hits[i].Name;
            if (!ReferenceEquals(name, previous))
            {
                if (!numbers.TryGetValue(name, out number))
                {
                    number = names.Count;
                    numbers[name] = number;
                    names.Add(name);
                }
                previous = name;
            }
            nameOf[i] = number;
        }
        return (nameOf, names);
    }

    /// <summary>
    /// A probability rescaled so that <paramref name="threshold"/> maps to 0.5: [0, t) linearly
    /// onto [0, 0.5) and [t, 1] onto [0.5, 1]. Makes categories with different thresholds comparable.
    /// </summary>
    public static double Rescale(double probability, double threshold) =>
        probability < threshold
            ? 0.5 * probability / threshold
            : 0.5 + (0.5 * (probability - threshold) / Math.Max(1e-9, 1 - threshold));
}
