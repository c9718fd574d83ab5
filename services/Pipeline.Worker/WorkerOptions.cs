namespace Pipeline.Worker;

/// <summary>The roles a worker process runs (DESIGN.md): both by default, either alone by configuration.</summary>
[Flags]
public enum WorkerRoles
{
    /// <summary>No role (invalid).</summary>
    None = 0,

    /// <summary>Raw feed topics → canonical reports (or dead letters).</summary>
    Ingest = 1,

    /// <summary>Canonical reports → dedup, score, alert, store.</summary>
    Process = 2,

    /// <summary>Both roles in one process.</summary>
    All = Ingest | Process,
}

/// <summary>Worker settings, bound from the "Worker" section.</summary>
public sealed class WorkerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Worker";

    /// <summary>Roles to run, for example "Ingest, Process".</summary>
    public WorkerRoles Roles { get; set; } = WorkerRoles.All;

    /// <summary>A consumer loop whose heartbeat is older than this is reported unhealthy.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Priority at or above which an alert is raised.</summary>
    public double AlertThreshold { get; set; } = 0.5;

    /// <summary>Group A score that counts as a criminal predicate for a Group B behavior.</summary>
    public double PredicateThreshold { get; set; } = 0.5;

    /// <summary>
    /// Thread-pool threads the runtime keeps ready (0: the runtime's default, one per core). SQLite's
    /// calls block the thread that makes them, the raw archive's and the batch write's among them;
    /// with one thread per core two such calls left no thread for the other loops' continuations
    /// until the runtime added one, about half a second later. pipeline bench e2e, 60,000 records at
    /// 2,000/s, the same hour: p99 over the whole run 4,276 and 3,515 ms with the default, 750 and
    /// 1,134 ms with 8 (and the producer's topics prepared).
    /// </summary>
    public int MinThreadPoolThreads { get; set; } = 8;

    /// <summary>The largest <see cref="MinThreadPoolThreads"/> accepted.</summary>
    public const int MaxMinThreadPoolThreads = 1024;
}

/// <summary>Near-duplicate and cross-feed linking, bound from the "Dedup" section.</summary>
public sealed class DedupOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Dedup";

    /// <summary>Link new reports into incidents (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far back a new report is compared: the window each partition holds in memory.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(72);
}
