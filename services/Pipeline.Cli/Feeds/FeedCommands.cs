using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;
using Spectre.Console;

namespace Pipeline.Cli.Feeds;

/// <summary><c>pipeline feeds list | validate | test | publish | status</c>: onboarding and watching a feed without code.</summary>
internal static class FeedCommands
{
    public const string DefaultFolder = "infra/feeds";

    public static Command Build()
    {
        var command = new Command("feeds", "Feed definitions: list them, validate one, dry-run one against a sample file, publish a file to a feed, show their health.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Test());
        command.Subcommands.Add(Publish());
        command.Subcommands.Add(FeedStatusCommand.Build());
        return command;
    }

    private static Command List()
    {
        var folder = new Option<string>("--folder") { Description = "Folder of definition files.", DefaultValueFactory = _ => DefaultFolder };
        var command = new Command("list", "List the feed definitions in a folder.") { folder };
        command.SetAction(parse =>
        {
            try
            {
                var definitions = FeedDefinitionLoader.LoadFolder(parse.GetValue(folder)!);
                var table = new Table().AddColumns("id", "kind", "format", "fields", "version", "file");
                foreach (var d in definitions)
                {
                    table.AddRow(d.Id, d.Kind.ToString(), d.FormatName, d.Fields.Count.ToString(CultureInfo.InvariantCulture), d.Version, Markup.Escape(d.SourceFile));
                }
                AnsiConsole.Write(table);
                return 0;
            }
            catch (FeedDefinitionException e)
            {
                return Fail(e);
            }
        });
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("definition") { Description = "A feed definition file." };
        var command = new Command("validate", "Load a definition and report every problem with its file, line and field.") { file };
        command.SetAction(parse =>
        {
            try
            {
                var d = FeedDefinitionLoader.LoadFile(parse.GetValue(file)!);
                Console.WriteLine($"{d.SourceFile}: feed '{d.Id}' ({d.Kind}, {d.FormatName}) is valid: {d.Fields.Count} fields, key [{string.Join(", ", d.KeyFields)}], version {d.Version}");
                return 0;
            }
            catch (FeedDefinitionException e)
            {
                return Fail(e);
            }
        });
        return command;
    }

    private static Command Test()
    {
        var file = new Argument<string>("definition") { Description = "A feed definition file." };
        var sample = new Argument<string>("sample") { Description = "A sample message (CSV, JSON or XML file), read as one raw message." };
        var expect = new Option<string?>("--expect") { Description = "An expected-output file (JSON) to compare against: exit 1 on any difference." };
        var write = new Option<bool>("--write-expect") { Description = "Write the --expect file from this run (a deliberate step when the expectation changes)." };
        var command = new Command("test", "Dry run: map a sample file with a definition and show every record, accepted or rejected with its field and reason.")
        {
            file, sample, expect, write,
        };
        command.SetAction(parse =>
        {
            FeedDefinition definition;
            try
            {
                definition = FeedDefinitionLoader.LoadFile(parse.GetValue(file)!);
            }
            catch (FeedDefinitionException e)
            {
                return Fail(e);
            }
            var bytes = File.ReadAllBytes(parse.GetValue(sample)!);
            var context = new RawRecordContext(new RecordOrigin("sample", 0, 0), DateTimeOffset.UtcNow);
            var records = definition.Read(bytes, context);
            var outcome = DryRunOutcome.From(records);
            Print(definition, records, outcome);
            var expectPath = parse.GetValue(expect);
            if (expectPath is null)
            {
                return 0;
            }
            if (parse.GetValue(write))
            {
                File.WriteAllText(expectPath, outcome.ToJson());
                Console.WriteLine($"wrote {expectPath}");
                return 0;
            }
            var expected = DryRunOutcome.FromJson(File.ReadAllText(expectPath));
            var differences = outcome.Compare(expected);
            foreach (var difference in differences)
            {
                AnsiConsole.MarkupLine($"[red]differs:[/] {Markup.Escape(difference)}");
            }
            Console.WriteLine(differences.Count == 0 ? $"matches {expectPath}" : $"{differences.Count} difference(s) from {expectPath}");
            return differences.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Publish()
    {
        var file = new Argument<string>("definition") { Description = "The feed's definition file." };
        var data = new Argument<string>("file") { Description = "A file of the feed's format (a CSV export, a JSON array, an XML document)." };
        var bootstrap = KafkaCliOptions.Bootstrap();
        var prefix = KafkaCliOptions.TopicPrefix();
        var groupPrefix = new Option<string>("--group-prefix") { Description = "Consumer group prefix of the workers (Kafka:GroupPrefix), whose Ingest lag paces the backfill.", DefaultValueFactory = _ => "pipeline" };
        var maxLag = new Option<long>("--max-lag") { Description = "Pause while the Ingest group is this many messages behind on the raw topic.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("publish", "Publish a file's records to the feed's raw topic (a backfill), pacing by the pipeline's consumer lag.")
        {
            file, data, bootstrap, prefix, groupPrefix, maxLag,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            FeedDefinition definition;
            try
            {
                definition = FeedDefinitionLoader.LoadFile(parse.GetValue(file)!);
            }
            catch (FeedDefinitionException e)
            {
                return Fail(e);
            }
            if (KafkaCliOptions.From(parse.GetValue(bootstrap), parse.GetValue(prefix), parse.GetValue(groupPrefix)!) is not { } options)
            {
                return 1;
            }
            var publisher = new FeedPublisher(options, definition, parse.GetValue(maxLag));
            IReadOnlyList<byte[]> messages;
            try
            {
                messages = publisher.Messages(await File.ReadAllBytesAsync(parse.GetValue(data)!, cancellationToken));
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"{definition.Id}: {messages.Count:N0} message(s)", maxValue: messages.Count);
                await publisher.PublishAsync(messages, (sent, lag) =>
                {
                    task.Value = sent;
                    task.Description = $"{definition.Id}: {sent:N0}/{messages.Count:N0}, ingest lag {lag:N0}";
                }, cancellationToken);
            });
            Console.WriteLine($"published {messages.Count:N0} message(s) to {definition.RawTopic(options.TopicNames)}");
            return 0;
        });
        return command;
    }

    private static void Print(FeedDefinition definition, IReadOnlyList<MappedRecord> records, DryRunOutcome outcome)
    {
        var table = new Table().Title($"{Markup.Escape(definition.Id)}: dry run").AddColumns("#", "result", "key", "occurred (UTC)", "call type", "location", "privacy", "field", "reason");
        foreach (var record in records)
        {
            if (record.Result.Report is { } r)
            {
                var location = r.Location.HasCoordinates ? string.Create(CultureInfo.InvariantCulture, $"{r.Location.Latitude:F5}, {r.Location.Longitude:F5}") : r.Location.RawAddress ?? "";
                table.AddRow(record.Index.ToString(CultureInfo.InvariantCulture), "[green]accepted[/]", Markup.Escape(r.IdempotencyKey), r.OccurredAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(r.CadCallType ?? ""), Markup.Escape(location), $"{r.Privacy.Subjects.Count}s/{r.Privacy.Vehicles.Count}v", "", "");
            }
            else
            {
                table.AddRow(record.Index.ToString(CultureInfo.InvariantCulture), "[red]rejected[/]", "", "", "", "", "", Markup.Escape(record.Result.Rejection!.Field ?? ""), Markup.Escape(record.Result.Rejection.Reason));
            }
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"{records.Count} record(s): {outcome.Accepted.Count} accepted, {outcome.Rejected.Count} rejected");
        var unknown = records.SelectMany(r => r.UnknownFields).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            Console.WriteLine($"source fields the definition does not read (ignored): {string.Join(", ", unknown)}");
        }
    }

    private static int Fail(FeedDefinitionException e)
    {
        foreach (var problem in e.Problems)
        {
            Console.Error.WriteLine(problem);
        }
        Console.Error.WriteLine($"{e.Problems.Count} problem(s)");
        return 1;
    }
}

/// <summary>What a dry run produced, in a form that can be written, read back and compared.</summary>
internal sealed record DryRunOutcome(IReadOnlyList<ExpectedAccepted> Accepted, IReadOnlyList<ExpectedRejected> Rejected)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    public static DryRunOutcome From(IReadOnlyList<MappedRecord> records) => new(
        [.. records.Where(r => r.Result.Report is not null).Select(r => ExpectedAccepted.Of(r.Index, r.Result.Report!))],
        [.. records.Where(r => r.Result.Rejection is not null).Select(r => new ExpectedRejected(r.Index, r.Result.Rejection!.Field, r.Result.Rejection.Reason))]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DryRunOutcome FromJson(string json) => JsonSerializer.Deserialize<DryRunOutcome>(json, Json) ?? throw new JsonException("empty expectation");

    public List<string> Compare(DryRunOutcome expected)
    {
        var differences = new List<string>();
        var actualAccepted = Accepted.ToDictionary(a => a.Record);
        foreach (var want in expected.Accepted)
        {
            if (!actualAccepted.TryGetValue(want.Record, out var got))
            {
                differences.Add($"record {want.Record}: expected accepted, but it was not");
            }
            else if (got != want)
            {
                differences.Add($"record {want.Record}: expected {want}, got {got}");
            }
        }
        var actualRejected = Rejected.ToDictionary(r => r.Record);
        foreach (var want in expected.Rejected)
        {
            if (!actualRejected.TryGetValue(want.Record, out var got))
            {
                differences.Add($"record {want.Record}: expected rejected ({want.Reason}), but it was not");
            }
            else if (got != want)
            {
                differences.Add($"record {want.Record}: expected rejection '{want.Reason}' on field '{want.Field}', got '{got.Reason}' on field '{got.Field}'");
            }
        }
        var expectedRecords = expected.Accepted.Select(a => a.Record).Concat(expected.Rejected.Select(r => r.Record)).ToHashSet();
        differences.AddRange(Accepted.Select(a => a.Record).Concat(Rejected.Select(r => r.Record)).Where(n => !expectedRecords.Contains(n)).Select(n => $"record {n}: not in the expectation"));
        return differences;
    }
}

/// <summary>An accepted record as an expectation lists it (privacy fields as counts only).</summary>
internal sealed record ExpectedAccepted(int Record, string Key, DateTimeOffset OccurredAt, string? CallType, int? Priority, double? Latitude, double? Longitude, string? Address, string Narrative, int Subjects, int Vehicles)
{
    public static ExpectedAccepted Of(int record, Report r) => new(
        record, r.IdempotencyKey, r.OccurredAt, r.CadCallType, r.CadPriority,
        r.Location.Latitude is { } lat ? Math.Round(lat, 6) : null, r.Location.Longitude is { } lon ? Math.Round(lon, 6) : null,
        r.Location.RawAddress, r.Narrative, r.Privacy.Subjects.Count, r.Privacy.Vehicles.Count);
}

/// <summary>A rejection as an expectation lists it.</summary>
internal sealed record ExpectedRejected(int Record, string? Field, string Reason);
