using System.CommandLine;
using Pipeline.Cli.Demo;
using Pipeline.Contracts;
using Pipeline.Feeds.Definitions;
using Pipeline.Kafka;
using Pipeline.Worker;
using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>The verbs of ./pipeline.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        // Redirected output (a pipe, a file, a test) has no terminal width: Spectre would wrap
        // tables at 80 columns. Use $COLUMNS when set, else a width that keeps rows on one line.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;
        }
        var root = new RootCommand("Suspicious-activity ingestion pipeline: SAR and CAD feeds through Kafka into scored alerts for the watch desk.");
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(WorkerCommand());
        root.Subcommands.Add(BrokerCommand());
        root.Subcommands.Add(Feeds.FeedCommands.Build());
        root.Subcommands.Add(DeadLetters.DeadLetterCommands.Build());
        root.Subcommands.Add(Geo.GeoCommands.Build());
        root.Subcommands.Add(Models.ModelCommands.Build());
        root.Subcommands.Add(Audit.AuditCommands.Build());
        root.Subcommands.Add(Desk.DeskCommands.Build());
        root.Subcommands.Add(Retention.RetentionCommands.Build());
        root.Subcommands.Add(Bench.BenchCommands.Build());
        root.Subcommands.Add(Lineage.LineageCommands.Build());
        root.Subcommands.Add(Replay.ReplayCommands.Build());
        return root;
    }

    private static Command DemoCommand()
    {
        var records = new Option<int>("--records") { Description = "How many raw records to publish (at least 1).", DefaultValueFactory = _ => 6000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated stream.", DefaultValueFactory = _ => 20261122 };
        var database = new Option<string>("--database") { Description = "SQLite file the demo creates afresh.", DefaultValueFactory = _ => Path.Combine("data", "demo.db") };
        var serve = new Option<bool>("--serve") { Description = "Then run the watch desk on the demo's store (127.0.0.1) until Ctrl+C." };
        var port = Desk.DeskCommands.PortOption();
        var command = new Command("demo", "Start the development broker and the worker, publish a mixed SAR/CAD stream, and show where every record went.")
        {
            records, seed, database, serve, port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new DemoSettings(Math.Max(1, parse.GetValue(records)), parse.GetValue(seed), parse.GetValue(database)!, TimeSpan.FromSeconds(60));
            var summary = await new DemoRun(settings, Console.Out).RunAsync(cancellationToken);
            DemoReport.Write(AnsiConsole.Console, summary);
            if (parse.GetValue(serve))
            {
                await DemoServe.RunAsync(settings.DatabasePath, parse.GetValue(port), Console.Out, cancellationToken);
            }
            return summary.Reconciles ? 0 : 1;
        });
        return command;
    }

    private static Command WorkerCommand()
    {
        var command = new Command("worker", "Run the worker (Ingest and Process roles by default). Settings as --Section:Key=value, PIPELINE_ environment variables or appsettings.json.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = PipelineWorkerHost.Build([.. parse.UnmatchedTokens]);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command BrokerCommand()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic.", DefaultValueFactory = _ => 6 };
        var command = new Command("broker", "Run the development Kafka broker (librdkafka mock cluster) with the shipped feeds' topics until Ctrl+C.")
        {
            brokers, partitions,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var broker = DevelopmentBroker.Start(parse.GetValue(brokers));
            foreach (var topic in new FeedCatalog(FeedDefinitionLoader.LoadFolder(FeedCatalog.DefaultFolder), TopicNames.Default).AllTopics)
            {
                broker.CreateTopic(topic, parse.GetValue(partitions), Math.Min(3, broker.BrokerCount));
            }
            Console.WriteLine($"Development Kafka broker at {broker.BootstrapServers}");
            Console.WriteLine($"Point a worker at it: ./pipeline worker --Kafka:BootstrapServers={broker.BootstrapServers}");
            Console.WriteLine("Ctrl+C stops it (its data is in memory only).");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }
}
