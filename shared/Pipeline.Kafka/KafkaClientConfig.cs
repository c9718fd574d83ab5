using Confluent.Kafka;

namespace Pipeline.Kafka;

/// <summary>Builds librdkafka client configurations from <see cref="KafkaOptions"/>, in one place.</summary>
public static class KafkaClientConfig
{
    /// <summary>An idempotent producer: acks from all in-sync replicas, no duplicates on retry, ordered per partition, lz4-compressed unless the client properties choose.</summary>
    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ProducerConfig(Pass(options))
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            // Each batch's messages are produced at once and then awaited, so lingering only adds
            // to every hop (bench e2e at 2,000 records/s: publish stages 3.4 → 2.0 s and 2.4 → 1.5 s
            // of 30 s going from 5 ms to 1 ms; backfill unchanged within the run-to-run spread).
            LingerMs = 1,
            MessageMaxBytes = options.MaxMessageBytes,
            MessageTimeoutMs = 120_000,
        };
        if (!options.ClientPropertiesChooseCompression)
        {
            // JSON reports compress about 8:1 in a batch (demo stream, lz4 -1), so a topic, a
            // network and a development broker's 5 MB partitions hold that many times more of them.
            config.CompressionType = CompressionType.Lz4;
        }
        return config;
    }

    /// <summary>
    /// A group consumer: offsets are stored by the loop only after a batch's effects are durable
    /// (<c>enable.auto.offset.store=false</c>) and committed in the background. Eager round-robin
    /// assignment, not cooperative-sticky: with Confluent.Kafka 1.9 a cooperative member whose
    /// assignment is lost (evicted from the group) gets an eager unassign from the library's own
    /// rebalance callback, which throws on the callback thread and ends the process
    /// (confluent-kafka-dotnet issue 1742; seen in the crash test).
    /// </summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers, string groupId, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ConsumerConfig(Pass(options))
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            ClientId = clientId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = (int)options.AutoCommitInterval.TotalMilliseconds,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
            EnablePartitionEof = false,
            FetchMaxBytes = Math.Max(options.MaxMessageBytes, 52_428_800),
            MaxPartitionFetchBytes = 1_048_576,
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 1_000,
        };
        if (options.UsesDevelopmentBroker && !options.ClientProperties.ContainsKey("fetch.wait.max.ms"))
        {
            // The development broker answers a fetch of an empty partition only when this wait
            // ends, not when a record arrives as Kafka does: with librdkafka's 500 ms every record
            // waited up to half a second per hop (bench e2e at 500 records/s: p50 709 ms, 114 ms with 10).
            config.FetchWaitMaxMs = 10;
        }
        return config;
    }

    private static Dictionary<string, string> Pass(KafkaOptions options) => new(options.ClientProperties, StringComparer.Ordinal);
}
