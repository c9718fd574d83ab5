using System.Globalization;
using Pipeline.Dedup.Linking;

namespace Pipeline.Dedup.Tests.Linking;

/// <summary>Train on one seed, test on another: the acceptance figures of the linking library.</summary>
public sealed class LinkingAcceptanceTests(HeldOutFixture data) : IClassFixture<HeldOutFixture>
{
    [Fact]
    public void HeldOutLinkBandReachesPrecision97AndRecall93()
    {
        var result = LinkEvaluation.Evaluate(data.Model, data.Test, candidates: data.TestCandidates);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"held-out: {data.Test.Reports.Count} reports, {result.TruePairs} true pairs, {result.CandidatePairs} candidate pairs, {result.TruePairsBlocked} true pairs blocked; thresholds review {data.Model.ReviewThreshold:0.0} link {data.Model.LinkThreshold:0.0}; link band precision {result.Link.Precision:0.0000} recall {result.Link.Recall:0.0000}; link+review recall {result.LinkOrReview.Recall:0.0000} precision {result.LinkOrReview.Precision:0.0000}");
        TestContext.Current.SendDiagnosticMessage(summary);
        TestContext.Current.SendDiagnosticMessage(result.FormatTable());
        Assert.True(result.Link.Precision >= 0.97, $"link-band precision under 0.97: {summary}\n{result.FormatTable()}");
        Assert.True(result.Link.Recall >= 0.93, $"link-band recall under 0.93: {summary}\n{result.FormatTable()}");
    }

    [Fact]
    public void ShippedDefaultModelIsWhatTrainingOnTheGeneratorProduces()
    {
        // Regenerate with: UPDATE_LINKING_MODEL=1 dotnet test tests/Pipeline.Dedup.Tests --filter "FullyQualifiedName~ShippedDefaultModel"
        var trained = data.Model.ToJson();
        if (Environment.GetEnvironmentVariable("UPDATE_LINKING_MODEL") == "1")
        {
            var path = Path.Combine(RepositoryRoot(), "shared", "Pipeline.Dedup", "Linking", "DefaultLinkingModel.cs");
            var source = File.ReadAllText(path);
            var start = source.IndexOf("\"\"\"\n", StringComparison.Ordinal) + 4;
            var end = source.LastIndexOf("        \"\"\"", StringComparison.Ordinal);
            var indented = string.Join("\n", trained.Split('\n').Select(line => "        " + line)) + "\n";
            File.WriteAllText(path, string.Concat(source.AsSpan(0, start), indented, source.AsSpan(end)));
            return;
        }
        Assert.Equal(trained, FellegiSunterModel.Default.ToJson());
    }

    [Fact]
    public void ShippedDefaultModelMeetsTheTargetsOnTheHeldOutSet()
    {
        var result = LinkEvaluation.Evaluate(FellegiSunterModel.Default, data.Test, candidates: LinkEvaluation.CandidatePairs(data.Test, FellegiSunterModel.Default.ClockOffsets));
        Assert.True(result.Link.Precision >= 0.97 && result.Link.Recall >= 0.93, $"precision {result.Link.Precision:0.0000}, recall {result.Link.Recall:0.0000}");
    }

    [Fact]
    public void EmWithoutLabelsFromAGenericStartComesCloseToTheSupervisedModel()
    {
        // Unlabelled training pairs, a start that only knows which levels usually mean agreement,
        // and a link threshold from the EM posterior: P(match | levels) >= 0.99.
        var vectors = LinkEvaluation.CandidatePairs(data.Training, data.Model.ClockOffsets).Select(p => p.Vector).ToList();
        var start = GenericStart();
        var em = FellegiSunterModel.EstimateEm(vectors, start);
        var prior = Math.Log2(em.Model.MatchProbability / (1 - em.Model.MatchProbability));
        var model = em.Model.WithThresholds(Math.Log2(0.5 / 0.5) - prior, Math.Log2(0.99 / 0.01) - prior);
        var result = LinkEvaluation.Evaluate(model, data.Test, candidates: data.TestCandidates);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"EM: {em.Iterations} iterations, converged {em.Converged}, lambda {em.Model.MatchProbability:0.000}; thresholds review {model.ReviewThreshold:0.0} link {model.LinkThreshold:0.0}; held-out link precision {result.Link.Precision:0.0000} recall {result.Link.Recall:0.0000}"));
        TestContext.Current.SendDiagnosticMessage(result.FormatTable());
        Assert.True(em.Converged);
        Assert.True(result.Link.Precision >= 0.95 && result.Link.Recall >= 0.85, $"EM model: precision {result.Link.Precision:0.0000}, recall {result.Link.Recall:0.0000}");
    }

    private static FellegiSunterModel GenericStart()
    {
        // For each feature: m falls and u rises from the first (most agreeing) level to the last.
        var m = new Dictionary<LinkFeature, IReadOnlyList<double>>();
        var u = new Dictionary<LinkFeature, IReadOnlyList<double>>();
        foreach (var feature in LinkFeatures.All)
        {
            var levels = LinkFeatures.LevelCount(feature);
            var mRow = new double[levels];
            var uRow = new double[levels];
            mRow[0] = uRow[0] = 1;
            double mTotal = 0, uTotal = 0;
            for (var level = 1; level < levels; level++)
            {
                mRow[level] = Math.Pow(0.3, level - 1);
                uRow[level] = Math.Pow(0.3, levels - 1 - level);
                mTotal += mRow[level];
                uTotal += uRow[level];
            }
            for (var level = 1; level < levels; level++)
            {
                mRow[level] /= mTotal;
                uRow[level] /= uTotal;
            }
            m[feature] = mRow;
            u[feature] = uRow;
        }
        return new FellegiSunterModel(m, u, 0.1, 0, 0);
    }

    [Fact]
    public void SamePlaceDifferentEventsAreRarelyLinked()
    {
        // Pairs at one busy site: precision of the link band there, where every candidate is in the same spot.
        var result = LinkEvaluation.Evaluate(data.Model, data.Test, candidates: data.TestCandidates,
            scope: (a, b) => a.SiteId >= 0 && a.SiteId == b.SiteId);
        Report("same place, different events", result);
        Assert.True(result.Link.Precision >= 0.95, $"precision at busy sites {result.Link.Precision:0.0000}");
        Assert.True(result.CandidatePairs - result.TruePairsBlocked >= 1000, $"only {result.CandidatePairs - result.TruePairsBlocked} pairs of different events at one place were compared");
    }

    [Fact]
    public void BlockAddressAndIntersectionOfOneEventAreLinked()
    {
        var result = LinkEvaluation.Evaluate(data.Model, data.Test, candidates: data.TestCandidates,
            scope: (a, b) => a.GroupId == b.GroupId && IsBlockVersusIntersection(a, b));
        Report("block against intersection", result);
        Assert.True(result.TruePairs > 50, $"only {result.TruePairs} pairs in the case");
        Assert.True(result.Link.Recall >= 0.90, $"recall {result.Link.Recall:0.0000}");
    }

    [Fact]
    public void ParaphrasedNarrativesOfOneEventAreLinked()
    {
        var result = LinkEvaluation.Evaluate(data.Model, data.Test, candidates: data.TestCandidates,
            scope: (a, b) => a.GroupId == b.GroupId && a.Report.Kind == Contracts.ReportKind.Sar && b.Report.Kind == Contracts.ReportKind.Sar);
        Report("paraphrased SAR narratives", result);
        Assert.True(result.TruePairs > 50, $"only {result.TruePairs} pairs in the case");
        Assert.True(result.Link.Recall >= 0.90, $"recall {result.Link.Recall:0.0000}");
    }

    [Fact]
    public void ReportsFromAFeedWithAnOffsetClockAreLinked()
    {
        var result = LinkEvaluation.Evaluate(data.Model, data.Test, candidates: data.TestCandidates,
            scope: (a, b) => (a.Cases & HardCases.ClockOffsetFeed) != (b.Cases & HardCases.ClockOffsetFeed));
        Report("one report from an offset-clock feed", result);
        Assert.Contains(data.Model.ClockOffsets.Offsets, o => o is { FeedA: "cad-city", FeedB: "cad-parish", Hours: 6 });
        Assert.True(result.TruePairs > 200, $"only {result.TruePairs} pairs in the case");
        Assert.True(result.Link.Recall >= 0.90 && result.Link.Precision >= 0.95, $"precision {result.Link.Precision:0.0000}, recall {result.Link.Recall:0.0000}");
    }

    private static bool IsBlockVersusIntersection(LabelledReport a, LabelledReport b) =>
        (a.Report.Location.Precision, b.Report.Location.Precision) is
            (Contracts.LocationPrecision.Block, Contracts.LocationPrecision.Intersection) or
            (Contracts.LocationPrecision.Intersection, Contracts.LocationPrecision.Block);

    private static void Report(string name, LinkEvaluationResult result) =>
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.TruePairs} true pairs, {result.CandidatePairs} candidates, link precision {result.Link.Precision:0.0000}, recall {result.Link.Recall:0.0000}"));

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Pipeline.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The model trained on seed 1 and the held-out set of seed 2, built once for the class.</summary>
public sealed class HeldOutFixture
{
    public const int TrainingSeed = 1;
    public const int TestSeed = 2;
    public const string ShippedModelVersion = "generator-seed1-v1";
    public const string ShippedModelDescription =
        "Supervised (Laplace smoothing 1) on LabelledDataGenerator seed 1, 12,000 events over 21 days; feed clock offsets learned without labels; "
        + "link threshold: best F1 with training precision >= 0.975; review threshold: 99.5 % of blocked true pairs.";

    public HeldOutFixture()
    {
        Training = LabelledDataGenerator.Generate(TrainingSeed, new LabelledDataGeneratorOptions { Events = 12_000, Span = TimeSpan.FromDays(21) });
        Model = LinkEvaluation.Train(Training).WithVersion(ShippedModelVersion, ShippedModelDescription);
        Test = LabelledDataGenerator.Generate(TestSeed);
        TestCandidates = LinkEvaluation.CandidatePairs(Test, Model.ClockOffsets);
    }

    public LabelledDataSet Training { get; }

    public FellegiSunterModel Model { get; }

    public LabelledDataSet Test { get; }

    public IReadOnlyList<CandidatePair> TestCandidates { get; }
}
