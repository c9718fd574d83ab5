namespace Pipeline.Geo.Centroids;

/// <summary>Where a ZIP centroid's coordinates (and its city and state) came from.</summary>
public enum ZipCentroidSource
{
    /// <summary>Census ZCTA internal point; city and state from the zipcodes package.</summary>
    Zcta,

    /// <summary>
    /// A ZIP the ZCTA set lacks (PO boxes, single-building and other delivery-only ZIPs): coordinates,
    /// city and state all from the zipcodes package, which took them from GeoNames postal codes.
    /// </summary>
    ZipcodesPackage,

    /// <summary>A ZCTA newer than the zipcodes list: city and state copied from the nearest listed ZIP of the same three-digit prefix.</summary>
    ZctaNearestCity,
}

/// <summary>One ZIP code's centroid.</summary>
/// <param name="Zip">Five-digit ZIP code.</param>
/// <param name="Latitude">WGS84 latitude in degrees.</param>
/// <param name="Longitude">WGS84 longitude in degrees.</param>
/// <param name="City">The USPS default place name of the ZIP, as the source spells it.</param>
/// <param name="State">Two-letter state or territory code.</param>
/// <param name="Source">Where the row came from.</param>
public sealed record ZipCentroid(string Zip, double Latitude, double Longitude, string City, string State, ZipCentroidSource Source);

/// <summary>One populated place's centroid (GeoNames).</summary>
/// <param name="Name">Place name as GeoNames spells it.</param>
/// <param name="State">Two-letter state or territory code.</param>
/// <param name="Latitude">WGS84 latitude in degrees.</param>
/// <param name="Longitude">WGS84 longitude in degrees.</param>
/// <param name="Population">GeoNames population, when known.</param>
public sealed record CityCentroid(string Name, string State, double Latitude, double Longitude, int? Population);

/// <summary>The answer to a city lookup.</summary>
/// <param name="Latitude">WGS84 latitude in degrees.</param>
/// <param name="Longitude">WGS84 longitude in degrees.</param>
/// <param name="Name">The place's name as the data spells it.</param>
/// <param name="State">Two-letter state code.</param>
/// <param name="Candidates">How many places in the state share the normalized name (the most populous was chosen).</param>
/// <param name="FromZipCodes">
/// True when the name is not in the city list and the point is the median of the centroids of the ZIPs
/// whose default place name it is (small towns).
/// </param>
public sealed record CityMatch(double Latitude, double Longitude, string Name, string State, int Candidates, bool FromZipCodes);
