using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A canonical dump of a SQLite store: every table, every row rendered as text with its columns by
/// name, rows sorted ordinally, so that two stores that hold the same data dump equal whatever
/// order or batches wrote them in. Columns that legitimately differ between two correct runs over
/// the same log are left out (see <see cref="RunDependentColumns"/>); everything else, including
/// tables added later, is compared exactly.
/// </summary>
internal static partial class CanonicalDump
{
    /// <summary>
    /// Columns whose values depend on when or by which process a run wrote them, never on the data.
    /// Every one is a worker wall-clock reading (TimeProvider.GetUtcNow at that moment):
    /// <list type="bullet">
    /// <item>schema_migrations.applied_at: when the first worker of the run migrated the file.</item>
    /// <item>reports.received_at, report_receipts.received_at: the clock when Ingest read the batch;
    /// a replay after a kill reads the same message later.</item>
    /// <item>reports.stored_at, report_versions.stored_at: when the Process batch was committed.</item>
    /// <item>decision_log.decided_at, alerts.raised_at and alerts.updated_at: the Process batch's
    /// clock; alerts.due_at is raised_at plus the urgency's SLA, so it moves with it.</item>
    /// <item>incidents.created_at and updated_at, report_links.linked_at, incident_merges.merged_at:
    /// the clock of the batch that linked them.</item>
    /// <item>geocode_cache.cached_at: when a lookup was cached.</item>
    /// <item>models.registered_at and promoted_at, model_promotions.at: when the worker that
    /// started first registered and promoted the bootstrap model (its created_at, the training
    /// time from the model's metadata, is compared).</item>
    /// <item>raw_records.received_at: when Ingest read the message; lineage.recorded_at: when the
    /// pass was committed, and lineage.seq: the write's position in its batch, which depends on
    /// how the run's batches fell.</item>
    /// </list>
    /// Inside values, one field is normalized: report_versions.content is the report as JSON,
    /// whose "receivedAt" is reports.received_at again (see <see cref="NormalizeContent"/>); and
    /// lineage.events, whose events' "at" are the stages' clocks (see <see cref="NormalizeLineage"/>).
    /// Alert and incident ids, wherever they appear, have their arrival-second digits blanked (that
    /// is reports.received_at again, see <see cref="NormalizeIdTimes"/>); their 20 digits of the
    /// report key's hash must match exactly. Origin topic/partition/offset are compared: both runs
    /// read the same log.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> RunDependentColumns = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["schema_migrations"] = new HashSet<string>(StringComparer.Ordinal) { "applied_at" },
        ["reports"] = new HashSet<string>(StringComparer.Ordinal) { "received_at", "stored_at" },
        ["report_receipts"] = new HashSet<string>(StringComparer.Ordinal) { "received_at" },
        ["report_versions"] = new HashSet<string>(StringComparer.Ordinal) { "stored_at" },
        ["decision_log"] = new HashSet<string>(StringComparer.Ordinal) { "decided_at" },
        ["alerts"] = new HashSet<string>(StringComparer.Ordinal) { "raised_at", "updated_at", "due_at" },
        ["incidents"] = new HashSet<string>(StringComparer.Ordinal) { "created_at", "updated_at" },
        ["report_links"] = new HashSet<string>(StringComparer.Ordinal) { "linked_at" },
        ["incident_merges"] = new HashSet<string>(StringComparer.Ordinal) { "merged_at" },
        ["geocode_cache"] = new HashSet<string>(StringComparer.Ordinal) { "cached_at" },
        ["models"] = new HashSet<string>(StringComparer.Ordinal) { "registered_at", "promoted_at" },
        ["model_promotions"] = new HashSet<string>(StringComparer.Ordinal) { "at" },
        ["raw_records"] = new HashSet<string>(StringComparer.Ordinal) { "received_at" },
        ["lineage"] = new HashSet<string>(StringComparer.Ordinal) { "recorded_at", "seq" },
    };

    /// <summary>
    /// Tables left out whole. feed_health_minutes is operational telemetry keyed by wall-clock
    /// minute and by reporter (machine/process id/start time): a killed worker's minutes are cut
    /// short and each restart reports as a new reporter, by design. It holds no report data.
    /// </summary>
    public static readonly IReadOnlySet<string> RunDependentTables = new HashSet<string>(StringComparer.Ordinal) { "feed_health_minutes" };

    /// <summary>Reads the store at <paramref name="path"/> read-only: table name to its sorted rows.</summary>
    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(string path, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        var dump = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !RunDependentTables.Contains(t)))
        {
            dump[table] = await ReadTableAsync(connection, table, ct);
        }
        return dump;
    }

    /// <summary>The first <paramref name="max"/> differences between two dumps, as readable lines; empty when equal.</summary>
    public static List<string> Differences(SortedDictionary<string, List<string>> expected, SortedDictionary<string, List<string>> actual, int max = 20)
    {
        var differences = new List<string>();
        foreach (var table in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            if (!expected.TryGetValue(table, out var want) || !actual.TryGetValue(table, out var got))
            {
                differences.Add($"{table}: only in the {(expected.ContainsKey(table) ? "clean" : "crash")} store");
                continue;
            }
            if (want.Count != got.Count)
            {
                differences.Add($"{table}: {want.Count} row(s) in the clean store, {got.Count} in the crash store");
            }
            // Both lists are sorted: a merge finds the rows only one side has, duplicates included.
            int i = 0, j = 0;
            while ((i < want.Count || j < got.Count) && differences.Count < max)
            {
                var order = i >= want.Count ? 1 : j >= got.Count ? -1 : string.CompareOrdinal(want[i], got[j]);
                if (order == 0)
                {
                    i++;
                    j++;
                }
                else if (order < 0)
                {
                    differences.Add($"{table}: only in the clean store: {Shorten(want[i++])}");
                }
                else
                {
                    differences.Add($"{table}: only in the crash store: {Shorten(got[j++])}");
                }
            }
            if (differences.Count >= max)
            {
                break;
            }
        }
        return differences;
    }

    private static async Task<List<string>> ReadTableAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        var skipped = RunDependentColumns.GetValueOrDefault(table) ?? new HashSet<string>();
        var rows = new List<string>();
        await using var command = connection.CreateCommand();
        // Table names come from sqlite_master of a store the test created, quoted as identifiers.
#pragma warning disable CA2100
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(ct);
        var row = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            row.Clear();
            for (var c = 0; c < reader.FieldCount; c++)
            {
                var name = reader.GetName(c);
                if (skipped.Contains(name))
                {
                    continue;
                }
                var value = Render(reader.GetValue(c));
                value = table == "report_versions" && name == "content" ? NormalizeContent(value) : table == "lineage" && name == "events" ? NormalizeLineage(value) : value;
                row.Append(name).Append('=').Append(NormalizeIdTimes(value)).Append(" | ");
            }
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Blanks the worker's receive time inside a report's JSON; everything else in it is compared.</summary>
    public static string NormalizeContent(string json) => ReceivedAt().Replace(json, "\"receivedAt\":\"*\"");

    [GeneratedRegex("\"receivedAt\":\"[^\"]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex ReceivedAt();

    /// <summary>Blanks each lineage event's time (a stage's clock); stages, order and details are compared.</summary>
    public static string NormalizeLineage(string json) => EventAt().Replace(json, "\"at\":\"*\"");

    [GeneratedRegex("\"at\":\"[^\"]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex EventAt();

    /// <summary>Blanks the arrival-second digits of every alert and incident id (<c>A-</c> or <c>I-</c>, 9 hex digits, 20 hex digits).</summary>
    public static string NormalizeIdTimes(string value) => IdTime().Replace(value, "$1-*********");

    [GeneratedRegex("\\b([AI])-[0-9a-f]{9}(?=[0-9a-f]{20}\\b)", RegexOptions.CultureInvariant)]
    private static partial Regex IdTime();

    private static string Shorten(string row) => row.Length <= 600 ? row : row[..600] + $"... ({row.Length:N0} chars)";

    private static string Render(object value) => value switch
    {
        DBNull => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        byte[] bytes => "x'" + Convert.ToHexString(bytes) + "'",
        string s => "'" + s + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
