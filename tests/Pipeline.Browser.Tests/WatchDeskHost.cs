using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.WatchDesk;

namespace Pipeline.Browser.Tests;

/// <summary>
/// The real watch desk (<see cref="WatchDeskApp.Build"/>) on 127.0.0.1 and a free port, over a
/// SQLite store of its own in a temporary folder, seeded with desk users (one per role) and a
/// handful of alerts. One per test, so no test sees another's claims or dispositions.
/// </summary>
internal sealed class WatchDeskHost(TempFolder folder, PipelineStore store, WebApplication app, Uri baseUrl, DateTimeOffset seededAt) : IAsyncDisposable
{
    public const string Password = DeskSeed.Password;
    public static string Analyst => DeskSeed.RoleUser(DeskRole.Analyst);

    public static string Supervisor => DeskSeed.RoleUser(DeskRole.Supervisor);

    public static string Auditor => DeskSeed.RoleUser(DeskRole.Auditor);

    public static string Engineer => DeskSeed.RoleUser(DeskRole.Engineer);

    /// <summary>The narrative that must show as text and run nothing.</summary>
    public const string HostileNarrative =
        "Caller reports a note taped to the gate: <script>window.__pwned=1</script> and <img src=x onerror=\"window.__pwned=2\"> near the substation fence.";

    private int _next = 100;

    /// <summary>The store the desk runs on; tests write alerts to it as the pipeline would.</summary>
    public PipelineStore Store { get; } = store;

    /// <summary>Where the desk listens, ending in a slash.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    public DateTimeOffset SeededAt { get; } = seededAt;

    /// <summary>The most urgent seeded alert: a threat to an energy-sector target, raised first.</summary>
    public static string TopAlertId => AlertId(1);

    /// <summary>The alert whose narrative carries markup.</summary>
    public static string HostileAlertId => AlertId(6);

    public static string AlertId(int n) => DeskSeed.AlertId(Key(n));

    public static string Key(int n) => $"desk-test:{n:D5}";

    public string Url(string path) => new Uri(BaseUrl, path.TrimStart('/')).AbsoluteUri;

    public static string AlertPath(string alertId) => "/alerts/" + Uri.EscapeDataString(alertId);

    public static async Task<WatchDeskHost> StartAsync(CancellationToken ct)
    {
        var folder = new TempFolder();
        PipelineStore? store = null;
        try
        {
            store = await DeskSeed.CreateStoreAsync(folder, ct);
            await DeskSeed.CreateRoleUsersAsync(store, ct);
            var now = DateTimeOffset.UtcNow;
            var seededAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            await DeskSeed.WriteAsync(
                store,
                [
                    Write(1, seededAt, "THREAT", 0.95, sector: "Energy", minutesAgo: 75, narrative: "Caller overheard a man threaten to blow up the substation fence line on Main St."),
                    Write(2, seededAt, "PHOTO", 0.55, minutesAgo: 40, narrative: "Person photographing the water plant intake for a long time, taking notes."),
                    Write(3, seededAt, "SURVL", 0.62, minutesAgo: 35, narrative: "Drone circling the rail yard twice after dark."),
                    Write(4, seededAt, "TESTSEC", 0.7, sector: "Transportation", minutesAgo: 30, narrative: "Two people tried doors at the bus depot and asked about shift changes."),
                    Write(5, seededAt, "PHOTO", 0.3, minutesAgo: 20, narrative: "Tourist photographing the bridge."),
                    Write(6, seededAt, "SABOT", 0.35, minutesAgo: 10, narrative: HostileNarrative),
                ],
                ct);

            var app = await DeskSeed.StartDeskAsync(
                folder,
                TimeSpan.FromMilliseconds(500),
                ["--urls=http://127.0.0.1:0", "--WatchDesk:Port=0", "--Logging:LogLevel:Default=Warning", "--environment=Production"],
                configure: null,
                ct);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            if (address is null)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException("The desk did not report a 127.0.0.1 address: " + string.Join(", ", addresses));
            }

            return new WatchDeskHost(folder, store, app, new Uri(address.TrimEnd('/') + "/"), seededAt);
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }
    }

    /// <summary>Writes a new urgent alert to the store, as the pipeline's worker would; returns its id.</summary>
    public async Task<string> WriteNewAlertAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _next);
        await Store.WriteBatchAsync([Write(n, DateTimeOffset.UtcNow, "THREAT", 0.9, sector: "Energy", minutesAgo: 0, narrative: $"Live report {n}: threat called in against the depot.")], ct);
        return AlertId(n);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await Store.DisposeAsync();
        try
        {
            folder.Dispose();
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned by the OS eventually.
        }
    }

    private static ReportWrite Write(int n, DateTimeOffset now, string category, double priority, string? sector = null, int minutesAgo = 0, string? narrative = null)
    {
        var raisedAt = now.AddMinutes(-minutesAgo);
        var indicator = category switch
        {
            "THREAT" => "threat",
            "PHOTO" => "photographing",
            "SURVL" => "circling",
            "TESTSEC" => "tried doors",
            "SABOT" => "substation",
            _ => "report",
        };
        var report = DeskSeed.Report(Key(n), n, raisedAt.AddMinutes(-5), raisedAt.AddSeconds(-30), 38.9 + (n / 1000.0), -77.03 - (n / 1000.0), ["metro-pd", $"precinct-{(n % 3) + 1}"]) with
        {
            Narrative = narrative ?? $"Narrative {n}.",
            CadCallType = n % 2 == 0 ? "SUSP" : null,
            CadPriority = n % 2 == 0 ? 2 : null,
            TargetSector = sector,
            Privacy = new PrivacyFields([$"Subject {n}, adult, grey jacket"], [$"Grey sedan plate ABC{n:D4}"]),
        };
        var runnerUp = new CategoryScore(category == "SURVL" ? "PHOTO" : "SURVL", priority / 3);
        return DeskSeed.Write(n, report, category, priority, runnerUp, raisedAt, [new(category, $"narrative:\"{indicator}\"", 1.7), new(category, "time:night", 0.4)]);
    }
}
