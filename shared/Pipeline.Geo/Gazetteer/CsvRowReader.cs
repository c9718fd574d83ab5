using System.Text;

namespace Pipeline.Geo.Gazetteer;

/// <summary>
/// A small RFC 4180 reader for gazetteer imports: comma-separated, double-quoted fields that may
/// hold commas, doubled quotes and line breaks. Streams one row at a time.
/// </summary>
internal sealed class CsvRowReader(TextReader reader)
{
    // A quoted field longer than this is a broken file (an unclosed quote), not an address.
    private const int MaxFieldLength = 1_000_000;

    private readonly StringBuilder _field = new();
    private int _line = 1;
    private bool _first = true;

    /// <summary>Reads the next row into <paramref name="fields"/>; false at the end of the input.</summary>
    /// <param name="fields">Cleared, then filled with the row's fields.</param>
    /// <param name="startLine">The 1-based line where the row starts.</param>
    /// <param name="error">Why the row is broken (an unclosed quote), or null.</param>
    public bool TryReadRow(List<string> fields, out int startLine, out string? error)
    {
        fields.Clear();
        error = null;
        startLine = _line;
        var c = reader.Read();
        if (c < 0)
        {
            return false;
        }

        if (_first)
        {
            _first = false;
            if (c == '\uFEFF')
            {
                c = reader.Read();
                if (c < 0)
                {
                    return false;
                }
            }
        }

        _field.Clear();
        var quoted = false;
        var inQuotes = false;
        while (true)
        {
            if (c < 0)
            {
                if (inQuotes)
                {
                    error = "a quoted field is not closed before the end of the file";
                }

                fields.Add(_field.ToString());
                return true;
            }

            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        _line++;
                    }

                    if (_field.Length < MaxFieldLength)
                    {
                        _field.Append(ch);
                    }
                    else
                    {
                        error = "a quoted field is too long (an unclosed quote?)";
                    }
                }
            }
            else if (ch == '"' && _field.Length == 0 && !quoted)
            {
                inQuotes = quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
                quoted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                _line++;
                fields.Add(_field.ToString());
                return true;
            }
            else if (_field.Length < MaxFieldLength)
            {
                _field.Append(ch);
            }

            c = reader.Read();
        }
    }
}

/// <summary>Finds the columns of an import file by name, case-insensitive, with aliases.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);

    public CsvHeader(List<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            _columns.TryAdd(names[i].Trim(), i);
        }
    }

    /// <summary>The index of the first of <paramref name="aliases"/> present, or -1.</summary>
    public int Find(params string[] aliases)
    {
        foreach (var alias in aliases)
        {
            if (_columns.TryGetValue(alias, out var index))
            {
                return index;
            }
        }

        return -1;
    }

    public static string? Field(List<string> fields, int index)
    {
        if (index < 0 || index >= fields.Count)
        {
            return null;
        }

        var value = fields[index].Trim();
        return value.Length == 0 ? null : value;
    }
}
