using System.Diagnostics.Metrics;

namespace Pipeline.Worker;

/// <summary>The worker's own instruments (the consumer loop's live in Pipeline.Kafka).</summary>
internal static class WorkerMetrics
{
    private static readonly Meter Meter = new("Pipeline.Worker");

    public static readonly Counter<long> RecordsIn = Meter.CreateCounter<long>(
        "pipeline.records.in", unit: "{record}", description: "Raw records read by the Ingest role (a message may carry several), by feed.");

    public static readonly Counter<long> RecordsNormalized = Meter.CreateCounter<long>(
        "pipeline.records.normalized", unit: "{record}", description: "Raw records mapped to canonical reports, by feed.");

    public static readonly Counter<long> UnknownFields = Meter.CreateCounter<long>(
        "pipeline.feeds.unknown_fields", unit: "{field}", description: "Source fields a feed's definition does not read (schema drift), by feed.");

    public static readonly Counter<long> RecordsRejected = Meter.CreateCounter<long>(
        "pipeline.records.rejected", unit: "{record}", description: "Records dead-lettered, by stage and feed.");

    public static readonly Counter<long> ReportsStored = Meter.CreateCounter<long>(
        "pipeline.reports.stored", unit: "{report}", description: "New reports written to the store.");

    public static readonly Counter<long> ReportsDuplicate = Meter.CreateCounter<long>(
        "pipeline.reports.duplicates", unit: "{report}", description: "Reports whose idempotency key was already stored (source resends).");

    public static readonly Counter<long> ReportsVersioned = Meter.CreateCounter<long>(
        "pipeline.reports.versioned", unit: "{report}", description: "Reports a source resent with changed content: stored as a new version of the same report.");

    public static readonly Counter<long> ReportsRedelivered = Meter.CreateCounter<long>(
        "pipeline.reports.redelivered", unit: "{report}", description: "Kafka redeliveries of records already stored (replays after a restart); they change nothing.");

    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>(
        "pipeline.alerts.raised", unit: "{alert}", description: "Alerts raised, by top category.");

    public static readonly Histogram<double> ProcessingLatency = Meter.CreateHistogram(
        "pipeline.processing.latency",
        unit: "s",
        description: "Time from the raw record's publication to its report's store commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>
    /// Each report's time in one hop of the pipeline, by "hop": <c>raw</c> (publication to Ingest
    /// taking the raw record), <c>ingest</c> (to the normalized report's publication), <c>normalized</c>
    /// (to Process taking it) and <c>process</c> (to the store commit). The four add up to
    /// <see cref="ProcessingLatency"/>, and are recorded just before it, on the same thread.
    /// </summary>
    public static readonly Histogram<double> HopLatency = Meter.CreateHistogram(
        "pipeline.processing.hop_latency",
        unit: "s",
        description: "A report's time in one hop (raw, ingest, normalized, process), by hop; the hops add up to pipeline.processing.latency.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>The hops of <see cref="HopLatency"/>, in the order a report takes them.</summary>
    public static readonly IReadOnlyList<string> Hops = ["raw", "ingest", "normalized", "process"];

    /// <summary>
    /// Time one batch spent in one stage of a role, by role and stage: Ingest "map", "geocode",
    /// "publish"; Process "read", "dedup", "link", "score", "store", "publish". The sums show
    /// where a role's time goes (<c>pipeline bench e2e</c> prints them).
    /// </summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram(
        "pipeline.stage.duration",
        unit: "s",
        description: "Time a batch spent in one stage, by role and stage.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>Records the time since <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp) for one stage, and returns now.</summary>
    public static long Stage(TimeProvider time, string role, string stage, long startedAt)
    {
        var now = time.GetTimestamp();
        Stage(role, stage, time.GetElapsedTime(startedAt, now));
        return now;
    }

    /// <summary>Records a stage's duration measured some other way (summed over interleaved work).</summary>
    public static void Stage(string role, string stage, TimeSpan duration) =>
        StageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("role", role), new KeyValuePair<string, object?>("stage", stage));
}
