using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Kafka;
using Pipeline.Storage;

namespace Pipeline.Worker.Tests;

public sealed class WorkerHealthTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pipeline-worker-health-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly ConsumerHeartbeats _heartbeats = new();
    private readonly WorkerOptions _options = new();
    private PipelineStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = CreateStore(Path.Combine(_directory, "pipeline.db"));
        await _store.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task FreshHeartbeatsAndAReachableStoreAreHealthy()
    {
        _heartbeats.Register(new ConsumerHeartbeat("process", _time));
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(
            [
                new HealthCheck("consumer:ingest", HealthStatus.Healthy, "Starting, 0 partition(s)", 0),
                new HealthCheck("consumer:process", HealthStatus.Healthy, "Starting, 0 partition(s)", 0),
                new HealthCheck("store", HealthStatus.Healthy, "reachable", null),
            ],
            report.Checks);
    }

    [Fact]
    public async Task RunningLoopsAreHealthy()
    {
        await using var ingest = await StartLoopAsync("ingest");
        await using var process = await StartLoopAsync("process");

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.All(report.Checks, check => Assert.Equal(HealthStatus.Healthy, check.Status));
        Assert.Equal(
            ["Running, 0 partition(s)", "Running, 0 partition(s)", "reachable"],
            report.Checks.Select(c => c.Detail));
    }

    [Fact]
    public async Task StoppedLoopIsUnhealthy()
    {
        var stopped = await StartLoopAsync("ingest");
        await using var running = await StartLoopAsync("process");
        await stopped.DisposeAsync();

        var report = await CheckAsync();

        Assert.Equal(ConsumerState.Stopped, stopped.Loop.Heartbeat.State);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(
            [("consumer:ingest", HealthStatus.Unhealthy, "Stopped, 0 partition(s)"), ("consumer:process", HealthStatus.Healthy, "Running, 0 partition(s)"), ("store", HealthStatus.Healthy, "reachable")],
            report.Checks.Select(c => (c.Name, c.Status, c.Detail)));
    }

    [Fact]
    public async Task HeartbeatOlderThanTheTimeoutIsUnhealthy()
    {
        var stale = new ConsumerHeartbeat("ingest", _time);
        _heartbeats.Register(stale);
        _time.Advance(TimeSpan.FromSeconds(31));
        var fresh = new ConsumerHeartbeat("process", _time);
        _heartbeats.Register(fresh);

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(
            [("consumer:ingest", HealthStatus.Unhealthy, (double?)31), ("consumer:process", HealthStatus.Healthy, 0), ("store", HealthStatus.Healthy, null)],
            report.Checks.Select(c => (c.Name, c.Status, c.HeartbeatAgeSeconds)));
    }

    [Fact]
    public async Task HeartbeatExactlyAsOldAsTheTimeoutIsStillHealthy()
    {
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        _time.Advance(_options.HeartbeatTimeout);

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task ConfiguredHeartbeatTimeoutIsTheOneApplied()
    {
        _options.HeartbeatTimeout = TimeSpan.FromSeconds(5);
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        _time.Advance(TimeSpan.FromSeconds(6));

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Checks[0].Status);
    }

    [Fact]
    public async Task BeatingAgainMakesAStaleLoopHealthy()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);
        _heartbeats.Register(beat);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);

        beat.Beat();

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task HeartbeatAgeIsReportedInSecondsToOneDecimal()
    {
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        _time.Advance(TimeSpan.FromMilliseconds(12_345));

        var report = await CheckAsync();

        Assert.Equal(12.3, report.Checks[0].HeartbeatAgeSeconds);
    }

    [Fact]
    public async Task WithoutLoopsOnlyTheStoreIsChecked()
    {
        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal([new HealthCheck("store", HealthStatus.Healthy, "reachable", null)], report.Checks);
    }

    [Fact]
    public async Task StoreWhoseDirectoryWasRemovedIsDegradedNotUnhealthy()
    {
        var gone = Path.Combine(_directory, "gone");
        await using var store = CreateStore(Path.Combine(gone, "pipeline.db"));
        Directory.Delete(gone, recursive: true);
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));

        var report = await WorkerHealth.CheckAsync(_heartbeats, store, _options, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(new HealthCheck("store", HealthStatus.Degraded, "unreachable: SqliteException", null), report.Checks[^1]);
        Assert.Equal(HealthStatus.Healthy, report.Checks[0].Status);
    }

    [Fact]
    public async Task ClosedStoreIsDegraded()
    {
        await using var store = CreateStore(Path.Combine(_directory, "closed.db"));
        await store.DisposeAsync();

        var report = await WorkerHealth.CheckAsync(_heartbeats, store, _options, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal([new HealthCheck("store", HealthStatus.Degraded, "unreachable: ObjectDisposedException", null)], report.Checks);
    }

    [Fact]
    public async Task StaleLoopOutweighsAnUnreachableStore()
    {
        var gone = Path.Combine(_directory, "gone");
        await using var store = CreateStore(Path.Combine(gone, "pipeline.db"));
        Directory.Delete(gone, recursive: true);
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        _time.Advance(TimeSpan.FromMinutes(1));

        var report = await WorkerHealth.CheckAsync(_heartbeats, store, _options, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    [Fact]
    public async Task UnhealthyWorkerAnswers503()
    {
        _heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await WorkerHealth.HandleAsync(_heartbeats, _store, Options.Create(_options), TestContext.Current.CancellationToken);

        var json = Assert.IsType<JsonHttpResult<HealthReport>>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, json.StatusCode);
        Assert.Equal(HealthStatus.Unhealthy, json.Value!.Status);
    }

    [Fact]
    public async Task DegradedWorkerStillAnswers200()
    {
        await using var store = CreateStore(Path.Combine(_directory, "closed.db"));
        await store.DisposeAsync();

        var result = await WorkerHealth.HandleAsync(_heartbeats, store, Options.Create(_options), TestContext.Current.CancellationToken);

        var json = Assert.IsType<JsonHttpResult<HealthReport>>(result);
        Assert.Equal(StatusCodes.Status200OK, json.StatusCode);
        Assert.Equal(HealthStatus.Degraded, json.Value!.Status);
    }

    [Fact]
    public void ReportIsWrittenAsCamelCaseJsonWithStatusNamesAndWithoutNullAges()
    {
        var report = new HealthReport(HealthStatus.Degraded,
        [
            new HealthCheck("consumer:ingest", HealthStatus.Healthy, "Running, 6 partition(s)", 1.5),
            new HealthCheck("store", HealthStatus.Degraded, "unreachable: SqliteException", null),
        ]);

        var json = JsonSerializer.Serialize(report, HealthJsonContext.Default.HealthReport);

        Assert.Equal(
            """{"status":"Degraded","checks":[{"name":"consumer:ingest","status":"Healthy","detail":"Running, 6 partition(s)","heartbeatAgeSeconds":1.5},{"name":"store","status":"Degraded","detail":"unreachable: SqliteException"}]}""",
            json);
    }

    private Task<HealthReport> CheckAsync() =>
        WorkerHealth.CheckAsync(_heartbeats, _store, _options, TestContext.Current.CancellationToken);

    private static PipelineStore CreateStore(string file) =>
        PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={file}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);

    /// <summary>
    /// Starts a real consumer loop against a port nobody listens on: subscribing needs no broker,
    /// so the loop reaches Running, and stopping it reaches Stopped. No record ever arrives, so the
    /// handler is never called (and the Degraded state, which needs a failing batch, is out of reach).
    /// </summary>
    private async Task<RunningLoop> StartLoopAsync(string name)
    {
        var loop = new KafkaConsumerLoop(
            new ConsumerLoopSettings(name, "worker-health-tests." + name, ["feeds.demo-sar.raw"]),
            "127.0.0.1:1",
            new KafkaOptions(),
            new UnusedHandler(),
            _heartbeats,
            NoFaults.Instance,
            _time,
            NullLogger<KafkaConsumerLoop>.Instance);
        await loop.StartAsync(TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (loop.Heartbeat.State != ConsumerState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Equal(ConsumerState.Running, loop.Heartbeat.State);
        return new RunningLoop(loop);
    }

    private sealed class RunningLoop(KafkaConsumerLoop loop) : IAsyncDisposable
    {
        private bool _stopped;

        public KafkaConsumerLoop Loop { get; } = loop;

        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            await Loop.StopAsync(CancellationToken.None);
            Loop.Dispose();
        }
    }

    private sealed class UnusedHandler : IBatchHandler
    {
        public Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no record should reach a loop without a broker");
    }
}
