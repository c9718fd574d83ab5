namespace Pipeline.Feeds.Formats;

/// <summary>
/// A compiled field selector of one record format: a CSV column (by name or <c>#index</c>), a
/// JSON path, or an XPath. Compiled once when a feed definition loads, so that a bad expression
/// is a definition error, not a per-record failure.
/// </summary>
public abstract class FieldSelector(string expression)
{
    /// <summary>The expression as the definition wrote it.</summary>
    public string Expression { get; } = expression;

    /// <inheritdoc />
    public override string ToString() => Expression;
}

/// <summary>One record taken out of a raw message, with typed access to its source fields.</summary>
public interface ISourceRecord
{
    /// <summary>Position of the record within its message, from 0.</summary>
    int Index { get; }

    /// <summary>The record's own text, kept on dead letters: a JSON element, an XML element, or a CSV row preceded by its header row so that it reads as a message of its own.</summary>
    string RawText { get; }

    /// <summary>
    /// The values the selector finds, as text: empty when the field is absent or null; more than
    /// one for repeated fields (JSON arrays of scalars, XML elements that repeat).
    /// </summary>
    IReadOnlyList<string> Values(FieldSelector selector);

    /// <summary>Names of the source fields present in the record (CSV columns, JSON top-level properties, XML child elements), for schema-drift counting.</summary>
    IReadOnlyCollection<string> FieldNames { get; }
}

/// <summary>What extraction yields for each record: the record, or why it could not be read.</summary>
/// <param name="Record">The record, when it could be read.</param>
/// <param name="Index">Position within the message (or 0 when the whole message is unreadable).</param>
/// <param name="RawText">The record's text, or as much of the message as is safe to keep, for the dead letter.</param>
/// <param name="Problem">Why it could not be read; null when <paramref name="Record"/> is set.</param>
public sealed record ExtractedRecord(ISourceRecord? Record, int Index, string? RawText, string? Problem)
{
    /// <summary>A readable record.</summary>
    public static ExtractedRecord Of(ISourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record, record.Index, record.RawText, null);
    }

    /// <summary>An unreadable record (or message, at index 0).</summary>
    public static ExtractedRecord Unreadable(int index, string problem, string? rawText = null) => new(null, index, rawText, problem);
}

/// <summary>
/// A raw message format (CSV, JSON, XML): splits a message into records and compiles field
/// selectors. Implementations never throw for bad input: every problem becomes an
/// <see cref="ExtractedRecord.Unreadable"/> whose reason names the problem, never quotes content.
/// </summary>
public abstract class RecordFormat
{
    /// <summary>Compiles a selector; throws <see cref="FormatException"/> with a readable reason when the expression is invalid.</summary>
    public abstract FieldSelector Compile(string expression);

    /// <summary>Splits a raw message into records.</summary>
    public abstract IEnumerable<ExtractedRecord> Extract(ReadOnlyMemory<byte> message);

    /// <summary>The largest message this format reads.</summary>
    public abstract int MaxMessageBytes { get; }

    /// <summary>
    /// True when a record's <see cref="ISourceRecord.RawText"/> is a complete message of this
    /// format by itself (a CSV row with its header, a JSON object without a record path), so a
    /// large file can be published record by record.
    /// </summary>
    public abstract bool RecordsStandAlone { get; }

    /// <summary>The same format with another message size limit (for splitting a large file before publishing it).</summary>
    /// <summary>
    /// The character encoding of the source's text: a record's own text (<see cref="ExtractedRecord"/>)
    /// is encoded with it again when a file is published record by record. UTF-8 unless the format says otherwise.
    /// </summary>
    public virtual System.Text.Encoding TextEncoding => System.Text.Encoding.UTF8;

    public abstract RecordFormat WithMaxMessageBytes(int maxMessageBytes);
}
