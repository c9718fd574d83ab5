using Pipeline.Contracts;
namespace Pipeline.Scoring.Tests;

public sealed class IseSarCategoriesTests
{
    [Fact]
    public void CatalogueHasTheSixteenStandardCodesOnceEach()
    {
        var codes = IseSarCategories.All.Select(c => c.Code).ToList();

        Assert.Equal(16, codes.Count);
        Assert.Equal(16, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(
            ["INTRSN", "MISREP", "THEFT", "SABOT", "CYBER", "THREAT", "AVIATION",
             "ELICIT", "TESTSEC", "RECRUT", "PHOTO", "SURVL", "MATRLS", "EXPERT", "WPNS", "SECTOR"],
            codes);
    }

    [Fact]
    public void SevenCategoriesAreGroupAAndNineAreGroupB()
    {
        var groupA = IseSarCategories.All.Where(c => c.Group == IseSarGroup.A).Select(c => c.Code);
        var groupB = IseSarCategories.All.Where(c => c.Group == IseSarGroup.B).Select(c => c.Code);

        Assert.Equal(["INTRSN", "MISREP", "THEFT", "SABOT", "CYBER", "THREAT", "AVIATION"], groupA);
        Assert.Equal(9, groupB.Count());
    }

    [Fact]
    public void EveryCategoryHasANameAndAOneSentenceDefinition()
    {
        Assert.All(IseSarCategories.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Name));
            Assert.EndsWith(".", c.Definition, StringComparison.Ordinal);
            Assert.DoesNotContain(". ", c.Definition, StringComparison.Ordinal);
            Assert.InRange(c.Definition.Length, 40, 300);
        });
    }

    [Theory]
    [InlineData("PHOTO", "Photography", IseSarGroup.B)]
    [InlineData("photo", "Photography", IseSarGroup.B)]
    [InlineData("Threat", "Expressed or Implied Threat", IseSarGroup.A)]
    [InlineData("INTRSN", "Breach/Attempted Intrusion", IseSarGroup.A)]
    public void FindLooksUpACodeIgnoringCase(string code, string name, IseSarGroup group)
    {
        var category = IseSarCategories.Find(code);

        Assert.NotNull(category);
        Assert.Equal(name, category.Name);
        Assert.Equal(group, category.Group);
    }

    [Theory]
    [InlineData("")]
    [InlineData("TERROR")]
    [InlineData(null)]
    public void FindReturnsNullForAnUnknownCode(string? code) =>
        Assert.Null(IseSarCategories.Find(code));

    [Fact]
    public void CodeConstantsAgreeWithTheCatalogue()
    {
        string[] constants =
        [
            IseSarCategories.Intrusion, IseSarCategories.Misrepresentation, IseSarCategories.Theft,
            IseSarCategories.Sabotage, IseSarCategories.Cyberattack, IseSarCategories.Threat,
            IseSarCategories.Aviation, IseSarCategories.Eliciting, IseSarCategories.TestingSecurity,
            IseSarCategories.Recruiting, IseSarCategories.Photography, IseSarCategories.Surveillance,
            IseSarCategories.Materials, IseSarCategories.Expertise, IseSarCategories.Weapons,
            IseSarCategories.SectorSpecific,
        ];

        Assert.Equal(IseSarCategories.All.Select(c => c.Code), constants);
    }
}
