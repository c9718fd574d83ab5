using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;

namespace Pipeline.Geo.Tests.Providers;

public sealed class CensusBatchGeocoderTests
{
    private const string MixedAnswer =
        "\"1\",\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\"Match\",\"Exact\",\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\"-76.92744,38.845985\",\"613199520\",\"L\"\n" +
        "\"2\",\"1520 SHATTUCK AVE, BERKELEY, CA, 94709\",\"Match\",\"Non_Exact\",\"1520 SHATTUCK AVE, BERKELEY, CA, 94709\",\"-122.26816,37.87952\",\"192273093\",\"R\"\n" +
        "\"3\",\"1 NOWHERE LN, NOWHERE, ZZ, 00000\",\"No_Match\"\n" +
        "\"4\",\"100 MAIN ST, SPRINGFIELD, , \",\"Tie\"\n";

    private static readonly AddressQuery Sample = new("4600 SILVER HILL RD", "WASHINGTON", "DC", "20233", AddressQueryKind.HouseNumber);

    [Fact]
    public async Task MatchNonExactNoMatchAndTieRowsAreReadWithQuotedCoordinates()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "text/csv", MixedAnswer);
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);

        var results = await batch.GeocodeAsync(Ids("1", "2", "3", "4"), TestContext.Current.CancellationToken);

        Assert.Equal(4, results.Count);
        var exact = results["1"];
        Assert.NotNull(exact);
        Assert.Equal(38.845985, exact.Latitude);
        Assert.Equal(-76.92744, exact.Longitude);
        Assert.Equal(LocationPrecision.Interpolated, exact.Precision);
        Assert.Equal("4600 SILVER HILL RD, WASHINGTON, DC, 20233", exact.MatchedAddress);
        var nonExact = results["2"];
        Assert.NotNull(nonExact);
        Assert.Equal(37.87952, nonExact.Latitude);
        Assert.True(nonExact.Confidence < exact.Confidence);
        Assert.Null(results["3"]);
        Assert.Null(results["4"]);
    }

    [Fact]
    public async Task TheUploadIsAMultipartCsvFileWithTheBenchmark()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "text/csv", "");
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);
        var addresses = new Dictionary<string, AddressQuery>
        {
            ["a-1"] = new("4600 SILVER HILL RD, SUITE \"B\"", "WASHINGTON", "DC", "20233", AddressQueryKind.HouseNumber),
            ["a-2"] = new("15 CAÑADA RD", "WOODSIDE", "CA", null, AddressQueryKind.HouseNumber),
        };

        await batch.GeocodeAsync(addresses, TestContext.Current.CancellationToken);

        var seen = stub.LastRequest;
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/geocoder/locations/addressbatch", seen.Path);
        Assert.Equal("Public_AR_Current", seen.FormFields["benchmark"]);
        Assert.Equal("addressFile", seen.FileName);
        var lines = seen.FileText!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["a-1,4600 SILVER HILL RD  SUITE  B,WASHINGTON,DC,20233", "a-2,15 CAÑADA RD,WOODSIDE,CA,"], lines);
        Assert.All(lines, line => Assert.Equal(4, line.Count(c => c == ',')));
    }

    [Fact]
    public async Task MoreThanTenThousandAddressesAreSplitIntoRequestsOfAtMostTenThousand()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = AnswerEveryRowWithAMatch;
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);
        var ids = Enumerable.Range(1, CensusBatchGeocoder.MaxRowsPerRequest + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var results = await batch.GeocodeAsync(Ids(ids), TestContext.Current.CancellationToken);

        Assert.Equal(2, stub.RequestCount);
        Assert.Equal(
            [CensusBatchGeocoder.MaxRowsPerRequest, 1],
            stub.Requests.Select(request => request.FileText!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Equal(ids.Length, results.Count);
        Assert.All(results.Values, Assert.NotNull);
    }

    [Fact]
    public async Task AddressesWithoutAStreetAndRowsTheServiceLeftOutAreNull()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "text/csv", "\"Unique ID\",\"Input Address\",\"Match\"\n" + MixedAnswer.Split('\n')[0] + "\n\"99\",\"not ours\",\"Match\",\"Exact\",\"X\",\"-1,1\",\"1\",\"L\"\n");
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);
        var addresses = Ids("1", "2").Append(new("no-street", new AddressQuery("", "BERKELEY", "CA", null, AddressQueryKind.Place)));

        var results = await batch.GeocodeAsync(addresses, TestContext.Current.CancellationToken);

        Assert.Equal(["1", "2", "no-street"], results.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(results["1"]);
        Assert.Null(results["2"]);
        Assert.Null(results["no-street"]);
        Assert.DoesNotContain("no-street", stub.LastRequest.FileText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotedFieldsMayHoldCommasDoubledQuotesAndLineBreaks()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(
            context,
            200,
            "text/csv",
            "\"1\",\"1 \"\"A\"\" ST,\r\n X\",\"Match\",\"Exact\",\"1 A ST, \"\"X\"\", DC, 20001\",\"-77.0,38.9\",\"1\",\"L\"\r\n");
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);

        var results = await batch.GeocodeAsync(Ids("1"), TestContext.Current.CancellationToken);

        Assert.Equal("1 A ST, \"X\", DC, 20001", results["1"]!.MatchedAddress);
        Assert.Equal(38.9, results["1"]!.Latitude);
    }

    [Theory]
    [InlineData("\"1\",\"x\",\"Maybe\"\n")]
    [InlineData("\"1\",\"x\",\"Match\",\"Exact\",\"X\"\n")]
    [InlineData("\"1\",\"x\",\"Match\",\"Exact\",\"X\",\"-77.0;38.9\",\"1\",\"L\"\n")]
    [InlineData("\"1\",\"x\",\"Match\",\"Exact\",\"X\",\"38.9,-277.0\",\"1\",\"L\"\n")]
    [InlineData("\"1\",\"x\",\"Match\",\"Sort_Of\",\"X\",\"-77.0,38.9\",\"1\",\"L\"\n")]
    [InlineData("\"1\",\"x,\"Match\n")]
    public async Task AnUnreadableRowIsABadResponse(string body)
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "text/csv", body);
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => batch.GeocodeAsync(Ids("1"), TestContext.Current.CancellationToken));

        Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a\"b")]
    [InlineData("a\nb")]
    [InlineData(" ")]
    public async Task IdsTheCsvCannotCarryAreRefusedBeforeAnyRequest(string id)
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => batch.GeocodeAsync(Ids(id), TestContext.Current.CancellationToken));
        Assert.Equal(0, stub.RequestCount);
    }

    [Fact]
    public async Task RepeatedIdsAreRefused()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var batch = new CensusBatchGeocoder(http, BatchOptions(stub), TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => batch.GeocodeAsync(Ids("7", "7"), TestContext.Current.CancellationToken));
        Assert.Equal(0, stub.RequestCount);
    }

    private static HttpGeocoderOptions BatchOptions(StubServer stub)
    {
        var options = HttpGeocoderOptions.ForCensusBatch();
        options.BaseUrl = stub.BaseUrl;
        return options;
    }

    private static IEnumerable<KeyValuePair<string, AddressQuery>> Ids(params string[] ids) =>
        ids.Select(id => new KeyValuePair<string, AddressQuery>(id, Sample));

    private static async Task AnswerEveryRowWithAMatch(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        using var reader = new StreamReader(form.Files[0].OpenReadStream(), Encoding.UTF8);
        var answer = new StringBuilder();
        while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
        {
            var id = line[..line.IndexOf(',', StringComparison.Ordinal)];
            answer.Append('"').Append(id).Append("\",\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\"Match\",\"Exact\",\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\"-76.92744,38.845985\",\"613199520\",\"L\"\n");
        }
        await StubServer.WriteAsync(context, 200, "text/csv", answer.ToString());
    }
}
