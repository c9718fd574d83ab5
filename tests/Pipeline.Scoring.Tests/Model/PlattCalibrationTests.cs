using Pipeline.Scoring.Model;

namespace Pipeline.Scoring.Tests.Model;

public sealed class PlattCalibrationTests
{
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
            labels.Add(random.NextDouble() < Logistic.Sigmoid(z));
            logOdds.Add(3 * z);
        }

        var calibration = PlattCalibration.Fit(logOdds, labels);

        Assert.InRange(calibration.A, 0.30, 0.37);
        Assert.InRange(calibration.B, -0.1, 0.1);
        Assert.Equal(Logistic.Sigmoid(1), calibration.Calibrate(3), 1);
    }

    [Fact]
    public void PlattScalingOnOneClassIsTheIdentity()
    {
        Assert.Equal(PlattCalibration.Identity, PlattCalibration.Fit([1.0, 2.0], [true, true]));
    }
}
