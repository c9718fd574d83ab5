using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Issue 9, items 2 and 3: broker faults injected with the mock cluster's own fault injection,
/// and a database that is unavailable for a while. The worker must stay up and store every
/// record exactly once.
/// </summary>
[Collection(KafkaTests.Name)]
public sealed class FaultToleranceTests(KafkaClusterFixture kafka)
{
    // Kafka protocol API keys and error codes (Kafka protocol guide; codes as in rdkafka.h).
    private const short Produce = 0;
    private const short Fetch = 1;
    private const short OffsetCommit = 8;
    private const short Heartbeat = 12;
    private const int NotLeaderForPartition = 6;
    private const int RequestTimedOut = 7;
    private const int CoordinatorNotAvailable = 15;
    private const int NotCoordinator = 16;

    [Fact]
    public async Task BrokerOutagesAndRequestErrorsLoseAndDuplicateNothingAndTheWorkerStaysUp()
    {
        // A cluster of this test's own: taking brokers down must not disturb the shared fixture.
        using var broker = DevelopmentBroker.Start(3);
        await using var context = new PipelineTestContext(broker);
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        var host = await context.StartWorkerAsync(services => services.AddSingleton<ILoggerProvider>(logs), BrokerFaultSettings());

        var waves = Waves(total: 3000, waveCount: 6);
        Action[] faults =
        [
            () => broker.PushRequestErrors(Produce, NotLeaderForPartition, RequestTimedOut, NotLeaderForPartition, RequestTimedOut),
            () => broker.PushRequestErrors(Fetch, NotLeaderForPartition, RequestTimedOut, NotLeaderForPartition),
            () => broker.PushRequestErrors(OffsetCommit, NotCoordinator, RequestTimedOut, CoordinatorNotAvailable, NotCoordinator),
            () => broker.PushRequestErrors(Heartbeat, NotCoordinator, CoordinatorNotAvailable),
            () => { },
            () => broker.PushRequestErrors(Produce, RequestTimedOut, RequestTimedOut),
        ];
        for (var i = 0; i < waves.Count; i++)
        {
            var (feed, payloads) = waves[i];
            // Publish while a fault is in force: the publisher, the worker's producer and its consumers all meet it.
            var publishing = context.PublishAsync(feed, payloads);
            faults[i]();
            if (i is 1 or 4)
            {
                // A broker down for a few seconds (less than the 10 s session timeout), then back.
                var down = i == 1 ? 2 : 1;
                broker.SetBrokerDown(down);
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                broker.SetBrokerUp(down);
            }
            await publishing;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var expectedKeys = waves.SelectMany(w => w.Keys).Order(StringComparer.Ordinal).ToList();
        await context.WaitForReceiptsAsync(expectedKeys.Count, TimeSpan.FromSeconds(60));
        // Time for anything that would arrive twice (a replay after a fault) to arrive.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        var (counts, alerts) = await AssertEachStoredOnceAsync(context, waves);
        // An eager rebalance after the faults (every member rejoins) can hold the last commit
        // back for a while; 20 s was once too short in a full run.
        await WaitForEveryCommitAsync(broker, context, logs);
        AssertLoopsAreRunning(host);
        // The faults reached the worker: its consumers saw Kafka errors (event 1108), and lived on.
        Assert.True(logs.Count(1108) > 0, "the worker's consumers saw no Kafka error: the faults did not reach them");
        TestContext.Current.TestOutputHelper?.WriteLine($"records {expectedKeys.Count}, reports {counts.Reports}, receipts {counts.Receipts}, duplicates {counts.Duplicates}, alerts {alerts}, consumer Kafka errors {logs.Count(1108)}, batch retries {logs.Count(1106)}");
    }

    [Fact]
    public async Task ALockedDatabasePausesConsumptionWithoutCommittingRetriesWithCappedBackoffAndResumes()
    {
        await using var context = new PipelineTestContext(kafka);
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        var minBackoff = TimeSpan.FromMilliseconds(100);
        var maxBackoff = TimeSpan.FromMilliseconds(250);
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:MaxBatchSize"] = "50",
            ["Kafka:AutoCommitInterval"] = "00:00:00.200",
            ["Kafka:MinBackoff"] = minBackoff.ToString(),
            ["Kafka:MaxBackoff"] = maxBackoff.ToString(),
            // A short store timeout, so that a lock held for seconds fails writes instead of only
            // delaying them; the store applies it to SQLite's lock waits (Default Timeout, busy_timeout).
            ["Store:CommandTimeout"] = "00:00:01",
        };
        var host = await context.StartWorkerAsync(services => services.AddSingleton<ILoggerProvider>(logs), settings);
        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };
        var first = Waves(total: 600, waveCount: 2);
        foreach (var (feed, payloads) in first)
        {
            await context.PublishAsync(feed, payloads);
        }
        await context.WaitForReceiptsAsync(600, TimeSpan.FromSeconds(60));
        Assert.Equal("Healthy", await HealthStatusAsync(http));

        using var retries = new MetricProbe("pipeline.kafka.batch.retries");
        var processGroup = $"{context.GroupPrefix}.process";
        var statuses = new List<string>();
        var committedWhileLocked = new List<(long Committed, long Stored)>();
        long storedAtLock;
        await using (var locker = new SqliteConnection($"Data Source={context.DatabasePath}"))
        {
            await locker.OpenAsync(ct);
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync(ct);
            }
            storedAtLock = (await context.Store.GetCountsAsync(ct)).Receipts;
            var second = Waves(total: 600, waveCount: 2, firstId: 601);
            foreach (var (feed, payloads) in second)
            {
                await context.PublishAsync(feed, payloads);
            }
            // Hold the lock until the loop has retried past the cap, and at least 8 s.
            var lockedAt = DateTime.UtcNow;
            while (DateTime.UtcNow - lockedAt < TimeSpan.FromSeconds(8) || retries.Total < 4)
            {
                Assert.True(DateTime.UtcNow - lockedAt < TimeSpan.FromSeconds(40), $"only {retries.Total} retries in 40 s of lock");
                // Committed first, then stored: a commit can only follow its store, so committed <= stored.
                var committed = CommittedTotal(processGroup, context.Topics.NormalizedReports);
                var stored = (await context.Store.GetCountsAsync(ct)).Receipts;
                committedWhileLocked.Add((committed, stored));
                statuses.Add(await HealthStatusAsync(http));
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            AssertLoopsAreRunning(host);
            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(ct);
        }

        await context.WaitForReceiptsAsync(1200, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        // While locked: nothing stored, no offset committed past what is stored, health degraded.
        Assert.All(committedWhileLocked, sample => Assert.Equal(storedAtLock, sample.Stored));
        Assert.All(committedWhileLocked, sample => Assert.True(sample.Committed <= sample.Stored, $"committed {sample.Committed} offsets with {sample.Stored} stored"));
        Assert.Contains("Degraded", statuses);
        Assert.DoesNotContain("Unhealthy", statuses);
        // Retried with exponential backoff capped at MaxBackoff.
        var delays = logs.BatchFailedDelays();
        Assert.True(delays.Count >= 4, $"expected at least 4 logged retries, saw {delays.Count}");
        Assert.Equal((long)minBackoff.TotalMilliseconds, delays.Min());
        Assert.Equal((long)maxBackoff.TotalMilliseconds, delays.Max());

        // After release: everything stored exactly once, offsets committed, health back to healthy.
        var expected = first.Concat(Waves(total: 600, waveCount: 2, firstId: 601)).SelectMany(w => w.Keys).Order(StringComparer.Ordinal).ToList();
        var reports = await context.Store.GetReportsAsync(ct);
        Assert.Equal(expected, reports.Select(r => r.IdempotencyKey));
        var counts = await context.Store.GetCountsAsync(ct);
        Assert.Equal((1200L, 1200L, 0L), (counts.Reports, counts.Receipts, counts.Duplicates));
        await Eventually.Until(() => Task.FromResult(CommittedTotal(processGroup, context.Topics.NormalizedReports) == 1200), TimeSpan.FromSeconds(20), "the process group to commit every stored record");
        await Eventually.Until(async () => await HealthStatusAsync(http) == "Healthy", TimeSpan.FromSeconds(20), "health to recover");
        AssertLoopsAreRunning(host);
        TestContext.Current.TestOutputHelper?.WriteLine($"records 1200 (600 during the lock), samples {committedWhileLocked.Count}, max committed while locked {committedWhileLocked.Max(c => c.Committed)} of {storedAtLock} stored, degraded samples {statuses.Count(x => x == "Degraded")}/{statuses.Count}, retries {retries.Total}, delays [{string.Join(",", delays)}] ms, duplicates {counts.Duplicates}");
    }

    [Fact]
    public async Task AClusterOutageLongerThanTheSessionTimeoutEvictsTheWorkerAndItsReplaysChangeNothing()
    {
        using var broker = DevelopmentBroker.Start(3);
        await using var context = new PipelineTestContext(broker);
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        var host = await context.StartWorkerAsync(services => services.AddSingleton<ILoggerProvider>(logs), BrokerFaultSettings());
        var waves = Waves(total: 1500, waveCount: 3);
        await context.PublishAsync(waves[0].Feed, waves[0].Payloads);
        await context.WaitForReceiptsAsync(waves[0].Keys.Count, TimeSpan.FromSeconds(60));

        // The second wave is in flight when every broker goes down for longer than the consumers'
        // 10 s session timeout: both members are evicted, lose their partitions and, when the
        // cluster is back, rejoin and replay what they had not committed.
        var publishing = context.PublishAsync(waves[1].Feed, waves[1].Payloads);
        await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        for (var id = 1; id <= 3; id++)
        {
            broker.SetBrokerDown(id);
        }
        await Task.Delay(TimeSpan.FromSeconds(14), ct);
        for (var id = 1; id <= 3; id++)
        {
            broker.SetBrokerUp(id);
        }
        await publishing;
        await context.PublishAsync(waves[2].Feed, waves[2].Payloads);

        var expectedKeys = waves.SelectMany(w => w.Keys).Order(StringComparer.Ordinal).ToList();
        await context.WaitForReceiptsAsync(expectedKeys.Count, TimeSpan.FromSeconds(90));
        await WaitForEveryCommitAsync(broker, context, logs);
        // Each report stored once, each alert raised once, however often its record was read.
        await AssertEachStoredOnceAsync(context, waves);
        // The outage did evict them (event 1104, partitions lost), and the loops lived on.
        Assert.True(logs.Count(1104) > 0, $"no consumer lost its partitions: the outage did not outlast the session; events:\n{string.Join("\n", logs.LoopEvents())}");
        AssertLoopsAreRunning(host);
        TestContext.Current.TestOutputHelper?.WriteLine($"records {expectedKeys.Count}, partitions lost {logs.Count(1104)} times, normalized messages {NormalizedMessages(broker, context)}");
    }

    // Every record of the waves stored once (one report, one receipt, no duplicate) and every
    // alerting one alerted once; returns the counts and the number of alerts for the test's output.
    private static async Task<(Pipeline.Storage.StoreCounts Counts, int Alerts)> AssertEachStoredOnceAsync(PipelineTestContext context, IReadOnlyList<Wave> waves)
    {
        var ct = TestContext.Current.CancellationToken;
        var expectedKeys = waves.SelectMany(w => w.Keys).Order(StringComparer.Ordinal).ToList();
        var reports = await context.Store.GetReportsAsync(ct);
        Assert.Equal(expectedKeys, reports.Select(r => r.IdempotencyKey));
        var counts = await context.Store.GetCountsAsync(ct);
        Assert.Equal(((long)expectedKeys.Count, (long)expectedKeys.Count, 0L), (counts.Reports, counts.Receipts, counts.Duplicates));
        var alerts = await context.Store.GetAlertsAsync(ct);
        Assert.Equal(waves.SelectMany(w => w.AlertKeys).Order(StringComparer.Ordinal), alerts.Select(a => a.ReportKey).Order(StringComparer.Ordinal));
        return (counts, alerts.Count);
    }

    // Small batches and frequent commits, so that broker faults meet many produce, fetch and commit requests.
    private static Dictionary<string, string?> BrokerFaultSettings() => new()
    {
        ["Kafka:MaxBatchSize"] = "50",
        ["Kafka:AutoCommitInterval"] = "00:00:00.200",
        ["Kafka:MinBackoff"] = "00:00:00.100",
        ["Kafka:MaxBackoff"] = "00:00:01",
    };

    // Waits until each group's committed offset reaches the end of every partition it reads: no
    // commit lost or left stuck. The end, not the record count: a member evicted from its group
    // loses its partitions, its uncommitted records are replayed, and Ingest publishes them to the
    // normalized topic again (the store's counts show that a replay changes nothing there).
    private static async Task WaitForEveryCommitAsync(DevelopmentBroker broker, PipelineTestContext context, CapturingLoggerProvider logs)
    {
        var readers = new[] { ($"{context.GroupPrefix}.process", context.Topics.NormalizedReports) }
            .Concat(context.FeedIds.Select(feed => ($"{context.GroupPrefix}.ingest", context.Topics.FeedRaw(feed))))
            .ToList();
        try
        {
            await Eventually.Until(
                () => Task.FromResult(readers.All(r => CommitPositions(broker.BootstrapServers, r.Item1, r.Item2).All(p => p.Committed == p.End))),
                TimeSpan.FromSeconds(60),
                "both consumer groups to commit every record");
        }
        catch (TimeoutException e)
        {
            var positions = readers.Select(r => $"{r.Item1} {r.Item2}: {string.Join(", ", CommitPositions(broker.BootstrapServers, r.Item1, r.Item2).Select(p => $"[{p.Partition}] {p.Committed}/{p.End}"))}");
            throw new TimeoutException($"{e.Message}; committed/end per partition: {string.Join("; ", positions)}; consumer loop events:\n{string.Join("\n", logs.LoopEvents())}", e);
        }
    }

    private static long NormalizedMessages(DevelopmentBroker broker, PipelineTestContext context) =>
        CommitPositions(broker.BootstrapServers, $"{context.GroupPrefix}.process", context.Topics.NormalizedReports).Sum(p => p.End);

    private static void AssertLoopsAreRunning(WebApplication host)
    {
        var loops = PipelineTestContext.Loops(host);
        Assert.Equal(2, loops.Count);
        Assert.All(loops, loop =>
        {
            Assert.False(loop.Crashed);
            Assert.NotEqual(ConsumerState.Stopped, loop.Heartbeat.State);
        });
    }

    /// <summary>
    /// Records split into waves alternating CAD and SAR. Every third CAD call is a bomb threat,
    /// which alerts on its own (calls are far apart, so each is its own incident).
    /// </summary>
    private static List<Wave> Waves(int total, int waveCount, int firstId = 1)
    {
        var perWave = total / waveCount;
        var waves = new List<Wave>();
        for (var w = 0; w < waveCount; w++)
        {
            var ids = Enumerable.Range(firstId + (w * perWave), perWave).ToList();
            if (w % 2 == 0)
            {
                var payloads = ids.Select(i => RawRecords.Cad($"C{i:D5}", i % 3 == 0 ? "BOMB THREAT" : "WELFARE CHECK", "2026-03-01T09:30:00", i % 5, 30 + (i % 100 * 0.05), -120 + (i / 100 * 0.05))).ToList();
                waves.Add(new Wave(RawRecords.CadFeed, payloads, [.. ids.Select(i => $"demo-cad:C{i:D5}")], [.. ids.Where(i => i % 3 == 0).Select(i => $"demo-cad:C{i:D5}")]));
            }
            else
            {
                var payloads = ids.Select(i => RawRecords.Sar($"S{i:D5}", "Person photographed the loading dock and left.", new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), 30 + (i % 100 * 0.05), -110 + (i / 100 * 0.05))).ToList();
                waves.Add(new Wave(RawRecords.SarFeed, payloads, [.. ids.Select(i => $"demo-sar:S{i:D5}")], []));
            }
        }
        return waves;
    }

    private static async Task<string> HealthStatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("status").GetString() ?? "";
    }

    /// <summary>The group's committed offsets summed over the topic's partitions (unset counts as 0).</summary>
    private long CommittedTotal(string group, string topic) => CommitPositions(kafka.BootstrapServers, group, topic).Sum(p => p.Committed);

    // Each partition's offset committed by a group, beside the partition's end.
    private static IReadOnlyList<(int Partition, long Committed, long End)> CommitPositions(string bootstrapServers, string group, string topic)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group, EnableAutoCommit = false };
        using var reader = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        var partitions = Enumerable.Range(0, PipelineTestContext.Partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var committed = reader.Committed(partitions, TimeSpan.FromSeconds(10));
        return [.. partitions.Zip(committed, (tp, c) => (tp.Partition.Value, Math.Max(0, c.Offset.Value), reader.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value))];
    }

    private sealed record Wave(string Feed, IReadOnlyList<byte[]> Payloads, IReadOnlyList<string> Keys, IReadOnlyList<string> AlertKeys)
    {
        public void Deconstruct(out string feed, out IReadOnlyList<byte[]> payloads) => (feed, payloads) = (Feed, Payloads);
    }

    /// <summary>Keeps the retry delays the consumer loops log (event 1106) and counts warnings by event id; no message text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<long> _delays = new();
        private readonly ConcurrentDictionary<int, int> _events = new();
        private readonly ConcurrentQueue<string> _loopEvents = new();

        public IReadOnlyList<long> BatchFailedDelays() => [.. _delays];

        // The consumer loops' own events (assignments, revocations, errors, retries) in order, for a
        // failure message: partition lists and error codes, never a record's content.
        public IReadOnlyList<string> LoopEvents() => [.. _loopEvents];

        public int Count(int eventId) => _events.GetValueOrDefault(eventId);

        public ILogger CreateLogger(string categoryName) => new Capture(this);

        public void Dispose()
        {
        }

        private sealed class Capture(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Id is >= 1101 and <= 1112)
                {
                    owner._loopEvents.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {eventId.Id} {formatter(state, exception)}");
                }
                if (logLevel < LogLevel.Warning)
                {
                    return;
                }
                owner._events.AddOrUpdate(eventId.Id, 1, (_, n) => n + 1);
                if (eventId.Id == 1106 && state is IReadOnlyList<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        if (key == "DelayMs" && value is long delay)
                        {
                            owner._delays.Enqueue(delay);
                        }
                    }
                }
            }
        }
    }
}
