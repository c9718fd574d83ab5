using Microsoft.Extensions.Logging;

namespace Pipeline.Observability;

internal static partial class ObservabilityLog
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "An observable instrument callback failed during a metrics scrape; the series it did not report are left out of this scrape")]
    public static partial void ObservableCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "Instrument {InstrumentName} of meter {MeterName} maps to metric {MetricName}, which an instrument of another type or with other buckets already exposes; it is left out of the exposition")]
    public static partial void MetricNameConflict(ILogger logger, string instrumentName, string meterName, string metricName);
}
