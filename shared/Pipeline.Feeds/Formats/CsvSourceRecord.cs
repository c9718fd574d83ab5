using System.Globalization;

namespace Pipeline.Feeds.Formats;

/// <summary>
/// A header row: its text and its column map (trimmed names, ignoring case; the first of two
/// equal names wins). Immutable, so the messages of one feed that repeat the same header share it.
/// </summary>
internal sealed class CsvHeader(string text, Dictionary<string, int> columns)
{
    public string Text { get; } = text;

    public Dictionary<string, int> Columns { get; } = columns;
}

/// <summary>
/// One CSV row. It holds its raw text (the header row, a line break, then the row) and where
/// each field lies in it; a field becomes a string only when a selector reads it.
/// </summary>
internal sealed class CsvSourceRecord(int index, string raw, int[] cells, string[]? unquoted, CsvHeader? header) : ISourceRecord
{
    public int Index { get; } = index;

    public string RawText { get; } = raw;

    public IReadOnlyCollection<string> FieldNames => header is null
        ? [.. Enumerable.Range(1, cells.Length / 2).Select(i => "#" + i.ToString(CultureInfo.InvariantCulture))]
        : header.Columns.Keys;

    public IReadOnlyList<string> Values(FieldSelector selector)
    {
        var at = ((CsvSelector)selector).ColumnIn(header);
        if (at < 0 || at >= cells.Length / 2)
        {
            return [];
        }
        var start = cells[2 * at];
        var length = cells[(2 * at) + 1];
        if (length > 0)
        {
            return [RawText.Substring(start, length)];
        }
        return length < 0 && unquoted![start] is { Length: > 0 } value ? [value] : [];
    }
}
