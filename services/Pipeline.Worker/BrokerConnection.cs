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
        if (options.UsesDevelopmentBroker)
        {
            _developmentBroker = DevelopmentBroker.Start(options.DevelopmentBrokers, logger);
            foreach (var topic in TopicsFor(feeds.Feeds))
            {
                _developmentBroker.CreateTopic(topic, options.Partitions, Math.Min(3, options.DevelopmentBrokers));
            }
            BootstrapServers = _developmentBroker.BootstrapServers;
        }
        else
        {
            BootstrapServers = options.BootstrapServers!;
        }
    }

    public string BootstrapServers { get; }

    /// <summary>The development broker, when this process started one.</summary>
    public DevelopmentBroker? DevelopmentBroker => _developmentBroker;

    /// <summary>Every topic the pipeline uses for these feeds.</summary>
    public static IEnumerable<string> TopicsFor(IEnumerable<FeedOptions> feeds)
    {
        foreach (var feed in feeds)
        {
            yield return Topics.FeedRaw(feed.Id);
            yield return Topics.FeedDeadLetter(feed.Id);
        }
        yield return Topics.NormalizedReports;
        yield return Topics.NormalizedReportsDeadLetter;
        yield return Topics.Alerts;
    }

    public void Dispose() => _developmentBroker?.Dispose();
}

/// <summary>The configured feeds, validated, with a reader for each raw topic.</summary>
internal sealed class FeedCatalog
{
    private readonly Dictionary<string, FeedReader> _readersByTopic;

    public FeedCatalog(IReadOnlyList<FeedOptions> feeds)
    {
        Feeds = feeds;
        _readersByTopic = feeds.ToDictionary(f => Topics.FeedRaw(f.Id), FeedReader.For, StringComparer.Ordinal);
    }

    public IReadOnlyList<FeedOptions> Feeds { get; }

    public IReadOnlyList<string> RawTopics => [.. _readersByTopic.Keys];

    public FeedReader? ReaderFor(string topic) => _readersByTopic.GetValueOrDefault(topic);

    /// <summary>Reads "Feeds" from configuration (the defaults when absent) and fails fast on a bad entry.</summary>
    public static FeedCatalog FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(FeedOptions.SectionName);
        var feeds = section.Exists() ? section.Get<List<FeedOptions>>() ?? [] : [.. FeedOptions.Defaults];
        var problems = feeds.SelectMany((f, i) => f.Validate($"{FeedOptions.SectionName}:{i}")).ToList();
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
        return new FeedCatalog(feeds);
    }
}
