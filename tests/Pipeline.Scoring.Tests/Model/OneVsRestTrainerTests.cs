using Pipeline.Contracts;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Model;

namespace Pipeline.Scoring.Tests.Model;

public sealed class OneVsRestTrainerTests
{
    private static readonly FeatureOptions _features = new() { HashBits = 14 };
    private static readonly DateTimeOffset _now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] _noise = [.. Enumerable.Range(0, 200).Select(i => $"filler{i}")];

    // Each category has its own signal word, present in 90% of its reports; every report carries
    // four noise words; 30% of reports have no category.
    private static readonly string[] _signals =
        ["zebra", "quartz", "mango", "violin", "copper", "tundra", "walrus", "ember", "falcon", "harbor", "igloo", "jasmine", "kettle", "lemon", "nectar", "orchid"];

    private static string Signal(string category) => _signals[IseSarCategories.IndexOf(category)];
    private static List<TrainingExample> Data(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<TrainingExample>(count);
        for (var n = 0; n < count; n++)
        {
            var words = Enumerable.Range(0, 4).Select(_ => _noise[random.Next(_noise.Length)]).ToList();
            var categories = new List<string>();
            if (random.NextDouble() >= 0.3)
            {
                var category = IseSarCategories.All[random.Next(IseSarCategories.All.Count)].Code;
                categories.Add(category);
                words.Insert(random.Next(words.Count + 1), random.NextDouble() < 0.9 ? Signal(category) : _noise[random.Next(_noise.Length)]);
            }
            examples.Add(new TrainingExample(TestReports.Sar(string.Join(' ', words)), categories));
        }
        return examples;
    }

    private static IseSarModel Train(int seed = 20261122, double l2 = 1e-6) =>
        OneVsRestTrainer.Train(Data(4000, 1), _features, new OneVsRestOptions { Seed = seed, L2 = l2, Epochs = 4 }, "synthetic signal words", _now);

    [Fact]
    public void ItLearnsEachCategorysSignalAndFlagsHeldOutReportsWithHighPrecisionAndRecall()
    {
        var scorer = new ModelScorer(Train());
        var heldOut = Data(2000, 99);
        foreach (var category in IseSarCategories.All.Select(c => c.Code))
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var example in heldOut)
            {
                var flagged = scorer.Score(example.Report).Flagged.Contains(category);
                var truth = example.Categories.Contains(category) && example.Report.Narrative.Split(' ').Contains(Signal(category));
                tp += flagged && truth ? 1 : 0;
                fp += flagged && !truth ? 1 : 0;
                fn += !flagged && truth ? 1 : 0;
            }
            Assert.True(tp >= 0.9 * (tp + fn), $"{category}: recall {tp}/{tp + fn}");
            Assert.True(tp >= 0.9 * (tp + fp), $"{category}: precision {tp}/{tp + fp}");
        }
    }

    [Fact]
    public void TrainingIsDeterministicForASeedAndDependsOnIt()
    {
        var first = Train(seed: 7);
        var again = Train(seed: 7);
        var other = Train(seed: 8);

        Assert.Equal(first.Metadata.WeightsSha256, again.Metadata.WeightsSha256);
        Assert.Equal(first.Metadata.Categories, again.Metadata.Categories);
        Assert.NotEqual(first.Metadata.WeightsSha256, other.Metadata.WeightsSha256);
        Assert.Equal(first.Metadata.TrainingDataHash, other.Metadata.TrainingDataHash);
    }

    [Fact]
    public void AStrongerL2PenaltyGivesSmallerWeights()
    {
        static double Norm(IseSarModel model) => Math.Sqrt(model.Weights.ToArray().Sum(w => (double)w * w));

        Assert.True(Norm(Train(l2: 1e-2)) < 0.5 * Norm(Train(l2: 1e-6)));
    }

    [Fact]
    public void TheNamedHitsSplitEachCategorysLogOddsExactly()
    {
        var model = Train();
        var report = TestReports.Sar($"{Signal("THREAT")} filler3 filler7 {Signal("PHOTO")} filler3", "SUSPICIOUS PERSON", "Energy");
        Span<float> logOdds = stackalloc float[16];
        model.LogOdds(model.Featurizer.Featurize(report), logOdds);
        var hits = model.Featurizer.Explain(report);

        for (var c = 0; c < 16; c++)
        {
            var sum = model.Biases[c] + hits.Sum(hit => (double)model.Weight(hit.Index, c) * hit.Value);
            Assert.Equal(logOdds[c], sum, 3);
        }
    }

    [Fact]
    public void TheExplanationNamesTheWordThatFlaggedTheCategory()
    {
        var scorer = new ModelScorer(Train());
        var report = TestReports.Sar($"filler1 {Signal("THREAT")} filler2");

        var result = scorer.Score(report);
        var evidence = scorer.Explain(report, result);

        Assert.Contains("THREAT", result.Flagged);
        Assert.Equal($"narrative:\"{Signal("THREAT")}\"", evidence.First(e => e.Category == "THREAT").Feature);
        Assert.True(result.Priority >= 0.5);
        Assert.Equal("THREAT", result.TopCategory);
    }

    [Fact]
    public void ThePriorityIsBelowOneHalfExactlyWhenNothingIsFlagged()
    {
        var scorer = new ModelScorer(Train());
        foreach (var example in Data(300, 5))
        {
            var result = scorer.Score(example.Report);
            Assert.Equal(result.Flagged.Count > 0, result.Priority >= 0.5);
            Assert.Equal(16, result.Scores.Count);
            Assert.True(result.Scores.Zip(result.Scores.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
        }
    }

    [Fact]
    public void TheModelFileRoundTripsToTheSameScores()
    {
        var model = Train();
        var bytes = ModelArtifact.ToBytes(model);
        var loaded = ModelArtifact.FromBytes(bytes);
        var report = TestReports.Sar($"filler1 {Signal("PHOTO")} filler9");

        Assert.Equal(model.Metadata.ToJson(), loaded.Metadata.ToJson());
        Assert.Equal(model.Weights.ToArray(), loaded.Weights.ToArray());
        Assert.Equal(new ModelScorer(model).Score(report).Scores, new ModelScorer(loaded).Score(report).Scores);
        Assert.True(bytes.Length < 2_000_000, $"{bytes.Length:N0} bytes");
    }

    [Fact]
    public void ACorruptedTruncatedOrForeignModelFileIsRefusedWithAReason()
    {
        var bytes = ModelArtifact.ToBytes(Train());

        var truncated = Assert.Throws<InvalidDataException>(() => ModelArtifact.FromBytes(bytes[..(bytes.Length / 2)]));
        var foreign = Assert.Throws<InvalidDataException>(() => ModelArtifact.FromBytes("{\"not\":\"a model\"}"u8.ToArray()));
        var edited = Assert.Throws<InvalidDataException>(() => ModelArtifact.FromBytes(Reencode(bytes, raw => raw[^5] ^= 0x40)));

        Assert.NotEmpty(truncated.Message);
        Assert.NotEmpty(foreign.Message);
        Assert.Contains("SHA-256", edited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCategoriesAndTooFewExamplesAreRefused()
    {
        var data = Data(100, 3);
        data[0] = data[0] with { Categories = ["NOTACODE"] };

        Assert.Throws<ArgumentException>(() => OneVsRestTrainer.Train(data, _features, new OneVsRestOptions(), "x", _now));
        Assert.Throws<ArgumentException>(() => OneVsRestTrainer.Train(Data(49, 3), _features, new OneVsRestOptions(), "x", _now));
    }

    [Fact]
    public void TheProtectedAttributesOfAReportDoNotChangeItsScores()
    {
        var scorer = new ModelScorer(Train());
        var report = TestReports.Sar($"filler1 {Signal("PHOTO")} filler9");
        var withProtected = report with { Protected = new ProtectedAttributes(new Dictionary<string, string> { ["race"] = "X", ["religion"] = "Y" }) };

        Assert.Equal(scorer.Score(report).Scores, scorer.Score(withProtected).Scores);
    }

    [Fact]
    public void TheCalibrationSplitKeepsEachGroupOnOneSideAndSplitsUngroupedExamplesByRow()
    {
        // Four families ("F0".."F3") of ten templates each, as the generator names them ("PHOTO.3").
        var grouped = Data(2000, 4).Select((e, i) => e with { Group = i < 1500 ? $"F{i % 4}.{i % 40}" : null }).ToList();

        var (training, calibration) = OneVsRestTrainer.Split(grouped, new OneVsRestOptions());

        Assert.Equal(grouped.Count, training.Length + calibration.Length);
        Assert.Empty(training.Intersect(calibration));
        var calibrationGroups = calibration.Select(i => grouped[i].Group).Where(g => g is not null).ToHashSet();
        Assert.DoesNotContain(training, i => grouped[i].Group is { } g && calibrationGroups.Contains(g));
        // A fifth of each family: two templates of each of the four.
        Assert.Equal(8, calibrationGroups.Count);
        Assert.Equal(4, calibrationGroups.Select(g => g![..2]).Distinct().Count());
        Assert.InRange(calibration.Count(i => grouped[i].Group is null), 70, 130);
        var again = OneVsRestTrainer.Split(grouped, new OneVsRestOptions());
        Assert.Equal(training, again.Training);
        Assert.Equal(calibration, again.Calibration);
    }

    [Fact]
    public void CrossFittingFoldsKeepEachGroupInOneFoldAndGiveEveryFoldSomeOfEveryFamily()
    {
        var grouped = Data(3000, 6).Select((e, i) => e with { Group = i < 2400 ? $"F{i % 4}.{i % 40}" : null }).ToList();

        var folds = OneVsRestTrainer.Folds(grouped, 3, seed: 11);

        Assert.All(grouped.Select((e, i) => (e.Group, Fold: folds[i])).Where(p => p.Group is not null).GroupBy(p => p.Group),
            group => Assert.Single(group.Select(p => p.Fold).Distinct()));
        for (var fold = 0; fold < 3; fold++)
        {
            var families = grouped.Where((e, i) => folds[i] == fold && e.Group is not null).Select(e => e.Group![..2]).Distinct().Count();
            Assert.Equal(4, families);
            Assert.Equal(200, grouped.Where((e, i) => folds[i] == fold && e.Group is null).Count());
        }
        Assert.Equal(folds, OneVsRestTrainer.Folds(grouped, 3, seed: 11));
    }

    [Fact]
    public void ThresholdsAreTheBestF1AmongThoseThatReachTheTargetPrecision()
    {
        double[] probabilities = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
        bool[] labels = [true, true, false, true, true, false, false, false];

        // Cuts: 0.8 → P 1, F1 0.8; 0.6 → P 0.75, F1 0.75; 0.5 → P 0.8, F1 0.889 (best overall).
        Assert.Equal(0.45, OneVsRestTrainer.ChooseThreshold(probabilities, labels, target: 0.8), 6);
        Assert.Equal(0.75, OneVsRestTrainer.ChooseThreshold(probabilities, labels, target: 0.9), 6);
        // With a tolerance, the lowest cut whose F1 is within it of the best (0.889 at 0.5): the cut
        // at 0.4 (F1 0.8) is within 0.1; every cut is within 0.4, down to the last (0.2, F1 0.667).
        Assert.Equal(0.35, OneVsRestTrainer.ChooseThreshold(probabilities, labels, target: 0.5, tolerance: 0.1), 6);
        Assert.Equal(0.10, OneVsRestTrainer.ChooseThreshold(probabilities, labels, target: 0.5, tolerance: 0.4), 6);
    }

    private static byte[] Reencode(byte[] gzipped, Action<byte[]> edit)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzipped), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        var bytes = raw.ToArray();
        edit(bytes);
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }
}
