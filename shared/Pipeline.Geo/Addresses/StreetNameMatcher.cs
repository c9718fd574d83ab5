using System.Collections.Frozen;

namespace Pipeline.Geo.Addresses;

/// <summary>A street found by <see cref="StreetNameMatcher"/>.</summary>
/// <param name="Street">The known street, as the gazetteer spells it.</param>
/// <param name="Confidence">In (0, 1]: 1 for an exact match, less for each edit and each differing or missing part.</param>
/// <param name="Edits">Damerau–Levenshtein edits between the two names (0 when only suffix or directionals differ).</param>
public readonly record struct StreetMatch(StreetName Street, double Confidence, int Edits);

/// <summary>
/// Finds a known street for a street name that may be misspelled ("SHATUCK AVE", "TELEGRAHP")
/// or lack its suffix or directional. Built once from the gazetteer's streets, immutable and
/// thread-safe; a lookup takes microseconds on thousands of streets because candidate names come
/// from a deletion neighbourhood index, not a scan.
/// </summary>
public sealed class StreetNameMatcher
{
    private const double PerEdit = 0.2;
    private const double MissingPart = 0.05;
    private const double DifferentSuffix = 0.15;
    private const double DifferentDirectional = 0.25;
    private const double Floor = 0.05;
    private const double Tie = 1e-9;

    // Names longer than this are matched exactly only: their deletion sets grow with the square of the length.
    private const int MaxIndexedLength = 40;

    private readonly FrozenSet<StreetName> _streets;
    private readonly FrozenDictionary<string, int> _nameIds;
    private readonly string[] _names;
    private readonly StreetName[][] _streetsByName;
    private readonly FrozenDictionary<string, int[]> _deletions;

    /// <summary>Indexes <paramref name="streets"/> (duplicates are ignored).</summary>
    public StreetNameMatcher(IEnumerable<StreetName> streets)
    {
        ArgumentNullException.ThrowIfNull(streets);
        var distinct = new HashSet<StreetName>(streets);
        _streets = distinct.ToFrozenSet();

        var byName = new Dictionary<string, List<StreetName>>(StringComparer.Ordinal);
        foreach (var street in distinct)
        {
            if (!byName.TryGetValue(street.Name, out var list))
            {
                byName[street.Name] = list = [];
            }

            list.Add(street);
        }

        _names = [.. byName.Keys];
        _streetsByName = new StreetName[_names.Length][];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var deletions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var scratch = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 0; id < _names.Length; id++)
        {
            var name = _names[id];
            ids[name] = id;
            _streetsByName[id] = [.. byName[name]];
            if (name.Length > MaxIndexedLength)
            {
                continue;
            }

            scratch.Clear();
            scratch.Add(name);
            AddDeletions(name, Math.Max(MaxEdits(name.Length), MaxConfirmableEdits(name)), scratch);
            foreach (var deletion in scratch)
            {
                if (!deletions.TryGetValue(deletion, out var list))
                {
                    deletions[deletion] = list = [];
                }

                list.Add(id);
            }
        }

        _nameIds = ids.ToFrozenDictionary(StringComparer.Ordinal);
        _deletions = deletions.ToFrozenDictionary(d => d.Key, d => d.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>How many distinct streets are known.</summary>
    public int Count => _streets.Count;

    /// <summary>True when <paramref name="street"/> is known exactly.</summary>
    public bool Contains(StreetName street) => _streets.Contains(street);

    /// <summary>
    /// Edits allowed on a name of <paramref name="length"/> characters: none up to 3 (too many short
    /// names lie one edit apart), one up to 6, two beyond.
    /// </summary>
    public static int MaxEdits(int length) => length <= 3 ? 0 : length <= 6 ? 1 : 2;

    /// <summary>
    /// Edits allowed on <paramref name="name"/> when the caller confirms a candidate by other evidence
    /// (see <see cref="Candidates"/>): none up to 2 letters, one for 3, two beyond; none at all for a
    /// name with a digit ("45TH" and "4TH" are two streets).
    /// </summary>
    public static int MaxConfirmableEdits(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
        {
            return 0;
        }

        return name.Length <= 2 ? 0 : name.Length == 3 ? 1 : 2;
    }

    /// <summary>
    /// Every known street whose name lies within <see cref="MaxConfirmableEdits"/> of the query's
    /// (the shorter name sets the limit) and whose suffix and directionals do not contradict it
    /// (equal, or missing from the query), best first. Such a name may be too far off to be taken
    /// on its own: the caller must confirm it, for instance by a house number in its range, and
    /// refuse when more than one candidate is confirmed. Empty when the query's name has a digit.
    /// </summary>
    public IReadOnlyList<StreetMatch> Candidates(StreetName query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var name = query.Name;
        var queryLimit = MaxConfirmableEdits(name);
        var found = new List<StreetMatch>();
        if (queryLimit == 0 || name.Length > MaxIndexedLength)
        {
            return found;
        }

        var deletions = new HashSet<string>(StringComparer.Ordinal) { name };
        AddDeletions(name, queryLimit, deletions);
        var seen = new HashSet<int>();
        foreach (var deletion in deletions)
        {
            if (!_deletions.TryGetValue(deletion, out var ids))
            {
                continue;
            }

            foreach (var id in ids)
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                var candidate = _names[id];
                var limit = Math.Min(queryLimit, MaxConfirmableEdits(candidate));
                var edits = DamerauLevenshtein.Distance(name, candidate, limit);
                if (edits > limit)
                {
                    continue;
                }

                foreach (var street in _streetsByName[id])
                {
                    if (Fits(query.Suffix, street.Suffix) && Fits(query.PreDirectional, street.PreDirectional) && Fits(query.PostDirectional, street.PostDirectional))
                    {
                        found.Add(new StreetMatch(street, Score(query, street, edits), edits));
                    }
                }
            }
        }

        found.Sort(static (a, b) => b.Confidence.CompareTo(a.Confidence));
        return found;
    }

    /// <summary>
    /// The known street for <paramref name="query"/>: itself when known; else the single best
    /// candidate; null when none is close enough or two are equally good.
    /// </summary>
    public StreetMatch? Match(StreetName query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_streets.Contains(query))
        {
            return new StreetMatch(query, 1.0, 0);
        }

        var name = query.Name;
        var queryLimit = MaxEdits(name.Length);
        StreetName? best = null;
        var bestScore = double.NegativeInfinity;
        var bestEdits = 0;
        var tied = false;

        void Consider(int id)
        {
            var candidate = _names[id];
            var limit = Math.Min(queryLimit, MaxEdits(candidate.Length));
            var edits = DamerauLevenshtein.Distance(name, candidate, limit);
            if (edits > limit)
            {
                return;
            }

            foreach (var street in _streetsByName[id])
            {
                var score = Score(query, street, edits);
                if (score > bestScore + Tie)
                {
                    best = street;
                    bestScore = score;
                    bestEdits = edits;
                    tied = false;
                }
                else if (score > bestScore - Tie)
                {
                    tied = true;
                }
            }
        }

        if (queryLimit == 0 || name.Length > MaxIndexedLength)
        {
            if (_nameIds.TryGetValue(name, out var id))
            {
                Consider(id);
            }
        }
        else
        {
            var deletions = new HashSet<string>(StringComparer.Ordinal) { name };
            AddDeletions(name, queryLimit, deletions);
            var seen = new HashSet<int>();
            foreach (var deletion in deletions)
            {
                if (!_deletions.TryGetValue(deletion, out var ids))
                {
                    continue;
                }

                foreach (var id in ids)
                {
                    if (seen.Add(id))
                    {
                        Consider(id);
                    }
                }
            }
        }

        return best is null || tied ? null : new StreetMatch(best, bestScore, bestEdits);
    }

    private static double Score(StreetName query, StreetName candidate, int edits)
    {
        var score = 1.0 - (PerEdit * edits)
            - Penalty(query.Suffix, candidate.Suffix, DifferentSuffix)
            - Penalty(query.PreDirectional, candidate.PreDirectional, DifferentDirectional)
            - Penalty(query.PostDirectional, candidate.PostDirectional, DifferentDirectional);
        return Math.Clamp(score, Floor, 1.0);
    }

    private static bool Fits(string? query, string? candidate) => query is null || string.Equals(query, candidate, StringComparison.Ordinal);

    private static double Penalty(string? query, string? candidate, double different) =>
        string.Equals(query, candidate, StringComparison.Ordinal) ? 0 : query is null || candidate is null ? MissingPart : different;

    private static void AddDeletions(string word, int depth, HashSet<string> into)
    {
        if (depth <= 0 || word.Length <= 1)
        {
            return;
        }

        for (var i = 0; i < word.Length; i++)
        {
            var deletion = word.Remove(i, 1);
            if (into.Add(deletion))
            {
                AddDeletions(deletion, depth - 1, into);
            }
        }
    }
}

/// <summary>Optimal-string-alignment Damerau–Levenshtein distance (adjacent transpositions count one edit).</summary>
internal static class DamerauLevenshtein
{
    /// <summary>The distance, or <paramref name="limit"/> + 1 as soon as it must exceed the limit.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        if (a.SequenceEqual(b))
        {
            return 0;
        }

        var m = b.Length;
        if (m > 256)
        {
            return limit + 1;
        }

        Span<int> buffer = stackalloc int[3 * (m + 1)];
        var previous2 = buffer[..(m + 1)];
        var previous = buffer.Slice(m + 1, m + 1);
        var current = buffer.Slice(2 * (m + 1), m + 1);
        for (var j = 0; j <= m; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= m; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[m], limit + 1);
    }
}
