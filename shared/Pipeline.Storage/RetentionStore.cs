using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>
/// 28 CFR Part 23 retention periods. Bound from the <c>Retention</c> section; check with
/// <see cref="RetentionOptionsValidator"/>.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Retention";

    /// <summary>The largest <see cref="BatchSize"/>: a batch's keys are bound as parameters, and SQL Server takes at most 2,100.</summary>
    public const int MaxBatchSize = 2000;

    /// <summary>
    /// How long a report is kept after it was received or last re-validated, whichever is later
    /// (28 CFR 23.20(h): reviewed and re-validated within five years, or purged). Default 1,826 days.
    /// </summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(1826);

    /// <summary>How long a report vetted as not ISE-SAR is kept after it was vetted (or last re-validated, if later). Default 365 days.</summary>
    public TimeSpan NotIseSarPeriod { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Reports purged per transaction, 1 to <see cref="MaxBatchSize"/>. Default 500.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>Checks <see cref="RetentionOptions"/>; register it with <c>ValidateOnStart</c> so bad configuration fails at start-up.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its configuration path; empty when they are valid.</summary>
    /// <param name="options">The options to check.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Check(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = RetentionOptions.SectionName;
        var failures = new List<string>();
        if (options.RetentionPeriod <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:RetentionPeriod must be greater than zero (was {options.RetentionPeriod})"));
        }
        if (options.NotIseSarPeriod <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:NotIseSarPeriod must be greater than zero (was {options.NotIseSarPeriod})"));
        }
        else if (options.NotIseSarPeriod > options.RetentionPeriod)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s}:NotIseSarPeriod must be at most {s}:RetentionPeriod (was {options.NotIseSarPeriod}, retention {options.RetentionPeriod})"));
        }
        if (options.BatchSize is < 1 or > RetentionOptions.MaxBatchSize)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:BatchSize must be 1 to {RetentionOptions.MaxBatchSize} (was {options.BatchSize})"));
        }
        return failures;
    }
}

/// <summary>Why a report is purged.</summary>
public enum PurgeReason
{
    /// <summary>Neither received nor re-validated within the retention period (stored as <c>retention-period</c>).</summary>
    RetentionPeriod,

    /// <summary>Vetted as not ISE-SAR longer ago than the shorter period (stored as <c>not-ise-sar</c>).</summary>
    NotIseSar,
}

/// <summary>A report that is due to be purged.</summary>
/// <param name="ReportKey">Its idempotency key.</param>
/// <param name="FeedId">Its feed.</param>
/// <param name="Reason">Which rule makes it due.</param>
/// <param name="Rule">The rule in words, for example "5 years since received, not re-validated".</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="RevalidatedAt">When it was last re-validated, if ever.</param>
public sealed record PurgeCandidate(string ReportKey, string FeedId, PurgeReason Reason, string Rule, DateTimeOffset ReceivedAt, DateTimeOffset? RevalidatedAt);

/// <summary>What a purge did, or (for a dry run) would do.</summary>
/// <param name="RunId">Identifies the run in <c>purge_log</c>; a dry run's is never stored.</param>
/// <param name="DryRun">Nothing was written.</param>
/// <param name="RetentionPeriod">Reports purged for <see cref="PurgeReason.RetentionPeriod"/>.</param>
/// <param name="NotIseSar">Reports purged for <see cref="PurgeReason.NotIseSar"/>.</param>
/// <param name="Transactions">Committed transactions (0 for a dry run).</param>
/// <param name="IncidentsDeleted">Incidents deleted because the purge left them without reports (0 for a dry run).</param>
public sealed record PurgeResult(string RunId, bool DryRun, int RetentionPeriod, int NotIseSar, int Transactions, int IncidentsDeleted)
{
    /// <summary>Every report purged.</summary>
    public int Total => RetentionPeriod + NotIseSar;

    /// <summary>Archived raw messages older than the retention period that never carried a stored report (every record rejected), deleted.</summary>
    public int UnreportedRawRecordsDeleted { get; init; }
}

/// <summary>One entry of the append-only purge log.</summary>
/// <param name="Id">Its sequence number.</param>
/// <param name="PurgedAt">When (the run's <c>now</c>).</param>
/// <param name="RunId">Which run.</param>
/// <param name="ReportKey">The purged report's key.</param>
/// <param name="FeedId">Its feed.</param>
/// <param name="Reason">Why.</param>
/// <param name="Rule">The rule in words.</param>
/// <param name="ReceivedAt">When the report was received.</param>
/// <param name="RevalidatedAt">When it was last re-validated, if ever.</param>
public sealed record PurgeLogEntry(
    long Id, DateTimeOffset PurgedAt, string RunId, string ReportKey, string FeedId, PurgeReason Reason, string Rule, DateTimeOffset ReceivedAt, DateTimeOffset? RevalidatedAt);

/// <summary>
/// 28 CFR Part 23 retention: re-validation and the purge. A report is due when the later of its
/// received and re-validated times is more than <see cref="RetentionOptions.RetentionPeriod"/>
/// before now (strictly: exactly one period old is kept), or when it was vetted as not ISE-SAR
/// (an empty label, or with no label its alert's NotIseSar disposition, dated by the alert's last
/// update) more than <see cref="RetentionOptions.NotIseSarPeriod"/> before now and not re-validated
/// since. A report due by both is logged as not-ise-sar, the rule it fell due under first.
/// Purging deletes the report and every row that names it: privacy fields, protected attributes,
/// receipts, versions, decisions, label, links in both directions, incident merges it caused, its
/// alert with the alert's history and disseminations; then incidents left without reports. The
/// desk's audit trail (<c>desk_audit_log</c>) is kept: it is the 28 CFR 23.20(g) record of access
/// and holds alert ids only, never content.
/// </summary>
public sealed partial class PipelineStore
{
    private const string RetentionReasonText = "retention-period";
    private const string NotIseSarReasonText = "not-ise-sar";

    private string PurgeLogTable => _dialect.Qualify("purge_log");

    /// <summary>
    /// Records that a report was reviewed and re-validated: sets <c>revalidated_at</c> and
    /// <c>revalidated_by</c>, which restarts both retention clocks. When the report has an alert, the
    /// alert's history gains a <c>Revalidate</c> entry (status unchanged) with the reason as its comment.
    /// </summary>
    /// <param name="reportKey">The report.</param>
    /// <param name="actor">Who re-validated it, 1 to 256 characters.</param>
    /// <param name="reason">Why it still meets the criteria, 1 to 2,000 characters (a case number, not report content).</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The actor or reason is blank or too long.</exception>
    /// <exception cref="InvalidOperationException">No report is stored under <paramref name="reportKey"/>.</exception>
    public async Task RevalidateReportAsync(string reportKey, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportKey);
        CheckText(actor, MaxActorLength, nameof(actor));
        CheckText(reason, MaxCommentLength, nameof(reason));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var changed = await connection.ExecuteAsync(Command(
            $"UPDATE {_reportsTable} SET revalidated_at = @now, revalidated_by = @actor WHERE idempotency_key = @reportKey",
            new { reportKey, actor, now = _dialect.ToDbTime(now) }, transaction, ct));
        if (changed != 1)
        {
            throw new InvalidOperationException($"No report is stored under key {reportKey}; only stored reports can be re-validated.");
        }
        var alert = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT alert_id, status FROM {AlertsTable}{ReadForUpdate} WHERE report_key = @reportKey", new { reportKey }, transaction, ct));
        if (alert is IDictionary<string, object?> a)
        {
            var status = Enum.Parse<AlertStatus>((string)a["status"]!);
            await AppendHistoryAsync(connection, transaction, (string)a["alert_id"]!, now, actor, "Revalidate", status, status, null, reason, ct);
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>The reports due to be purged at <paramref name="now"/>, oldest received first. Writes nothing.</summary>
    /// <param name="options">The retention periods.</param>
    /// <param name="now">The instant the periods are counted back from.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>Each due report with its reason and rule.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public async Task<IReadOnlyList<PurgeCandidate>> PlanPurgeAsync(RetentionOptions options, DateTimeOffset now, CancellationToken ct)
    {
        Validate(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        return await FindDueAsync(connection, null, options, now, null, ct);
    }

    /// <summary>
    /// Purges every report due at <paramref name="now"/> (see <see cref="PipelineStore"/>'s retention
    /// remarks), <see cref="RetentionOptions.BatchSize"/> reports per transaction: each transaction
    /// deletes its reports with all their dependent rows and appends one <c>purge_log</c> row per
    /// report, so the log and the deletion commit together and a crash loses neither. Running it
    /// again purges nothing new. A dry run computes the same plan and writes nothing.
    /// </summary>
    /// <param name="options">The retention periods and batch size.</param>
    /// <param name="now">The instant the periods are counted back from, also stored as <c>purged_at</c>.</param>
    /// <param name="dryRun">Only count what would be purged.</param>
    /// <param name="ct">Cancellation; batches committed before it stay committed.</param>
    /// <returns>Counts per reason.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public async Task<PurgeResult> PurgeAsync(RetentionOptions options, DateTimeOffset now, bool dryRun, CancellationToken ct)
    {
        Validate(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var runId = string.Create(CultureInfo.InvariantCulture, $"purge-{now.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}");
        if (dryRun)
        {
            var plan = await PlanPurgeAsync(options, now, ct);
            var dry = new PurgeResult(runId, true, plan.Count(c => c.Reason == PurgeReason.RetentionPeriod), plan.Count(c => c.Reason == PurgeReason.NotIseSar), 0, 0);
            RetentionLog.PurgePlanned(_logger, dry.RetentionPeriod, dry.NotIseSar);
            return dry;
        }

        int retention = 0, notIseSar = 0, transactions = 0, incidents = 0;
        await using var connection = await OpenAsync(pooled: true, ct);
        while (true)
        {
            await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
            var batch = await FindDueAsync(connection, transaction, options, now, options.BatchSize, ct);
            if (batch.Count == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                break;
            }
            incidents += await DeleteReportsAsync(connection, transaction, batch, ct);
            await AppendPurgeLogAsync(connection, transaction, batch, runId, now, ct);
            await transaction.CommitAsync(CancellationToken.None);
            transactions++;
            retention += batch.Count(c => c.Reason == PurgeReason.RetentionPeriod);
            notIseSar += batch.Count(c => c.Reason == PurgeReason.NotIseSar);
            RetentionLog.BatchPurged(_logger, transactions, batch.Count);
            if (batch.Count < options.BatchSize)
            {
                break;
            }
        }
        // Raw messages that never became a report (every record rejected) are kept as long as a
        // report would have been, for replays after a fix, and no longer.
        var rawTable = _dialect.Qualify(StoreSchema.RawRecords.Name);
        var rawPurged = await connection.ExecuteAsync(Command(
            $"DELETE FROM {rawTable} WHERE received_at < @cutoff AND NOT EXISTS (SELECT 1 FROM {_dialect.Qualify(StoreSchema.Receipts.Name)} rc " +
            $"WHERE rc.origin_topic = {rawTable}.origin_topic AND rc.origin_partition = {rawTable}.origin_partition AND rc.origin_offset = {rawTable}.origin_offset)",
            new { cutoff = _dialect.ToDbTime(now - options.RetentionPeriod) }, null, ct));
        RetentionLog.PurgeFinished(_logger, retention, notIseSar, transactions, incidents);
        return new PurgeResult(runId, false, retention, notIseSar, transactions, incidents) { UnreportedRawRecordsDeleted = rawPurged };
    }

    /// <summary>The newest purge log entries first.</summary>
    /// <param name="limit">At most this many (at least 1).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<PurgeLogEntry>> GetPurgeLogAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        const string Columns = "id, purged_at, run_id, report_key, feed_id, reason, rule, received_at, revalidated_at";
        var sql = _dialect.Provider == StoreProvider.SqlServer
            ? $"SELECT TOP (@limit) {Columns} FROM {PurgeLogTable} ORDER BY id DESC"
            : $"SELECT {Columns} FROM {PurgeLogTable} ORDER BY id DESC LIMIT @limit";
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, new { limit }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new PurgeLogEntry(
            ToInt64(row["id"]!),
            _dialect.FromDbTime(row["purged_at"]!),
            (string)row["run_id"]!,
            (string)row["report_key"]!,
            (string)row["feed_id"]!,
            (string)row["reason"]! == NotIseSarReasonText ? PurgeReason.NotIseSar : PurgeReason.RetentionPeriod,
            (string)row["rule"]!,
            _dialect.FromDbTime(row["received_at"]!),
            row["revalidated_at"] is { } r and not DBNull ? _dialect.FromDbTime(r) : null))];
    }

    /// <summary>A period in words: whole years when it is within a day of them (1,826 days: "5 years"), else days.</summary>
    /// <param name="period">The period.</param>
    /// <returns>For example "5 years", "1 year" or "90 days".</returns>
    public static string DescribePeriod(TimeSpan period)
    {
        var years = Math.Round(period.TotalDays / 365.25);
        if (years >= 1 && Math.Abs(period.TotalDays - (years * 365.25)) <= 1)
        {
            return years == 1 ? "1 year" : string.Create(CultureInfo.InvariantCulture, $"{years:0} years");
        }
        return string.Create(CultureInfo.InvariantCulture, $"{period.TotalDays:0.##} days");
    }

    /// <summary>The rules a purge applies, in words, as they appear in <c>purge_log.rule</c>.</summary>
    /// <param name="options">The retention periods.</param>
    /// <returns>The rule for each reason (the retention rule for a report never re-validated).</returns>
    public static IReadOnlyDictionary<PurgeReason, string> DescribeRules(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<PurgeReason, string>
        {
            [PurgeReason.RetentionPeriod] = RetentionRule(options, revalidated: false),
            [PurgeReason.NotIseSar] = NotIseSarRule(options),
        };
    }

    private static string RetentionRule(RetentionOptions options, bool revalidated) => revalidated
        ? $"{DescribePeriod(options.RetentionPeriod)} since last re-validated"
        : $"{DescribePeriod(options.RetentionPeriod)} since received, not re-validated";

    private static string NotIseSarRule(RetentionOptions options) => $"{DescribePeriod(options.NotIseSarPeriod)} since vetted as not ISE-SAR";

    private static void Validate(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = RetentionOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(RetentionOptions.SectionName, typeof(RetentionOptions), failures);
        }
    }

    // The not-ISE-SAR reports first (up to limit), then the rest from the received_at index. When
    // the first query returns fewer than limit rows, every not-ISE-SAR report due is among them, so
    // a report due by both rules is always found by the first and only deduplicated from the second.
    private async Task<List<PurgeCandidate>> FindDueAsync(
        DbConnection connection, DbTransaction? transaction, RetentionOptions options, DateTimeOffset now, int? limit, CancellationToken ct)
    {
        var sqlServer = _dialect.Provider == StoreProvider.SqlServer;
        var top = limit is null || !sqlServer ? "" : "TOP (@limit) ";
        var tail = limit is null || sqlServer ? "" : " LIMIT @limit";
        var parameters = new
        {
            cutoff = _dialect.ToDbTime(now - options.RetentionPeriod),
            shortCutoff = _dialect.ToDbTime(now - options.NotIseSarPeriod),
            limit = limit ?? 0,
        };
        var labels = _dialect.Qualify(ReportLabels.Name);
        var alerts = AlertsTable;
        const string Columns = "r.idempotency_key, r.feed_id, r.received_at, r.revalidated_at";
        var notIseSarSql = $"""
            SELECT {top}{Columns} FROM {_reportsTable} r
            WHERE (r.revalidated_at IS NULL OR r.revalidated_at < @shortCutoff)
              AND (EXISTS (SELECT 1 FROM {labels} l WHERE l.report_key = r.idempotency_key AND l.categories = '[]' AND l.labelled_at < @shortCutoff)
                   OR (NOT EXISTS (SELECT 1 FROM {labels} l WHERE l.report_key = r.idempotency_key)
                       AND EXISTS (SELECT 1 FROM {alerts} a WHERE a.report_key = r.idempotency_key AND a.disposition = 'NotIseSar' AND a.updated_at < @shortCutoff)))
            ORDER BY r.received_at, r.idempotency_key{tail}
            """;
        var retentionSql = $"""
            SELECT {top}{Columns} FROM {_reportsTable} r
            WHERE r.received_at < @cutoff AND (r.revalidated_at IS NULL OR r.revalidated_at < @cutoff)
            ORDER BY r.received_at, r.idempotency_key{tail}
            """;

        var due = new List<PurgeCandidate>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var notIseSarRule = NotIseSarRule(options);
        foreach (var row in await connection.QueryAsync(Command(notIseSarSql, parameters, transaction, ct)))
        {
            var candidate = ToCandidate((IDictionary<string, object?>)row, PurgeReason.NotIseSar, notIseSarRule);
            keys.Add(candidate.ReportKey);
            due.Add(candidate);
        }
        if (limit is { } max && due.Count >= max)
        {
            return due;
        }
        foreach (var row in await connection.QueryAsync(Command(retentionSql, parameters, transaction, ct)))
        {
            var r = (IDictionary<string, object?>)row;
            if (keys.Contains((string)r["idempotency_key"]!))
            {
                continue;
            }
            var revalidated = r["revalidated_at"] is not (null or DBNull);
            due.Add(ToCandidate(r, PurgeReason.RetentionPeriod, RetentionRule(options, revalidated)));
            if (limit is { } cap && due.Count >= cap)
            {
                break;
            }
        }
        return due;
    }

    private PurgeCandidate ToCandidate(IDictionary<string, object?> row, PurgeReason reason, string rule) => new(
        (string)row["idempotency_key"]!,
        (string)row["feed_id"]!,
        reason,
        rule,
        _dialect.FromDbTime(row["received_at"]!),
        row["revalidated_at"] is { } r and not DBNull ? _dialect.FromDbTime(r) : null);

    // Children before parents, so that the foreign keys (SQLite's with foreign_keys=ON, SQL
    // Server's always) hold at every statement. Returns the incidents deleted.
    private async Task<int> DeleteReportsAsync(DbConnection connection, DbTransaction transaction, List<PurgeCandidate> batch, CancellationToken ct)
    {
        var keys = batch.Select(c => c.ReportKey).ToArray();
        var args = new { keys };
        var reports = _reportsTable;
        var alerts = AlertsTable;
        var incidentsTable = _dialect.Qualify(StoreSchema.Incidents.Name);
        var touched = (await connection.QueryAsync<string>(Command(
            $"SELECT incident_id FROM {reports} WHERE idempotency_key IN @keys AND incident_id IS NOT NULL " +
            $"UNION SELECT incident_id FROM {alerts} WHERE report_key IN @keys AND incident_id IS NOT NULL",
            args, transaction, ct))).ToArray();

        // Their raw messages go too, unless a message also carried a report that stays.
        var receipts = _dialect.Qualify(StoreSchema.Receipts.Name);
        var origins = await connection.QueryAsync(Command(
            $"SELECT DISTINCT origin_topic, origin_partition, origin_offset FROM {receipts} WHERE idempotency_key IN @keys", args, transaction, ct));
        var originArgs = origins.Cast<IDictionary<string, object?>>().Select(o => new
        {
            topic = (string)o["origin_topic"]!,
            partition = Convert.ToInt32(o["origin_partition"], CultureInfo.InvariantCulture),
            offset = Convert.ToInt64(o["origin_offset"], CultureInfo.InvariantCulture),
            keys,
        }).ToList();
        if (originArgs.Count > 0)
        {
            await connection.ExecuteAsync(Command(
                $"DELETE FROM {_dialect.Qualify(StoreSchema.RawRecords.Name)} WHERE origin_topic = @topic AND origin_partition = @partition AND origin_offset = @offset " +
                $"AND NOT EXISTS (SELECT 1 FROM {receipts} rc WHERE rc.origin_topic = @topic AND rc.origin_partition = @partition AND rc.origin_offset = @offset AND rc.idempotency_key NOT IN @keys)",
                originArgs, transaction, ct));
        }

        string[] statements =
        [
            $"DELETE FROM {_dialect.Qualify(StoreSchema.Lineage.Name)} WHERE report_key IN @keys",
            $"DELETE FROM {AlertHistoryTable} WHERE alert_id IN (SELECT alert_id FROM {alerts} WHERE report_key IN @keys)",
            $"DELETE FROM {_dialect.Qualify("disseminations")} WHERE alert_id IN (SELECT alert_id FROM {alerts} WHERE report_key IN @keys)",
            $"DELETE FROM {alerts} WHERE report_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.Decisions.Name)} WHERE report_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(ReportLabels.Name)} WHERE report_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.Privacy.Name)} WHERE idempotency_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.ProtectedAttributes.Name)} WHERE idempotency_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.ReportVersionInsert.Name)} WHERE idempotency_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.Receipts.Name)} WHERE idempotency_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.ReportLinks.Name)} WHERE report_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.ReportLinks.Name)} WHERE linked_key IN @keys",
            $"DELETE FROM {_dialect.Qualify(StoreSchema.IncidentMerges.Name)} WHERE cause_report_key IN @keys",
            $"DELETE FROM {reports} WHERE idempotency_key IN @keys",
        ];
        foreach (var sql in statements)
        {
            await connection.ExecuteAsync(Command(sql, args, transaction, ct));
        }

        // Incidents the purge left without reports or alerts go too, with those merged into them
        // (a merge moves every report to the surviving incident, so they are empty as well) and
        // the merges that name them: an empty incident would only be a dangling id.
        var deleted = 0;
        var frontier = touched;
        var emptyPredicate =
            $"NOT EXISTS (SELECT 1 FROM {reports} r WHERE r.incident_id = i.incident_id) AND NOT EXISTS (SELECT 1 FROM {alerts} a WHERE a.incident_id = i.incident_id)";
        var first = true;
        while (frontier.Length > 0)
        {
            var empty = (await connection.QueryAsync<string>(Command(
                first
                    ? $"SELECT i.incident_id FROM {incidentsTable} i WHERE i.incident_id IN @ids AND {emptyPredicate}"
                    : $"SELECT i.incident_id FROM {incidentsTable} i WHERE i.merged_into IN @ids AND {emptyPredicate}",
                new { ids = frontier }, transaction, ct))).ToArray();
            first = false;
            if (empty.Length == 0)
            {
                break;
            }
            var ids = new { ids = empty };
            await connection.ExecuteAsync(Command(
                $"DELETE FROM {_dialect.Qualify(StoreSchema.IncidentMerges.Name)} WHERE merged_incident IN @ids OR into_incident IN @ids", ids, transaction, ct));
            await connection.ExecuteAsync(Command($"DELETE FROM {incidentsTable} WHERE incident_id IN @ids", ids, transaction, ct));
            deleted += empty.Length;
            frontier = empty;
        }
        return deleted;
    }

    private async Task AppendPurgeLogAsync(
        DbConnection connection, DbTransaction transaction, List<PurgeCandidate> batch, string runId, DateTimeOffset now, CancellationToken ct)
    {
        var sql = $"INSERT INTO {PurgeLogTable} (purged_at, run_id, report_key, feed_id, reason, rule, received_at, revalidated_at) " +
            "VALUES (@purgedAt, @runId, @reportKey, @feedId, @reason, @rule, @receivedAt, @revalidatedAt)";
        var purgedAt = _dialect.ToDbTime(now);
        var rows = batch.Select(c => new
        {
            purgedAt,
            runId,
            reportKey = c.ReportKey,
            feedId = c.FeedId,
            reason = c.Reason == PurgeReason.NotIseSar ? NotIseSarReasonText : RetentionReasonText,
            rule = c.Rule,
            receivedAt = _dialect.ToDbTime(c.ReceivedAt),
            revalidatedAt = c.RevalidatedAt is { } r ? _dialect.ToDbTime(r) : null,
        });
        // Dapper runs the statement once per element, inside the transaction.
        await connection.ExecuteAsync(Command(sql, rows, transaction, ct));
    }
}

/// <summary>Log events of the retention purge: counts only, never keys, narratives or addresses.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Retention dry run: {RetentionPeriod} reports due for the retention period, {NotIseSar} vetted not ISE-SAR")]
    public static partial void PurgePlanned(ILogger logger, int retentionPeriod, int notIseSar);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Retention purge transaction {Transaction}: {Count} reports purged")]
    public static partial void BatchPurged(ILogger logger, int transaction, int count);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Retention purge: {RetentionPeriod} reports purged for the retention period, {NotIseSar} vetted not ISE-SAR, in {Transactions} transactions; {Incidents} empty incidents deleted")]
    public static partial void PurgeFinished(ILogger logger, int retentionPeriod, int notIseSar, int transactions, int incidents);
}
