using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Pipeline.Observability;

/// <summary>The Prometheus metric type an instrument is exposed as.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>How measurements of one series combine.</summary>
internal enum Aggregation
{
    /// <summary>Synchronous counters and up-down counters: measurements are increments.</summary>
    Sum,

    /// <summary>Gauges and every observable instrument: a measurement is the current value.</summary>
    LastValue,

    /// <summary>Histograms: bucket counts and a sum.</summary>
    Histogram,
}

/// <summary>A counter shared by the collector and its aggregators: bumped once per scrape.</summary>
internal sealed class ScrapeGeneration
{
    private long _value;

    public long Current => Volatile.Read(ref _value);

    public long Advance() => Interlocked.Increment(ref _value);
}

/// <summary>
/// Aggregates one instrument's measurements per tag set. It is the listener's per-instrument
/// state, so a measurement reaches it without any lookup by instrument.
/// </summary>
internal sealed class InstrumentAggregator
{
    /// <summary>
    /// Series kept per instrument. Measurements for further tag sets are folded into one series
    /// labelled otel_metric_overflow="true" (the OpenTelemetry convention) rather than growing memory without bound.
    /// </summary>
    public const int MaxSeries = 2000;

    private const string OverflowLabels = "otel_metric_overflow=\"true\"";

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly Lock _addLock = new();
    private readonly ScrapeGeneration _generation;
    private readonly bool _monotonic;
    private readonly double[] _bounds;
    private int _seriesCount;
    private MetricSeries? _overflow;
    private int _conflictReported;

    private InstrumentAggregator(
        Instrument instrument,
        MetricType type,
        Aggregation aggregation,
        bool monotonic,
        ScrapeGeneration generation)
    {
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        _generation = generation;
        _monotonic = monotonic;
        _bounds = aggregation == Aggregation.Histogram ? HistogramBuckets.For(instrument) : [];
        Type = type;
        Aggregation = aggregation;
        IsObservable = instrument.IsObservable;
        MeterName = instrument.Meter.Name;
        InstrumentName = instrument.Name;
        MetricName = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, type);
        Help = instrument.Description ?? string.Empty;
    }

    public MetricType Type { get; }

    public Aggregation Aggregation { get; }

    public bool IsObservable { get; }

    public string MeterName { get; }

    public string InstrumentName { get; }

    public string MetricName { get; }

    public string Help { get; }

    /// <summary>Histogram bucket upper bounds, ascending, without +Inf.</summary>
    public ReadOnlySpan<double> Bounds => _bounds;

    /// <summary>Returns null for an instrument type this collector does not know how to expose.</summary>
    public static InstrumentAggregator? TryCreate(Instrument instrument, ScrapeGeneration generation)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        // Observable instruments report the current total, not an increment, hence LastValue for all of them.
        var definition = type.GetGenericTypeDefinition();
        (MetricType Type, Aggregation Aggregation, bool Monotonic)? kind =
            definition == typeof(Counter<>) ? (MetricType.Counter, Aggregation.Sum, true)
            : definition == typeof(UpDownCounter<>) ? (MetricType.Gauge, Aggregation.Sum, false)
            : definition == typeof(Gauge<>) ? (MetricType.Gauge, Aggregation.LastValue, false)
            : definition == typeof(Histogram<>) ? (MetricType.Histogram, Aggregation.Histogram, false)
            : definition == typeof(ObservableCounter<>) ? (MetricType.Counter, Aggregation.LastValue, false)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricType.Gauge, Aggregation.LastValue, false)
            : definition == typeof(ObservableGauge<>) ? (MetricType.Gauge, Aggregation.LastValue, false)
            : null;

        return kind is { } k
            ? new InstrumentAggregator(instrument, k.Type, k.Aggregation, k.Monotonic, generation)
            : null;
    }

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (Aggregation)
        {
            case Aggregation.Sum:
                if (_monotonic && value < 0)
                {
                    return;
                }

                GetSeries(tags).Add(value);
                break;
            case Aggregation.LastValue:
                GetSeries(tags).Set(value, _generation.Current);
                break;
            default:
                var series = GetSeries(tags);
                series.Count(HistogramBuckets.IndexOf(_bounds, value));
                series.Add(value);
                break;
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (Aggregation)
        {
            case Aggregation.Sum:
                // A NaN would poison the sum for good; a counter cannot go down.
                if (double.IsNaN(value) || (_monotonic && value < 0))
                {
                    return;
                }

                GetSeries(tags).Add(value);
                break;
            case Aggregation.LastValue:
                GetSeries(tags).Set(value, _generation.Current);
                break;
            default:
                if (double.IsNaN(value))
                {
                    return;
                }

                var series = GetSeries(tags);
                series.Count(HistogramBuckets.IndexOf(_bounds, value));
                series.Add(value);
                break;
        }
    }

    /// <summary>Live series, including the overflow series if any. Safe to call while recording.</summary>
    public IEnumerable<MetricSeries> Series()
    {
        foreach (var entry in _series)
        {
            yield return entry.Value;
        }

        if (Volatile.Read(ref _overflow) is { } overflow)
        {
            yield return overflow;
        }
    }

    /// <summary>
    /// Drops observable series that the latest observation did not report (a queue that no longer
    /// exists should disappear, not freeze at its last depth). Called under the scrape lock, the
    /// only place observable instruments are observed.
    /// </summary>
    public void RemoveSeriesNotObservedIn(long generation)
    {
        lock (_addLock)
        {
            foreach (var entry in _series)
            {
                if (entry.Value.Generation != generation && _series.TryRemove(entry))
                {
                    _seriesCount--;
                }
            }

            if (_overflow is { } overflow && overflow.Generation != generation)
            {
                _overflow = null;
            }
        }
    }

    /// <summary>True the first time only, so a name conflict is logged once, not every scrape.</summary>
    public bool ShouldReportConflict() => Interlocked.Exchange(ref _conflictReported, 1) == 0;

    private MetricSeries GetSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(tags, out var series) ? series : AddSeries(tags);

    private MetricSeries AddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var bucketCount = Aggregation == Aggregation.Histogram ? _bounds.Length + 1 : 0;
        lock (_addLock)
        {
            if (_lookup.TryGetValue(tags, out var series))
            {
                return series;
            }

            if (_seriesCount >= MaxSeries)
            {
                return _overflow ??= new MetricSeries(OverflowLabels, bucketCount);
            }

            series = new MetricSeries(FormatLabels(tags), bucketCount);
            _series[TagSet.Create(tags)] = series;
            _seriesCount++;
            return series;
        }
    }

    private string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var labels = new (string Name, string Key, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var name = PrometheusNaming.Sanitize(tags[i].Key);

            // "le" is the bucket label; a tag of that name is renamed the way Prometheus renames clashing labels.
            if (Type == MetricType.Histogram && name == "le")
            {
                name = "exported_le";
            }

            labels[i] = (name, tags[i].Key, PrometheusNaming.LabelValue(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Key, b.Key);
        });

        // Tag keys that sanitize to the same label name ("a.b" and "a_b") share one label, their
        // values joined with ';' in key order, as OpenTelemetry's Prometheus mapping does.
        var builder = new StringBuilder();
        for (var i = 0; i < labels.Length; i++)
        {
            var sameAsPrevious = i > 0 && labels[i].Name == labels[i - 1].Name;
            if (sameAsPrevious)
            {
                builder.Length--;
                builder.Append(';');
            }
            else
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(labels[i].Name).Append("=\"");
            }

            PrometheusNaming.AppendEscapedLabelValue(builder, labels[i].Value);
            builder.Append('"');
        }

        return builder.ToString();
    }
}
