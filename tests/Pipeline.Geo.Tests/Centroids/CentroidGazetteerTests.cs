using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Centroids;

public sealed class CentroidGazetteerTests(ShippedCentroids shipped) : IClassFixture<ShippedCentroids>
{
    // Row counts documented in infra/geo/us/README.md.
    private const int ShippedZipRows = 41_910;
    private const int ShippedCityRows = 17_618;

    private readonly CentroidGazetteer _gazetteer = shipped.Gazetteer;

    [Fact]
    public void ShippedFilesLoadWithTheDocumentedRowCounts()
    {
        Assert.Equal(ShippedZipRows, _gazetteer.ZipCount);
        Assert.Equal(ShippedCityRows, _gazetteer.CityCount);
    }

    [Fact]
    public void BerkeleyZipGivesItsCentroidAtPostalCodePrecision()
    {
        var answer = _gazetteer.Geocode(Zip("94709"));

        Assert.NotNull(answer);
        Assert.Equal(LocationPrecision.PostalCode, answer.Precision);
        Assert.InRange(Kilometres(answer.Latitude, answer.Longitude, 37.88, -122.27), 0, 3);
        Assert.Equal("Berkeley, CA 94709", answer.MatchedAddress);
        Assert.Equal(CentroidGazetteer.ZipConfidence, answer.Confidence);
    }

    [Fact]
    public void ManhattanZipIsInNewYork()
    {
        var zip = _gazetteer.FindZip("10001");

        Assert.NotNull(zip);
        Assert.Equal("New York", zip.City);
        Assert.Equal("NY", zip.State);
        Assert.Equal(ZipCentroidSource.Zcta, zip.Source);
        Assert.InRange(Kilometres(zip.Latitude, zip.Longitude, 40.7506, -73.9972), 0, 2);
    }

    [Theory]
    [InlineData("00000")]
    [InlineData("99999")]
    [InlineData("9470")]
    [InlineData("ABCDE")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownOrMalformedZipWithoutACityFindsNothing(string? postalCode)
    {
        Assert.Null(_gazetteer.Geocode(new AddressQuery("", null, null, postalCode, AddressQueryKind.Place)));
    }

    [Theory]
    [InlineData("94709-1234")]
    [InlineData("947091234")]
    [InlineData(" 94709 ")]
    public void ZipPlusFourAndPaddingFindTheFiveDigitZip(string postalCode)
    {
        Assert.Equal("94709", _gazetteer.FindZip(postalCode)?.Zip);
    }

    [Theory]
    [InlineData(AddressQueryKind.HouseNumber)]
    [InlineData(AddressQueryKind.Block)]
    [InlineData(AddressQueryKind.Intersection)]
    [InlineData(AddressQueryKind.Place)]
    public void ZipAnswerIsNeverLabelledMorePreciseThanPostalCode(AddressQueryKind kind)
    {
        var answer = _gazetteer.Geocode(new AddressQuery("1520 SHATTUCK AVE", "BERKELEY", "CA", "94709", kind));

        Assert.Equal(LocationPrecision.PostalCode, answer?.Precision);
    }

    [Fact]
    public void StateThatContradictsTheZipLowersConfidence()
    {
        var agreeing = _gazetteer.Geocode(new AddressQuery("", "BERKELEY", "CA", "94709", AddressQueryKind.Place));
        var contradicting = _gazetteer.Geocode(new AddressQuery("", "BERKELEY", "NY", "94709", AddressQueryKind.Place));

        Assert.Equal(CentroidGazetteer.ZipConfidence, agreeing?.Confidence);
        Assert.Equal(CentroidGazetteer.ZipConfidence * CentroidGazetteer.StateMismatchFactor, contradicting?.Confidence);
        Assert.Equal(LocationPrecision.PostalCode, contradicting?.Precision);
    }

    [Fact]
    public void CityOtherThanTheZipsPlaceNameLowersConfidenceLessThanAWrongState()
    {
        var answer = _gazetteer.Geocode(new AddressQuery("", "OAKLAND", "CA", "94709", AddressQueryKind.Place));

        Assert.Equal(CentroidGazetteer.ZipConfidence * CentroidGazetteer.CityMismatchFactor, answer?.Confidence);
    }

    [Fact]
    public void SaintLouisAndStLouisAreTheSameCity()
    {
        var spelledOut = _gazetteer.Geocode(new AddressQuery("", "Saint Louis", "MO", null, AddressQueryKind.Place));
        var abbreviated = _gazetteer.Geocode(new AddressQuery("", "ST. LOUIS", "mo", null, AddressQueryKind.Place));

        Assert.NotNull(spelledOut);
        Assert.Equal(spelledOut, abbreviated);
        Assert.Equal(LocationPrecision.City, spelledOut.Precision);
        Assert.InRange(Kilometres(spelledOut.Latitude, spelledOut.Longitude, 38.627, -90.198), 0, 3);
        Assert.Equal(CentroidGazetteer.CityConfidence, spelledOut.Confidence);
    }

    [Theory]
    [InlineData("Ft Worth", "Fort Worth", "TX")]
    [InlineData("MT. VERNON", "Mount Vernon", "NY")]
    [InlineData("winston salem", "Winston-Salem", "NC")]
    [InlineData("OFALLON", "O'Fallon", "MO")]
    [InlineData("Canon City", "Cañon City", "CO")]
    public void CitySpellingsMatchAfterNormalization(string written, string canonical, string state)
    {
        var match = _gazetteer.FindCity(written, state);

        Assert.NotNull(match);
        Assert.Equal(canonical, match.Name);
        Assert.False(match.FromZipCodes);
    }

    [Fact]
    public void CityKnownOnlyFromZipCodesIsPlacedAmongThemWithLowerConfidence()
    {
        // GeoNames calls it "New York City"; the ZIP list's default place name is "New York".
        var answer = _gazetteer.Geocode(new AddressQuery("", "NEW YORK", "NY", null, AddressQueryKind.Place));

        Assert.NotNull(answer);
        Assert.Equal(LocationPrecision.City, answer.Precision);
        Assert.Equal(CentroidGazetteer.AmbiguousCityConfidence, answer.Confidence);
        Assert.InRange(Kilometres(answer.Latitude, answer.Longitude, 40.76, -73.98), 0, 8);
    }

    [Fact]
    public void UnknownZipFallsBackToTheCity()
    {
        var answer = _gazetteer.Geocode(new AddressQuery("", "Berkeley", "CA", "00000", AddressQueryKind.HouseNumber));

        Assert.Equal(LocationPrecision.City, answer?.Precision);
        Assert.Equal("Berkeley, CA", answer?.MatchedAddress);
    }

    [Theory]
    [InlineData("Berkeley", null)]
    [InlineData(null, "CA")]
    [InlineData("Nowhereville Xyz", "CA")]
    [InlineData("Berkeley", "ZZ")]
    public void CityWithoutAStateOrUnknownFindsNothing(string? city, string? state)
    {
        Assert.Null(_gazetteer.Geocode(new AddressQuery("", city, state, null, AddressQueryKind.Place)));
    }

    [Fact]
    public void SameNamedPlacesInOneStateGiveTheMostPopulousWithLowerConfidence()
    {
        var gazetteer = new CentroidGazetteer(
            [],
            [
                new CityCentroid("Springfield", "PA", 40.0, -75.0, 20_000),
                new CityCentroid("Springfield", "PA", 41.0, -76.0, 90_000),
                new CityCentroid("Springfield", "PA", 42.0, -77.0, null),
                new CityCentroid("Springfield", "IL", 39.8, -89.6, 116_000),
            ]);

        var pa = gazetteer.Geocode(new AddressQuery("", "SPRINGFIELD", "PA", null, AddressQueryKind.Place));
        var il = gazetteer.Geocode(new AddressQuery("", "SPRINGFIELD", "IL", null, AddressQueryKind.Place));

        Assert.Equal((41.0, -76.0), (pa?.Latitude, pa?.Longitude));
        Assert.Equal(CentroidGazetteer.AmbiguousCityConfidence, pa?.Confidence);
        Assert.Equal(3, gazetteer.FindCity("Springfield", "PA")?.Candidates);
        Assert.Equal(CentroidGazetteer.CityConfidence, il?.Confidence);
    }

    [Fact]
    public void TownOnlyInTheZipListIsPlacedAtTheMedianOfItsZipsSoOneStrayZipCannotMoveIt()
    {
        var gazetteer = new CentroidGazetteer(
            [
                new ZipCentroid("12001", 42.0, -74.0, "Smallville", "NY", ZipCentroidSource.Zcta),
                new ZipCentroid("12002", 42.2, -74.2, "Smallville", "NY", ZipCentroidSource.ZipcodesPackage),
                new ZipCentroid("12003", 42.1, -74.1, "Smallville", "NY", ZipCentroidSource.Zcta),
                new ZipCentroid("12004", 40.77, 73.95, "Smallville", "NY", ZipCentroidSource.ZipcodesPackage),
                new ZipCentroid("12005", 42.15, -74.15, "Smallville", "NY", ZipCentroidSource.Zcta),
            ],
            []);

        var match = gazetteer.FindCity("smallville", "NY");

        Assert.NotNull(match);
        Assert.True(match.FromZipCodes);
        Assert.Equal(42.1, match.Latitude, 9);
        Assert.Equal(-74.1, match.Longitude, 9);
    }

    [Fact]
    public void ShippedZipsAreAllInsideTheUsAndItsTerritories()
    {
        var outside = Enumerable.Range(0, 100_000)
            .Select(i => _gazetteer.FindZip(i.ToString("D5", CultureInfo.InvariantCulture)))
            .Where(z => z is not null && !(z.Latitude is >= -15 and <= 72 && (z.Longitude <= -64 || z.Longitude >= 130)))
            .Select(z => z!.Zip)
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void DeliveryOnlyZipHasLowerConfidenceThanACensusZip()
    {
        var gazetteer = new CentroidGazetteer(
            [new ZipCentroid("12002", 42.2, -74.2, "Smallville", "NY", ZipCentroidSource.ZipcodesPackage)],
            []);

        Assert.Equal(CentroidGazetteer.DeliveryZipConfidence, gazetteer.Geocode(Zip("12002"))?.Confidence);
    }

    [Fact]
    public async Task AsyncAnswerIsTheSynchronousOneUnderTheCentroidsName()
    {
        var query = Zip("10001");

        var answer = await _gazetteer.GeocodeAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal("centroids", _gazetteer.Name);
        Assert.Equal(_gazetteer.Geocode(query), answer);
    }

    [Fact]
    public void MalformedRowIsRejectedWithTheFileAndLineNamed()
    {
        using var folder = new TempFolder();
        WriteGzip(Path.Combine(folder.Path, CentroidGazetteer.ZipFileName), "zip,latitude,longitude,city,state,source\n94709,37.9,-122.3,Berkeley,CA,zcta\n94710,north,-122.3,Berkeley,CA,zcta\n");
        WriteGzip(Path.Combine(folder.Path, CentroidGazetteer.CityFileName), "name,state,latitude,longitude,population\n");

        var error = Assert.Throws<InvalidDataException>(() => CentroidGazetteer.Load(folder.Path));

        Assert.Contains("zip-centroids.csv.gz line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("latitude", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedCityNamesWithCommasAreRead()
    {
        using var folder = new TempFolder();
        WriteGzip(Path.Combine(folder.Path, CentroidGazetteer.ZipFileName), "zip,latitude,longitude,city,state,source\n");
        WriteGzip(Path.Combine(folder.Path, CentroidGazetteer.CityFileName), "name,state,latitude,longitude,population\n\"Stambaugh, Iron River\",MI,46.08,-88.63,\n\"Say \"\"Hi\"\"\",TX,30,-97,12\n");

        var gazetteer = CentroidGazetteer.Load(folder.Path);

        Assert.Equal("Stambaugh, Iron River", gazetteer.FindCity("Stambaugh Iron River", "MI")?.Name);
        Assert.Equal("Say \"Hi\"", gazetteer.FindCity("say hi", "tx")?.Name);
    }

    [Fact]
    public void MissingFileIsReportedByPath()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => CentroidGazetteer.Load(folder.Path));

        Assert.Contains(CentroidGazetteer.ZipFileName, error.Message, StringComparison.Ordinal);
    }

    private static AddressQuery Zip(string zip) => new("", null, null, zip, AddressQueryKind.Place);

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    private static double Kilometres(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
