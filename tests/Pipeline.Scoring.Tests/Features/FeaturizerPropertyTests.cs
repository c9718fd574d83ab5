using FsCheck;
using FsCheck.Fluent;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Redaction;

namespace Pipeline.Scoring.Tests.Features;

public sealed class FeaturizerPropertyTests
{
    private static readonly ReportFeaturizer _featurizer = new();
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly string[] _injected = ProtectedDescriptorLexicon.Descriptors.Values
        .SelectMany(terms => terms)
        .Concat(ProtectedDescriptorLexicon.ProtectedPlaceTerms)
        .Distinct()
        .ToArray();

    // Words of any lexicon entry, colors and the placeholder word: the base narrative avoids them so
    // that "without the term" really has no protected word (colors are redacted only beside a person word).
    private static readonly HashSet<string> _lexiconWords = _injected
        .SelectMany(t => t.Split(' ', '/'))
        .Concat(ProtectedDescriptorLexicon.ColorTerms)
        .Append("redacted")
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Gen<string> _words = Gen.OneOf(
            Gen.Elements("photographed", "gate", "camera", "drone", "asked", "about", "security", "the", "a", "near",
                "parked", "vehicle", "subject", "fence", "substation", "left", "package", "at", "30s", "Tested", "DOOR"),
            Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßİ".ToCharArray())
                .NonEmptyListOf()
                .Select(chars => new string([.. chars])))
        .Where(w => !_lexiconWords.Contains(w));

    // Apostrophes are not separators: a word, an apostrophe and a word are one word.
    private static readonly Gen<string> _separators = Gen.Elements(" ", "  ", ", ", ". ", "\n", " - ", "/", " [", "] ", "\0", "\u202E", "; ");

    private static readonly Gen<(string With, string Without)> _narrativePairs =
        from words in _words.NonEmptyListOf()
        from separators in _separators.ArrayOf(words.Count)
        from injections in Injection(words.Count).ListOf()
        select Build(words, separators, injections);

    [Fact]
    public void AnInjectedProtectedTermNeverChangesTheFeatureVector() =>
        Check.One(_config, Prop.ForAll(Arb.From(_narrativePairs), pair =>
            _featurizer.Featurize(TestReports.Sar(pair.With)).Equals(_featurizer.Featurize(TestReports.Sar(pair.Without)))));

    [Fact]
    public void RedactedTextHoldsNoDescriptorLeftToFind() =>
        Check.One(_config, Prop.ForAll(Arb.From(_narrativePairs), pair =>
            NarrativeRedactor.Default.Redact(NarrativeRedactor.Default.Redact(pair.With).Text).DescriptorCount == 0
            && NarrativeRedactor.Default.Redact(pair.Without).DescriptorCount == 0));

    private static Gen<(int Position, string Term, int Casing)> Injection(int wordCount) =>
        from position in Gen.Choose(0, wordCount)
        from term in Gen.Elements(_injected)
        from casing in Gen.Elements(0, 1, 2)
        select (position, term, casing);

    private static (string With, string Without) Build(
        List<string> words, string[] separators, List<(int Position, string Term, int Casing)> injections)
    {
        var with = new System.Text.StringBuilder();
        var without = new System.Text.StringBuilder();
        for (var i = 0; i <= words.Count; i++)
        {
            foreach (var injection in injections.Where(x => x.Position == i))
            {
                var term = injection.Casing switch
                {
                    0 => injection.Term,
                    1 => injection.Term.ToUpperInvariant(),
                    _ => char.ToUpperInvariant(injection.Term[0]) + injection.Term[1..],
                };
                with.Append(' ').Append(term).Append(' ');
            }
            if (i < words.Count)
            {
                with.Append(words[i]).Append(separators[i]);
                without.Append(words[i]).Append(separators[i]);
            }
        }
        return (with.ToString(), without.ToString());
    }
}
