using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Dedup.Linking;
using Pipeline.Storage;

namespace Pipeline.Worker.Tests;

public sealed class IncidentLinkerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private PipelineStore? _store;

    public async ValueTask InitializeAsync()
    {
        _store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder.Path, "store.db")}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
        await _store.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store!.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task TheSameEventFromACadCallAndASarJoinsOneIncidentWithTheLinkAndItsReasons()
    {
        var linker = await IncidentLinker.LoadAsync(_store!, FellegiSunterModel.Default, new DedupWindowOptions(), partition: 2, TestContext.Current.CancellationToken);
        var call = Report("demo-cad:100", ReportKind.Cad, "MAN PHOTOGRAPHING SUBSTATION FENCE, LEFT IN WHITE VAN 7ABC123", Start);
        var sar = Report("demo-sar:200", ReportKind.Sar, "Man photographing the substation fence left in a white van 7ABC123", Start.AddMinutes(8));
        var elsewhere = Report("demo-sar:300", ReportKind.Sar, "Bicycle stolen from the rack at the library", Start.AddMinutes(9), latitude: 37.80);

        var first = linker.Link(call);
        var second = linker.Link(sar);
        var third = linker.Link(elsewhere);

        Assert.True(first.IsNew);
        Assert.Equal((first.IncidentId, false, 2), (second.IncidentId, second.IsNew, second.ProcessPartition));
        var link = Assert.Single(second.Links);
        Assert.Equal(("demo-cad:100", "Link"), (link.LinkedKey, link.Band));
        Assert.Contains("\"feature\":\"Narrative\"", link.FeaturesJson, StringComparison.Ordinal);
        Assert.True(third.IsNew);
        Assert.NotEqual(first.IncidentId, third.IncidentId);
    }

    [Fact]
    public async Task AReportLinkingTwoIncidentsMergesThemIntoTheSmallestIdAfterTheWindowIsRebuiltFromTheStore()
    {
        const string Narrative = "MAN PHOTOGRAPHING SUBSTATION FENCE, LEFT IN WHITE VAN 7ABC123";
        // Two reports of one event stored in two incidents (as before linking, say), in partition 0.
        await _store!.WriteBatchAsync(
        [
            new ReportWrite(Report("a:1", ReportKind.Cad, Narrative, Start), "h1", null, null) { Incident = new IncidentWrite("I-2", true, 0, [], []) },
            new ReportWrite(Report("b:2", ReportKind.Cad, Narrative, Start.AddMinutes(3)), "h2", null, null) { Incident = new IncidentWrite("I-1", true, 0, [], []) },
        ], TestContext.Current.CancellationToken);
        var linker = await IncidentLinker.LoadAsync(_store, FellegiSunterModel.Default, new DedupWindowOptions(), partition: 0, TestContext.Current.CancellationToken);
        Assert.Equal(2, linker.Held);

        var bridge = linker.Link(Report("c:3", ReportKind.Sar, Narrative, Start.AddMinutes(5)));

        Assert.Equal(("I-1", false), (bridge.IncidentId, bridge.IsNew));
        Assert.Equal(["I-2"], bridge.MergedIncidents);
        Assert.Equal(["a:1", "b:2"], bridge.Links.Where(l => l.Band == "Link").Select(l => l.LinkedKey).Order(StringComparer.Ordinal));
        // The window remembers the merge: the next report of the event joins I-1 with nothing left to merge.
        var next = linker.Link(Report("d:4", ReportKind.Cad, Narrative, Start.AddMinutes(6)));
        Assert.Equal(("I-1", 0), (next.IncidentId, next.MergedIncidents.Count));
        Assert.Equal(1, linker.OpenIncidents);

        // Once the event's reports leave the window, so does the merged incident.
        linker.Link(Report("e:5", ReportKind.Cad, "UNRELATED CALL", Start.AddDays(5), latitude: 38.5));
        linker.Evict();
        Assert.Equal((1, 1, 1), (linker.Held, linker.IncidentsRemembered, linker.OpenIncidents));
    }

    [Fact]
    public async Task IncidentsAreForgottenWithTheReportsTheWindowEvicts()
    {
        var linker = await IncidentLinker.LoadAsync(_store!, FellegiSunterModel.Default, new DedupWindowOptions { Window = TimeSpan.FromHours(72) }, partition: 1, TestContext.Current.CancellationToken);

        for (var hour = 0; hour < 200; hour++)
        {
            linker.Link(Report($"x:{hour}", ReportKind.Cad, $"CALL NUMBER {hour}", Start.AddHours(hour), latitude: 37.80 + (hour * 0.001)));
            linker.Evict();
        }

        Assert.InRange(linker.Held, 70, 80);
        Assert.InRange(linker.IncidentsRemembered, 70, 80);
        Assert.Equal(linker.IncidentsRemembered, linker.OpenIncidents);
    }

    private static Report Report(string key, ReportKind kind, string narrative, DateTimeOffset at, double latitude = 37.8716) => new()
    {
        IdempotencyKey = key,
        FeedId = key.Split(':')[0],
        SourceRecordId = key.Split(':')[1],
        Kind = kind,
        OccurredAt = at,
        ReceivedAt = at.AddMinutes(2),
        Location = new ReportLocation("21XX BLOCK OF SHATTUCK AVE", latitude, -122.2727, LocationPrecision.Source),
        Narrative = narrative,
        CadCallType = kind == ReportKind.Cad ? "SUSPICIOUS PERSON" : null,
        Origin = new RecordOrigin("t", 0, long.Parse(key.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)),
    };
}
