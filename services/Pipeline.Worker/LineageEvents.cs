using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Pipeline.Contracts;
using Pipeline.Kafka;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>
/// The lineage events the worker's stages append to a report's pass. Details carry identifiers,
/// versions, precisions and scores only: never privacy fields, protected attributes, narratives
/// or addresses.
/// </summary>
internal static class LineageEvents
{
    /// <summary>Header on normalized reports: Ingest's events of the pass (received, mapped, geocoded), as JSON.</summary>
    public const string Header = "pipeline.lineage";

    private static Dictionary<string, string> Detail() => new(StringComparer.Ordinal);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static LineageEvent Received(ConsumeResult<byte[]?, byte[]> message, int record, int recordsInMessage, string sha256, DateTimeOffset at)
    {
        var detail = Detail();
        detail["topic"] = message.Topic;
        detail["partition"] = message.Partition.Value.ToString(CultureInfo.InvariantCulture);
        detail["offset"] = message.Offset.Value.ToString(CultureInfo.InvariantCulture);
        detail["record"] = string.Create(CultureInfo.InvariantCulture, $"{record + 1} of {recordsInMessage}");
        detail["sha256"] = sha256;
        detail["bytes"] = (message.Message.Value?.Length ?? 0).ToString(CultureInfo.InvariantCulture);
        if (PublishedAt(message) is { } published)
        {
            detail["published"] = published.ToString("O", CultureInfo.InvariantCulture);
        }
        return new LineageEvent(LineageStages.Received, at, detail);
    }

    public static LineageEvent Mapped(Report report, string definitionVersion, DateTimeOffset at)
    {
        var detail = Detail();
        detail["feed"] = report.FeedId;
        detail["definition version"] = definitionVersion;
        detail["kind"] = report.Kind.ToString();
        detail["source record"] = report.SourceRecordId;
        return new LineageEvent(LineageStages.Mapped, at, detail);
    }

    public static LineageEvent Geocoded(ReportLocation location, DateTimeOffset at)
    {
        var detail = Detail();
        detail["provider"] = location.Provider ?? "none";
        detail["precision"] = location.Precision.ToString();
        if (location.Confidence is { } confidence)
        {
            detail["confidence"] = Number(confidence);
        }
        if (location.Jurisdictions is { Count: > 0 } jurisdictions)
        {
            detail["jurisdictions"] = string.Join(", ", jurisdictions);
        }
        return new LineageEvent(LineageStages.Geocoded, at, detail);
    }

    public static LineageEvent Linked(IncidentWrite? incident, DateTimeOffset at, string unlinked = "not linked (linking is off)")
    {
        var detail = Detail();
        if (incident is null)
        {
            detail["outcome"] = unlinked;
            return new LineageEvent(LineageStages.Linked, at, detail);
        }
        detail["incident"] = incident.IncidentId;
        detail["outcome"] = incident.Links.Count == 0 ? "no match in the window: opens its own incident"
            : incident.IsNew ? "possible duplicates found: opens its own incident"
            : "joins an incident";
        for (var i = 0; i < incident.Links.Count; i++)
        {
            var link = incident.Links[i];
            detail[string.Create(CultureInfo.InvariantCulture, $"link {i + 1}")] =
                string.Create(CultureInfo.InvariantCulture, $"{link.LinkedKey} ({link.Band}, weight {Number(link.Weight)} bits, {link.ModelVersion})");
        }
        if (incident.MergedIncidents.Count > 0)
        {
            detail["merged"] = string.Join(", ", incident.MergedIncidents);
        }
        return new LineageEvent(LineageStages.Linked, at, detail);
    }

    public static LineageEvent Scored(DecisionRecord decision)
    {
        var detail = Detail();
        detail["model"] = decision.ModelVersion;
        detail["priority"] = Number(decision.Priority);
        detail["top category"] = decision.TopCategory ?? "none";
        detail["scores"] = string.Join(", ", decision.Scores.Where(s => s.Score >= 0.001).Take(6).Select(s => $"{s.Category} {Number(s.Score)}"));
        return new LineageEvent(LineageStages.Scored, decision.DecidedAt, detail);
    }

    public static LineageEvent Decided(DecisionRecord decision, Alert? alert)
    {
        var detail = Detail();
        detail["threshold"] = Number(decision.Threshold);
        detail["reason"] = decision.Reason;
        if (alert is not null)
        {
            detail["alert"] = alert.AlertId;
            detail["category"] = alert.TopCategory;
            detail["priority"] = Number(alert.Priority);
            if (alert.IncidentId is { } incident)
            {
                detail["incident"] = incident;
            }
        }
        var stage = decision.Outcome switch
        {
            DecisionOutcome.Alerted => LineageStages.Alerted,
            DecisionOutcome.HeldForReview => LineageStages.Held,
            _ => LineageStages.BelowThreshold,
        };
        return new LineageEvent(stage, decision.DecidedAt, detail);
    }

    public static LineageEvent Replayed(string replayId, StoredRawRecord raw, int record, int recordsInMessage, int? previousVersion, string change, DateTimeOffset at)
    {
        var detail = Detail();
        detail["replay"] = replayId;
        detail["raw record"] = LineagePass.Of(raw.Origin with { Record = record });
        detail["record"] = string.Create(CultureInfo.InvariantCulture, $"{record + 1} of {recordsInMessage}");
        detail["sha256"] = raw.Sha256;
        detail["outcome"] = previousVersion is { } version
            ? string.Create(CultureInfo.InvariantCulture, $"version {version} → {version + 1}: {change}")
            : change;
        return new LineageEvent(LineageStages.Replayed, at, detail);
    }

    /// <summary>Ingest's events of a pass, for the normalized report's header.</summary>
    public static string ToHeader(IEnumerable<LineageEvent> events) => LineageJson.Write(events);

    /// <summary>Ingest's events from a normalized report's header; none when it has no header or an unreadable one (never a reason to refuse the report).</summary>
    public static IReadOnlyList<LineageEvent> FromHeader(Headers? headers)
    {
        if (headers?.GetString(Header) is not { Length: > 0 } json)
        {
            return [];
        }
        try
        {
            return LineageJson.Read(json);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The raw message's archive row.</summary>
    public static RawRecordWrite Archive(ConsumeResult<byte[]?, byte[]> message, string feedId, string sha256, DateTimeOffset receivedAt) =>
        new(message.Topic, message.Partition.Value, message.Offset.Value, feedId, PublishedAt(message), receivedAt, sha256, message.Message.Value ?? []);

    // The Kafka record's timestamp, when the producer or broker gave it one.
    private static DateTimeOffset? PublishedAt(ConsumeResult<byte[]?, byte[]> message)
    {
        var timestamp = message.Message.Timestamp;
        return timestamp.Type != TimestampType.NotAvailable && timestamp.UnixTimestampMs > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs)
            : null;
    }
}
