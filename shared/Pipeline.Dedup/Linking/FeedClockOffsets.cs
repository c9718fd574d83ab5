using System.Collections.Frozen;

namespace Pipeline.Dedup.Linking;

/// <summary>One learned clock offset between two feeds.</summary>
/// <param name="FeedA">A feed id.</param>
/// <param name="FeedB">Another feed id.</param>
/// <param name="Hours">How many whole hours FeedA's OccurredAt runs ahead of FeedB's for the same event.</param>
/// <param name="Support">How many strong pairs showed it.</param>
public sealed record FeedClockOffset(string FeedA, string FeedB, int Hours, int Support);

/// <summary>
/// Whole-hour clock offsets between pairs of feeds (a feed that writes local time as UTC), learned
/// without labels from candidate pairs whose other features agree strongly. The comparer subtracts
/// a known offset before it grades the time gap, so the same event from an offset feed falls in
/// "Under15Minutes" instead of the weak <see cref="TimeGapLevel.WholeHourOffset"/> level, which
/// remains for offsets not learned yet.
/// </summary>
public sealed class FeedClockOffsets
{
    private readonly FrozenDictionary<ulong, int> _hoursByPair;
    private readonly FrozenDictionary<uint, (int Hours, uint Partner)[]> _partnersByFeed;

    /// <summary>Creates the table from learned offsets.</summary>
    public FeedClockOffsets(IEnumerable<FeedClockOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        Offsets = offsets.ToList();
        var table = new Dictionary<ulong, int>();
        foreach (var offset in Offsets)
        {
            var a = TextFeatures.Hash32(offset.FeedA);
            var b = TextFeatures.Hash32(offset.FeedB);
            table[PairKey(a, b)] = offset.Hours;
            table[PairKey(b, a)] = -offset.Hours;
        }
        _hoursByPair = table.ToFrozenDictionary();
        _partnersByFeed = table
            .GroupBy(pair => (uint)(pair.Key >> 32), pair => (Hours: pair.Value, Partner: (uint)(pair.Key & 0xFFFF_FFFF)))
            .ToFrozenDictionary(group => group.Key, group => group.OrderBy(p => p.Hours).ThenBy(p => p.Partner).ToArray());
    }

    /// <summary>The feeds (by hash) a feed has a known offset with, and how many hours it runs ahead of each.</summary>
    public ReadOnlySpan<(int Hours, uint Partner)> PartnersOf(uint feed) => _partnersByFeed.TryGetValue(feed, out var partners) ? partners : [];

    /// <summary>No known offsets.</summary>
    public static FeedClockOffsets None { get; } = new([]);

    /// <summary>The offsets, as learned.</summary>
    public IReadOnlyList<FeedClockOffset> Offsets { get; }

    /// <summary>The hours feed a runs ahead of feed b (by feed hash), when known.</summary>
    public bool TryGetHours(uint feedA, uint feedB, out int hours) => _hoursByPair.TryGetValue(PairKey(feedA, feedB), out hours);

    /// <summary>
    /// Learns offsets from candidate pairs: for each pair of feeds, among pairs that are close
    /// (under 250 m) with similar narratives (high or medium) and no disagreeing category, the gaps that
    /// lie within <see cref="ReportComparer.HourOffsetTolerance"/> of a whole hour are counted per
    /// hour; the most frequent hour is kept when it is not 0, has at least
    /// <paramref name="minimumSupport"/> pairs and at least three times as many as the next hour
    /// (different events at one place spread evenly over the hours; one event through an offset feed piles up on one hour).
    /// </summary>
    public static FeedClockOffsets Estimate(
        IEnumerable<(string FeedA, DateTimeOffset OccurredA, string FeedB, DateTimeOffset OccurredB, ComparisonVector Vector)> pairs,
        int minimumSupport = 20)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var counts = new Dictionary<(string, string), Dictionary<int, int>>();
        foreach (var (feedA, occurredA, feedB, occurredB, vector) in pairs)
        {
            if (string.Equals(feedA, feedB, StringComparison.Ordinal)
                || vector.Distance is not (DistanceLevel.Under50Meters or DistanceLevel.Under250Meters)
                || vector.Narrative is not (NarrativeLevel.High or NarrativeLevel.Medium)
                || vector.Category == CategoryLevel.Incompatible)
            {
                continue;
            }
            var ordered = string.CompareOrdinal(feedA, feedB) < 0;
            var key = ordered ? (feedA, feedB) : (feedB, feedA);
            var gap = ordered ? occurredA - occurredB : occurredB - occurredA;
            var hours = (int)Math.Round(gap.TotalHours);
            if (Math.Abs(hours) <= ReportComparer.MaxHourOffset && (gap - TimeSpan.FromHours(hours)).Duration() <= ReportComparer.HourOffsetTolerance)
            {
                if (!counts.TryGetValue(key, out var byHour))
                {
                    counts[key] = byHour = [];
                }
                byHour[hours] = byHour.GetValueOrDefault(hours) + 1;
            }
        }
        var offsets = new List<FeedClockOffset>();
        foreach (var (key, byHour) in counts.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal))
        {
            var ranked = byHour.OrderByDescending(p => p.Value).ThenBy(p => p.Key).ToArray();
            var (hours, support) = (ranked[0].Key, ranked[0].Value);
            var runnerUp = ranked.Length > 1 ? ranked[1].Value : 0;
            if (hours != 0 && support >= minimumSupport && support >= 3 * runnerUp)
            {
                offsets.Add(new FeedClockOffset(key.Item1, key.Item2, hours, support));
            }
        }
        return new FeedClockOffsets(offsets);
    }

    private static ulong PairKey(uint a, uint b) => ((ulong)a << 32) | b;
}
