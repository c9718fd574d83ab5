using System.Runtime.CompilerServices;

namespace Pipeline.Fairness;

/// <summary>
/// Walker's alias method, built with Vose's two-list construction: draws an index with probability
/// proportional to its count in O(1), one 64-bit random number per draw.
/// </summary>
/// <remarks>
/// The table has one column per index, each holding the mass of one index out of k. A column keeps
/// its own index below a threshold and gives the rest to an alias. The construction is exact
/// integer arithmetic (counts scaled by k against a column capacity of the total count), so rounding
/// never leaves mass behind. A draw takes 64 random bits x: the high 64 bits of x·k pick the column,
/// and the low 64 bits, which are uniform within the column to 1 part in 2^64 / k, are the coin
/// compared with the column's threshold.
/// </remarks>
internal sealed class AliasTable
{
    // Threshold as a 63-bit fraction: the column keeps its index when the coin is below it.
    private readonly long[] _threshold;
    private readonly int[] _alias;

    private AliasTable(long[] threshold, int[] alias)
    {
        _threshold = threshold;
        _alias = alias;
    }

    /// <summary>Number of indices.</summary>
    public int Count => _alias.Length;

    /// <summary>The table of <paramref name="counts"/>: index i is drawn with probability counts[i] / sum.</summary>
    /// <param name="counts">Non-negative counts with a positive sum.</param>
    /// <returns>The table.</returns>
    public static AliasTable FromCounts(ReadOnlySpan<long> counts)
    {
        var k = counts.Length;
        ArgumentOutOfRangeException.ThrowIfZero(k, nameof(counts));
        Int128 total = 0;
        foreach (var c in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(counts));
            total += c;
        }

        if (total == 0)
        {
            throw new ArgumentException("Counts must have a positive sum.", nameof(counts));
        }

        // Column capacity is the total; index i brings counts[i] * k of it. Int128 keeps the
        // products exact for any count a list can hold.
        var weight = new Int128[k];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < k; i++)
        {
            weight[i] = (Int128)counts[i] * k;
            (weight[i] < total ? small : large).Push(i);
        }

        var threshold = new long[k];
        var alias = new int[k];
        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            // weight[s] < total, so the fraction is below 1 and fits in 63 bits.
            threshold[s] = (long)((UInt128)weight[s] * (UInt128.One << 63) / (UInt128)total);
            alias[s] = l;
            weight[l] -= total - weight[s];
            (weight[l] < total ? small : large).Push(l);
        }

        // Whatever is left holds exactly a full column (the integer construction leaves no
        // rounding debt): it always keeps its own index.
        foreach (var rest in large.Concat(small))
        {
            threshold[rest] = long.MaxValue;
            alias[rest] = rest;
        }

        return new AliasTable(threshold, alias);
    }

    /// <summary>One index.</summary>
    /// <param name="random">The generator, advanced by one draw.</param>
    /// <returns>An index in [0, <see cref="Count"/>).</returns>
    public int Sample(ref Xoshiro256StarStar random) => Pick(random.NextUInt64(), (ulong)_alias.Length, _threshold, _alias);

    /// <summary>Adds <paramref name="draws"/> draws to <paramref name="counts"/> (one slot per index).</summary>
    /// <param name="random">The generator, advanced by <paramref name="draws"/> draws.</param>
    /// <param name="draws">How many indices to draw.</param>
    /// <param name="counts">Per-index tallies, at least <see cref="Count"/> long; added to, not cleared.</param>
    public void Tally(ref Xoshiro256StarStar random, int draws, Span<int> counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(counts.Length, _alias.Length, nameof(counts));
        var k = (ulong)_alias.Length;
        var threshold = _threshold;
        var alias = _alias;
        // A local copy lets the JIT keep the generator's four words in registers for the loop.
        var local = random;
        for (var i = 0; i < draws; i++)
        {
            counts[Pick(local.NextUInt64(), k, threshold, alias)]++;
        }

        random = local;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pick(ulong bits, ulong k, long[] threshold, int[] alias)
    {
        var column = (int)Math.BigMul(bits, k, out var low);
        var other = alias[column];
        // Both are below 2^63, so the difference is negative exactly when the coin is below the
        // threshold: its sign, spread over the word, keeps the column; otherwise the alias.
        var keep = (int)(((long)(low >> 1) - threshold[column]) >> 63);
        return other ^ ((column ^ other) & keep);
    }
}
