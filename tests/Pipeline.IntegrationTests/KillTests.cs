using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The worker as a real process, killed with SIGKILL at random points while it processes a
/// stream, must leave the same store as a clean run over the same log: nothing lost, nothing
/// twice, no decision or alert different. Suite size by default; set
/// <see cref="RecordsVariable"/> for the full-size run (docs/operations.md, "Crash test").
/// </summary>
public sealed class KillTests
{
    public const string RecordsVariable = "PIPELINE_KILL_TEST_RECORDS";
    private const int SuiteRecords = 20_000;
    private const int Kills = 5;
    private const int Seed = 20261122;

    [Fact]
    public async Task AWorkerKilledWithSigkillAtRandomPointsLeavesTheSameStoreAsACleanRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var records = int.TryParse(Environment.GetEnvironmentVariable(RecordsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : SuiteRecords;
        var stream = KillTestStream.Generate(records, Seed);
        // The mock broker keeps about 5 MB per partition: enough partitions that no run outgrows it.
        var partitions = Math.Clamp(records / 4000, 12, 64);
        var timeout = TimeSpan.FromSeconds(60 + (records / 100));
        using var folder = new TempFolder();
        var cleanStore = Path.Combine(folder.Path, "clean.db");
        var crashStore = Path.Combine(folder.Path, "crash.db");
        var total = Stopwatch.StartNew();

        // Each run has a broker of its own holding the same log: the same messages with the same
        // keys, timestamps, partitions and offsets, so only the kills differ between the runs.
        await using (var broker = await CliProcess.StartBrokerAsync(partitions, ct))
        {
            await stream.PublishAsync(broker.Bootstrap!, ct);
            await using var worker = CliProcess.StartWorker(broker.Bootstrap!, cleanStore, "kill-clean");
            await WaitForReceiptsAsync(cleanStore, stream.ExpectedReceipts, worker, timeout, ct);
            await worker.StopAsync();
        }
        var cleanSeconds = total.Elapsed.TotalSeconds;

        var random = new Random(Seed);
        var killedAt = new List<long>();
        var lives = new List<double>();
        await using (var broker = await CliProcess.StartBrokerAsync(partitions, ct))
        {
            await stream.PublishAsync(broker.Bootstrap!, ct);
            var worker = CliProcess.StartWorker(broker.Bootstrap!, crashStore, "kill-crash");
            var life = Stopwatch.StartNew();
            try
            {
                while (killedAt.Count < Kills)
                {
                    var current = await CountReceiptsAsync(crashStore, ct);
                    var step = Math.Max(2, (stream.ExpectedReceipts - current) / (Kills - killedAt.Count + 2));
                    await WaitForReceiptsAsync(crashStore, current + random.NextInt64(1, step), worker, timeout, ct);
                    // A little further on, so that kills land anywhere in the batch cycle (reading,
                    // mapping, linking, mid-transaction, between the store commit and the offset commit).
                    await Task.Delay(random.Next(0, 40), ct);
                    var at = await CountReceiptsAsync(crashStore, ct);
                    worker.Kill();
                    Assert.True(at < stream.ExpectedReceipts, $"kill {killedAt.Count + 1} came after the worker had finished ({at:N0} of {stream.ExpectedReceipts:N0} receipts)");
                    killedAt.Add(at);
                    lives.Add(life.Elapsed.TotalSeconds);
                    await worker.DisposeAsync();
                    worker = CliProcess.StartWorker(broker.Bootstrap!, crashStore, "kill-crash");
                    life.Restart();
                }
                await WaitForReceiptsAsync(crashStore, stream.ExpectedReceipts, worker, timeout, ct);
                lives.Add(life.Elapsed.TotalSeconds);
                await worker.StopAsync();
            }
            finally
            {
                await worker.DisposeAsync();
            }
        }

        var clean = await CanonicalDump.ReadAsync(cleanStore, ct);
        var crash = await CanonicalDump.ReadAsync(crashStore, ct);
        var summary = $"{records:N0} records ({stream.Messages.Count:N0} messages, {stream.ExpectedReceipts:N0} accepted), {partitions} partitions, " +
            $"{killedAt.Count} SIGKILLs at receipts [{string.Join(", ", killedAt.Select(k => k.ToString("N0", CultureInfo.InvariantCulture)))}], " +
            $"worker lives [{string.Join(", ", lives.Select(l => l.ToString("F1", CultureInfo.InvariantCulture)))}] s, clean run {cleanSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s; rows compared: " +
            string.Join(", ", clean.Where(t => t.Value.Count > 0).Select(t => $"{t.Key} {t.Value.Count:N0}"));
        output?.WriteLine(summary);
        Console.WriteLine(summary);

        Assert.Equal(stream.ExpectedReceipts, clean["report_receipts"].Count);
        Assert.Equal(stream.ExpectedReports, clean["reports"].Count);
        Assert.NotEmpty(clean["alerts"]);
        Assert.NotEmpty(clean["report_versions"]);
        Assert.NotEmpty(clean["report_links"]);
        var differences = CanonicalDump.Differences(clean, crash);
        Assert.True(differences.Count == 0, "the crash store differs from the clean store:\n" + string.Join('\n', differences));
    }

    private static async Task<long> CountReceiptsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM report_receipts";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // Not migrated yet, or busy for a moment: the next poll sees it.
            return 0;
        }
    }

    private static async Task WaitForReceiptsAsync(string path, long expected, CliProcess worker, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        long count;
        while ((count = await CountReceiptsAsync(path, ct)) < expected)
        {
            Assert.False(worker.HasExited, $"the worker exited ({count:N0} of {expected:N0} receipts stored):\n{worker.Tail}");
            Assert.True(deadline.Elapsed < timeout, $"{count:N0} of {expected:N0} receipts stored after {timeout}:\n{worker.Tail}");
            await Task.Delay(10, ct);
        }
    }
}

/// <summary>
/// A deterministic demo-cad stream: distinct calls spread over many geo cells, a mix of bomb
/// threats and benign calls, second callers reporting the same event (linked into incidents),
/// exact resends (duplicates), corrected resends (new versions) and unreadable records
/// (dead-lettered). Each message is keyed by its report's partitioning cell, so a cell's records
/// sit in one raw partition in a fixed order and reach the Process role in that order in every
/// run; with unkeyed messages the interleaving of partitions, and so which of two linked calls
/// came first, would legitimately differ between two runs.
/// </summary>
internal sealed class KillTestStream
{
    private static readonly string[] CallTypes = ["BOMB THREAT", "SUSPICIOUS PERSON", "WELFARE CHECK", "TRAFFIC STOP", "SUSPICIOUS VEHICLE", "NOISE COMPLAINT", "SUSPICIOUS PACKAGE", "ALARM"];
    private static readonly string[] Notes =
    [
        "caller reports a note left at the front desk threatening to detonate a device",
        "male in dark hoodie looking into parked cars",
        "elderly resident not answering the door, family concerned",
        "vehicle stopped for expired registration",
        "van parked for several hours near the substation, engine running",
        "loud music from the second floor",
        "unattended backpack left beside the ticket machines",
        "commercial burglar alarm, rear door",
    ];

    private KillTestStream(string topic, List<Message<byte[], byte[]>> messages, long expectedReceipts, long expectedReports)
    {
        Topic = topic;
        Messages = messages;
        ExpectedReceipts = expectedReceipts;
        ExpectedReports = expectedReports;
    }

    public string Topic { get; }

    public IReadOnlyList<Message<byte[], byte[]>> Messages { get; }

    /// <summary>Messages the feed definition accepts: one receipt each.</summary>
    public long ExpectedReceipts { get; }

    /// <summary>Distinct report keys among them.</summary>
    public long ExpectedReports { get; }

    public static KillTestStream Generate(int records, int seed)
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "feeds", "demo-cad.yaml"));
        var random = new Random(seed);
        // Calls from the last two days, inside the worker's 72-hour linking window (measured from
        // the worker's clock) in both runs, so that second callers are linked into incidents.
        var now = DateTimeOffset.UtcNow;
        var span = TimeSpan.FromHours(46);
        var spacing = span / records;
        var start = TimeZoneInfo.ConvertTime(now - span - TimeSpan.FromHours(1), definition.TimeZone).DateTime;
        var payloads = new List<byte[]>(records + (records / 10));
        for (var i = 0; i < records; i++)
        {
            var type = random.Next(CallTypes.Length);
            var latitude = Math.Round(44.0 + (random.NextDouble() * 4), 5);
            var longitude = Math.Round(-124.0 + (random.NextDouble() * 4), 5);
            var at = start + (spacing * i);
            var id = $"K{i:D7}";
            if (i % 500 == 499)
            {
                payloads.Add(Encoding.UTF8.GetBytes(new JsonObject { ["cad_event_number"] = id, ["cad_event_original_time_queued"] = Local(at) }.ToJsonString()));
                continue;
            }
            var payload = Cad(id, CallTypes[type], at, 1 + (i % 5), latitude, longitude, Notes[type]);
            payloads.Add(payload);
            if (i % 97 == 13)
            {
                payloads.Add(payload);
            }
            if (i % 250 == 31)
            {
                payloads.Add(Cad(id, CallTypes[type], at, 1 + (i % 5), latitude, longitude, Notes[type] + "; update: units on scene"));
            }
            if (i % 40 == 7)
            {
                payloads.Add(Cad(id + "B", CallTypes[type], at.AddSeconds(90), 1 + (i % 5), latitude + 0.0002, longitude + 0.0002, "second caller: " + Notes[type]));
            }
        }

        // Mapped as the worker will map them: received now, after every call in the stream.
        var context = new RawRecordContext(new RecordOrigin("generated", 0, 0), now);
        var messages = new List<Message<byte[], byte[]>>(payloads.Count);
        long accepted = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var lastKey = "cell:none";
        for (var m = 0; m < payloads.Count; m++)
        {
            var mapped = definition.Read(payloads[m], context);
            if (mapped.Count == 1 && mapped[0].Result.Report is { } report)
            {
                accepted++;
                keys.Add(report.IdempotencyKey);
                lastKey = PartitionKeys.For(report);
            }
            messages.Add(new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(lastKey),
                Value = payloads[m],
                Timestamp = new Timestamp(now.AddMilliseconds(m - payloads.Count)),
            });
        }
        return new KillTestStream(definition.RawTopic(TopicNames.Default), messages, accepted, keys.Count);
    }

    /// <summary>Produces every message in order with an idempotent producer, so partitions and offsets are the same on every broker.</summary>
    public async Task PublishAsync(string bootstrapServers, CancellationToken ct)
    {
        // The whole stream is queued before the flush: room for the full-size run's messages.
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5, QueueBufferingMaxMessages = 2_000_000 };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var failures = 0;
        foreach (var message in Messages)
        {
            producer.Produce(Topic, message, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }
        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(120)), ct);
        Assert.Equal(0, failures);
    }

    private static byte[] Cad(string id, string callType, DateTime at, int priority, double latitude, double longitude, string notes) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["cad_event_number"] = id,
            ["cad_event_original_time_queued"] = Local(at),
            ["call_type"] = callType,
            ["priority"] = priority,
            ["dispatch_latitude"] = latitude,
            ["dispatch_longitude"] = longitude,
            ["notes"] = notes,
        }.ToJsonString());

    private static string Local(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>The built <c>pipeline</c> tool as a long-running child process (broker or worker) that a test can kill.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private const int TailLines = 60;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly TaskCompletionSource<string> _bootstrap = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(IEnumerable<string> arguments)
    {
        _process = new Process { StartInfo = Cli.StartInfo(arguments) };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string? Bootstrap { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail => string.Join('\n', _tail);

    public static async Task<CliProcess> StartBrokerAsync(int partitions, CancellationToken ct)
    {
        var broker = new CliProcess(["broker", "--brokers", "1", "--partitions", partitions.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            broker.Bootstrap = await broker._bootstrap.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public static CliProcess StartWorker(string bootstrapServers, string storePath, string groupPrefix) => new(
    [
        "worker",
        "--urls=http://127.0.0.1:0",
        $"--Kafka:BootstrapServers={bootstrapServers}",
        $"--Kafka:GroupPrefix={groupPrefix}",
        "--Kafka:CreateTopics=false",
        "--Feeds:Only=demo-cad",
        // A SIGKILLed member never leaves its group: the broker evicts it after the session
        // timeout, and the restarted worker's partitions wait until then. 6 s (Kafka's minimum)
        // instead of librdkafka's 45 s keeps the suite short; it changes nothing else.
        "--Kafka:ClientProperties:session.timeout.ms=6000",
        "--Kafka:ClientProperties:heartbeat.interval.ms=1000",
        // The broker is a development broker of another process (about 5 MB per partition):
        // Ingest must not run further ahead of Process than it can hold.
        "--Kafka:ProcessBacklogLimit=2000",
        $"--Store:ConnectionString=Data Source={storePath}",
        "--Logging:LogLevel:Default=Warning",
    ]);

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops it; SIGKILL if it has not exited after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        const string marker = "Development Kafka broker at ";
        if (line.StartsWith(marker, StringComparison.Ordinal))
        {
            _bootstrap.TrySetResult(line[marker.Length..].Trim());
        }
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }
}
