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
    IReadOnlyList<DisseminationView> Disseminations);

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
