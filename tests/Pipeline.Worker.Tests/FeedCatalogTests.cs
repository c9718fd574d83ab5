using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pipeline.Feeds;

namespace Pipeline.Worker.Tests;

public sealed class FeedCatalogTests
{
    [Fact]
    public void WithoutAFeedsSectionTheDemoFeedsAreUsed()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration());

        Assert.Equal(
            [("demo-sar", FeedFormat.SarJson, "UTC"), ("demo-cad", FeedFormat.CadJson, "America/Los_Angeles")],
            catalog.Feeds.Select(f => (f.Id, f.Format, f.TimeZone)));
        Assert.Equal(["feeds.demo-sar.raw", "feeds.demo-cad.raw"], catalog.RawTopics);
    }

    [Fact]
    public void ConfiguredFeedsReplaceTheDefaults()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:0:Id", "county-cad"),
            ("Feeds:0:Format", "CadJson"),
            ("Feeds:0:TimeZone", "America/Chicago"),
            ("Feeds:0:MaxRecordBytes", "4096"),
            ("Feeds:1:Id", "state-sar"),
            ("Feeds:1:Format", "SarJson")));

        Assert.Equal(
            [("county-cad", FeedFormat.CadJson, "America/Chicago", 4096), ("state-sar", FeedFormat.SarJson, "UTC", 1024 * 1024)],
            catalog.Feeds.Select(f => (f.Id, f.Format, f.TimeZone, f.MaxRecordBytes)));
    }

    [Fact]
    public void RawTopicsCarryTheKafkaTopicPrefix()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(
            ("Kafka:TopicPrefix", "staging."),
            ("Feeds:0:Id", "county-cad"),
            ("Feeds:0:Format", "CadJson")));

        Assert.Equal(["staging.feeds.county-cad.raw"], catalog.RawTopics);
    }

    [Fact]
    public void ReaderForAPrefixedRawTopicReadsThatFeedsFormat()
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(
            ("Kafka:TopicPrefix", "staging."),
            ("Feeds:0:Id", "county-cad"),
            ("Feeds:0:Format", "CadJson"),
            ("Feeds:0:TimeZone", "America/Chicago"),
            ("Feeds:1:Id", "state-sar"),
            ("Feeds:1:Format", "SarJson")));

        var cad = catalog.ReaderFor("staging.feeds.county-cad.raw");
        var sar = catalog.ReaderFor("staging.feeds.state-sar.raw");

        Assert.IsType<CadJsonReader>(cad);
        Assert.Equal("county-cad", cad.Feed.Id);
        Assert.Equal("America/Chicago", cad.Feed.TimeZone);
        Assert.IsType<SarJsonReader>(sar);
        Assert.Equal("state-sar", sar.Feed.Id);
    }

    [Theory]
    [InlineData("feeds.county-cad.raw")]
    [InlineData("staging.feeds.county-cad.dlq")]
    [InlineData("staging.feeds.other.raw")]
    [InlineData("staging.reports.normalized")]
    [InlineData("STAGING.FEEDS.COUNTY-CAD.RAW")]
    [InlineData("")]
    public void ReaderForATopicThatIsNoConfiguredRawTopicIsNull(string topic)
    {
        var catalog = FeedCatalog.FromConfiguration(Configuration(
            ("Kafka:TopicPrefix", "staging."),
            ("Feeds:0:Id", "county-cad"),
            ("Feeds:0:Format", "CadJson")));

        Assert.Null(catalog.ReaderFor(topic));
    }

    [Fact]
    public void DuplicateFeedIdsFailNamingTheId()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:0:Id", "county-sar"),
            ("Feeds:0:Format", "SarJson"),
            ("Feeds:1:Id", "county-sar"),
            ("Feeds:1:Format", "CadJson"))));

        Assert.Equal(["Feeds: feed id 'county-sar' is configured more than once"], error.Failures);
        Assert.Contains("Feeds: feed id 'county-sar' is configured more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFeedIdFailsNamingItsConfigurationPath()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:0:Id", "county-sar"),
            ("Feeds:1:Id", "County SAR"))));

        Assert.Equal(["Feeds:1:Id must be 1 to 64 lower-case letters, digits and dashes"], error.Failures);
        Assert.Contains("Feeds:1:Id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTimeZoneFailsNamingItsConfigurationPath()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:0:Id", "county-sar"),
            ("Feeds:1:Id", "county-cad"),
            ("Feeds:1:Format", "CadJson"),
            ("Feeds:1:TimeZone", "Pacific Time"))));

        Assert.Equal(["Feeds:1:TimeZone 'Pacific Time' is not a known IANA time zone"], error.Failures);
        Assert.Contains("Feeds:1:TimeZone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFeedListFails()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(("Feeds", ""))));

        Assert.Equal(["Feeds: no feeds are configured"], error.Failures);
        Assert.Equal(FeedOptions.SectionName, error.OptionsName);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FeedCatalog.FromConfiguration(Configuration(
            ("Feeds:0:Id", "a"),
            ("Feeds:1:Id", "a"),
            ("Feeds:1:MaxRecordBytes", "10"),
            ("Feeds:2:Id", "b"),
            ("Feeds:2:TimeZone", "Nowhere/Special"))));

        Assert.Equal(
            [
                "Feeds:1:MaxRecordBytes must be at least 1024",
                "Feeds:2:TimeZone 'Nowhere/Special' is not a known IANA time zone",
                "Feeds: feed id 'a' is configured more than once",
            ],
            error.Failures);
    }

    [Theory]
    [InlineData("Feeds:1:Format", "CadJsn")]
    [InlineData("Feeds:1:MaxRecordBytes", "lots")]
    public void FeedThatCannotBeBoundFailsNamingItsConfigurationPathInsteadOfBeingDropped(string key, string value)
    {
        var configuration = Configuration(
            ("Feeds:0:Id", "county-sar"),
            ("Feeds:1:Id", "county-cad"),
            (key, value));

        var error = Record.Exception(() => FeedCatalog.FromConfiguration(configuration));

        Assert.NotNull(error);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build();
}
