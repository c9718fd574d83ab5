using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pipeline.Worker.Replay;

namespace Pipeline.Cli.Replay;

/// <summary><c>pipeline replay &lt;feed&gt; --from --to [--dry-run]</c>: re-run a feed's archived raw records through the current definition, geocoder and model.</summary>
internal static class ReplayCommands
{
    private const int ListedChanges = 50;

    public static Command Build()
    {
        var feed = new Argument<string>("feed") { Description = "The feed's id, as its definition names it (infra/feeds/*.yaml)." };
        var from = new Option<string>("--from") { Description = "Start of the window: raw records received at or after it (ISO 8601, UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "End of the window: raw records received before it (ISO 8601, UTC).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; write nothing." };
        var feeds = new Option<string?>("--feeds") { Description = "Folder of feed definitions to replay with (default: PIPELINE_Feeds__Folder, else the shipped infra/feeds)." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("replay", "Re-run a feed's stored raw records of a time window through the current feed definition, geocoder, dedup and model. Unchanged records change nothing; changed ones get a new version (the previous kept) with a lineage event naming the replay.")
        {
            feed, from, to, dryRun, feeds, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseTime(parse.GetValue(from)!, out var start) || !TryParseTime(parse.GetValue(to)!, out var end))
            {
                await Console.Error.WriteLineAsync("--from and --to must be ISO 8601 times, for example 2026-11-22T00:00:00Z");
                return 2;
            }
            // Opened once here only to check it exists (a typo must not create an empty database).
            await using (var check = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken))
            {
                if (check is null)
                {
                    return 1;
                }
            }
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Logging:LogLevel:Default"] = "Warning" };
            if (parse.GetValue(sqlServer) is { Length: > 0 } connection)
            {
                settings["Store:Provider"] = "SqlServer";
                settings["Store:ConnectionString"] = connection;
            }
            else if (parse.GetValue(database) is { Length: > 0 } file)
            {
                settings["Store:Provider"] = "Sqlite";
                settings["Store:ConnectionString"] = $"Data Source={file}";
            }
            if (parse.GetValue(feeds) is { Length: > 0 } folder)
            {
                settings["Feeds:Folder"] = Path.GetFullPath(folder);
            }
            ReplayResult result;
            try
            {
                result = await FeedReplayHost.RunAsync(new ReplayRequest(parse.GetValue(feed)!, start, end, parse.GetValue(dryRun)), settings, cancellationToken);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            Console.Write(Describe(result, start, end));
            return 0;
        });
        return command;
    }

    /// <summary>The replay's outcome as an engineer reads it: counts first, then the changed reports.</summary>
    public static string Describe(ReplayResult result, DateTimeOffset from, DateTimeOffset to)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(result.DryRun ? "dry run of " : "")}{result.ReplayId}: {result.RawRecords} raw records received {from.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z – {to.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z, {result.Records} records\n");
        var verb = result.DryRun ? "would get" : "got";
        text.Append(CultureInfo.InvariantCulture, $"  unchanged: {result.Unchanged} (nothing written)\n");
        text.Append(CultureInfo.InvariantCulture, $"  new versions: {result.NewVersions} (reports that {verb} a new version; the previous kept)\n");
        text.Append(CultureInfo.InvariantCulture, $"  new reports: {result.NewReports} (records the earlier definition rejected)\n");
        text.Append(CultureInfo.InvariantCulture, $"  new alerts: {result.NewAlerts}\n");
        text.Append(CultureInfo.InvariantCulture, $"  superseded: {result.Superseded} (a report's current version came from another raw record)\n");
        text.Append(CultureInfo.InvariantCulture, $"  rejected: {result.Rejected} (by the current definition; stored reports stay as they are)\n");
        foreach (var change in result.Changes.Take(ListedChanges))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {change.ReportKey}: {(change.PreviousVersion is { } v ? $"version {v} → {v + 1}: " : "")}{change.Change}\n");
        }
        if (result.Changes.Count > ListedChanges)
        {
            text.Append(CultureInfo.InvariantCulture, $"  … and {result.Changes.Count - ListedChanges} more\n");
        }
        text.Append(result.DryRun ? "nothing was written\n" : $"see `pipeline lineage <report>` for each change (pass {result.ReplayId})\n");
        return text.ToString();
    }

    private static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
