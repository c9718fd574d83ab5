using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Feeds.Definitions;
using Pipeline.Kafka;

namespace Pipeline.Worker;

/// <summary>
/// The feeds this worker runs: the definition files of a folder (by default the copy of
/// infra/feeds/ beside the application), validated completely at start-up, with the definition
/// for each raw topic. Adding a feed is adding a file.
/// </summary>
internal sealed class FeedCatalog
{
    public const string SectionName = "Feeds";

    private readonly Dictionary<string, FeedDefinition> _byTopic;

    public FeedCatalog(IReadOnlyList<FeedDefinition> feeds, TopicNames topics)
    {
        Feeds = feeds;
        _byTopic = new Dictionary<string, FeedDefinition>(StringComparer.Ordinal);
        _byId = feeds.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var shared = new List<string>();
        var pipelineTopics = topics.DeadLettersFor(feeds.Select(f => f.Id)).Append(topics.NormalizedReports).Append(topics.Alerts).ToHashSet(StringComparer.Ordinal);
        foreach (var feed in feeds)
        {
            var raw = feed.RawTopic(topics);
            if (pipelineTopics.Contains(raw))
            {
                shared.Add($"{feed.SourceFile}: topic: {raw} is one of the pipeline's own topics");
            }
            else if (!_byTopic.TryAdd(raw, feed))
            {
                shared.Add($"{feed.SourceFile}: topic: {raw} is already the raw topic of feed '{_byTopic[raw].Id}'");
            }
        }
        if (shared.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(FeedCatalog), shared);
        }
        AllTopics = [.. topics.AllFor(feeds.Select(f => (f.Id, f.RawTopic(topics))))];
    }

    private readonly Dictionary<string, FeedDefinition> _byId;

    /// <summary>Every topic these feeds and the pipeline use, for provisioning.</summary>
    public IReadOnlyList<string> AllTopics { get; }

    public FeedDefinition? DefinitionById(string feedId) => _byId.GetValueOrDefault(feedId);

    public IReadOnlyList<FeedDefinition> Feeds { get; }

    public IReadOnlyList<string> RawTopics => [.. _byTopic.Keys];

    public FeedDefinition? DefinitionFor(string topic) => _byTopic.GetValueOrDefault(topic);

    /// <summary>The folder of definition files shipped beside the application.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "feeds");

    /// <summary>
    /// Loads "Feeds:Folder" (default <see cref="DefaultFolder"/>), keeping only the ids listed in
    /// "Feeds:Only" when it is set; fails fast, naming every problem with its file and line.
    /// </summary>
    public static FeedCatalog FromConfiguration(IConfiguration configuration)
    {
        var topics = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()?.TopicNames ?? TopicNames.Default;
        var folder = configuration[$"{SectionName}:Folder"] is { Length: > 0 } configured ? configured : DefaultFolder;
        if (!Directory.Exists(folder))
        {
            throw new OptionsValidationException(SectionName, typeof(FeedCatalog), [$"{SectionName}:Folder: '{folder}' does not exist"]);
        }
        IReadOnlyList<FeedDefinition> feeds;
        try
        {
            feeds = FeedDefinitionLoader.LoadFolder(folder);
        }
        catch (FeedDefinitionException e)
        {
            throw new OptionsValidationException(SectionName, typeof(FeedCatalog), e.Problems);
        }
        if (configuration[$"{SectionName}:Only"] is { Length: > 0 } only)
        {
            var wanted = only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var unknown = wanted.Where(id => !feeds.Any(f => f.Id == id)).ToList();
            if (unknown.Count > 0)
            {
                throw new OptionsValidationException(SectionName, typeof(FeedCatalog), [$"{SectionName}:Only names feeds that {folder} does not define: {string.Join(", ", unknown)}"]);
            }
            feeds = [.. feeds.Where(f => wanted.Contains(f.Id))];
        }
        if (feeds.Count == 0)
        {
            throw new OptionsValidationException(SectionName, typeof(FeedCatalog), [$"{SectionName}:Folder: '{folder}' holds no feed definitions"]);
        }
        return new FeedCatalog(feeds, topics);
    }
}
