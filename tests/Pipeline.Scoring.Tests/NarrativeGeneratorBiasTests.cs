using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Redaction;
using Pipeline.Scoring.Training;

namespace Pipeline.Scoring.Tests;

public sealed class NarrativeGeneratorBiasTests
{
    // SHA-256 of Fingerprint() over the sequences below, computed before ProxyPlaces and LabelBias
    // existed. The shipped model is rebuilt from the default sequence and checked byte for byte, so
    // these must never change: a new option has to draw from random streams of its own.
    private const string DefaultSequenceHash = "AC44D200C8D37A1A55036C2E6EE1AFCC69508C58897FC91DD53F5FDAFE18F2C6";
    private const string OtherSequenceHash = "5FD8DBC731FFD62F7C79EC93E4326A5633A7505DB432A8B82613F9DC6F9B5CD1";

    private const int Many = 20_000;

    private static readonly NarrativeGeneratorOptions _other = new() { Seed = 42, Split = TemplateSplit.All, CadFraction = 0.7 };

    private static List<LabelledReport> Generate(int count, NarrativeGeneratorOptions? options = null) =>
        [.. new NarrativeGenerator(options).Generate(count)];

    private static string Race(LabelledReport report) => report.Report.Protected.Values["race"];

    [Fact]
    public void DefaultOptionsGiveTheSequencePinnedBeforeTheBiasOptionsExisted()
    {
        Assert.Equal(DefaultSequenceHash, Fingerprint(Generate(2000)));
        Assert.Equal(OtherSequenceHash, Fingerprint(Generate(1000, _other)));
    }

    [Fact]
    public void ExplicitlyDisabledOptionsAndARateOfZeroGiveTheUnbiasedSequence()
    {
        var off = Generate(2000, new NarrativeGeneratorOptions { ProxyPlaces = false, LabelBias = null });
        var zero = Generate(2000, new NarrativeGeneratorOptions { LabelBias = new LabelBias("race", "B", 0) });

        Assert.Equal(DefaultSequenceHash, Fingerprint(off));
        Assert.Equal(DefaultSequenceHash, Fingerprint(zero));
        Assert.All(zero, r => Assert.False(r.LabelSkewed));
        Assert.All(zero, r => Assert.Same(r.Categories, r.TrueCategories));
    }

    [Fact]
    public void ProxyPlacesAreNeverMentionedByDefault()
    {
        var reports = Generate(5000);

        Assert.DoesNotContain(reports, r => PlacesIn(r.Report.Narrative).Count > 0);
    }

    [Fact]
    public void ProxyPlacesChangeTheNarrativesAndNothingElse()
    {
        var plain = Generate(5000, _other);
        var placed = Generate(5000, _other with { ProxyPlaces = true });

        for (var i = 0; i < plain.Count; i++)
        {
            Assert.NotEqual(plain[i].Report.Narrative, placed[i].Report.Narrative);
            Assert.Equal(Comparable(plain[i].Report), Comparable(placed[i].Report));
            Assert.Equal(plain[i].Report.Protected.Values, placed[i].Report.Protected.Values);
            Assert.Equal(plain[i].Categories, placed[i].Categories);
            Assert.Equal(plain[i].TemplateId, placed[i].TemplateId);
            Assert.Equal(plain[i].HardNegative, placed[i].HardNegative);
        }

        static Report Comparable(Report report) => report with { Narrative = "", Protected = ProtectedAttributes.None };
    }

    [Fact]
    public void WithProxyPlacesEveryNarrativeMentionsExactlyOnePlaceOnce()
    {
        // Many status-only CAD notes, to show they carry the place too.
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 3, ProxyPlaces = true, TypoRate = 0, CallTypeOnlyRate = 0.5 });

        Assert.Contains(reports, r => r.Report.Narrative.StartsWith("UTL - ", StringComparison.Ordinal));
        Assert.All(reports, r =>
        {
            var places = PlacesIn(r.Report.Narrative);
            var place = Assert.Single(places);
            Assert.Equal(1, Occurrences(r.Report.Narrative, place));
        });
    }

    [Fact]
    public void ProxyPlaceDistributionDependsOnRace()
    {
        var reports = Generate(Many, new NarrativeGeneratorOptions { Seed = 11, ProxyPlaces = true, TypoRate = 0 });
        var byRace = reports.GroupBy(Race).ToDictionary(g => g.Key, g => g.Select(r => PlacesIn(r.Report.Narrative).Single()).ToList());
        var homes = new Dictionary<string, HashSet<string>>();

        foreach (var (race, places) in byRace)
        {
            Assert.True(places.Count >= 500, $"race {race} has only {places.Count} reports");
            var topTwo = places.GroupBy(p => p).OrderByDescending(g => g.Count()).Take(2).ToList();
            var share = topTwo.Sum(g => g.Count()) / (double)places.Count;
            // 0.7 expected; at 500 reports or more 0.6 is more than four standard errors away.
            Assert.True(share >= 0.6, $"race {race}: its two commonest places have {share:P1} of its reports");
            homes[race] = [.. topTwo.Select(g => g.Key)];
        }
        foreach (var (race, home) in homes)
        {
            Assert.All(homes.Where(h => h.Key != race), other => Assert.Empty(home.Intersect(other.Value)));
            var elsewhere = reports.Where(r => Race(r) != race).ToList();
            var shareElsewhere = elsewhere.Count(r => home.Contains(PlacesIn(r.Report.Narrative).Single())) / (double)elsewhere.Count;
            // 0.06 expected: each place has 3 % of every other group's reports.
            Assert.True(shareElsewhere < 0.1, $"race {race}'s home places have {shareElsewhere:P1} of the other groups' reports");
        }
    }

    [Fact]
    public void ProxyPlaceIsIndependentOfTheLabelWithinEachRace()
    {
        var reports = Generate(Many, new NarrativeGeneratorOptions { Seed = 11, ProxyPlaces = true, TypoRate = 0 });

        foreach (var group in reports.GroupBy(Race).Where(g => g.Count() >= 2000))
        {
            var table = new double[2, ProxyPlaces.Names.Length];
            foreach (var report in group)
            {
                table[report.Categories.Count > 0 ? 1 : 0, Array.IndexOf(ProxyPlaces.Names, PlacesIn(report.Report.Narrative).Single())]++;
            }
            // 31.26 is the 0.999 quantile of chi-square with 11 degrees of freedom.
            var statistic = ChiSquare(table);
            Assert.True(statistic < 31.26, $"race {group.Key}: chi-square of label by place is {statistic:F1}");
        }
    }

    [Fact]
    public void PlaceNamesAndPhrasesSurviveRedactionAndReachTheFeatures()
    {
        var lexicon = ProtectedDescriptorLexicon.ProtectedPlaceTerms.Concat(ProtectedDescriptorLexicon.ColorTerms)
            .Concat(ProtectedDescriptorLexicon.PersonWords).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var featurizer = new ReportFeaturizer();
        var vectors = new List<SparseFeatureVector>();
        foreach (var name in ProxyPlaces.Names)
        {
            Assert.DoesNotContain(name.Split(' '), lexicon.Contains);
            foreach (var phrase in ProxyPlaces.SarPhrases.Concat(ProxyPlaces.CadPhrases))
            {
                var text = string.Format(CultureInfo.InvariantCulture, phrase, name);
                foreach (var cased in new[] { text, text.ToUpperInvariant(), text.ToLowerInvariant() })
                {
                    var redacted = NarrativeRedactor.Default.Redact(cased);
                    Assert.Equal(0, redacted.DescriptorCount);
                    Assert.Equal(cased, redacted.Text);
                }
            }
            vectors.Add(featurizer.Featurize(TestReports.Sar($"Unit checked the gate. The call came from {name}.")));
        }
        vectors.Add(featurizer.Featurize(TestReports.Sar("Unit checked the gate. The call came from.")));

        Assert.Equal(vectors.Count, vectors.Distinct().Count());
    }

    [Fact]
    public void LabelBiasSkewsOnlyTheNegativesOfTheNamedGroupAtAboutTheRate()
    {
        var unbiased = Generate(Many, new NarrativeGeneratorOptions { Seed = 1, ProxyPlaces = true });
        var biased = Generate(Many, new NarrativeGeneratorOptions { Seed = 1, ProxyPlaces = true, LabelBias = new LabelBias("race", "B", 0.3) });

        var groupNegatives = 0;
        var skewed = 0;
        for (var i = 0; i < unbiased.Count; i++)
        {
            var truth = unbiased[i];
            var recorded = biased[i];
            Assert.Equal(truth.Report.Narrative, recorded.Report.Narrative);
            Assert.Equal(truth.Report.Protected.Values, recorded.Report.Protected.Values);
            Assert.Equal(truth.TemplateId, recorded.TemplateId);
            Assert.Equal(truth.HardNegative, recorded.HardNegative);
            Assert.Equal(truth.Categories, recorded.TrueCategories);
            if (Race(truth) != "B" || truth.Categories.Count > 0)
            {
                Assert.Equal(truth.Categories, recorded.Categories);
                Assert.False(recorded.LabelSkewed);
                continue;
            }
            groupNegatives++;
            if (recorded.LabelSkewed)
            {
                skewed++;
                Assert.Empty(recorded.TrueCategories);
                var category = Assert.Single(recorded.Categories);
                Assert.NotNull(IseSarCategories.Find(category));
            }
            else
            {
                Assert.Empty(recorded.Categories);
            }
        }

        // About 1,500 negatives of the group: 0.3 ± 0.05 is more than four standard errors wide.
        Assert.True(groupNegatives > 1000, $"only {groupNegatives} negatives of the group");
        Assert.InRange(skewed / (double)groupNegatives, 0.25, 0.35);
        var group = biased.Where(r => Race(r) == "B").ToList();
        var truePositiveRate = group.Count(r => r.TrueCategories.Count > 0) / (double)group.Count;
        var recordedPositiveRate = group.Count(r => r.Categories.Count > 0) / (double)group.Count;
        Assert.InRange(recordedPositiveRate - truePositiveRate, (0.3 * (1 - truePositiveRate)) - 0.03, (0.3 * (1 - truePositiveRate)) + 0.03);
    }

    [Fact]
    public void SkewedLabelsFollowTheCategoryDistributionUnlessOneCategoryIsNamed()
    {
        var drawn = Generate(Many, new NarrativeGeneratorOptions { LabelBias = new LabelBias("race", "W", 1) }).Where(r => r.LabelSkewed).ToList();
        var named = Generate(Many, new NarrativeGeneratorOptions { LabelBias = new LabelBias("race", "W", 1, "survl") }).Where(r => r.LabelSkewed).ToList();

        Assert.True(drawn.Count > 2000, $"only {drawn.Count} skewed reports");
        var counts = drawn.GroupBy(r => r.Categories.Single()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(IseSarCategories.All.Count, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c / (double)drawn.Count, 0.03, 0.10));
        Assert.Equal(drawn.Count, named.Count);
        Assert.All(named, r => Assert.Equal(new[] { IseSarCategories.Surveillance }, r.Categories));
    }

    [Fact]
    public void ARateOfOneSkewsEveryNegativeOfTheGroupAndAnyAttributeCanNameIt()
    {
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 9, LabelBias = new LabelBias("sex", "F", 1) });

        Assert.All(reports, r => Assert.Equal(r.Report.Protected.Values["sex"] == "F" && r.TrueCategories.Count == 0, r.LabelSkewed));
        Assert.All(reports.Where(r => r.Report.Protected.Values["sex"] == "F"), r => Assert.NotEmpty(r.Categories));
        Assert.Contains(reports, r => r.LabelSkewed);
    }

    [Fact]
    public void AHigherRateSkewsASupersetOfTheReports()
    {
        var low = Generate(Many, new NarrativeGeneratorOptions { Seed = 4, LabelBias = new LabelBias("race", "H", 0.2) });
        var high = Generate(Many, new NarrativeGeneratorOptions { Seed = 4, LabelBias = new LabelBias("race", "H", 0.5) });

        var lowSkewed = Enumerable.Range(0, Many).Where(i => low[i].LabelSkewed).ToHashSet();
        var highSkewed = Enumerable.Range(0, Many).Where(i => high[i].LabelSkewed).ToHashSet();

        Assert.NotEmpty(lowSkewed);
        Assert.True(lowSkewed.IsProperSubsetOf(highSkewed));
        Assert.All(lowSkewed, i => Assert.Equal(low[i].Categories, high[i].Categories));
    }

    [Fact]
    public void BiasedGenerationIsDeterministicPerSeed()
    {
        var options = new NarrativeGeneratorOptions { Seed = 21, ProxyPlaces = true, LabelBias = new LabelBias("religion", "Muslim", 0.5) };

        var first = Fingerprint(Generate(3000, options));
        var second = Fingerprint(new NarrativeGenerator(options).Generate(3000));
        var otherSeed = Fingerprint(Generate(3000, options with { Seed = 22 }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.NotEqual(first, Fingerprint(Generate(3000, options with { LabelBias = null })));
    }

    [Theory]
    [InlineData("", "B", 0.3, null, "Attribute")]
    [InlineData("  ", "B", 0.3, null, "Attribute")]
    [InlineData("ethnicity", "B", 0.3, null, "Attribute")]
    [InlineData("race", "", 0.3, null, "Value")]
    [InlineData("race", "Black", 0.3, null, "Value")]
    [InlineData("race", "B", -0.1, null, "Rate")]
    [InlineData("race", "B", 1.5, null, "Rate")]
    [InlineData("race", "B", double.NaN, null, "Rate")]
    [InlineData("race", "B", 0.3, "SURVEIL", "Category")]
    public void InvalidLabelBiasIsRejectedNamingWhatIsWrong(string attribute, string value, double rate, string? category, string part)
    {
        var options = new NarrativeGeneratorOptions { LabelBias = new LabelBias(attribute, value, rate, category) };

        var error = Assert.Throws<ArgumentException>(() => new NarrativeGenerator(options));

        Assert.Contains("LabelBias." + part, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKnownProtectedValuesAreExactlyTheOnesTheGeneratorDraws()
    {
        var reports = Generate(Many);

        foreach (var (attribute, values) in GeneratedProtectedValues.ByAttribute)
        {
            var drawn = reports.Select(r => r.Report.Protected.Values[attribute]).ToHashSet(StringComparer.Ordinal);
            Assert.True(drawn.SetEquals(values), $"{attribute}: drawn {string.Join(",", drawn.Order())}, listed {string.Join(",", values.Order())}");
        }
    }

    private static List<string> PlacesIn(string narrative) =>
        [.. ProxyPlaces.Names.Where(name => narrative.Contains(name, StringComparison.OrdinalIgnoreCase))];

    private static int Occurrences(string text, string name)
    {
        var count = 0;
        for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }
        return count;
    }

    private static double ChiSquare(double[,] table)
    {
        var rows = table.GetLength(0);
        var columns = table.GetLength(1);
        var total = 0.0;
        var rowSums = new double[rows];
        var columnSums = new double[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                rowSums[r] += table[r, c];
                columnSums[c] += table[r, c];
                total += table[r, c];
            }
        }
        var statistic = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var expected = rowSums[r] * columnSums[c] / total;
                statistic += (table[r, c] - expected) * (table[r, c] - expected) / expected;
            }
        }
        return statistic;
    }

    // SHA-256 over every field the generator sets, so any shifted draw changes it. The truth is
    // added only where a label was skewed, so unbiased sequences hash as they did before it existed.
    private static string Fingerprint(IEnumerable<LabelledReport> reports)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        foreach (var labelled in reports)
        {
            var report = labelled.Report;
            var location = report.Location;
            line.Clear()
                .Append(report.IdempotencyKey).Append('\u001F')
                .Append(report.Narrative).Append('\u001F')
                .Append(string.Join(",", labelled.Categories)).Append('\u001F')
                .Append(labelled.TemplateId).Append('\u001F')
                .Append(labelled.HardNegative ? '1' : '0').Append('\u001F')
                .Append(report.Kind.ToString()).Append('\u001F')
                .Append(report.OccurredAt.ToString("O", CultureInfo.InvariantCulture)).Append('\u001F')
                .Append(report.ReceivedAt.ToString("O", CultureInfo.InvariantCulture)).Append('\u001F')
                .Append(report.CadCallType).Append('\u001F')
                .Append(report.CadPriority?.ToString(CultureInfo.InvariantCulture)).Append('\u001F')
                .Append(report.TargetSector).Append('\u001F')
                .Append(location.RawAddress).Append('\u001F')
                .Append(location.Latitude?.ToString("R", CultureInfo.InvariantCulture)).Append('\u001F')
                .Append(location.Longitude?.ToString("R", CultureInfo.InvariantCulture)).Append('\u001F')
                .Append(location.Precision.ToString()).Append('\u001F');
            foreach (var (key, value) in report.Protected.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                line.Append(key).Append('=').Append(value).Append('\u001F');
            }
            if (labelled.LabelSkewed)
            {
                line.Append("true=").Append(string.Join(",", labelled.TrueCategories)).Append('\u001F');
            }
            line.Append('\u001E');
            hash.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
