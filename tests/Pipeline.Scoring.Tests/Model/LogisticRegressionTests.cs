using Pipeline.Scoring.Model;

namespace Pipeline.Scoring.Tests.Model;

public sealed class LogisticRegressionTests
{
    // Rows over 50 features: features 0-4 signal the positive class, 5-9 the negative, the rest noise.
    private static (List<SparseRow> Rows, List<bool> Labels) Data(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<SparseRow>(count);
        var labels = new List<bool>(count);
        for (var n = 0; n < count; n++)
        {
            var positive = random.NextDouble() < 0.3;
            var features = new SortedSet<int>();
            for (var k = 0; k < 3; k++)
            {
                features.Add(random.NextDouble() < 0.85 ? (positive ? random.Next(0, 5) : random.Next(5, 10)) : random.Next(10, 50));
            }
            features.Add(random.Next(10, 50));
            rows.Add(new SparseRow([.. features], [.. features.Select(_ => 1f)]));
            labels.Add(positive);
        }
        return (rows, labels);
    }

    [Fact]
    public void ItLearnsASeparableSignalAndScoresHeldOutRowsCorrectly()
    {
        var (rows, labels) = Data(4000, seed: 1);
        var (test, truth) = Data(1000, seed: 2);

        var model = LogisticRegression.Train(rows, labels, dimension: 50);

        var correct = test.Zip(truth).Count(p => (model.Probability(p.First) >= 0.5) == p.Second);
        Assert.True(correct >= 950, $"{correct} of 1000 correct");
        Assert.True(model.Weights[..5].All(w => w > 0) && model.Weights[5..10].All(w => w < 0), "signal features get signed weights");
    }

    [Fact]
    public void TrainingIsDeterministicForASeedAndDependsOnIt()
    {
        var (rows, labels) = Data(1000, seed: 3);

        var first = LogisticRegression.Train(rows, labels, 50, new LogisticRegressionOptions { Seed = 7 });
        var again = LogisticRegression.Train(rows, labels, 50, new LogisticRegressionOptions { Seed = 7 });
        var other = LogisticRegression.Train(rows, labels, 50, new LogisticRegressionOptions { Seed = 8 });

        Assert.Equal(first.Weights, again.Weights);
        Assert.Equal(first.Bias, again.Bias);
        Assert.NotEqual(first.Weights, other.Weights);
    }

    [Fact]
    public void AStrongerL2PenaltyGivesSmallerWeights()
    {
        var (rows, labels) = Data(2000, seed: 4);

        var loose = LogisticRegression.Train(rows, labels, 50, new LogisticRegressionOptions { L2 = 1e-6 });
        var tight = LogisticRegression.Train(rows, labels, 50, new LogisticRegressionOptions { L2 = 1e-2 });

        Assert.True(Norm(tight.Weights) < 0.8 * Norm(loose.Weights), $"{Norm(tight.Weights):F3} vs {Norm(loose.Weights):F3}");
    }

    [Fact]
    public void TheLogOddsAreExactlyTheBiasPlusEachFeaturesContribution()
    {
        var model = LogisticRegression.FromWeights([0.5f, -1.25f, 2f], bias: -0.75f);
        var row = new SparseRow([0, 2], [2f, 0.5f]);

        Assert.Equal(-0.75 + (0.5 * 2) + (2 * 0.5), model.LogOdds(row), 6);
        Assert.Equal(1 / (1 + Math.Exp(-1.25)), model.Probability(row), 9);
    }

    [Fact]
    public void MismatchedLabelsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => LogisticRegression.Train([new SparseRow([0], [1f])], [true, false], 1));
    }

    [Fact]
    public void PlattScalingRecoversTheSlopeOfAnOverconfidentModel()
    {
        // The truth is σ(z), but the model reports log-odds 3z: calibration must find A ≈ 1/3.
        var random = new Random(5);
        var logOdds = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            var z = (random.NextDouble() * 8) - 4;
            labels.Add(random.NextDouble() < LogisticRegression.Sigmoid(z));
            logOdds.Add(3 * z);
        }

        var calibration = PlattCalibration.Fit(logOdds, labels);

        Assert.InRange(calibration.A, 0.30, 0.37);
        Assert.InRange(calibration.B, -0.1, 0.1);
        Assert.Equal(LogisticRegression.Sigmoid(1), calibration.Calibrate(3), 1);
    }

    [Fact]
    public void PlattScalingOnOneClassIsTheIdentity()
    {
        Assert.Equal(PlattCalibration.Identity, PlattCalibration.Fit([1.0, 2.0], [true, true]));
    }

    private static double Norm(float[] weights) => Math.Sqrt(weights.Sum(w => (double)w * w));
}
