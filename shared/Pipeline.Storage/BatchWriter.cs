using Dapper;
using Pipeline.Contracts;
using System.Data.Common;

namespace Pipeline.Storage;

/// <summary>
/// Writes one batch inside the caller's transaction. Each table gets one command for the whole
/// batch, created once and re-executed with new parameter values: SQLite keeps the statement
/// prepared and SQL Server reuses the plan, which is what keeps a 1,000-row batch fast.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    private readonly TableCommand _receipts;
    private readonly TableCommand _reports;
    private readonly TableCommand _privacy;
    private readonly TableCommand _protected;
    private readonly TableCommand _decisions;
    private readonly TableCommand _alerts;
    private readonly TableCommand _updateChanged;
    private readonly TableCommand _version;
    private readonly TableCommand _incidents;
    private readonly TableCommand _touchIncident;
    private readonly TableCommand _links;
    private readonly TableCommand _lineage;
    private TableCommand? _replayUpdate;
    private TableCommand? _replayDecision;
    private readonly StoreDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly int _commandTimeoutSeconds;

    public BatchWriter(StoreDialect dialect, DbConnection connection, DbTransaction transaction, int commandTimeoutSeconds)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _commandTimeoutSeconds = commandTimeoutSeconds;
        _incidents = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Incidents);
        _touchIncident = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, IncidentTouch, $"UPDATE {dialect.Qualify(IncidentTouch.Name)} SET updated_at = @updated_at WHERE incident_id = @incident_id");
        _links = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.ReportLinks);
        _lineage = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Lineage);
        _receipts = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Receipts);
        _reports = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Reports);
        _privacy = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Privacy, dialect.Upsert(StoreSchema.Privacy));
        _updateChanged = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Reports, UpdateChangedSql(dialect));
        _version = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.ReportVersionInsert, VersionSql(dialect));
        _protected = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.ProtectedAttributes);
        _decisions = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Decisions);
        _alerts = new TableCommand(dialect, connection, transaction, commandTimeoutSeconds, StoreSchema.Alerts, dialect.InsertIfAbsentAndNoneWith(StoreSchema.Alerts, "incident_id"));
    }

    public Task<BatchWriteResult> WriteAsync(IReadOnlyList<ReportWrite> writes, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync(writes.Select(PreparedWrite.Of).ToAsyncEnumerable(), now, ct);

    /// <summary>Writes each report as it arrives, until the sequence ends (or throws, which fails the transaction).</summary>
    public async Task<BatchWriteResult> WriteAsync(IAsyncEnumerable<PreparedWrite> writes, DateTimeOffset now, CancellationToken ct)
    {
        int newReports = 0, duplicates = 0, newAlerts = 0, versioned = 0;
        var duplicatesByFeed = new Dictionary<string, int>(StringComparer.Ordinal);
        var redelivered = new List<string>();
        var storedAt = _dialect.ToDbTime(now);
        var i = -1;
        await foreach (var prepared in writes.WithCancellation(ct))
        {
            i++;
            ct.ThrowIfCancellationRequested();
            var write = prepared.Write;
            var report = write.Report;
            var origin = report.Origin;
            var key = report.IdempotencyKey;

            _receipts.Bind(origin.Topic, origin.Partition, origin.Offset, origin.Record, key, write.ContentHash, _dialect.ToDbTime(report.ReceivedAt));
            if (!await _receipts.ExecuteAsync(ct))
            {
                // The same record of the same raw message again: a replay of something already stored. Nothing else may change.
                redelivered.Add(key);
                continue;
            }

            var reportValues = ReportValues(report, write.ContentHash, storedAt, write.Incident, prepared.Jurisdictions);
            _reports.Bind(reportValues);
            if (!await _reports.ExecuteAsync(ct))
            {
                // The same key again. Same content (or a version seen before): a duplicate. Changed
                // content: a new version of the same report, never a second report or alert.
                _updateChanged.Bind(reportValues);
                if (await _updateChanged.ExecuteAsync(ct))
                {
                    versioned++;
                    await WriteVersionAsync(report, prepared.VersionContent, storedAt, ct);
                    await WritePrivacyAsync(prepared, ct);
                    await WriteLineageAsync(prepared, i, storedAt, now, LineageStages.Versioned, "content changed: a new version of the stored report", ct);
                    continue;
                }
                duplicates++;
                await WriteLineageAsync(prepared, i, storedAt, now, LineageStages.Deduplicated, "same key and content as the stored report: nothing stored", ct);
                duplicatesByFeed[report.FeedId] = duplicatesByFeed.GetValueOrDefault(report.FeedId) + 1;
                continue;
            }
            newReports++;
            await WriteVersionAsync(report, prepared.VersionContent, storedAt, ct);
            await WriteLineageAsync(prepared, i, storedAt, now, null, null, ct);
            if (write.Incident is { } incident)
            {
                await WriteIncidentAsync(key, incident, storedAt, ct);
            }

            await WritePrivacyAsync(prepared, ct);
            if (prepared.ProtectedValues is { } attributes)
            {
                _protected.Bind(key, attributes);
                await _protected.ExecuteAsync(ct);
            }
            if (write.Decision is { } decision)
            {
                BindDecision(_decisions, decision, prepared.DecisionScores!);
                await _decisions.ExecuteAsync(ct);
            }
            if (write.Alert is { } alert)
            {
                if (await InsertAlertAsync(alert, report, storedAt, prepared, ct))
                {
                    newAlerts++;
                }
                else if (alert.IncidentId is { } incidentId)
                {
                    // The incident has its alert already: this report raises its priority, not a second alert.
                    await ExecuteAsync(
                        $"UPDATE {_dialect.Qualify(StoreSchema.Alerts.Name)} SET priority = @priority, updated_at = @now WHERE incident_id = @incidentId AND priority < @priority",
                        new { priority = alert.Priority, now = storedAt, incidentId },
                        ct);
                }
            }
        }
        return new BatchWriteResult(newReports, duplicates, redelivered.Count, newAlerts) { DuplicatesByFeed = duplicatesByFeed, NewVersions = versioned, RedeliveredKeys = redelivered };
    }

    // The reports row's values, in StoreSchema.Reports' column order.
    private object?[] ReportValues(Pipeline.Contracts.Report report, string contentHash, object storedAt, IncidentWrite? incident, string? jurisdictions)
    {
        var location = report.Location;
        var origin = report.Origin;
        return
        [
            report.IdempotencyKey,
            report.FeedId,
            report.SourceRecordId,
            report.Kind.ToString(),
            _dialect.ToDbTime(report.OccurredAt),
            _dialect.ToDbTime(report.ReceivedAt),
            location.RawAddress,
            location.Latitude,
            location.Longitude,
            location.Precision.ToString(),
            report.Narrative,
            report.CadCallType,
            report.CadPriority,
            report.TargetSector,
            contentHash,
            report.SchemaVersion,
            origin.Topic,
            origin.Partition,
            origin.Offset,
            origin.Record,
            storedAt,
            location.Provider,
            location.MatchedAddress,
            location.Confidence,
            jurisdictions,
            incident?.IncidentId,
            incident?.ProcessPartition,
        ];
    }

    /// <summary>
    /// A replay's new version of a stored report: the report row takes the new content and
    /// placement (its origin, incident and stored time stay), the version row and the privacy
    /// fields follow, the decision replaces the same model's earlier one, an alert is raised when
    /// the report now alerts and has none, and the replay's lineage pass is appended.
    /// </summary>
    public async Task<(bool Versioned, bool Raised)> WriteReplayVersionAsync(ReplayWrite write, int seq, DateTimeOffset now, CancellationToken ct)
    {
        var report = write.Report;
        var prepared = PreparedWrite.Of(new ReportWrite(report, write.ContentHash, write.Decision, write.Alert) { Lineage = write.Lineage });
        var storedAt = _dialect.ToDbTime(now);
        _replayUpdate ??= new TableCommand(_dialect, _connection, _transaction, _commandTimeoutSeconds, StoreSchema.Reports, ReplayUpdateSql(_dialect));
        _replayUpdate.Bind(ReportValues(report, write.ContentHash, storedAt, null, prepared.Jurisdictions));
        if (!await _replayUpdate.ExecuteAsync(ct))
        {
            return (false, false);
        }
        await WriteVersionAsync(report, prepared.VersionContent, storedAt, ct);
        await WritePrivacyAsync(prepared, ct);
        _replayDecision ??= new TableCommand(_dialect, _connection, _transaction, _commandTimeoutSeconds, StoreSchema.Decisions, _dialect.Upsert(StoreSchema.Decisions));
        BindDecision(_replayDecision, write.Decision, prepared.DecisionScores!);
        await _replayDecision.ExecuteAsync(ct);
        var raised = write.Alert is { } alert && await InsertAlertAsync(alert, report, storedAt, prepared, ct);
        _lineage.Bind(report.IdempotencyKey, LineagePass.OfReplay(write.ReplayId), storedAt, seq, prepared.Lineage ?? LineageJson.Write(write.Lineage));
        await _lineage.ExecuteAsync(ct);
        return (true, raised);
    }

    private void BindDecision(TableCommand command, DecisionRecord decision, string scores) =>
        command.Bind(
            decision.ReportKey,
            decision.ModelVersion,
            scores,
            decision.Priority,
            decision.TopCategory,
            decision.Threshold,
            decision.Alerted,
            _dialect.ToDbTime(decision.DecidedAt),
            decision.Outcome.ToString(),
            decision.Reason.Length > 400 ? decision.Reason[..400] : decision.Reason);

    // The watch desk's urgency and SLA deadline are fixed when the alert is raised (0010). False
    // when the report, or its incident, has an alert already.
    private async Task<bool> InsertAlertAsync(Pipeline.Contracts.Alert alert, Pipeline.Contracts.Report report, object storedAt, PreparedWrite prepared, CancellationToken ct)
    {
        var urgency = AlertUrgency.Compute(alert.Priority, alert.TopCategory, !string.IsNullOrEmpty(report.TargetSector));
        _alerts.Bind(
            alert.AlertId,
            alert.ReportKey,
            alert.FeedId,
            alert.TopCategory,
            alert.Priority,
            prepared.AlertScores,
            alert.ModelVersion,
            alert.Status.ToString(),
            _dialect.ToDbTime(alert.RaisedAt),
            storedAt,
            alert.IncidentId,
            prepared.AlertExplanation,
            urgency,
            _dialect.ToDbTime(alert.RaisedAt + AlertUrgency.Sla(urgency)));
        return await _alerts.ExecuteAsync(ct);
    }

    // Opens or joins the incident, records the links, and folds merged incidents (their reports,
    // alerts and the merge itself) into this one.
    private async Task WriteIncidentAsync(string reportKey, IncidentWrite incident, object now, CancellationToken ct)
    {
        if (incident.IsNew)
        {
            _incidents.Bind(incident.IncidentId, now, now);
            await _incidents.ExecuteAsync(ct);
        }
        else
        {
            _touchIncident.Bind(incident.IncidentId, now);
            await _touchIncident.ExecuteAsync(ct);
        }
        foreach (var link in incident.Links)
        {
            _links.Bind(reportKey, link.LinkedKey, link.Weight, link.Band, link.FeaturesJson, link.ModelVersion, now);
            await _links.ExecuteAsync(ct);
        }
        foreach (var merged in incident.MergedIncidents)
        {
            var args = new { merged, into = incident.IncidentId, cause = reportKey, now };
            await ExecuteAsync($"INSERT INTO {_dialect.Qualify(StoreSchema.IncidentMerges.Name)} (merged_incident, into_incident, cause_report_key, merged_at) SELECT @merged, @into, @cause, @now WHERE NOT EXISTS (SELECT 1 FROM {_dialect.Qualify(StoreSchema.IncidentMerges.Name)} WHERE merged_incident = @merged)", args, ct);
            await ExecuteAsync($"UPDATE {_dialect.Qualify(StoreSchema.Reports.Name)} SET incident_id = @into WHERE incident_id = @merged", args, ct);
            await ExecuteAsync($"UPDATE {_dialect.Qualify(StoreSchema.Alerts.Name)} SET incident_id = @into, updated_at = @now WHERE incident_id = @merged", args, ct);
            await ExecuteAsync($"UPDATE {_dialect.Qualify(StoreSchema.Incidents.Name)} SET merged_into = @into, updated_at = @now WHERE incident_id = @merged", args, ct);
        }
        if (incident.MergedIncidents.Count > 0)
        {
            await FoldAlertsAsync(incident.IncidentId, now, ct);
        }
    }

    // One alert per incident after a merge too: the earliest raised stays open with the highest
    // priority of them; the others, if no analyst has touched them yet (New), are closed. Their
    // incident_id and incident_merges say where they went. Alerts already in review stay open.
    private async Task FoldAlertsAsync(string incidentId, object now, CancellationToken ct)
    {
        var alerts = (await _connection.QueryAsync(new CommandDefinition(
            $"SELECT alert_id, priority, status, raised_at FROM {_dialect.Qualify(StoreSchema.Alerts.Name)} WHERE incident_id = @incidentId",
            new { incidentId }, _transaction, _commandTimeoutSeconds, cancellationToken: ct)))
            .Cast<IDictionary<string, object?>>()
            .Select(row => (Id: (string)row["alert_id"]!, Priority: Convert.ToDouble(row["priority"], System.Globalization.CultureInfo.InvariantCulture), Status: (string)row["status"]!, RaisedAt: _dialect.FromDbTime(row["raised_at"]!)))
            .Where(a => a.Status != "Closed")
            .OrderBy(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        if (alerts.Count < 2)
        {
            return;
        }
        var kept = alerts[0];
        var top = alerts.Max(a => a.Priority);
        await ExecuteAsync($"UPDATE {_dialect.Qualify(StoreSchema.Alerts.Name)} SET priority = @top, updated_at = @now WHERE alert_id = @id AND priority < @top", new { top, now, id = kept.Id }, ct);
        foreach (var other in alerts.Skip(1).Where(a => a.Status == "New"))
        {
            await ExecuteAsync($"UPDATE {_dialect.Qualify(StoreSchema.Alerts.Name)} SET status = 'Closed', updated_at = @now WHERE alert_id = @id", new { now, id = other.Id }, ct);
        }
    }

    // The pass of the write's raw record: its events so far and, for a report that was already
    // stored, the outcome only the store can tell.
    private async Task WriteLineageAsync(PreparedWrite prepared, int seq, object storedAt, DateTimeOffset now, string? outcomeStage, string? outcome, CancellationToken ct)
    {
        var write = prepared.Write;
        string events;
        if (outcomeStage is not null)
        {
            var outcomeEvent = new LineageEvent(outcomeStage, now, new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = outcome! });
            events = LineageJson.Append(prepared.Lineage ?? "[]", outcomeEvent);
        }
        else if (prepared.Lineage is { } passEvents)
        {
            events = passEvents;
        }
        else
        {
            return;
        }
        var origin = write.Report.Origin;
        _lineage.Bind(write.Report.IdempotencyKey, write.LineagePassName ?? LineagePass.Of(origin), storedAt, seq, events);
        await _lineage.ExecuteAsync(ct);
    }

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        _connection.ExecuteAsync(new CommandDefinition(sql, parameters, _transaction, _commandTimeoutSeconds, cancellationToken: ct));

    private async Task WritePrivacyAsync(PreparedWrite prepared, CancellationToken ct)
    {
        if (prepared.HasPrivacy)
        {
            _privacy.Bind(prepared.Write.Report.IdempotencyKey, prepared.PrivacySubjects, prepared.PrivacyVehicles, prepared.PrivacyOther);
            await _privacy.ExecuteAsync(ct);
        }
    }

    // The version row copies the report row's (new) version number and hash; its content is the
    // Summary part only (PreparedWrite.VersionContent).
    private async Task WriteVersionAsync(Pipeline.Contracts.Report report, string content, object storedAt, CancellationToken ct)
    {
        var origin = report.Origin;
        _version.Bind(report.IdempotencyKey, content, origin.Topic, origin.Partition, origin.Offset, origin.Record, storedAt);
        await _version.ExecuteAsync(ct);
    }

    // A report joining an open incident touches it: one prepared statement for the batch, since a
    // quarter to a third of a backfill's reports join one.
    private static readonly TableSpec IncidentTouch = new(
        StoreSchema.Incidents.Name,
        [new("incident_id", ColumnKind.Text), new("updated_at", ColumnKind.Time)],
        StoreSchema.Incidents.UniqueKeys);

    // A new version keeps the report's identity, first origin, first stored time and incident.
    private static readonly string[] KeptOnNewVersion = ["idempotency_key", "origin_topic", "origin_partition", "origin_offset", "origin_record", "stored_at", "incident_id", "process_partition"];

    private static string UpdateChangedSql(StoreDialect dialect)
    {
        var set = StoreSchema.Reports.Columns.Select(c => c.Name).Where(c => !KeptOnNewVersion.Contains(c, StringComparer.Ordinal)).Select(c => $"{c} = @{c}");
        return $"UPDATE {dialect.Qualify(StoreSchema.Reports.Name)} SET {string.Join(", ", set)}, version = version + 1 " +
            "WHERE idempotency_key = @idempotency_key AND content_hash <> @content_hash " +
            $"AND NOT EXISTS (SELECT 1 FROM {dialect.Qualify(StoreSchema.ReportVersionInsert.Name)} v WHERE v.idempotency_key = @idempotency_key AND v.content_hash = @content_hash)";
    }

    private static string ReplayUpdateSql(StoreDialect dialect)
    {
        var set = StoreSchema.Reports.Columns.Select(c => c.Name).Where(c => !KeptOnNewVersion.Contains(c, StringComparer.Ordinal)).Select(c => $"{c} = @{c}");
        return $"UPDATE {dialect.Qualify(StoreSchema.Reports.Name)} SET {string.Join(", ", set)}, version = version + 1 WHERE idempotency_key = @idempotency_key";
    }

    private static string VersionSql(StoreDialect dialect) =>
        $"INSERT INTO {dialect.Qualify(StoreSchema.ReportVersionInsert.Name)} (idempotency_key, version, content_hash, content, origin_topic, origin_partition, origin_offset, origin_record, stored_at) " +
        $"SELECT idempotency_key, version, content_hash, @content, @origin_topic, @origin_partition, @origin_offset, @origin_record, @stored_at FROM {dialect.Qualify(StoreSchema.Reports.Name)} WHERE idempotency_key = @idempotency_key";

    public async ValueTask DisposeAsync()
    {
        await _updateChanged.DisposeAsync();
        await _incidents.DisposeAsync();
        await _touchIncident.DisposeAsync();
        await _links.DisposeAsync();
        await _lineage.DisposeAsync();
        if (_replayUpdate is not null)
        {
            await _replayUpdate.DisposeAsync();
        }
        if (_replayDecision is not null)
        {
            await _replayDecision.DisposeAsync();
        }
        await _version.DisposeAsync();
        await _receipts.DisposeAsync();
        await _reports.DisposeAsync();
        await _privacy.DisposeAsync();
        await _protected.DisposeAsync();
        await _decisions.DisposeAsync();
        await _alerts.DisposeAsync();
    }
}
