using Pipeline.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace Pipeline.Scoring.Tests;

public sealed class ScoringPropertyTests
{
    private static readonly LexiconBaselineScorer _scorer = new();
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(500);

    // Narratives built from lexicon words, negations, contrast words and punctuation exercise the
    // matcher far more than arbitrary strings, which rarely contain a phrase.
    private static readonly Gen<string> _narratives = Gen.OneOf(
        Gen.Elements(
                BaselineLexicon.Narrative
                    .SelectMany(e => e.Phrase.Replace("*", "", StringComparison.Ordinal).Split(' '))
                    .Concat(["no", "not", "without", "denied", "but", "then", ".", ",", "\n", "--", "'", "the"])
                    .Distinct()
                    .ToArray())
            .ListOf()
            .Select(words => string.Join(' ', words)),
        ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""));

    private static readonly Gen<string?> _callTypes = Gen.Elements<string?>(
        null, "", "BOMB THREAT", "THREATS", "SUSPICIOUS PERSON", "TRESPASS", "DRONE", "NOISE COMPLAINT");

    [Fact]
    public void ScoresAndPriorityStayInTheUnitInterval() =>
        Check.One(_config, Prop.ForAll(
            Arb.From(_narratives), Arb.From(_callTypes),
            (narrative, callType) =>
            {
                var result = _scorer.Score(TestReports.Sar(narrative, callType, "Energy"));
                return result.Scores.All(s => s.Score is > 0 and <= 1)
                    && result.Priority is >= 0 and <= 1
                    && (result.Scores.Count == 0 || result.Priority >= result.Scores[0].Score);
            }));

    [Fact]
    public void AddingALexiconPhraseNeverLowersAnyScoreAndRaisesItsOwnCategory() =>
        Check.One(_config, Prop.ForAll(
            Arb.From(_narratives), Arb.From(Gen.Elements(BaselineLexicon.Narrative.ToArray())),
            (narrative, entry) =>
            {
                var before = _scorer.Score(TestReports.Sar(narrative));
                var after = _scorer.Score(TestReports.Sar(
                    $"{narrative}. {entry.Phrase.Replace("*", "", StringComparison.Ordinal)}"));
                return IseSarCategories.All.All(c => after.ScoreOf(c.Code) >= before.ScoreOf(c.Code))
                    && after.ScoreOf(entry.Category) > 0
                    && after.Priority >= before.Priority;
            }));
}
