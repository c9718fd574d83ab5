using Pipeline.Contracts;

namespace Pipeline.Scoring.Tests;

public sealed class DecisionHooksTests
{
    private static DecisionEvent Event() => new(
        TestReports.Sar("Subject threatened to bomb the substation."),
        new ScoringResult([new CategoryScore("THREAT", 0.9)], 0.9, "THREAT", []),
        new AlertDecision(true, "raised"),
        "test-model",
        new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void EveryRegisteredHookIsToldOfEachDecisionWithTheProtectedAttributesForTheAudit()
    {
        var first = new RecordingHook();
        var second = new RecordingHook();
        var hooks = new DecisionHooks([first, second]);
        var decision = Event() with { Report = Event().Report with { Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = "W" }) } };

        Assert.Equal(0, hooks.Notify(decision));

        Assert.Same(decision, Assert.Single(first.Seen));
        Assert.Same(decision, Assert.Single(second.Seen));
        Assert.Equal("W", first.Seen[0].Report.Protected.Values["race"]);
    }

    [Fact]
    public void AHookThatThrowsIsCountedAndTheOthersStillHear()
    {
        var after = new RecordingHook();
        var hooks = new DecisionHooks([new ThrowingHook(), after]);

        Assert.Equal(1, hooks.Notify(Event()));

        Assert.Single(after.Seen);
    }

    [Fact]
    public void WithNoHookRegisteredNothingHappens()
    {
        var hooks = new DecisionHooks([]);

        Assert.Equal((0, 0), (hooks.Count, hooks.Notify(Event())));
    }

    private sealed class RecordingHook : IDecisionHook
    {
        public List<DecisionEvent> Seen { get; } = [];

        public void OnDecision(DecisionEvent decision) => Seen.Add(decision);
    }

    private sealed class ThrowingHook : IDecisionHook
    {
        public void OnDecision(DecisionEvent decision) => throw new InvalidOperationException("audit store down");
    }
}
