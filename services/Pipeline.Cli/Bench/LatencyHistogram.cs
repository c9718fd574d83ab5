using System.Globalization;
using System.Text;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Latencies in milliseconds with exact percentiles (every sample is kept; a million samples are
/// 8 MB) and a text histogram on logarithmic buckets. Thread-safe for <see cref="Add"/>.
/// </summary>
internal sealed class LatencyHistogram
{
    // Bucket upper bounds in milliseconds: 1-2-5 steps from 1 ms to 100 s.
    private static readonly double[] Bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

    private readonly Lock _gate = new();
    private readonly List<double> _samples = [];
    private double[]? _sorted;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
            _sorted = null;
        }
    }

    /// <summary>The nearest-rank percentile (0 to 100) in milliseconds; NaN without samples.</summary>
    public double Percentile(double percent)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Max => Sorted() is { Length: > 0 } sorted ? sorted[^1] : double.NaN;

    /// <summary>One line per non-empty bucket: bound, count, share and a bar of up to 40 characters.</summary>
    public string Render()
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return "  (no samples)\n";
        }
        var counts = new long[Bounds.Length + 1];
        foreach (var value in sorted)
        {
            var index = Array.FindIndex(Bounds, b => value <= b);
            counts[index < 0 ? Bounds.Length : index]++;
        }
        var largest = counts.Max();
        var text = new StringBuilder();
        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        for (var i = first; i <= last; i++)
        {
            var label = i < Bounds.Length ? $"<= {Format(Bounds[i])}" : $" > {Format(Bounds[^1])}";
            var bar = new string('#', (int)Math.Round(40.0 * counts[i] / largest));
            text.Append(CultureInfo.InvariantCulture, $"  {label,10}  {counts[i],9:N0}  {100.0 * counts[i] / sorted.Length,5:F1}%  {bar}\n");
        }
        return text.ToString();
    }

    private static string Format(double milliseconds) =>
        milliseconds >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.#} s") : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms");

    private double[] Sorted()
    {
        lock (_gate)
        {
            if (_sorted is null)
            {
                _sorted = [.. _samples];
                Array.Sort(_sorted);
            }
            return _sorted;
        }
    }
}
