using FsCheck;
using FsCheck.Fluent;
using Pipeline.Geo.Centroids;

namespace Pipeline.Geo.Tests.Centroids;

public sealed class PlaceNamesTests
{
    [Theory]
    [InlineData("St. Louis", "SAINT LOUIS")]
    [InlineData("saint-louis", "SAINT LOUIS")]
    [InlineData("  Ste.  Genevieve ", "SAINTE GENEVIEVE")]
    [InlineData("FT. LAUDERDALE", "FORT LAUDERDALE")]
    [InlineData("Mt Pleasant", "MOUNT PLEASANT")]
    [InlineData("Port St Lucie", "PORT SAINT LUCIE")]
    [InlineData("Coeur d'Alene", "COEUR DALENE")]
    [InlineData("Mc Kinney", "MCKINNEY")]
    [InlineData("Cañon City", "CANON CITY")]
    [InlineData("ʻEwa Beach", "EWA BEACH")]
    [InlineData("Stambaugh, Iron River", "STAMBAUGH IRON RIVER")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void SpellingsOfAPlaceNormalizeToOneForm(string? name, string expected)
    {
        Assert.Equal(expected, PlaceNames.Normalize(name));
    }

    [Fact]
    public void NormalizingTwiceChangesNothing()
    {
        var names = Gen.Elements("ST", "st.", "Saint", "FT", "Mt.", "MC", "Mc", "O'", "-", " ", ",", "é", "Louis", "Worth", "a", "1")
            .ListOf()
            .Select(parts => string.Concat(parts));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(names), name =>
        {
            var once = PlaceNames.Normalize(name);
            return PlaceNames.Normalize(once) == once;
        }));
    }
}
