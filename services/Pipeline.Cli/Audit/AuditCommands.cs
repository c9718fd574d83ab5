using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Fairness;

namespace Pipeline.Cli.Audit;

/// <summary><c>pipeline audit csv</c>: a fairness audit of any scored CSV, from any model.</summary>
internal static class AuditCommands
{
    public static Command Build()
    {
        var command = new Command("audit", "Fairness audits: group and intersectional metrics, disparities against a reference group with intervals, pass or fail per policy band.");
        command.Subcommands.Add(Csv());
        return command;
    }

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
                    Directory.CreateDirectory(folder);
                    var context = new AuditReportContext("(from the CSV)", $"{Path.GetFileName(path)}, threshold {parse.GetValue(threshold).ToString(CultureInfo.InvariantCulture)}", DateTimeOffset.UtcNow, options);
                    await using (var json = File.Create(Path.Combine(folder, "report.json")))
                    {
                        AuditReportWriter.WriteJson(result, context, json);
                    }
                    AuditReportWriter.WriteCsvTables(result, folder);
                    Console.WriteLine($"wrote report.json, groups.csv and disparities.csv to {folder}");
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
