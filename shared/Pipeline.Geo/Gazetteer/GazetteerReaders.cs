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
    public static GazetteerReadResult<AddressPointRecord> ReadFile(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader);
    }

    /// <summary>Reads rows from <paramref name="reader"/> until its end.</summary>
    public static GazetteerReadResult<AddressPointRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<AddressPointRecord>();
        var errors = new List<GazetteerRowError>();
        var csv = new CsvRowReader(reader);
        var fields = new List<string>();
        if (!csv.TryReadRow(fields, out _, out _))
        {
            errors.Add(new GazetteerRowError(1, "the file is empty"));
            return new(records, errors);
        }

        var header = new CsvHeader(fields);
        var number = header.Find("number", "house_number", "addr_num", "housenumber", "house_num");
        var street = header.Find("street", "street_name", "full_street", "streetname");
        var unit = header.Find("unit", "unit_number", "apt");
        var city = header.Find("city", "locality", "municipality");
        var state = header.Find("state", "region", "state_code");
        var zip = header.Find("zip", "postcode", "zip_code", "postal_code", "zipcode");
        var lat = header.Find("lat", "latitude", "y");
        var lon = header.Find("lon", "longitude", "x", "lng", "long");
        var missing = Missing(("number", number), ("street", street), ("lat", lat), ("lon", lon));
        if (missing is not null)
        {
            errors.Add(new GazetteerRowError(1, "the header has no " + missing + " column"));
            return new(records, errors);
        }

        while (csv.TryReadRow(fields, out var line, out var broken))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // blank line
            }

            if (broken is not null)
            {
                errors.Add(new GazetteerRowError(line, broken));
                continue;
            }

            var numberText = CsvHeader.Field(fields, number);
            var streetText = CsvHeader.Field(fields, street);
            if (numberText is null)
            {
                errors.Add(new GazetteerRowError(line, "house number is missing"));
                continue;
            }

            if (!AddressNormalizer.TryParseHouseNumberText(numberText, out var houseNumber, out var suffix))
            {
                errors.Add(new GazetteerRowError(line, "house number is not a number"));
                continue;
            }

            var streetName = AddressNormalizer.NormalizeStreet(streetText);
            if (streetName is null)
            {
                errors.Add(new GazetteerRowError(line, streetText is null ? "street is missing" : "street could not be read"));
                continue;
            }

            if (!TryCoordinates(fields, lat, lon, out var latitude, out var longitude, out var reason))
            {
                errors.Add(new GazetteerRowError(line, reason!));
                continue;
            }

            records.Add(new AddressPointRecord(
                houseNumber,
                suffix,
                streetName,
                CsvHeader.Field(fields, unit)?.ToUpperInvariant(),
                AddressNormalizer.NormalizeCity(CsvHeader.Field(fields, city)),
                AddressNormalizer.NormalizeState(CsvHeader.Field(fields, state)),
                AddressNormalizer.NormalizePostalCode(CsvHeader.Field(fields, zip)),
                latitude,
                longitude));
        }

        return new(records, errors);
    }

    internal static string? Missing(params (string Name, int Index)[] columns)
    {
        foreach (var (name, index) in columns)
        {
            if (index < 0)
            {
                return name;
            }
        }

        return null;
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
    public static GazetteerReadResult<StreetSegmentRecord> ReadFile(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader);
    }

    /// <summary>Reads rows from <paramref name="reader"/> until its end.</summary>
    public static GazetteerReadResult<StreetSegmentRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<StreetSegmentRecord>();
        var errors = new List<GazetteerRowError>();
        var csv = new CsvRowReader(reader);
        var fields = new List<string>();
        if (!csv.TryReadRow(fields, out _, out _))
        {
            errors.Add(new GazetteerRowError(1, "the file is empty"));
            return new(records, errors);
        }

        var header = new CsvHeader(fields);
        var street = header.Find("street", "street_name", "full_street", "fullname");
        var leftFrom = header.Find("left_from", "lfromadd", "l_from");
        var leftTo = header.Find("left_to", "ltoadd", "l_to");
        var rightFrom = header.Find("right_from", "rfromadd", "r_from");
        var rightTo = header.Find("right_to", "rtoadd", "r_to");
        var city = header.Find("city", "locality", "municipality");
        var state = header.Find("state", "region", "state_code");
        var zip = header.Find("zip", "postcode", "zip_code", "postal_code", "zipcode");
        var geometry = header.Find("geometry", "wkt", "geom", "the_geom");
        var missing = AddressPointReader.Missing(("street", street), ("geometry", geometry));
        if (missing is not null)
        {
            errors.Add(new GazetteerRowError(1, "the header has no " + missing + " column"));
            return new(records, errors);
        }

        while (csv.TryReadRow(fields, out var line, out var broken))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (broken is not null)
            {
                errors.Add(new GazetteerRowError(line, broken));
                continue;
            }

            var streetText = CsvHeader.Field(fields, street);
            var streetName = AddressNormalizer.NormalizeStreet(streetText);
            if (streetName is null)
            {
                errors.Add(new GazetteerRowError(line, streetText is null ? "street is missing" : "street could not be read"));
                continue;
            }

            if (!TryRange(fields, leftFrom, out var lf) || !TryRange(fields, leftTo, out var lt) ||
                !TryRange(fields, rightFrom, out var rf) || !TryRange(fields, rightTo, out var rt))
            {
                errors.Add(new GazetteerRowError(line, "an address range is not a whole number"));
                continue;
            }

            if (!WktLineString.TryParse(CsvHeader.Field(fields, geometry), out var points, out var reason))
            {
                errors.Add(new GazetteerRowError(line, reason!));
                continue;
            }

            records.Add(new StreetSegmentRecord(
                streetName,
                lf,
                lt,
                rf,
                rt,
                AddressNormalizer.NormalizeCity(CsvHeader.Field(fields, city)),
                AddressNormalizer.NormalizeState(CsvHeader.Field(fields, state)),
                AddressNormalizer.NormalizePostalCode(CsvHeader.Field(fields, zip)),
                points));
        }

        return new(records, errors);
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
