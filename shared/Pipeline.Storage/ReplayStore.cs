using System.Globalization;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>What the store holds about a report now: what a replay compares its new outcome with.</summary>
/// <param name="ReportKey">The report.</param>
/// <param name="Version">Its current version.</param>
/// <param name="ContentHash">Its current content's hash.</param>
/// <param name="Latitude">Where it is placed.</param>
/// <param name="Longitude">Where it is placed.</param>
/// <param name="Precision">How precisely.</param>
/// <param name="GeoProvider">By which provider.</param>
/// <param name="IncidentId">Its incident, when linked.</param>
/// <param name="Outcome">The latest decision's outcome, when scored.</param>
/// <param name="TopCategory">The latest decision's top category.</param>
/// <param name="AlertId">Its alert, when it has one.</param>
/// <param name="CurrentOrigin">The raw record its current version came from (null for versions stored before 0006).</param>
public sealed record StoredOutcome(
    string ReportKey,
    int Version,
    string ContentHash,
    double? Latitude,
    double? Longitude,
    LocationPrecision Precision,
    string? GeoProvider,
    string? IncidentId,
    DecisionOutcome? Outcome,
    string? TopCategory,
    string? AlertId,
    RecordOrigin? CurrentOrigin);

/// <summary>A replay's new version of a stored report.</summary>
/// <param name="Report">The report as the current definition, geocoder and model make it; its origin is the raw record replayed.</param>
/// <param name="ContentHash">Its content hash.</param>
/// <param name="Decision">The current model's decision; replaces that model's earlier decision on the report.</param>
/// <param name="Alert">An alert to raise when the report now alerts and has none; null otherwise.</param>
/// <param name="Lineage">The replay pass's events (replayed, mapped, geocoded, scored, decided).</param>
/// <param name="ReplayId">The replay.</param>
public sealed record ReplayWrite(Report Report, string ContentHash, DecisionRecord Decision, Alert? Alert, IReadOnlyList<LineageEvent> Lineage, string ReplayId);

/// <summary>What a replay's writes changed.</summary>
/// <param name="NewVersions">Stored reports that got a new version.</param>
/// <param name="NewReports">Reports stored for the first time (records the feed's earlier definition rejected).</param>
/// <param name="NewAlerts">Alerts raised.</param>
public sealed record ReplayWriteResult(int NewVersions, int NewReports, int NewAlerts);

public sealed partial class PipelineStore
{
    /// <summary>The stored reports among <paramref name="keys"/>, with their latest decision and alert.</summary>
    public async Task<IReadOnlyDictionary<string, StoredOutcome>> GetStoredOutcomesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var outcomes = new Dictionary<string, StoredOutcome>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return outcomes;
        }
        var reportsSql = "SELECT r.idempotency_key, r.version, r.content_hash, r.latitude, r.longitude, r.location_precision, r.geo_provider, r.incident_id, a.alert_id, " +
            "v.origin_topic, v.origin_partition, v.origin_offset, v.origin_record " +
            $"FROM {_reportsTable} r LEFT JOIN {_dialect.Qualify(StoreSchema.Alerts.Name)} a ON a.report_key = r.idempotency_key " +
            $"LEFT JOIN {_dialect.Qualify(StoreSchema.ReportVersionInsert.Name)} v ON v.idempotency_key = r.idempotency_key AND v.version = r.version " +
            "WHERE r.idempotency_key IN @keys";
        var decisionsSql = $"SELECT report_key, outcome, top_category, decided_at FROM {_dialect.Qualify(StoreSchema.Decisions.Name)} WHERE report_key IN @keys";
        await using var connection = await OpenAsync(pooled: true, ct);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(KeyLookupChunk))
        {
            var latest = new Dictionary<string, (DateTimeOffset At, DecisionOutcome Outcome, string? Top)>(StringComparer.Ordinal);
            foreach (IDictionary<string, object?> row in await connection.QueryAsync(Command(decisionsSql, new { keys = chunk }, ct: ct)))
            {
                var key = (string)row["report_key"]!;
                var at = _dialect.FromDbTime(row["decided_at"]!);
                if (!latest.TryGetValue(key, out var seen) || at >= seen.At)
                {
                    latest[key] = (at, Enum.Parse<DecisionOutcome>((string)row["outcome"]!), row["top_category"] as string);
                }
            }
            foreach (IDictionary<string, object?> row in await connection.QueryAsync(Command(reportsSql, new { keys = chunk }, ct: ct)))
            {
                var key = (string)row["idempotency_key"]!;
                var decision = latest.TryGetValue(key, out var d) ? d : ((DateTimeOffset, DecisionOutcome, string?)?)null;
                outcomes[key] = new StoredOutcome(
                    key,
                    Convert.ToInt32(row["version"], CultureInfo.InvariantCulture),
                    (string)row["content_hash"]!,
                    ToNullableDouble(row["latitude"]),
                    ToNullableDouble(row["longitude"]),
                    Enum.Parse<LocationPrecision>((string)row["location_precision"]!),
                    row["geo_provider"] as string,
                    row["incident_id"] as string,
                    decision?.Item2,
                    decision?.Item3,
                    row["alert_id"] as string,
                    row["origin_topic"] is string topic
                        ? new RecordOrigin(topic, Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture), ToInt64(row["origin_offset"]!), Convert.ToInt32(row["origin_record"], CultureInfo.InvariantCulture))
                        : null);
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Writes a replay's outcome in one transaction: new versions of stored reports whose outcome
    /// changed, and reports stored for the first time (their lineage pass named by
    /// <see cref="ReportWrite.LineagePassName"/>). A report already at the replayed outcome is
    /// never passed in, so replaying the same window twice writes nothing the second time.
    /// </summary>
    public async Task<ReplayWriteResult> WriteReplayAsync(IReadOnlyList<ReplayWrite> versions, IReadOnlyList<ReportWrite> newReports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(newReports);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Validate(newReports);
        if (versions.Count == 0 && newReports.Count == 0)
        {
            return new ReplayWriteResult(0, 0, 0);
        }
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        int newVersions = 0, alerts = 0;
        BatchWriteResult added;
        await using (var writer = new BatchWriter(_dialect, connection, transaction, _commandTimeoutSeconds))
        {
            for (var i = 0; i < versions.Count; i++)
            {
                var (versioned, raised) = await writer.WriteReplayVersionAsync(versions[i], i, now, ct);
                newVersions += versioned ? 1 : 0;
                alerts += raised ? 1 : 0;
            }
            added = await writer.WriteAsync(newReports, now, ct);
        }
        await transaction.CommitAsync(CancellationToken.None);
        return new ReplayWriteResult(newVersions, added.NewReports, alerts + added.NewAlerts);
    }
}
