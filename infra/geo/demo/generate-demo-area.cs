#!/usr/bin/env dotnet
#:property PublishAot=false
// Generates the made-up demo area of `./pipeline demo` (see README.md beside this file): a street
// network loosely shaped like Berkeley, California, its address points, police jurisdictions and
// beats, and a labelled address set for measuring the geocoder. None of it is real address data.
//
// Deterministic: fixed seeds, invariant culture, sorted output; every run writes byte-identical files.
// Usage, from the repository root:
//   dotnet run infra/geo/demo/generate-demo-area.cs            (writes into infra/geo/demo/)
//   dotnet run infra/geo/demo/generate-demo-area.cs -- <dir>   (writes into <dir>)
using System.Globalization;
using System.Text;

namespace Pipeline.GeoDemo;

internal static class Program
{
    private static int Main(string[] args)
    {
        var output = args.Length > 0 ? args[0] : DefaultOutputDirectory();
        Directory.CreateDirectory(output);

        var network = Network.Build();
        var points = AddressPoints.Build(network, new Random(Seeds.Points));
        var jurisdictions = Jurisdictions.Build(network);
        var labelled = LabelledSet.Build(network, points, new Random(Seeds.Labels));
        Checks.Run(network, points, jurisdictions, labelled);

        Output.Write(Path.Combine(output, "street-segments.csv"), Output.Segments(network));
        Output.Write(Path.Combine(output, "address-points.csv"), Output.Points(points));
        Output.Write(Path.Combine(output, "jurisdictions.geojson"), Output.GeoJson(jurisdictions));
        Output.Write(Path.Combine(output, "labelled-addresses.csv"), Output.Labelled(labelled));

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"streets {network.Streets.Count}, segments {network.Segments.Count}, intersections {network.Nodes.Count}"));
        Console.WriteLine(string.Create(inv, $"address points {points.Count} ({points.Count(p => p.Unit.Length > 0)} with a unit), blocks without points {network.Segments.Count(s => !s.HasPoints)}"));
        Console.WriteLine(string.Create(inv, $"jurisdictions {jurisdictions.Count} ({jurisdictions.Count(j => j.Kind == "beat")} beats)"));
        Console.WriteLine(string.Create(inv, $"labelled rows {labelled.Count}"));
        foreach (var group in labelled.GroupBy(l => l.Style).OrderBy(g => Array.IndexOf(LabelledSet.StyleOrder, g.Key)))
        {
            Console.WriteLine(string.Create(inv, $"  style {group.Key,-14} {group.Count(),5} ({100.0 * group.Count() / labelled.Count:F1} %)"));
        }
        foreach (var group in labelled.GroupBy(l => l.Precision).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(inv, $"  precision {group.Key,-13} {group.Count(),5}"));
        }
        Console.WriteLine(string.Create(inv, $"written to {output}"));
        return 0;
    }

    private static string DefaultOutputDirectory() =>
        AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Path.Combine("infra", "geo", "demo");
}

internal static class Seeds
{
    public const int Points = 20_261_122;
    public const int Labels = 94_709;
    public const int EmptyBlocks = 1_868;
}

/// <summary>A point in the local street grid, in metres: U runs along the east-west streets, V along the north-south ones.</summary>
internal readonly record struct P(double U, double V)
{
    public static P Add(P a, P b) => new(a.U + b.U, a.V + b.V);

    public static P Sub(P a, P b) => new(a.U - b.U, a.V - b.V);

    public static P Scale(P a, double k) => new(a.U * k, a.V * k);

    public static double Distance(P a, P b) => Math.Sqrt(((a.U - b.U) * (a.U - b.U)) + ((a.V - b.V) * (a.V - b.V)));

    public static P Lerp(P a, P b, double t) => new(a.U + ((b.U - a.U) * t), a.V + ((b.V - a.V) * t));
}

/// <summary>
/// The local grid is rotated 4 degrees counter-clockwise from true north, like the street grid of
/// the East Bay flats, and placed so that its origin sits near downtown Oakland.
/// </summary>
internal static class Projection
{
    private const double OriginLat = 37.8;
    private const double OriginLon = -122.2985;
    private const double RotationRadians = 4.0 * Math.PI / 180.0;
    private const double ReferenceLatRadians = 37.85 * Math.PI / 180.0;

    private static readonly double Cos = Math.Cos(RotationRadians);
    private static readonly double Sin = Math.Sin(RotationRadians);
    private static readonly double MetresPerDegreeLat = 111_132.92 - (559.82 * Math.Cos(2 * ReferenceLatRadians)) + (1.175 * Math.Cos(4 * ReferenceLatRadians));
    private static readonly double MetresPerDegreeLon = (111_412.84 * Math.Cos(ReferenceLatRadians)) - (93.5 * Math.Cos(3 * ReferenceLatRadians));

    public static (double Lat, double Lon) ToLatLon(P p)
    {
        var x = (p.U * Cos) - (p.V * Sin);
        var y = (p.U * Sin) + (p.V * Cos);
        return (Round6(OriginLat + (y / MetresPerDegreeLat)), Round6(OriginLon + (x / MetresPerDegreeLon)));
    }

    public static P FromLatLon(double lat, double lon)
    {
        var x = (lon - OriginLon) * MetresPerDegreeLon;
        var y = (lat - OriginLat) * MetresPerDegreeLat;
        return new P((x * Cos) + (y * Sin), (-x * Sin) + (y * Cos));
    }

    public static double Round6(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
}

internal enum Axis
{
    NorthSouth,
    EastWest,
}

/// <summary>How a street's blocks are numbered.</summary>
internal enum Numbering
{
    /// <summary>The area grid: east-west streets count up eastwards; north-south streets count from their city's base line.</summary>
    Grid,

    /// <summary>From the street's own base line (its first crossing), counting up northwards from 0.</summary>
    OutwardNorth,

    /// <summary>From the street's own base line (its last crossing), counting up southwards from 0.</summary>
    OutwardSouth,
}

/// <summary>
/// One street. North-south streets sit at U = <paramref name="Position"/> and run between two
/// east-west streets; east-west streets sit at V = <paramref name="Position"/> and run between two
/// north-south streets. <paramref name="Hundred"/> is the house number at this street's line on
/// the crossing streets (the grid's base for the blocks that start here).
/// </summary>
internal sealed record StreetDef(string Name, Axis Axis, double Position, int Hundred, string From, string To, bool Commercial, bool Kinked = false, Numbering Numbering = Numbering.Grid);

/// <summary>A street name split the way the geocoder's normalizer sees it.</summary>
internal sealed record StreetName(string Full, string Directional, string Core, string Suffix)
{
    private static readonly string[] Suffixes = ["AVE", "ST", "WAY", "BLVD", "RD", "DR"];
    private static readonly string[] Directionals = ["N", "S", "E", "W"];

    /// <summary>The name without its suffix, directional kept ("N ARLINGTON").</summary>
    public string Base => Directional.Length > 0 ? Directional + " " + Core : Core;

    public bool IsNumbered => char.IsAsciiDigit(Core[0]);

    public static StreetName Parse(string full)
    {
        var tokens = full.Split(' ');
        var start = tokens.Length > 2 && Directionals.Contains(tokens[0]) ? 1 : 0;
        var end = tokens.Length > 1 && Suffixes.Contains(tokens[^1]) ? tokens.Length - 1 : tokens.Length;
        return new StreetName(
            full,
            start == 1 ? tokens[0] : "",
            string.Join(' ', tokens[start..end]),
            end < tokens.Length ? tokens[^1] : "");
    }
}

/// <summary>A polyline with its arc length, for placing and interpolating numbers along it.</summary>
internal sealed class Polyline
{
    private readonly double[] _cumulative;

    public Polyline(IReadOnlyList<P> vertices)
    {
        Vertices = vertices;
        _cumulative = new double[vertices.Count];
        for (var i = 1; i < vertices.Count; i++)
        {
            _cumulative[i] = _cumulative[i - 1] + P.Distance(vertices[i - 1], vertices[i]);
        }
    }

    public IReadOnlyList<P> Vertices { get; }

    public double Length => _cumulative[^1];

    /// <summary>The point at arc length <paramref name="s"/> and the unit direction of travel there.</summary>
    public (P Point, P Direction) At(double s)
    {
        s = Math.Clamp(s, 0, Length);
        var i = 1;
        while (i < Vertices.Count - 1 && _cumulative[i] < s)
        {
            i++;
        }
        var a = Vertices[i - 1];
        var b = Vertices[i];
        var piece = _cumulative[i] - _cumulative[i - 1];
        var t = (s - _cumulative[i - 1]) / piece;
        var direction = P.Scale(P.Sub(b, a), 1.0 / piece);
        return (P.Lerp(a, b, t), direction);
    }
}

internal sealed class Node(P position)
{
    public P Position { get; } = position;

    public List<string> Streets { get; } = [];
}

/// <summary>One block of one street, digitized in the direction its numbers increase.</summary>
internal sealed class Segment(StreetDef street, StreetName name, Node from, Node to, Polyline line, int hundred, string city, string zip)
{
    public StreetDef Street { get; } = street;

    public StreetName Name { get; } = name;

    public Node From { get; } = from;

    public Node To { get; } = to;

    public Polyline Line { get; } = line;

    public int Hundred { get; } = hundred;

    public string City { get; } = city;

    public string Zip { get; } = zip;

    public bool HasPoints { get; set; }

    public int LeftFrom => Hundred + 1;

    public int LeftTo => Hundred + 99;

    public int RightFrom => Hundred == 0 ? 2 : Hundred;

    public int RightTo => Hundred + 98;

    /// <summary>Where the number falls on the centre line, by linear interpolation over its side's range.</summary>
    public P Interpolate(int number)
    {
        var left = number % 2 == 1;
        var from = left ? LeftFrom : RightFrom;
        var to = left ? LeftTo : RightTo;
        return Line.At(Line.Length * (number - from) / (to - from)).Point;
    }

    public bool Fits(int number) => number % 2 == 1
        ? number >= LeftFrom && number <= LeftTo
        : number >= RightFrom && number <= RightTo;

    public P Middle => Line.At(Line.Length / 2).Point;
}

internal sealed class Network
{
    /// <summary>Agency boundaries run 20 m beyond a boundary street, so that street and both its sides stay in one city.</summary>
    public const double BoundaryOffset = 20;

    public required IReadOnlyList<StreetDef> Streets { get; init; }

    public required IReadOnlyList<Node> Nodes { get; init; }

    public required IReadOnlyList<Segment> Segments { get; init; }

    public required Zones Zones { get; init; }

    // North-south lines first (west to east), then east-west streets (south to north). Hundred is the
    // number the crossing streets carry at this line; a name change along one line keeps the line's numbers.
    // East-west streets in Berkeley and Albany have 0 here: their hundreds come from their order (see Build).
    private static readonly StreetDef[] Definitions =
    [
        new("4TH ST", Axis.NorthSouth, 150, 400, "ALCATRAZ AVE", "SOLANO AVE", false),
        new("HOLLIS ST", Axis.NorthSouth, 300, 500, "27TH ST", "ALCATRAZ AVE", false),
        new("6TH ST", Axis.NorthSouth, 450, 600, "ALCATRAZ AVE", "SOLANO AVE", false),
        new("SAN PABLO AVE", Axis.NorthSouth, 900, 1000, "GRAND AVE", "SOLANO AVE", true),
        new("CURTIS ST", Axis.NorthSouth, 1250, 1200, "ALCATRAZ AVE", "SOLANO AVE", false),
        new("MARKET ST", Axis.NorthSouth, 1600, 1400, "GRAND AVE", "ALCATRAZ AVE", false),
        new("ACTON ST", Axis.NorthSouth, 1600, 1400, "ALCATRAZ AVE", "SOLANO AVE", false),
        new("SACRAMENTO ST", Axis.NorthSouth, 1950, 1600, "45TH ST", "SOLANO AVE", false),
        new("CALIFORNIA ST", Axis.NorthSouth, 2250, 1700, "ALCATRAZ AVE", "MARIN AVE", false),
        new("MCGEE AVE", Axis.NorthSouth, 2500, 1800, "ASHBY AVE", "ROSE ST", false),
        new("GRANT ST", Axis.NorthSouth, 2750, 1900, "ALCATRAZ AVE", "ROSE ST", false),
        new("MARTIN LUTHER KING JR WAY", Axis.NorthSouth, 3000, 2000, "GRAND AVE", "SOLANO AVE", false),
        new("SHATTUCK AVE", Axis.NorthSouth, 3400, 2100, "GRAND AVE", "MARIN AVE", true),
        new("FULTON ST", Axis.NorthSouth, 3650, 2200, "ASHBY AVE", "BANCROFT WAY", false),
        new("OXFORD ST", Axis.NorthSouth, 3650, 2200, "BANCROFT WAY", "ROSE ST", false),
        new("SPRUCE ST", Axis.NorthSouth, 3975, 2400, "HEARST AVE", "MARIN AVE", false),
        new("TELEGRAPH AVE", Axis.NorthSouth, 4050, 2500, "GRAND AVE", "BANCROFT WAY", true),
        new("EUCLID AVE", Axis.NorthSouth, 4300, 2600, "HEARST AVE", "MARIN AVE", false),
        new("BROADWAY", Axis.NorthSouth, 4500, 2800, "GRAND AVE", "55TH ST", true),
        new("COLLEGE AVE", Axis.NorthSouth, 4500, 2800, "55TH ST", "BANCROFT WAY", true),
        new("LA LOMA AVE", Axis.NorthSouth, 4700, 2900, "HEARST AVE", "MARIN AVE", false, Kinked: true),
        new("PIEDMONT AVE", Axis.NorthSouth, 4850, 3000, "34TH ST", "BANCROFT WAY", true, Kinked: true),
        new("S ARLINGTON AVE", Axis.NorthSouth, 5200, 3100, "DWIGHT WAY", "HEARST AVE", false, Kinked: true, Numbering.OutwardSouth),
        new("N ARLINGTON AVE", Axis.NorthSouth, 5200, 3100, "HEARST AVE", "MARIN AVE", false, Kinked: true, Numbering.OutwardNorth),

        new("GRAND AVE", Axis.EastWest, 1280, 2200, "SAN PABLO AVE", "BROADWAY", true),
        new("27TH ST", Axis.EastWest, 1830, 2700, "HOLLIS ST", "BROADWAY", false),
        new("34TH ST", Axis.EastWest, 2500, 3400, "HOLLIS ST", "PIEDMONT AVE", false),
        new("MACARTHUR BLVD", Axis.EastWest, 2890, 3800, "HOLLIS ST", "PIEDMONT AVE", true),
        new("40TH ST", Axis.EastWest, 3220, 4000, "HOLLIS ST", "PIEDMONT AVE", false),
        new("45TH ST", Axis.EastWest, 3720, 4500, "HOLLIS ST", "PIEDMONT AVE", false),
        new("51ST ST", Axis.EastWest, 4270, 5100, "HOLLIS ST", "PIEDMONT AVE", false),
        new("55TH ST", Axis.EastWest, 4720, 5500, "HOLLIS ST", "PIEDMONT AVE", false),
        new("59TH ST", Axis.EastWest, 5050, 5900, "HOLLIS ST", "BROADWAY", false),
        new("ST MARYS ST", Axis.EastWest, 5230, 6100, "MARKET ST", "MARTIN LUTHER KING JR WAY", false),
        new("63RD ST", Axis.EastWest, 5440, 6300, "HOLLIS ST", "COLLEGE AVE", false),
        new("ALCATRAZ AVE", Axis.EastWest, 5660, 0, "4TH ST", "PIEDMONT AVE", false),
        new("WOOLSEY ST", Axis.EastWest, 5860, 0, "SAN PABLO AVE", "COLLEGE AVE", false),
        new("ASHBY AVE", Axis.EastWest, 6080, 0, "4TH ST", "PIEDMONT AVE", true),
        new("RUSSELL ST", Axis.EastWest, 6280, 0, "SAN PABLO AVE", "PIEDMONT AVE", false),
        new("DERBY ST", Axis.EastWest, 6480, 0, "SAN PABLO AVE", "PIEDMONT AVE", false),
        new("PARKER ST", Axis.EastWest, 6660, 0, "6TH ST", "PIEDMONT AVE", false),
        new("DWIGHT WAY", Axis.EastWest, 6840, 0, "4TH ST", "S ARLINGTON AVE", false),
        new("CHANNING WAY", Axis.EastWest, 7000, 0, "4TH ST", "S ARLINGTON AVE", false),
        new("DURANT AVE", Axis.EastWest, 7150, 0, "SAN PABLO AVE", "S ARLINGTON AVE", false),
        new("BANCROFT WAY", Axis.EastWest, 7300, 0, "4TH ST", "S ARLINGTON AVE", false),
        new("ALLSTON WAY", Axis.EastWest, 7470, 0, "4TH ST", "OXFORD ST", false),
        new("CENTER ST", Axis.EastWest, 7600, 0, "SAN PABLO AVE", "OXFORD ST", false),
        new("ADDISON ST", Axis.EastWest, 7730, 0, "4TH ST", "OXFORD ST", false),
        new("UNIVERSITY AVE", Axis.EastWest, 7880, 0, "4TH ST", "OXFORD ST", true),
        new("HEARST AVE", Axis.EastWest, 8080, 0, "4TH ST", "N ARLINGTON AVE", false),
        new("VIRGINIA ST", Axis.EastWest, 8320, 0, "4TH ST", "N ARLINGTON AVE", false),
        new("CEDAR ST", Axis.EastWest, 8600, 0, "4TH ST", "N ARLINGTON AVE", false),
        new("VINE ST", Axis.EastWest, 8820, 0, "SAN PABLO AVE", "N ARLINGTON AVE", false),
        new("ROSE ST", Axis.EastWest, 9040, 0, "4TH ST", "N ARLINGTON AVE", false),
        new("EUNICE ST", Axis.EastWest, 9330, 0, "SACRAMENTO ST", "N ARLINGTON AVE", false),
        new("MARIN AVE", Axis.EastWest, 9700, 0, "4TH ST", "N ARLINGTON AVE", false),
        new("SOLANO AVE", Axis.EastWest, 10100, 0, "4TH ST", "MARTIN LUTHER KING JR WAY", true),
    ];

    public static Network Build()
    {
        var byName = Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var nodes = new List<Node>();
        var nodeAt = new Dictionary<P, Node>();
        var crossings = Definitions.ToDictionary(d => d.Name, _ => new List<Node>(), StringComparer.Ordinal);
        foreach (var ns in Definitions.Where(d => d.Axis == Axis.NorthSouth))
        {
            var (vFrom, vTo) = (byName[ns.From].Position, byName[ns.To].Position);
            foreach (var ew in Definitions.Where(d => d.Axis == Axis.EastWest))
            {
                var (uFrom, uTo) = (byName[ew.From].Position, byName[ew.To].Position);
                if (ew.Position < vFrom || ew.Position > vTo || ns.Position < uFrom || ns.Position > uTo)
                {
                    continue;
                }
                var p = new P(ns.Position, ew.Position);
                if (!nodeAt.TryGetValue(p, out var node))
                {
                    node = new Node(p);
                    nodeAt.Add(p, node);
                    nodes.Add(node);
                }
                node.Streets.Add(ns.Name);
                node.Streets.Add(ew.Name);
                crossings[ns.Name].Add(node);
                if (!crossings[ew.Name].Contains(node))
                {
                    // Two names on one line (FULTON ST becoming OXFORD ST) cross an east-west street once.
                    crossings[ew.Name].Add(node);
                }
            }
        }
        foreach (var node in nodes)
        {
            var distinct = node.Streets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            node.Streets.Clear();
            node.Streets.AddRange(distinct);
        }

        var zones = Zones.Create(byName, Definitions);

        // North-south numbering follows each city's own base line, as in the real East Bay: Oakland
        // and Emeryville count up northwards (the hundreds of the east-west definitions, 2200 at
        // Grand Ave), Berkeley and Albany count up southwards from Solano Ave (100) to Alcatraz Ave.
        // The two ranges do not overlap, so a street and number always name one place.
        var southwards = Definitions
            .Where(d => d.Axis == Axis.EastWest && IsNorthCity(zones.City(new P(zones.MaxU, d.Position))))
            .OrderByDescending(d => d.Position)
            .Select((d, i) => (d.Name, Hundred: 100 * (i + 1)))
            .ToDictionary(x => x.Name, x => x.Hundred, StringComparer.Ordinal);
        var segments = new List<Segment>();
        foreach (var street in Definitions)
        {
            var name = StreetName.Parse(street.Name);
            var along = crossings[street.Name]
                .OrderBy(n => street.Axis == Axis.NorthSouth ? n.Position.V : n.Position.U)
                .ToList();
            var start = byName[street.From].Position;
            var end = byName[street.To].Position;
            Func<Node, double> key = street.Axis == Axis.NorthSouth ? n => n.Position.V : n => n.Position.U;
            if (along.Count < 2 || key(along[0]) != start || key(along[^1]) != end)
            {
                throw new InvalidOperationException($"Street {street.Name} does not start and end at crossings.");
            }
            if (street.Numbering == Numbering.OutwardSouth)
            {
                along.Reverse();
            }
            for (var i = 0; i + 1 < along.Count; i++)
            {
                var (a, b) = (along[i], along[i + 1]);
                int hundred;
                if (street.Numbering != Numbering.Grid)
                {
                    hundred = 100 * i;
                }
                else if (street.Axis == Axis.EastWest)
                {
                    hundred = StreetAt(a, Axis.NorthSouth, byName).Hundred;
                }
                else if (IsNorthCity(zones.City(P.Lerp(a.Position, b.Position, 0.5))))
                {
                    // Berkeley and Albany count southwards from Solano Ave; the block runs north to south.
                    (a, b) = (b, a);
                    hundred = southwards[StreetAt(a, Axis.EastWest, byName).Name];
                }
                else
                {
                    hundred = StreetAt(a, Axis.EastWest, byName).Hundred;
                }
                var vertices = new List<P> { a.Position };
                if (street.Kinked)
                {
                    // A gentle bend mid-block, alternating sides, so some segments are real polylines.
                    var direction = P.Scale(P.Sub(b.Position, a.Position), 1.0 / P.Distance(a.Position, b.Position));
                    var normal = new P(-direction.V, direction.U);
                    vertices.Add(P.Add(P.Lerp(a.Position, b.Position, 0.5), P.Scale(normal, i % 2 == 0 ? 12 : -12)));
                }
                vertices.Add(b.Position);
                var middle = P.Lerp(a.Position, b.Position, 0.5);
                var city = zones.City(middle);
                segments.Add(new Segment(street, name, a, b, new Polyline(vertices), hundred, city, zones.Zip(city, street.Name, middle)));
            }
        }
        segments.Sort((x, y) =>
        {
            var byStreet = string.CompareOrdinal(x.Street.Name, y.Street.Name);
            return byStreet != 0 ? byStreet : x.Hundred.CompareTo(y.Hundred);
        });
        return new Network { Streets = Definitions, Nodes = nodes, Segments = segments, Zones = zones };
    }

    private static bool IsNorthCity(string city) => city is "BERKELEY" or "ALBANY";

    private static StreetDef StreetAt(Node node, Axis axis, Dictionary<string, StreetDef> byName) =>
        node.Streets.Select(s => byName[s]).First(s => s.Axis == axis);
}

/// <summary>
/// Cities, ZIP codes and the police areas, all drawn in the local grid. Boundaries are straight
/// grid lines placed <see cref="Network.BoundaryOffset"/> beyond a street (or mid-block), never on
/// a centre line, so no street's two sides fall into different cities.
/// </summary>
internal sealed class Zones
{
    public required double MinU { get; init; }

    public required double MaxU { get; init; }

    public required double MinV { get; init; }

    public required double MaxV { get; init; }

    /// <summary>North of it is Berkeley (and Albany); south, Oakland and Emeryville.</summary>
    public required double BerkeleySouth { get; init; }

    public required double EmeryvilleEast { get; init; }

    public required double EmeryvilleSouth { get; init; }

    public required double AlbanySouth { get; init; }

    public required double AlbanyEast { get; init; }

    public required double TelegraphU { get; init; }

    public required double SacramentoU { get; init; }

    public required double ShattuckU { get; init; }

    public required double HearstV { get; init; }

    public required double DwightV { get; init; }

    public required double OxfordU { get; init; }

    public required double ArlingtonU { get; init; }

    public required (double MinU, double MinV, double MaxU, double MaxV) Campus { get; init; }

    /// <summary>Beat grid inside Berkeley: column and row cuts, each mid-block.</summary>
    public required double[] BeatColumns { get; init; }

    public required double[] BeatRows { get; init; }

    public static Zones Create(Dictionary<string, StreetDef> byName, IReadOnlyList<StreetDef> all)
    {
        double Pos(string name) => byName[name].Position;
        const double offset = Network.BoundaryOffset;

        // The jurisdictions cover the demo stream's whole box (37.80-37.90 N, 122.30-122.22 W), the
        // network, and a margin, as one rectangle of the rotated grid.
        var corners = new[]
        {
            Projection.FromLatLon(37.795, -122.305), Projection.FromLatLon(37.795, -122.215),
            Projection.FromLatLon(37.905, -122.305), Projection.FromLatLon(37.905, -122.215),
        };
        var minU = Math.Min(corners.Min(c => c.U), all.Where(s => s.Axis == Axis.NorthSouth).Min(s => s.Position) - 300);
        var maxU = Math.Max(corners.Max(c => c.U), all.Where(s => s.Axis == Axis.NorthSouth).Max(s => s.Position) + 300);
        var minV = Math.Min(corners.Min(c => c.V), all.Where(s => s.Axis == Axis.EastWest).Min(s => s.Position) - 300);
        var maxV = Math.Max(corners.Max(c => c.V), all.Where(s => s.Axis == Axis.EastWest).Max(s => s.Position) + 300);
        return new Zones
        {
            MinU = Math.Floor(minU / 50) * 50,
            MaxU = Math.Ceiling(maxU / 50) * 50,
            MinV = Math.Floor(minV / 50) * 50,
            MaxV = Math.Ceiling(maxV / 50) * 50,
            BerkeleySouth = Pos("ALCATRAZ AVE") - offset,
            EmeryvilleEast = Pos("SAN PABLO AVE") + offset,
            EmeryvilleSouth = Pos("40TH ST") + offset,
            AlbanySouth = Pos("MARIN AVE") + offset,
            AlbanyEast = (Pos("MARTIN LUTHER KING JR WAY") + Pos("SHATTUCK AVE")) / 2,
            TelegraphU = Pos("TELEGRAPH AVE"),
            SacramentoU = Pos("SACRAMENTO ST"),
            ShattuckU = Pos("SHATTUCK AVE"),
            HearstV = Pos("HEARST AVE"),
            DwightV = Pos("DWIGHT WAY"),
            OxfordU = Pos("OXFORD ST"),
            ArlingtonU = Pos("N ARLINGTON AVE"),
            Campus = (Pos("OXFORD ST") + offset, Pos("BANCROFT WAY") + offset, Pos("N ARLINGTON AVE") - offset, Pos("HEARST AVE") - offset),
            BeatColumns = [(Pos("ACTON ST") + Pos("SACRAMENTO ST")) / 2, (Pos("MARTIN LUTHER KING JR WAY") + Pos("SHATTUCK AVE")) / 2],
            BeatRows = [(Pos("DERBY ST") + Pos("PARKER ST")) / 2, (Pos("BANCROFT WAY") + Pos("ALLSTON WAY")) / 2, (Pos("HEARST AVE") + Pos("VIRGINIA ST")) / 2],
        };
    }

    public string City(P p)
    {
        if (p.V < BerkeleySouth)
        {
            return p.U < EmeryvilleEast && p.V >= EmeryvilleSouth ? "EMERYVILLE" : "OAKLAND";
        }
        return p.V >= AlbanySouth && p.U < AlbanyEast ? "ALBANY" : "BERKELEY";
    }

    public string Zip(string city, string street, P middle) => city switch
    {
        "EMERYVILLE" => "94608",
        "ALBANY" => "94706",
        "OAKLAND" when middle.U < EmeryvilleEast => "94608",
        "OAKLAND" => middle.U <= TelegraphU ? "94609" : "94618",
        _ when street is "BANCROFT WAY" or "HEARST AVE" && middle.U > OxfordU && middle.U < ArlingtonU => "94720",
        _ when middle.U < EmeryvilleEast => "94710",
        _ when middle.U <= SacramentoU => "94702",
        _ when middle.U <= ShattuckU => middle.V >= HearstV ? "94709" : "94703",
        _ when middle.V >= HearstV => "94709",
        _ => middle.V >= DwightV ? "94704" : "94705",
    };
}

internal sealed record AddressPoint(int Number, string Street, string Unit, string City, string Zip, double Lat, double Lon, Segment Segment, P Position);

internal static class AddressPoints
{
    /// <summary>Distance of the points from the centre line, metres (house fronts set back from the street).</summary>
    private const double Setback = 10;

    /// <summary>No lot starts closer than this to a crossing: the corner lot faces the other street.</summary>
    private const double CornerMargin = 22;

    /// <summary>A side has 50 numbers of its parity; leave room for gaps between lots.</summary>
    private const int MaxLotsPerSide = 44;

    public static List<AddressPoint> Build(Network network, Random random)
    {
        // 15% of blocks, drawn by their own seed, have no address points: the geocoder must interpolate there.
        var empty = new Random(Seeds.EmptyBlocks);
        var order = network.Segments.Select(_ => empty.NextDouble()).ToArray();
        var threshold = order.Order().ElementAt((int)Math.Round(network.Segments.Count * 0.15));
        var points = new List<AddressPoint>();
        for (var i = 0; i < network.Segments.Count; i++)
        {
            var segment = network.Segments[i];
            segment.HasPoints = order[i] >= threshold;
            if (!segment.HasPoints)
            {
                continue;
            }
            foreach (var left in new[] { true, false })
            {
                AddSide(segment, left, random, points);
            }
        }
        points.Sort(Compare);
        return points;
    }

    public static int Compare(AddressPoint x, AddressPoint y)
    {
        var c = string.CompareOrdinal(x.Street, y.Street);
        if (c != 0)
        {
            return c;
        }
        c = x.Number.CompareTo(y.Number);
        return c != 0 ? c : UnitOrder(x.Unit).CompareTo(UnitOrder(y.Unit));
    }

    private static (int, string) UnitOrder(string unit)
    {
        var space = unit.LastIndexOf(' ');
        var tail = space < 0 ? unit : unit[(space + 1)..];
        return (int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, unit);
    }

    private static void AddSide(Segment segment, bool left, Random random, List<AddressPoint> points)
    {
        var length = segment.Line.Length;
        var usable = length - (2 * CornerMargin);
        var (minWidth, maxWidth) = segment.Street.Commercial ? (15.0, 30.0) : (9.0, 17.0);
        minWidth = Math.Max(minWidth, usable / MaxLotsPerSide);
        maxWidth = Math.Max(maxWidth, minWidth * 1.4);

        var centres = new List<double>();
        var s = CornerMargin;
        while (true)
        {
            var width = minWidth + (random.NextDouble() * (maxWidth - minWidth));
            if (s + width > length - CornerMargin)
            {
                break;
            }
            centres.Add(s + (width / 2));
            s += width;
        }
        if (centres.Count == 0)
        {
            return;
        }

        var from = left ? segment.LeftFrom : segment.RightFrom;
        var to = left ? segment.LeftTo : segment.RightTo;
        var metresPerNumber = length / (to - from);
        // Real numbers stray from a straight-line spread; keep the stray under about 12 m along the street.
        var jitter = Math.Min(6.0, 12.0 / metresPerNumber);
        var numbers = new int[centres.Count];
        for (var i = 0; i < centres.Count; i++)
        {
            var ideal = from + ((to - from) * centres[i] / length) + ((random.NextDouble() * 2 - 1) * jitter);
            numbers[i] = Parity(Math.Clamp(ideal, from, to), from);
        }
        for (var i = 1; i < numbers.Length; i++)
        {
            numbers[i] = Math.Max(numbers[i], numbers[i - 1] + 2);
        }
        numbers[^1] = Math.Min(numbers[^1], to);
        for (var i = numbers.Length - 2; i >= 0; i--)
        {
            numbers[i] = Math.Min(numbers[i], numbers[i + 1] - 2);
        }

        for (var i = 0; i < centres.Count; i++)
        {
            var (centre, direction) = segment.Line.At(centres[i]);
            var normal = left ? new P(-direction.V, direction.U) : new P(direction.V, -direction.U);
            var setback = Setback + ((random.NextDouble() * 3) - 1.5);
            var position = P.Add(centre, P.Scale(normal, setback));
            var (lat, lon) = Projection.ToLatLon(position);
            var point = new AddressPoint(numbers[i], segment.Street.Name, "", segment.City, segment.Zip, lat, lon, segment, position);
            points.Add(point);

            // A few buildings are subdivided: suites on commercial streets, apartments elsewhere.
            var roll = random.NextDouble();
            if (segment.Street.Commercial && roll < 0.02)
            {
                var count = random.Next(2, 5);
                for (var u = 1; u <= count; u++)
                {
                    points.Add(point with { Unit = string.Create(CultureInfo.InvariantCulture, $"STE {u * 100}") });
                }
            }
            else if (!segment.Street.Commercial && roll < 0.008)
            {
                var count = random.Next(2, 7);
                var letters = random.Next(2) == 0;
                for (var u = 1; u <= count; u++)
                {
                    var unit = letters ? "APT " + (char)('A' + u - 1) : string.Create(CultureInfo.InvariantCulture, $"APT {u}");
                    points.Add(point with { Unit = unit });
                }
            }
        }
    }

    private static int Parity(double value, int from)
    {
        var n = (int)Math.Round(value, MidpointRounding.AwayFromZero);
        return (n - from) % 2 == 0 ? n : n + 1;
    }
}

internal sealed record Jurisdiction(string Id, string Name, string Kind, string? Parent, IReadOnlyList<P> Ring)
{
    /// <summary>The ring in WGS84, rounded to 6 decimals, closed, counter-clockwise.</summary>
    public IReadOnlyList<(double Lat, double Lon)> LatLonRing { get; init; } = [];
}

internal static class Jurisdictions
{
    public static List<Jurisdiction> Build(Network network)
    {
        var z = network.Zones;
        var (u0, u1, v0, v1) = (z.MinU, z.MaxU, z.MinV, z.MaxV);
        var list = new List<Jurisdiction>
        {
            new("oakland-pd", "Oakland Police Department", "agency", null,
                [new(u0, v0), new(u1, v0), new(u1, z.BerkeleySouth), new(z.EmeryvilleEast, z.BerkeleySouth), new(z.EmeryvilleEast, z.EmeryvilleSouth), new(u0, z.EmeryvilleSouth)]),
            new("emeryville-pd", "Emeryville Police Department", "agency", null,
                [new(u0, z.EmeryvilleSouth), new(z.EmeryvilleEast, z.EmeryvilleSouth), new(z.EmeryvilleEast, z.BerkeleySouth), new(u0, z.BerkeleySouth)]),
            new("berkeley-pd", "Berkeley Police Department", "agency", null,
                [new(u0, z.BerkeleySouth), new(u1, z.BerkeleySouth), new(u1, v1), new(z.AlbanyEast, v1), new(z.AlbanyEast, z.AlbanySouth), new(u0, z.AlbanySouth)]),
            new("albany-pd", "Albany Police Department", "agency", null,
                [new(u0, z.AlbanySouth), new(z.AlbanyEast, z.AlbanySouth), new(z.AlbanyEast, v1), new(u0, v1)]),
            new("ucpd", "University of California Police Department", "agency", null,
                [new(z.Campus.MinU, z.Campus.MinV), new(z.Campus.MaxU, z.Campus.MinV), new(z.Campus.MaxU, z.Campus.MaxV), new(z.Campus.MinU, z.Campus.MaxV)]),
        };

        // Beats: a 3 x 4 grid over Berkeley. Berkeley reaches the top edge only east of Albany,
        // which is also the eastern column's edge, so the north-east beat simply runs up to it.
        var columns = new[] { u0, z.BeatColumns[0], z.BeatColumns[1], u1 };
        var rows = new[] { z.BerkeleySouth, z.BeatRows[0], z.BeatRows[1], z.BeatRows[2], z.AlbanySouth };
        if (z.AlbanyEast != z.BeatColumns[1])
        {
            throw new InvalidOperationException("The beat grid assumes Albany's east edge is the second column cut.");
        }
        var number = 0;
        for (var r = 0; r < rows.Length - 1; r++)
        {
            for (var c = 0; c < columns.Length - 1; c++)
            {
                number++;
                var top = r == rows.Length - 2 && c == columns.Length - 2 ? v1 : rows[r + 1];
                list.Add(new Jurisdiction(
                    string.Create(CultureInfo.InvariantCulture, $"bpd-beat-{number}"),
                    string.Create(CultureInfo.InvariantCulture, $"Berkeley PD Beat {number}"),
                    "beat",
                    "berkeley-pd",
                    [new(columns[c], rows[r]), new(columns[c + 1], rows[r]), new(columns[c + 1], top), new(columns[c], top)]));
            }
        }

        // Every vertex that lies on another polygon's edge is inserted into that edge, so shared
        // boundaries are made of identical vertices after rounding: no slivers, no overlaps.
        var allVertices = list.Where(j => j.Id != "ucpd").SelectMany(j => j.Ring).Distinct().ToList();
        return list.Select(j => j with { LatLonRing = ToLatLon(Densify(j.Ring, allVertices)) }).ToList();
    }

    private static List<P> Densify(IReadOnlyList<P> ring, List<P> vertices)
    {
        var result = new List<P>();
        for (var i = 0; i < ring.Count; i++)
        {
            var (a, b) = (ring[i], ring[(i + 1) % ring.Count]);
            result.Add(a);
            var between = vertices
                .Where(p => (a.U == b.U && p.U == a.U && Between(p.V, a.V, b.V)) || (a.V == b.V && p.V == a.V && Between(p.U, a.U, b.U)))
                .OrderBy(p => P.Distance(a, p));
            result.AddRange(between);
        }
        return result;
    }

    private static bool Between(double x, double a, double b) => x > Math.Min(a, b) && x < Math.Max(a, b);

    private static List<(double Lat, double Lon)> ToLatLon(List<P> ring)
    {
        var result = ring.Select(Projection.ToLatLon).ToList();
        if (Geometry.SignedArea(result) < 0)
        {
            result.Reverse();
        }
        result.Add(result[0]);
        return result;
    }
}

internal static class Geometry
{
    /// <summary>Shoelace area in degrees squared with lon as x, lat as y; positive for counter-clockwise rings (open or closed).</summary>
    public static double SignedArea(IReadOnlyList<(double Lat, double Lon)> ring)
    {
        var sum = 0.0;
        for (var i = 0; i < ring.Count; i++)
        {
            var (a, b) = (ring[i], ring[(i + 1) % ring.Count]);
            sum += (a.Lon * b.Lat) - (b.Lon * a.Lat);
        }
        return sum / 2;
    }

    /// <summary>Even-odd ray casting; points on an edge count as inside.</summary>
    public static bool Contains(IReadOnlyList<(double Lat, double Lon)> ring, double lat, double lon)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            var (a, b) = (ring[i], ring[j]);
            if (OnEdge(a, b, lat, lon))
            {
                return true;
            }
            if ((a.Lat > lat) != (b.Lat > lat) && lon < ((b.Lon - a.Lon) * (lat - a.Lat) / (b.Lat - a.Lat)) + a.Lon)
            {
                inside = !inside;
            }
        }
        return inside;
    }

    private static bool OnEdge((double Lat, double Lon) a, (double Lat, double Lon) b, double lat, double lon)
    {
        var cross = ((b.Lon - a.Lon) * (lat - a.Lat)) - ((b.Lat - a.Lat) * (lon - a.Lon));
        return Math.Abs(cross) < 1e-14
            && lon >= Math.Min(a.Lon, b.Lon) && lon <= Math.Max(a.Lon, b.Lon)
            && lat >= Math.Min(a.Lat, b.Lat) && lat <= Math.Max(a.Lat, b.Lat);
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}

internal sealed record LabelledRow(string Input, string City, string State, string Zip, double? Lat, double? Lon, string Precision, string Style)
{
    public string Id { get; init; } = "";
}

/// <summary>Addresses written the way real CAD and SAR feeds write them, each with its true location.</summary>
internal static class LabelledSet
{
    public const int Total = 3000;

    public static readonly string[] StyleOrder =
        ["clean", "case-punct", "abbreviation", "unit", "state-zip", "block", "intersection", "typo", "no-suffix", "unresolvable"];

    private static readonly (string Style, int Percent)[] Shares =
    [
        ("clean", 15), ("case-punct", 10), ("abbreviation", 10), ("unit", 7), ("state-zip", 8),
        ("block", 15), ("intersection", 15), ("typo", 10), ("no-suffix", 5), ("unresolvable", 5),
    ];

    /// <summary>Street names for out-of-area addresses; the generator checks none is near a real one.</summary>
    public static readonly string[] NowhereStreets = ["NOWHERE RD", "MAPLE DR", "LAKESHORE BLVD", "WILLOW CREEK RD", "PINECREST DR"];

    private static readonly string[] Zips = ["94608", "94609", "94618", "94702", "94703", "94704", "94705", "94706", "94709", "94710", "94720"];

    private static readonly Dictionary<char, string> KeyboardNeighbours = new()
    {
        ['A'] = "QSZ", ['B'] = "VNGH", ['C'] = "XVDF", ['D'] = "SFEC", ['E'] = "WRD", ['F'] = "DGRV", ['G'] = "FHTB",
        ['H'] = "GJYN", ['I'] = "UOK", ['J'] = "HKUM", ['K'] = "JLI", ['L'] = "KO", ['M'] = "NJ", ['N'] = "BMH",
        ['O'] = "IPL", ['P'] = "OL", ['Q'] = "WA", ['R'] = "ETF", ['S'] = "ADW", ['T'] = "RYG", ['U'] = "YIJ",
        ['V'] = "CBF", ['W'] = "QES", ['X'] = "ZCS", ['Y'] = "TUH", ['Z'] = "XA",
    };

    private sealed record Target(Segment Segment, int Number, P Truth, string Precision, AddressPoint? Point);

    public static List<LabelledRow> Build(Network network, List<AddressPoint> points, Random random)
    {
        var context = new Context(network, points, random);
        var rows = new List<LabelledRow>();
        foreach (var (style, percent) in Shares)
        {
            var count = Total * percent / 100;
            for (var i = 0; i < count; i++)
            {
                rows.Add(context.Make(style, i));
            }
        }
        // Interleave the styles so that any prefix of the file is a fair sample.
        for (var i = rows.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows.Select((r, i) => r with { Id = string.Create(CultureInfo.InvariantCulture, $"L{i + 1:D4}") }).ToList();
    }

    private sealed class Context
    {
        private readonly Network _network;
        private readonly Random _random;
        private readonly List<AddressPoint> _buildings;
        private readonly Dictionary<(string Street, int Number), List<AddressPoint>> _byAddress;
        private readonly List<Segment> _withoutPoints;
        private readonly List<Segment> _withPoints;
        private readonly List<(Node Node, string A, string B)> _intersections;
        private readonly Dictionary<string, (double Lat, double Lon)> _zipCentroids;
        private readonly Dictionary<string, (double Lat, double Lon)> _cityCentroids;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, StreetName> _names;

        public Context(Network network, List<AddressPoint> points, Random random)
        {
            _network = network;
            _random = random;
            _buildings = points.Where(p => p.Unit.Length == 0).ToList();
            _byAddress = points.GroupBy(p => (p.Street, p.Number)).ToDictionary(g => g.Key, g => g.ToList());
            _withoutPoints = network.Segments.Where(s => !s.HasPoints).ToList();
            _withPoints = network.Segments.Where(s => s.HasPoints).ToList();
            var byName = network.Streets.ToDictionary(s => s.Name, StringComparer.Ordinal);
            _names = network.Streets.ToDictionary(s => s.Name, s => StreetName.Parse(s.Name), StringComparer.Ordinal);
            _intersections = [];
            foreach (var node in network.Nodes)
            {
                foreach (var a in node.Streets.Where(s => byName[s].Axis == Axis.NorthSouth))
                {
                    foreach (var b in node.Streets.Where(s => byName[s].Axis == Axis.EastWest))
                    {
                        _intersections.Add((node, a, b));
                    }
                }
            }
            _zipCentroids = Centroids(_buildings, p => p.Zip);
            _cityCentroids = Centroids(_buildings, p => p.City);
        }

        private static Dictionary<string, (double Lat, double Lon)> Centroids(List<AddressPoint> buildings, Func<AddressPoint, string> key) =>
            buildings.GroupBy(key).ToDictionary(
                g => g.Key,
                g => Projection.ToLatLon(new P(g.Average(p => p.Position.U), g.Average(p => p.Position.V))),
                StringComparer.Ordinal);

        public LabelledRow Make(string style, int index)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var row = style switch
                {
                    "clean" => HouseRow(style, index, (t, n) => Number(t) + " " + n.Full),
                    "case-punct" => HouseRow(style, index, (t, n) => CasePunct(Number(t), n, index)),
                    "abbreviation" => HouseRow(style, index, (t, n) => Number(t) + " " + Abbreviate(n, index), n => n.Suffix.Length > 0),
                    "unit" => UnitRow(index),
                    "state-zip" => StateZipRow(index),
                    "block" => BlockRow(index),
                    "intersection" => IntersectionRow(index),
                    "typo" => TypoRow(index),
                    "no-suffix" => HouseRow(style, index, (t, n) => Number(t) + " " + n.Base, n => n.Suffix.Length > 0),
                    _ => UnresolvableRow(index),
                };
                if (row is null)
                {
                    continue;
                }
                if (style == "unresolvable" || _seen.Add(row.Input + "|" + row.City + "|" + row.Zip))
                {
                    return row;
                }
            }
            throw new InvalidOperationException($"Could not make a distinct {style} row.");
        }

        private static string Number(Target t) => t.Number.ToString(CultureInfo.InvariantCulture);

        private Target PickHouse(Func<StreetName, bool>? filter, bool requirePoint)
        {
            filter ??= _ => true;
            while (true)
            {
                var roll = requirePoint ? 0 : _random.NextDouble();
                if (roll < 0.80)
                {
                    var point = _buildings[_random.Next(_buildings.Count)];
                    if (filter(point.Segment.Name))
                    {
                        return new Target(point.Segment, point.Number, point.Position, "AddressPoint", point);
                    }
                    continue;
                }
                // A number with no address point: on a block without points, or a gap on a block with them.
                var pool = roll < 0.92 ? _withoutPoints : _withPoints;
                var segment = pool[_random.Next(pool.Count)];
                if (!filter(segment.Name))
                {
                    continue;
                }
                var left = _random.Next(2) == 0;
                var (from, to) = left ? (segment.LeftFrom, segment.LeftTo) : (segment.RightFrom, segment.RightTo);
                var number = from + (2 * _random.Next(((to - from) / 2) + 1));
                if (_byAddress.ContainsKey((segment.Street.Name, number)))
                {
                    continue;
                }
                return new Target(segment, number, segment.Interpolate(number), "Interpolated", null);
            }
        }

        private (string City, string State, string Zip) Columns(Segment segment, double cityShare = 0.7, double zipShare = 0.4)
        {
            var city = "";
            var state = "";
            if (_random.NextDouble() < cityShare)
            {
                city = _random.NextDouble() < 0.7 ? segment.City : TitleCase(segment.City);
                state = _random.NextDouble() < 0.8 ? "CA" : "";
            }
            var zip = _random.NextDouble() < zipShare ? segment.Zip : "";
            return (city, state, zip);
        }

        private static LabelledRow Row(string input, P truth, string precision, string style, (string City, string State, string Zip) columns)
        {
            var (lat, lon) = Projection.ToLatLon(truth);
            return new LabelledRow(input, columns.City, columns.State, columns.Zip, lat, lon, precision, style);
        }

        private static LabelledRow FromTarget(Target t, string input, string style, (string City, string State, string Zip) columns)
        {
            if (t.Point is { } point)
            {
                return new LabelledRow(input, columns.City, columns.State, columns.Zip, point.Lat, point.Lon, t.Precision, style);
            }
            return Row(input, t.Truth, t.Precision, style, columns);
        }

        private LabelledRow HouseRow(string style, int index, Func<Target, StreetName, string> write, Func<StreetName, bool>? filter = null)
        {
            var t = PickHouse(filter, requirePoint: false);
            var columns = style == "clean" ? Columns(t.Segment, 0.85, 0.6) : Columns(t.Segment);
            return FromTarget(t, write(t, t.Segment.Name), style, columns);
        }

        private static string CasePunct(string number, StreetName name, int index) => (index % 6) switch
        {
            0 => (number + " " + name.Full).ToLowerInvariant(),
            1 => number + " " + TitleCase(name.Full) + (name.Suffix.Length > 0 ? "." : ""),
            2 => number + ", " + name.Full,
            3 => number + "  " + name.Full + ",",
            4 => number + " " + TitleCase(name.Base) + (name.Suffix.Length > 0 ? " " + name.Suffix.ToLowerInvariant() : ""),
            _ => number + " " + name.Full + ".",
        };

        private static string Abbreviate(StreetName name, int index)
        {
            var longForm = index % 2 == 0;
            var suffix = name.Suffix switch
            {
                "AVE" => longForm ? "AVENUE" : "AV",
                "ST" => longForm ? "STREET" : "STR",
                "WAY" => "WY",
                "BLVD" => longForm ? "BOULEVARD" : "BL",
                "RD" => longForm ? "ROAD" : "RD",
                _ => name.Suffix,
            };
            var core = name.Core;
            if (longForm)
            {
                core = core.Replace(" JR", " JUNIOR", StringComparison.Ordinal);
                if (core.StartsWith("ST ", StringComparison.Ordinal))
                {
                    core = "SAINT " + core[3..];
                }
            }
            var directional = name.Directional switch
            {
                "N" when longForm => "NORTH ",
                "S" when longForm => "SOUTH ",
                "" => "",
                var d => d + " ",
            };
            return directional + core + " " + suffix;
        }

        private LabelledRow UnitRow(int index)
        {
            // Most unit rows name a unit the gazetteer has; some name one it lacks, on a known building.
            Target t;
            string unit;
            if (index % 4 != 3)
            {
                var withUnits = _byAddress.Values.Where(v => v.Count > 1).OrderBy(v => v[0].Street, StringComparer.Ordinal).ThenBy(v => v[0].Number).ToList();
                var group = withUnits[_random.Next(withUnits.Count)];
                var point = group[1 + _random.Next(group.Count - 1)];
                t = new Target(point.Segment, point.Number, point.Position, "AddressPoint", point);
                unit = point.Unit;
            }
            else
            {
                t = PickHouse(null, requirePoint: true);
                unit = _random.Next(2) == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"APT {_random.Next(1, 20)}")
                    : string.Create(CultureInfo.InvariantCulture, $"STE {_random.Next(1, 4) * 100}");
            }
            var designator = unit[..unit.IndexOf(' ', StringComparison.Ordinal)];
            var value = unit[(designator.Length + 1)..];
            var written = (index % 5) switch
            {
                0 => unit,
                1 => "#" + value,
                2 => (designator == "STE" ? "SUITE " : "UNIT ") + value,
                3 => designator + " " + value,
                _ => designator + ". " + value,
            };
            var street = Number(t) + " " + t.Segment.Name.Full;
            var input = index % 7 == 6 ? street + ", " + written : street + " " + written;
            return FromTarget(t, input, "unit", Columns(t.Segment));
        }

        private LabelledRow StateZipRow(int index)
        {
            var t = PickHouse(null, requirePoint: false);
            var street = Number(t) + " " + t.Segment.Name.Full;
            var (city, zip) = (t.Segment.City, t.Segment.Zip);
            var input = (index % 5) switch
            {
                0 => $"{street}, {TitleCase(city)}, CA {zip}",
                1 => $"{street}, {city}, CA {zip}",
                2 => $"{street} {city} CA {zip}",
                3 => $"{TitleCase(street)}, {TitleCase(city)} CA {zip}",
                _ => $"{street}, {city}, CA, {zip}",
            };
            var columns = _random.NextDouble() < 0.3 ? (city, "CA", zip) : ("", "", "");
            return FromTarget(t, input, "state-zip", columns);
        }

        private LabelledRow? BlockRow(int index)
        {
            var segment = _network.Segments[_random.Next(_network.Segments.Count)];
            if (segment.Hundred == 0)
            {
                return null;
            }
            var h = segment.Hundred;
            var hundreds = h / 100;
            var name = segment.Name;
            var inv = CultureInfo.InvariantCulture;
            var input = (index % 5) switch
            {
                0 => string.Create(inv, $"{hundreds}XX BLOCK OF {name.Full}"),
                1 => string.Create(inv, $"{h} BLOCK {name.Full}"),
                2 => string.Create(inv, $"{hundreds:D3}XX {name.Full}"),
                3 => string.Create(inv, $"{h} BLK {name.Base}"),
                _ => string.Create(inv, $"{hundreds}XX {name.Full}"),
            };
            return Row(input, segment.Middle, "Block", "block", Columns(segment, 0.5, 0.2));
        }

        private LabelledRow IntersectionRow(int index)
        {
            var (node, a, b) = _intersections[_random.Next(_intersections.Count)];
            if (_random.Next(2) == 0)
            {
                (a, b) = (b, a);
            }
            var (na, nb) = (_names[a], _names[b]);
            var input = (index % 6) switch
            {
                0 => $"{na.Full} / {nb.Full}",
                1 => $"{TitleCase(na.Base)} & {TitleCase(nb.Base)}",
                2 => $"{na.Full} AND {nb.Full}",
                3 => $"{na.Base}/{nb.Base}",
                4 => $"{na.Full} & {nb.Full}",
                _ => $"{na.Full} @ {nb.Full}",
            };
            var segment = _network.Segments.First(s => s.From == node || s.To == node);
            return Row(input, node.Position, "Intersection", "intersection", Columns(segment, 0.6, 0.2));
        }

        private LabelledRow? TypoRow(int index)
        {
            var t = PickHouse(n => !n.IsNumbered && n.Core.Split(' ').Any(w => w.Length >= 4), requirePoint: false);
            var name = t.Segment.Name;
            var typo = Typos.Make(name, _names.Values, _random, twoEdits: index % 10 < 3);
            if (typo is null)
            {
                return null;
            }
            var written = (typo.Directional.Length > 0 ? typo.Directional + " " : "") + typo.Core + (name.Suffix.Length > 0 ? " " + name.Suffix : "");
            return FromTarget(t, Number(t) + " " + written, "typo", Columns(t.Segment));
        }

        private LabelledRow UnresolvableRow(int index)
        {
            var zip = Zips[_random.Next(Zips.Length)];
            var cities = new[] { "BERKELEY", "OAKLAND", "EMERYVILLE", "ALBANY" };
            var city = cities[_random.Next(cities.Length)];
            var nowhere = string.Create(CultureInfo.InvariantCulture, $"{_random.Next(1, 80) * 10 + 3} {NowhereStreets[_random.Next(NowhereStreets.Length)]}");
            var (input, columns) = (index % 10) switch
            {
                0 => ("UNKNOWN", ("", "", zip)),
                1 => (zip, ("", "", "")),
                2 => (nowhere, ("", "CA", zip)),
                3 => ("BART STATION", ("", "", zip)),
                4 => ("BART STATION", (city, "CA", "")),
                5 => (nowhere, (TitleCase(city), "", "")),
                6 => ("UNKNOWN", ("", "", "")),
                7 => ("BART STATION", ("", "", "")),
                8 => (nowhere, ("", "", "")),
                _ => ("N/A", ("", "CA", "")),
            };
            var precision = (index % 10) switch
            {
                < 4 => "PostalCode",
                < 6 => "City",
                _ => "None",
            };
            (double Lat, double Lon)? truth = precision switch
            {
                "PostalCode" => _zipCentroids[zip],
                "City" => _cityCentroids[city],
                _ => null,
            };
            return new LabelledRow(input, columns.Item1, columns.Item2, columns.Item3, truth?.Lat, truth?.Lon, precision, "unresolvable");
        }
    }

    public static string TitleCase(string text)
    {
        var chars = text.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if ((i == 0 || chars[i - 1] == ' ') && char.IsAsciiLetter(chars[i]))
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }
        return new string(chars);
    }

    /// <summary>Typing mistakes that stay unambiguous: the typo is never within edit distance 2 of another street.</summary>
    public static class Typos
    {
        public static StreetName? Make(StreetName name, IEnumerable<StreetName> all, Random random, bool twoEdits)
        {
            var others = all.Where(o => o.Core != name.Core).ToList();
            for (var attempt = 0; attempt < 60; attempt++)
            {
                var core = name.Core;
                var edits = twoEdits ? 2 : 1;
                for (var e = 0; e < edits; e++)
                {
                    core = Edit(core, random);
                }
                var distance = Geometry.EditDistance(core, name.Core);
                if (distance < 1 || distance > 2 || core.Contains("  ", StringComparison.Ordinal))
                {
                    continue;
                }
                var typo = name with { Core = core };
                if (IsAmbiguous(typo, others))
                {
                    continue;
                }
                return typo;
            }
            return null;
        }

        public static bool IsAmbiguous(StreetName typo, IEnumerable<StreetName> others) =>
            others.Any(o => Geometry.EditDistance(typo.Core, o.Core) <= 2 || Geometry.EditDistance(typo.Base, o.Base) <= 2);

        private static string Edit(string core, Random random)
        {
            // Typos keep each word's first letter and touch only words of four letters or more.
            var positions = new List<int>();
            var words = core.Split(' ');
            var offset = 0;
            foreach (var word in words)
            {
                if (word.Length >= 4 && word.All(char.IsAsciiLetter))
                {
                    for (var i = 1; i < word.Length; i++)
                    {
                        positions.Add(offset + i);
                    }
                }
                offset += word.Length + 1;
            }
            if (positions.Count == 0)
            {
                return core;
            }
            var p = positions[random.Next(positions.Count)];
            var chars = core.ToList();
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(p);
                    break;
                case 1:
                    if (p + 1 < chars.Count && char.IsAsciiLetter(chars[p + 1]))
                    {
                        (chars[p], chars[p + 1]) = (chars[p + 1], chars[p]);
                    }
                    else
                    {
                        (chars[p - 1], chars[p]) = (chars[p], chars[p - 1]);
                    }
                    break;
                case 2:
                    var neighbours = KeyboardNeighbours[chars[p]];
                    chars[p] = neighbours[random.Next(neighbours.Length)];
                    break;
                default:
                    chars.Insert(p, chars[p]);
                    break;
            }
            return new string([.. chars]);
        }
    }
}

internal static class Checks
{
    public static void Run(Network network, List<AddressPoint> points, List<Jurisdiction> jurisdictions, List<LabelledRow> labelled)
    {
        var agencies = jurisdictions.Where(j => j.Kind == "agency" && j.Id != "ucpd").ToList();
        var byCity = new Dictionary<string, Jurisdiction>(StringComparer.Ordinal)
        {
            ["BERKELEY"] = jurisdictions.Single(j => j.Id == "berkeley-pd"),
            ["OAKLAND"] = jurisdictions.Single(j => j.Id == "oakland-pd"),
            ["EMERYVILLE"] = jurisdictions.Single(j => j.Id == "emeryville-pd"),
            ["ALBANY"] = jurisdictions.Single(j => j.Id == "albany-pd"),
        };
        bool InUnion(double lat, double lon) => agencies.Any(a => Geometry.Contains(a.LatLonRing, lat, lon));

        // Polygons: closed, counter-clockwise, no repeated vertex; beats tile Berkeley; agencies tile the whole area.
        foreach (var j in jurisdictions)
        {
            var ring = j.LatLonRing;
            Require(ring[0] == ring[^1], $"{j.Id}: ring not closed");
            Require(Geometry.SignedArea(ring) > 0, $"{j.Id}: ring not counter-clockwise");
            Require(ring.Take(ring.Count - 1).Distinct().Count() == ring.Count - 1, $"{j.Id}: repeated vertex");
        }
        var berkeley = byCity["BERKELEY"];
        var beats = jurisdictions.Where(j => j.Kind == "beat").ToList();
        var beatArea = beats.Sum(b => Geometry.SignedArea(b.LatLonRing));
        Require(Math.Abs(beatArea - Geometry.SignedArea(berkeley.LatLonRing)) < 1e-12, "beats do not tile Berkeley");
        Require(beats.All(b => b.LatLonRing.All(v => Geometry.Contains(berkeley.LatLonRing, v.Lat, v.Lon))), "a beat leaves Berkeley");
        foreach (var beat in beats)
        {
            // Each beat's centre lies in exactly one beat: with the area sum, this rules out overlaps.
            var (lat, lon) = (beat.LatLonRing.Take(4).Average(v => v.Lat), beat.LatLonRing.Take(4).Average(v => v.Lon));
            Require(beats.Count(b => Geometry.Contains(b.LatLonRing, lat, lon)) == 1, $"{beat.Id}: overlaps another beat");
        }
        var z = network.Zones;
        var outer = new List<(double Lat, double Lon)> { Projection.ToLatLon(new P(z.MinU, z.MinV)), Projection.ToLatLon(new P(z.MaxU, z.MinV)), Projection.ToLatLon(new P(z.MaxU, z.MaxV)), Projection.ToLatLon(new P(z.MinU, z.MaxV)) };
        // The outer edges carry extra vertices, each up to 0.1 m off the straight edge after rounding: hence the tolerance.
        var outerArea = Geometry.SignedArea(outer);
        Require(Math.Abs(agencies.Sum(a => Geometry.SignedArea(a.LatLonRing)) - outerArea) < 1e-5 * outerArea, "agencies do not tile the area");
        foreach (var agency in agencies)
        {
            var (lat, lon) = (agency.LatLonRing.Average(v => v.Lat), agency.LatLonRing.Average(v => v.Lon));
            Require(agencies.Count(a => Geometry.Contains(a.LatLonRing, lat, lon)) <= 1, $"{agency.Id}: overlaps another agency");
        }
        var campus = jurisdictions.Single(j => j.Id == "ucpd");
        Require(campus.LatLonRing.All(v => Geometry.Contains(berkeley.LatLonRing, v.Lat, v.Lon)), "campus is not inside Berkeley");
        foreach (var (lat, lon) in new[] { (37.80, -122.30), (37.80, -122.22), (37.90, -122.30), (37.90, -122.22) })
        {
            Require(InUnion(lat, lon), "the demo stream's box is not covered");
        }

        // Segments: inside their city's agency, ranges of 100 with odd numbers on the left.
        foreach (var s in network.Segments)
        {
            foreach (var v in s.Line.Vertices)
            {
                var (lat, lon) = Projection.ToLatLon(v);
                Require(InUnion(lat, lon), $"{s.Street.Name} {s.Hundred}: vertex outside the jurisdictions");
            }
            var (mLat, mLon) = Projection.ToLatLon(s.Middle);
            Require(Geometry.Contains(byCity[s.City].LatLonRing, mLat, mLon), $"{s.Street.Name} {s.Hundred}: middle outside {s.City}");
            Require(s.LeftFrom % 2 == 1 && s.LeftTo % 2 == 1 && s.RightFrom % 2 == 0 && s.RightTo % 2 == 0 && s.LeftTo - s.Hundred == 99, "bad range");
        }
        foreach (var street in network.Segments.GroupBy(s => s.Street.Name))
        {
            Require(street.Select(s => s.Hundred).Distinct().Count() == street.Count(), $"{street.Key}: repeated hundred");
        }

        // Points: number fits its segment's range and parity and side, lies near its interpolated
        // position, sits in its city, and no address appears twice.
        var worst = 0.0;
        foreach (var p in points)
        {
            var s = p.Segment;
            Require(s.Fits(p.Number), $"{p.Street}: number outside its block's range");
            var side = Side(s, p.Position);
            Require(side == (p.Number % 2 == 1 ? 1 : -1), $"{p.Street}: number on the wrong side");
            var error = P.Distance(s.Interpolate(p.Number), p.Position);
            worst = Math.Max(worst, error);
            Require(error <= 35, $"{p.Street}: point {error:F0} m from its interpolated position");
            Require(Geometry.Contains(byCity[p.City].LatLonRing, p.Lat, p.Lon), $"{p.Street}: point outside {p.City}");
            Require(!Geometry.Contains(campus.LatLonRing, p.Lat, p.Lon), $"{p.Street}: point on campus");
        }
        Require(points.Select(p => (p.Street, p.Number, p.Unit)).Distinct().Count() == points.Count, "duplicate address points");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check: worst point-to-interpolation distance {worst:F1} m"));

        // Street names: unique bases, so "1520 SHATTUCK" has one reading; out-of-area names far from all of them.
        var names = network.Streets.Select(s => StreetName.Parse(s.Name)).ToList();
        Require(names.Select(n => n.Base).Distinct().Count() == names.Count, "two streets share a base name");
        foreach (var fake in LabelledSet.NowhereStreets.Select(StreetName.Parse))
        {
            Require(names.All(n => Geometry.EditDistance(fake.Base, n.Base) > 2), $"{fake.Full} is close to a real street");
        }

        // Labelled rows: truth inside the area; typos unambiguous.
        foreach (var row in labelled)
        {
            if (row.Precision == "None")
            {
                Require(row.Lat is null && row.Lon is null, $"{row.Id}: None with coordinates");
                continue;
            }
            Require(row.Lat is not null && row.Lon is not null && InUnion(row.Lat.Value, row.Lon.Value), $"{row.Id}: truth outside the jurisdictions");
        }
        foreach (var row in labelled.Where(r => r.Style == "typo"))
        {
            var written = StreetName.Parse(row.Input[(row.Input.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var matches = names.Where(n => n.Suffix == written.Suffix && n.Directional == written.Directional && Geometry.EditDistance(n.Core, written.Core) <= 2).ToList();
            Require(matches.Count == 1 && matches[0].Core != written.Core, $"{row.Id}: typo is not an unambiguous misspelling");
            var others = names.Where(n => n.Core != matches[0].Core).ToList();
            Require(!LabelledSet.Typos.IsAmbiguous(written, others), $"{row.Id}: typo is near another street");
        }
    }

    private static int Side(Segment s, P p)
    {
        // Nearest piece of the polyline decides the side: positive cross product means left.
        var best = double.MaxValue;
        var side = 0;
        for (var i = 1; i < s.Line.Vertices.Count; i++)
        {
            var (a, b) = (s.Line.Vertices[i - 1], s.Line.Vertices[i]);
            var ab = P.Sub(b, a);
            var t = Math.Clamp((((p.U - a.U) * ab.U) + ((p.V - a.V) * ab.V)) / ((ab.U * ab.U) + (ab.V * ab.V)), 0, 1);
            var distance = P.Distance(P.Lerp(a, b, t), p);
            if (distance < best)
            {
                best = distance;
                side = Math.Sign((ab.U * (p.V - a.V)) - (ab.V * (p.U - a.U)));
            }
        }
        return side;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Check failed: " + message);
        }
    }
}

internal static class Output
{
    public static void Write(string path, string content) =>
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static string F6(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    public static string Segments(Network network)
    {
        var sb = new StringBuilder("street,left_from,left_to,right_from,right_to,city,state,zip,geometry\n");
        foreach (var s in network.Segments)
        {
            var wkt = "LINESTRING (" + string.Join(", ", s.Line.Vertices.Select(v =>
            {
                var (lat, lon) = Projection.ToLatLon(v);
                return F6(lon) + " " + F6(lat);
            })) + ")";
            sb.Append(Csv(s.Street.Name)).Append(',')
                .Append(I(s.LeftFrom)).Append(',').Append(I(s.LeftTo)).Append(',')
                .Append(I(s.RightFrom)).Append(',').Append(I(s.RightTo)).Append(',')
                .Append(s.City).Append(",CA,").Append(s.Zip).Append(',')
                .Append('"').Append(wkt).Append("\"\n");
        }
        return sb.ToString();
    }

    public static string Points(List<AddressPoint> points)
    {
        var sb = new StringBuilder("number,street,unit,city,state,zip,lat,lon\n");
        foreach (var p in points)
        {
            sb.Append(I(p.Number)).Append(',').Append(Csv(p.Street)).Append(',').Append(Csv(p.Unit)).Append(',')
                .Append(p.City).Append(",CA,").Append(p.Zip).Append(',').Append(F6(p.Lat)).Append(',').Append(F6(p.Lon)).Append('\n');
        }
        return sb.ToString();
    }

    public static string Labelled(List<LabelledRow> rows)
    {
        var sb = new StringBuilder("id,input,city,state,zip,truth_lat,truth_lon,truth_precision,style\n");
        foreach (var r in rows)
        {
            sb.Append(r.Id).Append(',').Append(Csv(r.Input)).Append(',').Append(Csv(r.City)).Append(',')
                .Append(r.State).Append(',').Append(r.Zip).Append(',')
                .Append(r.Lat is { } lat ? F6(lat) : "").Append(',').Append(r.Lon is { } lon ? F6(lon) : "").Append(',')
                .Append(r.Precision).Append(',').Append(r.Style).Append('\n');
        }
        return sb.ToString();
    }

    public static string GeoJson(List<Jurisdiction> jurisdictions)
    {
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (var i = 0; i < jurisdictions.Count; i++)
        {
            var j = jurisdictions[i];
            sb.Append("{\"type\":\"Feature\",\"properties\":{\"id\":\"").Append(j.Id)
                .Append("\",\"name\":\"").Append(j.Name)
                .Append("\",\"kind\":\"").Append(j.Kind).Append('"');
            if (j.Parent is not null)
            {
                sb.Append(",\"parent\":\"").Append(j.Parent).Append('"');
            }
            sb.Append("},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[")
                .AppendJoin(",", j.LatLonRing.Select(v => "[" + F6(v.Lon) + "," + F6(v.Lat) + "]"))
                .Append("]]}}").Append(i + 1 < jurisdictions.Count ? ",\n" : "\n");
        }
        return sb.Append("]}\n").ToString();
    }
}
