using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

/// <summary>
/// One Kafka for the whole collection: the real cluster named by PIPELINE_TEST_KAFKA when it is
/// set (for users who start infra/compose.yaml), otherwise the development broker (librdkafka's
/// mock cluster, a real Kafka wire protocol on 127.0.0.1). Tests isolate themselves by topic
/// prefix and consumer group, never by sharing data.
/// </summary>
public sealed class KafkaClusterFixture : IDisposable
{
    public KafkaClusterFixture()
    {
        var configured = Environment.GetEnvironmentVariable("PIPELINE_TEST_KAFKA");
        if (string.IsNullOrWhiteSpace(configured))
        {
            Broker = DevelopmentBroker.Start(3);
            BootstrapServers = Broker.BootstrapServers;
        }
        else
        {
            BootstrapServers = configured;
        }
    }

    public string BootstrapServers { get; }

    /// <summary>The development broker, or null when the tests run against a real cluster.</summary>
    public DevelopmentBroker? Broker { get; }

    public bool IsRealCluster => Broker is null;

    public void CreateTopics(IEnumerable<string> topics, int partitions)
    {
        var list = topics.ToList();
        if (Broker is not null)
        {
            foreach (var topic in list)
            {
                Broker.CreateTopic(topic, partitions, 3);
            }
        }
        else
        {
            KafkaTopics.EnsureExist(new KafkaOptions { Partitions = partitions }, BootstrapServers, list, NullLogger.Instance);
        }
    }

    public void Dispose() => Broker?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class KafkaTests : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
