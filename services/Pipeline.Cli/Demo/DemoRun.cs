using System.Diagnostics;
using Pipeline.Contracts;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pipeline.Kafka;
using Pipeline.Storage;
using Pipeline.Worker;

namespace Pipeline.Cli.Demo;

/// <summary>Settings of one demo run.</summary>
internal sealed record DemoSettings(int Records, int Seed, string DatabasePath, TimeSpan StallTimeout);

/// <summary>What a demo run counted; <see cref="Reconciles"/> is the exit condition.</summary>
internal sealed record DemoSummary(
    long Published,
    long Stored,
    long Duplicates,
    long Rejected,
    long Alerts,
    IReadOnlyDictionary<string, long> AlertsByCategory,
    IReadOnlyDictionary<string, long> RejectionsByReason,
    int ExpectedValid,
    int ExpectedDuplicates,
    int ExpectedMalformed,
    TimeSpan Elapsed)
{
    /// <summary>Stored reports by how they were placed: precision and geocoding provider.</summary>
    public IReadOnlyList<(LocationPrecision Precision, string Provider, long Reports)> Located { get; init; } = [];

    /// <summary>Reports per open incident.</summary>
    public IReadOnlyList<int> Incidents { get; init; } = [];

    /// <summary>Stored links by band ("Link", "PossibleDuplicate").</summary>
    public IReadOnlyDictionary<string, int> Links { get; init; } = new Dictionary<string, int>();

    public bool Reconciles => Published == Stored + Duplicates + Rejected;

    public bool MatchesExpectations => Stored == ExpectedValid && Duplicates == ExpectedDuplicates && Rejected == ExpectedMalformed;

    public double Throughput => Elapsed.TotalSeconds > 0 ? Published / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// The first-run demo: starts the worker (both roles) on the development broker and a fresh
/// SQLite file, publishes a generated mixed stream to the feeds' raw topics with a separate
/// producer, follows the dead-letter topics, and reports when every record is accounted for.
/// </summary>
internal sealed class DemoRun(DemoSettings settings, TextWriter output)
{
    // Records published but not yet accounted for: keeps the publisher within the development
    // broker's ~5 MB per partition retention, as a real deployment paces backfills by lag.
    private const int MaxInFlight = 20_000;

    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        InProcessWorker.DeleteDatabase(settings.DatabasePath);
        var (points, segments) = await DemoArea.ImportAsync(settings.DatabasePath, cancellationToken);
        await output.WriteLineAsync($"Demo area gazetteer: {points:N0} address points, {segments:N0} street segments imported (infra/geo/demo)");
        var app = PipelineWorkerHost.Build([], new Dictionary<string, string?>(DemoArea.GeocodingSettings())
        {
            ["urls"] = "http://127.0.0.1:0",
            // The demo always runs on its own development broker, whatever the environment says.
            ["Kafka:BootstrapServers"] = "",
            ["Store:Provider"] = "Sqlite",
            ["Store:ConnectionString"] = $"Data Source={settings.DatabasePath}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Pipeline.Kafka.DeadLetterPublisher"] = "Error",
            ["Logging:LogLevel:Pipeline.Kafka.KafkaConsumerLoop"] = "Error",
        });
        await app.StartAsync(cancellationToken);
        try
        {
            return await RunAgainstAsync(app, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private async Task<DemoSummary> RunAgainstAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var broker = app.Services.GetRequiredService<BrokerConnection>();
        var kafka = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var store = app.Services.GetRequiredService<PipelineStore>();
        var feeds = app.Services.GetRequiredService<FeedCatalog>();
        await output.WriteLineAsync($"Development Kafka broker: {broker.BootstrapServers} (librdkafka mock cluster, {kafka.DevelopmentBrokers} brokers, {kafka.Partitions} partitions per topic)");
        await output.WriteLineAsync($"Store: SQLite at {Path.GetFullPath(settings.DatabasePath)}");
        await output.WriteLineAsync($"Worker health: {string.Join(", ", app.Urls)}/health  metrics: /metrics");

        // Throughput is measured from the first publication, so wait until both roles' consumers have joined.
        var joined = await InProcessWorker.WaitForConsumersAsync(app.Services.GetRequiredService<ConsumerHeartbeats>(), cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Consumers joined their groups in {joined.TotalSeconds:F1} s."));
        var records = DemoStreamGenerator.Generate(settings.Records, settings.Seed, DateTimeOffset.UtcNow, DemoArea.AddressesByStyle());
        await output.WriteLineAsync($"Publishing {records.Count:N0} SAR and CAD records to {string.Join(", ", feeds.RawTopics)}...");

        using var producer = new KafkaProducer(kafka, broker.BootstrapServers, "pipeline-demo-publisher");
        using var deadLetterReader = new DeadLetterReader(kafka, broker.BootstrapServers, kafka.TopicNames.DeadLettersFor(feeds.Feeds.Select(f => f.Id)));
        var deadLetters = new Dictionary<(string, int, long, int), DeadLetterRecord>();
        var stopwatch = Stopwatch.StartNew();
        var published = 0;
        var lastProgress = TimeSpan.Zero;
        var lastAccounted = -1L;
        var lastChange = stopwatch.Elapsed;
        StoreCounts counts;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts = await store.GetCountsAsync(cancellationToken);
            foreach (var record in deadLetterReader.Poll(TimeSpan.FromMilliseconds(published < records.Count ? 10 : 200)))
            {
                deadLetters.TryAdd(record.OriginalPosition, record);
            }
            var accounted = counts.Receipts + deadLetters.Count;
            if (accounted != lastAccounted)
            {
                lastAccounted = accounted;
                lastChange = stopwatch.Elapsed;
            }
            if (published < records.Count && published - accounted < MaxInFlight)
            {
                var chunk = records.Skip(published).Take(Math.Min(1000, records.Count - published)).ToList();
                await producer.PublishAllAsync([.. chunk.Select(r => new OutgoingMessage(kafka.TopicNames.FeedRaw(r.FeedId), r.Key, r.Payload))], cancellationToken);
                published += chunk.Count;
                lastChange = stopwatch.Elapsed;
            }
            if (stopwatch.Elapsed - lastProgress >= TimeSpan.FromSeconds(1) || accounted >= records.Count)
            {
                lastProgress = stopwatch.Elapsed;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {stopwatch.Elapsed.TotalSeconds,6:F1}s  published {published,7:N0}  stored {counts.Reports,7:N0}  duplicates {counts.Duplicates,5:N0}  rejected {deadLetters.Count,5:N0}  alerts {counts.Alerts,6:N0}"));
            }
            if (published == records.Count && accounted >= records.Count)
            {
                break;
            }
            if (stopwatch.Elapsed - lastChange > settings.StallTimeout)
            {
                await output.WriteLineAsync($"No progress for {settings.StallTimeout.TotalSeconds:F0} s: stopping with {records.Count - accounted} record(s) unaccounted for.");
                break;
            }
            if (published == records.Count)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        var elapsed = stopwatch.Elapsed;
        counts = await store.GetCountsAsync(cancellationToken);
        return new DemoSummary(
            records.Count,
            counts.Reports,
            counts.Duplicates,
            deadLetters.Count,
            counts.Alerts,
            counts.AlertsByCategory,
            deadLetters.Values.GroupBy(d => Generalize(d.Reason), StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
            records.Count(r => r.Expectation == DemoExpectation.Valid),
            records.Count(r => r.Expectation == DemoExpectation.Duplicate),
            records.Count(r => r.Expectation == DemoExpectation.Malformed),
            elapsed)
        {
            Located = await store.GetLocationCountsAsync(cancellationToken),
            Incidents = (await store.GetIncidentsAsync(cancellationToken)).Where(i => i.MergedInto is null).Select(i => i.ReportKeys.Count).ToList(),
            Links = (await store.GetLinksAsync(cancellationToken)).CountBy(l => l.Band).ToDictionary(StringComparer.Ordinal),
        };
    }

    // Groups reasons that differ only in a number (an offset, a byte count) into one line.
    private static string Generalize(string reason) =>
        System.Text.RegularExpressions.Regex.Replace(reason, @"\d+", "N", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
}
