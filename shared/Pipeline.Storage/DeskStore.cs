using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>An analyst's vetting decision.</summary>
public enum AlertDisposition
{
    /// <summary>ISE-SAR: the behaviour fits the category and has a potential terrorism nexus.</summary>
    IseSar,

    /// <summary>Not ISE-SAR.</summary>
    NotIseSar,

    /// <summary>More information is needed before deciding.</summary>
    NeedsInformation,
}

/// <summary>A watch-desk role.</summary>
public enum DeskRole
{
    /// <summary>Claims and vets alerts.</summary>
    Analyst,

    /// <summary>Vets, reopens and shares alerts; manages users.</summary>
    Supervisor,

    /// <summary>Reads the audit trail.</summary>
    Auditor,

    /// <summary>Feed health and pipeline pages.</summary>
    Engineer,
}

/// <summary>What an audited desk action was.</summary>
public enum DeskAuditAction
{
    /// <summary>An alert was viewed.</summary>
    View,

    /// <summary>The queue was searched or filtered.</summary>
    Search,

    /// <summary>An alert was changed.</summary>
    Change,

    /// <summary>Data left the desk as a file.</summary>
    Export,

    /// <summary>An alert was disseminated.</summary>
    Share,

    /// <summary>A user logged in.</summary>
    Login,

    /// <summary>A login was refused.</summary>
    LoginFailed,
}

/// <summary>Which position of the queue a page starts after: the last row of the previous page.</summary>
/// <param name="Urgency">Its urgency.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="AlertId">Its id (the tie-breaker).</param>
public sealed record AlertCursor(int Urgency, DateTimeOffset RaisedAt, string AlertId);

/// <summary>A queue query: filters (null or empty means "any"), ordered urgency, raised_at, alert_id ascending.</summary>
public sealed record AlertQuery
{
    /// <summary>The largest page the store returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The instant the overdue flags are computed against.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Statuses to show; empty: the open ones (New, InReview, NeedsInformation).</summary>
    public IReadOnlyList<AlertStatus> Statuses { get; init; } = [];

    /// <summary>Top categories (ISE-SAR codes).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Feed ids.</summary>
    public IReadOnlyList<string> FeedIds { get; init; } = [];

    /// <summary>Only alerts whose report lies in this jurisdiction (scans the queue's reports: costs like <see cref="Text"/>).</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>Only alerts claimed by this user.</summary>
    public string? Assignee { get; init; }

    /// <summary>Raised at or after.</summary>
    public DateTimeOffset? RaisedFrom { get; init; }

    /// <summary>Raised before.</summary>
    public DateTimeOffset? RaisedTo { get; init; }

    /// <summary>Text the report's narrative must contain (literally: % and _ are not wildcards).</summary>
    public string? Text { get; init; }

    /// <summary>Start after this row (keyset paging); null for the first page.</summary>
    public AlertCursor? After { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/> (larger values are capped).</summary>
    public int PageSize { get; init; } = 50;
}

/// <summary>One row of the queue.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="ReportKey">Its report.</param>
/// <param name="FeedId">The report's feed.</param>
/// <param name="TopCategory">The highest-scoring category.</param>
/// <param name="Priority">The model's priority in [0, 1].</param>
/// <param name="Urgency">1 (most urgent) to 4.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Assignee">Who claimed it, if anyone.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="DueAt">Its SLA deadline.</param>
/// <param name="Overdue">Open and past its deadline at the query's <see cref="AlertQuery.Now"/>.</param>
public sealed record AlertQueueRow(
    string AlertId,
    string ReportKey,
    string FeedId,
    string TopCategory,
    double Priority,
    int Urgency,
    AlertStatus Status,
    string? Assignee,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    bool Overdue)
{
    /// <summary>The cursor that starts the next page after this row.</summary>
    public AlertCursor Cursor => new(Urgency, RaisedAt, AlertId);
}

/// <summary>A page of the queue.</summary>
/// <param name="Rows">The rows, in queue order.</param>
/// <param name="Next">Where the next page starts; null when this is the last page.</param>
public sealed record AlertPage(IReadOnlyList<AlertQueueRow> Rows, AlertCursor? Next);

/// <summary>One entry of an alert's append-only workflow history.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">Claim, Disposition, Reopen or Share.</param>
/// <param name="FromStatus">Status before.</param>
/// <param name="ToStatus">Status after.</param>
/// <param name="Disposition">The disposition, for a Disposition entry.</param>
/// <param name="Comment">The analyst's comment or the supervisor's reason.</param>
public sealed record AlertHistoryEntry(
    string AlertId, DateTimeOffset At, string Actor, string Action, AlertStatus FromStatus, AlertStatus ToStatus, AlertDisposition? Disposition, string? Comment);

/// <summary>A local watch-desk account.</summary>
/// <param name="UserName">Login name (the key).</param>
/// <param name="DisplayName">Name shown on the desk.</param>
/// <param name="Role">Its role.</param>
/// <param name="PasswordHash">A <see cref="PasswordHasher"/> hash.</param>
/// <param name="MustChangePassword">The next login must set a new password.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Disabled">Refused at login.</param>
public sealed record DeskUser(string UserName, string DisplayName, DeskRole Role, string PasswordHash, bool MustChangePassword, DateTimeOffset CreatedAt, bool Disabled);

/// <summary>
/// One entry of the desk's append-only audit trail. <see cref="Target"/> is an alert id or
/// <see cref="SearchTarget"/> of a search's text: never the text itself, nor a narrative.
/// </summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Role">In which role; null for a caller who was not signed in (stored as <c>none</c>).</param>
/// <param name="Action">What kind of action.</param>
/// <param name="Target">Which alert, or the hash of which search; null when none.</param>
/// <param name="Reason">Why, when the user said (a need-to-know, a case number).</param>
/// <param name="ClientAddress">The client's network address, when known.</param>
public sealed record DeskAuditEntry(DateTimeOffset At, string Actor, DeskRole? Role, DeskAuditAction Action, string? Target, string? Reason, string? ClientAddress)
{
    /// <summary>The audit target for a search: <c>sha256:</c> and the hex SHA-256 of its UTF-8 text, so equal searches can be matched without storing them.</summary>
    /// <param name="searchText">The search's text.</param>
    /// <returns>The target.</returns>
    public static string SearchTarget(string searchText)
    {
        ArgumentNullException.ThrowIfNull(searchText);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(searchText)));
    }
}

/// <summary>
/// How urgent a newly raised alert is and how long the desk has to act on it. Urgency 1 is the
/// most urgent: points = 2 for priority at least 0.8, 1 for at least 0.5; one more for an ISE-SAR
/// group A top category (defined criminal activity, potential nexus); one more when the report
/// names a target sector; urgency = max(1, 4 - points). Migration 0010 backfills with the same rule.
/// </summary>
public static class AlertUrgency
{
    /// <summary>The most urgent level.</summary>
    public const int Highest = 1;

    /// <summary>The least urgent level.</summary>
    public const int Lowest = 4;

    /// <summary>The urgency of an alert raised with these facts.</summary>
    /// <param name="priority">The model's priority in [0, 1].</param>
    /// <param name="topCategory">The top category's ISE-SAR code.</param>
    /// <param name="hasTargetSector">Whether the report names a target sector.</param>
    /// <returns>1 to 4.</returns>
    public static int Compute(double priority, string? topCategory, bool hasTargetSector)
    {
        var points = priority >= 0.8 ? 2 : priority >= 0.5 ? 1 : 0;
        if (IseSarCategories.Find(topCategory)?.Group == IseSarGroup.A)
        {
            points++;
        }
        if (hasTargetSector)
        {
            points++;
        }
        return Math.Max(Highest, Lowest - points);
    }

    /// <summary>The SLA for an urgency: 1 h, 4 h, 24 h, 72 h for 1 to 4.</summary>
    /// <param name="urgency">1 to 4.</param>
    /// <returns>Time from raising to the deadline.</returns>
    public static TimeSpan Sla(int urgency) => urgency switch
    {
        1 => TimeSpan.FromHours(1),
        2 => TimeSpan.FromHours(4),
        3 => TimeSpan.FromHours(24),
        4 => TimeSpan.FromHours(72),
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Urgency is 1 to 4."),
    };
}

public sealed partial class PipelineStore
{
    private const int MaxDispositionCodeLength = 64;
    private const int MaxCommentLength = 2000;
    private const int MaxClientAddressLength = 64;
    private const int FirstAdministratorPasswordLength = 24;
    private const string OpenStatusPredicate = "a.status IN ('New', 'InReview', 'NeedsInformation')";
    private const string ClosedStatusPredicate = "a.status IN ('Vetted', 'Shared', 'Closed')";

    private const string QueueColumns =
        "a.alert_id, a.report_key, a.feed_id, a.top_category, a.priority, a.urgency, a.status, a.assignee, a.raised_at, a.due_at";

    private static readonly AlertStatus[] OpenStatuses = [AlertStatus.New, AlertStatus.InReview, AlertStatus.NeedsInformation];

    private string AlertsTable => _dialect.Qualify(StoreSchema.Alerts.Name);

    private string AlertHistoryTable => _dialect.Qualify("alert_history");

    private string DeskUsersTable => _dialect.Qualify("desk_users");

    private string DeskAuditTable => _dialect.Qualify("desk_audit_log");

    /// <summary>
    /// A page of the queue, most urgent first, then oldest first. Without text or jurisdiction the
    /// query reads the alerts table (its queue indexes) only; with them it also reads each
    /// candidate's report, so a rare match may scan far.
    /// </summary>
    /// <param name="query">Filters, cursor and page size.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The page and the cursor of the next one.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page size is below 1.</exception>
    public async Task<AlertPage> QueryAlertsAsync(AlertQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var pageSize = Math.Min(query.PageSize, AlertQuery.MaxPageSize);
        var sqlServer = _dialect.Provider == StoreProvider.SqlServer;

        var where = new List<string>();
        var parameters = new DynamicParameters();
        var statuses = query.Statuses.Distinct().ToArray();
        // Repeated literally, so that the partial (filtered) queue indexes apply.
        if (statuses.Length == 0 || statuses.All(OpenStatuses.Contains))
        {
            where.Add(OpenStatusPredicate);
        }
        else if (!statuses.Any(OpenStatuses.Contains))
        {
            where.Add(ClosedStatusPredicate);
        }
        if (statuses.Length > 0)
        {
            where.Add("a.status IN @statuses");
            parameters.Add("statuses", statuses.Select(s => s.ToString()).ToArray());
        }
        if (query.Categories.Count > 0)
        {
            where.Add("a.top_category IN @categories");
            parameters.Add("categories", query.Categories.ToArray());
        }
        if (query.FeedIds.Count > 0)
        {
            where.Add("a.feed_id IN @feeds");
            parameters.Add("feeds", query.FeedIds.ToArray());
        }
        if (query.Assignee is { } assignee)
        {
            where.Add("a.assignee = @assignee");
            parameters.Add("assignee", assignee);
        }
        if (query.RaisedFrom is { } from)
        {
            where.Add("a.raised_at >= @raisedFrom");
            parameters.Add("raisedFrom", _dialect.ToDbTime(from), _dialect.TimeDbType);
        }
        if (query.RaisedTo is { } to)
        {
            where.Add("a.raised_at < @raisedTo");
            parameters.Add("raisedTo", _dialect.ToDbTime(to), _dialect.TimeDbType);
        }
        var joinReports = false;
        if (!string.IsNullOrEmpty(query.Text))
        {
            joinReports = true;
            where.Add(@"r.narrative LIKE @text ESCAPE '\'");
            parameters.Add("text", "%" + EscapeLike(query.Text, sqlServer) + "%");
        }
        if (!string.IsNullOrEmpty(query.Jurisdiction))
        {
            // reports.jurisdictions is a JSON array of strings: match one element, quotes included.
            joinReports = true;
            where.Add(@"r.jurisdictions LIKE @jurisdiction ESCAPE '\'");
            parameters.Add("jurisdiction", "%" + EscapeLike(StoreJson.WriteStrings([query.Jurisdiction]).Trim('[', ']'), sqlServer) + "%");
        }
        if (query.After is { } after)
        {
            // SQLite compares row values along the index; SQL Server has no row values.
            where.Add(sqlServer
                ? "(a.urgency > @afterUrgency OR (a.urgency = @afterUrgency AND (a.raised_at > @afterRaised OR (a.raised_at = @afterRaised AND a.alert_id > @afterId))))"
                : "(a.urgency, a.raised_at, a.alert_id) > (@afterUrgency, @afterRaised, @afterId)");
            parameters.Add("afterUrgency", after.Urgency);
            parameters.Add("afterRaised", _dialect.ToDbTime(after.RaisedAt), _dialect.TimeDbType);
            parameters.Add("afterId", after.AlertId);
        }
        parameters.Add("take", pageSize + 1);

        var join = joinReports ? $" JOIN {_reportsTable} r ON r.idempotency_key = a.report_key" : "";
        var sql = new StringBuilder()
            .Append(sqlServer ? "SELECT TOP (@take) " : "SELECT ").Append(QueueColumns)
            .Append(" FROM ").Append(AlertsTable).Append(" a").Append(join)
            .Append(" WHERE ").AppendJoin(" AND ", where)
            .Append(" ORDER BY a.urgency, a.raised_at, a.alert_id")
            .Append(sqlServer ? "" : " LIMIT @take")
            .ToString();

        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = (await connection.QueryAsync(Command(sql, parameters, ct: ct)))
            .Cast<IDictionary<string, object?>>()
            .Select(row => ToQueueRow(row, query.Now))
            .ToList();
        AlertCursor? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Cursor;
        }
        return new AlertPage(rows, next);
    }

    /// <summary>
    /// Claims a New alert for <paramref name="actor"/> (it becomes InReview), or resumes one that
    /// needed information and is theirs. Claiming an alert one already has is a no-op.
    /// </summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">The analyst.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">The alert does not exist, or someone else has claimed it, or it is no longer open.</exception>
    public async Task ClaimAlertAsync(string alertId, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        CheckText(actor, MaxActorLength, nameof(actor));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var (status, assignee, _, _) = await ReadWorkflowAsync(connection, transaction, alertId, ct);
        if (status == AlertStatus.InReview && string.Equals(assignee, actor, StringComparison.Ordinal))
        {
            return;
        }
        var claimable = (status == AlertStatus.New && assignee is null)
            || (status == AlertStatus.NeedsInformation && string.Equals(assignee, actor, StringComparison.Ordinal));
        if (!claimable)
        {
            throw new InvalidOperationException(assignee is null
                ? $"Alert {alertId} is {status} and cannot be claimed."
                : $"Alert {alertId} is already claimed by {assignee} ({status}).");
        }
        // The status and assignee are part of the condition, so the loser of a race changes nothing.
        var changed = await connection.ExecuteAsync(Command(
            $"UPDATE {AlertsTable} SET status = 'InReview', assignee = @actor, claimed_at = @now, updated_at = @now " +
            "WHERE alert_id = @alertId AND status = @status AND (assignee IS NULL OR assignee = @actor)",
            new { alertId, actor, status = status.ToString(), now = _dialect.ToDbTime(now) }, transaction, ct));
        if (changed != 1)
        {
            throw new InvalidOperationException($"Alert {alertId} was claimed by someone else meanwhile.");
        }
        await AppendHistoryAsync(connection, transaction, alertId, now, actor, "Claim", status, AlertStatus.InReview, null, null, ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Records the assignee's vetting of an InReview alert: IseSar makes it Vetted, NotIseSar
    /// Closed, NeedsInformation NeedsInformation. IseSar and NotIseSar also write the report's
    /// training label (the alert's top category, or none), in the same transaction, so that
    /// analysts' vetting feeds the fairness audit and retraining.
    /// </summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">The analyst; must be its assignee.</param>
    /// <param name="disposition">The decision.</param>
    /// <param name="code">The disposition code, 1 to 64 characters.</param>
    /// <param name="comment">Why, 1 to 2,000 characters.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The alert's new status.</returns>
    /// <exception cref="ArgumentException">The code or comment is blank or too long.</exception>
    /// <exception cref="InvalidOperationException">The alert does not exist, is not InReview, or is assigned to someone else.</exception>
    public async Task<AlertStatus> DispositionAlertAsync(
        string alertId, string actor, AlertDisposition disposition, string code, string comment, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        CheckText(actor, MaxActorLength, nameof(actor));
        CheckText(code, MaxDispositionCodeLength, nameof(code));
        CheckText(comment, MaxCommentLength, nameof(comment));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var target = disposition switch
        {
            AlertDisposition.IseSar => AlertStatus.Vetted,
            AlertDisposition.NotIseSar => AlertStatus.Closed,
            AlertDisposition.NeedsInformation => AlertStatus.NeedsInformation,
            _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Unknown disposition."),
        };

        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var (status, assignee, topCategory, reportKey) = await ReadWorkflowAsync(connection, transaction, alertId, ct);
        if (status != AlertStatus.InReview)
        {
            throw new InvalidOperationException($"Alert {alertId} is {status}: only an alert in review can be dispositioned.");
        }
        if (!string.Equals(assignee, actor, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Alert {alertId} is assigned to {assignee}: only its assignee can disposition it.");
        }
        var changed = await connection.ExecuteAsync(Command(
            $"UPDATE {AlertsTable} SET status = @target, disposition = @disposition, disposition_code = @code, disposition_comment = @comment, updated_at = @now " +
            "WHERE alert_id = @alertId AND status = 'InReview' AND assignee = @actor",
            new { alertId, actor, target = target.ToString(), disposition = disposition.ToString(), code, comment, now = _dialect.ToDbTime(now) }, transaction, ct));
        if (changed != 1)
        {
            throw new InvalidOperationException($"Alert {alertId} changed meanwhile; reload it.");
        }
        await AppendHistoryAsync(connection, transaction, alertId, now, actor, "Disposition", status, target, disposition, comment, ct);

        if (disposition != AlertDisposition.NeedsInformation)
        {
            // An unknown top category cannot be a label; the disposition itself still stands.
            string[]? categories = disposition == AlertDisposition.NotIseSar ? []
                : IseSarCategories.Find(topCategory) is { } category ? [category.Code] : null;
            if (categories is not null)
            {
                await UpsertReportLabelAsync(connection, transaction, reportKey, categories, actor, now, ct);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
        return target;
    }

    /// <summary>Reopens a Vetted or Closed alert for review (InReview, same assignee, disposition cleared). Supervisors only.</summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">The supervisor.</param>
    /// <param name="role">The actor's role, as the caller authenticated it.</param>
    /// <param name="reason">Why, 1 to 2,000 characters.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="UnauthorizedAccessException">The role is not supervisor.</exception>
    /// <exception cref="InvalidOperationException">The alert does not exist or is not Vetted or Closed.</exception>
    public async Task ReopenAlertAsync(string alertId, string actor, DeskRole role, string reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        CheckText(actor, MaxActorLength, nameof(actor));
        CheckText(reason, MaxCommentLength, nameof(reason));
        if (role != DeskRole.Supervisor)
        {
            throw new UnauthorizedAccessException($"Only a supervisor can reopen an alert; {actor} is {RoleName(role)}.");
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var (status, assignee, _, _) = await ReadWorkflowAsync(connection, transaction, alertId, ct);
        if (status is not (AlertStatus.Vetted or AlertStatus.Closed))
        {
            throw new InvalidOperationException($"Alert {alertId} is {status}: only a Vetted or Closed alert can be reopened.");
        }
        // An alert closed without review (folded into another) has no assignee: the supervisor takes it.
        await connection.ExecuteAsync(Command(
            $"UPDATE {AlertsTable} SET status = 'InReview', assignee = @assignee, disposition = NULL, disposition_code = NULL, disposition_comment = NULL, updated_at = @now " +
            "WHERE alert_id = @alertId",
            new { alertId, assignee = assignee ?? actor, now = _dialect.ToDbTime(now) }, transaction, ct));
        await AppendHistoryAsync(connection, transaction, alertId, now, actor, "Reopen", status, AlertStatus.InReview, null, reason, ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>An alert's workflow history, oldest first.</summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<AlertHistoryEntry>> GetAlertHistoryAsync(string alertId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"SELECT alert_id, at, actor, action, from_status, to_status, disposition, comment FROM {AlertHistoryTable} WHERE alert_id = @alertId ORDER BY id",
            new { alertId }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new AlertHistoryEntry(
            (string)row["alert_id"]!,
            _dialect.FromDbTime(row["at"]!),
            (string)row["actor"]!,
            (string)row["action"]!,
            Enum.Parse<AlertStatus>((string)row["from_status"]!),
            Enum.Parse<AlertStatus>((string)row["to_status"]!),
            row["disposition"] is string d ? Enum.Parse<AlertDisposition>(d) : null,
            row["comment"] as string))];
    }

    /// <summary>Creates a local desk account.</summary>
    /// <param name="userName">Login name, 1 to 256 characters.</param>
    /// <param name="role">Its role.</param>
    /// <param name="passwordHash">A <see cref="PasswordHasher.Hash"/> result (never a password).</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="displayName">Name shown on the desk; the user name when null.</param>
    /// <param name="mustChangePassword">The first login must set a new password.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The name is blank or too long, or the hash is not in <see cref="PasswordHasher"/>'s format.</exception>
    /// <exception cref="InvalidOperationException">The user name is taken.</exception>
    public async Task CreateUserAsync(string userName, DeskRole role, string passwordHash, CancellationToken ct, string? displayName = null, bool mustChangePassword = false)
    {
        CheckText(userName, MaxActorLength, nameof(userName));
        if (!PasswordHasher.IsWellFormed(passwordHash))
        {
            throw new ArgumentException("The password hash is not in PasswordHasher's format; hash the password first.", nameof(passwordHash));
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var exists = await connection.ExecuteScalarAsync<object?>(Command(
            $"SELECT 1 FROM {DeskUsersTable}{ReadForUpdate} WHERE user_name = @userName", new { userName }, transaction, ct));
        if (exists is not null and not DBNull)
        {
            throw new InvalidOperationException($"A desk user named {userName} already exists.");
        }
        await InsertUserAsync(connection, transaction, userName, displayName ?? userName, role, passwordHash, mustChangePassword, ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>A desk account, or null.</summary>
    /// <param name="userName">Login name.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The user, or null.</returns>
    public async Task<DeskUser?> GetUserAsync(string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT user_name, display_name, role, password_hash, must_change_password, created_at, disabled FROM {DeskUsersTable} WHERE user_name = @userName",
            new { userName }, ct: ct));
        if (row is not IDictionary<string, object?> r)
        {
            return null;
        }
        return new DeskUser(
            (string)r["user_name"]!,
            (string)r["display_name"]!,
            ParseRole((string)r["role"]!),
            (string)r["password_hash"]!,
            Convert.ToBoolean(r["must_change_password"], CultureInfo.InvariantCulture),
            _dialect.FromDbTime(r["created_at"]!),
            Convert.ToBoolean(r["disabled"], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// When no desk user exists yet, creates a supervisor named <paramref name="userName"/> with a
    /// random one-time password (which must be changed at first login) and returns that password,
    /// for the caller to print once. Returns null, changing nothing, when any user exists. There is
    /// never a fixed default password.
    /// </summary>
    /// <param name="ct">Cancellation.</param>
    /// <param name="userName">The administrator's login name.</param>
    /// <returns>The one-time password, or null.</returns>
    public async Task<string?> EnsureFirstAdministratorAsync(CancellationToken ct, string userName = "admin")
    {
        CheckText(userName, MaxActorLength, nameof(userName));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var any = await connection.ExecuteScalarAsync<object?>(Command(
            _dialect.Provider == StoreProvider.SqlServer
                ? $"SELECT TOP (1) 1 FROM {DeskUsersTable}{ReadForUpdate}"
                : $"SELECT 1 FROM {DeskUsersTable} LIMIT 1",
            transaction: transaction, ct: ct));
        if (any is not null and not DBNull)
        {
            return null;
        }
        // No look-alike characters, so the password can be typed from a terminal reliably.
        var password = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", FirstAdministratorPasswordLength);
        await InsertUserAsync(connection, transaction, userName, "Administrator", DeskRole.Supervisor, PasswordHasher.Hash(password), mustChangePassword: true, ct);
        await transaction.CommitAsync(CancellationToken.None);
        return password;
    }

    /// <summary>Appends an entry to the desk's audit trail. There is no API to change or delete one.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The actor is blank, or a field is too long.</exception>
    public async Task AppendAuditAsync(DeskAuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckText(entry.Actor, MaxActorLength, nameof(entry));
        CheckOptional(entry.Target, MaxActorLength, nameof(entry));
        CheckOptional(entry.Reason, MaxReasonLength, nameof(entry));
        CheckOptional(entry.ClientAddress, MaxClientAddressLength, nameof(entry));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {DeskAuditTable} (at, actor, role, action, target, reason, client_address) VALUES (@at, @actor, @role, @action, @target, @reason, @clientAddress)",
            new
            {
                at = _dialect.ToDbTime(entry.At),
                actor = entry.Actor,
                role = entry.Role is { } role ? RoleName(role) : NoRole,
                action = AuditActionName(entry.Action),
                target = entry.Target,
                reason = entry.Reason,
                clientAddress = entry.ClientAddress,
            },
            ct: ct));
    }

    /// <summary>Audit entries from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), oldest first.</summary>
    /// <param name="from">Start.</param>
    /// <param name="to">End (exclusive).</param>
    /// <param name="actor">Only this actor's; null for everyone's.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<DeskAuditEntry>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, string? actor, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var filter = actor is null ? "" : " AND actor = @actor";
        var columns = "at, actor, role, action, target, reason, client_address";
        var sql = _dialect.Provider == StoreProvider.SqlServer
            ? $"SELECT TOP (@limit) {columns} FROM {DeskAuditTable} WHERE at >= @from AND at < @to{filter} ORDER BY at, id"
            : $"SELECT {columns} FROM {DeskAuditTable} WHERE at >= @from AND at < @to{filter} ORDER BY at, id LIMIT @limit";
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, new { from = _dialect.ToDbTime(from), to = _dialect.ToDbTime(to), actor, limit }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new DeskAuditEntry(
            _dialect.FromDbTime(row["at"]!),
            (string)row["actor"]!,
            (string)row["role"]! is var role && role == NoRole ? null : ParseRole(role),
            ParseAuditAction((string)row["action"]!),
            row["target"] as string,
            row["reason"] as string,
            row["client_address"] as string))];
    }

    private async Task<(AlertStatus Status, string? Assignee, string TopCategory, string ReportKey)> ReadWorkflowAsync(
        DbConnection connection, DbTransaction transaction, string alertId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT status, assignee, top_category, report_key FROM {AlertsTable}{ReadForUpdate} WHERE alert_id = @alertId", new { alertId }, transaction, ct));
        if (row is not IDictionary<string, object?> r)
        {
            throw new InvalidOperationException($"No alert has id {alertId}.");
        }
        return (Enum.Parse<AlertStatus>((string)r["status"]!), r["assignee"] as string, (string)r["top_category"]!, (string)r["report_key"]!);
    }

    private async Task AppendHistoryAsync(
        DbConnection connection, DbTransaction transaction, string alertId, DateTimeOffset at, string actor, string action,
        AlertStatus fromStatus, AlertStatus toStatus, AlertDisposition? disposition, string? comment, CancellationToken ct) =>
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {AlertHistoryTable} (alert_id, at, actor, action, from_status, to_status, disposition, comment) " +
            "VALUES (@alertId, @at, @actor, @action, @fromStatus, @toStatus, @disposition, @comment)",
            new
            {
                alertId,
                at = _dialect.ToDbTime(at),
                actor,
                action,
                fromStatus = fromStatus.ToString(),
                toStatus = toStatus.ToString(),
                disposition = disposition?.ToString(),
                comment,
            },
            transaction,
            ct));

    private async Task InsertUserAsync(
        DbConnection connection, DbTransaction transaction, string userName, string displayName, DeskRole role, string passwordHash, bool mustChangePassword, CancellationToken ct) =>
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {DeskUsersTable} (user_name, display_name, role, password_hash, must_change_password, created_at, disabled) " +
            "VALUES (@userName, @displayName, @role, @passwordHash, @mustChangePassword, @createdAt, @disabled)",
            new
            {
                userName,
                displayName = displayName.Length > MaxActorLength ? displayName[..MaxActorLength] : displayName,
                role = RoleName(role),
                passwordHash,
                mustChangePassword,
                createdAt = _dialect.ToDbTime(_time.GetUtcNow()),
                disabled = false,
            },
            transaction,
            ct));

    private AlertQueueRow ToQueueRow(IDictionary<string, object?> row, DateTimeOffset now)
    {
        var status = Enum.Parse<AlertStatus>((string)row["status"]!);
        var dueAt = _dialect.FromDbTime(row["due_at"]!);
        return new AlertQueueRow(
            (string)row["alert_id"]!,
            (string)row["report_key"]!,
            (string)row["feed_id"]!,
            (string)row["top_category"]!,
            Convert.ToDouble(row["priority"], CultureInfo.InvariantCulture),
            Convert.ToInt32(row["urgency"], CultureInfo.InvariantCulture),
            status,
            row["assignee"] as string,
            _dialect.FromDbTime(row["raised_at"]!),
            dueAt,
            OpenStatuses.Contains(status) && dueAt < now);
    }

    // LIKE's wildcards (and SQL Server's character classes) in user text must match literally.
    private static string EscapeLike(string text, bool sqlServer)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_' || (sqlServer && c == '['))
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static void CheckOptional(string? value, int maxLength, string paramName)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            throw new ArgumentException($"{paramName} has a field longer than {maxLength.ToString(CultureInfo.InvariantCulture)} characters.", paramName);
        }
    }

    /// <summary>The audit log's role for a caller who was not signed in.</summary>
    private const string NoRole = "none";

    private static string RoleName(DeskRole role) => role switch
    {
        DeskRole.Analyst => "analyst",
        DeskRole.Supervisor => "supervisor",
        DeskRole.Auditor => "auditor",
        DeskRole.Engineer => "engineer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    private static DeskRole ParseRole(string name) => name switch
    {
        "analyst" => DeskRole.Analyst,
        "supervisor" => DeskRole.Supervisor,
        "auditor" => DeskRole.Auditor,
        "engineer" => DeskRole.Engineer,
        _ => throw new InvalidOperationException($"Unknown desk role '{name}' in the store."),
    };

    private static string AuditActionName(DeskAuditAction action) => action switch
    {
        DeskAuditAction.View => "view",
        DeskAuditAction.Search => "search",
        DeskAuditAction.Change => "change",
        DeskAuditAction.Export => "export",
        DeskAuditAction.Share => "share",
        DeskAuditAction.Login => "login",
        DeskAuditAction.LoginFailed => "login-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown audit action."),
    };

    private static DeskAuditAction ParseAuditAction(string name) => name switch
    {
        "view" => DeskAuditAction.View,
        "search" => DeskAuditAction.Search,
        "change" => DeskAuditAction.Change,
        "export" => DeskAuditAction.Export,
        "share" => DeskAuditAction.Share,
        "login" => DeskAuditAction.Login,
        "login-failed" => DeskAuditAction.LoginFailed,
        _ => throw new InvalidOperationException($"Unknown audit action '{name}' in the store."),
    };
}
