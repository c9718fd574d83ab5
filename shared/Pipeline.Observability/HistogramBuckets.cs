using System.Diagnostics.Metrics;

namespace Pipeline.Observability;

/// <summary>Chooses a histogram's bucket upper bounds (the +Inf bucket is implicit).</summary>
internal static class HistogramBuckets
{
    /// <summary>For unit "s": 5 ms to 10 s, the OpenTelemetry HTTP-duration advice.</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>For unit "ms": the same 5 ms to 10 s range.</summary>
    public static readonly double[] Milliseconds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>For any other unit: the OpenTelemetry SDK's default explicit buckets.</summary>
    public static readonly double[] Generic = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument)
    {
        var advice = instrument switch
        {
            Instrument<byte> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<short> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<int> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<long> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<float> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<double> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => v),
            Instrument<decimal> typed => Convert(typed.Advice?.HistogramBucketBoundaries, static v => (double)v),
            _ => null,
        };

        return advice ?? instrument.Unit switch
        {
            "s" => Seconds,
            "ms" => Milliseconds,
            _ => Generic,
        };
    }

    /// <summary>Index of the bucket a value falls in: the first bound with value &lt;= bound, else +Inf.</summary>
    public static int IndexOf(double[] bounds, double value)
    {
        int low = 0, high = bounds.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (bounds[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static double[]? Convert<T>(IReadOnlyList<T>? bounds, Func<T, double> toDouble)
    {
        if (bounds is null)
        {
            return null;
        }

        // The runtime already insists on ascending advice; infinities and NaN have no place as bounds.
        return [.. bounds.Select(toDouble).Where(double.IsFinite).Distinct().Order()];
    }
}
