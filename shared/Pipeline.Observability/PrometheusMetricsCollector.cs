using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Observability;

/// <summary>
/// Listens to the process's <see cref="System.Diagnostics.Metrics"/> instruments and renders
/// them in the Prometheus text exposition format, version 0.0.4.
/// </summary>
/// <remarks>
/// <para>
/// Every instrument whose meter name starts (ordinal comparison) with the configured prefix is
/// aggregated per tag set from the moment both exist, including instruments created later.
/// <see cref="Counter{T}"/> becomes a counter (sum, name ending in <c>_total</c>);
/// <see cref="ObservableCounter{T}"/> a counter holding the observed total;
/// <see cref="UpDownCounter{T}"/> a gauge holding the sum; <see cref="ObservableUpDownCounter{T}"/>,
/// <see cref="ObservableGauge{T}"/> and <see cref="Gauge{T}"/> gauges holding the last value;
/// <see cref="Histogram{T}"/> a histogram with cumulative buckets. Negative or NaN increments of a
/// <see cref="Counter{T}"/> and NaN histogram values are ignored.
/// </para>
/// <para>
/// Histogram buckets come from the instrument's advice
/// (<see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>) when it has any. Otherwise they
/// depend on the unit: for <c>"s"</c> 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5,
/// 5, 7.5, 10; for <c>"ms"</c> the same range in milliseconds, 5 to 10000; for any other unit
/// 0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000. A +Inf bucket is always added.
/// </para>
/// <para>
/// When a meter is disposed its instruments stop appearing in the next scrape. Observable series
/// that the latest callback did not report are dropped rather than kept at a stale value, and a
/// callback that throws is logged and its series left out of that scrape. At most
/// 2000 series are kept per instrument; measurements for further tag sets are counted in one series
/// labelled <c>otel_metric_overflow="true"</c>. Instruments from different meters that map to the
/// same metric name are merged into one metric when they have the same type (and buckets); otherwise
/// the first by meter name is kept and the others are logged once and left out.
/// </para>
/// <para>
/// Recording is lock-free: a measurement for a tag set already seen costs a hash, a dictionary probe
/// and one interlocked update, with no allocation. Scrapes are serialized among themselves.
/// </para>
/// </remarks>
public sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The meter-name prefix used when none is given.</summary>
    public const string DefaultMeterPrefix = "Pipeline";

    /// <summary>The HTTP content type of the text exposition format this collector writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();
    private readonly ScrapeGeneration _generation = new();
    private readonly Lock _scrapeLock = new();
    private readonly ILogger _logger;
    private bool _disposed;

    /// <summary>Starts listening to every instrument whose meter name starts with <paramref name="meterPrefix"/>.</summary>
    /// <param name="meterPrefix">Meter-name prefix, compared ordinally; empty listens to every meter.</param>
    /// <param name="logger">Receives failed observable callbacks and metric-name conflicts; optional.</param>
    public PrometheusMetricsCollector(string meterPrefix = DefaultMeterPrefix, ILogger<PrometheusMetricsCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(meterPrefix);
        MeterPrefix = meterPrefix;
        _logger = logger ?? NullLogger<PrometheusMetricsCollector>.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };

        // Static lambdas: the aggregator arrives as the listener state, so nothing is captured or looked up.
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((double)value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>The meter-name prefix this collector listens to.</summary>
    public string MeterPrefix { get; }

    /// <summary>Observes the observable instruments and returns the whole exposition as a string.</summary>
    /// <returns>The metrics in Prometheus text format 0.0.4, lines ending in <c>\n</c>.</returns>
    /// <exception cref="ObjectDisposedException">The collector has been disposed.</exception>
    public string Scrape()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Observes the observable instruments (<see cref="MeterListener.RecordObservableInstruments"/>),
    /// then writes <c># HELP</c>, <c># TYPE</c> and sample lines for every metric that has samples,
    /// ordered by metric name, then by label set.
    /// </summary>
    /// <param name="writer">Receives the exposition; lines end in <c>\n</c> whatever its <see cref="TextWriter.NewLine"/>.</param>
    /// <exception cref="ObjectDisposedException">The collector has been disposed.</exception>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_scrapeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var generation = _generation.Advance();
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException exception)
            {
                // The runtime still observes every other instrument before throwing; serve what we have.
                ObservabilityLog.ObservableCallbackFailed(_logger, exception);
            }

            foreach (var family in CollectFamilies(generation))
            {
                family.WriteTo(writer);
            }
        }
    }

    /// <summary>Stops listening. Further scrapes throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_scrapeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener.Dispose();
            _aggregators.Clear();
        }
    }

    private SortedDictionary<string, MetricFamily>.ValueCollection CollectFamilies(long generation)
    {
        var families = new SortedDictionary<string, MetricFamily>(StringComparer.Ordinal);

        // Meter-name order decides which instrument wins a name conflict, so it must not vary between scrapes.
        var aggregators = _aggregators.Values
            .OrderBy(a => a.MeterName, StringComparer.Ordinal)
            .ThenBy(a => a.InstrumentName, StringComparer.Ordinal);

        foreach (var aggregator in aggregators)
        {
            if (aggregator.IsObservable)
            {
                aggregator.RemoveSeriesNotObservedIn(generation);
            }

            if (!families.TryGetValue(aggregator.MetricName, out var family))
            {
                family = new MetricFamily(aggregator);
                families.Add(aggregator.MetricName, family);
            }
            else if (!family.Accepts(aggregator))
            {
                if (aggregator.ShouldReportConflict())
                {
                    ObservabilityLog.MetricNameConflict(_logger, aggregator.InstrumentName, aggregator.MeterName, aggregator.MetricName);
                }

                continue;
            }

            family.Add(aggregator, generation);
        }

        return families.Values;
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
        {
            return;
        }

        if (InstrumentAggregator.TryCreate(instrument, _generation) is { } aggregator)
        {
            _aggregators[instrument] = aggregator;
            listener.EnableMeasurementEvents(instrument, aggregator);
        }
    }

    // Called when the instrument's meter is disposed (and for every instrument when the listener is).
    private void OnMeasurementsCompleted(Instrument instrument, object? state) =>
        _aggregators.TryRemove(instrument, out _);
}
