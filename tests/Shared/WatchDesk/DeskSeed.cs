using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.WatchDesk;

namespace Pipeline.TestSupport;

/// <summary>
/// What the watch desk's API tests and browser tests both need, written once: the desk's SQLite
/// store in a temp folder, the real app started over it, desk users with one known password, and
/// reports with their alerts written through the store's batch API as the pipeline writes them.
/// It needs Pipeline.Storage and Pipeline.WatchDesk, so it sits in a subfolder that
/// tests/Directory.Build.props does not link into every test project; the two desk test projects
/// link it themselves.
/// </summary>
internal static class DeskSeed
{
    public const string Password = "correct horse battery staple";

    /// <summary>The users <see cref="CreateRoleUsersAsync"/> creates, one per role: user name, role and display name.</summary>
    public static readonly IReadOnlyList<(string UserName, DeskRole Role, string DisplayName)> RoleUsers =
    [
        ("ana", DeskRole.Analyst, "Ana Analyst"),
        ("sue", DeskRole.Supervisor, "Sue Supervisor"),
        ("audrey", DeskRole.Auditor, "Audrey Auditor"),
        ("eng", DeskRole.Engineer, "Eng Engineer"),
    ];

    // PBKDF2 at 210,000 iterations is slow on purpose: hash the test password once per test run.
    private static readonly Lazy<string> PasswordHash = new(() => PasswordHasher.Hash(Password));

    /// <summary>The desk's database file in <paramref name="folder"/>.</summary>
    public static string DatabasePath(TempFolder folder) => Path.Combine(folder.Path, "desk.db");

    /// <summary>A store over the SQLite file at <paramref name="databasePath"/>, not migrated: as another process (the worker) opens it.</summary>
    public static PipelineStore OpenStore(string databasePath) => PipelineStore.Create(
        new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={databasePath}" },
        TimeProvider.System,
        NullLogger<PipelineStore>.Instance);

    /// <summary>The desk's store in <paramref name="folder"/>, migrated, for seeding before the desk starts.</summary>
    public static async Task<PipelineStore> CreateStoreAsync(TempFolder folder, CancellationToken ct)
    {
        var store = OpenStore(DatabasePath(folder));
        try
        {
            await store.MigrateAsync(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Builds and starts the real desk (<see cref="WatchDeskApp.Build"/>) over the store in
    /// <paramref name="folder"/>. <paramref name="args"/> add command-line settings; <paramref name="configure"/>
    /// changes the builder last (a test server, replaced services, settings that win over the rest).
    /// </summary>
    public static async Task<WebApplication> StartDeskAsync(
        TempFolder folder, TimeSpan eventPollInterval, IEnumerable<string> args, Action<WebApplicationBuilder>? configure, CancellationToken ct)
    {
        var app = WatchDeskApp.Build(
        [
            "--Store:Provider=Sqlite",
            $"--Store:ConnectionString=Data Source={DatabasePath(folder)}",
            $"--WatchDesk:EventPollInterval={eventPollInterval:c}",
            .. args,
        ],
            configure);
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A desk user whose password is <see cref="Password"/>.</summary>
    public static Task CreateUserAsync(PipelineStore store, string userName, DeskRole role, CancellationToken ct, string? displayName = null, bool mustChangePassword = false) =>
        store.CreateUserAsync(userName, role, PasswordHash.Value, ct, displayName, mustChangePassword);

    /// <summary>The user name <see cref="RoleUsers"/> gives the <paramref name="role"/>.</summary>
    public static string RoleUser(DeskRole role) => RoleUsers.Single(u => u.Role == role).UserName;

    /// <summary>Creates the <see cref="RoleUsers"/>, one per role.</summary>
    public static async Task CreateRoleUsersAsync(PipelineStore store, CancellationToken ct)
    {
        foreach (var (userName, role, displayName) in RoleUsers)
        {
            await CreateUserAsync(store, userName, role, ct, displayName);
        }
    }

    /// <summary>Writes through the store's batch API, one write a batch and in order: a link needs the report it points to stored first.</summary>
    public static async Task WriteAsync(PipelineStore store, IEnumerable<ReportWrite> writes, CancellationToken ct)
    {
        foreach (var write in writes)
        {
            await store.WriteBatchAsync([write], ct);
        }
    }

    /// <summary>The id the pipeline gives the alert on the report with <paramref name="reportKey"/>.</summary>
    public static string AlertId(string reportKey) => "alert:" + reportKey;

    /// <summary>
    /// Report number <paramref name="n"/> as its feed sends it: even n a CAD call from cad-metro,
    /// odd n a SAR from sar-portal, on the (100 + n) block of N Main St at the given point.
    /// Callers add the fields their tests look at (narrative, privacy fields, ...) with <c>with</c>.
    /// </summary>
    public static Report Report(string key, int n, DateTimeOffset occurredAt, DateTimeOffset receivedAt, double latitude, double longitude, IReadOnlyList<string> jurisdictions)
    {
        var feedId = n % 2 == 0 ? "cad-metro" : "sar-portal";
        return new Report
        {
            IdempotencyKey = key,
            FeedId = feedId,
            SourceRecordId = $"E26-{n:D6}",
            Kind = n % 2 == 0 ? ReportKind.Cad : ReportKind.Sar,
            OccurredAt = occurredAt,
            ReceivedAt = receivedAt,
            Location = new ReportLocation($"{100 + n} BLOCK OF N MAIN ST", latitude, longitude, LocationPrecision.Block) { Jurisdictions = jurisdictions },
            Origin = new RecordOrigin($"feeds.{feedId}.raw", 0, n),
        };
    }

    /// <summary>
    /// The report, stored with content hash n, and the alert model keyword-v3 raised on it at
    /// <paramref name="raisedAt"/>: <paramref name="category"/> first in the scores, then <paramref name="runnerUp"/>.
    /// </summary>
    public static ReportWrite Write(
        int n, Report report, string category, double priority, CategoryScore runnerUp, DateTimeOffset raisedAt, IReadOnlyList<ScoreEvidence> explanation, DecisionRecord? decision = null)
    {
        var alert = new Alert
        {
            AlertId = AlertId(report.IdempotencyKey),
            ReportKey = report.IdempotencyKey,
            FeedId = report.FeedId,
            TopCategory = category,
            Priority = priority,
            Scores = [new(category, priority), runnerUp],
            ModelVersion = "keyword-v3",
            RaisedAt = raisedAt,
            Explanation = explanation,
        };
        return new ReportWrite(report, $"sha256:{n:x8}", decision, alert);
    }
}
