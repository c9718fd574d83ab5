using Pipeline.Contracts;

namespace Pipeline.WatchDesk.Tests;

public sealed class NarrativeHighlightsTests
{
    [Fact]
    public void APhraseIsMarkedAsAWholeWordInAnyCaseAndNeverInsideALongerWord()
    {
        const string narrative = "Caller said THREAT twice; he threatened staff. A threat, again.";
        var explanation = new[] { new ScoreEvidence("THREAT", "narrative:\"threat\"", 1.2) };

        var found = NarrativeHighlights.Find(narrative, explanation);

        Assert.Equal([(12, 6), (49, 6)], found.Select(h => (h.Start, h.Length)));
        Assert.All(found, h => Assert.Equal("threat", narrative.Substring(h.Start, h.Length), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void OverlappingPhrasesKeepTheEarliestLongestAndStructuredFeaturesAreIgnored()
    {
        const string narrative = "He said he would blow up the bridge.";
        var explanation = new[]
        {
            new ScoreEvidence("THREAT", "narrative:\"blow up\"", 2.0),
            new ScoreEvidence("THREAT", "narrative:\"up\"", 0.3),
            new ScoreEvidence("THREAT", "call-type:\"BOMB THREAT\"", 1.0),
        };

        var found = NarrativeHighlights.Find(narrative, explanation);

        Assert.Equal([(17, 7)], found.Select(h => (h.Start, h.Length)));
    }
}
