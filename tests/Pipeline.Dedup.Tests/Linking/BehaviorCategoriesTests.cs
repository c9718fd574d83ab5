using Pipeline.Dedup.Linking;
using Pipeline.Scoring;

namespace Pipeline.Dedup.Tests.Linking;

public sealed class BehaviorCategoriesTests
{
    [Fact]
    public void TheLinkersCategoryCodesAreExactlyTheCataloguesCodes()
    {
        // Pipeline.Dedup does not reference Pipeline.Scoring, so the linker keeps the codes itself;
        // this keeps that copy equal to the one catalogue.
        Assert.Equal(IseSarCategories.All.Select(c => c.Code).Order(StringComparer.Ordinal), BehaviorCategories.Codes.Order(StringComparer.Ordinal));
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
