using System.Globalization;
using System.Text;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Latencies by when their records were published, from the start of publishing: shows whether a
/// run's tail sits in its first seconds (a worker warming up after a restart) or throughout.
/// Begun once publishing starts; read and added to by the latency listener on the worker's threads.
/// </summary>
internal sealed class LatencyTimeline
{
    private readonly Lock _gate = new();
    // Samples by whole second of publication since the start.
    private readonly List<List<double>> _bySecond = [];
    private long _startMs = long.MaxValue;

    public void Begin(DateTimeOffset start) => Interlocked.Exchange(ref _startMs, start.ToUnixTimeMilliseconds());

    /// <summary>How long after the start of publishing <paramref name="publishedAt"/> is: negative before it, and before <see cref="Begin"/>.</summary>
    public TimeSpan SinceStart(DateTimeOffset publishedAt) =>
        Interlocked.Read(ref _startMs) is var start && start == long.MaxValue
            ? TimeSpan.MinValue
            : TimeSpan.FromMilliseconds(publishedAt.ToUnixTimeMilliseconds() - start);

    public void Add(DateTimeOffset publishedAt, double milliseconds)
    {
        var second = (int)Math.Max(0, SinceStart(publishedAt).TotalSeconds);
        lock (_gate)
        {
            while (_bySecond.Count <= second)
            {
                _bySecond.Add([]);
            }
            _bySecond[second].Add(milliseconds);
        }
    }

    /// <summary>
    /// One line per window of publication (whole seconds, at most <paramref name="maxRows"/> rows):
    /// its records and their p50, p99 and max.
    /// </summary>
    public string Render(int maxRows = 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        // Each window's samples go straight into its histogram (which sorts its own copy).
        var windows = new List<(int From, int To, LatencyHistogram Latency)>();
        lock (_gate)
        {
            var window = (int)Math.Ceiling(_bySecond.Count / (double)maxRows);
            for (var from = 0; from < _bySecond.Count; from += window)
            {
                var to = Math.Min(_bySecond.Count, from + window);
                var latency = new LatencyHistogram();
                foreach (var sample in _bySecond.GetRange(from, to - from).SelectMany(s => s))
                {
                    latency.Add(sample);
                }
                windows.Add((from, to, latency));
            }
        }
        if (windows.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder("  latency by when published      records      p50      p99      max\n");
        foreach (var (from, to, histogram) in windows)
        {
            var span = $"{from}–{to} s";
            text.Append(histogram.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"    {span,-27} {0,9:N0}\n")
                : string.Create(CultureInfo.InvariantCulture,
                    $"    {span,-27} {histogram.Count,9:N0} {histogram.Percentile(50),5:N0} ms {histogram.Percentile(99),5:N0} ms {histogram.Max,5:N0} ms\n"));
        }
        return text.ToString();
    }
}
