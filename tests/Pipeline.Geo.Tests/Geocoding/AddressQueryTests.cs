using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Geocoding;

public sealed class AddressQueryTests
{
    [Theory]
    [InlineData("1520 SHATTUCK AVE", LocationPrecision.AddressPoint)]
    [InlineData("15XX BLOCK OF SHATTUCK AVE", LocationPrecision.Block)]
    [InlineData("SHATTUCK AVE / CEDAR ST", LocationPrecision.Intersection)]
    [InlineData("1XXX BLOCK OF SHATTUCK AVE", LocationPrecision.PostalCode)]
    [InlineData("SHATTUCK AVE", LocationPrecision.PostalCode)]
    public void TheBestPossiblePrecisionIsWhatTheAddressCanHonestlySupport(string text, LocationPrecision best)
    {
        Assert.Equal(best, AddressNormalizer.Normalize(text).ToQuery("BERKELEY", "CA").BestPossible);
    }

    [Fact]
    public void AProviderClaimingABlockForAThousandBlockIsCappedAtPostalCode()
    {
        var query = AddressNormalizer.Normalize("1XXX BLOCK OF SHATTUCK AVE").ToQuery("BERKELEY", "CA");

        Assert.Equal(LocationPrecision.PostalCode, PrecisionOrder.Cap(LocationPrecision.Block, query.BestPossible));
    }
}
