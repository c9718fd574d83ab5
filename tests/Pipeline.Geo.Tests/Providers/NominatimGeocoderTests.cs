using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;
using static Pipeline.Geo.Tests.Providers.ProviderTestKit;

namespace Pipeline.Geo.Tests.Providers;

public sealed class NominatimGeocoderTests
{
    [Theory]
    [InlineData(30, "building", "yes", "building", LocationPrecision.AddressPoint)]
    [InlineData(30, "building", "house", "house", LocationPrecision.AddressPoint)]
    [InlineData(30, "place", "house", "place", LocationPrecision.Interpolated)]
    [InlineData(30, "place", "house", "house", LocationPrecision.Interpolated)]
    [InlineData(30, "amenity", "school", "amenity", LocationPrecision.Block)]
    [InlineData(26, "highway", "primary", "road", LocationPrecision.Block)]
    [InlineData(27, "highway", "residential", "road", LocationPrecision.Block)]
    [InlineData(21, "place", "postcode", "postcode", LocationPrecision.PostalCode)]
    [InlineData(16, "boundary", "administrative", "city", LocationPrecision.City)]
    [InlineData(18, "place", "town", "town", LocationPrecision.City)]
    [InlineData(19, "place", "village", "village", LocationPrecision.City)]
    public async Task RankClassTypeAndAddressTypeDecideThePrecision(int rank, string category, string type, string addressType, LocationPrecision expected)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(NominatimPlace(rank, category, type, addressType));
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.Equal(expected, candidate.Precision);
    }

    [Fact]
    public async Task MorePreciseResultsGetMoreConfidence()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        stub.RespondJson(NominatimPlace(30, "building", "yes", "building"));
        var house = await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);
        stub.RespondJson(NominatimPlace(26, "highway", "primary", "road"));
        var street = await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);
        stub.RespondJson(NominatimPlace(16, "boundary", "administrative", "city"));
        var city = await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.True(house!.Confidence > street!.Confidence);
        Assert.True(street.Confidence > city!.Confidence);
    }

    [Fact]
    public async Task StringCoordinatesAreParsedWithTheDisplayName()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(NominatimPlace(30, "building", "yes", "building", lat: "37.8795200", lon: "-122.2681600", display: "1520, Shattuck Avenue, Berkeley"));
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.Equal(37.87952, candidate.Latitude);
        Assert.Equal(-122.26816, candidate.Longitude);
        Assert.Equal("1520, Shattuck Avenue, Berkeley", candidate.MatchedAddress);
        Assert.Equal("nominatim", nominatim.Name);
    }

    [Fact]
    public async Task AnEmptyArrayIsNoMatch()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("[]");
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AStateOrCountyResultIsNoMatch()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(NominatimPlace(8, "boundary", "administrative", "state"));
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheRequestIsAStructuredUsSearchWithEscapedPartsAndTheContactEmail()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("[]");
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub, o => o.Email = "geo-ops@example.org"), TimeProvider.System);
        var query = new AddressQuery("100 O'FARRELL ST #5 & ANNEX+1", "SAN FRANCISCO", "CA", "94102", AddressQueryKind.HouseNumber);

        await nominatim.GeocodeAsync(query, TestContext.Current.CancellationToken);

        var seen = stub.LastRequest;
        Assert.Equal("/search", seen.Path);
        Assert.Equal("jsonv2", seen.Query["format"]);
        Assert.Equal("100 O'FARRELL ST #5 & ANNEX+1", seen.Query["street"]);
        Assert.Equal("SAN FRANCISCO", seen.Query["city"]);
        Assert.Equal("CA", seen.Query["state"]);
        Assert.Equal("94102", seen.Query["postalcode"]);
        Assert.Equal("us", seen.Query["countrycodes"]);
        Assert.Equal("1", seen.Query["limit"]);
        Assert.Equal("1", seen.Query["addressdetails"]);
        Assert.Equal("geo-ops@example.org", seen.Query["email"]);
        Assert.Contains("street=100%20O%27FARRELL%20ST%20%235%20%26%20ANNEX%2B1", seen.RawQuery, StringComparison.Ordinal);
        Assert.Equal(HttpGeocoderOptions.DefaultUserAgent, seen.UserAgent);
    }

    [Theory]
    [InlineData("""{"error":"nothing"}""")]
    [InlineData("""[{"lat":"north","lon":"-122.2","place_rank":30,"category":"building","type":"yes"}]""")]
    [InlineData("""[{"lon":"-122.2","place_rank":30,"category":"building","type":"yes"}]""")]
    [InlineData("""[{"lat":"NaN","lon":"-122.2","place_rank":30,"category":"building","type":"yes"}]""")]
    [InlineData("""[{"lat":"137.8","lon":"-122.2","place_rank":30,"category":"building","type":"yes"}]""")]
    [InlineData("""[{"lat":"37.8","lon":"-122.2","category":"building","type":"yes"}]""")]
    [InlineData("""[{"lat":"37.8","lon":"-122.2","place_rank":"thirty","category":"building","type":"yes"}]""")]
    [InlineData("""["37.8,-122.2"]""")]
    public async Task AResponseOfTheWrongShapeIsABadResponse(string body)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(body);
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
    }
}
