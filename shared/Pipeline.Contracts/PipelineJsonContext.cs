using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

/// <summary>Source-generated serializers for every message the pipeline writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    WriteIndented = false)]
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(List<CategoryScore>))]
[JsonSerializable(typeof(List<ScoreEvidence>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class PipelineJsonContext : JsonSerializerContext
{
}

/// <summary>Serialization of contracts with the source-generated context.</summary>
public static class ContractSerializer
{
    /// <summary>Serializes a report to UTF-8 JSON.</summary>
    public static byte[] Serialize(Report report) =>
        JsonSerializer.SerializeToUtf8Bytes(report, PipelineJsonContext.Default.Report);

    /// <summary>Serializes an alert to UTF-8 JSON.</summary>
    public static byte[] Serialize(Alert alert) =>
        JsonSerializer.SerializeToUtf8Bytes(alert, PipelineJsonContext.Default.Alert);

    /// <summary>Reads a report; throws <see cref="JsonException"/> on malformed input or an unknown schema version.</summary>
    public static Report DeserializeReport(ReadOnlySpan<byte> utf8Json)
    {
        var report = JsonSerializer.Deserialize(utf8Json, PipelineJsonContext.Default.Report)
            ?? throw new JsonException("report is null");
        if (report.SchemaVersion > Report.CurrentSchemaVersion)
        {
            throw new JsonException($"report schema version {report.SchemaVersion} is newer than {Report.CurrentSchemaVersion}");
        }
        return report;
    }

    /// <summary>Reads an alert.</summary>
    public static Alert DeserializeAlert(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, PipelineJsonContext.Default.Alert)
            ?? throw new JsonException("alert is null");
}
