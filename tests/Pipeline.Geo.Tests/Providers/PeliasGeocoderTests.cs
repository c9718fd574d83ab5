using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;
using static Pipeline.Geo.Tests.Providers.ProviderTestKit;

namespace Pipeline.Geo.Tests.Providers;

public sealed class PeliasGeocoderTests
{
    [Theory]
    [InlineData("address", "exact", "point", LocationPrecision.AddressPoint)]
    [InlineData("address", "fallback", "point", LocationPrecision.AddressPoint)]
    [InlineData("address", "interpolated", "point", LocationPrecision.Interpolated)]
    [InlineData("address", "exact", "centroid", LocationPrecision.Block)]
    [InlineData("intersection", "exact", "point", LocationPrecision.Intersection)]
    [InlineData("street", "fallback", "centroid", LocationPrecision.Block)]
    [InlineData("postalcode", "fallback", "centroid", LocationPrecision.PostalCode)]
    [InlineData("neighbourhood", "fallback", "centroid", LocationPrecision.City)]
    [InlineData("locality", "fallback", "centroid", LocationPrecision.City)]
    [InlineData("localadmin", "fallback", "centroid", LocationPrecision.City)]
    public async Task ResultLayerMatchTypeAndAccuracyDecideThePrecision(string layer, string matchType, string accuracy, LocationPrecision expected)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasFeature(layer, matchType, accuracy, confidence: 0.7));
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.Equal(expected, candidate.Precision);
        Assert.Equal(0.7, candidate.Confidence);
    }

    [Fact]
    public async Task CoordinatesAreReadAsLongitudeThenLatitudeWithTheLabel()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasFeature("address", lon: -122.26816, lat: 37.87952, label: "1520 Shattuck Avenue, Berkeley, CA, USA"));
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.Equal(37.87952, candidate.Latitude);
        Assert.Equal(-122.26816, candidate.Longitude);
        Assert.Equal("1520 Shattuck Avenue, Berkeley, CA, USA", candidate.MatchedAddress);
        Assert.Equal("pelias", pelias.Name);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("county")]
    [InlineData("country")]
    public async Task ResultsCoarserThanACityAreNoMatch(string layer)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasFeature(layer, "fallback", "centroid"));
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(1, stub.RequestCount);
    }

    [Fact]
    public async Task AnEmptyFeatureCollectionIsNoMatch()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasEmpty);
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AMissingConfidenceFallsBackToThePrecisionDefault()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasFeature("street", "fallback", "centroid").Replace("\"confidence\":1,", "", StringComparison.Ordinal));
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.InRange(candidate.Confidence, 0.01, 0.99);
    }

    [Fact]
    public async Task TheRequestCarriesEveryQueryPartEscapedWithTheApiKeyAndUserAgent()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasEmpty);
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => { o.ApiKey = "ge-k&y"; o.UserAgent = "TestPipeline/2.0 (tests)"; }), TimeProvider.System);
        var query = new AddressQuery("SHATTUCK AVE & CEDAR ST #2", "CAÑON CITY", "CO", "81212", AddressQueryKind.Intersection);

        await pelias.GeocodeAsync(query, TestContext.Current.CancellationToken);

        var seen = stub.LastRequest;
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/v1/search/structured", seen.Path);
        Assert.Equal("SHATTUCK AVE & CEDAR ST #2", seen.Query["address"]);
        Assert.Equal("CAÑON CITY", seen.Query["locality"]);
        Assert.Equal("CO", seen.Query["region"]);
        Assert.Equal("81212", seen.Query["postalcode"]);
        Assert.Equal("USA", seen.Query["country"]);
        Assert.Equal("1", seen.Query["size"]);
        Assert.Equal("ge-k&y", seen.Query["api_key"]);
        Assert.Contains("address=SHATTUCK%20AVE%20%26%20CEDAR%20ST%20%232", seen.RawQuery, StringComparison.Ordinal);
        Assert.Contains("locality=CA%C3%91ON%20CITY", seen.RawQuery, StringComparison.Ordinal);
        Assert.Equal("TestPipeline/2.0 (tests)", seen.UserAgent);
    }

    [Fact]
    public async Task ABasePathPrefixIsKeptAndEmptyPartsAreLeftOut()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasEmpty);
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.BaseUrl = stub.BaseUrl + "/geo/"), TimeProvider.System);

        await pelias.GeocodeAsync(new AddressQuery("", "BERKELEY", "CA", null, AddressQueryKind.Place), TestContext.Current.CancellationToken);

        var seen = stub.LastRequest;
        Assert.Equal("/geo/v1/search/structured", seen.Path);
        Assert.False(seen.Query.ContainsKey("address"));
        Assert.False(seen.Query.ContainsKey("postalcode"));
        Assert.False(seen.Query.ContainsKey("api_key"));
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"features":[{"type":"Feature","properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[-122.2]},"properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":["-122.2","37.8"]},"properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[37.8,-222.2]},"properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[-122.2,95.0]},"properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[0,0]},"properties":{"layer":"address"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"LineString","coordinates":[[-122.2,37.8],[-122.3,37.9]]},"properties":{"layer":"street"}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[-122.2,37.8]},"properties":{"confidence":1}}]}""")]
    [InlineData("""{"features":[{"geometry":{"type":"Point","coordinates":[-122.2,37.8]}}]}""")]
    public async Task AResponseOfTheWrongShapeIsABadResponse(string body)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(body);
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
        Assert.Equal("pelias", failure.Provider);
    }

    [Fact]
    public async Task AQueryWithNothingToSearchSendsNoRequest()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await pelias.GeocodeAsync(new AddressQuery("", null, "CA", null, AddressQueryKind.Place), TestContext.Current.CancellationToken));
        Assert.Equal(0, stub.RequestCount);
    }
}
