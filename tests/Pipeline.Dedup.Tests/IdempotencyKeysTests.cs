namespace Pipeline.Dedup.Tests;

public sealed class IdempotencyKeysTests
{
    [Theory]
    [InlineData("demo-sar", "SAR-2026-000123", "demo-sar:SAR-2026-000123")]
    [InlineData("demo-cad", "2026-000045678", "demo-cad:2026-000045678")]
    [InlineData("demo-cad", "a:b", "demo-cad:a:b")]
    public void KeyIsTheFeedIdAndSourceRecordIdJoinedByAColon(string feedId, string sourceRecordId, string expected)
    {
        Assert.Equal(expected, IdempotencyKeys.For(feedId, sourceRecordId));
    }

    [Fact]
    public void NullFeedIdOrSourceRecordIdIsRefused()
    {
        Assert.Equal("feedId", Assert.Throws<ArgumentNullException>(() => IdempotencyKeys.For(null!, "S-1")).ParamName);
        Assert.Equal("sourceRecordId", Assert.Throws<ArgumentNullException>(() => IdempotencyKeys.For("demo-sar", null!)).ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void BlankFeedIdOrSourceRecordIdIsRefused(string blank)
    {
        Assert.Equal("feedId", Assert.Throws<ArgumentException>(() => IdempotencyKeys.For(blank, "S-1")).ParamName);
        Assert.Equal("sourceRecordId", Assert.Throws<ArgumentException>(() => IdempotencyKeys.For("demo-sar", blank)).ParamName);
    }

    [Fact]
    public void ContentKeyIsTheFeedIdAndTheLowerCaseSha256OfTheBytes()
    {
        // SHA-256 of "abc", FIPS 180-2 test vector.
        Assert.Equal(
            "demo-sar:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            IdempotencyKeys.ForContent("demo-sar", "abc"u8));
    }

    [Fact]
    public void ContentKeyIsStableAcrossCalls()
    {
        byte[] record = [.. "{\"sarId\":null,\"narrative\":\"n\"}"u8];

        Assert.Equal(IdempotencyKeys.ForContent("demo-sar", record), IdempotencyKeys.ForContent("demo-sar", record.ToArray()));
    }

    [Fact]
    public void ContentKeyDiffersForDifferentBytes()
    {
        Assert.NotEqual(IdempotencyKeys.ForContent("demo-sar", "{\"a\":1}"u8), IdempotencyKeys.ForContent("demo-sar", "{\"a\":2}"u8));
        Assert.NotEqual(IdempotencyKeys.ForContent("demo-sar", "{\"a\":1}"u8), IdempotencyKeys.ForContent("demo-sar", "{\"a\":1} "u8));
    }

    [Fact]
    public void ContentKeyDiffersBetweenFeeds()
    {
        Assert.NotEqual(IdempotencyKeys.ForContent("demo-sar", "{}"u8), IdempotencyKeys.ForContent("other-sar", "{}"u8));
    }
}
