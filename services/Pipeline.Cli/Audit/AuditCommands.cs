using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Fairness;
using Pipeline.Scoring.Model;
using Pipeline.Storage;
using Pipeline.Worker.Fairness;
using Spectre.Console;

namespace Pipeline.Cli.Audit;

/// <summary><c>pipeline audit run | csv | list | show</c>: fairness audits of production decisions and of any scored CSV, and the stored reports.</summary>
internal static class AuditCommands
{
    public static Command Build()
    {
        var command = new Command("audit", "Fairness audits: group and intersectional metrics, disparities against a reference group with intervals, pass or fail per policy band.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Csv());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command Run()
    {
        var model = new Option<string?>("--model") { Description = "The registered model version whose decisions to audit (default: the promoted model)." };
        var from = new Option<string?>("--from") { Description = "Start of the window of decisions (ISO 8601, UTC; default: 30 days before --to)." };
        var to = new Option<string?>("--to") { Description = "End of the window, exclusive (ISO 8601, UTC; default: now)." };
        var policy = new Option<string?>("--policy") { Description = "Fairness policy file to judge the decisions by (default: the shipped fairness/policy.json)." };
        var output = new Option<string?>("--out") { Description = "Folder to write report.json, report.html and the CSV tables into." };
        var actor = new Option<string?>("--actor") { Description = "Who runs the audit, recorded with the report (default: the user name)." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("run", "Audit a model's production decisions of a time window, with analysts' dispositions as ground truth and protected attributes from their restricted table; the report is stored with the model version and the window.")
        {
            model, from, to, policy, output, actor, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!TryTime(parse.GetValue(to), now, out var end) || !TryTime(parse.GetValue(from), end.AddDays(-30), out var start))
            {
                await Console.Error.WriteLineAsync("--from and --to must be ISO 8601 times, for example 2026-11-01T00:00:00Z");
                return 2;
            }
            if (start >= end)
            {
                await Console.Error.WriteLineAsync($"--from ({start:O}) must be before --to ({end:O})");
                return 2;
            }
            FairnessPolicy rules;
            try
            {
                rules = FairnessPolicy.Load(parse.GetValue(policy) ?? FairnessAudits.DefaultPolicyPath);
            }
            catch (FairnessPolicyException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var stored = parse.GetValue(model) is { } version
                ? await store.GetModelAsync(version, includeArtifact: true, cancellationToken)
                : await store.GetPromotedModelAsync(includeArtifact: true, cancellationToken);
            if (stored?.Artifact is null)
            {
                await Console.Error.WriteLineAsync(parse.GetValue(model) is { } named ? $"no registered model {named}" : "no model is promoted in this store yet; name one with --model");
                return 1;
            }
            var watch = Stopwatch.StartNew();
            var run = await FairnessAudits.AuditProductionAsync(
                store, ModelArtifact.FromBytes(stored.Artifact), start, end, rules.ToOptions(), Actor(parse.GetValue(actor)), now, rules, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audited {run.Decisions:N0} decisions of {stored.Version} from {start:yyyy-MM-dd HH:mm}Z to {end:yyyy-MM-dd HH:mm}Z in {watch.Elapsed.TotalSeconds:0.00} s: {run.Labelled:N0} vetted by analysts, {run.WithoutAttributes:N0} without protected attributes"));
            if (run.Decisions == 0)
            {
                Console.WriteLine("no decisions in that window: nothing to judge, so no policy verdict is recorded");
            }
            PrintReport(run);
            if (parse.GetValue(output) is { } folder)
            {
                FairnessAudits.WriteFiles(run.Report, run.Result, folder);
                Console.WriteLine($"wrote report.json, report.html and the CSV tables to {folder}");
            }
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var model = new Option<string?>("--model") { Description = "Only this model version's reports." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("list", "The fairness reports in the store: evaluation audits of trained models, production audits, and promotion-gate decisions with any override.")
        {
            model, limit, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var table = new Table().AddColumns("report", "kind", "model", "window", "rows", "policy", "override", "by");
            foreach (var r in await store.ListFairnessReportsAsync(parse.GetValue(model), Math.Max(1, parse.GetValue(limit)), cancellationToken))
            {
                table.AddRow(
                    Markup.Escape(r.ReportId),
                    r.Kind.ToString(),
                    Markup.Escape(r.ModelVersion),
                    r.WindowFrom is { } f && r.WindowTo is { } t ? $"{f:yyyy-MM-dd HH:mm} to {t:yyyy-MM-dd HH:mm}" : "-",
                    r.RowsAudited.ToString("N0", CultureInfo.InvariantCulture),
                    r.Passed switch { true => "passed", false => "FAILED", null => "-" },
                    Markup.Escape(r.OverrideReason ?? ""),
                    Markup.Escape(r.CreatedBy));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("report") { Description = "The report's identifier (see `audit list`)." };
        var output = new Option<string?>("--out") { Description = "Folder to write report.json and report.html into." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("show", "A stored fairness report: its summary sentences, and with --out its JSON and HTML.")
        {
            id, output, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var report = await store.GetFairnessReportAsync(parse.GetValue(id)!, cancellationToken);
            if (report is null)
            {
                await Console.Error.WriteLineAsync($"no fairness report {parse.GetValue(id)} in the store");
                return 1;
            }
            Console.WriteLine($"{report.ReportId}: {report.Kind} audit of {report.ModelVersion} by {report.CreatedBy} at {report.CreatedAt:yyyy-MM-dd HH:mm:ss}Z");
            Console.WriteLine(report.DataDescription);
            if (report.Passed is { } passed)
            {
                Console.WriteLine(passed ? "policy: passed" : report.OverrideReason is { } reason ? $"policy: FAILED, overridden by {report.OverriddenBy}: {reason}" : "policy: FAILED");
            }
            Console.WriteLine(report.Summary);
            if (parse.GetValue(output) is { } folder)
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), report.Json, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(folder, "report.html"), report.Html, cancellationToken);
                Console.WriteLine($"wrote report.json and report.html to {folder}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Prints an audit's sentences and, when a policy judged it, the verdict and the failing groups.</summary>
    internal static void PrintReport(FairnessAuditRun run)
    {
        var report = run.Report;
        foreach (var sentence in report.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine(sentence);
        }
        if (run.Gate is { } gate)
        {
            Console.WriteLine(gate.Judged == 0
                ? $"policy {gate.PolicyName}: no gated comparison could be judged; no verdict"
                : gate.Passed
                ? $"policy {gate.PolicyName}: passed ({gate.Judged} gated comparison(s) judged, {gate.Insufficient.Count} insufficient, listed above)"
                : $"policy {gate.PolicyName}: FAILED on {gate.Failures.Count} of {gate.Judged} judged comparison(s):");
            foreach (var d in gate.Failures)
            {
                Console.WriteLine(FailureLine(d));
            }
        }
        Console.WriteLine($"stored as fairness report {report.ReportId}");
    }

    /// <summary>One failing group and metric of a gate decision, as printed by audit run and model promote.</summary>
    internal static string FailureLine(Disparity d) => string.Create(CultureInfo.InvariantCulture,
        $"  {d.Group}: {JsonNamingPolicy.CamelCase.ConvertName(d.Metric.ToString())} ratio {d.Ratio:0.00} (95% interval {d.Lower:0.00} to {d.Upper:0.00}) against {d.Reference}");

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (text is null)
        {
            time = fallback;
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static string Actor(string? actor) => string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor.Trim();

    private static Command Csv()
    {
        var file = new Argument<string>("file") { Description = "A CSV file with a header row (UTF-8)." };
        var score = new Option<string>("--score") { Description = "Column holding the model's score.", Required = true };
        var label = new Option<string>("--label") { Description = "Column holding the true outcome (1 or 0; empty when unknown).", Required = true };
        var groups = new Option<string[]>("--group") { Description = "A protected-attribute column (repeat for several; pairs are audited as intersections).", Required = true, AllowMultipleArgumentsPerToken = false };
        var threshold = new Option<double>("--threshold") { Description = "A row is flagged when its score is at least this.", DefaultValueFactory = _ => 0.5 };
        var reference = new Option<string?>("--reference") { Description = "Reference group for every attribute (a value such as B, or a label such as race=B); default: each attribute's largest group." };
        var minimum = new Option<int>("--min-group-size") { Description = "Groups smaller than this are reported as insufficient, never passed.", DefaultValueFactory = _ => new FairnessOptions().MinimumGroupSize };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap samples for the ratio intervals (0: none).", DefaultValueFactory = _ => new FairnessOptions().BootstrapSamples };
        var output = new Option<string?>("--out") { Description = "Folder to write report.json, groups.csv and disparities.csv into." };
        var command = new Command("csv", "Audit a scored CSV: per group and intersection, selection rate, error rates and precision with Wilson intervals; ratios to the reference with bootstrap intervals; a verdict per group and metric.")
        {
            file, score, label, groups, threshold, reference, minimum, bootstrap, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"no such file: {path}");
                return 1;
            }
            var watch = Stopwatch.StartNew();
            AuditCsvResult read;
            try
            {
                using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                read = AuditCsvReader.Read(reader, new AuditCsvColumns(parse.GetValue(score)!, parse.GetValue(label)!, parse.GetValue(groups)!, parse.GetValue(threshold)));
            }
            catch (AuditCsvException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            foreach (var warning in read.Warnings)
            {
                await Console.Error.WriteLineAsync($"warning: {warning}");
            }
            foreach (var error in read.Errors.Take(20))
            {
                await Console.Error.WriteLineAsync($"{Path.GetFileName(path)}:{error.Line}: {error.Reason}");
            }
            if (read.Errors.Count > 20)
            {
                await Console.Error.WriteLineAsync($"... and {read.Errors.Count - 20:N0} more skipped row(s)");
            }
            FairnessOptions options;
            try
            {
                options = new FairnessOptions
                {
                    MinimumGroupSize = parse.GetValue(minimum),
                    BootstrapSamples = parse.GetValue(bootstrap),
                    Reference = parse.GetValue(reference) is { Length: > 0 } named ? ReferenceGroup.Named(named) : ReferenceGroup.Largest,
                };
                var result = FairnessAudit.Compute(read.Rows, options);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{read.Rows.Count:N0} rows audited ({read.Errors.Count:N0} skipped) in {watch.Elapsed.TotalSeconds:0.00} s"));
                foreach (var sentence in AuditReportWriter.Summarize(result, options))
                {
                    Console.WriteLine(sentence);
                }
                if (parse.GetValue(output) is { } folder)
                {
                    var context = new AuditReportContext("(from the CSV)", $"{Path.GetFileName(path)}, threshold {parse.GetValue(threshold).ToString(CultureInfo.InvariantCulture)}", DateTimeOffset.UtcNow, options);
                    FairnessAudits.WriteFiles(FairnessAudits.Render(FairnessReportKind.Evaluation, result, context, read.Rows.Count, Environment.UserName), result, folder);
                    Console.WriteLine($"wrote report.json, report.html and the CSV tables to {folder}");
                }
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            return 0;
        });
        return command;
    }
}
