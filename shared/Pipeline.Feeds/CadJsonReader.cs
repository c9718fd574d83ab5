using Pipeline.Contracts;

namespace Pipeline.Feeds;

/// <summary>
/// Reads JSON CAD calls for service with Seattle open-data column names:
/// <c>cad_event_number</c>, <c>cad_event_original_time_queued</c> (local time in the feed's
/// zone unless it carries an offset) and <c>call_type</c> required; <c>priority</c>,
/// <c>block_address</c>, <c>dispatch_latitude</c>, <c>dispatch_longitude</c> and <c>notes</c> optional.
/// </summary>
public sealed class CadJsonReader(FeedOptions feed) : FeedReader(feed)
{
    /// <inheritdoc />
    protected override FeedReadResult Map(JsonFields fields, RawRecordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceId = fields.RequiredId("cad_event_number");
        var key = KeyFor(sourceId, "cad_event_number");
        var occurredAt = CheckOccurredAt(fields.RequiredDateTime("cad_event_original_time_queued", SourceTimeZone), context.ReceivedAt, "cad_event_original_time_queued");
        var callType = fields.RequiredString("call_type", ReportLimits.Code).ToUpperInvariant();
        var priority = fields.OptionalInt("priority");
        if (priority is < 0 or > 99)
        {
            return FeedReadResult.Rejected("field 'priority' is outside 0..99", "priority");
        }
        var notes = fields.OptionalString("notes", ReportLimits.Narrative) ?? "";
        var location = LocationFrom(
            fields.OptionalString("block_address", ReportLimits.Address),
            fields.OptionalDouble("dispatch_latitude"),
            fields.OptionalDouble("dispatch_longitude"),
            "dispatch_latitude",
            "dispatch_longitude");
        return FeedReadResult.Accepted(new Report
        {
            IdempotencyKey = key,
            FeedId = Feed.Id,
            SourceRecordId = sourceId,
            Kind = ReportKind.Cad,
            OccurredAt = occurredAt,
            ReceivedAt = context.ReceivedAt,
            Location = location,
            Narrative = notes,
            CadCallType = callType,
            CadPriority = priority,
            Origin = context.Origin,
        });
    }
}
