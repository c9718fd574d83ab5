using System.Text.Json;
using System.Text.Unicode;
using Pipeline.Contracts;
using Pipeline.Dedup;

namespace Pipeline.Feeds;

/// <summary>Where a raw record came from and when it arrived.</summary>
/// <param name="Origin">Raw topic, partition and offset.</param>
/// <param name="ReceivedAt">When the pipeline received it, UTC.</param>
public sealed record RawRecordContext(RecordOrigin Origin, DateTimeOffset ReceivedAt);

/// <summary>The outcome of reading one raw record: a report, or the reason it was rejected.</summary>
public sealed record FeedReadResult
{
    private FeedReadResult(Report? report, Rejection? rejection)
    {
        Report = report;
        Rejection = rejection;
    }

    /// <summary>The canonical report, when the record was accepted.</summary>
    public Report? Report { get; }

    /// <summary>Why the record was rejected, when it was.</summary>
    public Rejection? Rejection { get; }

    /// <summary>An accepted record.</summary>
    public static FeedReadResult Accepted(Report report) => new(report, null);

    /// <summary>A rejected record.</summary>
    public static FeedReadResult Rejected(string reason, string? field = null) => new(null, new Rejection(Rejection.IngestStage, reason, field));
}

/// <summary>
/// Reads one raw record of a feed into a canonical <see cref="Report"/>. Never throws for bad
/// input: every problem becomes a <see cref="FeedReadResult.Rejected"/> with a reason that names
/// the field but not its value (values may be personal data).
/// </summary>
public abstract class FeedReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Creates a reader for a feed.</summary>
    protected FeedReader(FeedOptions feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        Feed = feed;
        SourceTimeZone = TimeZoneInfo.FindSystemTimeZoneById(feed.TimeZone);
    }

    /// <summary>The feed this reader serves.</summary>
    public FeedOptions Feed { get; }

    /// <summary>The source's local time zone.</summary>
    protected TimeZoneInfo SourceTimeZone { get; }

    /// <summary>The reader for a feed's format.</summary>
    public static FeedReader For(FeedOptions feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Format switch
        {
            FeedFormat.SarJson => new SarJsonReader(feed),
            FeedFormat.CadJson => new CadJsonReader(feed),
            _ => throw new ArgumentOutOfRangeException(nameof(feed), feed.Format, "unknown feed format"),
        };
    }

    /// <summary>Reads one raw record.</summary>
    public FeedReadResult Read(ReadOnlySpan<byte> payload, RawRecordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (payload.Length > Feed.MaxRecordBytes)
        {
            return FeedReadResult.Rejected($"record is {payload.Length} bytes, over the feed's limit of {Feed.MaxRecordBytes} bytes");
        }
        if (payload.IsEmpty)
        {
            return FeedReadResult.Rejected("record is empty");
        }
        if (!Utf8.IsValid(payload))
        {
            return FeedReadResult.Rejected($"record is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(payload)})");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            return FeedReadResult.Rejected($"malformed JSON: {JsonProblem(e)}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return FeedReadResult.Rejected($"expected a JSON object, got {document.RootElement.ValueKind}");
            }
            try
            {
                return Map(new JsonFields(document.RootElement), context);
            }
            catch (FieldException e)
            {
                return FeedReadResult.Rejected(e.Message, e.Field);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to decode a string with an unpaired surrogate escape ("\uD800").
                return FeedReadResult.Rejected("record contains a string with an unpaired UTF-16 surrogate escape");
            }
        }
    }

    /// <summary>Maps the format's fields onto a report; throws <see cref="FieldException"/> for a bad field.</summary>
    protected abstract FeedReadResult Map(JsonFields fields, RawRecordContext context);

    /// <summary>Builds the key from the source id, rejecting unusable ids.</summary>
    protected string KeyFor(string sourceRecordId, string field)
    {
        ArgumentNullException.ThrowIfNull(sourceRecordId);
        if (sourceRecordId.Length > ReportLimits.SourceRecordId)
        {
            throw new FieldException(field, $"field '{field}' is longer than {ReportLimits.SourceRecordId} characters");
        }
        if (sourceRecordId.Any(char.IsControl))
        {
            throw new FieldException(field, $"field '{field}' contains control characters");
        }
        return IdempotencyKeys.For(Feed.Id, sourceRecordId);
    }

    /// <summary>Checks coordinates: both or neither, in range, and not the (0, 0) placeholder.</summary>
    protected static ReportLocation LocationFrom(string? address, double? latitude, double? longitude, string latitudeField, string longitudeField)
    {
        if (latitude is null != longitude is null)
        {
            throw new FieldException(latitude is null ? latitudeField : longitudeField, $"fields '{latitudeField}' and '{longitudeField}' must both be present or both absent");
        }
        if (latitude is { } lat && longitude is { } lon)
        {
            if (lat == 0 && lon == 0)
            {
                // (0, 0) is a placeholder many CAD exports write for "unknown".
                return new ReportLocation(address, null, null, LocationPrecision.None);
            }
            if (double.IsNaN(lat) || lat is < -90 or > 90)
            {
                throw new FieldException(latitudeField, $"field '{latitudeField}' is outside -90..90");
            }
            if (double.IsNaN(lon) || lon is < -180 or > 180)
            {
                throw new FieldException(longitudeField, $"field '{longitudeField}' is outside -180..180");
            }
            return new ReportLocation(address, lat, lon, LocationPrecision.Source);
        }
        return new ReportLocation(address, null, null, LocationPrecision.None);
    }

    /// <summary>Rejects event times in the far past or the future (a source clock or a typo).</summary>
    protected static DateTimeOffset CheckOccurredAt(DateTimeOffset occurredAt, DateTimeOffset receivedAt, string field)
    {
        if (occurredAt > receivedAt.AddDays(1))
        {
            throw new FieldException(field, $"field '{field}' is more than a day after the record was received");
        }
        if (occurredAt.Year < 1970)
        {
            throw new FieldException(field, $"field '{field}' is before 1970");
        }
        return occurredAt.ToUniversalTime();
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> payload)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(payload, new char[payload.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.InvalidData ? read : payload.Length;
    }

    // The parser's message is kept only when it quotes nothing of the input: reasons travel in
    // dead-letter headers and logs, where record content (personal data) must not appear.
    private static string JsonProblem(JsonException e)
    {
        var message = FirstSentence(e.Message);
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return message.Contains('\'', StringComparison.Ordinal) || message.Contains('"', StringComparison.Ordinal)
            ? "invalid JSON syntax" + position
            : message + position;
    }

    // System.Text.Json appends "Path: ... | LineNumber: ... | BytePositionInLine: ..."; the
    // position is reported separately and the path may echo input.
    private static string FirstSentence(string message)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message.TrimEnd('.', ' ');
    }
}

/// <summary>A field of a raw record is missing or unusable.</summary>
public sealed class FieldException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FieldException(string field, string message) : base(message) => Field = field;

    /// <summary>Creates the exception.</summary>
    public FieldException() { }

    /// <summary>Creates the exception.</summary>
    public FieldException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public FieldException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The field at fault.</summary>
    public string? Field { get; }
}
