
namespace Pipeline.Scoring.Tests;

public sealed class AlertPolicyTests
{
    private readonly AlertPolicy _policy = new();


    [Fact]
    public void ALawfulLookingPhotographyReportIsHeldForReviewNotAlerted()
    {
        var result = TestReports.Result(0.8, ("PHOTO", 0.8), ("SURVL", 0.3), ("INTRSN", 0.1));

        var decision = _policy.Decide(result);

        Assert.False(decision.Raise);
        Assert.True(decision.HeldForReview);
        Assert.Equal("held: group B only (PHOTO) without a criminal predicate", decision.Reason);
    }

    [Fact]
    public void AGroupBTopCategoryLiftedOverTheThresholdByAWeakGroupAScoreIsHeld()
    {
        // Group B 0.48 and Group A 0.40: neither reaches 0.5 alone, but the priority boost does.
        var decision = _policy.Decide(TestReports.Result(0.53, ("SURVL", 0.48), ("INTRSN", 0.40)));

        Assert.False(decision.Raise);
        Assert.True(decision.HeldForReview);
        Assert.Equal("held: group B only (SURVL) without a criminal predicate", decision.Reason);
    }

    [Fact]
    public void SeveralGroupBCategoriesWithoutAPredicateAreAllNamedInTheHold()
    {
        var decision = _policy.Decide(TestReports.Result(0.9, ("SURVL", 0.9), ("PHOTO", 0.7), ("ELICIT", 0.2)));

        Assert.False(decision.Raise);
        Assert.Equal("held: group B only (SURVL, PHOTO) without a criminal predicate", decision.Reason);
    }

    [Fact]
    public void GroupBWithAGroupACriminalPredicateIsRaised()
    {
        var result = TestReports.Result(0.9, ("THREAT", 0.9), ("PHOTO", 0.8));

        var decision = _policy.Decide(result);

        Assert.True(decision.Raise);
        Assert.False(decision.HeldForReview);
        Assert.StartsWith("raised:", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void APredicateBelowTheAlertThresholdCountsWhenThePolicySaysSo()
    {
        var result = TestReports.Result(0.85, ("PHOTO", 0.8), ("INTRSN", 0.3));

        Assert.False(_policy.Decide(result).Raise);
        Assert.True(new AlertPolicy { PredicateThreshold = 0.25 }.Decide(result).Raise);
    }

    [Fact]
    public void AGroupACategoryAtTheThresholdIsRaisedEvenBelowAStricterPredicateThreshold()
    {
        var decision = new AlertPolicy { PredicateThreshold = 0.9 }.Decide(TestReports.Result(0.7, ("PHOTO", 0.65), ("THREAT", 0.6)));

        Assert.True(decision.Raise);
    }

    [Fact]
    public void AGroupAReportAtTheThresholdIsRaisedWithItsPriorityInTheReason()
    {
        var result = TestReports.Result(0.62, ("THREAT", 0.62));

        var decision = _policy.Decide(result);

        Assert.True(decision.Raise);
        Assert.Equal(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"raised: priority {result.Priority:0.00} >= threshold 0.50, top THREAT"),
            decision.Reason);
    }

    [Fact]
    public void AReportBelowTheThresholdIsNotRaisedAndNotHeld()
    {
        var decision = _policy.Decide(TestReports.Result(0.3, ("THREAT", 0.3)));

        Assert.False(decision.Raise);
        Assert.False(decision.HeldForReview);
        Assert.Equal("not raised: priority 0.30 < threshold 0.50", decision.Reason);
    }

    [Fact]
    public void AnEmptyResultIsNotRaised() =>
        Assert.False(_policy.Decide(ScoringResult.Empty).Raise);

    [Fact]
    public void TheThresholdIsConfigurable()
    {
        var result = TestReports.Result(0.6, ("THREAT", 0.6));

        Assert.True(_policy.Decide(result).Raise);
        Assert.False(new AlertPolicy { Threshold = 0.7 }.Decide(result).Raise);
    }

    [Fact]
    public void AnUnknownCategoryCanNeverBeACriminalPredicate()
    {
        var decision = _policy.Decide(TestReports.Result(0.9, ("FUTURE", 0.9)));

        Assert.False(decision.Raise);
        Assert.True(decision.HeldForReview);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void ThresholdsOutsideTheUnitIntervalAreRejected(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPolicy { Threshold = value });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPolicy { PredicateThreshold = value });
    }
}
