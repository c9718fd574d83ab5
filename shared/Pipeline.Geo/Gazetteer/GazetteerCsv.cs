using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pipeline.Geo.Gazetteer;

/// <summary>
/// The reading loop every gazetteer import file shares, written once: open as UTF-8, read the header,
/// refuse a file without the required columns, skip blank lines, report broken rows by line number,
/// and hand every other row to the reader's own parser.
/// </summary>
internal static class GazetteerCsv
{
    /// <summary>Turns one row's fields into a record, or says why it cannot.</summary>
    public delegate bool TryParseRow<T>(List<string> fields, [NotNullWhen(true)] out T? record, [NotNullWhen(false)] out string? reason);

    /// <summary>
    /// Finds a reader's columns in the header: the row parser to use, or (when a required column is
    /// absent) null and that column's name in <paramref name="missing"/>.
    /// </summary>
    public delegate TryParseRow<T>? BindHeader<T>(CsvHeader header, out string? missing);

    public static GazetteerReadResult<T> ReadFile<T>(string path, BindHeader<T> bindHeader)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, bindHeader);
    }

    public static GazetteerReadResult<T> Read<T>(TextReader reader, BindHeader<T> bindHeader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<T>();
        var errors = new List<GazetteerRowError>();
        var csv = new CsvRowReader(reader);
        var fields = new List<string>();
        if (!csv.TryReadRow(fields, out _, out _))
        {
            errors.Add(new GazetteerRowError(1, "the file is empty"));
            return new(records, errors);
        }

        var parseRow = bindHeader(new CsvHeader(fields), out var missing);
        if (parseRow is null)
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

            if (parseRow(fields, out var record, out var reason))
            {
                records.Add(record);
            }
            else
            {
                errors.Add(new GazetteerRowError(line, reason));
            }
        }

        return new(records, errors);
    }

    /// <summary>The name of the first column not found (index below zero), or null when all are present.</summary>
    public static string? Missing(params (string Name, int Index)[] columns)
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
}
