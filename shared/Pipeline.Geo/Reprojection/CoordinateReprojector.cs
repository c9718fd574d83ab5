using System.Collections.Concurrent;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Pipeline.Geo.Reprojection;

/// <summary>
/// Turns a feed's coordinates (a US state-plane, UTM, Web Mercator or geographic CRS) into WGS84
/// latitude and longitude.
/// </summary>
/// <remarks>
/// <para>
/// Datum shifts are ignored when the source CRS declares none: NAD83 and NAD83(HARN) coordinates are
/// reported as WGS84, a difference of about 1-2 m in the conterminous US that a dispatch location
/// tolerates. A WKT whose datum carries a non-zero <c>TOWGS84</c> clause (NAD27, say) is shifted with
/// those parameters.
/// </para>
/// <para>
/// Instances are safe to share between threads. ProjNet 2.0 does not document its transforms as safe
/// for concurrent use, and they carry mutable state (inverse flags, lazily built inverses), so each
/// instance serializes its calls with a lock. A call takes about a microsecond: one shared instance
/// measured about 900,000 points a second on a 2-core machine, from one thread or from eight.
/// </para>
/// </remarks>
public sealed class CoordinateReprojector
{
    private const string WktHint = "the WKT must describe a projected (PROJCS) or geographic (GEOGCS) CRS in degrees on the Greenwich meridian";

    // Floating-point noise at the edge of the world (Web Mercator's corner gives 180.00000000000003), not bad data.
    private const double RoundingSlack = 1e-9;

    private static readonly ConcurrentDictionary<int, CoordinateReprojector> ByEpsg = new();

    private readonly Lock _gate = new();

    // Null for a geographic CRS that needs no transformation: x is the longitude, y the latitude.
    private readonly MathTransform? _toWgs84;
    private readonly MathTransform? _fromWgs84;

    private CoordinateReprojector(int? epsg, string name, MathTransform? toWgs84, MathTransform? fromWgs84)
    {
        Epsg = epsg;
        Name = name;
        _toWgs84 = toWgs84;
        _fromWgs84 = fromWgs84;
    }

    /// <summary>The EPSG codes <see cref="ForEpsg"/> knows, in ascending order.</summary>
    public static IReadOnlyCollection<int> KnownEpsgCodes => EpsgDefinitions.Codes;

    /// <summary>The source CRS's EPSG code, or null when its WKT names no EPSG authority code.</summary>
    public int? Epsg { get; }

    /// <summary>The source CRS's name, as its WKT gives it (for example <c>NAD83 / Louisiana South (ftUS)</c>).</summary>
    public string Name { get; }

    /// <summary>The reprojector for a CRS in the built-in table (see <see cref="KnownEpsgCodes"/>).</summary>
    /// <param name="epsg">The EPSG code of the feed's coordinates.</param>
    /// <exception cref="ArgumentException">The code is not in the built-in table.</exception>
    public static CoordinateReprojector ForEpsg(int epsg)
    {
        if (ByEpsg.TryGetValue(epsg, out var known))
        {
            return known;
        }
        if (!EpsgDefinitions.TryGetWkt(epsg, out var wkt))
        {
            throw new ArgumentException(
                $"EPSG:{epsg} is not in the built-in table (known: {string.Join(", ", KnownEpsgCodes)}); give the CRS's WKT instead",
                nameof(epsg));
        }
        return ByEpsg.GetOrAdd(epsg, FromWkt(wkt));
    }

    /// <summary>The reprojector for a CRS described by OGC WKT 1 (a <c>.prj</c> file's text, EPSG or ESRI flavour).</summary>
    /// <param name="wkt">A PROJCS or GEOGCS definition.</param>
    /// <exception cref="ArgumentException">The WKT cannot be parsed, or describes a CRS this class cannot transform.</exception>
    public static CoordinateReprojector FromWkt(string wkt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wkt);
        CoordinateSystem source;
        try
        {
            source = new CoordinateSystemFactory().CreateFromWkt(wkt);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or NotImplementedException or InvalidOperationException or InvalidCastException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"the WKT could not be parsed: {e.Message}", nameof(wkt), e);
        }

        var geographic = source switch
        {
            ProjectedCoordinateSystem projected => projected.GeographicCoordinateSystem,
            GeographicCoordinateSystem g => g,
            _ => throw new ArgumentException($"the WKT describes a {source.GetType().Name}; {WktHint}", nameof(wkt)),
        };
        // ProjNet 2.0 mishandles these: a GEOGCS in grads on the Paris meridian came back with the
        // latitude unconverted and the meridian offset negated. Refuse them rather than misplace points.
        if (Math.Abs(geographic.AngularUnit.RadiansPerUnit - Math.PI / 180) > 1e-12 || geographic.PrimeMeridian.Longitude != 0)
        {
            throw new ArgumentException($"'{source.Name}' uses another angular unit or prime meridian; {WktHint}", nameof(wkt));
        }

        var epsg = string.Equals(source.Authority, "EPSG", StringComparison.OrdinalIgnoreCase) && source.AuthorityCode is > 0 and <= int.MaxValue
            ? (int)source.AuthorityCode
            : (int?)null;
        var shift = geographic.HorizontalDatum.Wgs84Parameters is { HasZeroValuesOnly: false };
        if (source is GeographicCoordinateSystem && !shift)
        {
            return new CoordinateReprojector(epsg, source.Name, null, null);
        }

        // Without a declared shift, the target is the source's own geographic CRS: projection only, no
        // round trip through geocentric coordinates on a different ellipsoid.
        CoordinateSystem target = shift ? GeographicCoordinateSystem.WGS84 : geographic;
        try
        {
            var factory = new CoordinateTransformationFactory();
            return new CoordinateReprojector(
                epsg,
                source.Name,
                factory.CreateFromCoordinateSystems(source, target).MathTransform,
                factory.CreateFromCoordinateSystems(target, source).MathTransform);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or NotImplementedException or InvalidOperationException or InvalidCastException)
        {
            // ProjNet parses any PROJECTION name and only rejects an unknown one here.
            throw new ArgumentException($"'{source.Name}' cannot be transformed: {e.Message}", nameof(wkt), e);
        }
    }

    /// <summary>Converts a point in the source CRS to WGS84.</summary>
    /// <param name="x">Easting in the CRS's unit, or the longitude for a geographic CRS.</param>
    /// <param name="y">Northing in the CRS's unit, or the latitude for a geographic CRS.</param>
    /// <returns>WGS84 latitude and longitude in degrees.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A coordinate is not a finite number, or the point has no valid WGS84 position (garbage far outside the projection's zone).
    /// </exception>
    public (double Latitude, double Longitude) ToWgs84(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new ArgumentOutOfRangeException(double.IsFinite(x) ? nameof(y) : nameof(x), "coordinates must be finite numbers");
        }
        double longitude, latitude;
        if (_toWgs84 is null)
        {
            (longitude, latitude) = (x, y);
        }
        else
        {
            lock (_gate)
            {
                (longitude, latitude) = _toWgs84.Transform(x, y);
            }
        }
        latitude = WithinLimit(latitude, 90);
        longitude = WithinLimit(longitude, 180);
        if (double.IsNaN(latitude) || double.IsNaN(longitude))
        {
            // The message leaves the coordinates out: they locate a call and may end up in a dead-letter reason.
            throw new ArgumentOutOfRangeException(nameof(x), $"the point has no valid WGS84 position in {Name}");
        }
        return (latitude, longitude);
    }

    /// <summary>Converts a WGS84 position to the source CRS: the inverse of <see cref="ToWgs84"/>.</summary>
    /// <param name="latitude">WGS84 latitude in degrees.</param>
    /// <param name="longitude">WGS84 longitude in degrees.</param>
    /// <returns>Easting and northing in the CRS's unit (longitude and latitude for a geographic CRS).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The latitude or longitude is outside its range.</exception>
    public (double X, double Y) FromWgs84(double latitude, double longitude)
    {
        if (!(latitude is >= -90 and <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), "latitude must be in -90..90");
        }
        if (!(longitude is >= -180 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), "longitude must be in -180..180");
        }
        if (_fromWgs84 is null)
        {
            return (longitude, latitude);
        }
        lock (_gate)
        {
            return _fromWgs84.Transform(longitude, latitude);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Epsg is { } code ? $"EPSG:{code} {Name}" : Name;

    private static double WithinLimit(double degrees, double limit) =>
        Math.Abs(degrees) <= limit ? degrees
        : Math.Abs(degrees) <= limit + RoundingSlack ? Math.CopySign(limit, degrees)
        : double.NaN;
}
