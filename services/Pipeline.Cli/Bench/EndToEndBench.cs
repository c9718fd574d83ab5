using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Pipeline.Cli.Demo;
using Pipeline.Kafka;
using Pipeline.Worker;

namespace Pipeline.Cli.Bench;

/// <summary>Settings of one end-to-end benchmark run.</summary>
/// <param name="Records">Raw records to publish, every one a valid, distinct report.</param>
/// <param name="Rate">Records per second to publish at; null publishes as fast as the pipeline takes them.</param>
/// <param name="Seed">Seed of the generated stream.</param>
/// <param name="Partitions">Partitions of every topic of the development broker.</param>
/// <param name="DatabasePath">SQLite file the run creates afresh.</param>
/// <param name="WarmUp">The first span of publishing: its records are measured with all others, and left out of the warmed-up latency.</param>
internal sealed record BenchSettings(int Records, int? Rate, int Seed, int Partitions, string DatabasePath, TimeSpan WarmUp);

/// <summary>What one end-to-end run measured.</summary>
internal sealed record BenchResult(
    BenchSettings Settings,
    long Committed,
    TimeSpan PublishSpan,
    TimeSpan EndToEndSpan,
    double Throughput,
    double SteadyThroughput,
    LatencyHistogram Latency,
    LatencyHistogram SettledLatency,
    LatencyHops SettledHops,
    ConsumeLimit Consume,
    StoreInsertLimit.Result Store,
    StageTimes Stages,
    string Machine)
{
    public bool Complete => Committed >= Settings.Records;

    /// <summary>CPU the development broker and this whole process used while the pipeline ran; null where it cannot be read.</summary>
    public BrokerCpu? Cpu { get; init; }

    /// <summary>Every record's latency by when it was published.</summary>
    public required LatencyTimeline Timeline { get; init; }
}

/// <summary>CPU time used while the pipeline ran (publishing to the last commit).</summary>
/// <param name="Broker">The development broker's thread.</param>
/// <param name="Process">This whole process: broker, worker, publisher.</param>
internal sealed record BrokerCpu(TimeSpan Broker, TimeSpan Process);

/// <summary>
/// <c>pipeline bench e2e</c>: the whole pipeline (publish → Ingest → Process → store) on the
/// development broker and a fresh SQLite store, in this process, with the demo area's gazetteer.
/// Latency is taken per record from its publication time (the raw message's timestamp, set by the
/// producer) to the moment the Process role's store transaction holding it has committed (the
/// worker's <c>pipeline.processing.latency</c> measurement). In the same run it
/// measures the two limits of this machine: a consumer that does nothing reading the same
/// messages, and plain prepared inserts of the same rows into a fresh store.
/// </summary>
internal sealed class EndToEndBench(BenchSettings settings, TextWriter output)
{
    // Unthrottled, the publisher stays at most this many records ahead of the store: the
    // development broker keeps about 5 MB per partition of each raw topic.
    private const int MaxInFlight = 20_000;

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        InProcessWorker.DeleteDatabase(settings.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.DatabasePath))!);
        await DemoArea.ImportAsync(settings.DatabasePath, cancellationToken);
        var messages = Generate();
        var payloadBytes = messages.Sum(m => (long)m.Value.Length);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generated {messages.Count:N0} valid, distinct SAR and CAD records ({payloadBytes / 1024.0 / 1024.0:F1} MB), seed {settings.Seed}; {settings.Partitions} partitions per topic"));

        var latency = new LatencyHistogram();
        // The same, for records published after the warm-up: the worker's code compiled and
        // optimised, its caches, linking windows and consumer fetch sessions filled, as a
        // long-running worker's are. Chosen by publication time, not commit order, so that
        // records published during the warm-up and committed late count as warm-up.
        var settled = new LatencyHistogram();
        var settledHops = new LatencyHops();
        var stages = new StageTimes();
        var timeline = new LatencyTimeline();
        using var listener = Listen(latency, settled, settledHops, settings.WarmUp, timeline, stages);
        var app = PipelineWorkerHost.Build([], new Dictionary<string, string?>(DemoArea.GeocodingSettings())
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = "",
            ["Kafka:Partitions"] = settings.Partitions.ToString(CultureInfo.InvariantCulture),
            ["Store:Provider"] = "Sqlite",
            ["Store:ConnectionString"] = $"Data Source={settings.DatabasePath}",
            ["Fairness:AuditInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Pipeline.Kafka.DownstreamBacklogGate"] = "Error",
        });
        await app.StartAsync(cancellationToken);
        TimeSpan publishSpan, endToEnd;
        double steady;
        long committed;
        BrokerCpu? cpu;
        KafkaOptions kafka;
        try
        {
            var broker = app.Services.GetRequiredService<BrokerConnection>();
            kafka = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var joined = await InProcessWorker.WaitForConsumersAsync(app.Services.GetRequiredService<ConsumerHeartbeats>(), cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Worker started; consumers joined their groups in {joined.TotalSeconds:F1} s."));
            using var self = Process.GetCurrentProcess();
            var brokerBefore = ThreadCpu.Of(ThreadCpu.DevelopmentBrokerThread);
            var processBefore = self.TotalProcessorTime;
            (publishSpan, endToEnd, steady, committed) = await PublishAndFollowAsync(kafka, broker.BootstrapServers, messages, latency, timeline, cancellationToken);
            self.Refresh();
            cpu = ThreadCpu.Of(ThreadCpu.DevelopmentBrokerThread) - brokerBefore is { } brokerCpu
                ? new BrokerCpu(brokerCpu, self.TotalProcessorTime - processBefore)
                : null;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
        // The limits are measured with the worker stopped, so that it takes no CPU from them.
        await output.WriteLineAsync("Measuring the consume limit: a consumer that does nothing, reading the same messages from a development broker of its own...");
        ConsumeLimit consume;
        using (var limitBroker = DevelopmentBroker.Start(kafka.DevelopmentBrokers))
        {
            consume = await ConsumeLimit.MeasureAsync(kafka, limitBroker, settings.Partitions, messages, cancellationToken);
        }
        await output.WriteLineAsync("Measuring the store limit: plain prepared inserts of the same rows into a fresh store...");
        // As many transactions as the Process role's store writes.
        var storeBatches = stages.All.Where(t => t.Role == "process" && t.Stage == "store").Select(t => t.Batches).DefaultIfEmpty(1).Single();
        var store = await StoreInsertLimit.MeasureAsync(settings.DatabasePath, (int)Math.Max(1, storeBatches), cancellationToken);
        return new BenchResult(settings, committed, publishSpan, endToEnd, committed / endToEnd.TotalSeconds, steady, latency, settled, settledHops, consume, store, stages, MachineDescription()) { Cpu = cpu, Timeline = timeline };
    }

    private List<OutgoingMessage> Generate()
    {
        var topics = new Pipeline.Contracts.TopicNames("");
        var area = DemoArea.AddressesByStyle();
        var now = DateTimeOffset.UtcNow;
        // The demo stream mixes in resends and malformed records; the benchmark keeps the valid
        // ones, so that every record published is one report stored.
        var size = settings.Records + (settings.Records / 5) + 100;
        while (true)
        {
            var valid = DemoStreamGenerator.Generate(size, settings.Seed, now, area).Where(r => r.Expectation == DemoExpectation.Valid).ToList();
            if (valid.Count >= settings.Records)
            {
                return [.. valid.Take(settings.Records).Select(r => new OutgoingMessage(topics.FeedRaw(r.FeedId), r.Key, r.Payload))];
            }
            size *= 2;
        }
    }

    // The worker's own measurements: each record's publish-to-commit latency and its hops, and each batch's time per stage.
    private static MeterListener Listen(LatencyHistogram latency, LatencyHistogram settled, LatencyHops settledHops, TimeSpan warmUp, LatencyTimeline timeline, StageTimes stages)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Pipeline.Worker" && instrument.Name is "pipeline.processing.latency" or "pipeline.processing.hop_latency" or "pipeline.stage.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (instrument.Name == "pipeline.processing.latency")
            {
                latency.Add(seconds * 1000);
                var publishedAt = DateTimeOffset.UtcNow.AddSeconds(-seconds);
                timeline.Add(publishedAt, seconds * 1000);
                var isSettled = timeline.SinceStart(publishedAt) >= warmUp;
                if (isSettled)
                {
                    settled.Add(seconds * 1000);
                }
                settledHops.AddTotal(seconds * 1000, isSettled);
                return;
            }
            string? role = null, stage = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "hop" && tag.Value is string hop)
                {
                    LatencyHops.AddHop(hop, seconds * 1000);
                    return;
                }
                if (tag.Key == "role")
                {
                    role = tag.Value as string;
                }
                else if (tag.Key == "stage")
                {
                    stage = tag.Value as string;
                }
            }
            if (role is not null && stage is not null)
            {
                stages.Add(role, stage, seconds);
            }
        });
        listener.Start();
        return listener;
    }

    private async Task<(TimeSpan Publish, TimeSpan EndToEnd, double Steady, long Committed)> PublishAndFollowAsync(
        KafkaOptions kafka, string bootstrap, List<OutgoingMessage> messages, LatencyHistogram latency, LatencyTimeline timeline, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(settings.Rate is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"Publishing {messages.Count:N0} records at {r:N0}/s...")
            : string.Create(CultureInfo.InvariantCulture, $"Publishing {messages.Count:N0} records as fast as the pipeline takes them (at most {MaxInFlight:N0} ahead of the store)..."));
        using var producer = new KafkaProducer(kafka, bootstrap, "pipeline-bench-publisher");
        // As a feed's long-running publisher would have them: its topics' leaders known before the first record.
        producer.Prepare(messages.Select(m => m.Topic), TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        timeline.Begin(DateTimeOffset.UtcNow);
        var published = 0;
        var publishSpan = TimeSpan.Zero;
        var lastProgress = TimeSpan.Zero;
        var lastCount = -1;
        var lastChange = TimeSpan.Zero;
        TimeSpan? atTenth = null, atNinetieth = null;
        var tenth = Math.Max(1, messages.Count / 10);
        var ninetieth = Math.Max(tenth + 1, messages.Count * 9 / 10);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var committed = latency.Count;
            if (committed >= tenth && atTenth is null)
            {
                atTenth = clock.Elapsed;
            }
            if (committed >= ninetieth && atNinetieth is null)
            {
                atNinetieth = clock.Elapsed;
            }
            if (committed != lastCount)
            {
                lastCount = committed;
                lastChange = clock.Elapsed;
            }
            if (committed >= messages.Count)
            {
                break;
            }
            if (published < messages.Count)
            {
                var due = settings.Rate is { } rate
                    ? (int)Math.Min(messages.Count, Math.Floor(clock.Elapsed.TotalSeconds * rate) + 1)
                    : Math.Min(messages.Count, committed + MaxInFlight);
                var count = Math.Min(due - published, 2_000);
                if (count > 0)
                {
                    await producer.PublishAllAsync(messages.GetRange(published, count), cancellationToken);
                    published += count;
                    lastChange = clock.Elapsed;
                    if (published == messages.Count)
                    {
                        publishSpan = clock.Elapsed;
                    }
                    continue;
                }
            }
            if (clock.Elapsed - lastProgress >= TimeSpan.FromSeconds(2))
            {
                lastProgress = clock.Elapsed;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds,6:F1}s  published {published,9:N0}  committed {committed,9:N0}"));
            }
            if (clock.Elapsed - lastChange > TimeSpan.FromSeconds(60))
            {
                await output.WriteLineAsync($"No progress for 60 s: stopping with {messages.Count - committed:N0} record(s) not committed.");
                break;
            }
            await Task.Delay(settings.Rate is null ? 20 : 2, cancellationToken);
        }
        var endToEnd = clock.Elapsed;
        var committedAtEnd = latency.Count;
        var steadyRecords = ninetieth - tenth;
        var steady = atTenth is { } a && atNinetieth is { } b && b > a ? steadyRecords / (b - a).TotalSeconds : double.NaN;
        return (publishSpan, endToEnd, steady, committedAtEnd);
    }

    private static string MachineDescription()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return $"{Environment.ProcessorCount} cores, {cpu}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}

/// <summary>Seconds spent per role and stage over the run, and batches seen, from the worker's stage measurements.</summary>
internal sealed class StageTimes
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Role, string Stage), (double Seconds, long Batches)> _times = [];

    public void Add(string role, string stage, double seconds)
    {
        lock (_gate)
        {
            var (sum, count) = _times.GetValueOrDefault((role, stage));
            _times[(role, stage)] = (sum + seconds, count + 1);
        }
    }

    /// <summary>Each role's stages in the order they were first seen.</summary>
    public IReadOnlyList<(string Role, string Stage, double Seconds, long Batches)> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _times.Select(t => (t.Key.Role, t.Key.Stage, t.Value.Seconds, t.Value.Batches))];
            }
        }
    }
}

/// <summary>
/// The broker-side limit: a consumer of the same configuration as the worker's that does nothing
/// with the messages, reading the same payloads from topics of their own on the same broker.
/// </summary>
internal sealed record ConsumeLimit(long Messages, TimeSpan Elapsed)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Messages / Elapsed.TotalSeconds : 0;

    public static async Task<ConsumeLimit> MeasureAsync(KafkaOptions kafka, DevelopmentBroker broker, int pipelinePartitions, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var bootstrap = broker.BootstrapServers;
        // The pipeline's partitions per topic (one topic per feed, as the raw topics), or more
        // when the broker's ~5 MB per partition could not hold every message.
        var bytes = messages.Sum(m => (long)m.Value.Length + (m.Key?.Length ?? 0) + 64);
        var partitions = (int)Math.Clamp((bytes / (3L * 1024 * 1024)) + 1, pipelinePartitions, 512);
        var prefix = $"bench-limit-{Guid.NewGuid():N}.";
        var topics = messages.Select(m => m.Topic).Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => prefix + t, StringComparer.Ordinal);
        foreach (var topic in topics.Values)
        {
            broker.CreateTopic(topic, partitions, Math.Min(3, broker.BrokerCount));
        }
        using (var producer = new KafkaProducer(kafka, bootstrap, "pipeline-bench-limit-publisher"))
        {
            foreach (var chunk in messages.Chunk(5_000))
            {
                await producer.PublishAllAsync([.. chunk.Select(m => m with { Topic = topics[m.Topic] })], cancellationToken);
            }
        }
        var config = KafkaClientConfig.Consumer(kafka, bootstrap, prefix + "group", "pipeline-bench-limit-consumer");
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        consumer.Subscribe(topics.Values);
        long count = 0;
        Stopwatch? clock = null;
        var deadline = Stopwatch.StartNew();
        while (count < messages.Count && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null)
            {
                // From the first message: the group's join is not the consumer's throughput.
                clock ??= Stopwatch.StartNew();
                count++;
            }
        }
        var elapsed = clock?.Elapsed ?? TimeSpan.Zero;
        consumer.Close();
        return new ConsumeLimit(count, elapsed);
    }
}
