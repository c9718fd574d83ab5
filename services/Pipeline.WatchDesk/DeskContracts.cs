using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk;

// The JSON shapes of docs/watch-desk.md's API table (camelCase on the wire, enums as names).

internal sealed record ApiError(string Error);

internal sealed record LoginRequest(string? UserName, string? Password);

internal sealed record LoginAnswer(string UserName, string Role, bool MustChangePassword);

internal sealed record MeAnswer(string UserName, string DisplayName, string Role, bool MustChangePassword, string Csrf);

internal sealed record PasswordRequest(string? CurrentPassword, string? NewPassword);

internal sealed record QueueItem(
    string AlertId, string ReportKey, string FeedId, string TopCategory, double Priority, int Urgency,
    AlertStatus Status, string? Assignee, DateTimeOffset RaisedAt, DateTimeOffset DueAt, bool Overdue)
{
    public static QueueItem From(AlertQueueRow row) => new(
        row.AlertId, row.ReportKey, row.FeedId, row.TopCategory, row.Priority, row.Urgency, row.Status, row.Assignee, row.RaisedAt, row.DueAt, row.Overdue);
}

internal sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? Next);

internal sealed record AlertView(
    string AlertId, string ReportKey, string FeedId, string TopCategory, double Priority, int Urgency,
    AlertStatus Status, string? Assignee, DateTimeOffset RaisedAt, DateTimeOffset DueAt, bool Overdue,
    AlertDisposition? Disposition, string? DispositionCode, string? DispositionComment,
    IReadOnlyList<ScoreEvidence> Explanation, IReadOnlyList<CategoryScore> Scores, string ModelVersion);

internal sealed record LocationView(string? Address, double? Latitude, double? Longitude, LocationPrecision Precision, IReadOnlyList<string>? Jurisdictions);

internal sealed record ReportView(
    string ReportKey, string FeedId, ReportKind Kind, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string Narrative, string? CallType, string? TargetSector, LocationView Location);

internal sealed record Highlight(int Start, int Length, string Term);

internal sealed record HistoryView(DateTimeOffset At, string Actor, string Action, AlertStatus FromStatus, AlertStatus ToStatus, AlertDisposition? Disposition, string? Comment);

internal sealed record PrivacyView(IReadOnlyList<string> Subjects, IReadOnlyList<string> Vehicles);

internal sealed record DisseminationView(DateTimeOffset SharedAt, string SharedBy, string Recipient, string Reason, DisseminationForm Form);

internal sealed record AlertDetailAnswer(
    AlertView Alert,
    ReportView Report,
    IReadOnlyList<Highlight> Highlights,
    IReadOnlyList<LinkedReport> Linked,
    IReadOnlyList<HistoryView> History,
    PrivacyView? Privacy,
    IReadOnlyList<DisseminationView> Disseminations,
    LineageView? Lineage);

/// <summary>
/// The report's lineage as <c>./pipeline lineage &lt;alert-id&gt;</c> prints it: its passes in the
/// store's order, each with a heading and its events oldest first. Null in a detail answer when a
/// stored pass could not be read.
/// </summary>
internal sealed record LineageView(string ReportKey, string FeedId, int Version, string? AlertId, IReadOnlyList<LineagePassView> Passes)
{
    /// <summary>The kinds of pass: one record of a raw Kafka message, a replay, the analyst actions on the alert.</summary>
    public const string RecordPass = "record";

    /// <inheritdoc cref="RecordPass"/>
    public const string ReplayPass = "replay";

    /// <inheritdoc cref="RecordPass"/>
    public const string AnalystPass = "analyst";

    private const string ReplayPrefix = "replay:";
    private const string AlertPrefix = "alert:";

    /// <summary>Consecutive entries of one pass under one heading, as the CLI groups them.</summary>
    public static LineageView From(ReportLineage lineage)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        var passes = new List<LineagePassView>();
        List<LineageEventView>? events = null;
        string? pass = null;
        foreach (var entry in lineage.Entries)
        {
            if (events is null || !string.Equals(entry.Pass, pass, StringComparison.Ordinal))
            {
                pass = entry.Pass;
                events = [];
                var (kind, heading) = Describe(pass);
                passes.Add(new LineagePassView(pass, kind, heading, events));
            }
            events.Add(new LineageEventView(entry.At.ToUniversalTime(), entry.Stage, [.. entry.Detail.Select(d => new LineageFact(d.Key, d.Value))]));
        }
        return new LineageView(lineage.ReportKey, lineage.FeedId, lineage.Version, lineage.AlertId, passes);
    }

    private static (string Kind, string Heading) Describe(string pass) =>
        pass.StartsWith(ReplayPrefix, StringComparison.Ordinal) ? (ReplayPass, "Replay " + pass[ReplayPrefix.Length..])
        : pass.StartsWith(AlertPrefix, StringComparison.Ordinal) ? (AnalystPass, "Analyst actions on alert " + pass[AlertPrefix.Length..])
        : (RecordPass, "Raw record " + pass);
}

/// <summary>One pass: "topic/partition/offset/record", "replay:&lt;id&gt;" or "alert:&lt;id&gt;"; its kind and heading; its events in order.</summary>
internal sealed record LineagePassView(string Pass, string Kind, string Heading, IReadOnlyList<LineageEventView> Events);

/// <summary>One stage event: when (UTC), which stage, and its facts in the order the stage wrote them.</summary>
internal sealed record LineageEventView(DateTimeOffset At, string Stage, IReadOnlyList<LineageFact> Detail);

/// <summary>One fact of a stage event (a list, not an object, so that the order survives JSON and JavaScript).</summary>
internal sealed record LineageFact(string Name, string Value);

internal sealed record DispositionRequest(AlertDisposition? Disposition, string? Code, string? Comment);

internal sealed record StatusAnswer(AlertStatus Status);

internal sealed record ReopenRequest(string? Reason);

internal sealed record ShareRequest(string? Recipient, string? Reason, DisseminationForm? Form);

internal sealed record BulkFilter(
    IReadOnlyList<string>? Status, IReadOnlyList<string>? Category, IReadOnlyList<string>? Feed,
    string? Jurisdiction, string? Assignee, DateTimeOffset? From, DateTimeOffset? To, string? Q);

internal sealed record BulkRequest(BulkFilter? Filter, string? Action, string? Code, string? Comment, int? ExpectedCount);

internal sealed record CountAnswer(int Count);

internal sealed record ChangedAnswer(int Changed);

internal sealed record AuditView(DateTimeOffset At, string Actor, string Role, string Action, string? Target, string? Reason, string? ClientAddress);

internal sealed record FeedHealthView(
    string FeedId, long RecordsIn, long Accepted, long Rejected, long Duplicates, long UnknownFields, long? Lag, DateTimeOffset? LastRecord);

internal sealed record FairnessReportView(
    string ReportId, string Kind, string ModelVersion, DateTimeOffset? WindowFrom, DateTimeOffset? WindowTo, string DataDescription,
    DateTimeOffset CreatedAt, string CreatedBy, long RowsAudited, bool? Passed, string? OverrideReason, string Summary);
