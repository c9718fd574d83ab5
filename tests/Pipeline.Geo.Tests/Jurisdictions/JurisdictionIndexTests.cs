using System.Globalization;
using System.Text;
using Pipeline.Geo.Jurisdictions;

namespace Pipeline.Geo.Tests.Jurisdictions;

public sealed class JurisdictionIndexTests
{
    // A 10 x 10 degree agency containing a 4 x 4 precinct containing a 1 x 1 beat, written narrowest
    // first so that the order of the answer cannot come from the file's order; the agency has a hole.
    private static readonly string Nested = Collection(
        Feature("""{"id": "B1", "name": "Beat 1", "kind": "beat"}""", Polygon(Square(2, 2, 3, 3))),
        Feature("""{"id": "AG", "name": "County Sheriff", "kind": "agency"}""", Polygon(Square(0, 0, 10, 10), Square(8, 8, 9, 9))),
        Feature("""{"id": "P1", "name": "North Precinct", "kind": "Precinct"}""", Polygon(Square(1, 1, 5, 5))));

    [Fact]
    public void PointInsideOnePolygonFindsIt()
    {
        var index = JurisdictionIndex.Parse(Nested);

        var found = index.Find(latitude: 7, longitude: 7);

        Assert.Equal([new Jurisdiction("AG", "County Sheriff", "agency")], found);
    }

    [Fact]
    public void PointInAHoleIsNotInThePolygon()
    {
        var index = JurisdictionIndex.Parse(Nested);

        Assert.Empty(index.Find(latitude: 8.5, longitude: 8.5));
    }

    [Fact]
    public void PointInNestedPolygonsFindsAllOfThemBroadestFirst()
    {
        var index = JurisdictionIndex.Parse(Nested);

        var found = index.Find(latitude: 2.5, longitude: 2.5);

        Assert.Equal(["AG", "P1", "B1"], found.Select(j => j.Id));
    }

    [Fact]
    public void LatitudeAndLongitudeAreNotSwapped()
    {
        // The beat spans longitudes 20..21 and latitudes 0..1 (GeoJSON writes longitude first).
        var index = JurisdictionIndex.Parse(Collection(Feature("""{"id": "E"}""", Polygon(Square(20, 0, 21, 1)))));

        Assert.Single(index.Find(latitude: 0.5, longitude: 20.5));
        Assert.Empty(index.Find(latitude: 20.5, longitude: 0.5));
    }

    [Fact]
    public void KindsOutsideTheOrderComeLastAndLargerAreasComeFirstWithinAKind()
    {
        var index = JurisdictionIndex.Parse(Collection(
            Feature("""{"id": "small-zone", "kind": "zone"}""", Polygon(Square(0, 0, 2, 2))),
            Feature("""{"id": "beat", "kind": "beat"}""", Polygon(Square(0, 0, 1, 1))),
            Feature("""{"id": "big-zone", "kind": "zone"}""", Polygon(Square(0, 0, 3, 3))),
            Feature("""{"id": "no-kind"}""", Polygon(Square(0, 0, 4, 4)))));

        var found = index.Find(0.5, 0.5);

        Assert.Equal(["beat", "no-kind", "big-zone", "small-zone"], found.Select(j => j.Id));
    }

    [Fact]
    public void KindOrderCanBeConfigured()
    {
        var options = new JurisdictionIndexOptions { KindOrder = ["county", "agency", "beat"] };
        var index = JurisdictionIndex.Parse(
            Collection(
                Feature("""{"id": "A", "kind": "agency"}""", Polygon(Square(0, 0, 5, 5))),
                Feature("""{"id": "C", "kind": "county"}""", Polygon(Square(0, 0, 4, 4)))),
            options);

        Assert.Equal(["C", "A"], index.Find(1, 1).Select(j => j.Id));
    }

    [Fact]
    public void MultiPolygonMatchesEachPartButNotTheGapBetweenThem()
    {
        var index = JurisdictionIndex.Parse(Collection(
            Feature("""{"id": "ISL", "name": "Islands", "kind": "beat"}""", MultiPolygon(Polygon(Square(0, 0, 1, 1)), Polygon(Square(5, 5, 6, 6), Square(5.2, 5.2, 5.4, 5.4))))));

        Assert.Single(index.Find(0.5, 0.5));
        Assert.Single(index.Find(5.8, 5.8));
        Assert.Empty(index.Find(3, 3));
        Assert.Empty(index.Find(5.3, 5.3));
    }

    [Fact]
    public void PointOnABoundaryCountsAsInside()
    {
        var index = JurisdictionIndex.Parse(Nested);

        Assert.Equal(["AG", "P1"], index.Find(latitude: 1, longitude: 3).Select(j => j.Id));
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(-2.5, 2.5)]
    [InlineData(double.NaN, 2.5)]
    [InlineData(2.5, double.PositiveInfinity)]
    public void PointOutsideEverythingFindsNothing(double latitude, double longitude)
    {
        Assert.Empty(JurisdictionIndex.Parse(Nested).Find(latitude, longitude));
    }

    [Fact]
    public void EmptyCollectionLoadsAndFindsNothing()
    {
        var index = JurisdictionIndex.Parse("""{"type": "FeatureCollection", "features": []}""");

        Assert.Equal(0, index.Count);
        Assert.Empty(index.Find(1, 1));
    }

    [Fact]
    public void NumericIdIsTextAndAMissingNameIsTheId()
    {
        var index = JurisdictionIndex.Parse(Collection(Feature("""{"id": 42}""", Polygon(Square(0, 0, 1, 1)))));

        Assert.Equal(new Jurisdiction("42", "42", ""), Assert.Single(index.Find(0.5, 0.5)));
    }

    [Fact]
    public void SelfIntersectingPolygonIsRepairedAndCounted()
    {
        // A bow tie: two triangles meeting at (1, 1).
        var bowTie = "[[[0,0],[2,2],[2,0],[0,2],[0,0]]]";
        var index = JurisdictionIndex.Parse(Collection(Feature("""{"id": "BT"}""", $$"""{"type": "Polygon", "coordinates": {{bowTie}}}""")));

        Assert.Equal(1, index.RepairedCount);
        Assert.Single(index.Find(latitude: 1, longitude: 0.2));
        Assert.Empty(index.Find(latitude: 0.2, longitude: 1));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { """[1, 2]""", "not a GeoJSON FeatureCollection" },
        { """{"type": "Feature", "features": []}""", "not a GeoJSON FeatureCollection" },
        { """{"type": "FeatureCollection"}""", "\"features\" is missing" },
        { """{"type": "FeatureCollection", "features": [""", "not valid JSON" },
        { Collection(Feature("""{"id": "A"}""", Polygon(Square(0, 0, 1, 1))), Feature("""{"name": "no id"}""", Polygon(Square(0, 0, 1, 1)))), "feature 1 is missing the \"id\" property" },
        { Collection(Feature("""{"id": ""}""", Polygon(Square(0, 0, 1, 1)))), "feature 0 is missing the \"id\" property" },
        { Collection(Feature("""{"id": "A"}""", Polygon(Square(0, 0, 1, 1))), Feature("""{"id": "A"}""", Polygon(Square(0, 0, 1, 1)))), "feature 1 id 'A' is already used by feature 0" },
        { Collection(Feature("""{"id": "A"}""", Polygon(Square(0, 0, 1, 1))), Feature("""{"id": "B"}""", """{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}""")), "feature 1 (id 'B') polygon ring 0 is not closed" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,0]]]}""")), "feature 0 (id 'A') polygon ring 0 has 3 positions" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,95],[0,0]]]}""")), "feature 0 (id 'A') polygon ring 0 position 2 has bad coordinates" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "Polygon", "coordinates": [[[0,0],[1,"x"],[1,1],[0,0]]]}""")), "position 1 is not [longitude, latitude]" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "Polygon", "coordinates": [[[0,0],[1e999,0],[1,1],[0,0]]]}""")), "feature 0 (id 'A') polygon ring 0 position 1 has bad coordinates" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "MultiPolygon", "coordinates": [[[[0,0],[1,0],[1,1],[0,0]]], [[[0,0],[1,0],[1,1]]]]}""")), "feature 0 (id 'A') polygon 1 ring 0 has 3 positions" },
        { Collection(Feature("""{"id": "A"}""", """{"type": "Point", "coordinates": [0, 0]}""")), "feature 0 (id 'A') has geometry type 'Point'" },
        { Collection(Feature("""{"id": "A"}""", "null")), "feature 0 (id 'A') has no geometry" },
        { """{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}""", "feature 0 has no \"properties\" object" },
        { """{"type": "FeatureCollection", "features": [{"id": "A"}]}""", "feature 0 is not a GeoJSON Feature" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFileIsRejectedNamingTheFeatureAndTheProblem(string geoJson, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => JurisdictionIndex.Parse(geoJson));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileLargerThanTheLimitIsRefusedBeforeParsing()
    {
        using var folder = new TempFolder();
        folder.Write("j.geojson", Nested);
        var path = Path.Combine(folder.Path, "j.geojson");

        var error = Assert.Throws<InvalidDataException>(() => JurisdictionIndex.Load(path, new JurisdictionIndexOptions { MaxFileBytes = 100 }));
        var fromStream = Assert.Throws<InvalidDataException>(() => JurisdictionIndex.Load(new MemoryStream(Encoding.UTF8.GetBytes(Nested)), new JurisdictionIndexOptions { MaxFileBytes = 100 }));

        Assert.Contains("limit of 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 100", fromStream.Message, StringComparison.Ordinal);
        Assert.Equal(3, JurisdictionIndex.Load(path).Count);
    }

    [Fact]
    public void JsonNestedDeeperThanTheLimitIsRefused()
    {
        var deep = Collection(Feature("""{"id": "A", "extra": [[[[[[[[[[1]]]]]]]]]]}""", Polygon(Square(0, 0, 1, 1))));

        var error = Assert.Throws<InvalidDataException>(() => JurisdictionIndex.Parse(deep, new JurisdictionIndexOptions { MaxJsonDepth = 10 }));

        Assert.Contains("deeper than 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, JurisdictionIndex.Parse(deep).Count);
    }

    [Fact]
    public void ConcurrentLookupsAgreeWithSequentialOnes()
    {
        var index = JurisdictionIndex.Parse(Grid(20));
        var points = Points(5_000, seed: 7);
        var expected = points.Select(p => string.Join(',', index.Find(p.Latitude, p.Longitude).Select(j => j.Id))).ToArray();

        var actual = new string[points.Length];
        Parallel.For(0, points.Length, i => actual[i] = string.Join(',', index.Find(points[i].Latitude, points[i].Longitude).Select(j => j.Id)));

        Assert.Equal(expected, actual);
        Assert.Contains(expected, e => e.Split(',').Length == 3);
    }

    // One agency over [0, 10]², a 4 x 4 grid of precincts, and n x n beats, each beat a 24-sided
    // (circle-like) polygon so that point-in-polygon tests do real work.
    internal static string Grid(int n)
    {
        var features = new List<string> { Feature("""{"id": "agency", "kind": "agency"}""", Polygon(Square(0, 0, 10, 10))) };
        for (var px = 0; px < 4; px++)
        {
            for (var py = 0; py < 4; py++)
            {
                features.Add(Feature($$"""{"id": "p{{px}}-{{py}}", "kind": "precinct"}""", Polygon(Square(px * 2.5, py * 2.5, (px + 1) * 2.5, (py + 1) * 2.5))));
            }
        }

        var size = 10.0 / n;
        for (var x = 0; x < n; x++)
        {
            for (var y = 0; y < n; y++)
            {
                var cx = (x + 0.5) * size;
                var cy = (y + 0.5) * size;
                var ring = Enumerable.Range(0, 25)
                    .Select(k => k == 24 ? 0 : k)
                    .Select(k => Position(cx + (0.5 * size * Math.Cos(k * Math.PI / 12)), cy + (0.5 * size * Math.Sin(k * Math.PI / 12))));
                features.Add(Feature($$"""{"id": "b{{x}}-{{y}}", "kind": "beat"}""", Polygon("[" + string.Join(',', ring) + "]")));
            }
        }

        return Collection([.. features]);
    }

    internal static (double Latitude, double Longitude)[] Points(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((random.NextDouble() * 11) - 0.5, (random.NextDouble() * 11) - 0.5)).ToArray();
    }

    private static string Collection(params string[] features) =>
        $$"""{"type": "FeatureCollection", "features": [{{string.Join(",\n", features)}}]}""";

    private static string Feature(string properties, string geometry) =>
        $$"""{"type": "Feature", "properties": {{properties}}, "geometry": {{geometry}}}""";

    private static string Polygon(params string[] rings) =>
        $$"""{"type": "Polygon", "coordinates": [{{string.Join(',', rings)}}]}""";

    private static string MultiPolygon(params string[] polygons) =>
        $$"""{"type": "MultiPolygon", "coordinates": [{{string.Join(',', polygons.Select(p => p[p.IndexOf('[', StringComparison.Ordinal)..^1]))}}]}""";

    // A closed ring, longitude first as GeoJSON wants.
    private static string Square(double x0, double y0, double x1, double y1) =>
        $"[{Position(x0, y0)},{Position(x1, y0)},{Position(x1, y1)},{Position(x0, y1)},{Position(x0, y0)}]";

    private static string Position(double x, double y) =>
        string.Create(CultureInfo.InvariantCulture, $"[{x:R},{y:R}]");
}
