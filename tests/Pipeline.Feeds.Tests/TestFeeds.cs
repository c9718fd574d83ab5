using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Contracts;

namespace Pipeline.Feeds.Tests;

internal static class TestFeeds
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 7, 10, 12, 0, 0, TimeSpan.Zero);

    public static RawRecordContext Context { get; } = new(new RecordOrigin("feeds.demo.raw", 3, 1234), ReceivedAt);

    public static FeedReader Sar { get; } = FeedReader.For(new FeedOptions { Id = "demo-sar", Format = FeedFormat.SarJson });

    public static FeedReader Cad { get; } = FeedReader.For(new FeedOptions { Id = "demo-cad", Format = FeedFormat.CadJson, TimeZone = "America/Los_Angeles" });

    public const string ValidSar = """
        {
          "sarId": "SAR-2026-000123",
          "occurredAt": "2026-03-07T18:45:00-08:00",
          "narrative": "Subject photographed the substation fence line for twenty minutes.",
          "location": { "address": "1200 Block of 4th Ave, Seattle", "latitude": 47.6062, "longitude": -122.3321 },
          "targetSector": "Energy",
          "subjects": ["White male, 30s, gray hoodie", {"name":"J. Doe","age":34}],
          "vehicles": ["Blue Honda Civic WA ABC1234"],
          "protectedAttributes": { "race": "W", "sex": "M" }
        }
        """;

    public const string ValidCad = """
        {
          "cad_event_number": "2026-000045678",
          "cad_event_original_time_queued": "2026-07-04T14:15:00",
          "call_type": "suspicious person, vehicle or incident",
          "priority": 2,
          "block_address": "5XX BLOCK OF PINE ST",
          "dispatch_latitude": "47.6101",
          "dispatch_longitude": "-122.3375",
          "notes": "Caller reports a man checking car door handles."
        }
        """;

    public static FeedReader ReaderFor(string kind) => kind switch
    {
        "sar" => Sar,
        "cad" => Cad,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sar or cad"),
    };

    public static string ValidFor(string kind) => kind == "sar" ? ValidSar : ValidCad;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The record with the field at <paramref name="path"/> (dots for nesting) set to the JSON
    /// <paramref name="valueJson"/>, or removed when it is null.
    /// </summary>
    public static byte[] With(string json, string path, string? valueJson) => WithAll(json, (path, valueJson));

    /// <summary>The record with several fields set or removed, as in <see cref="With"/>.</summary>
    public static byte[] WithAll(string json, params (string Path, string? ValueJson)[] edits)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        foreach (var (path, valueJson) in edits)
        {
            var parts = path.Split('.');
            var parent = root;
            foreach (var part in parts[..^1])
            {
                parent = parent[part]!.AsObject();
            }
            if (valueJson is null)
            {
                Assert.True(parent.Remove(parts[^1]), $"the fixture has no field '{path}' to remove");
            }
            else
            {
                parent[parts[^1]] = JsonNode.Parse(valueJson);
            }
        }
        return Utf8(root.ToJsonString());
    }

    /// <summary>The record with a string field set to <paramref name="value"/>.</summary>
    public static byte[] WithString(string json, string path, string value) =>
        With(json, path, JsonValue.Create(value).ToJsonString());

    public static Report Accepted(FeedReadResult result)
    {
        Assert.True(result.Rejection is null, $"rejected: {result.Rejection?.Reason}");
        Assert.NotNull(result.Report);
        return result.Report;
    }

    public static Rejection Rejected(FeedReadResult result)
    {
        Assert.Null(result.Report);
        Assert.NotNull(result.Rejection);
        Assert.Equal(Rejection.IngestStage, result.Rejection.Stage);
        return result.Rejection;
    }

    public static void AssertRejected(FeedReadResult result, string reason, string? field)
    {
        var rejection = Rejected(result);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(field, rejection.Field);
    }
}
