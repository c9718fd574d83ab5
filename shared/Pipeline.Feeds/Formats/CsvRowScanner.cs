using System.Buffers;
using System.Text;

namespace Pipeline.Feeds.Formats;

/// <summary>
/// Finds the rows and fields of decoded CSV text without copying it: each field is kept as an
/// offset and a length into the row. Only a quoted field whose value differs from its text
/// between the quotes (a doubled quote, or text after the closing quote) becomes a string here.
/// One scanner reads one message, row after row, and reuses its buffers; it is not thread-safe.
/// </summary>
internal sealed class CsvRowScanner
{
    private const string Unterminated = "unterminated quoted field: the quote opened in this row never closes";

    private readonly char _quote;
    private readonly char _delimiter;
    private readonly int _maxColumns;
    private readonly string _tooManyColumns;
    private readonly SearchValues<char> _fieldEnds;
    private readonly List<string> _unquoted = [];

    // Two ints per field: the offset from the row's start and the length, or, when the length
    // is -1, the index of the field's value in _unquoted.
    private int[] _bounds = new int[64];

    public CsvRowScanner(char delimiter, char quote, int maxColumns, SearchValues<char> fieldEnds, string tooManyColumns)
    {
        _delimiter = delimiter;
        _quote = quote;
        _maxColumns = maxColumns;
        _fieldEnds = fieldEnds;
        _tooManyColumns = tooManyColumns;
    }

    /// <summary>Fields of the last row read.</summary>
    public int Count { get; private set; }

    /// <summary>Why the last row could not be read; null when it could.</summary>
    public string? Problem { get; private set; }

    /// <summary>True when the last row is a blank line (one empty field).</summary>
    public bool IsBlank => Count == 1 && (_bounds[1] == 0 || (_bounds[1] < 0 && _unquoted[_bounds[0]].Length == 0));

    /// <summary>
    /// Reads the row that starts at <paramref name="start"/>. Returns the position after the
    /// row's line break; <paramref name="rowEnd"/> is where the row's own text ends, before any
    /// line break.
    /// </summary>
    public int Read(ReadOnlySpan<char> text, int start, out int rowEnd)
    {
        Clear();
        var position = start;
        while (true)
        {
            if (position < text.Length && text[position] == _quote)
            {
                position++;
                var contentStart = position;
                var doubled = false;
                while (true)
                {
                    var next = text[position..].IndexOf(_quote);
                    if (next < 0)
                    {
                        Problem = Unterminated;
                        return Finish(text, start, text.Length, out rowEnd);
                    }
                    position += next;
                    if (position + 1 < text.Length && text[position + 1] == _quote)
                    {
                        doubled = true;
                        position += 2;
                        continue;
                    }
                    break;
                }
                var contentEnd = position++;
                // Text after the closing quote belongs to the field as it stands.
                var tailEnd = FieldEnd(text, position);
                if (!doubled && tailEnd == position)
                {
                    Add(contentStart - start, contentEnd - contentStart);
                }
                else
                {
                    AddUnquoted(Unquote(text[contentStart..contentEnd], text[position..tailEnd]));
                }
                position = tailEnd;
            }
            else
            {
                var end = FieldEnd(text, position);
                Add(position - start, end - position);
                position = end;
            }

            if (position == text.Length)
            {
                return Finish(text, start, position, out rowEnd);
            }
            if (text[position] != _delimiter)
            {
                return Finish(text, start, AfterLineBreak(text, position), out rowEnd);
            }
            position++;
            if (Count >= _maxColumns)
            {
                // Stop at once: a row of a million delimiters must not cost a million fields.
                Problem = _tooManyColumns;
                var lineBreak = text[position..].IndexOfAny('\r', '\n');
                return Finish(text, start, lineBreak < 0 ? text.Length : AfterLineBreak(text, position + lineBreak), out rowEnd);
            }
        }
    }

    /// <summary>Forgets the last row, so that a kept scanner holds no message text.</summary>
    public void Clear()
    {
        Count = 0;
        Problem = null;
        _unquoted.Clear();
    }

    /// <summary>The value of field <paramref name="field"/> of the last row, which started at <paramref name="start"/> in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> Value(ReadOnlySpan<char> text, int start, int field)
    {
        var length = _bounds[(2 * field) + 1];
        return length >= 0 ? text.Slice(start + _bounds[2 * field], length) : _unquoted[_bounds[2 * field]];
    }

    /// <summary>
    /// The last row as a record whose text is <paramref name="raw"/>: the row's text, which
    /// starts at <paramref name="rowOffset"/> in it (after the header row, when there is one).
    /// </summary>
    public CsvSourceRecord ToRecord(int index, string raw, int rowOffset, CsvHeader? header)
    {
        var cells = new int[2 * Count];
        for (var i = 0; i < cells.Length; i += 2)
        {
            var length = _bounds[i + 1];
            cells[i] = length >= 0 ? _bounds[i] + rowOffset : _bounds[i];
            cells[i + 1] = length;
        }
        return new CsvSourceRecord(index, raw, cells, _unquoted.Count == 0 ? null : [.. _unquoted], header);
    }

    private int FieldEnd(ReadOnlySpan<char> text, int position)
    {
        var end = text[position..].IndexOfAny(_fieldEnds);
        return end < 0 ? text.Length : position + end;
    }

    private static int AfterLineBreak(ReadOnlySpan<char> text, int position) =>
        position + (text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1);

    // The row's text runs from start to next, less the line breaks at its end.
    private static int Finish(ReadOnlySpan<char> text, int start, int next, out int rowEnd)
    {
        rowEnd = next;
        while (rowEnd > start && text[rowEnd - 1] is '\r' or '\n')
        {
            rowEnd--;
        }
        return next;
    }

    private void Add(int offset, int length)
    {
        var at = 2 * Count;
        if (at + 2 > _bounds.Length)
        {
            Array.Resize(ref _bounds, _bounds.Length * 2);
        }
        _bounds[at] = offset;
        _bounds[at + 1] = length;
        Count++;
    }

    private void AddUnquoted(string value)
    {
        Add(_unquoted.Count, -1);
        _unquoted.Add(value);
    }

    // Every quote between the opening and the closing quote is one of a doubled pair.
    private string Unquote(ReadOnlySpan<char> content, ReadOnlySpan<char> tail)
    {
        var value = new StringBuilder(content.Length + tail.Length);
        for (var i = 0; i < content.Length; i++)
        {
            value.Append(content[i]);
            if (content[i] == _quote)
            {
                i++;
            }
        }
        return value.Append(tail).ToString();
    }
}
