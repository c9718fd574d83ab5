using System.Globalization;

namespace Pipeline.Geo.Gazetteer;

/// <summary>Reads WKT "LINESTRING (lon lat, ...)" (and a one-part MULTILINESTRING) in WGS84 into (latitude, longitude) points.</summary>
public static class WktLineString
{
    /// <summary>
    /// Parses <paramref name="wkt"/>; on failure returns false with the reason. Z and M values are
    /// read and dropped; every point must be a valid WGS84 coordinate.
    /// </summary>
    public static bool TryParse(string? wkt, out IReadOnlyList<(double Latitude, double Longitude)> line, out string? error)
    {
        line = [];
        if (string.IsNullOrWhiteSpace(wkt))
        {
            error = "geometry is missing";
            return false;
        }

        var text = wkt.AsSpan().Trim();
        var open = text.IndexOf('(');
        if (open < 0)
        {
            error = text.EndsWith("EMPTY", StringComparison.OrdinalIgnoreCase) ? "geometry is empty" : "geometry is not WKT";
            return false;
        }

        var tag = text[..open].Trim();
        var space = tag.IndexOf(' ');
        var kind = space < 0 ? tag : tag[..space];
        var body = text[open..];
        if (kind.Equals("MULTILINESTRING", StringComparison.OrdinalIgnoreCase))
        {
            // ((x y, x y)) with exactly one part.
            body = body.Trim();
            if (body.Length < 4 || body[^1] != ')')
            {
                error = "geometry is not closed";
                return false;
            }

            body = body[1..^1].Trim();
            if (body.IndexOf(')') != body.Length - 1)
            {
                error = "a MULTILINESTRING must have exactly one part";
                return false;
            }
        }
        else if (!kind.Equals("LINESTRING", StringComparison.OrdinalIgnoreCase))
        {
            error = "geometry is not a LINESTRING";
            return false;
        }

        body = body.Trim();
        if (body.Length < 2 || body[0] != '(' || body[^1] != ')')
        {
            error = "geometry is not closed";
            return false;
        }

        body = body[1..^1];
        var points = new List<(double, double)>();
        Span<double> values = stackalloc double[4];
        foreach (var range in body.Split(','))
        {
            var pair = body[range].Trim();
            var count = 0;
            foreach (var part in pair.Split(' '))
            {
                var token = pair[part];
                if (token.IsEmpty)
                {
                    continue;
                }

                if (count == values.Length || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out values[count]))
                {
                    error = "a coordinate is not a number";
                    return false;
                }

                count++;
            }

            if (count < 2)
            {
                error = "a point needs a longitude and a latitude";
                return false;
            }

            if (!GeoDistance.IsValid(values[1], values[0]))
            {
                error = "a coordinate is out of range";
                return false;
            }

            points.Add((values[1], values[0]));
        }

        if (points.Count < 2)
        {
            error = "a line needs at least two points";
            return false;
        }

        line = points;
        error = null;
        return true;
    }
}
