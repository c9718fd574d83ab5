using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Storage.Tests;

/// <summary>
/// What every dialect must do with the geocoding tables: the local gazetteer, the geocode cache and
/// the report's geocoding columns. Each concrete subclass (GeoStoreTargets.cs) runs all of these
/// against its own engine, on a database of its own per test.
/// </summary>
public abstract class GeoStoreContractTests : StoreTestBase
{
    private static readonly StreetName Shattuck = new(null, "SHATTUCK", "AVE", null);
    private static readonly StreetName NorthMain = new("N", "MAIN", "ST", "SW");
    private static readonly StreetName AvenueB = new(null, "AVENUE B", null, null);

    // ---- the local gazetteer ----

    [Fact]
    public async Task AddressPointsAndStreetSegmentsRoundTripExactly()
    {
        var store = await MigratedStoreAsync();
        AddressPointRecord[] points =
        [
            new(1520, null, Shattuck, null, "BERKELEY", "CA", "94709", 37.871234567890123, -122.26834567890123),
            new(1520, "1/2", Shattuck, "APT 3", "BERKELEY", "CA", "94709", 0.1 + 0.2, -122.2683456789012345),
            new(7, "A", NorthMain, "REAR", "SAN JOSÉ", "CA", null, -89.99999999999999, 179.99999999999997),
            new(0, null, AvenueB, null, null, null, null, 1e-7, -1e-9),
        ];
        StreetSegmentRecord[] segments =
        [
            new(Shattuck, 1500, 1598, 1501, 1599, "BERKELEY", "CA", "94709",
                [(37.871234567890123, -122.26834567890123), (37.87200000000001, -122.2690), (37.8730, -122.26900000000002)]),
            new(NorthMain, null, null, 1, 99, null, null, null, [(1e-5, -1e-5), (0.1 + 0.2, 179.99999999999997)]),
            new(AvenueB, 2, 98, null, null, "OAKLAND", null, "94608", [(-89.99999999999999, -180), (90, 180)]),
        ];

        var pointImport = await store.ReplaceAddressPointsAsync(points, "/data/exports/address-points.csv", skipped: 2, Ct);
        var segmentImport = await store.ReplaceStreetSegmentsAsync(segments, "street-segments.csv", skipped: 0, Ct);
        var loaded = await store.LoadGazetteerAsync(Ct);

        Assert.Equal(new GazetteerImportResult(PipelineStore.AddressPointsKind, 4, 2, 0), pointImport);
        Assert.Equal(new GazetteerImportResult(PipelineStore.StreetSegmentsKind, 3, 0, 0), segmentImport);
        Assert.Equal(SortPoints(points), SortPoints(loaded.AddressPoints));
        AssertSameSegments(segments, loaded.StreetSegments);
        Assert.Equal(Time.Now, loaded.LastImportAt);
    }

    [Fact]
    public async Task ASecondImportReplacesTheRowsOfItsKindOnly()
    {
        var store = await MigratedStoreAsync();
        await store.ReplaceAddressPointsAsync([Point(1520, Shattuck), Point(1522, Shattuck), Point(7, NorthMain)], "a.csv", 0, Ct);
        await store.ReplaceStreetSegmentsAsync([Segment(Shattuck, 37.87), Segment(NorthMain, 37.88)], "s.csv", 0, Ct);

        var points = await store.ReplaceAddressPointsAsync([Point(9, AvenueB)], "b.csv", 0, Ct);
        var loaded = await store.LoadGazetteerAsync(Ct);

        Assert.Equal(1, points.Imported);
        Assert.Equal([Point(9, AvenueB)], loaded.AddressPoints);
        AssertSameSegments([Segment(Shattuck, 37.87), Segment(NorthMain, 37.88)], loaded.StreetSegments);

        await store.ReplaceStreetSegmentsAsync([Segment(AvenueB, 37.89)], "t.csv", 0, Ct);
        loaded = await store.LoadGazetteerAsync(Ct);
        Assert.Equal([Point(9, AvenueB)], loaded.AddressPoints);
        AssertSameSegments([Segment(AvenueB, 37.89)], loaded.StreetSegments);
    }

    [Fact]
    public async Task AnEmptyImportEmptiesTheGazetteer()
    {
        var store = await MigratedStoreAsync();
        await store.ReplaceAddressPointsAsync([Point(1520, Shattuck)], "a.csv", 0, Ct);
        await store.ReplaceStreetSegmentsAsync([Segment(Shattuck, 37.87)], "s.csv", 0, Ct);

        await store.ReplaceAddressPointsAsync([], "a.csv", 0, Ct);
        await store.ReplaceStreetSegmentsAsync([], "s.csv", 0, Ct);
        var loaded = await store.LoadGazetteerAsync(Ct);

        Assert.Empty(loaded.AddressPoints);
        Assert.Empty(loaded.StreetSegments);
        Assert.NotNull(loaded.LastImportAt);
    }

    [Fact]
    public async Task TheLastImportTimeIsNullBeforeAnyImportAndTheLatestImportsTimeAfter()
    {
        var store = await MigratedStoreAsync();
        Assert.Null(await store.LastGazetteerImportAsync(Ct));
        var empty = await store.LoadGazetteerAsync(Ct);
        Assert.Null(empty.LastImportAt);
        Assert.Empty(empty.AddressPoints);
        Assert.Empty(empty.StreetSegments);

        var first = Time.Now;
        await store.ReplaceAddressPointsAsync([Point(1520, Shattuck)], "a.csv", 0, Ct);
        Assert.Equal(first, await store.LastGazetteerImportAsync(Ct));

        Time.Advance(TimeSpan.FromHours(26) + TimeSpan.FromMilliseconds(7));
        await store.ReplaceStreetSegmentsAsync([Segment(Shattuck, 37.87)], "s.csv", 0, Ct);

        Assert.Equal(Time.Now, await store.LastGazetteerImportAsync(Ct));
        Assert.Equal(Time.Now, (await store.LoadGazetteerAsync(Ct)).LastImportAt);
    }

    // ---- the geocode cache ----

    [Fact]
    public async Task TheGeocodeCacheRoundTripsFoundAndNotFoundAnswers()
    {
        var store = await MigratedStoreAsync();
        var found = new GeocodeResult(37.871234567890123, -122.26834567890123, LocationPrecision.AddressPoint, "gazetteer", "1520 SHATTUCK AVE, BERKELEY, CA 94709", 0.123456789012345);
        var unmatched = new GeocodeResult(37.88, -122.28, LocationPrecision.PostalCode, "pelias", null, 1);
        var block = new GeocodeResult(-0.5, 179.5, LocationPrecision.Block, "census", "1500 BLOCK OF SHATTUCK AVE", 0);

        await store.PutCachedGeocodesAsync(
            [
                KeyValuePair.Create("H|1520 SHATTUCK AVE||||BERKELEY|CA|", found),
                KeyValuePair.Create("P|NOWHERE||||||", GeocodeResult.NotFound),
                KeyValuePair.Create("H|1 MAIN ST|||||", unmatched),
                KeyValuePair.Create("B|1500-1599 SHATTUCK AVE|||||", block),
            ],
            Ct);
        var cached = await store.GetCachedGeocodesAsync(
            ["H|1520 SHATTUCK AVE||||BERKELEY|CA|", "P|NOWHERE||||||", "H|1 MAIN ST|||||", "B|1500-1599 SHATTUCK AVE|||||", "H|2 MAIN ST|||||"], Ct);

        Assert.Equal(4, cached.Count);
        Assert.Equal(found, cached["H|1520 SHATTUCK AVE||||BERKELEY|CA|"]);
        Assert.Equal(GeocodeResult.NotFound, cached["P|NOWHERE||||||"]);
        Assert.False(cached["P|NOWHERE||||||"].Found);
        Assert.Equal(unmatched, cached["H|1 MAIN ST|||||"]);
        Assert.Equal(block, cached["B|1500-1599 SHATTUCK AVE|||||"]);
        Assert.False(cached.ContainsKey("H|2 MAIN ST|||||"));
    }

    [Fact]
    public async Task PuttingAnExistingKeyReplacesItsAnswer()
    {
        var store = await MigratedStoreAsync();
        const string Key = "H|1520 SHATTUCK AVE|||||";
        await store.PutCachedGeocodesAsync([KeyValuePair.Create(Key, new GeocodeResult(37.88, -122.28, LocationPrecision.PostalCode, "centroids", "BERKELEY, CA 94709", 0.5))], Ct);
        var better = new GeocodeResult(37.8712, -122.2683, LocationPrecision.AddressPoint, "pelias", "1520 Shattuck Ave", 0.97);

        Time.Advance(TimeSpan.FromMinutes(1));
        await store.PutCachedGeocodesAsync([KeyValuePair.Create(Key, better)], Ct);
        await store.PutCachedGeocodesAsync([KeyValuePair.Create("H|OTHER|||||", better)], Ct);

        Assert.Equal(better, Assert.Single(await store.GetCachedGeocodesAsync([Key], Ct)).Value);
        await store.PutCachedGeocodesAsync([KeyValuePair.Create(Key, GeocodeResult.NotFound)], Ct);
        Assert.Equal(GeocodeResult.NotFound, (await store.GetCachedGeocodesAsync([Key], Ct))[Key]);
    }

    [Fact]
    public async Task CacheKeysAreComparedExactly()
    {
        var store = await MigratedStoreAsync();
        var upper = new GeocodeResult(37.87, -122.27, LocationPrecision.AddressPoint, "pelias", null, 1);
        var lower = new GeocodeResult(37.88, -122.28, LocationPrecision.Block, "pelias", null, 0.5);

        await store.PutCachedGeocodesAsync([KeyValuePair.Create("H|1 MAIN ST", upper), KeyValuePair.Create("h|1 main st", lower)], Ct);
        var cached = await store.GetCachedGeocodesAsync(["H|1 MAIN ST", "h|1 main st", "H|1 MAIN ST "], Ct);

        Assert.Equal(2, cached.Count);
        Assert.Equal(upper, cached["H|1 MAIN ST"]);
        Assert.Equal(lower, cached["h|1 main st"]);
    }

    [Fact]
    public async Task ManyKeysAreLookedUpInOneCall()
    {
        var store = await MigratedStoreAsync();
        var answers = Enumerable.Range(1, 1_203)
            .Select(n => KeyValuePair.Create($"H|{n} MAIN ST|||||", new GeocodeResult(37.8 + (n / 100_000.0), -122.27, LocationPrecision.AddressPoint, "pelias", null, 1)))
            .ToList();
        await store.PutCachedGeocodesAsync(answers, Ct);

        var cached = await store.GetCachedGeocodesAsync([.. answers.Select(a => a.Key), "H|0 MAIN ST|||||"], Ct);

        Assert.Equal(answers.Count, cached.Count);
        Assert.All(answers, a => Assert.Equal(a.Value, cached[a.Key]));
        Assert.Empty(await store.GetCachedGeocodesAsync([], Ct));
    }

    [Theory]
    [InlineData(PipelineStore.AddressPointsKind)]
    [InlineData(PipelineStore.StreetSegmentsKind)]
    public async Task AnImportDropsCachedAnswersOfTheLocalProvidersOnly(string kind)
    {
        var store = await MigratedStoreAsync();
        var pelias = new GeocodeResult(37.87, -122.27, LocationPrecision.AddressPoint, "pelias", "1520 Shattuck Ave", 0.9);
        var census = new GeocodeResult(37.87, -122.27, LocationPrecision.Interpolated, "census", null, 0.8);
        await store.PutCachedGeocodesAsync(
            [
                KeyValuePair.Create("k-gazetteer", new GeocodeResult(37.87, -122.27, LocationPrecision.AddressPoint, "gazetteer", null, 1)),
                KeyValuePair.Create("k-centroids", new GeocodeResult(37.88, -122.28, LocationPrecision.PostalCode, "centroids", null, 0.5)),
                KeyValuePair.Create("k-none", GeocodeResult.NotFound),
                KeyValuePair.Create("k-pelias", pelias),
                KeyValuePair.Create("k-census", census),
            ],
            Ct);

        var result = kind == PipelineStore.AddressPointsKind
            ? await store.ReplaceAddressPointsAsync([Point(1520, Shattuck)], "a.csv", 0, Ct)
            : await store.ReplaceStreetSegmentsAsync([Segment(Shattuck, 37.87)], "s.csv", 0, Ct);
        var cached = await store.GetCachedGeocodesAsync(["k-gazetteer", "k-centroids", "k-none", "k-pelias", "k-census"], Ct);

        Assert.Equal(3, result.CacheEntriesDropped);
        Assert.Equal(["k-census", "k-pelias"], cached.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(pelias, cached["k-pelias"]);
        Assert.Equal(census, cached["k-census"]);
    }

    // ---- the report's geocoding columns ----

    [Fact]
    public async Task AReportsGeocodingFieldsAreStoredWithIt()
    {
        var store = await MigratedStoreAsync();
        var placed = WithLocation(Sample.Write(1), new ReportLocation("1520 Shattuck Ave", 37.871234567890123, -122.26834567890123, LocationPrecision.AddressPoint)
        {
            Provider = "gazetteer",
            MatchedAddress = "1520 SHATTUCK AVE, BERKELEY, CA 94709",
            Confidence = 0.123456789012345,
            Jurisdictions = ["bpd", "north", "beat-7"],
        });
        var noJurisdictions = WithLocation(Sample.Write(2), new ReportLocation("SHATTUCK AVE", 37.88, -122.28, LocationPrecision.PostalCode)
        {
            Provider = "centroids",
            MatchedAddress = null,
            Confidence = 0.5,
            Jurisdictions = [],
        });
        var notPlaced = Sample.Write(3);

        await store.WriteBatchAsync([placed, noJurisdictions, notPlaced], Ct);
        var rows = await store.GetReportsAsync(Ct);

        Assert.Equal(3, rows.Count);
        Assert.Equal(Sample.ExpectedRow(placed, Time.Now), rows[0] with { GeoProvider = null, GeoMatchedAddress = null, GeoConfidence = null, Jurisdictions = null });
        Assert.Equal("gazetteer", rows[0].GeoProvider);
        Assert.Equal("1520 SHATTUCK AVE, BERKELEY, CA 94709", rows[0].GeoMatchedAddress);
        Assert.Equal(0.123456789012345, rows[0].GeoConfidence);
        Assert.Equal(["bpd", "north", "beat-7"], rows[0].Jurisdictions!);
        Assert.Equal(37.871234567890123, rows[0].Latitude);

        Assert.Equal("centroids", rows[1].GeoProvider);
        Assert.Null(rows[1].GeoMatchedAddress);
        Assert.Equal(0.5, rows[1].GeoConfidence);
        Assert.True(rows[1].Jurisdictions is null or { Count: 0 });

        Assert.Equal(Sample.ExpectedRow(notPlaced, Time.Now), rows[2]);
        Assert.Null(rows[2].GeoProvider);
        Assert.Null(rows[2].GeoMatchedAddress);
        Assert.Null(rows[2].GeoConfidence);
        Assert.Null(rows[2].Jurisdictions);
    }

    private static ReportWrite WithLocation(ReportWrite write, ReportLocation location) =>
        write with { Report = write.Report with { Location = location } };

    private static AddressPointRecord Point(int number, StreetName street) =>
        new(number, null, street, null, "BERKELEY", "CA", "94709", 37.87 + (number / 1_000_000.0), -122.27);

    private static StreetSegmentRecord Segment(StreetName street, double latitude) =>
        new(street, 100, 198, 101, 199, "BERKELEY", "CA", "94709", [(latitude, -122.27), (latitude, -122.26)]);

    private static List<AddressPointRecord> SortPoints(IEnumerable<AddressPointRecord> points) =>
        [.. points.OrderBy(p => p.Street.ToString(), StringComparer.Ordinal).ThenBy(p => p.Number).ThenBy(p => p.NumberSuffix, StringComparer.Ordinal)];

    // Records compare their lines by reference: compare every field and every point instead. Order of rows is not part of the contract.
    private static void AssertSameSegments(IReadOnlyList<StreetSegmentRecord> expected, IReadOnlyList<StreetSegmentRecord> actual)
    {
        static List<StreetSegmentRecord> Sort(IEnumerable<StreetSegmentRecord> segments) =>
            [.. segments.OrderBy(s => s.Street.ToString(), StringComparer.Ordinal).ThenBy(s => s.Line[0].Latitude)];

        var want = Sort(expected);
        var got = Sort(actual);
        Assert.Equal(want.Count, got.Count);
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w with { Line = [] }, g with { Line = [] });
            Assert.Equal(w.Line, g.Line);
        }
    }
}
