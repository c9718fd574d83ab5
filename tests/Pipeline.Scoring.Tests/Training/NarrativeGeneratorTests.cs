using Pipeline.Contracts;
using Pipeline.Scoring.Redaction;
using Pipeline.Scoring.Training;

namespace Pipeline.Scoring.Tests.Training;

public sealed class NarrativeGeneratorTests
{
    private static readonly string[] _namedHardNegatives = ["tourist", "delivery", "utility", "protest", "religious"];

    private static List<LabelledReport> Generate(int count, NarrativeGeneratorOptions? options = null) =>
        [.. new NarrativeGenerator(options).Generate(count)];

    private static string Kind(string templateId) => templateId.Split('.')[0] switch
    {
        "NEG" or "ROUTINE" => templateId[..templateId.LastIndexOf('.')],
        var code => code,
    };

    [Fact]
    public void SameOptionsGiveTheSameReports()
    {
        var options = new NarrativeGeneratorOptions { Seed = 42, Split = TemplateSplit.All };
        var first = Generate(2000, options);
        var second = Generate(2000, options);

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Report.Narrative, second[i].Report.Narrative);
            Assert.Equal(first[i].Categories, second[i].Categories);
            Assert.Equal(first[i].TemplateId, second[i].TemplateId);
            Assert.Equal(first[i].HardNegative, second[i].HardNegative);
            Assert.Equal(first[i].Report with { Protected = ProtectedAttributes.None }, second[i].Report with { Protected = ProtectedAttributes.None });
            Assert.Equal(first[i].Report.Protected.Values, second[i].Report.Protected.Values);
        }
    }

    [Fact]
    public void SomeCadReportsCarryOnlyTheirCallTypeAsOftenForNegativesAsForPositives()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 12 }).Where(r => r.Report.Kind == Pipeline.Contracts.ReportKind.Cad).ToList();
        static bool CallTypeOnly(LabelledReport r) => r.Report.Narrative is "10-8" or "UTL" or "GOA" or "RP ON LINE" or "UNIT ENRT" or "NFI" or "CLEARED" or "C4" or "REF PREV CALL";

        var positives = reports.Where(r => r.Categories.Count > 0).ToList();
        var negatives = reports.Where(r => r.Categories.Count == 0).ToList();
        var positiveRate = positives.Count(CallTypeOnly) / (double)positives.Count;
        var negativeRate = negatives.Count(CallTypeOnly) / (double)negatives.Count;

        Assert.InRange(positiveRate, 0.01, 0.04);
        Assert.InRange(negativeRate, 0.01, 0.04);
        Assert.Contains(positives.Where(CallTypeOnly), r => r.Report.CadCallType is "THREATS" or "BOMB THREAT" or "TERRORISTIC THREATS" && r.Categories.Contains("THREAT"));
    }

    [Fact]
    public void OneGeneratorGivesTheSameSequenceOnEveryCall()
    {
        var generator = new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = 5 });

        var first = generator.Generate(300).Select(r => r.Report.Narrative).ToList();
        var second = generator.Generate(300).Select(r => r.Report.Narrative).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNarratives()
    {
        var one = Generate(1000, new NarrativeGeneratorOptions { Seed = 1 });
        var two = Generate(1000, new NarrativeGeneratorOptions { Seed = 2 });

        var samePosition = one.Zip(two).Count(p => p.First.Report.Narrative == p.Second.Report.Narrative);
        var shared = one.Select(r => r.Report.Narrative).Intersect(two.Select(r => r.Report.Narrative)).Count();
        Assert.True(samePosition < 10, $"{samePosition} narratives equal at the same position");
        Assert.True(shared < 20, $"{shared} narratives shared between seeds");
    }

    [Fact]
    public void TrainingSplitNeverEmitsAHeldOutTemplateAndHeldOutNeverATrainingOne()
    {
        var training = Generate(5000, new NarrativeGeneratorOptions { Seed = 3, Split = TemplateSplit.Training });
        var heldOut = Generate(5000, new NarrativeGeneratorOptions { Seed = 3, Split = TemplateSplit.HeldOut });

        Assert.All(training, r => Assert.False(NarrativeGenerator.IsHeldOut(r.TemplateId), r.TemplateId));
        Assert.All(heldOut, r => Assert.True(NarrativeGenerator.IsHeldOut(r.TemplateId), r.TemplateId));
        Assert.All(training.Concat(heldOut), r => Assert.Contains(r.TemplateId, NarrativeGenerator.TemplateIds));
        // Status-remark-only CAD notes ("10-8") are the same in both; every written narrative differs.
        var shared = training.Select(r => r.Report.Narrative).Intersect(heldOut.Select(r => r.Report.Narrative));
        Assert.All(shared, n => Assert.True(n.Length <= 15, n));
    }

    [Fact]
    public void AllSplitUsesTrainingAndHeldOutTemplates()
    {
        var all = Generate(5000, new NarrativeGeneratorOptions { Seed = 4, Split = TemplateSplit.All });

        var heldOutShare = all.Count(r => NarrativeGenerator.IsHeldOut(r.TemplateId)) / (double)all.Count;
        Assert.InRange(heldOutShare, 0.15, 0.40);
    }

    [Fact]
    public void EveryCategoryHasAtLeastTenTemplatesAndAtLeastAnEighthHeldOut()
    {
        var byKind = NarrativeGenerator.TemplateIds.GroupBy(Kind).ToDictionary(g => g.Key, g => g.ToList());

        foreach (var category in IseSarCategories.All)
        {
            var ids = byKind[category.Code];
            var heldOut = ids.Count(NarrativeGenerator.IsHeldOut);
            Assert.True(ids.Count >= 10, $"{category.Code} has {ids.Count} templates");
            Assert.True(heldOut >= 2, $"{category.Code} has {heldOut} held-out templates");
            Assert.InRange(heldOut / (double)ids.Count, 0.12, 0.34);
        }
        var hardKinds = byKind.Keys.Where(k => k.StartsWith("NEG.", StringComparison.Ordinal)).ToList();
        Assert.True(hardKinds.Count >= 15, $"{hardKinds.Count} hard-negative kinds");
        Assert.All(hardKinds, kind =>
        {
            Assert.True(byKind[kind].Count >= 3, kind);
            Assert.Contains(byKind[kind], NarrativeGenerator.IsHeldOut);
        });
        Assert.Equal(NarrativeGenerator.TemplateIds.Count, NarrativeGenerator.TemplateIds.Distinct().Count());
        Assert.False(NarrativeGenerator.IsHeldOut("NO.SUCH.TEMPLATE"));
    }

    [Fact]
    public void TheFiveNamedHardNegativeScenariosOccurInFiveThousandReports()
    {
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 11 });

        var kinds = reports.Where(r => r.HardNegative).Select(r => Kind(r.TemplateId)).ToHashSet();
        Assert.All(_namedHardNegatives, name => Assert.Contains("NEG." + name, kinds));
        Assert.True(kinds.Count >= 15, $"{kinds.Count} hard-negative kinds seen");
    }

    [Fact]
    public void HardNegativesUseThePositivesVocabulary()
    {
        var reports = Generate(10_000, new NarrativeGeneratorOptions { Seed = 12, Split = TemplateSplit.All, TypoRate = 0 });
        var hard = reports.Where(r => r.HardNegative).Select(r => r.Report.Narrative.ToUpperInvariant()).ToList();
        var positives = reports.Where(r => r.Categories.Count > 0).Select(r => r.Report.Narrative.ToUpperInvariant()).ToList();

        foreach (var word in new[] { "PHOTOGRAPH", "BINOCULAR", "SUBSTATION", "DRONE", "FERTILIZER", "ALARM", "ASKING" })
        {
            Assert.Contains(hard, n => n.Contains(word, StringComparison.Ordinal));
            Assert.Contains(positives, n => n.Contains(word, StringComparison.Ordinal));
        }
        var positiveWords = Words(positives).ToHashSet();
        var hardWords = Words(hard).ToList();
        var sharedShare = hardWords.Count(positiveWords.Contains) / (double)hardWords.Count;
        Assert.True(sharedShare > 0.85, $"only {sharedShare:P0} of hard-negative words occur in positives");

        static IEnumerable<string> Words(IEnumerable<string> texts) =>
            texts.SelectMany(t => t.Split([' ', ',', '.', ';', ':', '-', '/'], StringSplitOptions.RemoveEmptyEntries)).Where(w => w.All(char.IsLetter));
    }

    [Fact]
    public void PositivesAreSpreadEvenlyOverTheSixteenCategories()
    {
        var reports = Generate(10_000, new NarrativeGeneratorOptions { Seed = 13 });
        var positives = reports.Where(r => r.Categories.Count > 0).ToList();
        var labels = positives.SelectMany(r => r.Categories).ToList();

        foreach (var category in IseSarCategories.All)
        {
            var reportShare = positives.Count(r => r.Categories.Contains(category.Code)) / (double)positives.Count;
            var labelShare = labels.Count(c => c == category.Code) / (double)labels.Count;
            Assert.InRange(reportShare, 0.8 / 16, 1.2 / 16);
            Assert.InRange(labelShare, 0.8 / 16, 1.2 / 16);
        }
    }

    [Fact]
    public void LabelMixFollowsTheOptions()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 14 });
        var negatives = reports.Where(r => r.Categories.Count == 0).ToList();
        var positives = reports.Where(r => r.Categories.Count > 0).ToList();

        Assert.InRange(negatives.Count / (double)reports.Count, 0.32, 0.38);
        Assert.InRange(negatives.Count(r => r.HardNegative) / (double)negatives.Count, 0.56, 0.64);
        Assert.InRange(positives.Count(r => r.Categories.Count == 2) / (double)positives.Count, 0.10, 0.14);
        Assert.DoesNotContain(positives, r => r.HardNegative);
        Assert.InRange(reports.Count(r => r.Report.Kind == ReportKind.Cad) / (double)reports.Count, 0.37, 0.43);
    }

    [Fact]
    public void EveryLabelIsACatalogueCodeListedOnceInCatalogueOrder()
    {
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 15, Split = TemplateSplit.All });

        Assert.All(reports, r =>
        {
            Assert.InRange(r.Categories.Count, 0, 2);
            Assert.All(r.Categories, c => Assert.NotNull(IseSarCategories.Find(c)));
            Assert.All(r.Categories, c => Assert.Equal(c, IseSarCategories.Find(c)!.Code));
            Assert.Equal(r.Categories.OrderBy(IseSarCategories.IndexOf), r.Categories);
            Assert.Equal(r.Categories.Count, r.Categories.Distinct().Count());
            if (r.Categories.Count > 0)
            {
                Assert.Contains(Kind(r.TemplateId), r.Categories);
            }
        });
    }

    [Fact]
    public void AtLeastNinetySevenPercentOfTenThousandNarrativesAreDistinct()
    {
        var reports = Generate(10_000, new NarrativeGeneratorOptions { Seed = 16 });

        var distinct = reports.Select(r => r.Report.Narrative).Distinct(StringComparer.Ordinal).Count();
        Assert.True(distinct >= 9700, $"{distinct} distinct narratives");
    }

    [Fact]
    public void ShorthandReplacesLongFormsAtTheShorthandRate()
    {
        var none = Generate(3000, new NarrativeGeneratorOptions { Seed = 17, ShorthandRate = 0, TypoRate = 0 });
        var always = Generate(3000, new NarrativeGeneratorOptions { Seed = 17, ShorthandRate = 1, TypoRate = 0 });
        var usual = Generate(3000, new NarrativeGeneratorOptions { Seed = 17 });

        string[] longForms = ["VEHICLE", "APPROXIMATELY", "SUSPICIOUS", "INDIVIDUAL", "REPORTING PARTY", "PHOTOGRAPHS"];
        string[] shortForms = [" VEH ", " APPROX ", " SUSP ", " INDIV ", " W/", " & ", " SUBJ "];
        Assert.True(Count(always, longForms) * 4 < Count(none, longForms), $"{Count(always, longForms)} long forms with shorthand, {Count(none, longForms)} without");
        Assert.True(Count(always, shortForms) > 2 * Count(none, shortForms));
        Assert.Contains(usual, r => Count([r], [" W/", " VEH ", " APPROX "]) > 0);
        Assert.Contains(always, r => r.Report.Narrative.Contains("W/M", StringComparison.OrdinalIgnoreCase)
            || r.Report.Narrative.Contains("B/F", StringComparison.OrdinalIgnoreCase)
            || r.Report.Narrative.Contains("H/M", StringComparison.OrdinalIgnoreCase));

        static int Count(IEnumerable<LabelledReport> reports, string[] forms) =>
            reports.Sum(r => forms.Count(f => (" " + r.Report.Narrative.ToUpperInvariant() + " ").Contains(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void TyposChangeSomeWordsAndNothingElse()
    {
        var clean = Generate(2000, new NarrativeGeneratorOptions { Seed = 18, TypoRate = 0 });
        var cleanAgain = Generate(2000, new NarrativeGeneratorOptions { Seed = 18, TypoRate = 0 });
        var typos = Generate(2000, new NarrativeGeneratorOptions { Seed = 18, TypoRate = 0.05 });

        var words = 0;
        var changed = 0;
        for (var i = 0; i < clean.Count; i++)
        {
            Assert.Equal(clean[i].Report.Narrative, cleanAgain[i].Report.Narrative);
            Assert.Equal(clean[i].Categories, typos[i].Categories);
            var a = clean[i].Report.Narrative.Split(' ');
            var b = typos[i].Report.Narrative.Split(' ');
            Assert.Equal(a.Length, b.Length);
            words += a.Length;
            changed += a.Zip(b).Count(p => p.First != p.Second);
        }
        Assert.InRange(changed / (double)words, 0.01, 0.06);
        Assert.Contains(Generate(500, new NarrativeGeneratorOptions { Seed = 18 }).Zip(clean), p => p.First.Report.Narrative != p.Second.Report.Narrative);
    }

    [Fact]
    public void CasingVariesAndCadNotesAreOftenAllCaps()
    {
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 19 });

        var cad = reports.Where(r => r.Report.Kind == ReportKind.Cad).ToList();
        var sar = reports.Where(r => r.Report.Kind == ReportKind.Sar).ToList();
        Assert.InRange(cad.Count(r => IsAllCaps(r.Report.Narrative)) / (double)cad.Count, 0.5, 0.8);
        Assert.InRange(sar.Count(r => IsAllCaps(r.Report.Narrative)) / (double)sar.Count, 0.0, 0.1);
        Assert.Contains(sar, r => !r.Report.Narrative.Any(char.IsUpper));

        static bool IsAllCaps(string text) => !text.Any(char.IsLower);
    }

    [Fact]
    public void ProtectedDescriptorsAppearAtTheSameRateWhateverTheLabel()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 20 });

        var positives = reports.Where(r => r.Categories.Count > 0).ToList();
        var negatives = reports.Where(r => r.Categories.Count == 0).ToList();
        var positiveRate = positives.Count(MentionsProtectedDescriptor) / (double)positives.Count;
        var negativeRate = negatives.Count(MentionsProtectedDescriptor) / (double)negatives.Count;
        Assert.True(Math.Abs(positiveRate - negativeRate) < 0.05, $"positives {positiveRate:P1}, negatives {negativeRate:P1}");
        Assert.InRange(positiveRate, 0.2, 0.3);
    }

    [Fact]
    public void WithoutDescriptorsNarrativesMentionNoProtectedCharacteristic()
    {
        var reports = Generate(5000, new NarrativeGeneratorOptions { Seed = 21, Split = TemplateSplit.All, ProtectedDescriptorRate = 0, TypoRate = 0 });

        Assert.DoesNotContain(reports, MentionsProtectedDescriptor);
    }

    [Fact]
    public void ProtectedAttributesAreSetOnEveryReportIndependentlyOfTheLabel()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 22 });

        Assert.All(reports, r =>
        {
            Assert.Equal(["race", "religion", "sex"], r.Report.Protected.Values.Keys.Order(StringComparer.Ordinal));
        });
        var positives = reports.Where(r => r.Categories.Count > 0).ToList();
        var negatives = reports.Where(r => r.Categories.Count == 0).ToList();
        foreach (var (key, value) in new[] { ("race", "W"), ("race", "B"), ("sex", "F"), ("religion", "Muslim") })
        {
            var positiveShare = positives.Count(r => r.Report.Protected.Values[key] == value) / (double)positives.Count;
            var negativeShare = negatives.Count(r => r.Report.Protected.Values[key] == value) / (double)negatives.Count;
            Assert.True(Math.Abs(positiveShare - negativeShare) < 0.03, $"{key}={value}: {positiveShare:P1} vs {negativeShare:P1}");
        }
    }

    [Fact]
    public void NoTemplatePlaceholderLeaksIntoANarrative()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 23, Split = TemplateSplit.All });

        Assert.All(reports, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Report.Narrative));
            Assert.True(r.Report.Narrative.AsSpan().IndexOfAny("{}[]|") < 0, r.Report.Narrative);
            Assert.DoesNotContain("  ", r.Report.Narrative, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void EveryNarrativeHasOneToSevenSentences()
    {
        var reports = Generate(10_000, new NarrativeGeneratorOptions { Seed = 27, Split = TemplateSplit.All });

        var counts = reports.Select(r => SentenceCount(r.Report.Narrative)).ToList();
        Assert.All(counts, c => Assert.InRange(c, 1, 7));
        Assert.Contains(1, counts);
        Assert.Contains(counts, c => c >= 5);

        static int SentenceCount(string text)
        {
            var breaks = 0;
            for (var i = 0; i + 1 < text.Length; i++)
            {
                if (text[i] is '.' or '?' or '!' && text[i + 1] == ' ')
                {
                    breaks++;
                }
            }
            return breaks + 1;
        }
    }

    [Fact]
    public void StructuredFieldsLookLikeRealFeeds()
    {
        var options = new NarrativeGeneratorOptions { Seed = 24 };
        var reports = Generate(5000, options);

        Assert.All(reports.Select((r, i) => (r.Report, i)), p =>
        {
            Assert.Equal($"syn-24-{p.i}", p.Report.IdempotencyKey);
            Assert.Equal($"syn-24-{p.i}", p.Report.SourceRecordId);
            Assert.Equal("synthetic", p.Report.FeedId);
            Assert.Equal(new RecordOrigin("synthetic", 0, p.i), p.Report.Origin);
            Assert.InRange(p.Report.OccurredAt, options.Start, options.Start.AddDays(365));
            Assert.True(p.Report.ReceivedAt > p.Report.OccurredAt);
            Assert.Equal(p.Report.Kind == ReportKind.Cad, p.Report.CadCallType is not null);
            Assert.Equal(p.Report.Kind == ReportKind.Cad, p.Report.CadPriority is not null);
        });
        Assert.Equal(12, reports.Select(r => r.Report.OccurredAt.Month).Distinct().Count());
        Assert.Equal(24, reports.Select(r => r.Report.OccurredAt.Hour).Distinct().Count());
        Assert.Equal(
            [LocationPrecision.None, LocationPrecision.Source, LocationPrecision.AddressPoint, LocationPrecision.Block, LocationPrecision.City],
            reports.Select(r => r.Report.Location.Precision).Distinct().Order());
        Assert.Contains(reports, r => r.Report.Location.RawAddress is not null);
        Assert.Contains(reports, r => r.Report.Location.RawAddress is null);
        var sectors = reports.Select(r => r.Report.TargetSector).OfType<string>().ToHashSet();
        Assert.True(sectors.Count >= 12, $"{sectors.Count} sectors");
        Assert.InRange(reports.Count(r => r.Report.TargetSector is not null) / (double)reports.Count, 0.15, 0.6);
    }

    [Fact]
    public void CadCallTypesHintAtTheCategoryWithoutGivingAwayTheLabel()
    {
        var reports = Generate(20_000, new NarrativeGeneratorOptions { Seed = 25 });
        var cad = reports.Where(r => r.Report.Kind == ReportKind.Cad).ToList();

        var suspiciousPerson = cad.Where(r => r.Report.CadCallType == "SUSPICIOUS PERSON").ToList();
        Assert.Contains(suspiciousPerson, r => r.Categories.Count > 0);
        Assert.Contains(suspiciousPerson, r => r.HardNegative);
        Assert.Contains(suspiciousPerson, r => r.Categories.Count == 0 && !r.HardNegative);
        var drone = cad.Where(r => r.Categories.Contains(IseSarCategories.Aviation) && r.Categories.Count == 1).ToList();
        var fitting = drone.Count(r => r.Report.CadCallType is "DRONE COMPLAINT" or "AIRCRAFT INCIDENT" or "LASER STRIKE" or "UAS ACTIVITY") / (double)drone.Count;
        Assert.InRange(fitting, 0.35, 0.65);
    }

    [Fact]
    public void OneHundredThousandReportsAreGeneratedWithoutException()
    {
        var count = 0;
        foreach (var report in new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = 26, Split = TemplateSplit.All }).Generate(100_000))
        {
            Assert.NotEmpty(report.Report.Narrative);
            count++;
        }

        Assert.Equal(100_000, count);
    }

    [Fact]
    public void OptionsOutsideTheirRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrativeGenerator(new NarrativeGeneratorOptions { NegativeFraction = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrativeGenerator(new NarrativeGeneratorOptions { TypoRate = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrativeGenerator(new NarrativeGeneratorOptions { CadFraction = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrativeGenerator().Generate(-1));
        Assert.Empty(new NarrativeGenerator().Generate(0));
        Assert.Equal(new NarrativeGeneratorOptions(), new NarrativeGenerator().Options);
    }

    [Fact]
    public void ExtremeOptionsStillGenerateValidReports()
    {
        var allNegative = Generate(500, new NarrativeGeneratorOptions { NegativeFraction = 1, HardNegativeShare = 1, CadFraction = 1 });
        var allMulti = Generate(500, new NarrativeGeneratorOptions { NegativeFraction = 0, MultiLabelFraction = 1, ShorthandRate = 1, TypoRate = 1, ProtectedDescriptorRate = 1 });

        Assert.All(allNegative, r => Assert.True(r.HardNegative && r.Categories.Count == 0 && r.Report.Kind == ReportKind.Cad));
        Assert.All(allMulti, r => Assert.Equal(2, r.Categories.Count));
        Assert.All(allMulti, r => Assert.True(r.Report.Narrative.AsSpan().IndexOfAny("{}[]|") < 0));
    }

    private static bool MentionsProtectedDescriptor(LabelledReport report) =>
        NarrativeRedactor.Default.Redact(report.Report.Narrative).Removed
            .Any(removed => removed.Key != ProtectedClass.SexGender && removed.Value > 0);
}
