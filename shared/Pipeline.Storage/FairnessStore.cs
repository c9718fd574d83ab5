using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>What a stored fairness audit was run on.</summary>
public enum FairnessReportKind
{
    /// <summary>A model's predictions on a held-out evaluation set, at training or evaluation.</summary>
    Evaluation,

    /// <summary>A model's production decisions of a time window, joined with analysts' dispositions.</summary>
    Production,

    /// <summary>The promotion gate's audit of a candidate under the written policy.</summary>
    Gate,
}

/// <summary>
/// One production decision as the fairness audit reads it: the report (for the proxy check's
/// features), the model's scores and outcome, the protected attributes from their restricted
/// table, and the analyst's disposition when there is one.
/// </summary>
/// <param name="Report">The stored report (privacy fields and protected attributes left empty).</param>
/// <param name="ModelVersion">The model that decided.</param>
/// <param name="Scores">Its category probabilities.</param>
/// <param name="Outcome">Below threshold, alerted, or held for review (both of the latter are flags).</param>
/// <param name="DecidedAt">When it decided.</param>
/// <param name="ProtectedAttributes">Attribute name to value; empty when the feed sent none.</param>
/// <param name="LabelCategories">
/// The ISE-SAR categories an analyst vetted the report as (empty: vetted as not ISE-SAR); null when
/// no analyst has vetted it yet.
/// </param>
public sealed record DecisionAuditRecord(
    Report Report,
    string ModelVersion,
    IReadOnlyList<CategoryScore> Scores,
    DecisionOutcome Outcome,
    DateTimeOffset DecidedAt,
    IReadOnlyDictionary<string, string> ProtectedAttributes,
    IReadOnlyList<string>? LabelCategories);

/// <summary>A fairness audit report as stored: aggregates only, never a person's record.</summary>
/// <param name="ReportId">Identifier (<c>kind-time-hash</c>).</param>
/// <param name="Kind">What the audit was run on.</param>
/// <param name="ModelVersion">The audited model.</param>
/// <param name="WindowFrom">Start of the data window (UTC), when the data has one.</param>
/// <param name="WindowTo">End of the data window (UTC, exclusive), when the data has one.</param>
/// <param name="DataDescription">What data was audited, in words.</param>
/// <param name="CreatedAt">When the audit ran.</param>
/// <param name="CreatedBy">Who or what ran it (a user, <c>worker-schedule</c>, <c>model-train</c>).</param>
/// <param name="RowsAudited">Decisions audited.</param>
/// <param name="PolicySha256">SHA-256 of the policy file that judged it; null when no policy did.</param>
/// <param name="Passed">The policy's verdict; null when no policy judged it.</param>
/// <param name="OverrideReason">Why a failing candidate was promoted anyway; null otherwise.</param>
/// <param name="OverriddenBy">Who overrode the gate; null otherwise.</param>
/// <param name="Summary">The plain-English sentences, one per line.</param>
/// <param name="Json">The report in schema <c>pipeline.fairness-audit/1</c>; empty when not loaded.</param>
/// <param name="Html">The self-contained HTML page; empty when not loaded.</param>
public sealed record FairnessReportRecord(
    string ReportId,
    FairnessReportKind Kind,
    string ModelVersion,
    DateTimeOffset? WindowFrom,
    DateTimeOffset? WindowTo,
    string DataDescription,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    long RowsAudited,
    string? PolicySha256,
    bool? Passed,
    string? OverrideReason,
    string? OverriddenBy,
    string Summary,
    string Json,
    string Html)
{
    /// <summary>A report identifier from its kind, time and JSON: <c>gate-20261122T101500123Z-1a2b3c4d</c>.</summary>
    /// <param name="kind">What the audit was run on.</param>
    /// <param name="createdAt">When it ran.</param>
    /// <param name="json">The report's JSON.</param>
    /// <returns>The identifier.</returns>
    public static string NewId(FairnessReportKind kind, DateTimeOffset createdAt, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant()}-{createdAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{hash}");
    }
}

public sealed partial class PipelineStore
{
    private const string FairnessSummaryColumns =
        "report_id, kind, model_version, window_from, window_to, data_description, created_at, created_by, rows_audited, policy_sha256, passed, override_reason, overridden_by, summary";

    private string FairnessReportsTable => _dialect.Qualify(StoreSchema.FairnessReportsTable);

    /// <summary>
    /// The decisions <paramref name="modelVersion"/> made from <paramref name="from"/> (inclusive) to
    /// <paramref name="to"/> (exclusive), each with its report, protected attributes (read from their
    /// restricted table, for this audit only) and analyst disposition, ordered by decision time and
    /// report key. Decisions of other models in the window are not mixed in: an audit judges one model.
    /// </summary>
    /// <param name="modelVersion">The model whose decisions are audited.</param>
    /// <param name="from">Start of the window.</param>
    /// <param name="to">End of the window (exclusive).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The decisions.</returns>
    public async Task<IReadOnlyList<DecisionAuditRecord>> GetDecisionsForAuditAsync(string modelVersion, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        CheckVersion(modelVersion, nameof(modelVersion));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"""
            SELECT {ReportColumns}, d.model_version, d.scores, d.outcome, d.decided_at, p.attributes, l.categories
            FROM {_dialect.Qualify(StoreSchema.Decisions.Name)} d
            JOIN {_reportsTable} r ON r.idempotency_key = d.report_key
            LEFT JOIN {_dialect.Qualify(StoreSchema.ProtectedAttributes.Name)} p ON p.idempotency_key = d.report_key
            LEFT JOIN {_dialect.Qualify(ReportLabels.Name)} l ON l.report_key = d.report_key
            WHERE d.model_version = @modelVersion AND d.decided_at >= @from AND d.decided_at < @to
            ORDER BY d.decided_at, d.report_key
            """,
            new { modelVersion, from = _dialect.ToDbTime(from), to = _dialect.ToDbTime(to) },
            ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new DecisionAuditRecord(
            ToReport(row),
            (string)row["model_version"]!,
            StoreJson.ReadScores((string)row["scores"]!),
            Enum.Parse<DecisionOutcome>((string)row["outcome"]!),
            _dialect.FromDbTime(row["decided_at"]!),
            row["attributes"] is string attributes ? StoreJson.ReadAttributes(attributes) : new Dictionary<string, string>(),
            row["categories"] is string categories ? StoreJson.ReadStrings(categories) : null))];
    }

    /// <summary>Stores a fairness audit report; a report with the same identifier is never replaced.</summary>
    /// <param name="report">The report.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>True when stored; false when a report with that identifier was already there.</returns>
    /// <exception cref="ArgumentException">The model version, author or override reason is blank or too long.</exception>
    public async Task<bool> SaveFairnessReportAsync(FairnessReportRecord report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        CheckVersion(report.ModelVersion, nameof(report));
        CheckText(report.CreatedBy, MaxActorLength, nameof(report));
        if (report.OverrideReason is not null)
        {
            CheckText(report.OverrideReason, MaxReasonLength, nameof(report));
        }

        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var exists = await connection.ExecuteScalarAsync<object?>(Command(
            $"SELECT 1 FROM {FairnessReportsTable}{ReadForUpdate} WHERE report_id = @ReportId", new { report.ReportId }, transaction, ct));
        if (exists is not null and not DBNull)
        {
            return false;
        }

        var description = report.DataDescription.Length > 1000 ? report.DataDescription[..1000] : report.DataDescription;
        await connection.ExecuteAsync(Command(
            $"""
            INSERT INTO {FairnessReportsTable} ({FairnessSummaryColumns}, report_json, report_html)
            VALUES (@reportId, @kind, @modelVersion, @windowFrom, @windowTo, @description, @createdAt, @createdBy, @rows, @policy, @passed, @overrideReason, @overriddenBy, @summary, @json, @html)
            """,
            new
            {
                reportId = report.ReportId,
                kind = report.Kind.ToString().ToLowerInvariant(),
                modelVersion = report.ModelVersion,
                windowFrom = report.WindowFrom is { } f ? _dialect.ToDbTime(f) : null,
                windowTo = report.WindowTo is { } t ? _dialect.ToDbTime(t) : null,
                description,
                createdAt = _dialect.ToDbTime(report.CreatedAt),
                createdBy = report.CreatedBy,
                rows = report.RowsAudited,
                policy = report.PolicySha256,
                passed = report.Passed,
                overrideReason = report.OverrideReason,
                overriddenBy = report.OverriddenBy,
                summary = report.Summary,
                json = report.Json,
                html = report.Html,
            },
            transaction,
            ct));
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>Stored fairness reports, newest first, without their JSON and HTML bodies.</summary>
    /// <param name="modelVersion">Only this model's reports; null for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The reports, <see cref="FairnessReportRecord.Json"/> and <see cref="FairnessReportRecord.Html"/> empty.</returns>
    public async Task<IReadOnlyList<FairnessReportRecord>> ListFairnessReportsAsync(string? modelVersion, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var filter = modelVersion is null ? "" : "WHERE model_version = @modelVersion";
        var sql = _dialect.Provider == StoreProvider.SqlServer
            ? $"SELECT TOP (@limit) {FairnessSummaryColumns} FROM {FairnessReportsTable} {filter} ORDER BY created_at DESC, report_id DESC"
            : $"SELECT {FairnessSummaryColumns} FROM {FairnessReportsTable} {filter} ORDER BY created_at DESC, report_id DESC LIMIT @limit";
        var rows = await connection.QueryAsync(Command(sql, new { modelVersion, limit }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(ToFairnessReport)];
    }

    /// <summary>One stored fairness report with its JSON and HTML, or null.</summary>
    /// <param name="reportId">The report's identifier.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The report, or null.</returns>
    public async Task<FairnessReportRecord?> GetFairnessReportAsync(string reportId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {FairnessSummaryColumns}, report_json, report_html FROM {FairnessReportsTable} WHERE report_id = @reportId", new { reportId }, ct: ct));
        return row is null ? null : ToFairnessReport((IDictionary<string, object?>)row);
    }

    private FairnessReportRecord ToFairnessReport(IDictionary<string, object?> row) => new(
        ReportId: (string)row["report_id"]!,
        Kind: Enum.Parse<FairnessReportKind>((string)row["kind"]!, ignoreCase: true),
        ModelVersion: (string)row["model_version"]!,
        WindowFrom: row["window_from"] is { } from and not DBNull ? _dialect.FromDbTime(from) : null,
        WindowTo: row["window_to"] is { } to and not DBNull ? _dialect.FromDbTime(to) : null,
        DataDescription: (string)row["data_description"]!,
        CreatedAt: _dialect.FromDbTime(row["created_at"]!),
        CreatedBy: (string)row["created_by"]!,
        RowsAudited: ToInt64(row["rows_audited"]!),
        PolicySha256: row["policy_sha256"] as string,
        Passed: row["passed"] is { } passed and not DBNull ? Convert.ToBoolean(passed, CultureInfo.InvariantCulture) : null,
        OverrideReason: row["override_reason"] as string,
        OverriddenBy: row["overridden_by"] as string,
        Summary: (string)row["summary"]!,
        Json: row.TryGetValue("report_json", out var json) && json is string j ? j : "",
        Html: row.TryGetValue("report_html", out var html) && html is string h ? h : "");
}
