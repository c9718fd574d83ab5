using FsCheck;
using FsCheck.Fluent;

namespace Pipeline.Fairness.Tests;

public sealed class RateIntervalTests
{
    [Fact]
    public void WilsonIntervalOfEightInTenMatchesTheHandComputedBounds()
    {
        var rate = RateInterval.Wilson(8, 10);

        Assert.True(rate.IsDefined);
        Assert.Equal(0.8, rate.Value, 12);
        Assert.Equal(0.4902, rate.Lower, 4);
        Assert.Equal(0.9433, rate.Upper, 4);
    }

    [Fact]
    public void ZeroDenominatorGivesAnUndefinedRateNotZero()
    {
        var rate = RateInterval.Wilson(0, 0);

        Assert.False(rate.IsDefined);
        Assert.True(double.IsNaN(rate.Value));
        Assert.True(double.IsNaN(rate.Lower));
        Assert.True(double.IsNaN(rate.Upper));
    }

    [Fact]
    public void WilsonIntervalAlwaysContainsTheRateAndStaysInsideZeroAndOne() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(
            Arb.From(Gen.Choose(1, 100_000).SelectMany(n => Gen.Choose(0, n).Select(k => (k, n)))),
            pair =>
            {
                var rate = RateInterval.Wilson(pair.k, pair.n);
                return rate.Lower >= 0 && rate.Upper <= 1 && rate.Lower <= rate.Value && rate.Value <= rate.Upper;
            }));
}
