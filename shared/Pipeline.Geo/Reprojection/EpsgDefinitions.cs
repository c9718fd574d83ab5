using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;

namespace Pipeline.Geo.Reprojection;

/// <summary>
/// WKT for the coordinate reference systems US city CAD and open-data feeds use. ProjNet has no EPSG
/// database, so the few we need are written here.
/// </summary>
/// <remarks>
/// <para>
/// Every parameter is the EPSG Geodetic Parameter Dataset's (epsg.org) value for the code, checked
/// against PROJ 9.1's copy of that registry (<c>projinfo EPSG:nnnn</c>). Angles are written in the
/// degrees and minutes the registry defines them in, so no rounded decimals creep in. False eastings
/// and northings are in the CRS's own unit, exactly as the registry states them: for the ftUS zones that
/// is the metre value converted and rounded by EPSG (2,000,000 m is 6,561,666.667 ftUS), and the
/// projection reproduces the registry's values, not the unrounded metres.
/// </para>
/// <para>
/// Units: the US survey foot is exactly 1200/3937 m (EPSG 9003); the international foot is exactly
/// 0.3048 m (EPSG 9002). Michigan's NAD83 state plane system is defined in international feet, so
/// Michigan South (EPSG:2253, and 2898, its NAD83(HARN) twin with identical projection parameters) is in
/// feet of 0.3048 m, unlike the ftUS zones. Detroit-area GIS services (SEMCOG's ArcGIS layers) publish
/// in 2898 with international-foot units. Reading Detroit's coordinates as US survey feet would move a
/// point about 8 m (27 ft) east-west.
/// </para>
/// <para>
/// Datums: NAD83 and NAD83(HARN) differ from WGS84 by about 1-2 m in the conterminous US. The WKT here
/// carries no TOWGS84 clause and <see cref="CoordinateReprojector"/> reports NAD83 latitude and longitude
/// as WGS84: well inside the accuracy of a dispatch location.
/// </para>
/// </remarks>
internal static class EpsgDefinitions
{
    private const double UsSurveyFoot = 1200.0 / 3937.0;
    private const double InternationalFoot = 0.3048;

    private const string Grs80 = """SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]]""";
    private const string Wgs84Spheroid = """SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]]""";

    private static readonly string Nad83 = Geographic("NAD83", "North_American_Datum_1983", 6269, Grs80, 4269);
    private static readonly string Nad83Harn = Geographic("NAD83(HARN)", "NAD83_High_Accuracy_Reference_Network", 6152, Grs80, 4152);
    private static readonly string Wgs84 = Geographic("WGS 84", "WGS_1984", 6326, Wgs84Spheroid, 4326);

    private static readonly string UsFeet = Unit("US survey foot", UsSurveyFoot, 9003);
    private static readonly string Feet = Unit("foot", InternationalFoot, 9002);
    private static readonly string Metres = Unit("metre", 1, 9001);

    private static readonly FrozenDictionary<int, string> Wkt = new Dictionary<int, string>
    {
        [4326] = Wgs84,
        [4269] = Nad83,
        // Bay Area (Berkeley, Oakland, San Francisco).
        [2227] = Lcc(2227, "NAD83 / California zone 3 (ftUS)", Nad83, UsFeet,
            latitudeOfOrigin: Dm(36, 30), centralMeridian: -Dm(120, 30), parallel1: Dm(38, 26), parallel2: Dm(37, 4),
            falseEasting: 6_561_666.667, falseNorthing: 1_640_416.667),
        // Los Angeles.
        [2229] = Lcc(2229, "NAD83 / California zone 5 (ftUS)", Nad83, UsFeet,
            latitudeOfOrigin: Dm(33, 30), centralMeridian: -Dm(118, 0), parallel1: Dm(35, 28), parallel2: Dm(34, 2),
            falseEasting: 6_561_666.667, falseNorthing: 1_640_416.667),
        // Seattle.
        [2926] = Lcc(2926, "NAD83(HARN) / Washington North (ftUS)", Nad83Harn, UsFeet,
            latitudeOfOrigin: Dm(47, 0), centralMeridian: -Dm(120, 50), parallel1: Dm(48, 44), parallel2: Dm(47, 30),
            falseEasting: 1_640_416.667, falseNorthing: 0),
        // New Orleans (NOPD calls for service MapX/MapY).
        [3452] = Lcc(3452, "NAD83 / Louisiana South (ftUS)", Nad83, UsFeet,
            latitudeOfOrigin: Dm(28, 30), centralMeridian: -Dm(91, 20), parallel1: Dm(30, 42), parallel2: Dm(29, 18),
            falseEasting: 3_280_833.3333, falseNorthing: 0),
        // Detroit: international feet, see the remarks.
        [2253] = Lcc(2253, "NAD83 / Michigan South (ft)", Nad83, Feet,
            latitudeOfOrigin: Dm(41, 30), centralMeridian: -Dm(84, 22), parallel1: Dm(43, 40), parallel2: Dm(42, 6),
            falseEasting: 13_123_359.58, falseNorthing: 0),
        [2898] = Lcc(2898, "NAD83(HARN) / Michigan South (ft)", Nad83Harn, Feet,
            latitudeOfOrigin: Dm(41, 30), centralMeridian: -Dm(84, 22), parallel1: Dm(43, 40), parallel2: Dm(42, 6),
            falseEasting: 13_123_359.58, falseNorthing: 0),
        // New York City.
        [2263] = Lcc(2263, "NAD83 / New York Long Island (ftUS)", Nad83, UsFeet,
            latitudeOfOrigin: Dm(40, 10), centralMeridian: -Dm(74, 0), parallel1: Dm(41, 2), parallel2: Dm(40, 40),
            falseEasting: 984_250, falseNorthing: 0),
        // Chicago.
        [3435] = TransverseMercator(3435, "NAD83 / Illinois East (ftUS)", Nad83, UsFeet,
            latitudeOfOrigin: Dm(36, 40), centralMeridian: -Dm(88, 20), scaleFactor: 0.999975,
            falseEasting: 984_250, falseNorthing: 0),
        [26910] = TransverseMercator(26910, "NAD83 / UTM zone 10N", Nad83, Metres,
            latitudeOfOrigin: 0, centralMeridian: -123, scaleFactor: 0.9996,
            falseEasting: 500_000, falseNorthing: 0),
        // Spherical Mercator formulas on the WGS84 semi-major axis; ProjNet's name for EPSG method 1024.
        [3857] = Projected(3857, "WGS 84 / Pseudo-Mercator", Wgs84, "Popular_Visualisation_Pseudo-Mercator", Metres,
            ("latitude_of_origin", 0), ("central_meridian", 0), ("false_easting", 0), ("false_northing", 0)),
    }.ToFrozenDictionary();

    /// <summary>The codes in the table, in ascending order.</summary>
    public static ReadOnlyCollection<int> Codes { get; } = Array.AsReadOnly(Wkt.Keys.Order().ToArray());

    /// <summary>Finds the WKT for an EPSG code.</summary>
    public static bool TryGetWkt(int epsg, out string wkt) => Wkt.TryGetValue(epsg, out wkt!);

    private static double Dm(int degrees, int minutes) => degrees + minutes / 60.0;

    private static string Geographic(string name, string datum, int datumCode, string spheroid, int code) => Invariant(
        $"""GEOGCS["{name}",DATUM["{datum}",{spheroid},AUTHORITY["EPSG","{datumCode}"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",{Math.PI / 180:R},AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","{code}"]]""");

    private static string Unit(string name, double metres, int code) => Invariant($"""UNIT["{name}",{metres:R},AUTHORITY["EPSG","{code}"]]""");

    private static string Lcc(
        int code, string name, string geographic, string unit,
        double latitudeOfOrigin, double centralMeridian, double parallel1, double parallel2, double falseEasting, double falseNorthing) =>
        Projected(code, name, geographic, "Lambert_Conformal_Conic_2SP", unit,
            ("latitude_of_origin", latitudeOfOrigin), ("central_meridian", centralMeridian),
            ("standard_parallel_1", parallel1), ("standard_parallel_2", parallel2),
            ("false_easting", falseEasting), ("false_northing", falseNorthing));

    private static string TransverseMercator(
        int code, string name, string geographic, string unit,
        double latitudeOfOrigin, double centralMeridian, double scaleFactor, double falseEasting, double falseNorthing) =>
        Projected(code, name, geographic, "Transverse_Mercator", unit,
            ("latitude_of_origin", latitudeOfOrigin), ("central_meridian", centralMeridian), ("scale_factor", scaleFactor),
            ("false_easting", falseEasting), ("false_northing", falseNorthing));

    private static string Projected(int code, string name, string geographic, string projection, string unit, params (string Name, double Value)[] parameters)
    {
        var values = string.Concat(parameters.Select(p => Invariant($"""PARAMETER["{p.Name}",{p.Value:R}],""")));
        return Invariant($"""PROJCS["{name}",{geographic},PROJECTION["{projection}"],{values}{unit},AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","{code}"]]""");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
