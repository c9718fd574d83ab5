using Pipeline.Scoring.Guardrails;

namespace Pipeline.Scoring.Tests;

public sealed class FirstAmendmentGuardrailTests
{
    private readonly AlertPolicy _policy = new();


    [Theory]
    [InlineData("Group of protesters photographed the federal building entrance during the rally.", new[] { ProtectedActivityKind.Assembly })]
    [InlineData("Man handing out pamphlets and chanting outside city hall, photographed officers.", new[] { ProtectedActivityKind.Speech })]
    [InlineData("Worshippers leaving Friday prayers at the mosque were photographed from a parked car.", new[] { ProtectedActivityKind.Worship })]
    [InlineData("A reporter with a news crew filmed the substation gate.", new[] { ProtectedActivityKind.Press })]
    [InlineData("Demonstrators marched past the church while a journalist took pictures.", new[] { ProtectedActivityKind.Assembly, ProtectedActivityKind.Worship, ProtectedActivityKind.Press })]
    [InlineData("Subject photographed the badge readers and fled when approached.", new ProtectedActivityKind[0])]
    [InlineData("There was no protest and no rally at the site.", new ProtectedActivityKind[0])]
    [InlineData("", new ProtectedActivityKind[0])]
    public void ProtectedActivityIsFoundByKind(string narrative, ProtectedActivityKind[] expected)
    {
        Assert.Equal(expected, ProtectedActivity.Detect(narrative));
    }

    [Fact]
    public void AGroupBOnlyReportDescribingAProtestIsHeldForSupervisorReviewWithTheReason()
    {
        var decision = _policy.Decide(TestReports.Result(0.8, ("PHOTO", 0.8)), "Protesters photographed the security cameras during the march.");

        Assert.False(decision.Raise);
        Assert.True(decision.HeldForReview);
        Assert.True(decision.SupervisorReview);
        Assert.Equal("held for supervisor review (First Amendment): group B only (PHOTO) describing protected activity (assembly) without a criminal predicate", decision.Reason);
    }

    [Fact]
    public void AGroupBOnlyReportWithoutProtectedActivityIsHeldForTheAnalystAsBefore()
    {
        var decision = _policy.Decide(TestReports.Result(0.8, ("PHOTO", 0.8)), "Subject photographed the security cameras with a telephoto lens.");

        Assert.True(decision.HeldForReview);
        Assert.False(decision.SupervisorReview);
        Assert.Equal("held: group B only (PHOTO) without a criminal predicate", decision.Reason);
    }

    [Fact]
    public void ACriminalPredicateAtAProtestIsStillRaised()
    {
        // Protected activity does not shield a crime: a Group A threat at a rally is alerted.
        var decision = _policy.Decide(TestReports.Result(0.9, ("THREAT", 0.9), ("PHOTO", 0.7)), "At the rally a man threatened to bomb the courthouse.");

        Assert.True(decision.Raise);
        Assert.False(decision.SupervisorReview);
    }

    [Fact]
    public void HostileNarrativesNeverThrow()
    {
        Assert.Empty(ProtectedActivity.Detect(new string('x', 100_000) + "\0\u202E"));
        Assert.Equal([ProtectedActivityKind.Assembly], ProtectedActivity.Detect(string.Concat(Enumerable.Repeat("protest ", 20_000))));
    }
}
