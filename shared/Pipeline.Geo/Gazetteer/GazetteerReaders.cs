using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Pipeline.Geo.Addresses;

namespace Pipeline.Geo.Gazetteer;

/// <summary>
/// Reads address-point import files: CSV with a header, columns
/// <c>number,street,unit,city,state,zip,lat,lon</c> (names case-insensitive; aliases
/// house_number/addr_num, street_name/full_street, postcode/zip_code, latitude/y, longitude/x/lng).
/// Bad rows are skipped and reported by line number; reading goes on.
/// </summary>
public static class AddressPointReader
{
    /// <summary>Reads a UTF-8 file.</summary>
    public static GazetteerReadResult<AddressPointRecord> ReadFile(string path) => GazetteerCsv.ReadFile<AddressPointRecord>(path, BindHeader);

    /// <summary>Reads rows from <paramref name="reader"/> until its end.</summary>
    public static GazetteerReadResult<AddressPointRecord> Read(TextReader reader) => GazetteerCsv.Read<AddressPointRecord>(reader, BindHeader);

    private static GazetteerCsv.TryParseRow<AddressPointRecord>? BindHeader(CsvHeader header, out string? missing)
    {
        var number = header.Find("number", "house_number", "addr_num", "housenumber", "house_num");
        var street = header.Find("street", "street_name", "full_street", "streetname");
        var unit = header.Find("unit", "unit_number", "apt");
        var city = header.Find("city", "locality", "municipality");
        var state = header.Find("state", "region", "state_code");
        var zip = header.Find("zip", "postcode", "zip_code", "postal_code", "zipcode");
        var lat = header.Find("lat", "latitude", "y");
        var lon = header.Find("lon", "longitude", "x", "lng", "long");
        missing = GazetteerCsv.Missing(("number", number), ("street", street), ("lat", lat), ("lon", lon));
        return missing is null ? TryParseRow : null;

        bool TryParseRow(List<string> fields, [NotNullWhen(true)] out AddressPointRecord? record, [NotNullWhen(false)] out string? reason)
        {
            record = null;
            var numberText = CsvHeader.Field(fields, number);
            var streetText = CsvHeader.Field(fields, street);
            if (numberText is null)
            {
                reason = "house number is missing";
                return false;
            }

            if (!AddressNormalizer.TryParseHouseNumberText(numberText, out var houseNumber, out var suffix))
            {
                reason = "house number is not a number";
                return false;
            }

            var streetName = AddressNormalizer.NormalizeStreet(streetText);
            if (streetName is null)
            {
                reason = streetText is null ? "street is missing" : "street could not be read";
                return false;
            }

            if (!TryCoordinates(fields, lat, lon, out var latitude, out var longitude, out var coordinatesReason))
            {
                reason = coordinatesReason!;
                return false;
            }

            reason = null;
            record = new AddressPointRecord(
                houseNumber,
                suffix,
                streetName,
                CsvHeader.Field(fields, unit)?.ToUpperInvariant(),
                AddressNormalizer.NormalizeCity(CsvHeader.Field(fields, city)),
                AddressNormalizer.NormalizeState(CsvHeader.Field(fields, state)),
                AddressNormalizer.NormalizePostalCode(CsvHeader.Field(fields, zip)),
                latitude,
                longitude);
            return true;
        }
    }

    private static bool TryCoordinates(List<string> fields, int lat, int lon, out double latitude, out double longitude, out string? reason)
    {
        latitude = longitude = 0;
        reason = null;
        if (!double.TryParse(CsvHeader.Field(fields, lat), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude))
        {
            reason = "latitude is missing or not a number";
            return false;
        }

        if (!double.TryParse(CsvHeader.Field(fields, lon), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude))
        {
            reason = "longitude is missing or not a number";
            return false;
        }

        if (!GeoDistance.IsValid(latitude, longitude))
        {
            reason = "coordinates are out of range";
            return false;
        }

        return true;
    }
}

/// <summary>
/// Reads street-segment import files: CSV with a header, columns
/// <c>street,left_from,left_to,right_from,right_to,city,state,zip,geometry</c>, geometry as WKT
/// LINESTRING (or one-part MULTILINESTRING) in WGS84 longitude-latitude order. The street is free
/// text run through <see cref="AddressNormalizer"/>. Bad rows are skipped and reported by line number.
/// </summary>
public static class StreetSegmentReader
{
    /// <summary>Reads a UTF-8 file.</summary>
    public static GazetteerReadResult<StreetSegmentRecord> ReadFile(string path) => GazetteerCsv.ReadFile<StreetSegmentRecord>(path, BindHeader);

    /// <summary>Reads rows from <paramref name="reader"/> until its end.</summary>
    public static GazetteerReadResult<StreetSegmentRecord> Read(TextReader reader) => GazetteerCsv.Read<StreetSegmentRecord>(reader, BindHeader);

    private static GazetteerCsv.TryParseRow<StreetSegmentRecord>? BindHeader(CsvHeader header, out string? missing)
    {
        var street = header.Find("street", "street_name", "full_street", "fullname");
        var leftFrom = header.Find("left_from", "lfromadd", "l_from");
        var leftTo = header.Find("left_to", "ltoadd", "l_to");
        var rightFrom = header.Find("right_from", "rfromadd", "r_from");
        var rightTo = header.Find("right_to", "rtoadd", "r_to");
        var city = header.Find("city", "locality", "municipality");
        var state = header.Find("state", "region", "state_code");
        var zip = header.Find("zip", "postcode", "zip_code", "postal_code", "zipcode");
        var geometry = header.Find("geometry", "wkt", "geom", "the_geom");
        missing = GazetteerCsv.Missing(("street", street), ("geometry", geometry));
        return missing is null ? TryParseRow : null;

        bool TryParseRow(List<string> fields, [NotNullWhen(true)] out StreetSegmentRecord? record, [NotNullWhen(false)] out string? reason)
        {
            record = null;
            var streetText = CsvHeader.Field(fields, street);
            var streetName = AddressNormalizer.NormalizeStreet(streetText);
            if (streetName is null)
            {
                reason = streetText is null ? "street is missing" : "street could not be read";
                return false;
            }

            if (!TryRange(fields, leftFrom, out var lf) || !TryRange(fields, leftTo, out var lt) ||
                !TryRange(fields, rightFrom, out var rf) || !TryRange(fields, rightTo, out var rt))
            {
                reason = "an address range is not a whole number";
                return false;
            }

            if (!WktLineString.TryParse(CsvHeader.Field(fields, geometry), out var points, out var geometryReason))
            {
                reason = geometryReason!;
                return false;
            }

            reason = null;
            record = new StreetSegmentRecord(
                streetName,
                lf,
                lt,
                rf,
                rt,
                AddressNormalizer.NormalizeCity(CsvHeader.Field(fields, city)),
                AddressNormalizer.NormalizeState(CsvHeader.Field(fields, state)),
                AddressNormalizer.NormalizePostalCode(CsvHeader.Field(fields, zip)),
                points);
            return true;
        }
    }

    private static bool TryRange(List<string> fields, int index, out int? value)
    {
        value = null;
        var text = CsvHeader.Field(fields, index);
        if (text is null)
        {
            return true;
        }

        // TIGER writes "1500" but some exports write "1500.0".
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number <= int.MaxValue && number == Math.Floor(number))
        {
            value = (int)number;
            return true;
        }

        return false;
    }
}
