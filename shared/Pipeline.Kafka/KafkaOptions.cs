namespace Pipeline.Kafka;

/// <summary>Kafka settings, bound from the "Kafka" configuration section.</summary>
public sealed class KafkaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kafka";

    /// <summary>
    /// Bootstrap servers of a real cluster. When empty, the worker starts the development broker
    /// (librdkafka's mock cluster) in-process and logs its address.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Number of brokers of the development broker.</summary>
    public int DevelopmentBrokers { get; set; } = 3;

    /// <summary>Partitions of each topic the development broker creates.</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>Prepended to every topic name, so several deployments (or test runs) can share a cluster.</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>
    /// On a real cluster, create missing topics at start-up with <see cref="Partitions"/> partitions
    /// and <see cref="ReplicationFactor"/> replicas. Turn off where topics are managed elsewhere.
    /// </summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Replication factor of topics this worker creates on a real cluster.</summary>
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>The topic names under <see cref="TopicPrefix"/>.</summary>
    public Pipeline.Contracts.TopicNames TopicNames => new(TopicPrefix);

    /// <summary>Prefix of consumer group ids: "{prefix}.ingest", "{prefix}.process".</summary>
    public string GroupPrefix { get; set; } = "pipeline";

    /// <summary>
    /// librdkafka properties passed straight to every client: TLS and SASL settings for a real
    /// cluster (for example "security.protocol", "sasl.mechanism", "ssl.ca.location").
    /// </summary>
    public Dictionary<string, string> ClientProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest message the producers will send, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Payloads kept on a dead-letter record are cut to this many bytes; the original size and a
    /// truncation flag travel as headers, and the whole record stays on the raw topic until its retention.
    /// </summary>
    public int DeadLetterMaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Largest number of messages handed to a handler at once. Each batch pays fixed costs (a
    /// produce round trip of ~50 ms on the development broker, a store transaction), so a
    /// backlog drains fastest in large batches; under a steady load batches stay small because
    /// <see cref="MaxBatchWait"/> closes them first (pipeline bench e2e: 500 → 2,000 took a
    /// 40,000-record backfill from ~2,100 to ~3,000 records/s).
    /// </summary>
    public int MaxBatchSize { get; set; } = 2000;

    /// <summary>
    /// How long a consumer waits to fill a batch once it has a first message. Every hop pays up
    /// to this wait, so it sets much of a steady load's latency; a backlog fills batches to
    /// <see cref="MaxBatchSize"/> before it ends (pipeline bench e2e, 60,000 records at 2,000/s,
    /// after warm-up: 50 ms gave p50 194 / p99 342 ms, 10 ms p50 79 / p99 161 ms, 5 ms p99 200 ms
    /// (more, smaller transactions); the backfill was unchanged).
    /// </summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>First delay after a failed batch; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often stored offsets are committed to the group coordinator.</summary>
    public TimeSpan AutoCommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Back-pressure between the roles: the Ingest role holds while any partition of the normalized
    /// reports topic has more than this many records the Process group has not committed. Unset:
    /// <see cref="DevelopmentBrokerBacklogLimit"/> on the development broker (which keeps only about
    /// 5 MB per partition), off on a real cluster (whose retention is by time). Zero turns it off.
    /// Set it when the worker uses a development broker of another process (<c>pipeline broker</c>).
    /// </summary>
    public int? ProcessBacklogLimit { get; set; }

    /// <summary>
    /// The default back-pressure limit on the development broker. Its partitions keep about 5 MB of
    /// message sets as produced, and the worker's producer compresses them (lz4): a partition keeps
    /// this many normalized reports plus two batches (the one Ingest finishes after the hold, the
    /// one Process has in hand), which BackpressureTests checks with real reports. It was 2,000
    /// for uncompressed reports; with a backfill crowding the demo area's few geographic cells onto
    /// one partition, that hold-and-release cycle left the Process role idle 30 % of a backfill.
    /// </summary>
    public const int DevelopmentBrokerBacklogLimit = 6_000;

    /// <summary>The default on the development broker when the client properties turn compression off (uncompressed reports of about 1.5 KB).</summary>
    public const int UncompressedDevelopmentBrokerBacklogLimit = 2_000;

    /// <summary>The back-pressure limit in force: <see cref="ProcessBacklogLimit"/> or its default; 0 means off.</summary>
    public int EffectiveProcessBacklogLimit => ProcessBacklogLimit
        ?? (!UsesDevelopmentBroker ? 0 : ProducersCompress ? DevelopmentBrokerBacklogLimit : UncompressedDevelopmentBrokerBacklogLimit);

    /// <summary>True when the client properties choose the producers' codec (<c>compression.type</c> or its alias <c>compression.codec</c>); otherwise they use lz4.</summary>
    public bool ClientPropertiesChooseCompression => CompressionProperties.Any(ClientProperties.ContainsKey);

    /// <summary>False when the client properties turn the producers' compression off (<c>none</c>).</summary>
    public bool ProducersCompress =>
        !CompressionProperties.Any(name => ClientProperties.TryGetValue(name, out var codec) && string.Equals(codec, "none", StringComparison.OrdinalIgnoreCase));

    private static readonly string[] CompressionProperties = ["compression.type", "compression.codec"];

    /// <summary>True when no real cluster is configured and the development broker must be started.</summary>
    public bool UsesDevelopmentBroker => string.IsNullOrWhiteSpace(BootstrapServers);
}
