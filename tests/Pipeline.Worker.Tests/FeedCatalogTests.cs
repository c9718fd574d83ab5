using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Worker.Tests;

public sealed class FeedCatalogTests
{
    private static readonly string[] ShippedIds = ["demo-cad", "demo-sar", "eido-cad", "niem-sar", "nola-cad"];

    private const string Definition = """
        id: county-cad
        kind: cad
        timeZone: America/Chicago
        format:
          type: json
        fields:
          sourceRecordId: id
          occurredAt: at

        """;

    // ---- the default folder ----

    [Fact]
    public void DefaultFolderIsTheFeedsFolderBesideTheApplication()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "feeds"), FeedCatalog.DefaultFolder);
    }

    [Fact]
    public void DefaultFolderHoldsACurrentCopyOfTheShippedDefinitions()
    {
        var shipped = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "infra", "feeds"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        var copied = Directory.EnumerateFiles(FeedCatalog.DefaultFolder, "*.yaml").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(shipped.Select(Path.GetFileName), copied.Select(Path.GetFileName));
        Assert.All(shipped.Zip(copied), pair => Assert.Equal(File.ReadAllText(pair.First), File.ReadAllText(pair.Second)));
    }

    [Fact]
    public void WithoutAFeedsSectionTheShippedDefinitionsAreLoaded()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration());

        Assert.Equal(ShippedIds, catalog.Feeds.Select(f => f.Id));
        Assert.Equal(ShippedIds.Select(id => $"feeds.{id}.raw"), catalog.RawTopics);
        Assert.All(catalog.Feeds, f => Assert.Equal(FeedCatalog.DefaultFolder, Path.GetDirectoryName(f.SourceFile)));
    }

    // ---- a configured folder ----

    [Fact]
    public void ConfiguredFolderReplacesTheDefault()
    {
        using var folder = new TempFolder();
        folder.Write("county-cad.yaml", Definition);

        var catalog = FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path)));

        var feed = Assert.Single(catalog.Feeds);
        Assert.Equal("county-cad", feed.Id);
        Assert.Equal("America/Chicago", feed.TimeZone.Id);
        Assert.Equal(["feeds.county-cad.raw"], catalog.RawTopics);
    }

    [Fact]
    public void EmptyFolderSettingMeansTheDefaultFolder()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", "")));

        Assert.Equal(ShippedIds, catalog.Feeds.Select(f => f.Id));
    }

    [Fact]
    public void MissingFolderFailsNamingTheSettingAndFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-feeds-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", missing))));

        Assert.Equal([$"Feeds:Folder: '{missing}' does not exist"], error.Failures);
        Assert.Equal(FeedCatalog.SectionName, error.OptionsName);
        Assert.Equal(typeof(FeedCatalog), error.OptionsType);
    }

    [Fact]
    public void FolderWithoutDefinitionsFails()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# nothing here yet");

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path))));

        Assert.Equal([$"Feeds:Folder: '{folder.Path}' holds no feed definitions"], error.Failures);
    }

    [Fact]
    public void InvalidDefinitionFailsNamingItsFileAndLine()
    {
        using var folder = new TempFolder();
        folder.Write("county-cad.yaml", Definition);
        folder.Write("state-sar.yaml", Definition.Replace("county-cad", "state-sar", StringComparison.Ordinal) + "  suspectName: x\ncolour: red\n");

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path))));

        var file = Path.Combine(folder.Path, "state-sar.yaml");
        Assert.NotEmpty(error.Failures);
        Assert.All(error.Failures, f => Assert.StartsWith(file + ":", f, StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(file + ":10: colour: unknown setting", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(file + ":9: fields.suspectName: ", StringComparison.Ordinal));
        Assert.Contains(file + ":10: colour", error.Message, StringComparison.Ordinal);
        Assert.Equal(FeedCatalog.SectionName, error.OptionsName);
    }

    [Fact]
    public void SameFeedIdInTwoFilesFails()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Definition);
        folder.Write("b.yaml", Definition);

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path))));

        Assert.Contains("feed id 'county-cad' is defined in more than one file", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFeedsNamingOneRawTopicFail()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Definition + "topic: county.calls\n");
        folder.Write("b.yaml", Definition.Replace("county-cad", "city-cad", StringComparison.Ordinal) + "topic: county.calls\n");

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path))));

        Assert.Contains("topic: county.calls is already the raw topic of feed", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reports.normalized")]
    [InlineData("alerts")]
    [InlineData("feeds.county-cad.dlq")]
    public void ARawTopicThatIsOneOfThePipelinesOwnTopicsFails(string topic)
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Definition + $"topic: {topic}\n");

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path))));

        Assert.EndsWith($"topic: {topic} is one of the pipeline's own topics", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AFeedsOwnRawTopicIsSubscribedAndProvisionedBesideTheDefaultOnes()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Definition + "topic: county.calls\n");
        folder.Write("b.yaml", Definition.Replace("county-cad", "city-cad", StringComparison.Ordinal));

        var catalog = FeedCatalog.FromConfiguration(Configuration(("Feeds:Folder", folder.Path), ("Kafka:TopicPrefix", "staging.")));

        Assert.Equal(["county.calls", "staging.feeds.city-cad.raw"], catalog.RawTopics);
        Assert.Equal("county-cad", catalog.DefinitionFor("county.calls")!.Id);
        Assert.Contains("county.calls", catalog.AllTopics);
        Assert.Contains("staging.feeds.county-cad.dlq", catalog.AllTopics);
        Assert.DoesNotContain("staging.feeds.county-cad.raw", catalog.AllTopics);
    }

    // ---- Feeds:Only ----

    [Fact]
    public void OnlyKeepsTheListedFeedsInFolderOrder()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(("Feeds:Only", " nola-cad, demo-cad ,")));

        Assert.Equal(["demo-cad", "nola-cad"], catalog.Feeds.Select(f => f.Id));
        Assert.Equal(["feeds.demo-cad.raw", "feeds.nola-cad.raw"], catalog.RawTopics);
        Assert.Null(catalog.DefinitionFor("feeds.demo-sar.raw"));
    }

    [Fact]
    public void OnlyNamingAnUndefinedFeedFailsNamingIt()
    {
        using var folder = new TempFolder();
        folder.Write("county-cad.yaml", Definition);

        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:Folder", folder.Path),
            ("Feeds:Only", "county-cad,state-sar,County-Cad"))));

        Assert.Equal([$"Feeds:Only names feeds that {folder.Path} does not define: state-sar, County-Cad"], error.Failures);
    }

    // ---- topics ----

    [Fact]
    public void DefinitionForMapsThePrefixedRawTopicToItsFeed()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(("Kafka:TopicPrefix", "staging.")));

        Assert.Equal(ShippedIds.Select(id => $"staging.feeds.{id}.raw"), catalog.RawTopics);
        Assert.All(ShippedIds, id => Assert.Equal(id, catalog.DefinitionFor($"staging.feeds.{id}.raw")?.Id));
        Assert.Same(catalog.Feeds[4], catalog.DefinitionFor("staging.feeds.nola-cad.raw"));
    }

    [Theory]
    [InlineData("feeds.demo-cad.raw")]
    [InlineData("staging.feeds.demo-cad.dlq")]
    [InlineData("staging.feeds.other.raw")]
    [InlineData("staging.reports.normalized")]
    [InlineData("STAGING.FEEDS.DEMO-CAD.RAW")]
    [InlineData("")]
    public void DefinitionForATopicThatIsNoRawTopicIsNull(string topic)
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(("Kafka:TopicPrefix", "staging.")));

        Assert.Null(catalog.DefinitionFor(topic));
    }

    // ---- helpers ----

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("no folder holding Pipeline.sln above " + AppContext.BaseDirectory);
    }
}
