using System.Diagnostics.Metrics;

namespace Pipeline.Kafka;

/// <summary>The one meter of this library; each component creates its instruments on it.</summary>
internal static class KafkaMetrics
{
    public static readonly Meter Meter = new("Pipeline.Kafka");
}
