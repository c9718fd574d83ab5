using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Gazetteer;

public sealed class LocalGazetteerTests
{
    // A tiny Berkeley: Shattuck Ave runs north along -122.2690 from 37.8700 to 37.8720; Cedar St ends
    // on it at 37.8710 (a shared node); Vine St stops 17.6 m short of it at 37.8720 (a near miss).
    private static readonly StreetName Shattuck = Street("SHATTUCK AVE");
    private static readonly StreetName Cedar = Street("CEDAR ST");
    private static readonly StreetName Vine = Street("VINE ST");
    private static readonly StreetName Main = Street("MAIN ST");
    private static readonly StreetName Oxford = Street("OXFORD ST");

    private static readonly LocalGazetteer Gazetteer = new(
        [
            Point(1520, Shattuck, "BERKELEY", "94709", 37.8702, -122.2691),
            Point(1520, Shattuck, "BERKELEY", "94709", 37.87021, -122.26911, unit: "APT 3"),
            Point(1550, Shattuck, "BERKELEY", "94709", 37.8705, -122.2691),
            Point(100, Main, "BERKELEY", "94709", 37.8800, -122.2700),
            Point(100, Main, "ALBANY", "94706", 37.8900, -122.2950),
            Point(1700, Oxford, "BERKELEY", "94709", 37.8750, -122.2660),
            Point(1720, Oxford, "BERKELEY", "94709", 37.8752, -122.2660),
            Point(1790, Oxford, "BERKELEY", "94709", 37.8760, -122.2660),
        ],
        [
            Segment(Shattuck, null, null, 1501, 1599, (37.8700, -122.2690), (37.8710, -122.2690)),
            Segment(Shattuck, 1600, 1698, 1601, 1699, (37.8710, -122.2690), (37.8720, -122.2690)),
            Segment(Cedar, 2100, 2198, 2101, 2199, (37.8710, -122.2700), (37.8710, -122.2690)),
            Segment(Vine, 2100, 2198, 2101, 2199, (37.8720, -122.2710), (37.8720, -122.2692)),
        ]);

    [Fact]
    public void AKnownHouseNumberIsItsAddressPointWithFullConfidence()
    {
        var candidate = Lookup("1520 Shattuck Ave Apt 3");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.AddressPoint, candidate.Precision);
        Assert.Equal(1.0, candidate.Confidence);
        Assert.Equal("1520 SHATTUCK AVE, BERKELEY, CA 94709", candidate.MatchedAddress);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, 37.8702, -122.2691) < 2);
    }

    [Fact]
    public void AnOddNumberIsInterpolatedAlongTheOddSideOfTheSegment()
    {
        var candidate = Lookup("1551 Shattuck Ave");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Interpolated, candidate.Precision);
        var expectedLatitude = 37.8700 + (0.0010 * (1551 - 1501) / 98.0);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, expectedLatitude, -122.2690) < 1);
    }

    [Fact]
    public void AnEvenNumberIsNotPlacedOnASegmentWhoseOnlyRangeIsOdd()
    {
        Assert.Null(Lookup("1552 Shattuck Ave"));
        Assert.NotNull(Lookup("1553 Shattuck Ave"));
    }

    [Fact]
    public void ANumberOutsideEveryRangeHasNoAnswerRatherThanAStreetCentroid()
    {
        Assert.Null(Lookup("1900 Shattuck Ave"));
    }

    [Fact]
    public void ABlockIsTheMiddleOfItsRangeAlongTheSegmentAndNeverAnAddressPoint()
    {
        var candidate = Lookup("15XX BLOCK OF SHATTUCK AVE");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Block, candidate.Precision);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, 37.8705, -122.2690) < 2);
        Assert.Equal("1500 BLOCK SHATTUCK AVE", candidate.MatchedAddress);
    }

    [Fact]
    public void ABlockWithoutSegmentsIsTheCentroidOfItsAddressPoints()
    {
        var candidate = Lookup("1700 block Oxford St");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Block, candidate.Precision);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, (37.8750 + 37.8752 + 37.8760) / 3, -122.2660) < 1);
    }

    [Fact]
    public async Task ABlockQuerySentAsItsMiddleNumberIsAnsweredAtBlockPrecisionEvenWhereAPointExists()
    {
        var query = AddressNormalizer.Normalize("15XX Shattuck Ave").ToQuery();

        var candidate = await Gazetteer.GeocodeAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal("1550 SHATTUCK AVE", query.StreetLine);
        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Block, candidate.Precision);
    }

    [Fact]
    public async Task AHouseNumberQueryThroughTheSeamIsAnAddressPoint()
    {
        var query = new AddressQuery("1550 SHATTUCK AVE", "BERKELEY", "CA", null, AddressQueryKind.HouseNumber);

        var candidate = await Gazetteer.GeocodeAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(LocationPrecision.AddressPoint, candidate?.Precision);
        Assert.Equal("gazetteer", Gazetteer.Name);
    }

    [Fact]
    public void TwoStreetsSharingANodeMeetThere()
    {
        var candidate = Lookup("Cedar St / Shattuck Ave");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Intersection, candidate.Precision);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, 37.8710, -122.2690) < 1);
        Assert.Equal("CEDAR ST & SHATTUCK AVE", candidate.MatchedAddress);
    }

    [Fact]
    public void TwoStreetsThatComeWithinThirtyMetresMeetHalfwayAcrossTheGap()
    {
        var candidate = Lookup("SHATTUCK AVE AND VINE ST");

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.Intersection, candidate.Precision);
        Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, 37.8720, -122.2691) < 1);
        Assert.True(candidate.Confidence < 0.95);
    }

    [Fact]
    public void StreetsThatNeverComeCloseHaveNoIntersection()
    {
        Assert.Null(Lookup("Cedar St & Vine St"));
        Assert.Null(Lookup("Shattuck Ave & Oxford St"));
    }

    [Fact]
    public void AStreetInTwoCitiesIsRefusedWithoutACityOrZip()
    {
        Assert.Null(Lookup("100 Main St"));
    }

    [Theory]
    [InlineData("100 Main St, Albany", 37.8900)]
    [InlineData("100 Main St, Berkeley", 37.8800)]
    [InlineData("100 Main St 94706", 37.8900)]
    [InlineData("100 Main St, Berkeley, CA 94709", 37.8800)]
    public void ACityOrZipChoosesBetweenStreetsOfTheSameName(string text, double latitude)
    {
        var candidate = Lookup(text);

        Assert.NotNull(candidate);
        Assert.Equal(latitude, candidate.Latitude);
    }

    [Fact]
    public void TheCityAndZipArgumentsChooseToo()
    {
        var candidate = Gazetteer.Lookup(AddressNormalizer.Normalize("100 Main St"), city: "albany", postalCode: null);

        Assert.Equal(37.8900, candidate?.Latitude);
        Assert.Equal("100 MAIN ST, ALBANY, CA 94706", candidate?.MatchedAddress);
    }

    [Fact]
    public void AStreetInAnotherCityIsNotAnswered()
    {
        Assert.Null(Lookup("1520 Shattuck Ave, Oakland"));
        Assert.Null(Lookup("1520 Shattuck Ave 94612"));
    }

    [Theory]
    [InlineData("1520 SHATUCK AVE")]
    [InlineData("1520 Shattuck")]
    [InlineData("1520 Shattuck St")]
    public void AMisspelledOrIncompleteStreetIsFoundWithLessConfidence(string text)
    {
        var candidate = Lookup(text);

        Assert.NotNull(candidate);
        Assert.Equal(LocationPrecision.AddressPoint, candidate.Precision);
        Assert.InRange(candidate.Confidence, 0.05, 0.99);
        Assert.Equal("1520 SHATTUCK AVE, BERKELEY, CA 94709", candidate.MatchedAddress);
    }

    [Theory]
    [InlineData("Shattuck Ave")]
    [InlineData("Berkeley Public Library")]
    [InlineData("")]
    [InlineData("1520 Nowhere Rd")]
    public void PlacesAndUnknownStreetsHaveNoAnswer(string text)
    {
        Assert.Null(Lookup(text));
    }

    [Fact]
    public async Task APlaceQueryHasNoAnswer()
    {
        var candidate = await Gazetteer.GeocodeAsync(new AddressQuery("", "BERKELEY", "CA", "94709", AddressQueryKind.Place), TestContext.Current.CancellationToken);

        Assert.Null(candidate);
    }

    [Fact]
    public void CountsDescribeTheIndex()
    {
        Assert.Equal((8, 4, 5), (Gazetteer.PointCount, Gazetteer.SegmentCount, Gazetteer.StreetCount));
    }

    private static GeocodeCandidate? Lookup(string text) => Gazetteer.Lookup(AddressNormalizer.Normalize(text));

    private static StreetName Street(string text) => AddressNormalizer.NormalizeStreet(text)!;

    private static AddressPointRecord Point(int number, StreetName street, string city, string zip, double latitude, double longitude, string? unit = null) =>
        new(number, null, street, unit, city, "CA", zip, latitude, longitude);

    private static StreetSegmentRecord Segment(StreetName street, int? leftFrom, int? leftTo, int? rightFrom, int? rightTo, params (double, double)[] line) =>
        new(street, leftFrom, leftTo, rightFrom, rightTo, null, null, null, line);
}
