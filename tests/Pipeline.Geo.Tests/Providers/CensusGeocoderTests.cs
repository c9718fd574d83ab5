using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;
using static Pipeline.Geo.Tests.Providers.ProviderTestKit;

namespace Pipeline.Geo.Tests.Providers;

public sealed class CensusGeocoderTests
{
    [Fact]
    public async Task AMatchIsInterpolatedAtTheTigerLinePoint()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(CensusMatches(x: -122.26816, y: 37.87952));
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);

        var candidate = await census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Interpolated, candidate.Precision);
        Assert.Equal(37.87952, candidate.Latitude);
        Assert.Equal(-122.26816, candidate.Longitude);
        Assert.Equal("1520 SHATTUCK AVE, BERKELEY, CA, 94709", candidate.MatchedAddress);
        Assert.Equal("census", census.Name);
    }

    [Fact]
    public async Task SeveralMatchesGiveLessConfidenceThanOne()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);

        stub.RespondJson(CensusMatches(count: 1));
        var single = await census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);
        stub.RespondJson(CensusMatches(count: 3));
        var ambiguous = await census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken);

        Assert.True(single!.Confidence > ambiguous!.Confidence);
    }

    [Fact]
    public async Task NoAddressMatchesIsNoMatch()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(CensusMatches(count: 0));
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnErrorsAnswerWithStatus400IsABadResponseThatDoesNotOpenTheCircuit()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("""{"errors":["Street address cannot be empty and cannot exceed 100 characters"],"status":"400"}""", 400);
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub, o => o.CircuitBreakerFailures = 2), TimeProvider.System);

        for (var i = 0; i < 4; i++)
        {
            var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask());
            Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
        }
        Assert.Equal(4, stub.RequestCount);
    }

    [Fact]
    public async Task TheRequestCarriesTheAddressPartsBenchmarkAndFormat()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(CensusMatches(count: 0));
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);
        var query = new AddressQuery("4600 SILVER HILL RD & #7", "WASHINGTON", "DC", "20233", AddressQueryKind.HouseNumber);

        await census.GeocodeAsync(query, TestContext.Current.CancellationToken);

        var seen = stub.LastRequest;
        Assert.Equal("/geocoder/locations/address", seen.Path);
        Assert.Equal("4600 SILVER HILL RD & #7", seen.Query["street"]);
        Assert.Equal("WASHINGTON", seen.Query["city"]);
        Assert.Equal("DC", seen.Query["state"]);
        Assert.Equal("20233", seen.Query["zip"]);
        Assert.Equal("Public_AR_Current", seen.Query["benchmark"]);
        Assert.Equal("json", seen.Query["format"]);
        Assert.Contains("street=4600%20SILVER%20HILL%20RD%20%26%20%237", seen.RawQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", AddressQueryKind.Place)]
    [InlineData("SHATTUCK AVE & CEDAR ST", AddressQueryKind.Intersection)]
    public async Task QueriesTheCensusCannotAnswerSendNoRequest(string street, AddressQueryKind kind)
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);

        Assert.Null(await census.GeocodeAsync(new AddressQuery(street, "BERKELEY", "CA", "94709", kind), TestContext.Current.CancellationToken));
        Assert.Equal(0, stub.RequestCount);
    }

    [Theory]
    [InlineData("""{"result":{"input":{}}}""")]
    [InlineData("""{"result":{"addressMatches":[{"matchedAddress":"X"}]}}""")]
    [InlineData("""{"result":{"addressMatches":[{"coordinates":{"x":-122.2}}]}}""")]
    [InlineData("""{"result":{"addressMatches":[{"coordinates":{"x":-122.2,"y":"37.8"}}]}}""")]
    [InlineData("""{"result":{"addressMatches":[{"coordinates":{"x":-522.2,"y":37.8}}]}}""")]
    [InlineData("""{"errors":["oops"]}""")]
    public async Task AResponseOfTheWrongShapeIsABadResponse(string body)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(body);
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
    }
}
