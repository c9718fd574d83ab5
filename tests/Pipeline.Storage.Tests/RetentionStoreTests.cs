using System.Data.Common;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>28 CFR Part 23 retention on SQLite: re-validation, the purge plan, the purge and its log, with explicit clocks.</summary>
public sealed class RetentionStoreTests : StoreTestBase
{
    private static readonly RetentionOptions Defaults = new();

    // Reports are received at Sample.Start plus n seconds; five years (1,826 days) later they fall due.
    private static readonly DateTimeOffset FiveYearsOn = Sample.Start.AddDays(1826);

    private static readonly string[] ReportTables =
    [
        "reports", "report_privacy", "report_protected_attributes", "report_receipts", "report_versions", "decision_log", "report_labels",
    ];

    [Fact]
    public async Task AReportOlderThanTheRetentionPeriodIsPurgedWithEveryDependentRowAndOneLogRow()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(2), Write(4, receivedDaysLater: 400)], Ct);
        // Report 2: vetted, shared, linked both ways with report 4, in an incident, the cause of a merge.
        await store.ClaimAlertAsync(AlertId(2), "ana", Sample.Start, Ct);
        await store.DispositionAlertAsync(AlertId(2), "ana", AlertDisposition.IseSar, "ISE-1", "confirmed", Sample.Start, Ct);
        await store.ShareAlertAsync(AlertId(2), "ana", "State police", "case 26-001", DisseminationForm.Summary, Sample.Start, Ct);
        await ExecuteAsync($"""
            INSERT INTO incidents (incident_id, created_at, updated_at) VALUES ('inc-old', '{Db(Sample.Start)}', '{Db(Sample.Start)}');
            INSERT INTO incidents (incident_id, created_at, updated_at, merged_into) VALUES ('inc-merged', '{Db(Sample.Start)}', '{Db(Sample.Start)}', 'inc-old');
            INSERT INTO incidents (incident_id, created_at, updated_at) VALUES ('inc-young', '{Db(Sample.Start)}', '{Db(Sample.Start)}');
            UPDATE reports SET incident_id = 'inc-old' WHERE idempotency_key = '{Sample.Key(2)}';
            UPDATE reports SET incident_id = 'inc-young' WHERE idempotency_key = '{Sample.Key(4)}';
            INSERT INTO incident_merges (merged_incident, into_incident, cause_report_key, merged_at) VALUES ('inc-merged', 'inc-old', '{Sample.Key(2)}', '{Db(Sample.Start)}');
            INSERT INTO report_links (report_key, linked_key, weight, band, features, model_version, linked_at) VALUES ('{Sample.Key(2)}', '{Sample.Key(4)}', 9.5, 'Link', '[]', 'fs-1', '{Db(Sample.Start)}');
            INSERT INTO report_links (report_key, linked_key, weight, band, features, model_version, linked_at) VALUES ('{Sample.Key(4)}', '{Sample.Key(2)}', 9.5, 'Link', '[]', 'fs-1', '{Db(Sample.Start)}');
            """);
        var now = FiveYearsOn.AddDays(1);
        var before = await CountsAsync(Sample.Key(4));

        var result = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((1, 0, 1), (result.RetentionPeriod, result.NotIseSar, result.Transactions));
        foreach (var table in ReportTables)
        {
            Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {table} WHERE {(table is "decision_log" or "report_labels" ? "report_key" : "idempotency_key")} = '{Sample.Key(2)}'"));
        }
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM alerts WHERE report_key = '{Sample.Key(2)}'"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM alert_history WHERE alert_id = '{AlertId(2)}'"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM disseminations WHERE alert_id = '{AlertId(2)}'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM report_links"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM incident_merges"));
        Assert.Equal(["inc-young"], await StringsAsync("SELECT incident_id FROM incidents ORDER BY incident_id"));
        Assert.Equal(2, result.IncidentsDeleted);
        // The young report keeps every row it had, but for the link that named the purged one.
        var after = await CountsAsync(Sample.Key(4));
        Assert.Equal(before, after);
        Assert.True(before.Values.Sum() >= 6);

        var log = Assert.Single(await store.GetPurgeLogAsync(10, Ct));
        Assert.Equal((Sample.Key(2), "cad-metro", PurgeReason.RetentionPeriod, "5 years since received, not re-validated", now, Sample.Start.AddSeconds(2), (DateTimeOffset?)null, result.RunId),
            (log.ReportKey, log.FeedId, log.Reason, log.Rule, log.PurgedAt, log.ReceivedAt, log.RevalidatedAt, log.RunId));
        Assert.DoesNotContain(Logger.Entries, e => e.Contains("BLOCK OF", StringComparison.Ordinal) || e.Contains("Narrative", StringComparison.Ordinal) || e.Contains(Sample.Key(2), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReportReValidatedWithinThePeriodIsKeptAndItsAlertHistorySaysSo()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(2), Write(3)], Ct);
        await store.RevalidateReportAsync(Sample.Key(2), "supervisor-1", "case 26-004 still open", Sample.Start.AddDays(1000), Ct);
        await store.RevalidateReportAsync(Sample.Key(3), "supervisor-1", "case 26-004 still open", Sample.Start.AddDays(1000), Ct);

        var result = await store.PurgeAsync(Defaults, FiveYearsOn.AddDays(30), dryRun: false, Ct);

        Assert.Equal(0, result.Total);
        Assert.Equal(2, (await store.GetReportsAsync(Ct)).Count);
        var entry = (await store.GetAlertHistoryAsync(AlertId(2), Ct))[^1];
        Assert.Equal(("Revalidate", "supervisor-1", AlertStatus.New, AlertStatus.New, "case 26-004 still open"), (entry.Action, entry.Actor, entry.FromStatus, entry.ToStatus, entry.Comment));

        // Five years after the re-validation, it is due again, by the re-validation rule.
        var later = await store.PlanPurgeAsync(Defaults, Sample.Start.AddDays(1000 + 1826).AddSeconds(1), Ct);
        Assert.Equal(["5 years since last re-validated", "5 years since last re-validated"], later.Select(c => c.Rule));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RevalidateReportAsync("no-such-key", "s", "r", Sample.Start, Ct));
    }

    [Fact]
    public async Task AReportExactlyOneRetentionPeriodOldIsKeptAndOneMillisecondLaterIsDue()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1)], Ct);
        var boundary = Sample.Start.AddSeconds(1).AddDays(1826);

        Assert.Empty(await store.PlanPurgeAsync(Defaults, boundary, Ct));
        Assert.Empty(await store.PlanPurgeAsync(Defaults, boundary.AddMilliseconds(-1), Ct));
        Assert.Equal([Sample.Key(1)], (await store.PlanPurgeAsync(Defaults, boundary.AddMilliseconds(1), Ct)).Select(c => c.ReportKey));
    }

    [Fact]
    public async Task AReportVettedNotIseSarIsPurgedAfterTheShortPeriodAndKeptBefore()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(2), Write(4), Write(5)], Ct);
        var vetted = Sample.Start.AddDays(10);
        // Report 2 through the desk (NotIseSar disposition writes an empty label); report 4 labelled directly.
        await store.ClaimAlertAsync(AlertId(2), "ana", vetted, Ct);
        await store.DispositionAlertAsync(AlertId(2), "ana", AlertDisposition.NotIseSar, "NS-1", "tourist", vetted, Ct);
        await store.WriteReportLabelAsync(Sample.Key(4), [], "ana", vetted, Ct);
        // Report 5 vetted as ISE-SAR: the short rule never applies.
        await store.WriteReportLabelAsync(Sample.Key(5), ["PHOTO"], "ana", vetted, Ct);

        Assert.Empty(await store.PlanPurgeAsync(Defaults, vetted.AddDays(365), Ct));

        var result = await store.PurgeAsync(Defaults, vetted.AddDays(365).AddMilliseconds(1), dryRun: false, Ct);

        Assert.Equal((0, 2), (result.RetentionPeriod, result.NotIseSar));
        Assert.Equal([Sample.Key(5)], (await store.GetReportsAsync(Ct)).Select(r => r.IdempotencyKey));
        var log = await store.GetPurgeLogAsync(10, Ct);
        Assert.All(log, e => Assert.Equal((PurgeReason.NotIseSar, "1 year since vetted as not ISE-SAR"), (e.Reason, e.Rule)));
        Assert.Equal([Sample.Key(2), Sample.Key(4)], log.Select(e => e.ReportKey).Order(StringComparer.Ordinal));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM purge_log WHERE reason = 'not-ise-sar'"));
    }

    [Fact]
    public async Task ADryRunWritesNothingAndReportsTheSamePlanAsTheRealRun()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1), Write(2), Write(3), Write(4, receivedDaysLater: 400)], Ct);
        await store.WriteReportLabelAsync(Sample.Key(4), [], "ana", Sample.Start.AddDays(500), Ct);
        var now = FiveYearsOn.AddDays(1);
        var dump = await Target.DumpAsync(Ct);
        var plan = await store.PlanPurgeAsync(Defaults, now, Ct);

        var dry = await store.PurgeAsync(Defaults, now, dryRun: true, Ct);

        Assert.True(dry.DryRun);
        Assert.Equal((3, 1, 0), (dry.RetentionPeriod, dry.NotIseSar, dry.Transactions));
        Assert.Equal(dump, await Target.DumpAsync(Ct));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM purge_log"));

        var real = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((dry.RetentionPeriod, dry.NotIseSar), (real.RetentionPeriod, real.NotIseSar));
        Assert.Equal(
            plan.Select(c => (c.ReportKey, c.Reason)).Order(),
            (await store.GetPurgeLogAsync(100, Ct)).Select(e => (e.ReportKey, e.Reason)).Order());
    }

    [Fact]
    public async Task TwelveHundredDueReportsArePurgedInSeveralTransactionsAndASecondRunPurgesNothing()
    {
        var store = await MigratedStoreAsync();
        foreach (var chunk in Enumerable.Range(1, 1200).Chunk(300))
        {
            await store.WriteBatchAsync([.. chunk.Select(n => Write(n))], Ct);
        }
        await store.WriteBatchAsync([Write(5000, receivedDaysLater: 1000), Write(5001, receivedDaysLater: 1000)], Ct);
        var now = FiveYearsOn.AddDays(2);

        var result = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((1200, 3), (result.RetentionPeriod, result.Transactions));
        Assert.Equal([Sample.Key(5000), Sample.Key(5001)], (await store.GetReportsAsync(Ct)).Select(r => r.IdempotencyKey));
        Assert.Equal(1200, await CountAsync("SELECT COUNT(*) FROM purge_log"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(DISTINCT run_id) FROM purge_log"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM report_receipts"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM decision_log"));

        var again = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((0, 0), (again.Total, again.Transactions));
        Assert.Equal(1200, await CountAsync("SELECT COUNT(*) FROM purge_log"));
    }

    [Fact]
    public async Task ThePeriodsAreConfigurableAndInvalidOnesAreRejectedWithTheirPath()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1)], Ct);
        var shorter = new RetentionOptions { RetentionPeriod = TimeSpan.FromDays(90), NotIseSarPeriod = TimeSpan.FromDays(30) };

        Assert.Equal(["90 days since received, not re-validated"], (await store.PlanPurgeAsync(shorter, Sample.Start.AddDays(91), Ct)).Select(c => c.Rule));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            store.PlanPurgeAsync(new RetentionOptions { NotIseSarPeriod = TimeSpan.FromDays(2000) }, Sample.Start, Ct));
        Assert.Contains("Retention:NotIseSarPeriod must be at most Retention:RetentionPeriod", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retention:RetentionPeriod must be greater than zero",
            string.Join(";", RetentionOptionsValidator.Check(new RetentionOptions { RetentionPeriod = TimeSpan.Zero })), StringComparison.Ordinal);
        Assert.Contains("Retention:BatchSize", string.Join(";", RetentionOptionsValidator.Check(new RetentionOptions { BatchSize = 0 })), StringComparison.Ordinal);
        Assert.Empty(RetentionOptionsValidator.Check(Defaults));
    }

    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());

    private static string AlertId(int n) => "alert:" + Sample.Key(n);

    private static string Db(DateTimeOffset t) => t.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sample write n (an alert when n is even), received <paramref name="receivedDaysLater"/> days after the sample's time.</summary>
    private static ReportWrite Write(int n, int receivedDaysLater = 0)
    {
        var write = Sample.Write(n);
        return write with { Report = write.Report with { ReceivedAt = write.Report.ReceivedAt.AddDays(receivedDaysLater) } };
    }

    private async Task<Dictionary<string, long>> CountsAsync(string key)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in ReportTables)
        {
            counts[table] = await CountAsync($"SELECT COUNT(*) FROM {table} WHERE {(table is "decision_log" or "report_labels" ? "report_key" : "idempotency_key")} = '{key}'");
        }
        counts["alerts"] = await CountAsync($"SELECT COUNT(*) FROM alerts WHERE report_key = '{key}'");
        return counts;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using DbConnection connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
