namespace Pipeline.Fairness.Tests;

public sealed class AliasTableTests
{
    [Fact]
    public void SplitMix64FromStateZeroGivesThePublishedFirstOutputs()
    {
        ulong state = 0;

        ulong[] outputs = [.. Enumerable.Range(0, 4).Select(_ => Xoshiro256StarStar.SplitMix64(ref state))];

        Assert.Equal([0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC], outputs);
    }

    [Fact]
    public void XoshiroSeededThroughSplitMix64WithZeroGivesThePublishedFirstOutputs()
    {
        var random = new Xoshiro256StarStar(0);

        ulong[] outputs = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];

        Assert.Equal([0x99EC5F36CB75F2B4, 0xBF6E1F784956452A, 0x1A5F849D4933E6E0, 0x6AA594F1262D2D2C, 0xBBA5AD4A1F842E59], outputs);
    }

    [Fact]
    public void EachSeedAndStreamHasItsOwnRepeatableSequence()
    {
        static ulong[] First(Xoshiro256StarStar random) => [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];

        var a = First(Xoshiro256StarStar.ForStream(7, 0));

        Assert.Equal(a, First(Xoshiro256StarStar.ForStream(7, 0)));
        Assert.NotEqual(a, First(Xoshiro256StarStar.ForStream(7, 1)));
        Assert.NotEqual(a, First(Xoshiro256StarStar.ForStream(8, 0)));
        Assert.NotEqual(First(Xoshiro256StarStar.ForStream(-1, 0)), First(Xoshiro256StarStar.ForStream(0, -1)));
    }

    [Fact]
    public void UniformDoublesHaveTheMeanAndVarianceOfTheUnitInterval()
    {
        var random = Xoshiro256StarStar.ForStream(3, 0);
        const int n = 1_000_000;
        double sum = 0, squares = 0;
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            sum += u;
            squares += u * u;
        }

        var mean = sum / n;
        // Standard error of the mean is sqrt(1/12 / n), about 0.0003; variance 1/12.
        Assert.InRange(mean, 0.5 - 0.0015, 0.5 + 0.0015);
        Assert.InRange((squares / n) - (mean * mean), (1.0 / 12) - 0.002, (1.0 / 12) + 0.002);
    }

    [Fact]
    public void TalliedDrawsMatchTheCountsAndNeverPickAnEmptyIndex()
    {
        long[] counts = [0, 1, 10, 100, 1000, 8889, 0, 250];
        var total = (double)counts.Sum();
        var table = AliasTable.FromCounts(counts);
        var random = Xoshiro256StarStar.ForStream(11, 0);
        var tally = new int[counts.Length];
        const int draws = 2_000_000;

        table.Tally(ref random, draws, tally);

        Assert.Equal(draws, tally.Sum());
        for (var i = 0; i < counts.Length; i++)
        {
            var p = counts[i] / total;
            var expected = draws * p;
            // Five standard deviations of a binomial count, plus one for the tiny cells.
            var tolerance = (5 * Math.Sqrt(draws * p * (1 - p))) + 1;
            Assert.InRange(tally[i], expected - tolerance, expected + tolerance);
        }

        Assert.Equal(0, tally[0]);
        Assert.Equal(0, tally[6]);
    }

    [Fact]
    public void SingleDrawsFollowTheCountsToo()
    {
        var table = AliasTable.FromCounts([3, 1]);
        var random = Xoshiro256StarStar.ForStream(5, 2);
        const int draws = 200_000;

        var zeros = 0;
        for (var i = 0; i < draws; i++)
        {
            zeros += table.Sample(ref random) == 0 ? 1 : 0;
        }

        // 0.75 with a standard error of about 0.001.
        Assert.InRange(zeros / (double)draws, 0.745, 0.755);
    }

    [Fact]
    public void OneIndexIsAlwaysDrawn()
    {
        var table = AliasTable.FromCounts([42]);
        var random = Xoshiro256StarStar.ForStream(1, 1);
        var tally = new int[1];

        table.Tally(ref random, 1000, tally);

        Assert.Equal(1000, tally[0]);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void CountsThatCannotBeDrawnFromAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AliasTable.FromCounts([]));
        Assert.Throws<ArgumentException>(() => AliasTable.FromCounts([0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AliasTable.FromCounts([5, -1]));
    }
}
