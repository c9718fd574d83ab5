using FsCheck;
using FsCheck.Fluent;
using Pipeline.Contracts;
using Pipeline.Scoring.Model;
using Pipeline.Scoring.Redaction;

namespace Pipeline.Scoring.Tests.Model;

/// <summary>The model shipped in infra/models/, as every fresh deployment first scores with it.</summary>
public sealed class ShippedModelTests
{
    private static readonly Lazy<ModelScorer> _scorer = new(() => new ModelScorer(ModelArtifact.Load(BaselinePath())));
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(200);
    private static readonly AlertPolicy _policy = new();

    private static readonly string[] _descriptors = [.. ProtectedDescriptorLexicon.Descriptors.Values.SelectMany(terms => terms).Distinct()];

    private static string BaselinePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "infra", "models", "baseline" + ModelArtifact.Extension);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("infra/models/baseline.isesar not found above the test folder");
    }

    [Fact]
    public void TheExplanationIsEachNamesSummedContributionTopEightPerFlaggedCategory()
    {
        // The definition, written plainly: per category, every hit's weight × value summed by
        // name in hit order, positive sums only, largest first, ties by name, eight at most.
        var scorer = _scorer.Value;
        var reports = new Pipeline.Scoring.Training.NarrativeGenerator(new Pipeline.Scoring.Training.NarrativeGeneratorOptions { Seed = 5 }).Generate(2_000).Select(l => l.Report);
        var explained = 0;
        foreach (var report in reports)
        {
            var result = scorer.Score(report);
            var hits = scorer.Model.Featurizer.Explain(report);
            var expected = new List<ScoreEvidence>();
            IEnumerable<string> categories = result.Flagged.Count > 0 ? result.Flagged : [result.TopCategory!];
            foreach (var code in categories)
            {
                var c = IseSarCategories.IndexOf(code);
                var byName = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var hit in hits)
                {
                    byName[hit.Name] = byName.GetValueOrDefault(hit.Name) + ((double)scorer.Model.Weight(hit.Index, c) * hit.Value);
                }
                expected.AddRange(byName.Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(8)
                    .Select(p => new ScoreEvidence(code, p.Key, Math.Round(p.Value, 4))));
            }
            var actual = scorer.Explain(report, result);
            Assert.Equal(expected, actual);
            explained += actual.Count;
        }
        Assert.True(explained > 2_000 * 4, $"only {explained} pieces of evidence");
    }

    [Fact]
    public void AnyTextScoresToSixteenProbabilitiesWithoutThrowing() =>
        Check.One(_config, Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")), text =>
        {
            var result = _scorer.Value.Score(TestReports.Sar(text, "SUSPICIOUS PERSON"));
            var decision = _policy.Decide(result, text);
            return result.Scores.Count == 16
                && result.Scores.All(s => s.Score is >= 0 and <= 1)
                && result.Priority is >= 0 and <= 1
                && decision.Reason.Length > 0;
        }));

    [Fact]
    public void HostileAndHugeNarrativesScoreAndExplainWithoutThrowing()
    {
        string[] hostile =
        [
            new string('A', ReportLimits.Narrative),
            string.Concat(Enumerable.Repeat("<script>alert(1)</script> ", 2_000)),
            "'; DROP TABLE reports; -- \0\0\u202E\uFEFF",
            "\uD800 lone surrogate \uDFFF",
            string.Concat(Enumerable.Repeat("bomb ", 10_000)),
            "",
        ];
        foreach (var text in hostile)
        {
            var report = TestReports.Sar(text);
            var result = _scorer.Value.Score(report);
            Assert.Equal(16, result.Scores.Count);
            Assert.NotNull(_scorer.Value.Explain(report, result));
        }
    }

    [Fact]
    public void ADescriptorOfAPersonAnywhereInTheNarrativeChangesNoScoreAndNeverAppearsInTheExplanation()
    {
        const string narrative = "Subject was photographing the gate cameras from a parked car and drove off when security approached.";
        var words = narrative.Split(' ');
        var baseline = _scorer.Value.Score(TestReports.Sar(narrative));
        foreach (var descriptor in _descriptors)
        {
            var position = Math.Abs(descriptor.GetHashCode(StringComparison.Ordinal)) % (words.Length + 1);
            var withDescriptor = string.Join(' ', words[..position].Append(descriptor).Concat(words[position..]));
            var report = TestReports.Sar(withDescriptor);

            var result = _scorer.Value.Score(report);

            Assert.Equal(baseline.Scores, result.Scores);
            Assert.DoesNotContain(_scorer.Value.Explain(report, result), e => e.Feature.Contains(descriptor, StringComparison.OrdinalIgnoreCase) && !narrative.Contains(descriptor, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void ProtectedAttributesAndPrivacyFieldsChangeNothing()
    {
        var report = TestReports.Sar("A man said he would bring a gun to the clerk's office and shoot everyone.");
        var withEverything = report with
        {
            Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = "B", ["religion"] = "Muslim", ["sex"] = "M" }),
            Privacy = new PrivacyFields(["John Doe, DOB 1980-01-01"], ["ABC123 CA"]),
        };

        Assert.Equal(_scorer.Value.Score(report).Scores, _scorer.Value.Score(withEverything).Scores);
    }

    [Theory]
    [InlineData("Caller states a man in the lobby said he would come back with a gun and shoot everyone in the clerk's office.", "THREAT")]
    [InlineData("RP ADV UNK SUBJ CUT THE FENCE AT THE SUBSTATION AND SMASHED THE TRANSFORMER GAUGES", "SABOT")]
    [InlineData("A drone was flying over the stadium during the game and dropping leaflets near the crowd.", "AVIATION")]
    public void ClearReportsOfAGroupACategoryAreFlaggedAndAlerted(string narrative, string category)
    {
        var result = _scorer.Value.Score(TestReports.Sar(narrative));

        Assert.Contains(category, result.Flagged);
        Assert.True(_policy.Decide(result, narrative).Raise);
    }

    [Theory]
    [InlineData("Officer found a pipe bomb with wires and a timer in a backpack left in the bushes behind the library.", "WPNS")]
    [InlineData("Man with a telephoto lens photographed the badge readers and the camera positions at the plant gate, then hid the camera when the guard came over.", "PHOTO")]
    public void ClearReportsOfAGroupBCategoryAloneAreFlaggedAndHeldForReviewNotAlerted(string narrative, string category)
    {
        var result = _scorer.Value.Score(TestReports.Sar(narrative));
        var decision = _policy.Decide(result, narrative);

        Assert.Contains(category, result.Flagged);
        Assert.False(decision.Raise);
        Assert.True(decision.HeldForReview);
    }

    [Theory]
    [InlineData("Tourists took pictures of the capitol dome and the statues, then walked on to the museum.")]
    [InlineData("About 200 people marched peacefully from the park to city hall with signs; permit on file, no arrests.")]
    [InlineData("Neighbor reports loud music from the house next door after midnight.")]
    public void RoutineAndLawfulActivityIsNotAlerted(string narrative)
    {
        var result = _scorer.Value.Score(TestReports.Sar(narrative));

        Assert.False(_policy.Decide(result, narrative).Raise);
    }
}
