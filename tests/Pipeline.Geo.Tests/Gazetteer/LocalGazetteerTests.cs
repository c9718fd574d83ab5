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
    [InlineData("1520 SHTUCK AVE", LocationPrecision.AddressPoint)]      // two edits: too far for the matcher alone
    [InlineData("1551 SHTUCK AVE", LocationPrecision.Interpolated)]
    [InlineData("15XX BLOCK OF SHTUCK AVE", LocationPrecision.Block)]
    [InlineData("1520 SHATTUCKK AVE", LocationPrecision.AddressPoint)] // one edit: the matcher alone, as before
    public void AStreetTooMisspelledForTheMatcherIsTakenWhenItsNumberConfirmsIt(string text, LocationPrecision precision)
    {
        var candidate = Lookup(text);

        Assert.NotNull(candidate);
        Assert.Equal(precision, candidate.Precision);
        Assert.Contains("SHATTUCK AVE", candidate.MatchedAddress, StringComparison.Ordinal);
        Assert.InRange(candidate.Confidence, 0.05, 0.99);
    }

    [Theory]
    [InlineData("1900 SHTUCK AVE")]    // no such number on the street the name is near
    [InlineData("1520 SHTUCK ST")]     // the suffix contradicts SHATTUCK AVE
    [InlineData("1520 SHOTTOCKS AVE")] // three edits
    [InlineData("1520 N SHTUCK AVE")]  // a directional SHATTUCK AVE lacks
    public void AMisspelledStreetThatNothingConfirmsHasNoAnswer(string text)
    {
        Assert.Null(Lookup(text));
    }

    // HARRIS ST and HARRIT ST both hold 100; only HARRIS ST holds 300. OAK ST and OAK AVE tie for "OAK";
    // only OAK ST holds 500, and OAT ST, one edit further than both, holds 700.
    private static readonly LocalGazetteer Lookalikes = new(
        [
            Point(100, Street("HARRIS ST"), "BERKELEY", "94709", 37.8600, -122.2700),
            Point(300, Street("HARRIS ST"), "BERKELEY", "94709", 37.8610, -122.2700),
            Point(100, Street("HARRIT ST"), "BERKELEY", "94709", 37.8700, -122.2800),
            Point(500, Street("OAK ST"), "BERKELEY", "94709", 37.8800, -122.2800),
            Point(600, Street("OAK AVE"), "BERKELEY", "94709", 37.8900, -122.2800),
            Point(700, Street("OAT ST"), "BERKELEY", "94709", 37.8950, -122.2800),
        ],
        []);

    [Theory]
    [InlineData("300 HARRXZ ST", "300 HARRIS ST")] // two edits from both names; only one holds the number
    [InlineData("100 HARRXZ ST", null)]            // both hold it
    [InlineData("500 OAK", "500 OAK ST")]          // OAK ST or OAK AVE: the number tells
    [InlineData("700 OAK", null)]                  // OAK ST and OAK AVE are nearer than OAT ST and lack the number
    public void ANumberPicksAmongLookalikeStreetsOnlyWhenExactlyOneHoldsIt(string text, string? expected)
    {
        var candidate = Lookalikes.Lookup(AddressNormalizer.Normalize(text));

        Assert.Equal(expected, candidate?.MatchedAddress?.Split(',')[0]);
    }

    // MARIN AVE is Berkeley's (94707) and ends where 4TH ST of Albany (94706) begins.
    private static readonly LocalGazetteer CityLine = new(
        [],
        [
            Segment(Street("MARIN AVE"), 400, 498, 401, 499, (37.8900, -122.3000), (37.8900, -122.2990), city: "BERKELEY", zip: "94707"),
            Segment(Street("4TH ST"), 100, 198, 101, 199, (37.8900, -122.2990), (37.8910, -122.2990), city: "ALBANY", zip: "94706"),
        ]);

    [Theory]
    [InlineData("MARIN AVE / 4TH ST, ALBANY", true)]
    [InlineData("4TH ST @ MARIN AVE, BERKELEY", true)]
    [InlineData("MARIN AVE & 4TH ST 94706", true)]
    [InlineData("MARIN AVE & 4TH ST 94707", true)]
    [InlineData("MARIN AVE & 4TH ST, OAKLAND", false)]
    [InlineData("MARIN AVE & 4TH ST 94612", false)]
    public void ACrossingOnACityOrZipLineIsInThePlaceOfEitherStreet(string text, bool found)
    {
        var candidate = CityLine.Lookup(AddressNormalizer.Normalize(text));

        Assert.Equal(found, candidate is not null);
        if (candidate is not null)
        {
            Assert.Equal(LocationPrecision.Intersection, candidate.Precision);
            Assert.True(GeoDistance.Metres(candidate.Latitude, candidate.Longitude, 37.8900, -122.2990) < 1);
        }
    }

    [Theory]
    [InlineData("1XXX Shattuck Ave")]
    [InlineData("1XXX BLOCK OF SHATTUCK AVE, BERKELEY")]
    public async Task AThousandBlockIsTenBlocksAndGetsNoBlockAnswer(string text)
    {
        var query = AddressNormalizer.Normalize(text).ToQuery();

        Assert.Null(await Gazetteer.GeocodeAsync(query, TestContext.Current.CancellationToken));
        Assert.Null(Lookup(text));
    }

    [Fact]
    public async Task AQueryWhoseStreetLineWasChangedAfterwardsIsReadFromItsStreetLine()
    {
        var query = AddressNormalizer.Normalize("1XXX Shattuck Ave").ToQuery() with { StreetLine = "1520 SHATTUCK AVE", Kind = AddressQueryKind.HouseNumber };

        var candidate = await Gazetteer.GeocodeAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(LocationPrecision.AddressPoint, candidate?.Precision);
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

    private static StreetSegmentRecord Segment(StreetName street, int? leftFrom, int? leftTo, int? rightFrom, int? rightTo, (double, double) from, (double, double) to, string city, string zip) =>
        new(street, leftFrom, leftTo, rightFrom, rightTo, city, "CA", zip, [from, to]);
}
