using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Pipeline.Kafka;

/// <summary>Creates missing topics on a real cluster through the Admin API.</summary>
public static partial class KafkaTopics
{
    /// <summary>
    /// Creates each topic that does not exist yet with the configured partitions and replication
    /// (capped at the cluster's broker count); existing topics are left as they are.
    /// </summary>
    public static void EnsureExist(KafkaOptions options, string bootstrapServers, IReadOnlyCollection<string> topics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        var config = new AdminClientConfig(options.ClientProperties) { BootstrapServers = bootstrapServers };
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(15));
        var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var replication = (short)Math.Max(1, Math.Min(options.ReplicationFactor, metadata.Brokers.Count));
        var missing = topics.Where(t => !existing.Contains(t))
            .Select(t => new TopicSpecification
            {
                Name = t,
                NumPartitions = options.Partitions,
                ReplicationFactor = replication,
                // Raw topics must accept what sources send (oversized records are rejected by the
                // Ingest role with a reason, not by the broker without one).
                Configs = new Dictionary<string, string>(StringComparer.Ordinal) { ["max.message.bytes"] = options.MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            })
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }
        try
        {
            admin.CreateTopicsAsync(missing).GetAwaiter().GetResult();
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another worker created them first.
        }
        TopicsCreated(logger, missing.Count, options.Partitions, replication);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Created {Count} missing topic(s) with {Partitions} partitions and replication factor {Replication}")]
    private static partial void TopicsCreated(ILogger logger, int count, int partitions, short replication);
}
