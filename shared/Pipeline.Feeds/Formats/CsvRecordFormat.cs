using System.Globalization;
using System.Text;

namespace Pipeline.Feeds.Formats;

/// <summary>Options of the CSV format.</summary>
/// <param name="Delimiter">Field separator.</param>
/// <param name="Quote">Quote character; a doubled quote inside a quoted field is a literal quote.</param>
/// <param name="HasHeader">True when each message starts with a header row naming the columns.</param>
/// <param name="Encoding">"utf-8" (default, a BOM is skipped), "utf-16" or "latin1".</param>
/// <param name="MaxMessageBytes">Larger messages are rejected unread.</param>
/// <param name="MaxColumns">Rows with more columns are rejected.</param>
public sealed record CsvFormatOptions(
    char Delimiter = ',',
    char Quote = '"',
    bool HasHeader = true,
    string Encoding = "utf-8",
    int MaxMessageBytes = 1_048_576,
    int MaxColumns = 512);

/// <summary>
/// CSV messages: an optional header row, then one record per row. Quoted fields may hold the
/// delimiter, doubled quotes and line breaks (RFC 4180). Selectors are column names (with a
/// header) or 1-based positions written <c>#1</c>, <c>#2</c>...
/// </summary>
public sealed class CsvRecordFormat : RecordFormat
{
    private readonly CsvFormatOptions _options;
    private readonly Encoding _encoding;

    /// <summary>Creates the format; throws <see cref="FormatException"/> for unusable options.</summary>
    public CsvRecordFormat(CsvFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Delimiter == options.Quote || options.Delimiter is '\r' or '\n' || options.Quote is '\r' or '\n')
        {
            throw new FormatException("the CSV delimiter and quote must differ and must not be line breaks");
        }
        _options = options;
        _encoding = options.Encoding.ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
            "UTF-16" or "UTF16" => new UnicodeEncoding(false, true, throwOnInvalidBytes: true),
            "LATIN1" or "ISO-8859-1" => Encoding.Latin1,
            _ => throw new FormatException($"CSV encoding '{options.Encoding}' is not supported (utf-8, utf-16, latin1)"),
        };
    }

    /// <inheritdoc />
    public override int MaxMessageBytes => _options.MaxMessageBytes;

    /// <inheritdoc />
    public override bool RecordsStandAlone => true;

    /// <inheritdoc />
    public override RecordFormat WithMaxMessageBytes(int maxMessageBytes) => new CsvRecordFormat(_options with { MaxMessageBytes = maxMessageBytes });

    /// <inheritdoc />
    public override FieldSelector Compile(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        if (expression.StartsWith('#'))
        {
            return int.TryParse(expression.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position >= 1
                ? new CsvSelector(expression, null, position - 1)
                : throw new FormatException($"CSV column '{expression}' must be #1, #2, ... (1-based position)");
        }
        return _options.HasHeader
            ? new CsvSelector(expression, expression.Trim(), -1)
            : throw new FormatException($"CSV column '{expression}' is a name, but this feed's CSV has no header: use #1, #2, ...");
    }

    /// <inheritdoc />
    public override IEnumerable<ExtractedRecord> Extract(ReadOnlyMemory<byte> message)
    {
        if (message.Length > _options.MaxMessageBytes)
        {
            return [ExtractedRecord.Unreadable(0, $"message is {message.Length} bytes, over the limit of {_options.MaxMessageBytes} bytes")];
        }
        string text;
        try
        {
            text = _encoding.GetString(StripBom(message.Span));
        }
        catch (DecoderFallbackException)
        {
            return [ExtractedRecord.Unreadable(0, $"message is not valid {_options.Encoding}")];
        }
        return Parse(text);
    }

    private ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        _encoding is UTF8Encoding && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] :
        _encoding is UnicodeEncoding && bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? bytes[2..] :
        bytes;

    private List<ExtractedRecord> Parse(string text)
    {
        var records = new List<ExtractedRecord>();
        Dictionary<string, int>? header = null;
        string? headerText = null;
        var position = 0;
        var index = 0;
        while (position < text.Length)
        {
            var start = position;
            var row = ReadRow(text, ref position, out var problem);
            var rowText = text[start..position].TrimEnd('\r', '\n');
            // A record's text starts with the header row, so that a dead letter is a message
            // of its own that can be replayed after a definition fix.
            var raw = headerText is null ? rowText : headerText + "\r\n" + rowText;
            if (problem is not null && _options.HasHeader && header is null)
            {
                // Without a usable header no row can be read: the message is rejected whole.
                return [ExtractedRecord.Unreadable(0, "header row: " + problem)];
            }
            if (problem is not null)
            {
                records.Add(ExtractedRecord.Unreadable(index, problem, rowText.Length > 65_536 ? null : raw));
                if (position >= text.Length)
                {
                    break;
                }
                index++;
                continue;
            }
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue; // blank line
            }
            if (_options.HasHeader && header is null)
            {
                header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                headerText = rowText;
                for (var i = 0; i < row.Count; i++)
                {
                    header.TryAdd(row[i].Trim(), i);
                }
                continue;
            }
            records.Add(ExtractedRecord.Of(new CsvSourceRecord(index, raw, row, header)));
            index++;
        }
        if (records.Count == 0)
        {
            records.Add(ExtractedRecord.Unreadable(0, _options.HasHeader && header is null ? "message is empty: no header and no rows" : "message holds no data rows"));
        }
        return records;
    }

    // Reads one row starting at position; on return position is past its line break.
    private List<string> ReadRow(string text, ref int position, out string? problem)
    {
        problem = null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        while (position < text.Length)
        {
            var c = text[position];
            if (quoted)
            {
                if (c == _options.Quote)
                {
                    if (position + 1 < text.Length && text[position + 1] == _options.Quote)
                    {
                        field.Append(c);
                        position += 2;
                        continue;
                    }
                    quoted = false;
                    position++;
                    continue;
                }
                field.Append(c);
                position++;
                continue;
            }
            if (c == _options.Quote && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
                position++;
                continue;
            }
            if (c == _options.Delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                position++;
                if (fields.Count >= _options.MaxColumns)
                {
                    problem = $"row has more than {_options.MaxColumns} columns";
                    SkipToLineEnd(text, ref position);
                    return fields;
                }
                continue;
            }
            if (c is '\n' or '\r')
            {
                position += c == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
                fields.Add(field.ToString());
                return fields;
            }
            field.Append(c);
            atFieldStart = false;
            position++;
        }
        if (quoted)
        {
            problem = "unterminated quoted field: the quote opened in this row never closes";
            return fields;
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static void SkipToLineEnd(string text, ref int position)
    {
        var end = text.IndexOfAny(['\r', '\n'], position);
        position = end < 0 ? text.Length : end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
    }

    private sealed class CsvSelector(string expression, string? name, int position) : FieldSelector(expression)
    {
        public string? Name { get; } = name;

        public int Position { get; } = position;
    }

    private sealed class CsvSourceRecord(int index, string raw, List<string> cells, Dictionary<string, int>? header) : ISourceRecord
    {
        public int Index { get; } = index;

        public string RawText { get; } = raw;

        public IReadOnlyCollection<string> FieldNames => header is null
            ? [.. Enumerable.Range(1, cells.Count).Select(i => "#" + i.ToString(CultureInfo.InvariantCulture))]
            : header.Keys;

        public IReadOnlyList<string> Values(FieldSelector selector)
        {
            var csv = (CsvSelector)selector;
            var at = csv.Name is null ? csv.Position : header is not null && header.TryGetValue(csv.Name, out var i) ? i : -1;
            return at >= 0 && at < cells.Count && cells[at].Length > 0 ? [cells[at]] : [];
        }
    }
}
