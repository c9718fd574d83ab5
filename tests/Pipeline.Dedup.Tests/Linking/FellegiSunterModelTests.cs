using Pipeline.Dedup.Linking;

namespace Pipeline.Dedup.Tests.Linking;

public sealed class FellegiSunterModelTests
{
    // A known model: m and u per level for every feature (index 0 is Unknown and ignored).
    private static readonly Dictionary<LinkFeature, double[]> _m = new()
    {
        [LinkFeature.Distance] = [1, 0.7, 0.25, 0.04, 0.01],
        [LinkFeature.TimeGap] = [1, 0.8, 0.1, 0.06, 0.03, 0.01],
        [LinkFeature.Narrative] = [1, 0.6, 0.25, 0.1, 0.05],
        [LinkFeature.Category] = [1, 0.3, 0.6, 0.1],
        [LinkFeature.Plates] = [1, 0.85, 0.1, 0.05],
        [LinkFeature.Subjects] = [1, 0.7, 0.2, 0.1],
    };

    private static readonly Dictionary<LinkFeature, double[]> _u = new()
    {
        [LinkFeature.Distance] = [1, 0.1, 0.2, 0.5, 0.2],
        [LinkFeature.TimeGap] = [1, 0.05, 0.1, 0.2, 0.25, 0.4],
        [LinkFeature.Narrative] = [1, 0.05, 0.15, 0.3, 0.5],
        [LinkFeature.Category] = [1, 0.1, 0.4, 0.5],
        [LinkFeature.Plates] = [1, 0.01, 0.02, 0.97],
        [LinkFeature.Subjects] = [1, 0.1, 0.3, 0.6],
    };

    [Fact]
    public void WeightIsTheSumOfLog2MOverUAndUnknownLevelsAddNothing()
    {
        var model = Known();
        var vector = new ComparisonVector(DistanceLevel.Under50Meters, TimeGapLevel.Under15Minutes, NarrativeLevel.High, CategoryLevel.Unknown, PlatesLevel.Unknown, SubjectsLevel.Disagree);
        var expected = Math.Log2(0.7 / 0.1) + Math.Log2(0.8 / 0.05) + Math.Log2(0.6 / 0.05) + Math.Log2(0.1 / 0.6);
        Assert.Equal(expected, model.Weight(vector), 9);
        var explained = model.Explain(vector);
        Assert.Equal(FeatureAgreement.Unknown, explained[(int)LinkFeature.Plates].Agreement);
        Assert.Equal(FeatureAgreement.Disagreed, explained[(int)LinkFeature.Subjects].Agreement);
        Assert.Equal(FeatureAgreement.Agreed, explained[(int)LinkFeature.Distance].Agreement);
        Assert.Equal(expected, explained.Sum(o => o.Weight), 9);
    }

    [Fact]
    public void ThresholdsCutWeightsIntoThreeBands()
    {
        var model = Known().WithThresholds(0, 8);
        Assert.Equal(LinkBand.NoLink, model.BandOf(-0.1));
        Assert.Equal(LinkBand.PossibleDuplicate, model.BandOf(0));
        Assert.Equal(LinkBand.PossibleDuplicate, model.BandOf(7.9));
        Assert.Equal(LinkBand.Link, model.BandOf(8));
        Assert.Throws<ArgumentException>(() => model.WithThresholds(9, 8));
    }

    [Fact]
    public void SupervisedTrainingRecoversKnownMAndU()
    {
        var pairs = Sample(Known(), 0.2, 60_000, new Random(11)).ToList();
        var trained = FellegiSunterModel.Train(pairs);
        AssertClose(trained, 0.02); // about 5 standard errors for m (12,000 matches)
        Assert.Equal(0.2, trained.MatchProbability, 2);
    }

    [Fact]
    public void EmFromAPoorStartConvergesNearTheKnownModel()
    {
        var vectors = Sample(Known(), 0.2, 60_000, new Random(12)).Select(p => p.Vector).ToList();
        var flatM = LinkFeatures.All.ToDictionary(f => f, f => (IReadOnlyList<double>)Flat(f, better: true));
        var flatU = LinkFeatures.All.ToDictionary(f => f, f => (IReadOnlyList<double>)Flat(f, better: false));
        var start = new FellegiSunterModel(flatM, flatU, 0.5, 0, 0);
        var result = FellegiSunterModel.EstimateEm(vectors, start);
        Assert.True(result.Converged, $"not converged after {result.Iterations} iterations");
        for (var i = 1; i < result.LogLikelihoods.Count; i++)
        {
            Assert.True(result.LogLikelihoods[i] >= result.LogLikelihoods[i - 1] - 1e-6, $"log-likelihood fell at iteration {i}");
        }
        AssertClose(result.Model, 0.03);
        Assert.Equal(0.2, result.Model.MatchProbability, 1);
    }

    [Fact]
    public void JsonRoundTripKeepsEveryParameter()
    {
        var model = Known().WithThresholds(1.5, 9.25).WithVersion("test-1", "round trip")
            .WithClockOffsets(new FeedClockOffsets([new FeedClockOffset("a", "b", 6, 42)]));
        var copy = FellegiSunterModel.FromJson(model.ToJson());
        Assert.Equal(model.ToJson(), copy.ToJson());
        Assert.Equal(9.25, copy.LinkThreshold);
        Assert.Equal("test-1", copy.ModelVersion);
        Assert.Equal(6, Assert.Single(copy.ClockOffsets.Offsets).Hours);
    }

    [Fact]
    public void JsonOfAnotherFormatVersionOrWithAMissingLevelIsRejected()
    {
        var json = Known().ToJson();
        Assert.Throws<FormatException>(() => FellegiSunterModel.FromJson(json.Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => FellegiSunterModel.FromJson(json.Replace("\"Under50Meters\"", "\"Nearby\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void ShippedDefaultModelLoads()
    {
        var model = FellegiSunterModel.Default;
        Assert.True(model.LinkThreshold > model.ReviewThreshold);
        Assert.True(model.LevelWeight(LinkFeature.Plates, (int)PlatesLevel.Exact) > 5);
        Assert.NotEmpty(model.ClockOffsets.Offsets);
    }

    private static FellegiSunterModel Known() => new(
        _m.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
        _u.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
        0.2, 0, 10);

    private static double[] Flat(LinkFeature feature, bool better)
    {
        // Mildly informative start: m leans to the first (agreeing) levels, u to the last.
        var levels = LinkFeatures.LevelCount(feature);
        var values = new double[levels];
        values[0] = 1;
        var total = 0.0;
        for (var level = 1; level < levels; level++)
        {
            values[level] = better ? levels - level : level;
            total += values[level];
        }
        for (var level = 1; level < levels; level++)
        {
            values[level] /= total;
        }
        return values;
    }

    private static List<LabelledPair> Sample(FellegiSunterModel model, double matchShare, int count, Random random)
    {
        Span<int> levels = stackalloc int[LinkFeatures.Count];
        var pairs = new List<LabelledPair>(count);
        for (var i = 0; i < count; i++)
        {
            var isMatch = random.NextDouble() < matchShare;
            foreach (var feature in LinkFeatures.All)
            {
                var draw = random.NextDouble();
                var level = 1;
                for (; level < LinkFeatures.LevelCount(feature) - 1; level++)
                {
                    draw -= isMatch ? model.M(feature, level) : model.U(feature, level);
                    if (draw < 0)
                    {
                        break;
                    }
                }
                levels[(int)feature] = level;
            }
            pairs.Add(new LabelledPair(ComparisonVector.FromLevels(levels), isMatch));
        }
        return pairs;
    }

    private static void AssertClose(FellegiSunterModel estimated, double tolerance)
    {
        foreach (var feature in LinkFeatures.All)
        {
            for (var level = 1; level < LinkFeatures.LevelCount(feature); level++)
            {
                Assert.True(Math.Abs(estimated.M(feature, level) - _m[feature][level]) <= tolerance, $"m[{feature}][{level}] = {estimated.M(feature, level):0.0000}, expected {_m[feature][level]}");
                Assert.True(Math.Abs(estimated.U(feature, level) - _u[feature][level]) <= tolerance, $"u[{feature}][{level}] = {estimated.U(feature, level):0.0000}, expected {_u[feature][level]}");
            }
        }
    }
}
