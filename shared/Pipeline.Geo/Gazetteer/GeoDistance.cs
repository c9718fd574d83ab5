namespace Pipeline.Geo.Gazetteer;

/// <summary>Great-circle distances on a spherical Earth (haversine), in metres.</summary>
public static class GeoDistance
{
    /// <summary>Mean Earth radius in metres (IUGG).</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Distance in metres between two WGS84 points given in degrees.</summary>
    public static double Metres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var dLat = (latitude2 - latitude1) * DegreesToRadians;
        var dLon = (longitude2 - longitude1) * DegreesToRadians;
        var sinLat = Math.Sin(dLat / 2);
        var sinLon = Math.Sin(dLon / 2);
        var h = (sinLat * sinLat) + (Math.Cos(latitude1 * DegreesToRadians) * Math.Cos(latitude2 * DegreesToRadians) * sinLon * sinLon);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    /// <summary>Distance in metres between two (latitude, longitude) points.</summary>
    public static double Metres((double Latitude, double Longitude) from, (double Latitude, double Longitude) to) =>
        Metres(from.Latitude, from.Longitude, to.Latitude, to.Longitude);

    /// <summary>True when both values are finite and within [-90, 90] and [-180, 180].</summary>
    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;
}
