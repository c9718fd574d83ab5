namespace Pipeline.Scoring.Model;

/// <summary>The logistic function.</summary>
public static class Logistic
{
    /// <summary>σ(z) = 1 / (1 + e^−z), stable for large |z|.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

/// <summary>
/// Platt scaling: maps a model's log-odds to a calibrated probability σ(A·z + B), with A and B
/// fitted on a held-out split by Newton's method with step halving on the log-loss, from Platt's
/// starting point (A = 0, B = the prior log-odds) and with his target smoothing, so that a
/// perfectly separated split does not drive A to infinity.
/// </summary>
/// <param name="A">Slope.</param>
/// <param name="B">Intercept.</param>
public sealed record PlattCalibration(double A, double B)
{
    /// <summary>No change: σ(z).</summary>
    public static PlattCalibration Identity { get; } = new(1, 0);

    /// <summary>The calibrated probability of log-odds <paramref name="z"/>.</summary>
    public double Calibrate(double z) => Logistic.Sigmoid((A * z) + B);

    /// <summary>Fits A and B on held-out (log-odds, label) pairs.</summary>
    public static PlattCalibration Fit(IReadOnlyList<double> logOdds, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(logOdds);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return Identity;
        }
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((positives + 1.0) / (negatives + 1.0));
        double Loss(double a0, double b0)
        {
            double loss = 0;
            for (var i = 0; i < logOdds.Count; i++)
            {
                var t = labels[i] ? hi : lo;
                var p = Math.Clamp(Logistic.Sigmoid((a0 * logOdds[i]) + b0), 1e-15, 1 - 1e-15);
                loss -= (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p));
            }
            return loss;
        }
        var current = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-12, hAB = 0, hBB = 1e-12;
            for (var i = 0; i < logOdds.Count; i++)
            {
                var t = labels[i] ? hi : lo;
                var p = Logistic.Sigmoid((a * logOdds[i]) + b);
                var d = p - t;
                var s = p * (1 - p);
                gA += d * logOdds[i];
                gB += d;
                hAA += s * logOdds[i] * logOdds[i];
                hAB += s * logOdds[i];
                hBB += s;
            }
            var det = (hAA * hBB) - (hAB * hAB);
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }
            var da = ((hBB * gA) - (hAB * gB)) / det;
            var db = ((hAA * gB) - (hAB * gA)) / det;
            // Halve the Newton step until the loss goes down: pure Newton overshoots when the
            // held-out log-odds are large and the probabilities saturate.
            var scale = 1.0;
            var next = Loss(a - da, b - db);
            while (next > current && scale > 1e-10)
            {
                scale /= 2;
                next = Loss(a - (scale * da), b - (scale * db));
            }
            if (next > current)
            {
                break;
            }
            a -= scale * da;
            b -= scale * db;
            var improvement = current - next;
            current = next;
            if (improvement < 1e-10 * Math.Max(1, current))
            {
                break;
            }
        }
        return new PlattCalibration(a, b);
    }
}
