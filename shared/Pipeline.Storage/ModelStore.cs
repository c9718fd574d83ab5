using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>Where a scoring model is in its life.</summary>
public enum ModelStatus
{
    /// <summary>Registered, not (yet) used for scoring.</summary>
    Candidate,

    /// <summary>The model every worker scores with; at most one at a time.</summary>
    Promoted,

    /// <summary>Was promoted, and was replaced by another.</summary>
    Retired,
}

/// <summary>A trained model to add to the registry.</summary>
/// <param name="Version">Unique version, at most 100 characters.</param>
/// <param name="CreatedAt">When the model was trained.</param>
/// <param name="TrainingDataHash">Hash of the data it was trained on.</param>
/// <param name="MetadataJson">The model's metadata, as JSON; stored as given.</param>
/// <param name="Artifact">The model file's bytes.</param>
public sealed record ModelRegistration(string Version, DateTimeOffset CreatedAt, string TrainingDataHash, string MetadataJson, byte[] Artifact);

/// <summary>A model as the registry holds it.</summary>
/// <param name="Version">Its version.</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the artifact's bytes.</param>
/// <param name="TrainingDataHash">Hash of the data it was trained on.</param>
/// <param name="MetadataJson">Its metadata JSON, as registered.</param>
/// <param name="Status">Candidate, Promoted or Retired.</param>
/// <param name="PromotedAt">When it was last promoted, if ever.</param>
/// <param name="PromotedBy">Who last promoted it, if anyone.</param>
/// <param name="PromotionReason">Why, when they said.</param>
/// <param name="Artifact">The model file's bytes, when asked for; otherwise null.</param>
public sealed record StoredModel(
    string Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset RegisteredAt,
    string Sha256,
    string TrainingDataHash,
    string MetadataJson,
    ModelStatus Status,
    DateTimeOffset? PromotedAt,
    string? PromotedBy,
    string? PromotionReason,
    byte[]? Artifact);

/// <summary>One entry of the registry's append-only history.</summary>
/// <param name="Version">The model.</param>
/// <param name="Action">"Registered", "Promoted" or "Retired".</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (for a retirement: who promoted its successor).</param>
/// <param name="Reason">Why, when they said.</param>
public sealed record ModelPromotionEntry(string Version, string Action, DateTimeOffset At, string Actor, string? Reason);

/// <summary>A report with an analyst's disposition, for training.</summary>
/// <param name="Report">The report as stored (no privacy fields or protected attributes).</param>
/// <param name="Categories">Its ISE-SAR category codes, in the standard's order; empty when vetted as not ISE-SAR.</param>
/// <param name="LabelledBy">The analyst.</param>
/// <param name="LabelledAt">When the label was written.</param>
public sealed record StoredLabelledReport(Report Report, IReadOnlyList<string> Categories, string LabelledBy, DateTimeOffset LabelledAt);

public sealed partial class PipelineStore
{
    private const int MaxModelVersionLength = 100;
    private const int MaxActorLength = 256;
    private const int MaxReasonLength = 1000;
    private const int MaxTrainingDataHashLength = 256;

    private const string ModelColumns =
        "version, created_at, registered_at, sha256, training_data_hash, metadata, status, promoted_at, promoted_by, promotion_reason";

    private const string ReportColumns =
        "r.idempotency_key, r.feed_id, r.source_record_id, r.kind, r.occurred_at, r.received_at, r.raw_address, r.latitude, r.longitude, " +
        "r.location_precision, r.narrative, r.cad_call_type, r.cad_priority, r.target_sector, r.schema_version, r.origin_topic, " +
        "r.origin_partition, r.origin_offset, r.origin_record, r.geo_provider, r.geo_matched_address, r.geo_confidence, r.jurisdictions";

    private static readonly TableSpec ReportLabels = new(
        "report_labels",
        [
            new("report_key", ColumnKind.Text),
            new("categories", ColumnKind.LongText),
            new("labelled_by", ColumnKind.Text),
            new("labelled_at", ColumnKind.Time),
        ],
        [["report_key"]]);

    private string ModelsTable => _dialect.Qualify("models");

    private string ModelPromotionsTable => _dialect.Qualify("model_promotions");

    // SQLite's BEGIN IMMEDIATE already serializes writers; SQL Server needs the rows read and
    // their key range held to the end of the transaction, so two registrations or promotions
    // cannot both act on what they read.
    private string ReadForUpdate => _dialect.Provider == StoreProvider.SqlServer ? " WITH (UPDLOCK, HOLDLOCK)" : "";

    /// <summary>
    /// Adds a model to the registry as a <see cref="ModelStatus.Candidate"/>, with a "Registered"
    /// history entry, in one transaction.
    /// </summary>
    /// <returns>True when registered; false (and nothing changed) when the same version with the same bytes is already there.</returns>
    /// <exception cref="InvalidOperationException">The version is registered with different bytes (the message names it).</exception>
    /// <exception cref="ArgumentException">The version, hash, metadata (not JSON) or actor is invalid, or the artifact is empty.</exception>
    public async Task<bool> RegisterModelAsync(ModelRegistration registration, string actor, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        CheckVersion(registration.Version, nameof(registration));
        CheckText(registration.TrainingDataHash, MaxTrainingDataHashLength, "registration.TrainingDataHash");
        CheckText(actor, MaxActorLength, nameof(actor));
        ArgumentNullException.ThrowIfNull(registration.MetadataJson, "registration.MetadataJson");
        if (registration.Artifact is not { Length: > 0 } artifact)
        {
            throw new ArgumentException("The model artifact is empty.", nameof(registration));
        }
        try
        {
            using var _ = JsonDocument.Parse(registration.MetadataJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The metadata of model {registration.Version} is not JSON: {ex.Message}", nameof(registration), ex);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(artifact));
        var version = registration.Version;
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var existing = await connection.QuerySingleOrDefaultAsync<string?>(Command(
            $"SELECT sha256 FROM {ModelsTable}{ReadForUpdate} WHERE version = @version", new { version }, transaction, ct));
        if (existing is not null)
        {
            if (string.Equals(existing, sha256, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            throw new InvalidOperationException(
                $"Model version {version} is already registered with different bytes (sha256 {existing}, not {sha256}); register the new model under a new version.");
        }

        var parameters = new DynamicParameters();
        parameters.Add("version", version);
        parameters.Add("created_at", _dialect.ToDbTime(registration.CreatedAt), _dialect.TimeDbType);
        parameters.Add("registered_at", _dialect.ToDbTime(at), _dialect.TimeDbType);
        parameters.Add("sha256", sha256);
        parameters.Add("training_data_hash", registration.TrainingDataHash);
        parameters.Add("metadata", registration.MetadataJson, System.Data.DbType.String, size: -1);
        parameters.Add("artifact", artifact, System.Data.DbType.Binary, size: -1);
        await connection.ExecuteAsync(Command(
            $"""
            INSERT INTO {ModelsTable} (version, created_at, registered_at, sha256, training_data_hash, metadata, artifact, status, promoted_at, promoted_by, promotion_reason)
            VALUES (@version, @created_at, @registered_at, @sha256, @training_data_hash, @metadata, @artifact, 'Candidate', NULL, NULL, NULL)
            """,
            parameters, transaction, ct));
        await AppendModelHistoryAsync(connection, transaction, version, "Registered", at, actor, null, ct);
        await transaction.CommitAsync(CancellationToken.None);
        ModelStoreLog.ModelRegistered(_logger, version, artifact.Length, sha256);
        return true;
    }

    /// <summary>One model, with its artifact's bytes when <paramref name="includeArtifact"/> is true; null when the version is not registered.</summary>
    public async Task<StoredModel?> GetModelAsync(string version, bool includeArtifact, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {ModelColumns}{(includeArtifact ? ", artifact" : "")} FROM {ModelsTable} WHERE version = @version", new { version }, ct: ct));
        return row is null ? null : ToModel((IDictionary<string, object?>)row);
    }

    /// <summary>The promoted model, with its artifact's bytes when <paramref name="includeArtifact"/> is true; null when none is promoted.</summary>
    public async Task<StoredModel?> GetPromotedModelAsync(bool includeArtifact, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {ModelColumns}{(includeArtifact ? ", artifact" : "")} FROM {ModelsTable} WHERE status = 'Promoted'", ct: ct));
        return row is null ? null : ToModel((IDictionary<string, object?>)row);
    }

    /// <summary>The promoted model's version, or null when none is: one look-up of the filtered index, cheap enough to poll.</summary>
    public async Task<string?> GetPromotedModelVersionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(Command(
            $"SELECT version FROM {ModelsTable} WHERE status = 'Promoted'", ct: ct));
    }

    /// <summary>Every registered model without its artifact, newest (latest trained) first.</summary>
    public async Task<IReadOnlyList<StoredModel>> ListModelsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"SELECT {ModelColumns} FROM {ModelsTable} ORDER BY created_at DESC, registered_at DESC, version DESC", ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(ToModel)];
    }

    /// <summary>
    /// Makes <paramref name="version"/> the model workers score with, in one transaction: the
    /// model promoted until now (if another) becomes <see cref="ModelStatus.Retired"/>, this one
    /// <see cref="ModelStatus.Promoted"/>, and both get a history entry. A retired model may be
    /// promoted again (a rollback). Promoting the promoted model changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version is not registered (the message names it).</exception>
    public async Task PromoteModelAsync(string version, string actor, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        CheckText(actor, MaxActorLength, nameof(actor));
        if (reason is { Length: > MaxReasonLength })
        {
            throw new ArgumentException($"The reason is longer than {MaxReasonLength} characters.", nameof(reason));
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var rows = (await connection.QueryAsync(Command(
            $"SELECT version, status FROM {ModelsTable}{ReadForUpdate} WHERE version = @version OR status = 'Promoted'", new { version }, transaction, ct)))
            .Cast<IDictionary<string, object?>>()
            .Select(row => (Version: (string)row["version"]!, Status: (string)row["status"]!))
            .ToList();
        if (!rows.Any(r => string.Equals(r.Version, version, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Model version {version} is not registered; register it before promoting it.");
        }
        var current = rows.Where(r => r.Status == nameof(ModelStatus.Promoted)).Select(r => r.Version).FirstOrDefault();
        if (string.Equals(current, version, StringComparison.Ordinal))
        {
            return;
        }

        var when = _dialect.ToDbTime(at);
        // Retire first: the unique index on promoted rows is checked statement by statement.
        if (current is not null)
        {
            await connection.ExecuteAsync(Command(
                $"UPDATE {ModelsTable} SET status = 'Retired' WHERE version = @current", new { current }, transaction, ct));
            await AppendModelHistoryAsync(connection, transaction, current, "Retired", at, actor, reason, ct);
        }
        await connection.ExecuteAsync(Command(
            $"UPDATE {ModelsTable} SET status = 'Promoted', promoted_at = @when, promoted_by = @actor, promotion_reason = @reason WHERE version = @version",
            new { when, actor, reason, version }, transaction, ct));
        await AppendModelHistoryAsync(connection, transaction, version, "Promoted", at, actor, reason, ct);
        await transaction.CommitAsync(CancellationToken.None);
        ModelStoreLog.ModelPromoted(_logger, version, current ?? "none");
    }

    /// <summary>The registry's history, oldest first.</summary>
    public async Task<IReadOnlyList<ModelPromotionEntry>> GetModelHistoryAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"SELECT version, action, at, actor, reason FROM {ModelPromotionsTable} ORDER BY id", ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new ModelPromotionEntry(
            (string)row["version"]!, (string)row["action"]!, _dialect.FromDbTime(row["at"]!), (string)row["actor"]!, row["reason"] as string))];
    }

    /// <summary>
    /// Records an analyst's disposition of a report, replacing any earlier one: the ISE-SAR
    /// categories it belongs to (empty: vetted as not ISE-SAR). Codes are matched case-insensitively
    /// and stored as the standard's codes, without repeats, in the standard's order.
    /// </summary>
    /// <exception cref="ArgumentException">A code is not one of the sixteen ISE-SAR categories.</exception>
    /// <exception cref="InvalidOperationException">No report is stored under <paramref name="reportKey"/>.</exception>
    public async Task WriteReportLabelAsync(string reportKey, IReadOnlyList<string> categories, string labelledBy, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportKey);
        ArgumentNullException.ThrowIfNull(categories);
        CheckText(labelledBy, MaxActorLength, nameof(labelledBy));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var codes = new List<string>(categories.Count);
        foreach (var code in categories)
        {
            var category = IseSarCategories.Find(code)
                ?? throw new ArgumentException($"'{code}' is not an ISE-SAR category code.", nameof(categories));
            if (!codes.Contains(category.Code, StringComparer.Ordinal))
            {
                codes.Add(category.Code);
            }
        }
        codes.Sort((a, b) => IseSarCategories.IndexOf(a).CompareTo(IseSarCategories.IndexOf(b)));

        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var exists = await connection.ExecuteScalarAsync<object?>(Command(
            $"SELECT 1 FROM {_reportsTable} WHERE idempotency_key = @reportKey", new { reportKey }, transaction, ct));
        if (exists is null or DBNull)
        {
            throw new InvalidOperationException($"No report is stored under key {reportKey}; only stored reports can be labelled.");
        }
        await UpsertReportLabelAsync(connection, transaction, reportKey, codes, labelledBy, at, ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Writes a report's label, replacing any earlier one, inside the caller's transaction.</summary>
    private async Task UpsertReportLabelAsync(
        DbConnection connection, DbTransaction transaction, string reportKey, IReadOnlyList<string> codes, string labelledBy, DateTimeOffset at, CancellationToken ct)
    {
        await using var upsert = new TableCommand(_dialect, connection, transaction, _commandTimeoutSeconds, ReportLabels, _dialect.Upsert(ReportLabels));
        upsert.Bind(reportKey, StoreJson.WriteStrings(codes), labelledBy, _dialect.ToDbTime(at));
        await upsert.ExecuteAsync(ct);
    }

    /// <summary>
    /// The canonical report stored under <paramref name="idempotencyKey"/> (its current version),
    /// or null. Privacy fields and protected attributes are not loaded: they are left empty.
    /// </summary>
    public async Task<Report?> GetReportAsync(string idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var row = await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT {ReportColumns} FROM {_reportsTable} r WHERE r.idempotency_key = @idempotencyKey", new { idempotencyKey }, ct: ct));
        return row is null ? null : ToReport((IDictionary<string, object?>)row);
    }

    /// <summary>Every labelled report with its label, ordered by the label's time, then report key. Privacy fields and protected attributes are left empty.</summary>
    public async Task<IReadOnlyList<StoredLabelledReport>> GetLabelledReportsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(
            $"""
            SELECT {ReportColumns}, l.categories, l.labelled_by, l.labelled_at
            FROM {_dialect.Qualify(ReportLabels.Name)} l
            JOIN {_reportsTable} r ON r.idempotency_key = l.report_key
            ORDER BY l.labelled_at, l.report_key
            """,
            ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new StoredLabelledReport(
            ToReport(row),
            StoreJson.ReadStrings((string)row["categories"]!),
            (string)row["labelled_by"]!,
            _dialect.FromDbTime(row["labelled_at"]!)))];
    }

    private async Task AppendModelHistoryAsync(
        DbConnection connection, DbTransaction transaction, string version, string action, DateTimeOffset at, string actor, string? reason, CancellationToken ct) =>
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {ModelPromotionsTable} (version, action, at, actor, reason) VALUES (@version, @action, @at, @actor, @reason)",
            new { version, action, at = _dialect.ToDbTime(at), actor, reason }, transaction, ct));

    private StoredModel ToModel(IDictionary<string, object?> row) => new(
        Version: (string)row["version"]!,
        CreatedAt: _dialect.FromDbTime(row["created_at"]!),
        RegisteredAt: _dialect.FromDbTime(row["registered_at"]!),
        Sha256: (string)row["sha256"]!,
        TrainingDataHash: (string)row["training_data_hash"]!,
        MetadataJson: (string)row["metadata"]!,
        Status: Enum.Parse<ModelStatus>((string)row["status"]!),
        PromotedAt: row["promoted_at"] is { } promoted and not DBNull ? _dialect.FromDbTime(promoted) : null,
        PromotedBy: row["promoted_by"] as string,
        PromotionReason: row["promotion_reason"] as string,
        Artifact: row.TryGetValue("artifact", out var artifact) ? artifact as byte[] : null);

    private Report ToReport(IDictionary<string, object?> row) => new()
    {
        SchemaVersion = Convert.ToInt32(row["schema_version"], CultureInfo.InvariantCulture),
        IdempotencyKey = (string)row["idempotency_key"]!,
        FeedId = (string)row["feed_id"]!,
        SourceRecordId = (string)row["source_record_id"]!,
        Kind = Enum.Parse<ReportKind>((string)row["kind"]!),
        OccurredAt = _dialect.FromDbTime(row["occurred_at"]!),
        ReceivedAt = _dialect.FromDbTime(row["received_at"]!),
        Location = new ReportLocation(
            row["raw_address"] as string,
            ToNullableDouble(row["latitude"]),
            ToNullableDouble(row["longitude"]),
            Enum.Parse<LocationPrecision>((string)row["location_precision"]!))
        {
            Provider = row["geo_provider"] as string,
            MatchedAddress = row["geo_matched_address"] as string,
            Confidence = ToNullableDouble(row["geo_confidence"]),
            Jurisdictions = row["jurisdictions"] is string jurisdictions ? StoreJson.ReadStrings(jurisdictions) : null,
        },
        Narrative = (string)row["narrative"]!,
        CadCallType = row["cad_call_type"] as string,
        CadPriority = row["cad_priority"] is null or DBNull ? null : Convert.ToInt32(row["cad_priority"], CultureInfo.InvariantCulture),
        TargetSector = row["target_sector"] as string,
        Origin = new RecordOrigin(
            (string)row["origin_topic"]!,
            Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture),
            ToInt64(row["origin_offset"]!),
            Convert.ToInt32(row["origin_record"], CultureInfo.InvariantCulture)),
    };

    private static void CheckVersion(string? version, string paramName)
    {
        if (string.IsNullOrWhiteSpace(version) || version.Length > MaxModelVersionLength)
        {
            throw new ArgumentException($"A model version must be 1 to {MaxModelVersionLength} characters, not blank.", paramName);
        }
    }

    private static void CheckText(string? value, int maxLength, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new ArgumentException($"{paramName} must be 1 to {maxLength.ToString(CultureInfo.InvariantCulture)} characters, not blank.", paramName);
        }
    }
}

/// <summary>The alert explanation column: a JSON array of <see cref="ScoreEvidence"/>.</summary>
internal static class EvidenceJson
{
    public static string Write(IReadOnlyList<ScoreEvidence> evidence) =>
        JsonSerializer.Serialize(evidence as List<ScoreEvidence> ?? [.. evidence], PipelineJsonContext.Default.ListScoreEvidence);

    public static IReadOnlyList<ScoreEvidence> Read(string json) =>
        JsonSerializer.Deserialize(json, PipelineJsonContext.Default.ListScoreEvidence) ?? [];
}

/// <summary>Log events of the model registry: versions and sizes only, never actors or report content.</summary>
internal static partial class ModelStoreLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Registered model {Version} ({Bytes} bytes, sha256 {Sha256})")]
    public static partial void ModelRegistered(ILogger logger, string version, int bytes, string sha256);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Promoted model {Version}; retired {Retired}")]
    public static partial void ModelPromoted(ILogger logger, string version, string retired);
}
