using System.CommandLine;
using System.Globalization;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Feeds;

/// <summary><c>pipeline feeds status</c>: per-feed health from the store, as the workers recorded it per minute.</summary>
internal static class FeedStatusCommand
{
    public static Command Build()
    {
        var minutes = new Option<int>("--minutes") { Description = "How many recent minutes to sum (at least 1).", DefaultValueFactory = _ => 60 };
        var feed = new Option<string?>("--feed") { Description = "Only this feed." };
        var perMinute = new Option<bool>("--per-minute") { Description = "Also print one row per feed and minute." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("status", "Per-feed health from the store: records in, accepted, rejected, duplicates, unknown fields, last record, consumer lag.")
        {
            minutes, feed, perMinute, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var window = parse.GetValue(minutes);
            if (window < 1)
            {
                Console.Error.WriteLine("--minutes must be at least 1");
                return 1;
            }
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var now = TimeProvider.System.GetUtcNow();
            var rows = await store.GetFeedHealthAsync(now.AddMinutes(-window + 1), cancellationToken);
            if (parse.GetValue(feed) is { } only)
            {
                rows = [.. rows.Where(r => r.FeedId == only)];
            }
            var summaries = FeedStatus.Summarize(rows, now);
            if (summaries.Count == 0)
            {
                Console.WriteLine($"no feed health recorded in the last {window} minute(s)");
                return 0;
            }
            AnsiConsole.Write(Table($"feed health, last {window} minute(s)", summaries));
            if (parse.GetValue(perMinute))
            {
                var table = new Table().Title("per minute (UTC)").AddColumns("feed", "minute", "in", "accepted", "rejected", "duplicates", "unknown fields", "lag");
                foreach (var r in rows)
                {
                    table.AddRow(
                        Markup.Escape(r.FeedId), r.Minute.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        N(r.RecordsIn), N(r.Accepted), N(r.Rejected), N(r.Duplicates), N(r.UnknownFields), r.ConsumerLag is { } lag ? N(lag) : "-");
                }
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return command;
    }

    private static Table Table(string title, IReadOnlyList<FeedStatus> summaries)
    {
        var table = new Table().Title(title).AddColumns("feed", "in", "accepted", "rejected", "rejected %", "duplicates", "unknown fields", "last record", "lag");
        foreach (var s in summaries)
        {
            table.AddRow(
                Markup.Escape(s.FeedId), N(s.RecordsIn), N(s.Accepted), N(s.Rejected),
                s.RecordsIn == 0 ? "-" : (100.0 * s.Rejected / s.RecordsIn).ToString("0.0", CultureInfo.InvariantCulture),
                N(s.Duplicates), N(s.UnknownFields),
                s.LastRecordAt is { } last ? $"{last.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} ({Age(s.LastRecordAge!.Value)} ago)" : "-",
                s.ConsumerLag is { } lag ? N(lag) : "-");
        }
        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Age(TimeSpan age) =>
        age.TotalMinutes < 1 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} d";
}

/// <summary>One feed's health over a window: sums of the minutes, the newest record, and the latest lag sample.</summary>
internal sealed record FeedStatus(
    string FeedId, long RecordsIn, long Accepted, long Rejected, long Duplicates, long UnknownFields,
    DateTimeOffset? LastRecordAt, TimeSpan? LastRecordAge, long? ConsumerLag)
{
    public static IReadOnlyList<FeedStatus> Summarize(IReadOnlyList<FeedHealthMinute> minutes, DateTimeOffset now) =>
        [.. minutes.GroupBy(m => m.FeedId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var last = g.Max(m => m.LastRecordAt);
            return new FeedStatus(
                g.Key, g.Sum(m => m.RecordsIn), g.Sum(m => m.Accepted), g.Sum(m => m.Rejected), g.Sum(m => m.Duplicates), g.Sum(m => m.UnknownFields),
                last, last is { } l ? now - l : null,
                g.Where(m => m.ConsumerLag is not null).OrderBy(m => m.Minute).LastOrDefault()?.ConsumerLag);
        })];
}
