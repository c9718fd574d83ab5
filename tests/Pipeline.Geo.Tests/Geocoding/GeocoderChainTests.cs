using System.Globalization;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Jurisdictions;
using Pipeline.Geo.Providers;

namespace Pipeline.Geo.Tests.Geocoding;

public sealed class GeocoderChainTests
{
    // The demo area around Berkeley.
    private static readonly GeoBounds Berkeley = new(South: 37.80, West: -122.30, North: 37.90, East: -122.22);

    private static readonly GeocoderChainSettings InBerkeley = new() { ServiceArea = Berkeley };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- (a) the source's own coordinates ----

    [Fact]
    public async Task RecordCoordinatesInsideTheServiceAreaAreUsedWithoutAskingAnyProvider()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", 37.8712, -122.2683), Ct);

        Assert.Equal(LocationPrecision.Source, placed.Result.Precision);
        Assert.Equal(GeocoderChain.RecordProvider, placed.Result.Provider);
        Assert.Equal(37.8712, placed.Result.Latitude);
        Assert.Equal(-122.2683, placed.Result.Longitude);
        Assert.Null(placed.Note);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task ZeroZeroCoordinatesAreIgnoredWithANoteAndTheAddressIsGeocoded()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.85, -122.25);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", 0, 0), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(LocationPrecision.AddressPoint, placed.Result.Precision);
        Assert.Equal(37.85, placed.Result.Latitude);
        Assert.Contains("0,0", placed.Note, StringComparison.Ordinal);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task ZeroZeroCoordinatesAreIgnoredEvenWithoutAServiceArea()
    {
        var chain = Chain(new GeocoderChainSettings(), FakeGeocoder.Never("gazetteer"));

        var placed = await chain.PlaceAsync(new GeocodeRequest(null, 0, 0), Ct);

        Assert.Same(GeocodeResult.NotFound, placed.Result);
        Assert.NotNull(placed.Note);
    }

    [Theory]
    [InlineData(double.NaN, -122.27)]
    [InlineData(37.87, double.NaN)]
    [InlineData(double.PositiveInfinity, -122.27)]
    public async Task CoordinatesThatAreNotNumbersAreIgnoredAndTheAddressIsGeocoded(double latitude, double longitude)
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.85, -122.25);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", latitude, longitude), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(37.85, placed.Result.Latitude);
        Assert.NotNull(placed.Note);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task CoordinatesOutsideTheServiceAreaAreIgnoredWithANote()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.85, -122.25);
        var chain = Chain(InBerkeley, provider);

        // Sacramento: a valid point, but not one this deployment serves.
        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", 38.58, -121.49), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(37.85, placed.Result.Latitude);
        Assert.Contains("outside the service area", placed.Note, StringComparison.Ordinal);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task CoordinatesOutsideTheServiceAreaWithNoAddressAreNotFound()
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint));

        var placed = await chain.PlaceAsync(new GeocodeRequest(null, 38.58, -121.49), Ct);

        Assert.Same(GeocodeResult.NotFound, placed.Result);
        Assert.Contains("outside the service area", placed.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwappedLatitudeAndLongitudeInsideTheAreaOnceSwappedAreCorrectedWithANote()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", -122.2683, 37.8712), Ct);

        Assert.Equal(LocationPrecision.Source, placed.Result.Precision);
        Assert.Equal(GeocoderChain.RecordProvider, placed.Result.Provider);
        Assert.Equal(37.8712, placed.Result.Latitude);
        Assert.Equal(-122.2683, placed.Result.Longitude);
        Assert.Contains("swapped", placed.Note, StringComparison.Ordinal);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task SwappedCoordinatesWhoseSwapIsOutsideTheAreaAreIgnored()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.85, -122.25);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", -121.49, 38.58), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.NotNull(placed.Note);
        Assert.DoesNotContain("swapped", placed.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(38.58, -121.49)]
    [InlineData(-33.86, 151.21)]
    [InlineData(90, 180)]
    public async Task WithoutAServiceAreaAnyValidCoordinatesAreAccepted(double latitude, double longitude)
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(new GeocoderChainSettings(), provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", latitude, longitude), Ct);

        Assert.Equal(LocationPrecision.Source, placed.Result.Precision);
        Assert.Equal(GeocoderChain.RecordProvider, placed.Result.Provider);
        Assert.Equal(latitude, placed.Result.Latitude);
        Assert.Equal(longitude, placed.Result.Longitude);
        Assert.Null(placed.Note);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task OnlyOneCoordinateIsNotACoordinateAndTheAddressIsGeocoded()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", 37.87, null), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(1, provider.Calls);
    }

    // ---- (c) the providers, in order ----

    [Fact]
    public async Task AProviderWithNoAnswerPassesTheQueryToTheNextOne()
    {
        var first = FakeGeocoder.Never("gazetteer");
        var second = FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint, 37.86, -122.26);
        var chain = Chain(InBerkeley, first, second);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal("pelias", placed.Result.Provider);
        Assert.Equal(LocationPrecision.AddressPoint, placed.Result.Precision);
        Assert.Equal("pelias match", placed.Result.MatchedAddress);
        Assert.Equal(1, first.Calls);
        Assert.Equal(1, second.Calls);
    }

    [Theory]
    [InlineData("1520 SHATTUCK AVE", LocationPrecision.AddressPoint)]
    [InlineData("15XX BLOCK OF SHATTUCK AVE", LocationPrecision.Block)]
    [InlineData("SHATTUCK AVE & CEDAR ST", LocationPrecision.Intersection)]
    public async Task AnAnswerAsPreciseAsTheQueryAllowsStopsTheChain(string address, LocationPrecision best)
    {
        var first = FakeGeocoder.Always("gazetteer", best);
        var second = FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, first, second);

        var placed = await chain.PlaceAsync(new GeocodeRequest(address, null, null), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(best, placed.Result.Precision);
        Assert.Equal(1, first.Calls);
        Assert.Equal(0, second.Calls);
    }

    [Fact]
    public async Task ALessPreciseAnswerIsKeptWhileLaterProvidersAreAskedAndAMorePreciseOneWins()
    {
        var centroids = FakeGeocoder.Always("centroids", LocationPrecision.PostalCode, 37.88, -122.28, 0.5);
        var interpolating = FakeGeocoder.Always("census", LocationPrecision.Interpolated, 37.871, -122.268, 0.8);
        var rooftop = FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint, 37.8712, -122.2683, 0.95);
        var never = FakeGeocoder.Always("nominatim", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, centroids, interpolating, rooftop, never);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(new GeocodeResult(37.8712, -122.2683, LocationPrecision.AddressPoint, "pelias", "pelias match", 0.95), placed.Result);
        Assert.Equal([1, 1, 1, 0], new[] { centroids.Calls, interpolating.Calls, rooftop.Calls, never.Calls });
    }

    [Fact]
    public async Task ALaterLessPreciseAnswerDoesNotReplaceAMorePreciseOne()
    {
        var interpolating = FakeGeocoder.Always("gazetteer", LocationPrecision.Interpolated, 37.871, -122.268);
        var centroids = FakeGeocoder.Always("centroids", LocationPrecision.PostalCode, 37.88, -122.28);
        var chain = Chain(InBerkeley, interpolating, centroids);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(LocationPrecision.Interpolated, placed.Result.Precision);
        Assert.Equal(1, centroids.Calls);
    }

    [Fact]
    public async Task AnEquallyPreciseLaterAnswerDoesNotReplaceTheFirst()
    {
        var first = FakeGeocoder.Always("gazetteer", LocationPrecision.Interpolated, 37.871, -122.268);
        var second = FakeGeocoder.Always("pelias", LocationPrecision.Interpolated, 37.872, -122.269);
        var chain = Chain(InBerkeley, first, second);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal("gazetteer", placed.Result.Provider);
        Assert.Equal(1, second.Calls);
    }

    [Fact]
    public async Task AProviderClaimingAnAddressPointForABlockIsLabelledBlock()
    {
        var provider = FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);

        var placed = await chain.PlaceAsync(new GeocodeRequest("15XX BLOCK OF MAIN ST", null, null), Ct);

        Assert.Equal(LocationPrecision.Block, placed.Result.Precision);
        Assert.Equal(AddressQueryKind.Block, Assert.Single(provider.Queries).Kind);
    }

    [Fact]
    public async Task AProviderClaimingARecordPrecisionForAHouseNumberIsLabelledAddressPoint()
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Always("pelias", LocationPrecision.Source));

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(LocationPrecision.AddressPoint, placed.Result.Precision);
    }

    [Fact]
    public async Task AStreetWithoutANumberIsNeverLabelledBetterThanItsPostalCode()
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint));

        var placed = await chain.PlaceAsync(new GeocodeRequest("SHATTUCK AVE", null, null, PostalCode: "94709"), Ct);

        Assert.Equal(LocationPrecision.PostalCode, placed.Result.Precision);
    }

    [Theory]
    [InlineData(double.NaN, -122.27)]
    [InlineData(37.87, double.PositiveInfinity)]
    [InlineData(91, -122.27)]
    [InlineData(37.87, -181)]
    public async Task AProviderAnsweringImpossibleCoordinatesIsPassedOver(double latitude, double longitude)
    {
        var broken = FakeGeocoder.Always("broken", LocationPrecision.AddressPoint, latitude, longitude);
        var next = FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint, 37.86, -122.26);
        var chain = Chain(InBerkeley, broken, next);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal("pelias", placed.Result.Provider);
        Assert.Equal(37.86, placed.Result.Latitude);
    }

    [Theory]
    [InlineData(1.7, 1.0)]
    [InlineData(-0.3, 0.0)]
    public async Task AProvidersConfidenceIsClampedToZeroToOne(double claimed, double expected)
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Always("pelias", LocationPrecision.AddressPoint, confidence: claimed));

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(expected, placed.Result.Confidence);
    }

    // ---- provider failures and the persistent cache ----

    public static TheoryData<string> Failures => ["http", "unavailable", "bug"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFailingProviderIsSkippedAndTheNextProviderAnswers(string failure)
    {
        var failing = FakeGeocoder.Failing("pelias", () => Failure(failure));
        var next = FakeGeocoder.Always("nominatim", LocationPrecision.AddressPoint, 37.86, -122.26);
        var chain = Chain(InBerkeley, failing, next);

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal("nominatim", placed.Result.Provider);
        Assert.Equal(LocationPrecision.AddressPoint, placed.Result.Precision);
        Assert.Equal(1, failing.Calls);
    }

    [Fact]
    public async Task WhenEveryProviderFailsTheReportIsNotFoundRatherThanAnError()
    {
        var chain = Chain(InBerkeley,
            FakeGeocoder.Failing("pelias", () => new HttpRequestException("down")),
            FakeGeocoder.Failing("nominatim", () => new GeocoderUnavailableException("nominatim", GeocoderFailure.CircuitOpen)));

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Same(GeocodeResult.NotFound, placed.Result);
    }

    [Fact]
    public async Task AnswersReachedWhileAProviderFailedAreNotCachedButOthersInTheBatchAreWrittenOnce()
    {
        // The first provider is down only for Shattuck addresses; the second answers everything at PostalCode.
        var flaky = new FakeGeocoder("pelias", q => q.StreetLine.Contains("SHATTUCK", StringComparison.Ordinal)
            ? throw new GeocoderUnavailableException("pelias", GeocoderFailure.Timeout)
            : null);
        var centroids = FakeGeocoder.Always("centroids", LocationPrecision.PostalCode, 37.88, -122.28, 0.5);
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, flaky, centroids);

        var placed = await chain.PlaceAllAsync(
            [
                new GeocodeRequest("1520 SHATTUCK AVE", null, null, PostalCode: "94709"),
                new GeocodeRequest("2100 CEDAR ST", null, null, PostalCode: "94709"),
                new GeocodeRequest("1600 OXFORD ST", null, null, PostalCode: "94709"),
            ],
            Ct);

        Assert.All(placed, p => Assert.Equal("centroids", p.Result.Provider));
        var put = Assert.Single(store.Puts);
        Assert.Equal(2, put.Count);
        Assert.DoesNotContain(put, entry => entry.Key.Contains("SHATTUCK", StringComparison.Ordinal));
        Assert.Single(store.Gets);

        // Not kept in memory either: the next batch asks the providers again for it, and only for it.
        var callsBefore = centroids.Calls;
        var again = await chain.PlaceAllAsync(
            [new GeocodeRequest("1520 SHATTUCK AVE", null, null, PostalCode: "94709"), new GeocodeRequest("2100 CEDAR ST", null, null, PostalCode: "94709")],
            Ct);
        Assert.Equal(callsBefore + 1, centroids.Calls);
        Assert.Equal("centroids", again[0].Result.Provider);
    }

    [Fact]
    public async Task NewAnswersAreWrittenToTheStoreOncePerBatchIncludingNotFound()
    {
        var provider = new FakeGeocoder("gazetteer", q => q.StreetLine.Contains("NOWHERE", StringComparison.Ordinal)
            ? null
            : new GeocodeCandidate(37.87, -122.27, LocationPrecision.AddressPoint, q.StreetLine, 1));
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, provider);

        await chain.PlaceAllAsync(
            [
                new GeocodeRequest("1520 SHATTUCK AVE", null, null),
                new GeocodeRequest("12 NOWHERE LN", null, null),
                new GeocodeRequest("2100 CEDAR ST", null, null),
                new GeocodeRequest("1700 OXFORD ST", 37.875, -122.266), // placed by the record: nothing to cache
            ],
            Ct);

        var put = Assert.Single(store.Puts);
        Assert.Equal(3, put.Count);
        Assert.Equal(3, put.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Single(put, p => p.Value == GeocodeResult.NotFound);
        Assert.Equal(2, put.Count(p => p.Value.Provider == "gazetteer"));
        Assert.Single(store.Gets);
        Assert.Equal(3, store.Gets[0].Count);
    }

    [Fact]
    public async Task ABatchAnsweredFromTheStoreWritesNothingAndAsksNoProvider()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var store = new FakeCacheStore();
        var warm = Chain(InBerkeley, store, provider);
        var first = await warm.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        // A new chain (a restarted worker) with an empty memory and the same store.
        var cold = Chain(InBerkeley, store, provider);
        var second = await cold.PlaceAsync(new GeocodeRequest("1520 Shattuck Avenue", null, null), Ct);

        Assert.Equal(first.Result, second.Result);
        Assert.Equal(1, provider.Calls);
        Assert.Single(store.Puts);
        Assert.Equal(2, store.Gets.Count);
    }

    // ---- the memory cache ----

    [Fact]
    public async Task ASecondBatchForTheSameAddressAsksNeitherTheProvidersNorTheStore()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, provider);
        var first = await chain.PlaceAllAsync([new GeocodeRequest("1520 SHATTUCK AVE", null, null)], Ct);

        var second = await chain.PlaceAllAsync([new GeocodeRequest("1520 SHATTUCK AVE", null, null)], Ct);

        Assert.Equal(first[0].Result, second[0].Result);
        Assert.Equal(1, provider.Calls);
        Assert.Single(store.Gets);
        Assert.Single(store.Puts);
    }

    [Fact]
    public async Task ClearingTheMemoryCacheMakesTheChainAskTheStoreAgain()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, provider);
        await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        chain.ClearMemoryCache();
        var again = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(2, store.Gets.Count);
        Assert.Equal(1, provider.Calls);
        Assert.Equal("gazetteer", again.Result.Provider);
    }

    [Fact]
    public async Task ClearingTheMemoryCacheWithoutAStoreAsksTheProvidersAgain()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);
        await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);
        await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);
        Assert.Equal(1, provider.Calls);

        chain.ClearMemoryCache();
        await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task TwoSpellingsOfOneAddressShareOneCacheEntry()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, provider);

        var placed = await chain.PlaceAllAsync(
            [new GeocodeRequest("1520 Shattuck Avenue", null, null), new GeocodeRequest("  1520 SHATTUCK AVE  ", null, null)],
            Ct);
        await chain.PlaceAsync(new GeocodeRequest("1520 shattuck ave.", null, null), Ct);

        Assert.Equal(placed[0].Result, placed[1].Result);
        Assert.Equal(1, provider.Calls);
        Assert.Single(Assert.Single(store.Puts));
        Assert.Single(Assert.Single(store.Gets));
    }

    [Fact]
    public async Task TheSameStreetInTwoCitiesIsTwoCacheEntries()
    {
        var provider = new FakeGeocoder("gazetteer", q => q.City == "ALBANY"
            ? new GeocodeCandidate(37.89, -122.295, LocationPrecision.AddressPoint, "100 MAIN ST, ALBANY", 1)
            : new GeocodeCandidate(37.88, -122.27, LocationPrecision.AddressPoint, "100 MAIN ST, BERKELEY", 1));
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, provider);

        var placed = await chain.PlaceAllAsync(
            [
                new GeocodeRequest("100 MAIN ST", null, null, City: "Berkeley"),
                new GeocodeRequest("100 MAIN ST", null, null, City: "Albany"),
            ],
            Ct);
        var third = await chain.PlaceAsync(new GeocodeRequest("100 Main Street", null, null, City: "ALBANY"), Ct);

        Assert.Equal(37.88, placed[0].Result.Latitude);
        Assert.Equal(37.89, placed[1].Result.Latitude);
        Assert.Equal(37.89, third.Result.Latitude);
        Assert.Equal(2, provider.Calls);
        Assert.Equal(2, Assert.Single(store.Puts).Count);
    }

    [Fact]
    public async Task ACityWrittenInTheTextOrGivenAsAFieldSharesOneCacheEntry()
    {
        var provider = FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint);
        var chain = Chain(InBerkeley, provider);

        await chain.PlaceAllAsync([new GeocodeRequest("100 MAIN ST, ALBANY", null, null), new GeocodeRequest("100 MAIN ST", null, null, City: "Albany")], Ct);

        Assert.Equal(provider.Queries[0], provider.Queries[^1]);
        Assert.Equal(1, provider.Calls);
    }

    // ---- nothing placeable ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("UNKNOWN")]
    [InlineData("12 NOWHERE LN")]
    public async Task AReportNothingCanPlaceIsNotFoundNotAnError(string? address)
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Never("gazetteer"), FakeGeocoder.Never("centroids"));

        var placed = await chain.PlaceAsync(new GeocodeRequest(address, null, null), Ct);

        Assert.Equal(GeocodeResult.NotFound, placed.Result);
        Assert.Equal(LocationPrecision.None, placed.Result.Precision);
        Assert.Equal(GeocodeResult.NoProvider, placed.Result.Provider);
        Assert.False(placed.Result.Found);
        Assert.Empty(placed.Jurisdictions);
    }

    [Fact]
    public async Task ABatchGetsOneResultPerRequestInRequestOrder()
    {
        var latitudes = new Dictionary<string, double>(StringComparer.Ordinal) { ["1000 MAIN ST"] = 37.81, ["3000 MAIN ST"] = 37.83 };
        var provider = new FakeGeocoder("gazetteer", q => latitudes.TryGetValue(q.StreetLine, out var latitude)
            ? new GeocodeCandidate(latitude, -122.27, LocationPrecision.AddressPoint, q.StreetLine, 1)
            : null);
        var chain = Chain(InBerkeley, new FakeCacheStore(), provider);
        GeocodeRequest[] requests =
        [
            new("1000 MAIN ST", null, null),
            new(null, null, null),
            new("2000 MAIN ST", 37.85, -122.25),
            new("1000 MAIN ST", null, null),
            new("NOWHERE", null, null),
            new("3000 MAIN ST", 0, 0),
        ];

        var placed = await chain.PlaceAllAsync(requests, Ct);

        Assert.Equal(requests.Length, placed.Count);
        Assert.Equal([37.81, null, 37.85, 37.81, null, 37.83], placed.Select(p => p.Result.Latitude));
        Assert.Equal(["gazetteer", "none", "record", "gazetteer", "none", "gazetteer"], placed.Select(p => p.Result.Provider));
    }

    [Fact]
    public async Task AnEmptyBatchGivesNoResults()
    {
        var store = new FakeCacheStore();
        var chain = Chain(InBerkeley, store, FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint));

        Assert.Empty(await chain.PlaceAllAsync([], Ct));
        Assert.Empty(store.Gets);
        Assert.Empty(store.Puts);
    }

    // ---- jurisdictions ----

    // An agency over the whole area holding a precinct holding a beat, written narrowest first.
    private static readonly string AreaJurisdictions = Collection(
        Feature("beat-7", "beat", Square(-122.275, 37.865, -122.265, 37.875)),
        Feature("bpd", "agency", Square(-122.30, 37.80, -122.22, 37.90)),
        Feature("north", "precinct", Square(-122.29, 37.86, -122.25, 37.89)));

    [Fact]
    public async Task APlacedPointGetsItsJurisdictionsBroadestFirst()
    {
        var chain = new GeocoderChain(InBerkeley, [FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.87, -122.27)], null, JurisdictionIndex.Parse(AreaJurisdictions));

        var placed = await chain.PlaceAllAsync(
            [
                new GeocodeRequest("1520 SHATTUCK AVE", null, null),
                new GeocodeRequest(null, 37.87, -122.27),
                new GeocodeRequest(null, 37.81, -122.29),
            ],
            Ct);

        Assert.Equal(["bpd", "north", "beat-7"], placed[0].Jurisdictions);
        Assert.Equal(["bpd", "north", "beat-7"], placed[1].Jurisdictions);
        Assert.Equal(["bpd"], placed[2].Jurisdictions);
    }

    [Fact]
    public async Task ACachedAnswerGetsItsJurisdictionsToo()
    {
        var chain = new GeocoderChain(InBerkeley, [FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint, 37.87, -122.27)], null, JurisdictionIndex.Parse(AreaJurisdictions));
        await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        var again = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.Equal(["bpd", "north", "beat-7"], again.Jurisdictions);
    }

    [Fact]
    public async Task ANotFoundReportGetsNoJurisdictions()
    {
        var chain = new GeocoderChain(InBerkeley, [FakeGeocoder.Never("gazetteer")], null, JurisdictionIndex.Parse(AreaJurisdictions));

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.False(placed.Result.Found);
        Assert.Empty(placed.Jurisdictions);
    }

    [Fact]
    public async Task WithoutAJurisdictionIndexAPlacedPointGetsNone()
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Always("gazetteer", LocationPrecision.AddressPoint));

        var placed = await chain.PlaceAsync(new GeocodeRequest("1520 SHATTUCK AVE", null, null), Ct);

        Assert.True(placed.Result.Found);
        Assert.Empty(placed.Jurisdictions);
    }

    // ---- the query's place parts ----

    [Fact]
    public async Task TheRequestsCityStateAndZipReachTheProvidersWhenTheTextHasNone()
    {
        var provider = FakeGeocoder.Never("gazetteer");
        var chain = Chain(new GeocoderChainSettings { DefaultCity = "Oakland", DefaultState = "NV" }, provider);

        await chain.PlaceAsync(new GeocodeRequest("1520 Shattuck Ave", null, null, City: "berkeley", State: "California", PostalCode: "94709-1234"), Ct);

        Assert.Equal(new AddressQuery("1520 SHATTUCK AVE", "BERKELEY", "CA", "94709", AddressQueryKind.HouseNumber), Assert.Single(provider.Queries));
    }

    [Fact]
    public async Task TheTextsOwnCityStateAndZipWinOverTheRequestsFields()
    {
        var provider = FakeGeocoder.Never("gazetteer");
        var chain = Chain(new GeocoderChainSettings(), provider);

        await chain.PlaceAsync(new GeocodeRequest("100 Main St, Albany, CA 94706", null, null, City: "Berkeley", State: "NV", PostalCode: "94709"), Ct);

        Assert.Equal(new AddressQuery("100 MAIN ST", "ALBANY", "CA", "94706", AddressQueryKind.HouseNumber), Assert.Single(provider.Queries));
    }

    [Fact]
    public async Task TheDefaultCityAndStateFillInOnlyWhatNothingElseGives()
    {
        var provider = FakeGeocoder.Never("gazetteer");
        var chain = Chain(new GeocoderChainSettings { DefaultCity = "Berkeley", DefaultState = "CA" }, provider);

        await chain.PlaceAllAsync(
            [
                new GeocodeRequest("1520 Shattuck Ave", null, null),
                new GeocodeRequest("100 Main St", null, null, City: "Albany"),
                new GeocodeRequest("200 Main St, Reno, NV", null, null),
            ],
            Ct);

        Assert.Equal(
            [("BERKELEY", "CA"), ("ALBANY", "CA"), ("RENO", "NV")],
            provider.Queries.Select(q => (q.City, q.State)));
    }

    [Fact]
    public async Task ABlankCityOrStateFieldCountsAsNoneAndTheDefaultsApply()
    {
        var provider = FakeGeocoder.Never("gazetteer");
        var chain = Chain(new GeocoderChainSettings { DefaultCity = "Berkeley", DefaultState = "CA" }, provider);

        await chain.PlaceAsync(new GeocodeRequest("1520 Shattuck Ave", null, null, City: "", State: "  "), Ct);

        var query = Assert.Single(provider.Queries);
        Assert.Equal("BERKELEY", query.City);
        Assert.Equal("CA", query.State);
    }

    [Fact]
    public async Task AZipWithoutAnAddressIsStillAskedOfTheProviders()
    {
        var centroids = FakeGeocoder.Always("centroids", LocationPrecision.PostalCode, 37.88, -122.27, 0.5);
        var chain = Chain(InBerkeley, centroids);

        var placed = await chain.PlaceAsync(new GeocodeRequest(null, null, null, PostalCode: "94709"), Ct);

        Assert.Equal("centroids", placed.Result.Provider);
        Assert.Equal("94709", Assert.Single(centroids.Queries).PostalCode);
        Assert.Equal(AddressQueryKind.Place, centroids.Queries[0].Kind);
    }

    [Fact]
    public void ProviderNamesAreListedInOrder()
    {
        var chain = Chain(InBerkeley, FakeGeocoder.Never("gazetteer"), FakeGeocoder.Never("centroids"), FakeGeocoder.Never("pelias"));

        Assert.Equal(["gazetteer", "centroids", "pelias"], chain.ProviderNames);
    }

    internal static GeocoderChain Chain(GeocoderChainSettings settings, params IAddressGeocoder[] providers) =>
        new(settings, providers, null, null);

    internal static GeocoderChain Chain(GeocoderChainSettings settings, IGeocodeCacheStore store, params IAddressGeocoder[] providers) =>
        new(settings, providers, store, null);

    private static Exception Failure(string kind) => kind switch
    {
        "http" => new HttpRequestException("connection refused"),
        "unavailable" => new GeocoderUnavailableException("pelias", GeocoderFailure.ServerError),
        _ => new InvalidOperationException("a provider bug"),
    };

    private static string Collection(params string[] features) =>
        $$"""{"type": "FeatureCollection", "features": [{{string.Join(", ", features)}}]}""";

    private static string Feature(string id, string kind, string ring) =>
        $$$"""{"type": "Feature", "properties": {"id": "{{{id}}}", "name": "{{{id}}}", "kind": "{{{kind}}}"}, "geometry": {"type": "Polygon", "coordinates": [{{{ring}}}]}}""";

    // A counter-clockwise square ring in GeoJSON order (longitude, latitude).
    private static string Square(double west, double south, double east, double north) =>
        string.Create(CultureInfo.InvariantCulture, $"[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]");
}
