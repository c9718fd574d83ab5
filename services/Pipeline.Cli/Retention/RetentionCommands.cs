using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Retention;

/// <summary><c>pipeline retention run | revalidate | log</c>: the 28 CFR Part 23 purge, re-validation and the purge log.</summary>
internal static class RetentionCommands
{
    public static Command Build()
    {
        var command = new Command("retention", "28 CFR Part 23 retention: purge reports past the retention period and not re-validated, and reports vetted as not ISE-SAR past the shorter period.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Revalidate());
        command.Subcommands.Add(Log());
        return command;
    }

    /// <summary>
    /// The periods from PIPELINE_Retention__RetentionPeriod, PIPELINE_Retention__NotIseSarPeriod and
    /// PIPELINE_Retention__BatchSize (TimeSpan text such as 1826.00:00:00), else the defaults.
    /// </summary>
    internal static RetentionOptions LoadOptions()
    {
        var options = new RetentionOptions();
        new ConfigurationBuilder().AddEnvironmentVariables("PIPELINE_").Build().GetSection(RetentionOptions.SectionName).Bind(options);
        return options;
    }

    private static Command Run()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would be purged; write nothing." };
        var now = new Option<string?>("--now") { Description = "The instant to count the periods back from (ISO 8601, UTC; default: now), for reproducible runs." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("run", "Purge every due report with all its dependent rows, logging each in purge_log (periods from PIPELINE_Retention__RetentionPeriod and __NotIseSarPeriod).")
        {
            dryRun, now, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var at = DateTimeOffset.UtcNow;
            if (parse.GetValue(now) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                await Console.Error.WriteLineAsync("--now must be an ISO 8601 time, for example 2031-11-22T00:00:00Z");
                return 2;
            }
            RetentionOptions options;
            try
            {
                options = LoadOptions();
                if (RetentionOptionsValidator.Check(options) is { Count: > 0 } failures)
                {
                    throw new OptionsValidationException(RetentionOptions.SectionName, typeof(RetentionOptions), failures);
                }
            }
            catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var result = await store.PurgeAsync(options, at, parse.GetValue(dryRun), cancellationToken);
            var rules = PipelineStore.DescribeRules(options);
            var verb = result.DryRun ? "would purge" : "purged";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(result.DryRun ? "dry run at" : "retention run at")} {at.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z: {verb} {result.Total} reports"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  retention-period: {result.RetentionPeriod} ({rules[PurgeReason.RetentionPeriod]}, or since last re-validated)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  not-ise-sar: {result.NotIseSar} ({rules[PurgeReason.NotIseSar]})"));
            Console.WriteLine(result.DryRun
                ? "nothing was written"
                : string.Create(CultureInfo.InvariantCulture, $"run {result.RunId}: {result.Transactions} transactions, {result.IncidentsDeleted} empty incidents deleted; see `pipeline retention log`"));
            return 0;
        });
        return command;
    }

    private static Command Revalidate()
    {
        var reportKey = new Argument<string>("report-key") { Description = "The report's key (feed:source id), as the watch desk and `retention log` show it." };
        var by = new Option<string>("--by") { Description = "Who reviewed the report (recorded; default: the signed-in user).", DefaultValueFactory = _ => Environment.UserName };
        var reason = new Option<string>("--reason") { Description = "Why it still meets the criteria: a case or review number, not report content.", Required = true };
        var now = new Option<string?>("--now") { Description = "When it was re-validated (ISO 8601, UTC; default: now)." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("revalidate", "Record that a report was reviewed and still meets the submission criteria: restarts its retention clock (28 CFR 23.20(h)); the alert's history records it.")
        {
            reportKey, by, reason, now, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var at = DateTimeOffset.UtcNow;
            if (parse.GetValue(now) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                await Console.Error.WriteLineAsync("--now must be an ISO 8601 time, for example 2031-11-22T00:00:00Z");
                return 2;
            }
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var key = parse.GetValue(reportKey)!;
            try
            {
                await store.RevalidateReportAsync(key, parse.GetValue(by)!, parse.GetValue(reason)!, at, cancellationToken);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"re-validated {key} at {at.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z; its retention period now runs from then"));
            return 0;
        });
        return command;
    }

    private static Command Log()
    {
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first.", DefaultValueFactory = _ => 50 };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("log", "The purge log: which report was purged, from which feed, why and when.")
        {
            limit, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var table = new Table().AddColumns("purged", "report", "feed", "reason", "rule", "received", "run");
            foreach (var e in await store.GetPurgeLogAsync(Math.Max(1, parse.GetValue(limit)), cancellationToken))
            {
                table.AddRow(
                    e.PurgedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(e.ReportKey),
                    Markup.Escape(e.FeedId),
                    e.Reason == PurgeReason.NotIseSar ? "not-ise-sar" : "retention-period",
                    Markup.Escape(e.Rule),
                    e.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(e.RunId));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
