using Pipeline.Cli.Bench;

namespace Pipeline.IntegrationTests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void PercentilesAreNearestRankOverEverySample()
    {
        var histogram = new LatencyHistogram();
        // 1..100 ms, added out of order.
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            histogram.Add(ms);
        }

        Assert.Equal(50, histogram.Percentile(50));
        Assert.Equal(95, histogram.Percentile(95));
        Assert.Equal(99, histogram.Percentile(99));
        Assert.Equal(100, histogram.Percentile(100));
        Assert.Equal(1, histogram.Percentile(0));
        Assert.Equal(100, histogram.Max);
    }

    [Fact]
    public void TheHistogramPutsEachSampleInItsBucketAndSkipsEmptyEnds()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(3);
        histogram.Add(4);
        histogram.Add(15);
        histogram.Add(250_000);

        var lines = histogram.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();

        Assert.Equal("<= 5 ms 2 50.0% " + new string('#', 40), lines[0]);
        Assert.Equal("<= 10 ms 0 0.0%", lines[1]);
        Assert.Equal("<= 20 ms 1 25.0% " + new string('#', 20), lines[2]);
        Assert.Equal("> 100 s 1 25.0% " + new string('#', 20), lines[^1]);
        Assert.Equal(15, lines.Count);
    }

    [Fact]
    public void WithoutSamplesThereAreNoFigures()
    {
        var histogram = new LatencyHistogram();

        Assert.True(double.IsNaN(histogram.Percentile(99)));
        Assert.Equal("  (no samples)\n", histogram.Render());
    }
}
