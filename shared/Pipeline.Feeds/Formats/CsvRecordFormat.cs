using System.Buffers;
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
    private readonly SearchValues<char> _fieldEnds;
    private readonly string _tooManyColumns;
    private CsvHeader? _lastHeader;

    // One scanner kept for the next message, so that single-row messages do not allocate one each.
    private CsvRowScanner? _spareScanner;

    /// <inheritdoc/>
    public override Encoding TextEncoding => _encoding;

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
        _fieldEnds = SearchValues.Create([options.Delimiter, '\r', '\n']);
        _tooManyColumns = $"row has more than {options.MaxColumns} columns";
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
    /// <remarks>
    /// Records are produced lazily, one row at a time, so that a caller maps each row before the
    /// next is read and a large message is never held as one string and a list of rows. The
    /// message is decoded once, at the start of each enumeration, into a pooled buffer.
    /// </remarks>
    public override IEnumerable<ExtractedRecord> Extract(ReadOnlyMemory<byte> message) =>
        message.Length > _options.MaxMessageBytes
            ? [ExtractedRecord.Unreadable(0, $"message is {message.Length} bytes, over the limit of {_options.MaxMessageBytes} bytes")]
            : ReadRows(message);

    private IEnumerable<ExtractedRecord> ReadRows(ReadOnlyMemory<byte> message)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, _encoding.GetMaxCharCount(message.Length)));
        var scanner = Interlocked.Exchange(ref _spareScanner, null) ?? new CsvRowScanner(_options.Delimiter, _options.Quote, _options.MaxColumns, _fieldEnds, _tooManyColumns);
        try
        {
            var length = Decode(message.Span, buffer);
            if (length < 0)
            {
                yield return ExtractedRecord.Unreadable(0, $"message is not valid {_options.Encoding}");
                yield break;
            }
            CsvHeader? header = null;
            var position = 0;
            var index = 0;
            var any = false;
            while (position < length)
            {
                var start = position;
                position = scanner.Read(buffer.AsSpan(0, length), start, out var rowEnd);
                if (scanner.Problem is { } problem)
                {
                    if (_options.HasHeader && header is null)
                    {
                        // Without a usable header no row can be read: the message is rejected whole.
                        yield return ExtractedRecord.Unreadable(0, "header row: " + problem);
                        yield break;
                    }
                    yield return ExtractedRecord.Unreadable(index, problem, rowEnd - start > 65_536 ? null : RawText(header, buffer, start, rowEnd));
                    any = true;
                    index++;
                    continue;
                }
                if (scanner.IsBlank)
                {
                    continue;
                }
                if (_options.HasHeader && header is null)
                {
                    header = Header(scanner, buffer, start, rowEnd);
                    continue;
                }
                // A record's text starts with the header row, so that a dead letter is a message
                // of its own that can be replayed after a definition fix.
                var raw = RawText(header, buffer, start, rowEnd);
                yield return ExtractedRecord.Of(scanner.ToRecord(index, raw, raw.Length - (rowEnd - start), header));
                any = true;
                index++;
            }
            if (!any)
            {
                yield return ExtractedRecord.Unreadable(0, _options.HasHeader && header is null ? "message is empty: no header and no rows" : "message holds no data rows");
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            scanner.Clear();
            _spareScanner = scanner;
        }
    }

    // The number of characters decoded into buffer, or -1 when the bytes are not valid in the encoding.
    private int Decode(ReadOnlySpan<byte> bytes, char[] buffer)
    {
        try
        {
            return _encoding.GetChars(StripBom(bytes), buffer);
        }
        catch (DecoderFallbackException)
        {
            return -1;
        }
    }

    private ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        _encoding is UTF8Encoding && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] :
        _encoding is UnicodeEncoding && bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? bytes[2..] :
        bytes;

    private static string RawText(CsvHeader? header, char[] buffer, int start, int end) =>
        header is null ? new string(buffer, start, end - start) : string.Concat(header.Text, "\r\n", buffer.AsSpan(start, end - start));

    // Messages of one feed usually repeat the same header: the last one's column map is reused.
    private CsvHeader Header(CsvRowScanner scanner, char[] buffer, int start, int end)
    {
        var text = buffer.AsSpan(start, end - start);
        if (_lastHeader is { } last && text.SequenceEqual(last.Text))
        {
            return last;
        }
        var columns = new Dictionary<string, int>(scanner.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < scanner.Count; i++)
        {
            columns.TryAdd(scanner.Value(buffer, start, i).Trim().ToString(), i);
        }
        var header = new CsvHeader(text.ToString(), columns);
        _lastHeader = header;
        return header;
    }
}

/// <summary>A compiled CSV selector: a column name (with a header) or a 0-based position.</summary>
internal sealed class CsvSelector(string expression, string? name, int position) : FieldSelector(expression)
{
    // The column found for the last header looked up: messages of a feed share their header.
    // Replaced whole, so threads that read different headers at once only miss the cache.
    private HeaderColumn? _last;

    public string? Name { get; } = name;

    public int Position { get; } = position;

    /// <summary>The 0-based column this selector reads in rows under <paramref name="header"/>, or -1.</summary>
    public int ColumnIn(CsvHeader? header)
    {
        if (Name is null)
        {
            return Position;
        }
        if (header is null)
        {
            return -1;
        }
        if (_last is { } last && ReferenceEquals(last.Header, header))
        {
            return last.Column;
        }
        var column = header.Columns.TryGetValue(Name, out var at) ? at : -1;
        _last = new HeaderColumn(header, column);
        return column;
    }

    private sealed record HeaderColumn(CsvHeader Header, int Column);
}
