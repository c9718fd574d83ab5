namespace Pipeline.Worker.Tests;

public sealed class AlertIdsTests
{
    [Fact]
    public void SameReportKeyAlwaysGivesTheSameAlertId()
    {
        Assert.Equal(AlertIds.For("county-sar:R-2026-0042"), AlertIds.For("county-sar:R-2026-0042"));
    }

    [Fact]
    public void AlertIdIsPinnedSoThatReplaysAfterAnUpgradeRaiseNoSecondAlert()
    {
        // The first 20 hex digits of SHA-256("abc"), a published test vector.
        Assert.Equal("A-ba7816bf8f01cfea4141", AlertIds.For("abc"));
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("county-sar:1", "county-sar:2")]
    [InlineData("county-sar:1", "County-sar:1")]
    [InlineData("", " ")]
    public void DifferentReportKeysGiveDifferentAlertIds(string first, string second)
    {
        Assert.NotEqual(AlertIds.For(first), AlertIds.For(second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("county-sar:R-1")]
    [InlineData("ключ-東京")]
    public void AlertIdIsAPrefixAndTwentyLowerCaseHexDigits(string key)
    {
        var id = AlertIds.For(key);

        Assert.Equal(22, id.Length);
        Assert.StartsWith("A-", id, StringComparison.Ordinal);
        Assert.All(id[2..], c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c), $"'{c}' in {id}"));
    }

    [Fact]
    public void ManyKeysGiveManyDistinctIds()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => AlertIds.For($"county-sar:{i}")).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, ids.Count);
    }
}
