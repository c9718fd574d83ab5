using System.Globalization;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;
using Pipeline.Storage;

namespace Pipeline.Worker.Replay;

/// <summary>A replay to run: one feed's archived raw records received in [From, To).</summary>
/// <param name="FeedId">The feed.</param>
/// <param name="From">Start of the window (received time, inclusive).</param>
/// <param name="To">End of the window (exclusive).</param>
/// <param name="DryRun">Compute and report the changes; write nothing.</param>
public sealed record ReplayRequest(string FeedId, DateTimeOffset From, DateTimeOffset To, bool DryRun);

/// <summary>One report a replay changes.</summary>
/// <param name="ReportKey">The report.</param>
/// <param name="PreviousVersion">Its version before the replay; null for a report stored for the first time.</param>
/// <param name="Change">What changed, in words ("content; decision BelowThreshold → Alerted").</param>
public sealed record ReplayChange(string ReportKey, int? PreviousVersion, string Change);

/// <summary>What a replay found and did.</summary>
/// <param name="ReplayId">Its id, as the lineage passes it wrote name it.</param>
/// <param name="DryRun">Nothing was written.</param>
/// <param name="RawRecords">Archived raw messages in the window.</param>
/// <param name="Records">Records in them.</param>
/// <param name="Unchanged">Records whose outcome is what the store holds: nothing written.</param>
/// <param name="Superseded">Records of reports whose current version came from another raw record (a resend or a duplicate): skipped.</param>
/// <param name="Rejected">Records the current definition rejects (a stored report of one stays as it is).</param>
/// <param name="Changes">Reports that get a new version, or are stored for the first time.</param>
/// <param name="NewAlerts">Alerts raised (or, in a dry run, that would be).</param>
public sealed record ReplayResult(string ReplayId, bool DryRun, int RawRecords, int Records, int Unchanged, int Superseded, int Rejected, IReadOnlyList<ReplayChange> Changes, int NewAlerts)
{
    /// <summary>Stored reports that get a new version.</summary>
    public int NewVersions => Changes.Count(c => c.PreviousVersion is not null);

    /// <summary>Reports stored for the first time: records an earlier definition rejected.</summary>
    public int NewReports => Changes.Count(c => c.PreviousVersion is null);
}

/// <summary>
/// Re-runs a feed's archived raw records through the current feed definition, geocoder and model,
/// and compares each outcome with what the store holds: content (the mapped fields), placement
/// and decision. Unchanged records write nothing. A changed one becomes a new version of its
/// report (the previous one kept in report_versions) with a lineage pass that says it came from
/// this replay; a record the earlier definition rejected is stored as a new report. Only the raw
/// record a report's current version came from is replayed for it, so a resend's older text
/// never overwrites its newer one. Replaying a window twice changes nothing the second time.
/// </summary>
internal sealed class FeedReplay(FeedCatalog feeds, IReportPlacer placer, ReportDecider decider, PipelineStore store, TimeProvider time)
{
    private const int PageSize = 500;

    public async Task<ReplayResult> RunAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = feeds.DefinitionById(request.FeedId)
            ?? throw new ArgumentException($"no feed '{request.FeedId}' is defined (known: {string.Join(", ", feeds.Feeds.Select(f => f.Id))})", nameof(request));
        if (request.To <= request.From)
        {
            throw new ArgumentException("the window's end must be after its start", nameof(request));
        }
        var now = time.GetUtcNow();
        var replayId = string.Create(CultureInfo.InvariantCulture, $"replay-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}")[..40];
        int rawRecords = 0, records = 0, unchanged = 0, superseded = 0, rejected = 0, newAlerts = 0;
        var changes = new List<ReplayChange>();
        StoredRawRecord? after = null;
        while (true)
        {
            var page = await store.GetRawRecordsAsync(definition.Id, request.From, request.To, after, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            after = page[^1];
            rawRecords += page.Count;

            var mapped = new List<Mapped>();
            foreach (var raw in page)
            {
                var read = Read(definition, raw);
                records += read.Count;
                foreach (var record in read)
                {
                    if (record.Result.Report is { } report)
                    {
                        mapped.Add(new Mapped(raw, record.Index, read.Count, report));
                    }
                    else
                    {
                        rejected++;
                    }
                }
            }
            var mappedAt = time.GetUtcNow();
            var placed = mapped.Count == 0 ? [] : await placer.PlaceAllAsync([.. mapped.Select(m => ReportPlacement.RequestFor(m.Report))], cancellationToken);
            var geocodedAt = time.GetUtcNow();
            var stored = await store.GetStoredOutcomesAsync([.. mapped.Select(m => m.Report.IdempotencyKey)], cancellationToken);

            var versions = new List<ReplayWrite>();
            var fresh = new Dictionary<string, ReportWrite>(StringComparer.Ordinal);
            for (var i = 0; i < mapped.Count; i++)
            {
                var m = mapped[i];
                var report = m.Report with { Location = ReportPlacement.Apply(m.Report.Location, placed[i]) };
                var key = report.IdempotencyKey;
                var hash = ReportContentHash.Compute(report);
                stored.TryGetValue(key, out var current);
                if (current is not null && current.CurrentOrigin is { } origin && origin != report.Origin)
                {
                    superseded++;
                    continue;
                }
                var (decision, alert) = decider.Decide(report, geocodedAt, current?.IncidentId, notifyHooks: false);
                if (current is null)
                {
                    // Rejected before (or never processed): a new report. The last record of a key in the page wins.
                    const string change = "stored for the first time (the earlier definition rejected it)";
                    fresh[key] = new ReportWrite(report, hash, decision, alert)
                    {
                        LineagePassName = LineagePass.OfReplay(replayId),
                        Lineage =
                        [
                            LineageEvents.Replayed(replayId, m.Raw, m.Record, m.RecordsInMessage, null, change, now),
                            LineageEvents.Mapped(report, definition.Version, mappedAt),
                            LineageEvents.Geocoded(report.Location, geocodedAt),
                            LineageEvents.Linked(null, geocodedAt, "not linked: a replay does not link reports new to the store"),
                            LineageEvents.Scored(decision),
                            LineageEvents.Decided(decision, alert),
                        ],
                    };
                    continue;
                }
                var what = Differences(current, hash, report.Location, decision);
                if (what.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                var text = string.Join("; ", what);
                var raise = current.AlertId is null ? alert : null;
                versions.Add(new ReplayWrite(report, hash, decision, raise,
                [
                    LineageEvents.Replayed(replayId, m.Raw, m.Record, m.RecordsInMessage, current.Version, text, now),
                    LineageEvents.Mapped(report, definition.Version, mappedAt),
                    LineageEvents.Geocoded(report.Location, geocodedAt),
                    LineageEvents.Scored(decision),
                    LineageEvents.Decided(decision, raise ?? (current.AlertId is null ? null : alert)),
                ], replayId));
                changes.Add(new ReplayChange(key, current.Version, text));
                newAlerts += raise is null ? 0 : 1;
            }
            foreach (var (key, write) in fresh)
            {
                changes.Add(new ReplayChange(key, null, "stored for the first time (the earlier definition rejected it)"));
                newAlerts += write.Alert is null ? 0 : 1;
            }
            if (!request.DryRun)
            {
                await store.WriteReplayAsync(versions, [.. fresh.Values], cancellationToken);
            }
        }
        return new ReplayResult(replayId, request.DryRun, rawRecords, records, unchanged, superseded, rejected, changes, newAlerts);
    }

    // What differs between the stored outcome and the replayed one, in words; none when equal.
    private static List<string> Differences(StoredOutcome current, string hash, ReportLocation location, DecisionRecord decision)
    {
        var what = new List<string>();
        if (!string.Equals(current.ContentHash, hash, StringComparison.Ordinal))
        {
            what.Add("content");
        }
        if (current.Precision != location.Precision || !string.Equals(current.GeoProvider, location.Provider, StringComparison.Ordinal)
            || !Near(current.Latitude, location.Latitude) || !Near(current.Longitude, location.Longitude))
        {
            what.Add($"location ({current.Precision} → {location.Precision})");
        }
        if (current.Outcome != decision.Outcome || !string.Equals(current.TopCategory, decision.TopCategory, StringComparison.Ordinal))
        {
            what.Add($"decision ({Describe(current.Outcome, current.TopCategory)} → {Describe(decision.Outcome, decision.TopCategory)})");
        }
        return what;
    }

    private static string Describe(DecisionOutcome? outcome, string? top) =>
        outcome is null ? "not scored" : top is null ? outcome.ToString()! : $"{outcome} {top}";

    // Coordinates equal to within about a centimetre (what a store round trip may change).
    private static bool Near(double? stored, double? replayed) =>
        stored is null ? replayed is null : replayed is not null && Math.Abs(stored.Value - replayed.Value) < 1e-7;

    private static IReadOnlyList<MappedRecord> Read(FeedDefinition definition, StoredRawRecord raw)
    {
        try
        {
            return definition.Read(raw.Content, new RawRecordContext(raw.Origin, raw.ReceivedAt));
        }
#pragma warning disable CA1031 // A reader bug on one message rejects that message, as in Ingest; the replay goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return [new MappedRecord(0, null, FeedReadResult.Rejected($"reader failed: {e.GetType().Name}"), [])];
        }
    }

    private sealed record Mapped(StoredRawRecord Raw, int Record, int RecordsInMessage, Report Report);
}

/// <summary>Runs a replay outside the worker: the worker's feed catalogue, geocoder, scorer and store, built from the same configuration, without its Kafka loops.</summary>
internal static class FeedReplayHost
{
    /// <summary>Runs <paramref name="request"/> with the worker configured by <paramref name="settings"/> (and PIPELINE_ environment variables).</summary>
    /// <exception cref="InvalidOperationException">No model is promoted in the store.</exception>
    public static async Task<ReplayResult> RunAsync(ReplayRequest request, IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken cancellationToken)
    {
        await using var app = PipelineWorkerHost.Build([], settings);
        var services = app.Services;
        var store = services.GetRequiredService<PipelineStore>();
        await store.MigrateAsync(cancellationToken);
        var promoted = await store.GetPromotedModelAsync(includeArtifact: true, cancellationToken);
        if (promoted?.Artifact is null)
        {
            throw new InvalidOperationException("no model is promoted in this store: run the worker once (it promotes the shipped baseline) or `pipeline model promote`");
        }
        services.GetRequiredService<PromotedModelScorer>().Use(Pipeline.Scoring.Model.ModelArtifact.FromBytes(promoted.Artifact));
        var geocoding = services.GetRequiredService<GeocodingService>();
        await geocoding.StartAsync(cancellationToken);
        try
        {
            var replay = new FeedReplay(
                services.GetRequiredService<FeedCatalog>(), geocoding, services.GetRequiredService<ReportDecider>(), store, services.GetRequiredService<TimeProvider>());
            return await replay.RunAsync(request, cancellationToken);
        }
        finally
        {
            // Flushes the geocoder cache's writes behind.
            await geocoding.StopAsync(CancellationToken.None);
        }
    }
}
