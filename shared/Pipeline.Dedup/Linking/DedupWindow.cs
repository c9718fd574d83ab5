using Pipeline.Contracts;

namespace Pipeline.Dedup.Linking;

/// <summary>Settings of a <see cref="DedupWindow"/>.</summary>
public sealed class DedupWindowOptions
{
    /// <summary>How long reports are held, by OccurredAt against the window's clock (the latest ReceivedAt added).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Time gap searched around a report's OccurredAt (and around OccurredAt shifted by each clock
    /// offset the model knows for its feed). Pairs further apart fall in levels whose weights
    /// rule out a link, so comparing them would only cost time.
    /// </summary>
    public TimeSpan NearGap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When true, search every gap up to ±(<see cref="MaxClockOffset"/> + <see cref="ReportComparer.HourOffsetTolerance"/>):
    /// needed to learn feed clock offsets that are not known yet (<see cref="FeedClockOffsets.Estimate"/>), and about
    /// 12 times more comparisons.
    /// </summary>
    public bool SearchAllClockOffsets { get; init; }

    /// <summary>Largest clock offset searched when <see cref="SearchAllClockOffsets"/> is set.</summary>
    public TimeSpan MaxClockOffset { get; init; } = TimeSpan.FromHours(ReportComparer.MaxHourOffset);

    /// <summary>Granularity of the time index and of eviction: reports are held up to Window + SlotLength.</summary>
    public TimeSpan SlotLength { get; init; } = TimeSpan.FromHours(2);

    /// <summary>When true, <see cref="DedupWindow.FindLinks(Report)"/> also returns no-link decisions (for evaluation).</summary>
    public bool IncludeNoLink { get; init; }
}

/// <summary>
/// The near-duplicate state of one partition: signatures of the reports of the last
/// <see cref="DedupWindowOptions.Window"/>, indexed by fine cell and time slot. For a new
/// report it compares the reports in its fine cell and the 8 neighbours whose OccurredAt is
/// within <see cref="DedupWindowOptions.NearGap"/> of its own, or of its own shifted by a feed
/// clock offset the model knows (all whole-hour gaps with <see cref="DedupWindowOptions.SearchAllClockOffsets"/>), and returns the decisions at or above the model's review
/// threshold, strongest first. Not thread-safe: one window per partition, used by the thread
/// that owns the partition.
/// </summary>
public sealed class DedupWindow
{
    private const int InitialBucketCapacity = 4;

    private readonly FellegiSunterModel _model;
    private readonly DedupWindowOptions _options;
    private readonly long _slotTicks;
    private readonly long _nearTicks;
    private readonly Dictionary<BucketKey, Bucket> _buckets = [];
    private readonly SortedDictionary<long, List<BucketKey>> _bucketsBySlot = [];
    private long _clockTicks = long.MinValue;

    /// <summary>Creates an empty window.</summary>
    public DedupWindow(FellegiSunterModel model, DedupWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? new DedupWindowOptions();
        if (_options.Window <= TimeSpan.Zero || _options.SlotLength <= TimeSpan.Zero || _options.MaxClockOffset < TimeSpan.Zero)
        {
            throw new ArgumentException("Window and SlotLength must be positive and MaxClockOffset not negative.", nameof(options));
        }
        _slotTicks = _options.SlotLength.Ticks;
        _nearTicks = _options.SearchAllClockOffsets
            ? Math.Max(_options.MaxClockOffset.Ticks + ReportComparer.HourOffsetTolerance.Ticks, _options.NearGap.Ticks)
            : _options.NearGap.Ticks;
    }

    /// <summary>Reports held.</summary>
    public int Count { get; private set; }

    /// <summary>The window's clock: the latest ReceivedAt added, or null before the first report.</summary>
    public DateTimeOffset? Clock => _clockTicks == long.MinValue ? null : new DateTimeOffset(_clockTicks, TimeSpan.Zero);

    /// <summary>The model that scores candidates.</summary>
    public FellegiSunterModel Model => _model;

    /// <summary>Decisions for the held reports that block with this one (see the class summary).</summary>
    public IReadOnlyList<LinkDecision> FindLinks(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return FindLinks(ReportSignature.Of(report));
    }

    /// <summary>Decisions for a precomputed signature.</summary>
    public IReadOnlyList<LinkDecision> FindLinks(in ReportSignature signature)
    {
        var visitor = new DecisionVisitor(_model, _options.IncludeNoLink ? double.NegativeInfinity : _model.ReviewThreshold);
        Scan(signature, ref visitor);
        if (visitor.Decisions is null)
        {
            return [];
        }
        visitor.Decisions.Sort(static (a, b) => b.Weight.CompareTo(a.Weight));
        return visitor.Decisions;
    }

    /// <summary>
    /// Every held report that blocks with this signature and its comparison vector, appended to
    /// <paramref name="into"/> (for training and evaluation: no threshold is applied).
    /// </summary>
    public void CollectCandidates(in ReportSignature signature, ICollection<(string OtherKey, ComparisonVector Vector)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var visitor = new CollectingVisitor(into);
        Scan(signature, ref visitor);
    }

    /// <summary>Holds a report; returns false when it is already older than the window and so not held.</summary>
    public bool Add(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Add(ReportSignature.Of(report), report.ReceivedAt);
    }

    /// <summary>Holds a signature; <paramref name="receivedAt"/> advances the window's clock and evicts what fell out.</summary>
    public bool Add(in ReportSignature signature, DateTimeOffset receivedAt)
    {
        var received = receivedAt.UtcTicks;
        if (received > _clockTicks)
        {
            _clockTicks = received;
            EvictOlderThan(new DateTimeOffset(_clockTicks - _options.Window.Ticks, TimeSpan.Zero));
        }
        if (signature.OccurredAtTicks < _clockTicks - _options.Window.Ticks)
        {
            return false;
        }
        var slot = SlotOf(signature.OccurredAtTicks);
        var key = new BucketKey(signature.Cell, slot);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket();
            _buckets.Add(key, bucket);
            if (!_bucketsBySlot.TryGetValue(slot, out var keys))
            {
                keys = [];
                _bucketsBySlot.Add(slot, keys);
            }
            keys.Add(key);
        }
        bucket.Add(signature);
        Count++;
        return true;
    }

    /// <summary>Finds the links of a report, then holds it (one signature computation).</summary>
    public IReadOnlyList<LinkDecision> FindLinksAndAdd(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var signature = ReportSignature.Of(report);
        var decisions = FindLinks(signature);
        Add(signature, report.ReceivedAt);
        return decisions;
    }

    /// <summary>
    /// Drops every time slot that ends at or before <paramref name="cutoff"/> (so every report in
    /// it occurred before the cutoff); returns how many reports were dropped.
    /// </summary>
    public int EvictOlderThan(DateTimeOffset cutoff)
    {
        var cutoffTicks = cutoff.UtcTicks;
        var dropped = 0;
        while (_bucketsBySlot.Count > 0)
        {
            var (slot, keys) = _bucketsBySlot.First();
            if ((slot + 1) * _slotTicks > cutoffTicks)
            {
                break;
            }
            foreach (var key in keys)
            {
                if (_buckets.Remove(key, out var bucket))
                {
                    dropped += bucket.Count;
                }
            }
            _bucketsBySlot.Remove(slot);
        }
        Count -= dropped;
        return dropped;
    }

    private static bool IsSameReport(in ReportSignature held, in ReportSignature other) =>
        held.OccurredAtTicks == other.OccurredAtTicks && held.FeedHash == other.FeedHash && string.Equals(held.Key, other.Key, StringComparison.Ordinal);

    private static int CellsToSearch(in ReportSignature signature, Span<long> cells)
    {
        if (signature.Cell == GeoCells.NoLocation)
        {
            cells[0] = GeoCells.NoLocation;
            return 1;
        }
        GeoCells.WithNeighbours(signature.Cell, cells);
        return 9;
    }

    private void Scan<TVisitor>(in ReportSignature signature, ref TVisitor visitor)
        where TVisitor : struct, ICandidateVisitor
    {
        Span<long> cells = stackalloc long[9];
        var cellCount = CellsToSearch(signature, cells);
        var cosLatitude = ReportComparer.CosLatitude(signature);
        // Time ranges searched: around the report's own time (every feed), and around its time as
        // each feed with a known offset would have stamped it (that feed only).
        var partners = _options.SearchAllClockOffsets ? [] : _model.ClockOffsets.PartnersOf(signature.FeedHash);
        Span<long> centres = stackalloc long[1 + partners.Length];
        centres[0] = signature.OccurredAtTicks;
        for (var k = 0; k < partners.Length; k++)
        {
            centres[k + 1] = signature.OccurredAtTicks - (partners[k].Hours * TimeSpan.TicksPerHour);
        }
        for (var r = 0; r < centres.Length; r++)
        {
            var centre = centres[r];
            var partner = r == 0 ? 0u : partners[r - 1].Partner;
            var firstSlot = SlotOf(centre - _nearTicks);
            var lastSlot = SlotOf(centre + _nearTicks);
            for (var c = 0; c < cellCount; c++)
            {
                for (var slot = firstSlot; slot <= lastSlot; slot++)
                {
                    if (!_buckets.TryGetValue(new BucketKey(cells[c], slot), out var bucket))
                    {
                        continue;
                    }
                    var items = bucket.Items;
                    for (var i = 0; i < bucket.Count; i++)
                    {
                        ref readonly var held = ref items[i];
                        if (Math.Abs(held.OccurredAtTicks - centre) > _nearTicks
                            || (r > 0 && (held.FeedHash != partner || VisitedEarlier(held, centres[..r], partners)))
                            || IsSameReport(held, signature))
                        {
                            continue;
                        }
                        visitor.Visit(held, ReportComparer.Compare(signature, held, _model.ClockOffsets, cosLatitude));
                    }
                }
            }
        }
    }

    /// <summary>True when an earlier range already visited this held report (range 0 visits every feed, range k only partner k-1).</summary>
    private bool VisitedEarlier(in ReportSignature held, ReadOnlySpan<long> earlier, ReadOnlySpan<(int Hours, uint Partner)> partners)
    {
        for (var k = 0; k < earlier.Length; k++)
        {
            if ((k == 0 || partners[k - 1].Partner == held.FeedHash) && Math.Abs(held.OccurredAtTicks - earlier[k]) <= _nearTicks)
            {
                return true;
            }
        }
        return false;
    }

    private long SlotOf(long ticks) => ticks / _slotTicks;

    private interface ICandidateVisitor
    {
        void Visit(in ReportSignature held, ComparisonVector vector);
    }

    private struct DecisionVisitor(FellegiSunterModel model, double threshold) : ICandidateVisitor
    {
        public List<LinkDecision>? Decisions { get; private set; }

        public void Visit(in ReportSignature held, ComparisonVector vector)
        {
            var weight = model.Weight(vector);
            if (weight >= threshold)
            {
                (Decisions ??= []).Add(new LinkDecision(held.Key, weight, model.BandOf(weight), model.Explain(vector)));
            }
        }
    }

    private readonly struct CollectingVisitor(ICollection<(string OtherKey, ComparisonVector Vector)> into) : ICandidateVisitor
    {
        public void Visit(in ReportSignature held, ComparisonVector vector) => into.Add((held.Key, vector));
    }

    private readonly record struct BucketKey(long Cell, long Slot)
    {
        public bool Equals(BucketKey other) => Cell == other.Cell && Slot == other.Slot;

        public override int GetHashCode() => HashCode.Combine(Cell, Slot);
    }

    private sealed class Bucket
    {
        public ReportSignature[] Items { get; private set; } = new ReportSignature[InitialBucketCapacity];

        public int Count { get; private set; }

        public void Add(in ReportSignature signature)
        {
            if (Count == Items.Length)
            {
                // 1.5x growth: less slack per held report than doubling (memory matters more than copies here).
                var grown = new ReportSignature[Items.Length + Math.Max(2, Items.Length / 2)];
                Array.Copy(Items, grown, Count);
                Items = grown;
            }
            Items[Count++] = signature;
        }
    }
}
