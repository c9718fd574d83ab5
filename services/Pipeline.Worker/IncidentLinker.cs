using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Dedup.Linking;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>
/// Near-duplicate and cross-feed linking for one partition of reports.normalized: the partition's
/// dedup window (reports of the last 72 hours by default) and the incident of each report in it.
/// Reports are keyed by coarse geo cell, so a partition holds every report its cells could link
/// to (neighbouring cells on another partition are the known boundary case, docs/dedup.md).
/// Thread-confined: the Process loop owns it while it owns the partition.
/// </summary>
internal sealed class IncidentLinker : IReportLinker
{
    private readonly DedupWindow _window;
    private readonly Dictionary<string, string> _incidentOf = new(StringComparer.Ordinal);

    // The same, the other way: each incident's reports in the window, so that a merge renames
    // only the merged incidents' reports instead of scanning every report remembered.
    private readonly Dictionary<string, HashSet<string>> _membersOf = new(StringComparer.Ordinal);

    // Reports in arrival order, so that their incidents are forgotten when the window evicts them.
    private readonly Queue<(DateTimeOffset ReceivedAt, string Key)> _arrivals = new();
    private readonly int _partition;
    private readonly DedupWindowOptions _options;

    private IncidentLinker(FellegiSunterModel model, DedupWindowOptions options, int partition)
    {
        _window = new DedupWindow(model, options);
        _partition = partition;
        _options = options;
    }

    public int Held => _window.Count;

    /// <summary>Reports whose incident is remembered: the same reports as the window's, bounded by it.</summary>
    public int IncidentsRemembered => _incidentOf.Count;

    /// <summary>Incidents with at least one report in the window.</summary>
    public int OpenIncidents => _membersOf.Count;

    /// <summary>A linker with an empty window: a partition the store holds nothing for yet.</summary>
    public static IncidentLinker Empty(FellegiSunterModel model, DedupWindowOptions options, int partition) => new(model, options, partition);

    /// <summary>Rebuilds the partition's window and incidents from the store.</summary>
    public static async Task<IncidentLinker> LoadAsync(PipelineStore store, FellegiSunterModel model, DedupWindowOptions options, int partition, CancellationToken cancellationToken)
    {
        var linker = Empty(model, options, partition);
        foreach (var held in await store.LoadWindowAsync(partition, options.Window, cancellationToken))
        {
            linker._window.Add(held.Report);
            linker._arrivals.Enqueue((held.Report.ReceivedAt, held.Report.IdempotencyKey));
            if (held.IncidentId is { } incident)
            {
                linker.Remember(held.Report.IdempotencyKey, incident);
            }
        }
        return linker;
    }

    /// <summary>
    /// Links a new report to the window: the incident it joins (or opens), the links to store,
    /// and the incidents it merges. Deterministic for the same window and report, so a replay
    /// after a restart assigns the same incidents.
    /// </summary>
    public IncidentWrite Link(Report report)
    {
        var decisions = _window.FindLinks(report);
        _window.Add(report);
        _arrivals.Enqueue((report.ReceivedAt, report.IdempotencyKey));
        var linked = decisions
            .Where(d => d.Band == LinkBand.Link && _incidentOf.ContainsKey(d.OtherKey))
            .Select(d => _incidentOf[d.OtherKey])
            .Distinct(StringComparer.Ordinal)
            .Order(RecordIds.MergeOrder)
            .ToList();
        // Several incidents: the first by key hash survives, so that every process merges the same way.
        var incident = linked.Count > 0 ? linked[0] : RecordIds.Incident(report.IdempotencyKey, report.ReceivedAt);
        var merged = linked.Skip(1).ToList();
        foreach (var gone in merged)
        {
            if (_membersOf.Remove(gone, out var members))
            {
                // The merged incident's whole set moves: no need to take each key out of it first.
                foreach (var key in members)
                {
                    _incidentOf[key] = incident;
                }
                MembersOf(incident).UnionWith(members);
            }
        }
        Remember(report.IdempotencyKey, incident);
        var links = decisions
            .Where(d => d.Band != LinkBand.NoLink)
            .Select(d => new LinkWrite(d.OtherKey, d.Weight, d.Band.ToString(), JsonSerializer.Serialize(d.Features.Select(f => new FeatureJson(f.Feature.ToString(), f.Level, f.Agreement.ToString(), Math.Round(f.Weight, 4))).ToList(), LinkJsonContext.Default.ListFeatureJson), _window.Model.ModelVersion))
            .ToList();
        return new IncidentWrite(incident, linked.Count == 0, _partition, links, merged);
    }

    /// <summary>Drops reports older than the window, measured from the newest report received (the window follows the data).</summary>
    public void Evict()
    {
        if (_window.Clock is { } newest)
        {
            var cutoff = newest - _options.Window;
            _window.EvictOlderThan(cutoff);
            while (_arrivals.TryPeek(out var oldest) && oldest.ReceivedAt < cutoff)
            {
                Forget(_arrivals.Dequeue().Key);
            }
        }
    }

    // Files a report under its incident (moving it from the one it had, if any).
    private void Remember(string key, string incident)
    {
        if (_incidentOf.TryGetValue(key, out var previous))
        {
            if (string.Equals(previous, incident, StringComparison.Ordinal))
            {
                return;
            }
            RemoveMember(previous, key);
        }
        _incidentOf[key] = incident;
        MembersOf(incident).Add(key);
    }

    private HashSet<string> MembersOf(string incident)
    {
        if (!_membersOf.TryGetValue(incident, out var members))
        {
            _membersOf[incident] = members = new HashSet<string>(StringComparer.Ordinal);
        }
        return members;
    }

    private void Forget(string key)
    {
        if (_incidentOf.Remove(key, out var incident))
        {
            RemoveMember(incident, key);
        }
    }

    private void RemoveMember(string incident, string key)
    {
        if (_membersOf.TryGetValue(incident, out var members) && members.Remove(key) && members.Count == 0)
        {
            _membersOf.Remove(incident);
        }
    }
}

/// <summary>Links a partition's reports into incidents (the Process role's near-duplicate stage).</summary>
internal interface IReportLinker
{
    /// <summary>Links one new report into its incident and remembers it in the window.</summary>
    IncidentWrite Link(Report report);

    /// <summary>Forgets reports that left the window.</summary>
    void Evict();
}

/// <summary>Builds the linker of one partition of the normalized reports: by default from the store's window; a test may wrap it.</summary>
internal interface IReportLinkerFactory
{
    /// <summary>The linker of <paramref name="partition"/>, its window loaded.</summary>
    Task<IReportLinker> LoadAsync(int partition, CancellationToken cancellationToken);
}

/// <summary>The linkers the worker uses: <see cref="IncidentLinker"/> over the store, with the configured window.</summary>
internal sealed class StoreReportLinkerFactory(PipelineStore store, Microsoft.Extensions.Options.IOptions<DedupOptions> dedup) : IReportLinkerFactory
{
    public async Task<IReportLinker> LoadAsync(int partition, CancellationToken cancellationToken) =>
        await IncidentLinker.LoadAsync(store, FellegiSunterModel.Default, new DedupWindowOptions { Window = dedup.Value.Window }, partition, cancellationToken);
}

internal sealed record FeatureJson(string Feature, string Level, string Agreement, double Weight);

[System.Text.Json.Serialization.JsonSerializable(typeof(List<FeatureJson>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class LinkJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
