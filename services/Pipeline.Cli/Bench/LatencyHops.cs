using System.Globalization;
using System.Text;
using Pipeline.Worker;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Where the records' latency went, hop by hop: the worker records each report's four hops
/// (<c>pipeline.processing.hop_latency</c>) just before its whole latency, on the same thread, so a
/// record's hops are held per thread until its whole latency arrives and says whether to keep them.
/// Thread-safe.
/// </summary>
internal sealed class LatencyHops
{
    private static readonly string[] Labels = ["raw topic → Ingest takes it", "Ingest maps and geocodes", "normalized topic → Process takes it", "Process, to the commit"];

    [ThreadStatic]
    private static double[]? t_pending;

    private readonly Lock _gate = new();
    private readonly List<(double Total, double[] Hops)> _samples = [];

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

    /// <summary>One hop of the record whose whole latency comes next on this thread.</summary>
    public static void AddHop(string hop, double milliseconds)
    {
        var index = IndexOf(hop);
        if (index >= 0)
        {
            (t_pending ??= NewPending())[index] = milliseconds;
        }
    }

    /// <summary>The whole latency of the record whose hops this thread holds: kept with them when <paramref name="keep"/>.</summary>
    public void AddTotal(double milliseconds, bool keep)
    {
        if (t_pending is not { } hops || hops.Any(double.IsNaN))
        {
            // No hops for this record (no normalized timestamp): it is not broken down.
            t_pending = null;
            return;
        }
        t_pending = null;
        if (keep)
        {
            lock (_gate)
            {
                _samples.Add((milliseconds, hops));
            }
        }
    }

    /// <summary>Per hop: p50, p95 and p99 over the kept records, and the mean over their slowest 1 % (which add up to those records' mean latency).</summary>
    public string Render()
    {
        List<(double Total, double[] Hops)> samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }
        if (samples.Count == 0)
        {
            return "";
        }
        var slowest = samples.OrderByDescending(s => s.Total).Take(Math.Max(1, samples.Count / 100)).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  {"by hop (same records)",-38}{"p50",9}{"p95",9}{"p99",9}   slowest 1% ({slowest.Count:N0}, mean {slowest.Average(s => s.Total):N0} ms)\n");
        for (var hop = 0; hop < Labels.Length; hop++)
        {
            var histogram = new LatencyHistogram();
            foreach (var sample in samples)
            {
                histogram.Add(sample.Hops[hop]);
            }
            text.Append(CultureInfo.InvariantCulture,
                $"    {Labels[hop],-36}{histogram.Percentile(50),6:N0} ms{histogram.Percentile(95),6:N0} ms{histogram.Percentile(99),6:N0} ms   {slowest.Average(s => s.Hops[hop]),6:N0} ms\n");
        }
        return text.ToString();
    }

    private static int IndexOf(string hop)
    {
        for (var i = 0; i < WorkerMetrics.Hops.Count; i++)
        {
            if (string.Equals(WorkerMetrics.Hops[i], hop, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static double[] NewPending()
    {
        var pending = new double[WorkerMetrics.Hops.Count];
        Array.Fill(pending, double.NaN);
        return pending;
    }
}
