using System.Collections.Concurrent;

namespace Pipeline.Kafka;

/// <summary>What a consumer loop is doing, as its heartbeat reports it.</summary>
public enum ConsumerState
{
    /// <summary>Not yet subscribed.</summary>
    Starting,

    /// <summary>Consuming and handling batches normally.</summary>
    Running,

    /// <summary>A batch keeps failing (database or broker trouble): consumption is paused and the batch retried with backoff.</summary>
    Degraded,

    /// <summary>Closed.</summary>
    Stopped,
}

/// <summary>
/// The liveness record of one consumer loop: the loop beats on every iteration, and health checks
/// read the time of the last beat and the state. Thread-safe.
/// </summary>
public sealed class ConsumerHeartbeat(string name, TimeProvider time)
{
    private long _lastBeatTicks = time.GetUtcNow().UtcTicks;
    private volatile ConsumerState _state = ConsumerState.Starting;
    private volatile string? _lastError;
    private volatile string? _holdReason;
    private int _assignedPartitions;

    /// <summary>The loop's name ("ingest", "process").</summary>
    public string Name { get; } = name;

    /// <summary>When the loop last made progress through its iteration.</summary>
    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    /// <summary>Current state.</summary>
    public ConsumerState State => _state;

    /// <summary>The last failure's message while <see cref="ConsumerState.Degraded"/>, else null.</summary>
    public string? LastError => _lastError;

    /// <summary>Why the loop holds consumption for a downstream stage to catch up, or null.</summary>
    public string? HoldReason => _holdReason;

    /// <summary>Partitions currently owned.</summary>
    public int AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    /// <summary>Records progress.</summary>
    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Time since the last beat.</summary>
    public TimeSpan Age => time.GetUtcNow() - LastBeat;

    internal void Running()
    {
        _state = ConsumerState.Running;
        _lastError = null;
        Beat();
    }

    internal void Degraded(string error)
    {
        _state = ConsumerState.Degraded;
        _lastError = error;
        Beat();
    }

    internal void SetHoldReason(string? reason) => _holdReason = reason;

    internal void Stopped() => _state = ConsumerState.Stopped;

    internal void SetAssigned(int count) => Volatile.Write(ref _assignedPartitions, count);
}

/// <summary>Every consumer loop's heartbeat in this process, for health checks.</summary>
public sealed class ConsumerHeartbeats
{
    private readonly ConcurrentDictionary<string, ConsumerHeartbeat> _beats = new(StringComparer.Ordinal);

    /// <summary>All heartbeats, by loop name.</summary>
    public IReadOnlyCollection<ConsumerHeartbeat> All => [.. _beats.Values.OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) a loop's heartbeat.</summary>
    public void Register(ConsumerHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        _beats[heartbeat.Name] = heartbeat;
    }
}
