using Pipeline.Contracts;

namespace Pipeline.Feeds.Tests;

public sealed class FeedOptionsTests
{
    [Fact]
    public void DefaultFeedsAreValid()
    {
        Assert.All(FeedOptions.Defaults, feed => Assert.Empty(feed.Validate("Feeds:0")));
        Assert.Equal([ReportKind.Sar, ReportKind.Cad], FeedOptions.Defaults.Select(f => f.Kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Demo-SAR")]
    [InlineData("demo_sar")]
    [InlineData("demo sar")]
    [InlineData("demo.sar")]
    [InlineData("démo")]
    [InlineData("demo:sar")]
    public void BadFeedIdIsReportedWithItsConfigurationPath(string id)
    {
        var options = new FeedOptions { Id = id, Format = FeedFormat.SarJson };

        Assert.Equal(["Feeds:2:Id must be 1 to 64 lower-case letters, digits and dashes"], options.Validate("Feeds:2"));
    }

    [Theory]
    [InlineData("demo-sar")]
    [InlineData("county-9-cad")]
    [InlineData("x")]
    public void LowerCaseDigitsAndDashesAreAValidFeedId(string id)
    {
        Assert.Empty(new FeedOptions { Id = id }.Validate("Feeds:0"));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("Pacific Time")]
    public void UnknownTimeZoneIsReportedWithItsConfigurationPath(string zone)
    {
        var options = new FeedOptions { Id = "demo-cad", Format = FeedFormat.CadJson, TimeZone = zone };

        Assert.Equal([$"Feeds:1:TimeZone '{zone}' is not a known IANA time zone"], options.Validate("Feeds:1"));
    }

    [Fact]
    public void MaxRecordBytesBelow1024IsReported()
    {
        var options = new FeedOptions { Id = "demo-sar", MaxRecordBytes = 1023 };

        Assert.Equal(["Feeds:0:MaxRecordBytes must be at least 1024"], options.Validate("Feeds:0"));
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var options = new FeedOptions { Id = "Bad Id", TimeZone = "Nowhere/Special", MaxRecordBytes = 0 };

        Assert.Equal(3, options.Validate("Feeds:0").Count());
    }
}
