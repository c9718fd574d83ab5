namespace Pipeline.Scoring.Model;

/// <summary>One training or scoring row: sparse feature indices (unique) with their values.</summary>
/// <param name="Indices">Feature indices, each below the model's dimension.</param>
/// <param name="Values">The values, one per index.</param>
public readonly record struct SparseRow(int[] Indices, float[] Values);

/// <summary>Settings of <see cref="LogisticRegression.Train"/>.</summary>
public sealed class LogisticRegressionOptions
{
    /// <summary>L2 penalty per example (weight decay); the bias is not penalized.</summary>
    public double L2 { get; init; } = 1e-6;

    /// <summary>AdaGrad's base learning rate.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Seed of the shuffles: the same seed and data give the same weights.</summary>
    public int Seed { get; init; } = 20261122;

    /// <summary>Weight of positive examples relative to negatives (rare categories).</summary>
    public double PositiveWeight { get; init; } = 1;
}

/// <summary>
/// Binary logistic regression with L2 regularization, trained by AdaGrad stochastic gradient
/// descent over sparse rows: per-coordinate step sizes η/√(Σg²), lazily applied weight decay, a
/// seeded shuffle per epoch, so training is deterministic for a seed. One of these per ISE-SAR
/// category makes the one-vs-rest model. Being linear, the score's log-odds are exactly the sum
/// of per-feature contributions (w_i · x_i) plus the bias: that sum is the explanation.
/// </summary>
public sealed class LogisticRegression
{
    private LogisticRegression(float[] weights, float bias)
    {
        Weights = weights;
        Bias = bias;
    }

    /// <summary>One weight per feature.</summary>
    public float[] Weights { get; }

    /// <summary>The intercept.</summary>
    public float Bias { get; }

    /// <summary>Builds a model from stored weights.</summary>
    public static LogisticRegression FromWeights(float[] weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new LogisticRegression(weights, bias);
    }

    /// <summary>The log-odds of the positive class: bias plus Σ w_i·x_i.</summary>
    public double LogOdds(SparseRow row)
    {
        double z = Bias;
        var indices = row.Indices;
        var values = row.Values;
        for (var i = 0; i < indices.Length; i++)
        {
            z += Weights[indices[i]] * values[i];
        }
        return z;
    }

    /// <summary>The (uncalibrated) probability of the positive class.</summary>
    public double Probability(SparseRow row) => Sigmoid(LogOdds(row));

    /// <summary>The logistic function, stable for large |z|.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Trains on rows with 0/1 labels; <paramref name="dimension"/> bounds every index.</summary>
    public static LogisticRegression Train(IReadOnlyList<SparseRow> rows, IReadOnlyList<bool> labels, int dimension, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (rows.Count != labels.Count)
        {
            throw new ArgumentException($"{rows.Count} rows but {labels.Count} labels", nameof(labels));
        }
        options ??= new LogisticRegressionOptions();
        var w = new double[dimension];
        var g2 = new double[dimension];
        var lastStep = new int[dimension];
        double bias = 0, biasG2 = 0;
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var random = new Random(options.Seed);
        var step = 0;
        var eta = options.LearningRate;
        var l2 = options.L2;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var r in order)
            {
                step++;
                var row = rows[r];
                var indices = row.Indices;
                var values = row.Values;
                // Bring this row's weights up to date with the decay they missed while unused.
                double z = bias;
                for (var i = 0; i < indices.Length; i++)
                {
                    var j = indices[i];
                    var missed = step - 1 - lastStep[j];
                    if (missed > 0 && l2 > 0 && w[j] != 0)
                    {
                        var rate = eta / Math.Sqrt(g2[j] + 1e-8);
                        w[j] *= Math.Pow(Math.Max(0, 1 - (rate * l2)), missed);
                    }
                    lastStep[j] = step;
                    z += w[j] * values[i];
                }
                var label = labels[r] ? 1.0 : 0.0;
                var weight = labels[r] ? options.PositiveWeight : 1.0;
                var error = (Sigmoid(z) - label) * weight;
                for (var i = 0; i < indices.Length; i++)
                {
                    var j = indices[i];
                    var g = (error * values[i]) + (l2 * w[j]);
                    g2[j] += g * g;
                    w[j] -= eta / Math.Sqrt(g2[j] + 1e-8) * g;
                }
                biasG2 += error * error;
                bias -= eta / Math.Sqrt(biasG2 + 1e-8) * error;
            }
        }
        return new LogisticRegression([.. w.Select(x => (float)x)], (float)bias);
    }
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
    public double Calibrate(double z) => LogisticRegression.Sigmoid((A * z) + B);

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
                var p = Math.Clamp(LogisticRegression.Sigmoid((a0 * logOdds[i]) + b0), 1e-15, 1 - 1e-15);
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
                var p = LogisticRegression.Sigmoid((a * logOdds[i]) + b);
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
