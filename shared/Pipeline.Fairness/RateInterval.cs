namespace Pipeline.Fairness;

/// <summary>
/// A proportion with its 95% Wilson score interval. When the denominator is 0 the rate is not
/// defined: <see cref="Value"/>, <see cref="Lower"/> and <see cref="Upper"/> are NaN and
/// <see cref="IsDefined"/> is false, never a silent 0.
/// </summary>
/// <param name="Value">Numerator / Denominator, or NaN when the denominator is 0.</param>
/// <param name="Lower">Lower bound of the 95% Wilson score interval, or NaN.</param>
/// <param name="Upper">Upper bound of the 95% Wilson score interval, or NaN.</param>
/// <param name="Numerator">Count of events.</param>
/// <param name="Denominator">Count of trials.</param>
public sealed record RateInterval(double Value, double Lower, double Upper, long Numerator, long Denominator)
{
    /// <summary>The normal quantile for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959964;

    /// <summary>True when the denominator is positive, so the rate has a value.</summary>
    public bool IsDefined => Denominator > 0;

    /// <summary>Builds the rate and its Wilson score interval at 95%.</summary>
    /// <param name="numerator">Count of events, between 0 and <paramref name="denominator"/>.</param>
    /// <param name="denominator">Count of trials, 0 or more.</param>
    /// <returns>The rate; undefined (NaN) when <paramref name="denominator"/> is 0.</returns>
    public static RateInterval Wilson(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denominator);
        ArgumentOutOfRangeException.ThrowIfNegative(numerator);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numerator, denominator);
        if (denominator == 0)
        {
            return new RateInterval(double.NaN, double.NaN, double.NaN, numerator, denominator);
        }

        double n = denominator;
        var p = numerator / n;
        const double z2 = Z95 * Z95;
        var scale = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / scale;
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / scale;
        // Clamp so rounding at 0/n and n/n never leaves the rate outside its own interval.
        return new RateInterval(p, Math.Clamp(centre - half, 0, p), Math.Clamp(centre + half, p, 1), numerator, denominator);
    }
}
