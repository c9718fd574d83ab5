using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Kafka;
using Pipeline.Storage;
using Pipeline.Worker;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Everything one integration test needs, isolated from every other test: its own topic prefix
/// and consumer groups on the shared Kafka, its own SQLite file, worker hosts it starts, and a
/// publisher that is a separate client from the workers'.
/// </summary>
internal sealed class PipelineTestContext : IAsyncDisposable
{
    public const int Partitions = 4;
    private readonly string _bootstrapServers;
    private readonly List<WebApplication> _hosts = [];
    private readonly string _directory;
    private KafkaProducer? _publisher;

    /// <summary>The feeds a test worker runs unless a test names others: the demo's two JSON feeds.</summary>
    public static readonly IReadOnlyList<string> DefaultFeeds = ["demo-sar", "demo-cad"];

    public PipelineTestContext(KafkaClusterFixture kafka, IReadOnlyList<string>? feedIds = null, string? feedFolder = null)
        : this(kafka.BootstrapServers, kafka.CreateTopics, feedIds, feedFolder)
    {
    }

    /// <summary>A context on a development broker of the test's own, for tests that break brokers.</summary>
    public PipelineTestContext(DevelopmentBroker broker, IReadOnlyList<string>? feedIds = null, string? feedFolder = null)
        : this(broker.BootstrapServers, (topics, partitions) => CreateTopics(broker, topics, partitions), feedIds, feedFolder)
    {
    }

    private PipelineTestContext(string bootstrapServers, Action<IEnumerable<string>, int> createTopics, IReadOnlyList<string>? feedIds, string? feedFolder)
    {
        _bootstrapServers = bootstrapServers;
        FeedIds = feedIds ?? DefaultFeeds;
        FeedFolder = feedFolder;
        var id = Guid.NewGuid().ToString("N")[..10];
        Topics = new TopicNames($"t{id}.");
        GroupPrefix = $"t{id}.pipeline";
        _directory = Path.Combine(Path.GetTempPath(), "pipeline-it-" + id);
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "store.db");
        createTopics(Topics.AllFor(FeedIds), Partitions);
        Store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={DatabasePath}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
    }

    private static void CreateTopics(DevelopmentBroker broker, IEnumerable<string> topics, int partitions)
    {
        foreach (var topic in topics)
        {
            broker.CreateTopic(topic, partitions, broker.BrokerCount);
        }
    }

    public TopicNames Topics { get; }

    public IReadOnlyList<string> FeedIds { get; }

    /// <summary>A folder of definitions to run instead of the shipped ones, or null.</summary>
    public string? FeedFolder { get; }

    public string GroupPrefix { get; }

    public string DatabasePath { get; }

    /// <summary>A store on the same file as the workers', for assertions.</summary>
    public PipelineStore Store { get; }

    public KafkaOptions KafkaOptions => new() { BootstrapServers = _bootstrapServers, TopicPrefix = Topics.Prefix };

    public KafkaProducer Publisher => _publisher ??= new KafkaProducer(KafkaOptions, _bootstrapServers, "pipeline-it-publisher");

    /// <summary>Starts a worker host (both roles unless settings say otherwise) and waits until its loops own partitions.</summary>
    public async Task<WebApplication> StartWorkerAsync(Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null, bool waitForAssignment = true)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = _bootstrapServers,
            ["Kafka:TopicPrefix"] = Topics.Prefix,
            ["Kafka:GroupPrefix"] = GroupPrefix,
            ["Kafka:CreateTopics"] = "false",
            ["Kafka:MaxBatchWait"] = "00:00:00.020",
            ["Feeds:Only"] = string.Join(",", FeedIds),
            ["Feeds:Folder"] = FeedFolder,
            ["Store:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Pipeline.Kafka.DeadLetterPublisher"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var host = PipelineWorkerHost.Build([], all, configureServices);
        _hosts.Add(host);
        await host.StartAsync(TestContext.Current.CancellationToken);
        if (waitForAssignment)
        {
            await Eventually.Until(() => Task.FromResult(Loops(host).All(l => l.Heartbeat.AssignedPartitions > 0)), TimeSpan.FromSeconds(60), "the worker's consumers own partitions");
        }
        return host;
    }

    public static IReadOnlyList<KafkaConsumerLoop> Loops(WebApplication host) =>
        [.. host.Services.GetServices<IHostedService>().OfType<KafkaConsumerLoop>()];

    public Task PublishAsync(string feedId, IEnumerable<byte[]> payloads) =>
        Publisher.PublishAllAsync([.. payloads.Select(p => new OutgoingMessage(Topics.FeedRaw(feedId), null, p))], TestContext.Current.CancellationToken);

    /// <summary>Reads every dead letter of this test's topics until <paramref name="expected"/> distinct ones arrived.</summary>
    public async Task<IReadOnlyList<DeadLetterRecord>> ReadDeadLettersAsync(int expected, TimeSpan timeout)
    {
        using var reader = new DeadLetterReader(KafkaOptions, _bootstrapServers, Topics.DeadLettersFor(FeedIds));
        var seen = new Dictionary<(string, int, long, int), DeadLetterRecord>();
        var deadline = DateTime.UtcNow + timeout;
        while (seen.Count < expected && DateTime.UtcNow < deadline)
        {
            foreach (var record in reader.Poll(TimeSpan.FromMilliseconds(500)))
            {
                seen.TryAdd(record.OriginalPosition, record);
            }
            await Task.Yield();
        }
        // A short extra read: more dead letters than expected is a failure too.
        foreach (var record in reader.Poll(TimeSpan.FromMilliseconds(500)))
        {
            seen.TryAdd(record.OriginalPosition, record);
        }
        return [.. seen.Values];
    }

    /// <summary>
    /// The alert ids on this test's alerts topic, one per message (a republished alert appears
    /// again), read from its start until at least <paramref name="expected"/> messages arrived
    /// and the topic went quiet, or the time is up.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadAlertIdsAsync(int expected, TimeSpan timeout)
    {
        var config = KafkaClientConfig.Consumer(KafkaOptions, _bootstrapServers, $"pipeline.alerts-reader.{Guid.NewGuid():N}", "pipeline-alerts-reader");
        config.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        consumer.Subscribe(Topics.Alerts);
        var ids = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && (ids.Count < expected || DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(1)))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } message)
            {
                ids.Add(System.Text.Encoding.UTF8.GetString(message.Message.Key ?? []));
                quietSince = DateTime.UtcNow;
            }
            await Task.Yield();
        }
        consumer.Close();
        return ids;
    }

    public async Task WaitForReceiptsAsync(long expected, TimeSpan timeout) =>
        await Eventually.Until(async () => (await Store.GetCountsAsync(TestContext.Current.CancellationToken)).Receipts >= expected, timeout, $"{expected} receipts in the store");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
            }
            await host.DisposeAsync();
        }
        _publisher?.Dispose();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Eventually
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>Sums one instrument's measurements (all tag sets) while it lives.</summary>
internal sealed class MetricProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public MetricProbe(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}

/// <summary>A fault injector that records what each loop handled and can simulate a crash.</summary>
internal sealed class RecordingFaults(string? crashLoop = null, int crashAfterBatches = 1) : IConsumerFaultInjector
{
    private int _batches;

    public ConcurrentBag<(string Loop, TopicPartition Partition)> Handled { get; } = [];

    public void AfterEffectsBeforeOffsets(string loopName, IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch)
    {
        foreach (var record in batch)
        {
            Handled.Add((loopName, record.TopicPartition));
        }
        if (loopName == crashLoop && Interlocked.Increment(ref _batches) >= crashAfterBatches)
        {
            throw new InjectedCrashException();
        }
    }
}
