using System.Data.Common;
using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>
/// What every dialect must do. Each concrete subclass runs all of these against its own engine,
/// on a database of its own per test.
/// </summary>
public abstract class StoreContractTests : StoreTestBase
{
    private static readonly Dictionary<string, int> OneDuplicateOfCadMetro = new() { ["cad-metro"] = 1 };

    [Fact]
    public async Task MigrationsApplyToAnEmptyDatabaseAndCreateEveryTable()
    {
        var store = await StoreAsync();

        var result = await store.MigrateAsync(Ct);

        Assert.Equal(MigrationCatalog.For(store.Provider == StoreProvider.Sqlite ? "sqlite" : "sqlserver").Select(m => m.FileName), result.Applied);
        Assert.Equal(0, result.AlreadyApplied);
        await using var connection = await Target.OpenAsync(Ct);
        var tables = await Target.ListTablesAsync(connection, Ct);
        Assert.Equal(Target.ExpectedTables.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        var recorded = await Dump.TableAsync(connection, Target.Qualify("schema_migrations"), "version", Ct);
        var expected = MigrationCatalog.For(store.Provider == StoreProvider.Sqlite ? "sqlite" : "sqlserver");
        Assert.Equal(expected.Count, recorded.Count);
        foreach (var (migration, row) in expected.Zip(recorded))
        {
            Assert.Contains($"version={migration.Version} |", row, StringComparison.Ordinal);
            Assert.Contains($"name={migration.FileName} |", row, StringComparison.Ordinal);
            Assert.Contains($"checksum={migration.Checksum} |", row, StringComparison.Ordinal);
        }
    }

    // Every report pays for each index on the tables the write path fills, in every batch (0014):
    // each one here is read by a query, named beside it. A new index must name its query too.
    [Fact]
    public async Task TheReportAndDecisionTablesCarryOnlyTheIndexesAQueryReads()
    {
        await MigratedStoreAsync();
        await using var connection = await Target.OpenAsync(Ct);

        Assert.Equal(
            [
                "ix_reports_incident",           // incident members, merges, retention's orphan check
                "ix_reports_process_partition",  // a partition's linking window (IncidentStore)
                "ix_reports_received_at",        // retention's candidates
            ],
            await Target.ListIndexesAsync(connection, Target.Qualify("reports"), Ct));
        Assert.Equal(
            ["ix_decision_log_model_decided_at"], // the fairness audit's window of one model
            await Target.ListIndexesAsync(connection, Target.Qualify("decision_log"), Ct));
    }

    [Fact]
    public async Task RunningMigrationsAgainAppliesNothing()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(Sample.Writes(1, 3), Ct);
        var before = await Target.DumpAsync(Ct);
        Time.Advance(TimeSpan.FromHours(1));

        var again = await store.MigrateAsync(Ct);

        Assert.True(again.NothingApplied);
        Assert.Equal(MigrationCatalog.For(store.Provider == StoreProvider.Sqlite ? "sqlite" : "sqlserver").Count, again.AlreadyApplied);
        Assert.Equal(before, await Target.DumpAsync(Ct));
    }

    [Fact]
    public async Task AMigrationWhoseChecksumChangedFailsNamingTheFile()
    {
        var store = await MigratedStoreAsync();
        await using (var connection = await Target.OpenAsync(Ct))
        {
            await ExecuteAsync(connection, $"UPDATE {Target.Qualify("schema_migrations")} SET checksum = '{new string('0', 64)}' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(Ct));

        Assert.Contains("0001_initial.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteBatchStoresReportsDecisionsAlertsPrivacyAndProtectedRowsExactly()
    {
        var store = await MigratedStoreAsync();
        var alerted = Sample.Write(2);
        var scoredOnly = Sample.Write(3, privacy: false, protectedAttributes: false);
        var unscored = Sample.Write(4) with { Decision = null, Alert = null };

        var result = await store.WriteBatchAsync([alerted, scoredOnly, unscored], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 3, Duplicates: 0, Redeliveries: 0, NewAlerts: 1), result);
        Assert.Equal(
            [Sample.ExpectedRow(alerted, Time.Now), Sample.ExpectedRow(scoredOnly, Time.Now), Sample.ExpectedRow(unscored, Time.Now)],
            await store.GetReportsAsync(Ct));

        var decisions = await store.GetDecisionsAsync(Ct);
        Assert.Equal(2, decisions.Count);
        AssertSameDecision(alerted.Decision!, decisions[0]);
        AssertSameDecision(scoredOnly.Decision!, decisions[1]);

        var alert = Assert.Single(await store.GetAlertsAsync(Ct));
        var sent = alerted.Alert!;
        Assert.Equal(
            new StoredAlertRow(sent.AlertId, sent.ReportKey, sent.FeedId, sent.TopCategory, sent.Priority, alert.Scores,
                sent.ModelVersion, AlertStatus.New, sent.RaisedAt, Time.Now),
            alert);
        Assert.Equal(sent.Scores, alert.Scores);

        await using var connection = await Target.OpenAsync(Ct);
        var privacy = await Dump.TableAsync(connection, Target.Qualify("report_privacy"), "idempotency_key", Ct);
        Assert.Equal(
            [
                $"idempotency_key={Sample.Key(2)} | subjects={StoreJson.WriteStrings(alerted.Report.Privacy.Subjects)} | vehicles={StoreJson.WriteStrings(alerted.Report.Privacy.Vehicles)} | other_fields=NULL",
                $"idempotency_key={Sample.Key(4)} | subjects={StoreJson.WriteStrings(unscored.Report.Privacy.Subjects)} | vehicles={StoreJson.WriteStrings(unscored.Report.Privacy.Vehicles)} | other_fields=NULL",
            ],
            privacy);
        Assert.Equal(["Subject 2 Doe, white male 30s"], StoreJson.ReadStrings(await ScalarAsync(connection,
            $"SELECT subjects FROM {Target.Qualify("report_privacy")} WHERE idempotency_key = '{Sample.Key(2)}'")));

        var protectedRows = await Dump.TableAsync(connection, Target.Qualify("report_protected_attributes"), "idempotency_key", Ct);
        Assert.Equal(2, protectedRows.Count);
        var attributes = StoreJson.ReadAttributes(await ScalarAsync(connection,
            $"SELECT attributes FROM {Target.Qualify("report_protected_attributes")} WHERE idempotency_key = '{Sample.Key(4)}'"));
        Assert.Equal(unscored.Report.Protected.Values.OrderBy(p => p.Key), attributes.OrderBy(p => p.Key));

        var receipts = await Dump.TableAsync(connection, Target.Qualify("report_receipts"), "origin_offset", Ct);
        Assert.Equal(3, receipts.Count);
        Assert.Contains($"idempotency_key={Sample.Key(3)} | content_hash={scoredOnly.ContentHash}", receipts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayingTheSameBatchChangesNothingAndCountsEveryWriteAsARedelivery()
    {
        var store = await MigratedStoreAsync();
        var batch = Sample.Writes(1, 20);
        var first = await store.WriteBatchAsync(batch, Ct);
        var before = await Target.DumpAsync(Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var replay = await store.WriteBatchAsync(batch, Ct);

        Assert.Equal(new BatchWriteResult(20, 0, 0, 10), first);
        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 0, Redeliveries: batch.Count, NewAlerts: 0), replay);
        Assert.Equal(batch.Select(w => w.Report.IdempotencyKey), replay.RedeliveredKeys);
        Assert.Empty(first.RedeliveredKeys);
        Assert.Equal(before, await Target.DumpAsync(Ct));
    }

    [Fact]
    public async Task AStoredAlertReadsBackAsPublishedWithItsExplanationAndCurrentState()
    {
        var store = await MigratedStoreAsync();
        var batch = Sample.Writes(1, 6);
        await store.WriteBatchAsync(batch, Ct);
        var sent = batch.Select(w => w.Alert).OfType<Alert>().OrderBy(a => a.AlertId, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sent);

        var read = await store.GetPublishedAlertsAsync([.. sent.Select(a => a.AlertId), "alert:not-stored", sent[0].AlertId], Ct);

        Assert.Equal(sent.Select(a => a.AlertId), read.Select(a => a.AlertId));
        foreach (var (expected, actual) in sent.Zip(read))
        {
            Assert.Equal((expected.ReportKey, expected.FeedId, expected.TopCategory, expected.Priority, expected.ModelVersion, AlertStatus.New, expected.IncidentId, expected.RaisedAt),
                (actual.ReportKey, actual.FeedId, actual.TopCategory, actual.Priority, actual.ModelVersion, actual.Status, actual.IncidentId, actual.RaisedAt));
            Assert.Equal(expected.Scores, actual.Scores);
            Assert.Equal(expected.Explanation, actual.Explanation);
        }
        Assert.Empty(await store.GetPublishedAlertsAsync([], Ct));
    }

    [Fact]
    public async Task TheSameKeyFromAnotherOffsetIsADuplicateThatAddsOnlyAReceipt()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(2)], Ct);
        var before = await Target.DumpAsync(Ct);
        // A resend of the same source record with the same content: new raw record, same
        // idempotency key, and the processor did not know yet, so it scored and alerted again.
        var resend = Sample.Write(2, offset: 900);

        var result = await store.WriteBatchAsync([resend], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 1, Redeliveries: 0, NewAlerts: 0) { DuplicatesByFeed = OneDuplicateOfCadMetro }, result);
        var after = await Target.DumpAsync(Ct);
        foreach (var (table, rows) in before)
        {
            if (table == Target.Qualify("report_receipts"))
            {
                var added = Assert.Single(after[table].Except(rows));
                Assert.Contains("origin_offset=900 |", added, StringComparison.Ordinal);
                Assert.Contains($"content_hash={resend.ContentHash} |", added, StringComparison.Ordinal);
                Assert.Equal(rows, after[table].Intersect(rows));
            }
            else
            {
                Assert.Equal(rows, after[table]);
            }
        }
    }

    [Fact]
    public async Task AResendWithChangedContentIsANewVersionOfTheSameReportWithItsHistoryKept()
    {
        var store = await MigratedStoreAsync();
        var original = Sample.Write(2);
        await store.WriteBatchAsync([original], Ct);
        Time.Advance(TimeSpan.FromMinutes(5));
        // The source corrected its narrative and resent the record (a new raw record, the same id).
        var corrected = Sample.Write(2, offset: 900, alert: false) with { ContentHash = "sha256:corrected", Decision = null, Alert = null };
        corrected = corrected with { Report = corrected.Report with { Narrative = "Corrected narrative 2" } };

        var result = await store.WriteBatchAsync([corrected], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 0, Redeliveries: 0, NewAlerts: 0) { NewVersions = 1 }, result);
        var row = Assert.Single(await store.GetReportsAsync(Ct));
        Assert.Equal((2, "Corrected narrative 2", "sha256:corrected"), (row.Version, row.Narrative, row.ContentHash));
        // The first raw record that carried the report stays its origin.
        Assert.Equal(original.Report.Origin.Offset, row.OriginOffset);
        var versions = await store.GetReportVersionsAsync(Sample.Key(2), Ct);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal([original.ContentHash, "sha256:corrected"], versions.Select(v => v.ContentHash));
        Assert.Equal([original.Report.Origin.Offset, 900L], versions.Select(v => v.OriginOffset));
        Assert.Contains("Corrected narrative 2", versions[1].Content, StringComparison.Ordinal);
        Assert.Contains(original.Report.Narrative, versions[0].Content, StringComparison.Ordinal);
        // The history never holds privacy fields or protected attributes.
        Assert.All(versions, v => Assert.All(original.Report.Privacy.Subjects.Concat(original.Report.Protected.Values.Values), secret => Assert.DoesNotContain(secret, v.Content, StringComparison.Ordinal)));
        // One alert, as before.
        Assert.Single(await store.GetAlertsAsync(Ct));
    }

    [Fact]
    public async Task AnOldVersionResentAfterANewerOneIsADuplicateNotAThirdVersion()
    {
        var store = await MigratedStoreAsync();
        var original = Sample.Write(3);
        await store.WriteBatchAsync([original], Ct);
        var corrected = Sample.Write(3, offset: 901) with { ContentHash = "sha256:corrected", Decision = null, Alert = null };
        await store.WriteBatchAsync([corrected], Ct);

        var stale = Sample.Write(3, offset: 902) with { Decision = null, Alert = null };
        var result = await store.WriteBatchAsync([stale], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 1, Redeliveries: 0, NewAlerts: 0) { DuplicatesByFeed = OneDuplicateOfCadMetro }, result);
        Assert.Equal(2, Assert.Single(await store.GetReportsAsync(Ct)).Version);
        Assert.Equal(2, (await store.GetReportVersionsAsync(Sample.Key(3), Ct)).Count);
    }

    [Fact]
    public async Task ReplayingTheBatchThatMadeAVersionChangesNothing()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(4)], Ct);
        var corrected = Sample.Write(4, offset: 903) with { ContentHash = "sha256:corrected", Decision = null, Alert = null };
        await store.WriteBatchAsync([corrected], Ct);
        var before = await Target.DumpAsync(Ct);

        var replay = await store.WriteBatchAsync([corrected], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 0, Redeliveries: 1, NewAlerts: 0), replay);
        Assert.Equal(before, await Target.DumpAsync(Ct));
    }

    [Fact]
    public async Task LinkedReportsOpenJoinAndMergeIncidentsWithOneAlertPerIncident()
    {
        var store = await MigratedStoreAsync();
        static ReportWrite Linked(int n, string incident, bool isNew, IReadOnlyList<LinkWrite> links, IReadOnlyList<string> merged)
        {
            var write = Sample.Write(n, alert: true);
            return write with
            {
                Alert = write.Alert! with { IncidentId = incident, Priority = 0.5 + (n / 100.0) },
                Incident = new IncidentWrite(incident, isNew, 2, links, merged),
            };
        }
        await store.WriteBatchAsync([Linked(2, "I-A", true, [], [])], Ct);
        await store.WriteBatchAsync([Linked(4, "I-B", true, [], [])], Ct);
        // Report 6 links to both: I-B is merged into I-A, and 6's alert only raises I-A's priority.
        var result = await store.WriteBatchAsync(
        [
            Linked(6, "I-A", false,
            [
                new LinkWrite(Sample.Key(2), 14.5, "Link", """[{"feature":"Distance","level":"Under50m","agreement":"Agreed","weight":4.1}]""", "fs-test-1"),
                new LinkWrite(Sample.Key(4), 12.0, "Link", "[]", "fs-test-1"),
            ], ["I-B"]),
        ], Ct);

        Assert.Equal(0, result.NewAlerts);
        Assert.Equal(
            [new StoredIncident("I-A", null, [Sample.Key(2), Sample.Key(4), Sample.Key(6)]), new StoredIncident("I-B", "I-A", [])],
            (await store.GetIncidentsAsync(Ct)).Select(i => i with { ReportKeys = [.. i.ReportKeys] }).ToList(),
            new IncidentComparer());
        var links = await store.GetLinksAsync(Ct);
        Assert.Equal([(Sample.Key(6), Sample.Key(2), 14.5, "Link"), (Sample.Key(6), Sample.Key(4), 12.0, "Link")], links.Select(l => (l.ReportKey, l.LinkedKey, l.Weight, l.Band)));
        Assert.Contains("Under50m", links[0].Features, StringComparison.Ordinal);
        // I-B's alert followed it into I-A and, untouched by any analyst, was closed: one open alert
        // per incident, the earliest, carrying the highest priority of the two.
        var alerts = await store.GetAlertsAsync(Ct);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("I-A", a.IncidentId));
        var open = Assert.Single(alerts, a => a.Status != AlertStatus.Closed);
        Assert.Equal("alert:" + Sample.Key(2), open.AlertId);
        Assert.Equal(0.56, open.Priority, 6);
        await using var connection = await Target.OpenAsync(Ct);
        var merges = await Dump.TableAsync(connection, Target.Qualify("incident_merges"), "merged_incident", Ct);
        Assert.Contains($"merged_incident=I-B | into_incident=I-A | cause_report_key={Sample.Key(6)}", Assert.Single(merges), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportJoiningAnIncidentTouchesItsUpdatedTimeAndNothingElse()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(2) with { Incident = new IncidentWrite("I-A", true, 2, [], []) }], Ct);
        await store.WriteBatchAsync([Sample.Write(3) with { Incident = new IncidentWrite("I-B", true, 2, [], []) }], Ct);
        await using var connection = await Target.OpenAsync(Ct);
        var opened = await Dump.TableAsync(connection, Target.Qualify("incidents"), "incident_id", Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        await store.WriteBatchAsync(
            [Sample.Write(4) with { Incident = new IncidentWrite("I-A", false, 2, [new LinkWrite(Sample.Key(2), 9.5, "Link", "[]", "fs-test-1")], []) }], Ct);

        var touched = await Dump.TableAsync(connection, Target.Qualify("incidents"), "incident_id", Ct);
        static string Cell(string row, string column) => row.Split(" | ").Single(c => c.StartsWith(column + "=", StringComparison.Ordinal));
        var joined = (await Dump.TableAsync(connection, Target.Qualify("reports"), "idempotency_key", Ct)).Single(r => r.Contains(Sample.Key(4), StringComparison.Ordinal));
        // I-A: created when opened, updated when report 4 joined it (its stored time); I-B untouched.
        Assert.Equal(Cell(opened[0], "created_at"), Cell(touched[0], "created_at"));
        Assert.Equal(Cell(joined, "stored_at")["stored_at=".Length..], Cell(touched[0], "updated_at")["updated_at=".Length..]);
        Assert.NotEqual(Cell(opened[0], "updated_at"), Cell(touched[0], "updated_at"));
        Assert.Equal(opened[1], touched[1]);
    }

    [Fact]
    public async Task APartitionsWindowIsRebuiltFromTheReportsItProcessedWithTheirIncidentsAndPrivacyFields()
    {
        var store = await MigratedStoreAsync();
        var here = Sample.Write(2) with { Incident = new IncidentWrite("I-2", true, 3, [], []) };
        var elsewhere = Sample.Write(3) with { Incident = new IncidentWrite("I-3", true, 1, [], []) };
        var unlinked = Sample.Write(5);
        await store.WriteBatchAsync([here, elsewhere, unlinked], Ct);

        var window = await store.LoadWindowAsync(3, TimeSpan.FromHours(1), Ct);

        var held = Assert.Single(window);
        Assert.Equal("I-2", held.IncidentId);
        Assert.Equal(here.Report.IdempotencyKey, held.Report.IdempotencyKey);
        Assert.Equal(here.Report.Narrative, held.Report.Narrative);
        Assert.Equal(here.Report.Location, held.Report.Location);
        Assert.Equal(here.Report.Privacy.Vehicles, held.Report.Privacy.Vehicles);
        Assert.Empty(await store.LoadWindowAsync(4, TimeSpan.FromHours(1), Ct));
        // The window is measured back from the newest report the partition processed.
        var later = Sample.Write(7) with { Incident = new IncidentWrite("I-7", true, 3, [], []) };
        later = later with { Report = later.Report with { ReceivedAt = here.Report.ReceivedAt.AddHours(2) } };
        await store.WriteBatchAsync([later], Ct);
        Assert.Equal([later.Report.IdempotencyKey], (await store.LoadWindowAsync(3, TimeSpan.FromHours(1), Ct)).Select(w => w.Report.IdempotencyKey));
        Assert.Equal([here.Report.IdempotencyKey, later.Report.IdempotencyKey], (await store.LoadWindowAsync(3, TimeSpan.FromHours(3), Ct)).Select(w => w.Report.IdempotencyKey));
    }

    private sealed class IncidentComparer : IEqualityComparer<StoredIncident>
    {
        public bool Equals(StoredIncident? x, StoredIncident? y) =>
            x is not null && y is not null && x.IncidentId == y.IncidentId && x.MergedInto == y.MergedInto && x.ReportKeys.SequenceEqual(y.ReportKeys);

        public int GetHashCode(StoredIncident obj) => obj.IncidentId.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecondOfTwoWritesWithOneKeyInABatchIsADuplicate()
    {
        var store = await MigratedStoreAsync();
        var first = Sample.Write(6);
        var second = Sample.Write(6, offset: 61);

        var result = await store.WriteBatchAsync([first, second], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 1, Duplicates: 1, Redeliveries: 0, NewAlerts: 1) { DuplicatesByFeed = OneDuplicateOfCadMetro }, result);
        var counts = await store.GetCountsAsync(Ct);
        Assert.Equal((1L, 2L, 1L), (counts.Reports, counts.Receipts, counts.Duplicates));
    }

    [Fact]
    public async Task TheSameRawRecordTwiceInABatchIsARedelivery()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.Write(8);

        var result = await store.WriteBatchAsync([write, write], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 1, Duplicates: 0, Redeliveries: 1, NewAlerts: 1), result);
    }

    [Fact]
    public async Task TwoRecordsOfOneMessageAreStoredAsTwoReportsWithTwoReceipts()
    {
        var store = await MigratedStoreAsync();
        var first = Sample.RecordOf(offset: 50, record: 0, n: 2);
        var second = Sample.RecordOf(offset: 50, record: 1, n: 3);

        var result = await store.WriteBatchAsync([first, second], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 2, Duplicates: 0, Redeliveries: 0, NewAlerts: 1), result);
        var reports = await store.GetReportsAsync(Ct);
        Assert.Equal([Sample.ExpectedRow(first, Time.Now), Sample.ExpectedRow(second, Time.Now)], reports);
        Assert.Equal([(50L, 0), (50L, 1)], reports.Select(r => (r.OriginOffset, r.OriginRecord)));
        await using var connection = await Target.OpenAsync(Ct);
        var receipts = await Dump.TableAsync(connection, Target.Qualify("report_receipts"), "origin_record", Ct);
        Assert.Equal(2, receipts.Count);
        Assert.Contains($"origin_offset=50 | origin_record=0 | idempotency_key={Sample.Key(2)} |", receipts[0], StringComparison.Ordinal);
        Assert.Contains($"origin_offset=50 | origin_record=1 | idempotency_key={Sample.Key(3)} |", receipts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameRecordOfAMessageAgainIsARedeliveryButAnotherRecordOfItIsNot()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.RecordOf(offset: 70, record: 0, n: 2), Sample.RecordOf(offset: 70, record: 1, n: 3)], Ct);
        var before = await Target.DumpAsync(Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var replay = await store.WriteBatchAsync([Sample.RecordOf(offset: 70, record: 1, n: 3)], Ct);
        var unchanged = await Target.DumpAsync(Ct);
        // A third record of that message repeats the first one's report: a duplicate, with a receipt of its own.
        var repeat = await store.WriteBatchAsync([Sample.RecordOf(offset: 70, record: 2, n: 2)], Ct);

        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 0, Redeliveries: 1, NewAlerts: 0), replay);
        Assert.Equal(before, unchanged);
        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 1, Redeliveries: 0, NewAlerts: 0) { DuplicatesByFeed = OneDuplicateOfCadMetro }, repeat);
        var counts = await store.GetCountsAsync(Ct);
        Assert.Equal((2L, 3L), (counts.Reports, counts.Receipts));
    }

    [Fact]
    public async Task TheRecordMigrationKeepsExistingRowsAsTheFirstRecordOfTheirMessage()
    {
        var store = await StoreAsync();
        await store.MigrateAsync(targetVersion: 2, Ct);
        await using (var connection = await Target.OpenAsync(Ct))
        {
            // Rows as the schema before 0003 had them: no record position.
            await ExecuteAsync(connection, $"""
                INSERT INTO {Target.Qualify("report_receipts")} (origin_topic, origin_partition, origin_offset, idempotency_key, content_hash, received_at)
                VALUES ('{Sample.Topic}', 1, 70, '{Sample.Key(2)}', 'sha256:old', '2026-11-20T14:30:02.1230000+00:00')
                """);
            await ExecuteAsync(connection, $"""
                INSERT INTO {Target.Qualify("reports")} (idempotency_key, feed_id, source_record_id, kind, occurred_at, received_at,
                    location_precision, narrative, content_hash, schema_version, origin_topic, origin_partition, origin_offset, stored_at)
                VALUES ('{Sample.Key(2)}', 'cad-metro', 'E26-000002', 'Cad', '2026-11-20T14:28:00.1230000+00:00', '2026-11-20T14:30:02.1230000+00:00',
                    'None', 'Narrative 2', 'sha256:old', 1, '{Sample.Topic}', 1, 70, '2026-11-21T09:00:00.5000000+00:00')
                """);
        }

        var result = await store.MigrateAsync(Ct);

        Assert.Equal(MigrationCatalog.For(store.Provider == StoreProvider.Sqlite ? "sqlite" : "sqlserver").Skip(2).Select(m => m.FileName), result.Applied);
        Assert.Equal(2, result.AlreadyApplied);
        var report = Assert.Single(await store.GetReportsAsync(Ct));
        Assert.Equal((Sample.Key(2), 70L, 0), (report.IdempotencyKey, report.OriginOffset, report.OriginRecord));
        await using (var connection = await Target.OpenAsync(Ct))
        {
            var receipt = Assert.Single(await Dump.TableAsync(connection, Target.Qualify("report_receipts"), "origin_offset", Ct));
            Assert.Contains($"origin_offset=70 | origin_record=0 | idempotency_key={Sample.Key(2)} | content_hash=sha256:old |", receipt, StringComparison.Ordinal);
        }
        // The old receipt now stands for record 0 of its message: that record again is a replay,
        // the message's next record is new.
        var replay = await store.WriteBatchAsync([Sample.RecordOf(offset: 70, record: 0, n: 2)], Ct);
        var next = await store.WriteBatchAsync([Sample.RecordOf(offset: 70, record: 1, n: 3)], Ct);
        Assert.Equal(new BatchWriteResult(NewReports: 0, Duplicates: 0, Redeliveries: 1, NewAlerts: 0), replay);
        Assert.Equal(new BatchWriteResult(NewReports: 1, Duplicates: 0, Redeliveries: 0, NewAlerts: 0), next);
        var counts = await store.GetCountsAsync(Ct);
        Assert.Equal((2L, 2L), (counts.Reports, counts.Receipts));
    }

    [Fact]
    public async Task CountsReflectReportsReceiptsDecisionsAndAlertsByCategory()
    {
        var store = await MigratedStoreAsync();
        // 1..10: alerts for even n; n = 10 alerts on PHOTO, the rest on SURVL.
        await store.WriteBatchAsync(Sample.Writes(1, 10), Ct);
        await store.WriteBatchAsync([Sample.Write(1, offset: 101), Sample.Write(2, offset: 102)], Ct);
        await store.WriteBatchAsync([Sample.Write(11) with { Decision = null, Alert = null }], Ct);

        var counts = await store.GetCountsAsync(Ct);

        Assert.Equal(11, counts.Reports);
        Assert.Equal(13, counts.Receipts);
        Assert.Equal(2, counts.Duplicates);
        Assert.Equal(10, counts.Decisions);
        Assert.Equal(5, counts.Alerts);
        Assert.Equal(new Dictionary<string, long> { ["PHOTO"] = 1, ["SURVL"] = 4 }, counts.AlertsByCategory);
    }

    [Fact]
    public async Task CountsOfAnEmptyStoreAreZero()
    {
        var store = await MigratedStoreAsync();

        var counts = await store.GetCountsAsync(Ct);

        Assert.Equal((0L, 0L, 0L, 0L, 0L), (counts.Reports, counts.Receipts, counts.Alerts, counts.Decisions, counts.Duplicates));
        Assert.Empty(counts.AlertsByCategory);
    }

    [Fact]
    public async Task PrivacyFieldsAndProtectedAttributesNeverReachTheReportsTable()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.Write(5);
        await store.WriteBatchAsync([write], Ct);

        await using var connection = await Target.OpenAsync(Ct);
        var columns = await Target.ListColumnsAsync(connection, Target.Qualify("reports"), Ct);
        var reports = string.Join('\n', await Dump.TableAsync(connection, Target.Qualify("reports"), "idempotency_key", Ct));

        Assert.Equal(30, columns.Count);
        Assert.DoesNotContain(columns, c => c.Contains("subject", StringComparison.OrdinalIgnoreCase)
            || c.Contains("vehicle", StringComparison.OrdinalIgnoreCase)
            || c.Contains("attribute", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(write.Report.Narrative, reports, StringComparison.Ordinal);
        foreach (var secret in write.Report.Privacy.Subjects.Concat(write.Report.Privacy.Vehicles).Concat(write.Report.Protected.Values.Values))
        {
            Assert.DoesNotContain(secret, reports, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FindExistingReportKeysReturnsExactlyTheStoredKeys()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(Sample.Writes(1, 600), Ct);
        // More keys than one look-up command takes, unknown keys, a repeat and a case variant.
        var asked = Enumerable.Range(1, 1200).Select(Sample.Key).Append(Sample.Key(7)).Append(Sample.Key(8).ToUpperInvariant()).ToList();

        var found = await store.FindExistingReportKeysAsync(asked, Ct);

        Assert.Equal(Enumerable.Range(1, 600).Select(Sample.Key).ToHashSet(), found);
        Assert.Empty(await store.FindExistingReportKeysAsync([], Ct));
    }

    // On SQLite the keys travel as one JSON array (json_each): whatever a source puts in its record
    // ids must come back out of it as the same key the report was stored under.
    [Fact]
    public async Task FindExistingReportKeysFindsKeysWithQuotesEscapesControlCharactersAndAnyUnicode()
    {
        var store = await MigratedStoreAsync();
        string[] hostile =
        [
            "cad-metro:\"],\"x", "cad-metro:a\\\\b\\u0041", "cad-metro:'); DROP TABLE reports; --", "cad-metro:tab\tnul\0end",
            "cad-metro:ünïcödé-東京-🚓", "cad-metro:" + new string('k', 900),
        ];
        await store.WriteBatchAsync([.. hostile.Select((key, i) => Sample.Write(i + 1, key: key))], Ct);

        var found = await store.FindExistingReportKeysAsync([.. hostile, "cad-metro:\"]", "cad-metro:a\\b\\u0041", "cad-metro:ünïcödé-東京-🚔"], Ct);

        Assert.Equal(hostile.ToHashSet(), found);
    }

    [Fact]
    public async Task AFailingWriteRollsBackTheWholeBatch()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Sample.Write(1)], Ct);
        var before = await Target.DumpAsync(Ct);
        var broken = Sample.Write(3);
        // A NOT NULL violation in the last write's decision, after the others were inserted.
        var batch = new[] { Sample.Write(2), broken with { Decision = broken.Decision! with { ModelVersion = null! } } };

        await Assert.ThrowsAnyAsync<DbException>(() => store.WriteBatchAsync(batch, Ct));

        Assert.Equal(before, await Target.DumpAsync(Ct));
        Assert.Contains(Logger.Entries, e => e.Contains("rolled back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWriteWhoseAlertIsForAnotherReportIsRejectedBeforeAnythingIsWritten()
    {
        var store = await MigratedStoreAsync();
        var other = Sample.Write(4);
        var batch = new[] { Sample.Write(1), Sample.Write(2) with { Alert = other.Alert } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteBatchAsync(batch, Ct));

        Assert.Contains("writes[1].Alert.ReportKey", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.GetCountsAsync(Ct)).Receipts);
    }

    [Fact]
    public async Task AnEmptyBatchChangesNothing()
    {
        var store = await MigratedStoreAsync();

        var result = await store.WriteBatchAsync([], Ct);

        Assert.Equal(new BatchWriteResult(0, 0, 0, 0), result);
        Assert.Equal(0, (await store.GetCountsAsync(Ct)).Receipts);
    }

    [Fact]
    public async Task FeedHealthIsSummedOverReportersPerFeedAndMinute()
    {
        var store = await MigratedStoreAsync();
        var minute = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var early = minute.AddSeconds(12);
        var late = minute.AddSeconds(48);

        await store.WriteFeedHealthAsync("worker-a", [new("cad-metro", minute, 10, 8, 2, 1, 3, early, 5), new("sar-state", minute, 4, 4, 0, 0, 0, early, null)], Ct);
        await store.WriteFeedHealthAsync("worker-b", [new("cad-metro", minute, 6, 6, 0, 2, 0, late, 7), new("cad-metro", minute.AddMinutes(1), 1, 1, 0, 0, 0, null, 0)], Ct);

        Assert.Equal(
            [
                new FeedHealthMinute("cad-metro", minute, 16, 14, 2, 3, 3, late, 12),
                new FeedHealthMinute("cad-metro", minute.AddMinutes(1), 1, 1, 0, 0, 0, null, 0),
                new FeedHealthMinute("sar-state", minute, 4, 4, 0, 0, 0, early, null),
            ],
            await store.GetFeedHealthAsync(minute, Ct));
        Assert.Equal([new FeedHealthMinute("cad-metro", minute.AddMinutes(1), 1, 1, 0, 0, 0, null, 0)], await store.GetFeedHealthAsync(minute.AddSeconds(61), Ct));
    }

    [Fact]
    public async Task AReportersRepeatedFlushOverwritesItsTotalsInsteadOfAddingToThem()
    {
        var store = await MigratedStoreAsync();
        var minute = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

        await store.WriteFeedHealthAsync("worker-a", [new("cad-metro", minute, 10, 9, 1, 0, 0, minute.AddSeconds(5), 40)], Ct);
        await store.WriteFeedHealthAsync("worker-a", [new("cad-metro", minute, 25, 22, 3, 1, 0, minute.AddSeconds(50), 0)], Ct);
        await store.WriteFeedHealthAsync("worker-a", [new("cad-metro", minute, 25, 22, 3, 1, 0, minute.AddSeconds(50), 0)], Ct);

        Assert.Equal([new FeedHealthMinute("cad-metro", minute, 25, 22, 3, 1, 0, minute.AddSeconds(50), 0)], await store.GetFeedHealthAsync(minute, Ct));
    }

    [Fact]
    public async Task PurgingFeedHealthDeletesOnlyMinutesBeforeTheCutoff()
    {
        var store = await MigratedStoreAsync();
        var minute = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        await store.WriteFeedHealthAsync("worker-a", [.. Enumerable.Range(0, 5).Select(i => new FeedHealthMinute("cad-metro", minute.AddMinutes(i), i, i, 0, 0, 0, null, null))], Ct);

        var purged = await store.PurgeFeedHealthAsync(minute.AddMinutes(3), Ct);

        Assert.Equal(3, purged);
        Assert.Equal([minute.AddMinutes(3), minute.AddMinutes(4)], (await store.GetFeedHealthAsync(minute, Ct)).Select(m => m.Minute));
    }

    [Fact]
    public async Task DeclaredPrivacyFieldsAreStoredWithTheOtherPrivacyFieldsAndNeverInTheReportsTable()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.Write(7);
        write = write with { Report = write.Report with { Privacy = write.Report.Privacy with { Other = new Dictionary<string, string> { ["callerPhone"] = "555-0100" } } } };

        await store.WriteBatchAsync([write], Ct);

        await using var connection = await Target.OpenAsync(Ct);
        var other = StoreJson.ReadAttributes(await ScalarAsync(connection, $"SELECT other_fields FROM {Target.Qualify("report_privacy")} WHERE idempotency_key = '{Sample.Key(7)}'"));
        Assert.Equal(new Dictionary<string, string> { ["callerPhone"] = "555-0100" }, other);
        var reports = await Dump.TableAsync(connection, Target.Qualify("reports"), "idempotency_key", Ct);
        Assert.DoesNotContain(reports, row => row.Contains("555-0100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PingSucceedsWhenTheDatabaseIsReachable()
    {
        var store = await MigratedStoreAsync();

        var error = await Record.ExceptionAsync(() => store.PingAsync(Ct));

        Assert.Null(error);
    }

    [Fact]
    public async Task LogsNeverCarryReportContent()
    {
        var store = await MigratedStoreAsync();
        var writes = Sample.Writes(1, 5);
        await store.WriteBatchAsync(writes, Ct);
        await store.WriteBatchAsync(writes, Ct);
        var broken = Sample.Write(9);
        await Assert.ThrowsAnyAsync<DbException>(() =>
            store.WriteBatchAsync([broken with { Decision = broken.Decision! with { ModelVersion = null! } }], Ct));

        Assert.NotEmpty(Logger.Entries);
        var secrets = writes.Append(broken).SelectMany(w => new[] { w.Report.Narrative, w.Report.Location.RawAddress }
            .Concat(w.Report.Privacy.Subjects).Concat(w.Report.Privacy.Vehicles).Concat(w.Report.Protected.Values.Values));
        foreach (var secret in secrets.OfType<string>())
        {
            Assert.DoesNotContain(Logger.Entries, e => e.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static void AssertSameDecision(DecisionRecord expected, DecisionRecord actual)
    {
        Assert.Equal(expected with { Scores = [] }, actual with { Scores = [] });
        Assert.Equal(expected.Scores, actual.Scores);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}

/// <summary>The store contract on SQLite, the embedded default.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>The store contract on SQL Server; skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerStoreContractTests : StoreContractTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
