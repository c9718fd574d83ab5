using System.Globalization;
using System.Text.Json;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>The form in which an alert is disseminated (ISE-SAR): Summary withholds the privacy fields, Detailed carries them.</summary>
public enum DisseminationForm
{
    /// <summary>Without privacy fields; what travels widely.</summary>
    Summary,

    /// <summary>With privacy fields; need-to-know only.</summary>
    Detailed,
}

/// <summary>An alert's workflow and model fields, as the desk's alert page shows them.</summary>
/// <param name="Row">The queue fields.</param>
/// <param name="Disposition">The analyst's decision, if any.</param>
/// <param name="DispositionCode">Its code.</param>
/// <param name="DispositionComment">Its comment.</param>
/// <param name="Explanation">The model's top contributing features; empty when none were recorded.</param>
/// <param name="Scores">Category scores, highest first.</param>
/// <param name="ModelVersion">The scorer that decided.</param>
public sealed record AlertDetailRow(
    AlertQueueRow Row,
    AlertDisposition? Disposition,
    string? DispositionCode,
    string? DispositionComment,
    IReadOnlyList<ScoreEvidence> Explanation,
    IReadOnlyList<CategoryScore> Scores,
    string ModelVersion);

/// <summary>One feature of a stored link, as the linker wrote it: why two reports were linked.</summary>
/// <param name="Feature">The compared feature (time, distance, narrative...).</param>
/// <param name="Level">The comparison level, when stored.</param>
/// <param name="Agreement">Agreement, when stored.</param>
/// <param name="Weight">The feature's contribution to the match weight, bits, when stored.</param>
public sealed record LinkReason(string Feature, string? Level, string? Agreement, double? Weight);

/// <summary>A report linked to the alert's report, in either direction.</summary>
/// <param name="ReportKey">The other report.</param>
/// <param name="FeedId">Its feed (empty when the report is not stored).</param>
/// <param name="OccurredAt">When its activity happened, when stored.</param>
/// <param name="Weight">Match weight, bits.</param>
/// <param name="Band">"Link" or "PossibleDuplicate".</param>
/// <param name="Reasons">The stored link features.</param>
public sealed record LinkedReport(string ReportKey, string FeedId, DateTimeOffset? OccurredAt, double Weight, string Band, IReadOnlyList<LinkReason> Reasons);

/// <summary>One entry of the dissemination log (28 CFR 23.20(e)).</summary>
/// <param name="AlertId">The alert shared.</param>
/// <param name="SharedAt">When.</param>
/// <param name="SharedBy">Who.</param>
/// <param name="Recipient">The receiving agency.</param>
/// <param name="NeedToKnow">Why (need-to-know and right-to-know).</param>
/// <param name="Form">Summary or Detailed.</param>
public sealed record DisseminationEntry(string AlertId, DateTimeOffset SharedAt, string SharedBy, string Recipient, string NeedToKnow, DisseminationForm Form);

/// <summary>
/// Everything the desk's alert page shows about one alert. Protected attributes are never loaded;
/// <see cref="Privacy"/> is loaded only when asked for.
/// </summary>
/// <param name="Alert">The alert.</param>
/// <param name="Report">Its report, without privacy fields or protected attributes.</param>
/// <param name="Privacy">Subjects and vehicles, when asked for and stored; otherwise null.</param>
/// <param name="Linked">Linked reports, strongest first.</param>
/// <param name="History">The workflow history, oldest first.</param>
/// <param name="Disseminations">The dissemination log, oldest first.</param>
public sealed record AlertDetail(
    AlertDetailRow Alert,
    Report Report,
    PrivacyFields? Privacy,
    IReadOnlyList<LinkedReport> Linked,
    IReadOnlyList<AlertHistoryEntry> History,
    IReadOnlyList<DisseminationEntry> Disseminations);

/// <summary>An alert whose row changed (raised, claimed, dispositioned...), for live updates.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Urgency">Its urgency.</param>
/// <param name="UpdatedAt">When its row last changed.</param>
public sealed record AlertChange(string AlertId, AlertStatus Status, int Urgency, DateTimeOffset UpdatedAt);

public sealed partial class PipelineStore
{
    private const int MaxRecipientLength = 256;

    private string DisseminationsTable => _dialect.Qualify("disseminations");

    /// <summary>
    /// One alert with its report, explanation, linked reports (both directions), history and
    /// dissemination log; null when no alert has the id. Protected attributes are never read.
    /// </summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="includePrivacy">Whether to load the report's subjects and vehicles.</param>
    /// <param name="now">The instant the overdue flag is computed against.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The detail, or null.</returns>
    public async Task<AlertDetail?> GetAlertDetailAsync(string alertId, bool includePrivacy, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var alertRow = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {QueueColumns}, a.scores, a.explanation, a.model_version, a.disposition, a.disposition_code, a.disposition_comment FROM {AlertsTable} a WHERE a.alert_id = @alertId",
            new { alertId }, ct: ct));
        if (alertRow is not IDictionary<string, object?> a)
        {
            return null;
        }
        var alert = new AlertDetailRow(
            ToQueueRow(a, now),
            a["disposition"] is string d ? Enum.Parse<AlertDisposition>(d) : null,
            a["disposition_code"] as string,
            a["disposition_comment"] as string,
            a["explanation"] is string explanation ? EvidenceJson.Read(explanation) : [],
            StoreJson.ReadScores((string)a["scores"]!),
            (string)a["model_version"]!);
        var reportKey = alert.Row.ReportKey;

        var reportRow = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {ReportColumns} FROM {_reportsTable} r WHERE r.idempotency_key = @reportKey", new { reportKey }, ct: ct));
        if (reportRow is not IDictionary<string, object?> r)
        {
            throw new InvalidOperationException($"Alert {alertId} refers to report {reportKey}, which is not stored.");
        }
        var report = ToReport(r);

        PrivacyFields? privacy = null;
        if (includePrivacy)
        {
            var privacyRow = await connection.QuerySingleOrDefaultAsync(Command(
                $"SELECT subjects, vehicles FROM {_dialect.Qualify(StoreSchema.Privacy.Name)} WHERE idempotency_key = @reportKey", new { reportKey }, ct: ct));
            privacy = privacyRow is IDictionary<string, object?> p
                ? new PrivacyFields(
                    p["subjects"] is string s ? StoreJson.ReadStrings(s) : [],
                    p["vehicles"] is string v ? StoreJson.ReadStrings(v) : [])
                : PrivacyFields.None;
        }

        var linkRows = await connection.QueryAsync(Command(
            $"""
            SELECT l.report_key, l.linked_key, l.weight, l.band, l.features, o.feed_id, o.occurred_at
            FROM {_dialect.Qualify(StoreSchema.ReportLinks.Name)} l
            LEFT JOIN {_reportsTable} o ON o.idempotency_key = CASE WHEN l.report_key = @reportKey THEN l.linked_key ELSE l.report_key END
            WHERE l.report_key = @reportKey OR l.linked_key = @reportKey
            """,
            new { reportKey }, ct: ct));
        var linked = linkRows.Cast<IDictionary<string, object?>>()
            .Select(row => new LinkedReport(
                string.Equals((string)row["report_key"]!, reportKey, StringComparison.Ordinal) ? (string)row["linked_key"]! : (string)row["report_key"]!,
                row["feed_id"] as string ?? "",
                row["occurred_at"] is { } occurred and not DBNull ? _dialect.FromDbTime(occurred) : null,
                Convert.ToDouble(row["weight"], CultureInfo.InvariantCulture),
                (string)row["band"]!,
                ReadLinkReasons(row["features"] as string)))
            .OrderByDescending(l => l.Weight)
            .ThenBy(l => l.ReportKey, StringComparer.Ordinal)
            .ToList();

        var history = await GetAlertHistoryAsync(alertId, ct);
        var disseminations = await GetDisseminationsAsync(alertId, ct);
        return new AlertDetail(alert, report, privacy, linked, history, disseminations);
    }

    /// <summary>One alert's queue fields, or null when no alert has the id.</summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="now">The instant the overdue flag is computed against.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The row, or null.</returns>
    public async Task<AlertQueueRow?> GetQueueRowAsync(string alertId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {QueueColumns} FROM {AlertsTable} a WHERE a.alert_id = @alertId", new { alertId }, ct: ct));
        return row is IDictionary<string, object?> r ? ToQueueRow(r, now) : null;
    }

    /// <summary>Replaces a desk user's password hash and sets whether the next login must change it.</summary>
    /// <param name="userName">The user.</param>
    /// <param name="passwordHash">A <see cref="PasswordHasher.Hash"/> result (never a password).</param>
    /// <param name="mustChangePassword">Whether the next login must set a new password.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The hash is not in <see cref="PasswordHasher"/>'s format.</exception>
    /// <exception cref="InvalidOperationException">No user has the name.</exception>
    public async Task SetUserPasswordAsync(string userName, string passwordHash, bool mustChangePassword, CancellationToken ct)
    {
        CheckText(userName, MaxActorLength, nameof(userName));
        if (!PasswordHasher.IsWellFormed(passwordHash))
        {
            throw new ArgumentException("The password hash is not in PasswordHasher's format; hash the password first.", nameof(passwordHash));
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var changed = await connection.ExecuteAsync(Command(
            $"UPDATE {DeskUsersTable} SET password_hash = @passwordHash, must_change_password = @mustChangePassword WHERE user_name = @userName",
            new { userName, passwordHash, mustChangePassword }, ct: ct));
        if (changed != 1)
        {
            throw new InvalidOperationException($"No desk user is named {userName}.");
        }
    }

    /// <summary>An alert's dissemination log, oldest first.</summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<DisseminationEntry>> GetDisseminationsAsync(string alertId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"SELECT alert_id, shared_at, shared_by, recipient_agency, need_to_know, form FROM {DisseminationsTable} WHERE alert_id = @alertId ORDER BY shared_at, id",
            new { alertId }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new DisseminationEntry(
            (string)row["alert_id"]!,
            _dialect.FromDbTime(row["shared_at"]!),
            (string)row["shared_by"]!,
            (string)row["recipient_agency"]!,
            (string)row["need_to_know"]!,
            Enum.Parse<DisseminationForm>((string)row["form"]!)))];
    }

    /// <summary>
    /// Shares a Vetted alert: it becomes Shared, with a dissemination-log entry and a history entry,
    /// in one transaction.
    /// </summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">Who shares it.</param>
    /// <param name="recipient">The receiving agency, 1 to 256 characters.</param>
    /// <param name="needToKnow">Why, 1 to 1,000 characters.</param>
    /// <param name="form">Summary or Detailed.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The recipient or reason is blank or too long.</exception>
    /// <exception cref="InvalidOperationException">The alert does not exist or is not Vetted.</exception>
    public async Task ShareAlertAsync(string alertId, string actor, string recipient, string needToKnow, DisseminationForm form, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        CheckText(actor, MaxActorLength, nameof(actor));
        CheckText(recipient, MaxRecipientLength, nameof(recipient));
        CheckText(needToKnow, MaxReasonLength, nameof(needToKnow));
        if (!Enum.IsDefined(form))
        {
            throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown dissemination form.");
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var (status, _, _, _) = await ReadWorkflowAsync(connection, transaction, alertId, ct);
        if (status != AlertStatus.Vetted)
        {
            throw new InvalidOperationException($"Alert {alertId} is {status}: only a Vetted alert can be shared.");
        }
        var changed = await connection.ExecuteAsync(Command(
            $"UPDATE {AlertsTable} SET status = 'Shared', updated_at = @now WHERE alert_id = @alertId AND status = 'Vetted'",
            new { alertId, now = _dialect.ToDbTime(now) }, transaction, ct));
        if (changed != 1)
        {
            throw new InvalidOperationException($"Alert {alertId} changed meanwhile; reload it.");
        }
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {DisseminationsTable} (alert_id, shared_at, shared_by, recipient_agency, need_to_know, form) VALUES (@alertId, @now, @actor, @recipient, @needToKnow, @form)",
            new { alertId, now = _dialect.ToDbTime(now), actor, recipient, needToKnow, form = form.ToString() }, transaction, ct));
        await AppendHistoryAsync(connection, transaction, alertId, now, actor, "Share", status, AlertStatus.Shared, null,
            string.Create(CultureInfo.InvariantCulture, $"{form} to {recipient}: {needToKnow}") is var comment && comment.Length > MaxCommentLength ? comment[..MaxCommentLength] : comment,
            ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Closes open alerts in bulk (a supervisor's action by filter): each still-open alert becomes
    /// Closed with the code and comment and a Disposition history entry (no disposition, so no
    /// training label is written: a bulk close is not a vetting). Alerts no longer open are skipped.
    /// </summary>
    /// <param name="alertIds">The alerts.</param>
    /// <param name="actor">The supervisor.</param>
    /// <param name="code">The disposition code, 1 to 64 characters.</param>
    /// <param name="comment">Why, 1 to 2,000 characters.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>How many alerts were closed.</returns>
    public async Task<int> CloseAlertsAsync(IReadOnlyList<string> alertIds, string actor, string code, string comment, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        CheckText(actor, MaxActorLength, nameof(actor));
        CheckText(code, MaxDispositionCodeLength, nameof(code));
        CheckText(comment, MaxCommentLength, nameof(comment));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (alertIds.Count == 0)
        {
            return 0;
        }
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var closed = 0;
        foreach (var alertId in alertIds.Distinct(StringComparer.Ordinal))
        {
            var row = await connection.QuerySingleOrDefaultAsync(Command(
                $"SELECT status FROM {AlertsTable}{ReadForUpdate} WHERE alert_id = @alertId", new { alertId }, transaction, ct));
            if (row is not IDictionary<string, object?> r)
            {
                continue;
            }
            var from = Enum.Parse<AlertStatus>((string)r["status"]!);
            if (!OpenStatuses.Contains(from))
            {
                continue;
            }
            var changed = await connection.ExecuteAsync(Command(
                $"UPDATE {AlertsTable} SET status = 'Closed', disposition = NULL, disposition_code = @code, disposition_comment = @comment, assignee = COALESCE(assignee, @actor), updated_at = @now " +
                $"WHERE alert_id = @alertId AND {OpenStatusPredicate.Replace("a.status", "status", StringComparison.Ordinal)}",
                new { alertId, actor, code, comment, now = _dialect.ToDbTime(now) }, transaction, ct));
            if (changed == 1)
            {
                await AppendHistoryAsync(connection, transaction, alertId, now, actor, "Disposition", from, AlertStatus.Closed, null, comment, ct);
                closed++;
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
        return closed;
    }

    /// <summary>
    /// Alerts whose row changed after <paramref name="since"/> (raised by the pipeline, or changed
    /// on the desk), oldest change first, at most <paramref name="limit"/>. For live updates.
    /// </summary>
    /// <param name="since">Changes strictly after this instant.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The changes.</returns>
    public async Task<IReadOnlyList<AlertChange>> GetAlertChangesAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var sql = _dialect.Provider == StoreProvider.SqlServer
            ? $"SELECT TOP (@limit) alert_id, status, urgency, updated_at FROM {AlertsTable} WHERE updated_at > @since ORDER BY updated_at, alert_id"
            : $"SELECT alert_id, status, urgency, updated_at FROM {AlertsTable} WHERE updated_at > @since ORDER BY updated_at, alert_id LIMIT @limit";
        await using var connection = await OpenAsync(pooled: true, ct);
        var parameters = new DynamicParameters();
        parameters.Add("since", _dialect.ToDbTime(since), _dialect.TimeDbType);
        parameters.Add("limit", limit);
        var rows = await connection.QueryAsync(Command(sql, parameters, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new AlertChange(
            (string)row["alert_id"]!,
            Enum.Parse<AlertStatus>((string)row["status"]!),
            Convert.ToInt32(row["urgency"], CultureInfo.InvariantCulture),
            _dialect.FromDbTime(row["updated_at"]!)))];
    }

    // The linker writes a JSON array of objects (feature, level, agreement, weight); read it
    // leniently, so that a newer linker's extra fields or an older one's missing ones still show.
    private static List<LinkReason> ReadLinkReasons(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }
            var reasons = new List<LinkReason>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                string? feature = null, level = null, agreement = null;
                double? weight = null;
                foreach (var property in item.EnumerateObject())
                {
                    var value = property.Value;
                    switch (property.Name.ToUpperInvariant())
                    {
                        case "FEATURE":
                            feature = value.ToString();
                            break;
                        case "LEVEL":
                            level = value.ToString();
                            break;
                        case "AGREEMENT":
                            agreement = value.ToString();
                            break;
                        case "WEIGHT" or "CONTRIBUTION" when value.ValueKind == JsonValueKind.Number:
                            weight = value.GetDouble();
                            break;
                        default:
                            break;
                    }
                }
                if (feature is not null)
                {
                    reasons.Add(new LinkReason(feature, level, agreement, weight));
                }
            }
            return reasons;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
