using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>What one model version decided about one report, whether or not it alerted.</summary>
/// <param name="ReportKey">Idempotency key of the report; must match the report it is written with.</param>
/// <param name="ModelVersion">The scorer that decided, with its version.</param>
/// <param name="Scores">Category scores, highest first.</param>
/// <param name="Priority">Overall priority in [0, 1].</param>
/// <param name="TopCategory">The highest-scoring category, if any scored.</param>
/// <param name="Threshold">The alert threshold in force.</param>
/// <param name="Outcome">Alerted, held for analyst review, or below the threshold.</param>
/// <param name="Reason">The alert policy's reason, in words an analyst can read (at most 400 characters).</param>
/// <param name="DecidedAt">When the decision was made, UTC.</param>
public sealed record DecisionRecord(
    string ReportKey,
    string ModelVersion,
    IReadOnlyList<CategoryScore> Scores,
    double Priority,
    string? TopCategory,
    double Threshold,
    DecisionOutcome Outcome,
    string Reason,
    DateTimeOffset DecidedAt)
{
    /// <summary>Whether an alert was raised.</summary>
    public bool Alerted => Outcome == DecisionOutcome.Alerted;
}

/// <summary>What a scoring decision led to.</summary>
public enum DecisionOutcome
{
    /// <summary>Scored below the alert threshold.</summary>
    BelowThreshold,

    /// <summary>An alert was raised for the watch desk.</summary>
    Alerted,

    /// <summary>Held for analyst review, not alerted (the Group B guardrail).</summary>
    HeldForReview,
}

/// <summary>
/// One consumed normalized-report message. <paramref name="Decision"/> and <paramref name="Alert"/>
/// are null when the processor already knows the report is a duplicate.
/// </summary>
/// <param name="Report">The report; its <see cref="Report.Origin"/> identifies the raw record.</param>
/// <param name="ContentHash">Hash of the report's content, as the processor computed it.</param>
/// <param name="Decision">The scoring decision, if the report was scored.</param>
/// <param name="Alert">The alert raised for it, if any.</param>
public sealed record ReportWrite(Report Report, string ContentHash, DecisionRecord? Decision, Alert? Alert)
{
    /// <summary>The incident a new report joins or opens, its links and the merges it causes; null when not linked (duplicates, versions).</summary>
    public IncidentWrite? Incident { get; init; }

    /// <summary>
    /// This pass's lineage events so far (Ingest's, and for a new report Process's). The store adds
    /// the outcome it alone knows (deduplicated or versioned) and writes them with the report, as
    /// the pass of its raw record; a redelivered record writes none.
    /// </summary>
    public IReadOnlyList<LineageEvent> Lineage { get; init; } = [];

    /// <summary>The lineage pass to record <see cref="Lineage"/> as, when not the raw record's own (a replay's).</summary>
    public string? LineagePassName { get; init; }
}

/// <summary>Where the linker put a new report.</summary>
/// <param name="IncidentId">The incident it belongs to.</param>
/// <param name="IsNew">True when the report opens the incident.</param>
/// <param name="ProcessPartition">The partition of reports.normalized that processed it (its window's partition).</param>
/// <param name="Links">Pairs at or above the review threshold, with why.</param>
/// <param name="MergedIncidents">Other incidents the report linked to, merged into <paramref name="IncidentId"/>.</param>
public sealed record IncidentWrite(string IncidentId, bool IsNew, int ProcessPartition, IReadOnlyList<LinkWrite> Links, IReadOnlyList<string> MergedIncidents);

/// <summary>One scored pair.</summary>
/// <param name="LinkedKey">The report already stored that the new one was compared with.</param>
/// <param name="Weight">Match weight, bits.</param>
/// <param name="Band">"Link" or "PossibleDuplicate".</param>
/// <param name="FeaturesJson">Each feature's level, agreement and contribution, as JSON.</param>
/// <param name="ModelVersion">The linking model's version.</param>
public sealed record LinkWrite(string LinkedKey, double Weight, string Band, string FeaturesJson, string ModelVersion);

/// <summary>A report of a partition's window as the store holds it, with its incident.</summary>
/// <param name="Report">The report (location, narrative, call type, times, subjects and vehicles).</param>
/// <param name="IncidentId">Its incident, when it has one.</param>
public sealed record WindowReport(Report Report, string? IncidentId);

/// <summary>What one <see cref="PipelineStore.WriteBatchAsync"/> call changed.</summary>
/// <param name="NewReports">Reports stored for the first time.</param>
/// <param name="Duplicates">Writes whose report key was already stored with the same content, or with content of one of its earlier versions (from another raw record, or earlier in the batch).</param>
/// <param name="Redeliveries">
/// Writes whose raw record (topic, partition, offset, and position within that message) had already
/// reached the store: replays that changed nothing.
/// </param>
/// <param name="NewAlerts">Alerts stored for the first time.</param>
public sealed record BatchWriteResult(int NewReports, int Duplicates, int Redeliveries, int NewAlerts)
{
    /// <summary><see cref="Duplicates"/> by feed id (for per-feed health).</summary>
    public IReadOnlyDictionary<string, int> DuplicatesByFeed { get; init; } = new Dictionary<string, int>();

    /// <summary>Reports whose source resent them with changed content: stored as a new version of the same report.</summary>
    public int NewVersions { get; init; }

    /// <summary>The report keys of the <see cref="Redeliveries"/>, in write order.</summary>
    public IReadOnlyList<string> RedeliveredKeys { get; init; } = [];

    /// <summary>The counts of two writes together.</summary>
    public BatchWriteResult Plus(BatchWriteResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var byFeed = new Dictionary<string, int>(DuplicatesByFeed, StringComparer.Ordinal);
        foreach (var (feed, count) in other.DuplicatesByFeed)
        {
            byFeed[feed] = byFeed.GetValueOrDefault(feed) + count;
        }
        return new BatchWriteResult(NewReports + other.NewReports, Duplicates + other.Duplicates, Redeliveries + other.Redeliveries, NewAlerts + other.NewAlerts)
        {
            DuplicatesByFeed = byFeed,
            NewVersions = NewVersions + other.NewVersions,
            RedeliveredKeys = [.. RedeliveredKeys, .. other.RedeliveredKeys],
        };
    }

    /// <summary>Equal counts, and equal <see cref="DuplicatesByFeed"/> contents.</summary>
    public bool Equals(BatchWriteResult? other) =>
        other is not null && (NewReports, Duplicates, Redeliveries, NewAlerts, NewVersions) == (other.NewReports, other.Duplicates, other.Redeliveries, other.NewAlerts, other.NewVersions) &&
        DuplicatesByFeed.Count == other.DuplicatesByFeed.Count && DuplicatesByFeed.All(d => other.DuplicatesByFeed.TryGetValue(d.Key, out var n) && n == d.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NewReports, Duplicates, Redeliveries, NewAlerts);
}

/// <summary>Row counts of the store.</summary>
/// <param name="Reports">Distinct reports.</param>
/// <param name="Receipts">Raw records that reached the store (each record of a multi-record message counts once).</param>
/// <param name="Alerts">Alerts.</param>
/// <param name="Decisions">Decision log entries.</param>
/// <param name="AlertsByCategory">Alerts per top category.</param>
public sealed record StoreCounts(
    long Reports,
    long Receipts,
    long Alerts,
    long Decisions,
    IReadOnlyDictionary<string, long> AlertsByCategory)
{
    /// <summary>Raw records that carried an already-stored report.</summary>
    public long Duplicates => Receipts - Reports;
}

/// <summary>What <see cref="PipelineStore.MigrateAsync(CancellationToken)"/> did.</summary>
/// <param name="Applied">File names of the migrations applied by this call, in order.</param>
/// <param name="AlreadyApplied">How many known migrations were already recorded in the database.</param>
public sealed record MigrationResult(IReadOnlyList<string> Applied, int AlreadyApplied)
{
    /// <summary>True when the schema was already up to date.</summary>
    public bool NothingApplied => Applied.Count == 0;
}

/// <summary>One row of the <c>reports</c> table. Privacy fields and protected attributes are stored elsewhere and are not part of it.</summary>
/// <param name="IdempotencyKey">Primary key.</param>
/// <param name="FeedId">Feed the report came through.</param>
/// <param name="SourceRecordId">The source system's record id.</param>
/// <param name="Kind">SAR or CAD.</param>
/// <param name="OccurredAt">When the activity happened, UTC.</param>
/// <param name="ReceivedAt">When the raw record was received, UTC.</param>
/// <param name="RawAddress">Address text as the source gave it.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Longitude">WGS84 longitude.</param>
/// <param name="LocationPrecision">How the coordinates were obtained.</param>
/// <param name="Narrative">Narrative or call notes.</param>
/// <param name="CadCallType">CAD call type.</param>
/// <param name="CadPriority">CAD priority.</param>
/// <param name="TargetSector">Critical-infrastructure sector.</param>
/// <param name="ContentHash">Content hash written with the report.</param>
/// <param name="SchemaVersion">The report's schema version.</param>
/// <param name="OriginTopic">Topic of the first raw record that carried the report.</param>
/// <param name="OriginPartition">Partition of that record.</param>
/// <param name="OriginOffset">Offset of the message that carried that record.</param>
/// <param name="OriginRecord">Position of that record within its message, from 0 (0 for rows stored before records were told apart).</param>
/// <param name="StoredAt">When the row was written, UTC.</param>
public sealed record StoredReportRow(
    string IdempotencyKey,
    string FeedId,
    string SourceRecordId,
    ReportKind Kind,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string? RawAddress,
    double? Latitude,
    double? Longitude,
    LocationPrecision LocationPrecision,
    string Narrative,
    string? CadCallType,
    int? CadPriority,
    string? TargetSector,
    string ContentHash,
    int SchemaVersion,
    string OriginTopic,
    int OriginPartition,
    long OriginOffset,
    int OriginRecord,
    DateTimeOffset StoredAt)
{
    /// <summary>The geocoding provider that placed the report, when one did.</summary>
    public string? GeoProvider { get; init; }

    /// <summary>The address the provider matched.</summary>
    public string? GeoMatchedAddress { get; init; }

    /// <summary>The provider's confidence, 0 to 1.</summary>
    public double? GeoConfidence { get; init; }

    /// <summary>Jurisdiction ids, broadest first; null when none were found.</summary>
    public IReadOnlyList<string>? Jurisdictions { get; init; }

    /// <summary>The current version: 1, plus one for each resend with changed content.</summary>
    public int Version { get; init; } = 1;
}

/// <summary>One version of a report, as <c>report_versions</c> keeps it.</summary>
/// <param name="IdempotencyKey">The report.</param>
/// <param name="Version">From 1.</param>
/// <param name="ContentHash">The version's content hash.</param>
/// <param name="Content">The canonical report's Summary part as JSON (no privacy fields or protected attributes); null for versions stored before versions were kept.</param>
/// <param name="OriginTopic">Topic of the raw record that carried this version.</param>
/// <param name="OriginPartition">Its partition.</param>
/// <param name="OriginOffset">Its offset.</param>
/// <param name="OriginRecord">Its position within the message.</param>
/// <param name="StoredAt">When this version was stored.</param>
public sealed record StoredReportVersion(
    string IdempotencyKey, int Version, string ContentHash, string? Content,
    string OriginTopic, int OriginPartition, long OriginOffset, int OriginRecord, DateTimeOffset StoredAt);

/// <summary>One row of the <c>alerts</c> table.</summary>
/// <param name="AlertId">Primary key.</param>
/// <param name="ReportKey">The report that raised it (unique).</param>
/// <param name="FeedId">Feed of that report.</param>
/// <param name="TopCategory">Highest-scoring category.</param>
/// <param name="Priority">Priority in [0, 1].</param>
/// <param name="Scores">Category scores as stored (compare by content, not reference).</param>
/// <param name="ModelVersion">The scorer that decided.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="RaisedAt">When the alert was raised, UTC.</param>
/// <param name="UpdatedAt">When the row last changed, UTC.</param>
public sealed record StoredAlertRow(
    string AlertId,
    string ReportKey,
    string FeedId,
    string TopCategory,
    double Priority,
    IReadOnlyList<CategoryScore> Scores,
    string ModelVersion,
    AlertStatus Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The incident the alert is for, when reports are linked into incidents.</summary>
    public string? IncidentId { get; init; }

    /// <summary>
    /// Why the model flagged it: the top contributing features per flagged category, as the alert
    /// carried them (compare by content, not reference); null for alerts without an explanation.
    /// </summary>
    public IReadOnlyList<ScoreEvidence>? Explanation { get; init; }
}
