using Pipeline.Contracts;

namespace Pipeline.Scoring;

/// <summary>
/// The baseline scorer: weighted indicator phrases per ISE-SAR category (<see cref="BaselineLexicon"/>)
/// found in the narrative and the CAD call type, plus a small boost for a critical-infrastructure
/// target. Transparent, deterministic and fast; a trained model replaces it behind
/// <see cref="IReportScorer"/>.
/// </summary>
/// <remarks>
/// <para>
/// Inputs: only <see cref="Report.Narrative"/>, <see cref="Report.CadCallType"/> and
/// <see cref="Report.TargetSector"/>. <see cref="Report.Protected"/> and <see cref="Report.Privacy"/>
/// are never read, and the lexicon holds no protected descriptor, so neither can create suspicion.
/// </para>
/// <para>
/// Matching: case-insensitive, on word boundaries, any whitespace or punctuation between a
/// phrase's words; a phrase counts once per report however often it occurs, and not at all where
/// "no", "not", "never", "denied", "without" or a similar word stands within
/// <c>4</c> words before it in the same sentence (unless "but", "then", "after"... intervenes).
/// Only the first <see cref="MaxScannedChars"/> characters of the narrative are scanned (and the
/// first <see cref="MaxFieldChars"/> of the call type and sector): a larger narrative costs no more
/// than that and indicators beyond the cap are not seen.
/// </para>
/// <para>
/// Scores: for each category, evidence <c>s</c> is the sum of the weights of its matched phrases
/// and call-type entries, plus <see cref="BaselineLexicon.SectorBoost"/> when it has any and the
/// target sector is critical infrastructure; the score is <c>1 - exp(-s)</c>, in [0, 1) and
/// increasing in every weight. Priority is the highest score <c>m</c> raised toward 1 when a
/// Group A category scores <c>a</c>: <c>m + 0.25 * a * (1 - m)</c>, never above 1.
/// </para>
/// <para>Thread-safe: the compiled lexicon is immutable and shared by every instance.</para>
/// </remarks>
public sealed class LexiconBaselineScorer : IReportScorer
{
    /// <summary>The model version this scorer reports; bumped with every change to the lexicon or formula.</summary>
    public const string Version = "lexicon-baseline-1";

    /// <summary>How many characters of the narrative are scanned (64 Ki characters); the rest is ignored.</summary>
    public const int MaxScannedChars = 64 * 1024;

    /// <summary>How many characters of the call type and of the target sector are scanned.</summary>
    public const int MaxFieldChars = 256;

    /// <summary>How far a Group A score raises priority toward 1.</summary>
    private const double GroupAPriorityBoost = 0.25;

    private static readonly CompiledTable _narrative = new("narrative", BaselineLexicon.Narrative);
    private static readonly CompiledTable _callTypes = new("call-type", BaselineLexicon.CallTypes);
    private static readonly PhraseMatcher _sectors = new([.. BaselineLexicon.CriticalInfrastructureSectors.Select(s => s.Phrase)]);
    private static readonly string[] _sectorFeatures =
        [.. BaselineLexicon.CriticalInfrastructureSectors.Select(s => $"target-sector:\"{s.Sector}\"")];

    /// <inheritdoc />
    public string ModelVersion => Version;

    /// <inheritdoc />
    public ScoringResult Score(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);

        var categories = IseSarCategories.All;
        Span<double> evidence = stackalloc double[categories.Count];
        List<(int Category, string Feature, double Contribution)>? contributions = null;

        _narrative.Add(Cap(report.Narrative, MaxScannedChars), honourNegation: true, evidence, ref contributions);
        // Dispatch codes carry no negation ("NO CONTACT ORDER" is not a negated indicator).
        _callTypes.Add(Cap(report.CadCallType, MaxFieldChars), honourNegation: false, evidence, ref contributions);
        if (contributions is null)
        {
            return ScoringResult.Empty;
        }

        var sector = FindSector(Cap(report.TargetSector, MaxFieldChars));
        if (sector >= 0)
        {
            for (var c = 0; c < evidence.Length; c++)
            {
                if (evidence[c] > 0)
                {
                    evidence[c] += BaselineLexicon.SectorBoost;
                    contributions.Add((c, _sectorFeatures[sector], BaselineLexicon.SectorBoost));
                }
            }
        }

        var scores = new List<CategoryScore>();
        var rank = new int[categories.Count];
        double highest = 0, highestGroupA = 0;
        for (var c = 0; c < evidence.Length; c++)
        {
            if (evidence[c] <= 0)
            {
                continue;
            }
            var score = 1 - Math.Exp(-evidence[c]);
            scores.Add(new CategoryScore(categories[c].Code, score));
            highest = Math.Max(highest, score);
            if (categories[c].Group == IseSarGroup.A)
            {
                highestGroupA = Math.Max(highestGroupA, score);
            }
        }
        // Stable sort keeps catalogue order among equal scores.
        scores = [.. scores.OrderByDescending(s => s.Score)];
        for (var r = 0; r < scores.Count; r++)
        {
            rank[IseSarCategories.IndexOf(scores[r].Category)] = r;
        }

        var priority = Math.Min(1, highest + (GroupAPriorityBoost * highestGroupA * (1 - highest)));
        var explanation = contributions
            .OrderBy(e => rank[e.Category])
            .ThenByDescending(e => e.Contribution)
            .Select(e => new ScoreEvidence(categories[e.Category].Code, e.Feature, e.Contribution))
            .ToList();
        return new ScoringResult(scores, priority, scores[0].Category, explanation);
    }

    private static int FindSector(ReadOnlySpan<char> targetSector)
    {
        if (targetSector.IsEmpty)
        {
            return -1;
        }
        Span<bool> found = stackalloc bool[_sectors.Count];
        _sectors.Match(targetSector, found, honourNegation: false);
        return found.IndexOf(true);
    }

    /// <summary>The first <paramref name="max"/> characters, cut back so that no word is split.</summary>
    private static ReadOnlySpan<char> Cap(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        if (text.Length <= max)
        {
            return text;
        }
        var end = max;
        while (end > 0 && PhraseMatcher.IsWordChar(text[end]) && PhraseMatcher.IsWordChar(text[end - 1]))
        {
            end--;
        }
        return text.AsSpan(0, end);
    }

    /// <summary>A lexicon compiled for matching, with its feature names built once.</summary>
    private sealed class CompiledTable
    {
        private readonly PhraseMatcher _matcher;
        private readonly int[] _category;
        private readonly double[] _weight;
        private readonly string[] _feature;

        public CompiledTable(string source, IReadOnlyList<LexiconEntry> entries)
        {
            _matcher = new PhraseMatcher([.. entries.Select(e => e.Phrase)]);
            _category = [.. entries.Select(e => IseSarCategories.IndexOf(e.Category))];
            _weight = [.. entries.Select(e => e.Weight)];
            _feature = [.. entries.Select(e => $"{source}:\"{e.Phrase}\"")];
            var unknown = entries.FirstOrDefault(e => IseSarCategories.IndexOf(e.Category) < 0);
            if (unknown is not null)
            {
                throw new InvalidOperationException($"{source} lexicon entry \"{unknown.Phrase}\" names unknown category {unknown.Category}");
            }
            var bad = entries.FirstOrDefault(e => !(e.Weight > 0 && double.IsFinite(e.Weight)));
            if (bad is not null)
            {
                throw new InvalidOperationException($"{source} lexicon entry \"{bad.Phrase}\" has weight {bad.Weight}; weights must be positive");
            }
        }

        public void Add(
            ReadOnlySpan<char> text,
            bool honourNegation,
            Span<double> evidence,
            ref List<(int Category, string Feature, double Contribution)>? contributions)
        {
            if (text.IsEmpty)
            {
                return;
            }
            Span<bool> found = _matcher.Count <= 1024 ? stackalloc bool[_matcher.Count] : new bool[_matcher.Count];
            _matcher.Match(text, found, honourNegation);
            for (var i = 0; i < found.Length; i++)
            {
                if (found[i])
                {
                    evidence[_category[i]] += _weight[i];
                    (contributions ??= []).Add((_category[i], _feature[i], _weight[i]));
                }
            }
        }
    }
}
