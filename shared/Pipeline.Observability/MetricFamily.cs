namespace Pipeline.Observability;

/// <summary>
/// One metric name in one scrape: the samples of every instrument that maps to that name, merged
/// by label set and sorted so the output is deterministic.
/// </summary>
internal sealed class MetricFamily(InstrumentAggregator first)
{
    private readonly SortedDictionary<string, Sample> _samples = new(StringComparer.Ordinal);
    private readonly double[] _bounds = first.Bounds.ToArray();

    public string Name { get; } = first.MetricName;

    public MetricType Type { get; } = first.Type;

    public string Help { get; private set; } = first.Help;

    /// <summary>
    /// Whether another instrument with this name can share the family. Two meters may well both
    /// have a "records.in" counter; a counter and a gauge, or histograms with different buckets,
    /// cannot be one family.
    /// </summary>
    public bool Accepts(InstrumentAggregator aggregator) =>
        aggregator.Type == Type && aggregator.Bounds.SequenceEqual(_bounds);

    public void Add(InstrumentAggregator aggregator, long generation)
    {
        if (Help.Length == 0)
        {
            Help = aggregator.Help;
        }

        foreach (var series in aggregator.Series())
        {
            // Observable series the latest observation did not report are stale.
            if (aggregator.IsObservable && series.Generation != generation)
            {
                continue;
            }

            var value = aggregator.Aggregation == Aggregation.LastValue ? series.LastValue : series.Sum;
            var buckets = aggregator.Aggregation == Aggregation.Histogram ? series.SnapshotBuckets() : null;

            if (!_samples.TryGetValue(series.Labels, out var sample))
            {
                _samples.Add(series.Labels, new Sample(value, buckets));
            }
            else if (aggregator.Aggregation != Aggregation.LastValue)
            {
                // Same labels from two instruments (or from tag values that print alike, 1 and "1"):
                // sums add up; for last values the first instrument, in meter-name order, wins.
                sample.Merge(value, buckets);
            }
        }
    }

    public void WriteTo(TextWriter writer)
    {
        if (_samples.Count == 0)
        {
            return;
        }

        if (Help.Length > 0)
        {
            writer.Write("# HELP ");
            writer.Write(Name);
            writer.Write(' ');
            writer.Write(PrometheusNaming.EscapeHelp(Help));
            writer.Write('\n');
        }

        writer.Write("# TYPE ");
        writer.Write(Name);
        writer.Write(Type switch
        {
            MetricType.Counter => " counter\n",
            MetricType.Gauge => " gauge\n",
            _ => " histogram\n",
        });

        var bucketLabels = Type == MetricType.Histogram ? Array.ConvertAll(_bounds, PrometheusNaming.FormatNumber) : [];
        foreach (var (labels, sample) in _samples)
        {
            if (sample.Buckets is null)
            {
                WriteSampleStart(writer, string.Empty, labels, le: null);
                PrometheusNaming.WriteNumber(writer, sample.Value);
                writer.Write('\n');
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i < sample.Buckets.Length; i++)
            {
                cumulative += sample.Buckets[i];
                WriteSampleStart(writer, "_bucket", labels, i < bucketLabels.Length ? bucketLabels[i] : "+Inf");
                PrometheusNaming.WriteNumber(writer, cumulative);
                writer.Write('\n');
            }

            WriteSampleStart(writer, "_sum", labels, le: null);
            PrometheusNaming.WriteNumber(writer, sample.Value);
            writer.Write('\n');

            // The count is the +Inf bucket itself, so the two always agree even mid-recording.
            WriteSampleStart(writer, "_count", labels, le: null);
            PrometheusNaming.WriteNumber(writer, cumulative);
            writer.Write('\n');
        }
    }

    private void WriteSampleStart(TextWriter writer, string suffix, string labels, string? le)
    {
        writer.Write(Name);
        writer.Write(suffix);
        if (labels.Length > 0 || le is not null)
        {
            writer.Write('{');
            writer.Write(labels);
            if (le is not null)
            {
                if (labels.Length > 0)
                {
                    writer.Write(',');
                }

                writer.Write("le=\"");
                writer.Write(le);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
    }

    private sealed class Sample(double value, long[]? buckets)
    {
        public double Value { get; private set; } = value;

        public long[]? Buckets { get; } = buckets;

        public void Merge(double value, long[]? buckets)
        {
            Value += value;
            if (Buckets is not null && buckets is not null)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    Buckets[i] += buckets[i];
                }
            }
        }
    }
}
