using Microsoft.Extensions.Options;
using Pipeline.Kafka;

namespace Pipeline.Worker;

/// <summary>
/// Where the worker's Kafka is: the configured cluster, or, when none is configured, the
/// development broker started here with every topic the feeds need.
/// </summary>
internal sealed class BrokerConnection : IDisposable
{
    private readonly DevelopmentBroker? _developmentBroker;

    public BrokerConnection(IOptions<KafkaOptions> kafka, FeedCatalog feeds, ILogger<BrokerConnection> logger)
    {
        var options = kafka.Value;
        var topics = feeds.AllTopics;
        if (options.UsesDevelopmentBroker)
        {
            _developmentBroker = DevelopmentBroker.Start(options.DevelopmentBrokers, logger);
            foreach (var topic in topics)
            {
                _developmentBroker.CreateTopic(topic, options.Partitions, Math.Min(3, options.DevelopmentBrokers));
            }
            BootstrapServers = _developmentBroker.BootstrapServers;
        }
        else
        {
            BootstrapServers = options.BootstrapServers!;
            if (options.CreateTopics)
            {
                KafkaTopics.EnsureExist(options, BootstrapServers, topics, logger);
            }
        }
    }

    public string BootstrapServers { get; }

    /// <summary>The development broker, when this process started one.</summary>
    public DevelopmentBroker? DevelopmentBroker => _developmentBroker;

    public void Dispose() => _developmentBroker?.Dispose();
}
