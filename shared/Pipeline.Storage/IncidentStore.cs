using System.Globalization;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>A stored link between two reports.</summary>
/// <param name="ReportKey">The newer report.</param>
/// <param name="LinkedKey">The report it was compared with.</param>
/// <param name="Weight">Match weight, bits.</param>
/// <param name="Band">"Link" or "PossibleDuplicate".</param>
/// <param name="Features">Each feature's level, agreement and contribution, as JSON.</param>
/// <param name="ModelVersion">The linking model's version.</param>
public sealed record StoredLink(string ReportKey, string LinkedKey, double Weight, string Band, string Features, string ModelVersion);

/// <summary>A stored incident and the reports in it.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="MergedInto">The incident it was merged into, when it was.</param>
/// <param name="ReportKeys">Its reports, ordered by key (none once merged).</param>
public sealed record StoredIncident(string IncidentId, string? MergedInto, IReadOnlyList<string> ReportKeys);

public sealed partial class PipelineStore
{
    /// <summary>
    /// The reports a partition of reports.normalized processed within <paramref name="window"/> of
    /// the newest one it processed (received times: the window follows the data, so a backfill of
    /// old records rebuilds as it ran), oldest first, with their incidents: what that partition's
    /// dedup window held, for a process that has just been assigned it.
    /// </summary>
    public async Task<IReadOnlyList<WindowReport>> LoadWindowAsync(int processPartition, TimeSpan window, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var newest = await connection.ExecuteScalarAsync<object?>(Command($"SELECT MAX(received_at) FROM {_reportsTable} WHERE process_partition = @partition", new { partition = processPartition }, ct: ct));
        if (newest is null or DBNull)
        {
            return [];
        }
        var since = _dialect.FromDbTime(newest) - window;
        var sql = $"""
            SELECT r.idempotency_key, r.feed_id, r.source_record_id, r.kind, r.occurred_at, r.received_at,
                   r.raw_address, r.latitude, r.longitude, r.location_precision, r.narrative, r.cad_call_type,
                   r.cad_priority, r.target_sector, r.origin_topic, r.origin_partition, r.origin_offset, r.origin_record,
                   r.incident_id, p.subjects, p.vehicles
            FROM {_reportsTable} r
            LEFT JOIN {_dialect.Qualify(StoreSchema.Privacy.Name)} p ON p.idempotency_key = r.idempotency_key
            WHERE r.process_partition = @partition AND r.received_at >= @since
            ORDER BY r.received_at, r.idempotency_key
            """;
        var rows = await connection.QueryAsync(Command(sql, new { partition = processPartition, since = _dialect.ToDbTime(since) }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new WindowReport(
            new Report
            {
                IdempotencyKey = (string)row["idempotency_key"]!,
                FeedId = (string)row["feed_id"]!,
                SourceRecordId = (string)row["source_record_id"]!,
                Kind = Enum.Parse<ReportKind>((string)row["kind"]!),
                OccurredAt = _dialect.FromDbTime(row["occurred_at"]!),
                ReceivedAt = _dialect.FromDbTime(row["received_at"]!),
                Location = new ReportLocation(row["raw_address"] as string, ToNullableDouble(row["latitude"]), ToNullableDouble(row["longitude"]), Enum.Parse<LocationPrecision>((string)row["location_precision"]!)),
                Narrative = (string)row["narrative"]!,
                CadCallType = row["cad_call_type"] as string,
                CadPriority = row["cad_priority"] is null or DBNull ? null : Convert.ToInt32(row["cad_priority"], CultureInfo.InvariantCulture),
                TargetSector = row["target_sector"] as string,
                Privacy = new PrivacyFields(
                    row["subjects"] is string subjects ? StoreJson.ReadStrings(subjects) : [],
                    row["vehicles"] is string vehicles ? StoreJson.ReadStrings(vehicles) : []),
                Origin = new RecordOrigin(
                    (string)row["origin_topic"]!,
                    Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture),
                    ToInt64(row["origin_offset"]!),
                    Convert.ToInt32(row["origin_record"], CultureInfo.InvariantCulture)),
            },
            row["incident_id"] as string))];
    }

    /// <summary>Every stored link, ordered by report and linked key.</summary>
    public async Task<IReadOnlyList<StoredLink>> GetLinksAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"SELECT report_key, linked_key, weight, band, features, model_version FROM {_dialect.Qualify(StoreSchema.ReportLinks.Name)} ORDER BY report_key, linked_key", ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new StoredLink(
            (string)row["report_key"]!, (string)row["linked_key"]!, Convert.ToDouble(row["weight"], CultureInfo.InvariantCulture),
            (string)row["band"]!, (string)row["features"]!, (string)row["model_version"]!))];
    }

    /// <summary>Every incident with its reports, ordered by id.</summary>
    public async Task<IReadOnlyList<StoredIncident>> GetIncidentsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var incidents = (await connection.QueryAsync(Command(
            $"SELECT incident_id, merged_into FROM {_dialect.Qualify(StoreSchema.Incidents.Name)} ORDER BY incident_id", ct: ct))).Cast<IDictionary<string, object?>>().ToList();
        var members = (await connection.QueryAsync(Command(
            $"SELECT incident_id, idempotency_key FROM {_reportsTable} WHERE incident_id IS NOT NULL ORDER BY idempotency_key", ct: ct)))
            .Cast<IDictionary<string, object?>>()
            .GroupBy(r => (string)r["incident_id"]!, r => (string)r["idempotency_key"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. incidents.Select(row => new StoredIncident(
            (string)row["incident_id"]!,
            row["merged_into"] as string,
            members.TryGetValue((string)row["incident_id"]!, out var keys) ? keys : []))];
    }
}
