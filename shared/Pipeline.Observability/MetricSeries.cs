namespace Pipeline.Observability;

/// <summary>
/// The running aggregate of one instrument for one tag set. Every update is a single interlocked
/// operation, so recording threads never block each other or a scrape.
/// </summary>
internal sealed class MetricSeries(string labels, int bucketCount)
{
    // Integer measurements are summed exactly in a long; floating ones in a double beside it.
    private long _integerSum;
    private double _floatingSum;
    private double _lastValue;
    private long _generation;
    private readonly long[] _buckets = bucketCount > 0 ? new long[bucketCount] : [];

    /// <summary>The label set, pre-rendered: <c>a="x",b="y"</c> (empty when there are no tags).</summary>
    public string Labels { get; } = labels;

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public double Sum => Volatile.Read(ref _integerSum) + Volatile.Read(ref _floatingSum);

    public double LastValue => Volatile.Read(ref _lastValue);

    public void Add(long value) => Interlocked.Add(ref _integerSum, value);

    public void Add(double value)
    {
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _floatingSum);
            updated = initial + value;
        }
        // Compare bits, not values: NaN != NaN would otherwise spin forever.
        while (BitConverter.DoubleToInt64Bits(Interlocked.CompareExchange(ref _floatingSum, updated, initial))
               != BitConverter.DoubleToInt64Bits(initial));
    }

    public void Set(double value, long generation)
    {
        Volatile.Write(ref _lastValue, value);
        Volatile.Write(ref _generation, generation);
    }

    public void Count(int bucket) => Interlocked.Increment(ref _buckets[bucket]);

    /// <summary>Per-bucket (not cumulative) counts; the last bucket is +Inf.</summary>
    public long[] SnapshotBuckets()
    {
        var copy = new long[_buckets.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _buckets[i]);
        }

        return copy;
    }
}
