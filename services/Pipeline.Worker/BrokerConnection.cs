using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Feeds;
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
        var topics = options.TopicNames.AllFor(feeds.Feeds.Select(f => f.Id)).ToList();
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

/// <summary>The configured feeds, validated, with a reader for each raw topic.</summary>
internal sealed class FeedCatalog
{
    private readonly Dictionary<string, FeedReader> _readersByTopic;

    public FeedCatalog(IReadOnlyList<FeedOptions> feeds, TopicNames topics)
    {
        Feeds = feeds;
        _readersByTopic = feeds.ToDictionary(f => topics.FeedRaw(f.Id), FeedReader.For, StringComparer.Ordinal);
    }

    public IReadOnlyList<FeedOptions> Feeds { get; }

    public IReadOnlyList<string> RawTopics => [.. _readersByTopic.Keys];

    public FeedReader? ReaderFor(string topic) => _readersByTopic.GetValueOrDefault(topic);

    /// <summary>Reads "Feeds" from configuration (the defaults when absent) and fails fast on a bad entry.</summary>
    public static FeedCatalog FromConfiguration(IConfiguration configuration)
    {
        var topics = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()?.TopicNames ?? TopicNames.Default;
        var section = configuration.GetSection(FeedOptions.SectionName);
        var problems = new List<string>();
        var feeds = new List<FeedOptions>();
        if (!section.Exists())
        {
            feeds.AddRange(FeedOptions.Defaults);
        }
        // Bound one by one: binding the list as a whole silently drops an item whose value does
        // not convert (a misspelt format), and a feed must never vanish without an error.
        foreach (var child in section.GetChildren())
        {
            try
            {
                var feed = child.Get<FeedOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new FeedOptions();
                problems.AddRange(feed.Validate(child.Path));
                feeds.Add(feed);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{child.Path}: {e.Message}");
            }
        }
        var duplicates = feeds.GroupBy(f => f.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{FeedOptions.SectionName}: feed id '{g.Key}' is configured more than once");
        problems.AddRange(duplicates);
        if (feeds.Count == 0)
        {
            problems.Add($"{FeedOptions.SectionName}: no feeds are configured");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(FeedOptions.SectionName, typeof(FeedOptions), problems);
        }
        return new FeedCatalog(feeds, topics);
    }
}
