using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Geo.Centroids;

/// <summary>Reads the gzip-compressed CSV files of infra/geo/us (RFC 4180 quoting, one record a line).</summary>
internal static class CentroidCsv
{
    public static List<ZipCentroid> ReadZips(string path)
    {
        var rows = new List<ZipCentroid>(45_000);
        foreach (var (line, f) in Read(path, "zip,latitude,longitude,city,state,source", 6))
        {
            var source = f[5] switch
            {
                "zcta" => ZipCentroidSource.Zcta,
                "zipcodes" => ZipCentroidSource.ZipcodesPackage,
                "zcta-nearest" => ZipCentroidSource.ZctaNearestCity,
                _ => throw Bad(path, line, "unknown source '" + f[5] + "'"),
            };
            if (f[0].Length != 5 || !f[0].All(char.IsAsciiDigit))
            {
                throw Bad(path, line, "ZIP is not five digits");
            }

            rows.Add(new ZipCentroid(f[0], Latitude(path, line, f[1]), Longitude(path, line, f[2]), f[3], f[4], source));
        }

        return rows;
    }

    public static List<CityCentroid> ReadCities(string path)
    {
        var rows = new List<CityCentroid>(20_000);
        foreach (var (line, f) in Read(path, "name,state,latitude,longitude,population", 5))
        {
            int? population = null;
            if (f[4].Length > 0)
            {
                population = int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                    ? p
                    : throw Bad(path, line, "population is not a whole number");
            }

            rows.Add(new CityCentroid(f[0], f[1], Latitude(path, line, f[2]), Longitude(path, line, f[3]), population));
        }

        return rows;
    }

    private static IEnumerable<(int Line, string[] Fields)> Read(string path, string header, int fieldCount)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var first = reader.ReadLine();
        if (first != header)
        {
            throw Bad(path, 1, "expected the header '" + header + "'");
        }

        var fields = new List<string>(fieldCount);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            Split(line, fields);
            if (fields.Count != fieldCount)
            {
                throw Bad(path, lineNumber, $"expected {fieldCount} fields, found {fields.Count}");
            }

            yield return (lineNumber, fields.ToArray());
        }
    }

    private static void Split(string line, List<string> fields)
    {
        fields.Clear();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            text.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(line[i++]);
                }

                fields.Add(text.ToString());
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var end = comma < 0 ? line.Length : comma;
                fields.Add(line[i..end]);
                i = end;
            }

            if (i >= line.Length)
            {
                return;
            }

            // i is at a comma (anything after a closing quote up to the comma is ignored).
            var next = line.IndexOf(',', i);
            if (next < 0)
            {
                return;
            }

            i = next + 1;
            if (i == line.Length)
            {
                fields.Add(string.Empty);
                return;
            }
        }
    }

    private static double Latitude(string path, int line, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= -90 and <= 90
            ? v
            : throw Bad(path, line, "latitude is not a number from -90 to 90");

    private static double Longitude(string path, int line, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= -180 and <= 180
            ? v
            : throw Bad(path, line, "longitude is not a number from -180 to 180");

    private static InvalidDataException Bad(string path, int line, string problem) =>
        new($"{Path.GetFileName(path)} line {line}: {problem}.");
}
