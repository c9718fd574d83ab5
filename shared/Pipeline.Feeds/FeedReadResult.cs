using Pipeline.Contracts;

namespace Pipeline.Feeds;

/// <summary>Where a raw record came from and when it arrived.</summary>
/// <param name="Origin">Raw topic, partition, offset and record within the message.</param>
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

/// <summary>A field of a raw record is missing or unusable; the message names the field, never its value.</summary>
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
