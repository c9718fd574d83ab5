using Pipeline.Contracts;

namespace Pipeline.Feeds;

/// <summary>
/// Reads the JSON SAR format (one object per message): <c>sarId</c>, <c>occurredAt</c> and
/// <c>narrative</c> required; <c>location</c> {address, latitude, longitude}, <c>targetSector</c>,
/// <c>subjects</c>, <c>vehicles</c> and <c>protectedAttributes</c> optional (see docs/feeds.md).
/// </summary>
public sealed class SarJsonReader(FeedOptions feed) : FeedReader(feed)
{
    /// <summary>Longest narrative accepted, in characters.</summary>
    public const int MaxNarrativeLength = ReportLimits.Narrative;

    /// <inheritdoc />
    protected override FeedReadResult Map(JsonFields fields, RawRecordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceId = fields.RequiredId("sarId");
        var key = KeyFor(sourceId, "sarId");
        var occurredAt = CheckOccurredAt(fields.RequiredDateTime("occurredAt", SourceTimeZone), context.ReceivedAt, "occurredAt");
        var narrative = fields.RequiredString("narrative", MaxNarrativeLength);
        var location = ReportLocation.Unknown;
        if (fields.OptionalObject("location") is { } place)
        {
            location = LocationFrom(
                place.OptionalString("address", ReportLimits.Address),
                place.OptionalDouble("latitude"),
                place.OptionalDouble("longitude"),
                place.Path("latitude"),
                place.Path("longitude"));
        }
        return FeedReadResult.Accepted(new Report
        {
            IdempotencyKey = key,
            FeedId = Feed.Id,
            SourceRecordId = sourceId,
            Kind = ReportKind.Sar,
            OccurredAt = occurredAt,
            ReceivedAt = context.ReceivedAt,
            Location = location,
            Narrative = narrative,
            TargetSector = fields.OptionalString("targetSector", ReportLimits.Code),
            Privacy = new PrivacyFields(fields.OptionalStringList("subjects"), fields.OptionalStringList("vehicles")),
            Protected = new ProtectedAttributes(fields.OptionalStringMap("protectedAttributes")),
            Origin = context.Origin,
        });
    }
}
