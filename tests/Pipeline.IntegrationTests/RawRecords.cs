using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests;

/// <summary>Raw feed records as sources send them.</summary>
internal static class RawRecords
{
    public const string SarFeed = "demo-sar";
    public const string CadFeed = "demo-cad";

    public static byte[] Sar(string id, string narrative, DateTimeOffset occurredAt, double? latitude = null, double? longitude = null, string? address = null, string[]? subjects = null)
    {
        var json = new JsonObject
        {
            ["sarId"] = id,
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["narrative"] = narrative,
        };
        if (latitude is not null || address is not null)
        {
            json["location"] = new JsonObject { ["address"] = address, ["latitude"] = latitude, ["longitude"] = longitude };
        }
        if (subjects is not null)
        {
            json["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode?)s)]);
        }
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>A CAD call; <paramref name="localTime"/> is Los Angeles local time as CAD systems write it.</summary>
    public static byte[] Cad(string eventNumber, string callType, string localTime, int? priority = 2, double? latitude = null, double? longitude = null, string? blockAddress = null, string? notes = null) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["cad_event_number"] = eventNumber,
            ["cad_event_original_time_queued"] = localTime,
            ["call_type"] = callType,
            ["priority"] = priority,
            ["block_address"] = blockAddress,
            ["dispatch_latitude"] = latitude,
            ["dispatch_longitude"] = longitude,
            ["notes"] = notes,
        }.ToJsonString());

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
