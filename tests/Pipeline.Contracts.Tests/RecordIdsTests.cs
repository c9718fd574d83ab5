namespace Pipeline.Contracts.Tests;

public sealed class RecordIdsTests
{
    private static readonly DateTimeOffset Arrived = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheSameReportAlwaysGivesTheSameIds()
    {
        Assert.Equal(RecordIds.Alert("county-sar:R-2026-0042", Arrived), RecordIds.Alert("county-sar:R-2026-0042", Arrived.AddTicks(1)));
        Assert.Equal(RecordIds.Incident("county-sar:R-2026-0042", Arrived), RecordIds.Incident("county-sar:R-2026-0042", Arrived));
    }

    [Fact]
    public void IdsArePinnedSoThatAReplayAfterAnUpgradeGivesTheSameIds()
    {
        // 0x6b03ba40 is 2026-11-23 04:00:00 UTC; ba7816bf8f01cfea4141 the first 20 hex digits of
        // SHA-256("abc"), a published test vector.
        Assert.Equal("A-06b03ba40ba7816bf8f01cfea4141", RecordIds.Alert("abc", Arrived));
        Assert.Equal("I-06b03ba40ba7816bf8f01cfea4141", RecordIds.Incident("abc", Arrived));
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("county-sar:1", "county-sar:2")]
    [InlineData("county-sar:1", "County-sar:1")]
    [InlineData("", " ")]
    public void DifferentReportKeysOfOneSecondGiveDifferentIds(string first, string second)
    {
        Assert.NotEqual(RecordIds.Alert(first, Arrived), RecordIds.Alert(second, Arrived));
    }

    [Fact]
    public void IdsSortInTheOrderTheReportsArrived()
    {
        // The store's indexes take new ids at their end only if a later arrival sorts after every
        // earlier one, whatever the keys' hashes.
        var ids = Enumerable.Range(0, 1_000)
            .Select(i => RecordIds.Alert($"county-sar:{1_000 - i}", Arrived.AddSeconds(i)))
            .ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("", 0L)]
    [InlineData("county-sar:R-1", 1_795_406_400L)]
    [InlineData("ключ-東京", 253_402_300_799L)]
    public void AnIdIsAPrefixAndTwentyNineLowerCaseHexDigits(string key, long unixSeconds)
    {
        var id = RecordIds.Incident(key, DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(RecordIds.Length, id.Length);
        Assert.Equal(31, id.Length);
        Assert.StartsWith("I-", id, StringComparison.Ordinal);
        Assert.All(id[2..], c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c), $"'{c}' in {id}"));
    }

    [Fact]
    public void ArrivalsBeforeTheUnixEpochShareItsSecond()
    {
        Assert.StartsWith("A-000000000", RecordIds.Alert("k", DateTimeOffset.MinValue), StringComparison.Ordinal);
    }

    [Fact]
    public void ManyKeysOfOneSecondGiveManyDistinctIds()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => RecordIds.Alert($"county-sar:{i}", Arrived)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void TheMergeOrderDependsOnTheKeysAloneNotOnWhenTheReportsArrived()
    {
        var early = Arrived;
        var late = Arrived.AddHours(3);

        var oneWay = new[] { RecordIds.Incident("county-sar:1", early), RecordIds.Incident("county-sar:2", late) }.Min(RecordIds.MergeOrder);
        var otherWay = new[] { RecordIds.Incident("county-sar:1", late), RecordIds.Incident("county-sar:2", early) }.Min(RecordIds.MergeOrder);

        Assert.Equal(oneWay![^20..], otherWay![^20..]);
    }

    [Fact]
    public void IdsMadeBeforeTheArrivalSecondSortByTheSameHashDigits()
    {
        // "I-" and the 20 hash digits alone, as stores written before 2026-11-23 hold them.
        var older = "I-ba7816bf8f01cfea4141";
        var newer = RecordIds.Incident("abc", Arrived);
        var other = RecordIds.Incident("county-sar:1", Arrived);

        Assert.Equal(older[^20..], newer[^20..]);
        Assert.Equal(
            Math.Sign(string.CompareOrdinal(older[^20..], other[^20..])),
            Math.Sign(RecordIds.MergeOrder.Compare(older, other)));
        Assert.NotEqual(0, RecordIds.MergeOrder.Compare(older, newer));
    }
}
