using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>JSON columns, written and read with the contracts' source-generated context.</summary>
internal static class StoreJson
{
    public static string WriteScores(IReadOnlyList<CategoryScore> scores) =>
        JsonSerializer.Serialize(scores as List<CategoryScore> ?? [.. scores], PipelineJsonContext.Default.ListCategoryScore);

    public static IReadOnlyList<CategoryScore> ReadScores(string json) =>
        JsonSerializer.Deserialize(json, PipelineJsonContext.Default.ListCategoryScore) ?? [];

    public static string WriteStrings(IReadOnlyList<string> values) =>
        JsonSerializer.Serialize(values as List<string> ?? [.. values], PipelineJsonContext.Default.ListString);

    public static IReadOnlyList<string> ReadStrings(string json) =>
        JsonSerializer.Deserialize(json, PipelineJsonContext.Default.ListString) ?? [];

    public static string WriteAttributes(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(
            values as Dictionary<string, string> ?? new Dictionary<string, string>(values, StringComparer.Ordinal),
            PipelineJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> ReadAttributes(string json) =>
        JsonSerializer.Deserialize(json, PipelineJsonContext.Default.DictionaryStringString) ?? [];
}
