using System.Globalization;
using System.Text.Json;

namespace Pipeline.Contracts;

/// <summary>
/// One thing a stage did with a report: what, when, and the facts that say how (a feed
/// definition's version, a geocoder's precision, a model's scores). Details never carry privacy
/// fields, protected attributes or narrative text.
/// </summary>
/// <param name="Stage">One of <see cref="LineageStages"/>.</param>
/// <param name="At">When the stage did it, UTC.</param>
/// <param name="Detail">Name to value, in the order the stage wrote them.</param>
public sealed record LineageEvent(string Stage, DateTimeOffset At, IReadOnlyDictionary<string, string> Detail);

/// <summary>The names of lineage stages, in the order a report meets them.</summary>
public static class LineageStages
{
    /// <summary>Ingest read the raw Kafka record (topic, partition, offset, hash of the raw bytes).</summary>
    public const string Received = "received";

    /// <summary>The feed definition mapped the record to a canonical report (definition version).</summary>
    public const string Mapped = "mapped";

    /// <summary>The geocoder placed it (provider, precision, confidence).</summary>
    public const string Geocoded = "geocoded";

    /// <summary>A replay re-ran the stored raw record (replay id, what changed).</summary>
    public const string Replayed = "replayed";

    /// <summary>Same key and content as a stored report: nothing stored but this event.</summary>
    public const string Deduplicated = "deduplicated";

    /// <summary>Same key, changed content: a new version of the stored report.</summary>
    public const string Versioned = "versioned";

    /// <summary>The linker put it into an incident (links, weights), or found nothing to link.</summary>
    public const string Linked = "linked";

    /// <summary>The model scored it (model version, scores).</summary>
    public const string Scored = "scored";

    /// <summary>An alert was raised (alert id, category, priority).</summary>
    public const string Alerted = "alerted";

    /// <summary>Held for human review instead of alerting (why).</summary>
    public const string Held = "held";

    /// <summary>Scored below the alert threshold (why).</summary>
    public const string BelowThreshold = "below-threshold";

    /// <summary>An analyst's action on the report's alert (from the alert's history).</summary>
    public const string Analyst = "analyst";
}

/// <summary>The JSON form of a pass's lineage events, as the lineage table and the Ingest header carry them.</summary>
public static class LineageJson
{
    /// <summary>Writes events as a JSON array of {stage, at, detail}.</summary>
    public static string Write(IEnumerable<LineageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                WriteEvent(writer, e);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// <paramref name="written"/> (what <see cref="Write"/> wrote) with <paramref name="next"/> after
    /// its events: the same text as writing them all, without serializing the earlier ones again.
    /// </summary>
    public static string Append(string written, LineageEvent next)
    {
        ArgumentNullException.ThrowIfNull(written);
        var last = Write([next]);
        // Write's arrays are compact: "[]" or "[{…},{…}]", so the new event goes before the final ']'.
        return written.Length <= 2 ? last : string.Concat(written.AsSpan(0, written.Length - 1), ",", last.AsSpan(1));
    }

    /// <summary>Writes one event as a JSON object {stage, at, detail}, with its pass first when given (as `pipeline lineage --json` prints it).</summary>
    public static void WriteEvent(Utf8JsonWriter writer, LineageEvent lineageEvent, string? pass = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(lineageEvent);
        writer.WriteStartObject();
        if (pass is not null)
        {
            writer.WriteString("pass", pass);
        }
        writer.WriteString("stage", lineageEvent.Stage);
        writer.WriteString("at", lineageEvent.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteStartObject("detail");
        foreach (var (name, value) in lineageEvent.Detail)
        {
            writer.WriteString(name, value);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="JsonException"/> on anything else.</summary>
    public static IReadOnlyList<LineageEvent> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("lineage events must be a JSON array");
        }
        var events = new List<LineageEvent>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("stage", out var stage) || stage.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("at", out var at) || !at.TryGetDateTimeOffset(out var when))
            {
                throw new JsonException("a lineage event needs a stage and a time");
            }
            var detail = new Dictionary<string, string>(StringComparer.Ordinal);
            if (item.TryGetProperty("detail", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var value in values.EnumerateObject())
                {
                    detail[value.Name] = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText();
                }
            }
            events.Add(new LineageEvent(stage.GetString()!, when.ToUniversalTime(), detail));
        }
        return events;
    }
}
