using System.Diagnostics;
using Pipeline.Geo.Reprojection;

namespace Pipeline.Geo.Tests;

public sealed class ReprojectionTests
{
    private const double Degrees = 1e-9;

    // NAD27 / California zone III with EPSG:1173, the three-parameter NAD27 to WGS 84 shift for the conterminous US.
    private const string Nad27CaliforniaZone3 = """PROJCS["NAD27 / California zone III",GEOGCS["NAD27",DATUM["North_American_Datum_1927",SPHEROID["Clarke 1866",6378206.4,294.978698213898],TOWGS84[-8,160,176,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",36.5],PARAMETER["central_meridian",-120.5],PARAMETER["standard_parallel_1",38.4333333333333],PARAMETER["standard_parallel_2",37.0666666666667],PARAMETER["false_easting",2000000],PARAMETER["false_northing",0],UNIT["US survey foot",0.304800609601219],AUTHORITY["EPSG","26743"]]""";

    /// <summary>
    /// The projection's natural origin and where the EPSG registry puts it: (latitude of origin, central
    /// meridian) maps to (false easting, false northing) in the CRS's unit.
    /// </summary>
    public static TheoryData<int, double, double, double, double> Origins => new()
    {
        { 2227, Dm(36, 30), -Dm(120, 30), 6_561_666.667, 1_640_416.667 },
        { 2229, Dm(33, 30), -Dm(118, 0), 6_561_666.667, 1_640_416.667 },
        { 2926, Dm(47, 0), -Dm(120, 50), 1_640_416.667, 0 },
        { 3452, Dm(28, 30), -Dm(91, 20), 3_280_833.3333, 0 },
        { 2253, Dm(41, 30), -Dm(84, 22), 13_123_359.58, 0 },
        { 2898, Dm(41, 30), -Dm(84, 22), 13_123_359.58, 0 },
        { 2263, Dm(40, 10), -Dm(74, 0), 984_250, 0 },
        { 3435, Dm(36, 40), -Dm(88, 20), 984_250, 0 },
        { 26910, 0, -123, 500_000, 0 },
        { 3857, 0, 0, 0, 0 },
    };

    /// <summary>
    /// City landmarks (approximate positions) and their projected coordinates as PROJ 9.1.1, an
    /// implementation independent of ProjNet, computes them from its own copy of the EPSG registry
    /// (<c>proj $(projinfo EPSG:nnnn -o PROJ)</c>, datum shift left out as here).
    /// </summary>
    public static TheoryData<int, double, double, double, double> ControlPoints => new()
    {
        { 2227, 37.8697, -122.2719, 6_050_233.0496, 2_143_981.2997 },  // Berkeley City Hall
        { 2229, 34.0537, -118.2427, 6_488_151.2325, 1_842_013.3965 },  // Los Angeles City Hall
        { 2926, 47.6062, -122.3321, 1_270_714.8171, 224_723.4904 },    // Seattle
        { 3452, 29.9527, -90.0766, 3_678_810.1935, 530_473.6620 },     // New Orleans City Hall
        { 2253, 42.3314, -83.0458, 13_480_497.3710, 305_787.9749 },    // Detroit
        { 2898, 42.3314, -83.0458, 13_480_497.3710, 305_787.9749 },    // Detroit
        { 2263, 40.7127, -74.0059, 982_614.3548, 198_932.3855 },       // New York City Hall
        { 3435, 41.8837, -87.6319, 1_175_255.8184, 1_900_990.8311 },   // Chicago City Hall
        { 26910, 37.8697, -122.2719, 564_038.6048, 4_191_607.9107 },   // Berkeley City Hall
        { 3857, 37.8697, -122.2719, -13_611_245.6463, 4_561_035.1103 }, // Berkeley City Hall
    };

    /// <summary>A point in each projected CRS's city, the centre of a round-trip grid.</summary>
    public static TheoryData<int, double, double> Cities => new()
    {
        { 2227, 37.8697, -122.2719 },
        { 2229, 34.0537, -118.2427 },
        { 2926, 47.6062, -122.3321 },
        { 3452, 29.9527, -90.0766 },
        { 2253, 42.3314, -83.0458 },
        { 2898, 42.3314, -83.0458 },
        { 2263, 40.7127, -74.0059 },
        { 3435, 41.8837, -87.6319 },
        { 26910, 37.8697, -122.2719 },
        { 3857, 37.8697, -122.2719 },
    };

    [Fact]
    public void KnownEpsgCodesAreTheCityProjectionsAndTwoGeographicCrs()
    {
        Assert.Equal([2227, 2229, 2253, 2263, 2898, 2926, 3435, 3452, 3857, 4269, 4326, 26910], CoordinateReprojector.KnownEpsgCodes);
    }

    [Fact]
    public void EveryKnownCodeBuildsAReprojectorCarryingItsCodeAndName()
    {
        Assert.All(CoordinateReprojector.KnownEpsgCodes, code =>
        {
            var reprojector = CoordinateReprojector.ForEpsg(code);
            Assert.Equal(code, reprojector.Epsg);
            Assert.False(string.IsNullOrWhiteSpace(reprojector.Name));
        });
        Assert.Equal("NAD83 / Louisiana South (ftUS)", CoordinateReprojector.ForEpsg(3452).Name);
        Assert.Equal("NAD83 / Michigan South (ft)", CoordinateReprojector.ForEpsg(2253).Name);
    }

    [Fact]
    public void ForEpsgSharesOneInstancePerCode()
    {
        Assert.Same(CoordinateReprojector.ForEpsg(2227), CoordinateReprojector.ForEpsg(2227));
    }

    [Theory]
    [MemberData(nameof(Origins))]
    public void ProjectionOriginIsTheFalseEastingAndNorthing(int epsg, double latitude, double longitude, double falseEasting, double falseNorthing)
    {
        var reprojector = CoordinateReprojector.ForEpsg(epsg);

        var (lat, lon) = reprojector.ToWgs84(falseEasting, falseNorthing);
        var (x, y) = reprojector.FromWgs84(latitude, longitude);

        Assert.Equal(latitude, lat, Degrees);
        Assert.Equal(longitude, lon, Degrees);
        Assert.Equal(falseEasting, x, 1e-6);
        Assert.Equal(falseNorthing, y, 1e-6);
    }

    [Theory]
    [MemberData(nameof(ControlPoints))]
    public void ControlPointAgreesWithAnIndependentImplementation(int epsg, double latitude, double longitude, double x, double y)
    {
        var reprojector = CoordinateReprojector.ForEpsg(epsg);

        var (lat, lon) = reprojector.ToWgs84(x, y);
        var (projectedX, projectedY) = reprojector.FromWgs84(latitude, longitude);

        // 1e-9 degrees is about 0.1 mm; PROJ's figures are printed to 0.1 mm.
        Assert.Equal(latitude, lat, 2e-9);
        Assert.Equal(longitude, lon, 2e-9);
        Assert.Equal(x, projectedX, 1e-3);
        Assert.Equal(y, projectedY, 1e-3);
    }

    [Theory]
    // Generous boxes around the values the cities' open data carry in these columns; a wrong unit or zone lands far outside.
    [InlineData(3435, 41.8837, -87.6319, 1_091_000, 1_206_000, 1_813_000, 1_952_000)] // Chicago crimes: X/Y Coordinate
    [InlineData(2263, 40.7127, -74.0059, 913_000, 1_068_000, 120_000, 273_000)] // NYPD complaints: X/Y_COORD_CD
    [InlineData(3452, 29.9527, -90.0766, 3_600_000, 3_800_000, 450_000, 620_000)] // NOPD calls for service: MapX/MapY
    public void CityCentreLandsInTheFeetRangeItsOpenDataUses(int epsg, double latitude, double longitude, double minX, double maxX, double minY, double maxY)
    {
        var (x, y) = CoordinateReprojector.ForEpsg(epsg).FromWgs84(latitude, longitude);

        Assert.InRange(x, minX, maxX);
        Assert.InRange(y, minY, maxY);
    }

    [Theory]
    [MemberData(nameof(Cities))]
    public void RoundTripAcrossTheCityReturnsThePosition(int epsg, double latitude, double longitude)
    {
        var reprojector = CoordinateReprojector.ForEpsg(epsg);

        for (var dLat = -0.3; dLat <= 0.3; dLat += 0.05)
        {
            for (var dLon = -0.3; dLon <= 0.3; dLon += 0.05)
            {
                var (x, y) = reprojector.FromWgs84(latitude + dLat, longitude + dLon);
                var (lat, lon) = reprojector.ToWgs84(x, y);

                Assert.Equal(latitude + dLat, lat, Degrees);
                Assert.Equal(longitude + dLon, lon, Degrees);
            }
        }
    }

    [Theory]
    [InlineData(4326)]
    [InlineData(4269)]
    public void GeographicCrsIsTheIdentityWithLongitudeAsX(int epsg)
    {
        var reprojector = CoordinateReprojector.ForEpsg(epsg);

        Assert.Equal((37.8697, -122.2719), reprojector.ToWgs84(-122.2719, 37.8697));
        Assert.Equal((-122.2719, 37.8697), reprojector.FromWgs84(37.8697, -122.2719));
    }

    [Fact]
    public void WebMercatorReachesTheWorldEdgeAtTheStandardExtent()
    {
        const double edge = 20_037_508.342789244; // pi * 6378137

        var (lat, lon) = CoordinateReprojector.ForEpsg(3857).ToWgs84(edge, edge);

        Assert.Equal(85.051128779807, lat, 1e-9);
        Assert.Equal(180, lon, 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(27700)]
    [InlineData(2285)]
    [InlineData(-1)]
    public void UnknownEpsgCodeIsRejectedNamingTheKnownOnes(int epsg)
    {
        var e = Assert.Throws<ArgumentException>(() => CoordinateReprojector.ForEpsg(epsg));

        Assert.Equal("epsg", e.ParamName);
        Assert.Contains($"EPSG:{epsg} is not in the built-in table", e.Message, StringComparison.Ordinal);
        Assert.Contains("3452", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "could not be parsed")]
    [InlineData("PROJCS[\"truncated\"", "could not be parsed")]
    [InlineData("""GEOCCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["metre",1]]""", "GeocentricCoordinateSystem")]
    [InlineData("""PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]""", "cannot be transformed")]
    [InlineData("""GEOGCS["NTF (Paris)",DATUM["Nouvelle_Triangulation_Francaise_Paris",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.466021293627]],PRIMEM["Paris",2.5969213],UNIT["grad",0.015707963267949]]""", "angular unit or prime meridian")]
    public void WktThatCannotBeUsedIsRejectedWithTheReason(string wkt, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => CoordinateReprojector.FromWkt(wkt));

        Assert.Equal("wkt", e.ParamName);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyWktIsRejected(string wkt)
    {
        Assert.Throws<ArgumentException>(() => CoordinateReprojector.FromWkt(wkt));
    }

    [Fact]
    public void EsriPrjTextGivesTheSameAnswersAsTheEpsgCode()
    {
        const string prj = """PROJCS["NAD_1983_StatePlane_Michigan_South_FIPS_2113_Feet_Intl",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",13123359.58],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-84.3666666666667],PARAMETER["Standard_Parallel_1",43.6666666666667],PARAMETER["Standard_Parallel_2",42.1],PARAMETER["Latitude_Of_Origin",41.5],UNIT["Foot",0.3048]]""";

        var fromPrj = CoordinateReprojector.FromWkt(prj);
        var (lat, lon) = fromPrj.ToWgs84(13_480_497.3710, 305_787.9749);
        var (epsgLat, epsgLon) = CoordinateReprojector.ForEpsg(2253).ToWgs84(13_480_497.3710, 305_787.9749);

        Assert.Null(fromPrj.Epsg);
        Assert.Equal("NAD_1983_StatePlane_Michigan_South_FIPS_2113_Feet_Intl", fromPrj.Name);
        Assert.Equal(epsgLat, lat, Degrees);
        Assert.Equal(epsgLon, lon, Degrees);
        Assert.Equal(42.3314, lat, 2e-9);
        Assert.Equal(-83.0458, lon, 2e-9);
    }

    [Fact]
    public void WktWithADatumShiftIsShiftedToWgs84()
    {
        var reprojector = CoordinateReprojector.FromWkt(Nad27CaliforniaZone3);
        var (lat, lon) = reprojector.ToWgs84(1_500_000, 500_000);

        Assert.Equal(26743, reprojector.Epsg);
        // Expected from PROJ's cs2cs with +towgs84=-8,160,176; without the shift the point would be about 90 m away.
        Assert.Equal(37.860432896, lat, 1e-6);
        Assert.Equal(-122.233072218, lon, 1e-6);
    }

    [Theory]
    [InlineData(double.NaN, 530_000)]
    [InlineData(3_678_810, double.PositiveInfinity)]
    public void NonFiniteCoordinatesAreRejected(double x, double y)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoordinateReprojector.ForEpsg(3452).ToWgs84(x, y));
    }

    [Theory]
    [InlineData(4326, 200, 10)]
    [InlineData(4326, 10, 95)]
    [InlineData(3857, 30_000_000, 0)]
    public void PointWithNoWgs84PositionIsRejected(int epsg, double x, double y)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoordinateReprojector.ForEpsg(epsg).ToWgs84(x, y));
    }

    [Fact]
    public async Task EightThreadsAtOnceGetTheSequentialAnswers()
    {
        var points = Enumerable.Range(0, 5_000).Select(i => (X: 3_600_000 + i * 37.5, Y: 480_000 + i * 23.25)).ToArray();

        await AssertConcurrentCallsMatchSequential(CoordinateReprojector.ForEpsg(3452), points);
    }

    [Fact]
    public async Task EightThreadsAtOnceGetTheSequentialAnswersThroughADatumShift()
    {
        // The datum shift adds ProjNet's geocentric and Helmert steps to the chain the threads share.
        var points = Enumerable.Range(0, 5_000).Select(i => (X: 1_400_000 + i * 41.5, Y: 450_000 + i * 19.75)).ToArray();

        await AssertConcurrentCallsMatchSequential(CoordinateReprojector.FromWkt(Nad27CaliforniaZone3), points);
    }

    [Fact]
    public void OneReprojectorHandlesTensOfThousandsOfPointsASecond()
    {
        var reprojector = CoordinateReprojector.ForEpsg(2227);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 100_000; i++)
        {
            reprojector.ToWgs84(6_000_000 + i, 2_100_000 + i);
        }

        // 20,000 points a second at the least; about a million is typical.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static async Task AssertConcurrentCallsMatchSequential(CoordinateReprojector reprojector, (double X, double Y)[] points)
    {
        var expected = RoundTrips(reprojector, points);
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return RoundTrips(reprojector, points);
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var results = await Task.WhenAll(threads);

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    private static ((double, double), (double, double))[] RoundTrips(CoordinateReprojector reprojector, (double X, double Y)[] points) =>
        points.Select(p => reprojector.ToWgs84(p.X, p.Y)).Select(g => (g, reprojector.FromWgs84(g.Latitude, g.Longitude))).ToArray();

    private static double Dm(int degrees, int minutes) => degrees + minutes / 60.0;
}
