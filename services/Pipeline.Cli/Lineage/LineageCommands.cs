using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Cli.Lineage;

/// <summary><c>pipeline lineage &lt;report-key | alert-id&gt; [--json]</c>: where a report came from and everything done with it.</summary>
internal static class LineageCommands
{
    /// <summary>The schema name of the JSON output.</summary>
    public const string JsonSchema = "pipeline.lineage/1";

    public static Command Build()
    {
        var id = new Argument<string>("id") { Description = "A report's key (feed:source id) or an alert's id (A-…), as the watch desk shows them." };
        var json = new Option<bool>("--json") { Description = $"Print the chain as JSON ({JsonSchema}) instead of text." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("lineage", "The whole chain of one report, in order: the raw Kafka record it came from, each stage that touched it (mapping, geocoding, linking, scoring, alerting, replays) and each analyst action on its alert.")
        {
            id, json, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var lineage = await store.GetLineageAsync(parse.GetValue(id)!, cancellationToken);
            if (lineage is null)
            {
                await Console.Error.WriteLineAsync($"no report or alert has the id {parse.GetValue(id)}");
                return 1;
            }
            await Console.Out.WriteAsync(parse.GetValue(json) ? ToJson(lineage) : ToText(lineage));
            return 0;
        });
        return command;
    }

    /// <summary>The chain as lines an auditor reads top to bottom, a heading for each pass.</summary>
    public static string ToText(ReportLineage lineage)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"report {lineage.ReportKey} (feed {lineage.FeedId}, version {lineage.Version})");
        text.Append(lineage.AlertId is { } alert ? $", alert {alert}" : ", no alert").Append('\n');
        string? pass = null;
        foreach (var entry in lineage.Entries)
        {
            if (entry.Pass != pass)
            {
                pass = entry.Pass;
                text.Append('\n').Append(PassHeading(pass)).Append('\n');
            }
            text.Append(CultureInfo.InvariantCulture, $"  {entry.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z  {entry.Stage,-15}  ");
            text.Append(string.Join("; ", entry.Detail.Select(d => $"{d.Key}: {d.Value}"))).Append('\n');
        }
        if (lineage.Entries.Count == 0)
        {
            text.Append("\nno lineage events (stored before lineage was recorded)\n");
        }
        return text.ToString();
    }

    /// <summary>The chain as one JSON document.</summary>
    public static string ToJson(ReportLineage lineage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", JsonSchema);
            writer.WriteString("reportKey", lineage.ReportKey);
            writer.WriteString("feedId", lineage.FeedId);
            writer.WriteNumber("version", lineage.Version);
            if (lineage.AlertId is { } alert)
            {
                writer.WriteString("alertId", alert);
            }
            else
            {
                writer.WriteNull("alertId");
            }
            writer.WriteStartArray("events");
            foreach (var entry in lineage.Entries)
            {
                LineageJson.WriteEvent(writer, new LineageEvent(entry.Stage, entry.At, entry.Detail), entry.Pass);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string PassHeading(string pass) =>
        pass.StartsWith("replay:", StringComparison.Ordinal) ? $"replay {pass["replay:".Length..]}"
        : pass.StartsWith("alert:", StringComparison.Ordinal) ? $"analyst actions on alert {pass["alert:".Length..]}"
        : $"raw record {pass}";
}
