using Pipeline.Dedup.Linking;
using Pipeline.Contracts;

namespace Pipeline.Dedup.Tests.Linking;

public sealed class BehaviorCategoriesTests
{
    [Theory]
    [InlineData("TRESPASS", "INTRSN")]
    [InlineData("BURGLARY", "THEFT")]
    [InlineData("SUSPICIOUS PACKAGE", "WPNS")]
    [InlineData("PROWLER", "SURVL")]
    public void EachCategoryBitNamesTheCatalogueCategoryItsCallTypesDescribe(string callType, string expectedCode)
    {
        // The bits are positions in the catalogue's order: a bit constant out of step with the
        // catalogue would name the wrong category here.
        Assert.Contains(expectedCode, BehaviorCategories.CodesOf(BehaviorCategories.OfCallType(callType)));
    }

    [Fact]
    public void EveryCallTypeAndKeywordMapsOnlyToCatalogueCodes()
    {
        var known = IseSarCategories.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        Assert.All(BehaviorCategories.CallTypes.Values.Concat(BehaviorCategories.Keywords.Values), mask =>
        {
            Assert.NotEqual(0, mask);
            Assert.All(BehaviorCategories.CodesOf(mask), code => Assert.Contains(code, known));
        });
    }
}
