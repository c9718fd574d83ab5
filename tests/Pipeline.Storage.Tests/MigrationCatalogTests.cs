using System.Text.RegularExpressions;

namespace Pipeline.Storage.Tests;

public sealed partial class MigrationCatalogTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("sqlserver")]
    public void EachDialectEmbedsTheSameVersionedMigrationsInOrder(string dialect)
    {
        var migrations = MigrationCatalog.For(dialect);

        Assert.Equal(
            [(1, "0001_initial.sql"), (2, "0002_decision_outcome.sql"), (3, "0003_record_within_message.sql"), (4, "0004_feed_health.sql"), (5, "0005_geocoding.sql"), (6, "0006_report_versions.sql"), (7, "0007_incidents.sql"), (8, "0008_models.sql"), (9, "0009_fairness_reports.sql"), (10, "0010_watch_desk.sql"), (11, "0011_alert_changes.sql"), (12, "0012_retention.sql"), (13, "0013_lineage.sql"), (14, "0014_write_path_indexes.sql")],
            migrations.Select(m => (m.Version, m.FileName)));
        Assert.All(migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Fact]
    public void BothDialectsEndWithTheSameTablesAndIndexes()
    {
        var sqlite = FinalSchema("sqlite");
        var sqlServer = FinalSchema("sqlserver");

        Assert.Equal(sqlite.Tables, sqlServer.Tables);
        Assert.Equal(sqlite.Indexes, sqlServer.Indexes);
        Assert.Equal(26, sqlite.Tables.Count);
        // SQLite's rebuild of alerts (0010) must bring back the old table's indexes it keeps.
        Assert.Contains("ix_alerts_incident", sqlite.Indexes);
        Assert.Contains("ix_alerts_top_category", sqlite.Indexes);
        Assert.DoesNotContain("ix_alerts_status_priority", sqlite.Indexes);
        Assert.Contains("ix_alerts_queue", sqlite.Indexes);
        Assert.DoesNotContain(sqlite.Tables, t => t.StartsWith("alerts_", StringComparison.Ordinal));
        // SQLite's rebuild of alert_history (0012) must bring back its index.
        Assert.Contains("ix_alert_history_alert", sqlite.Indexes);
        Assert.DoesNotContain(sqlite.Tables, t => t.StartsWith("alert_history_", StringComparison.Ordinal));
        // SQLite's rebuild of report_receipts (0003) must bring back the index that went with the old table.
        Assert.Contains("ix_report_receipts_idempotency_key", sqlite.Indexes);
        Assert.DoesNotContain(sqlite.Tables, t => t.StartsWith("report_receipts_", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSqlServerRecordMigrationNamesTheNewColumnOnlyInABatchAfterTheOneThatAddsIt()
    {
        var batches = MigrationCatalog.For("sqlserver").Single(m => m.Version == 3).Batches;

        Assert.Equal(2, batches.Count);
        Assert.Contains("dbo.report_receipts ADD\n    origin_record int NOT NULL", batches[0], StringComparison.Ordinal);
        Assert.Contains("dbo.reports ADD\n    origin_record int NOT NULL", batches[0], StringComparison.Ordinal);
        Assert.DoesNotContain("PRIMARY KEY", batches[0], StringComparison.Ordinal);
        Assert.Contains("DROP CONSTRAINT pk_report_receipts;", batches[1], StringComparison.Ordinal);
        Assert.Contains(
            "ADD CONSTRAINT pk_report_receipts\n    PRIMARY KEY CLUSTERED (origin_topic, origin_partition, origin_offset, origin_record)",
            batches[1],
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheSqlServerScriptPutsProtectedAttributesInTheAuditSchemaInItsOwnBatch()
    {
        var batches = MigrationCatalog.For("sqlserver").Single(m => m.Version == 1).Batches;

        Assert.Equal(3, batches.Count);
        Assert.Contains(batches, b => StripComments(b).StartsWith("CREATE SCHEMA audit", StringComparison.Ordinal));
        Assert.Contains("CREATE TABLE audit.report_protected_attributes", batches[2], StringComparison.Ordinal);
        Assert.Contains("fairness audit only", string.Concat(batches), StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptsSplitOnlyOnLinesThatAreExactlyGo()
    {
        var script = "CREATE TABLE a (x int);\n  go  \nSELECT 'GO';\n-- GO on with it\nGOTO done;\nGO\n\nGO\n";

        var batches = MigrationCatalog.SplitBatches(script);

        Assert.Equal(["CREATE TABLE a (x int);\n", "SELECT 'GO';\n-- GO on with it\nGOTO done;\n"], batches);
    }

    [Fact]
    public void ChecksumsIgnoreLineEndings()
    {
        var unix = MigrationCatalog.Parse("0002_x.sql", "CREATE TABLE a (x int);\nGO\n");
        var windows = MigrationCatalog.Parse("0002_x.sql", "CREATE TABLE a (x int);\r\nGO\r\n");
        var edited = MigrationCatalog.Parse("0002_x.sql", "CREATE TABLE a (y int);\nGO\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
    }

    [Theory]
    [InlineData("initial.sql")]
    [InlineData("0000_zero.sql")]
    [InlineData("v1_initial.sql")]
    public void AMigrationFileNameWithoutAVersionIsRejected(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MigrationCatalog.Parse(fileName, "SELECT 1;"));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerInsertsHoldTheKeyRangeUntilTheInsertAndCheckEveryUniqueKey()
    {
        var sql = new SqlServerDialect("Server=x;Database=y").InsertIfAbsent(StoreSchema.Alerts);

        Assert.StartsWith("INSERT INTO dbo.alerts (alert_id, report_key,", sql, StringComparison.Ordinal);
        Assert.Contains("NOT EXISTS (SELECT 1 FROM dbo.alerts WITH (UPDLOCK, HOLDLOCK) WHERE alert_id = @alert_id)", sql, StringComparison.Ordinal);
        Assert.Contains("NOT EXISTS (SELECT 1 FROM dbo.alerts WITH (UPDLOCK, HOLDLOCK) WHERE report_key = @report_key)", sql, StringComparison.Ordinal);
        Assert.Contains(
            "WHERE origin_topic = @origin_topic AND origin_partition = @origin_partition AND origin_offset = @origin_offset AND origin_record = @origin_record)",
            new SqlServerDialect("Server=x;Database=y").InsertIfAbsent(StoreSchema.Receipts),
            StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO audit.report_protected_attributes",
            new SqlServerDialect("Server=x;Database=y").InsertIfAbsent(StoreSchema.ProtectedAttributes), StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteInsertsDoNothingOnAnyConflict()
    {
        var sql = new SqliteDialect("Data Source=x.db").InsertIfAbsent(StoreSchema.Reports);

        Assert.EndsWith(") ON CONFLICT DO NOTHING", sql, StringComparison.Ordinal);
    }

    /// <summary>
    /// The tables and indexes a dialect's scripts leave behind, sorted: their CREATE, DROP and
    /// RENAME statements replayed in order (SQLite rebuilds a table to change its primary key).
    /// </summary>
    private static (List<string> Tables, List<string> Indexes) FinalSchema(string dialect)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var indexTables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in MigrationCatalog.For(dialect).SelectMany(m => m.Batches))
        {
            foreach (Match statement in Ddl().Matches(StripComments(batch)))
            {
                var groups = statement.Groups;
                if (groups["created"].Success)
                {
                    Assert.True(tables.Add(groups["created"].Value), $"{dialect}: table {groups["created"].Value} is created twice");
                }
                else if (groups["dropped"].Success)
                {
                    var dropped = groups["dropped"].Value;
                    Assert.True(tables.Remove(dropped), $"{dialect}: table {dropped} is dropped before it exists");
                    // Dropping a table drops its indexes.
                    foreach (var index in indexTables.Where(p => p.Value == dropped).Select(p => p.Key).ToList())
                    {
                        indexTables.Remove(index);
                    }
                }
                else if (groups["from"].Success)
                {
                    var (from, to) = (groups["from"].Value, groups["to"].Value);
                    Assert.True(tables.Remove(from), $"{dialect}: table {from} is renamed before it exists");
                    Assert.True(tables.Add(to), $"{dialect}: table {from} is renamed to {to}, which exists");
                    foreach (var index in indexTables.Where(p => p.Value == from).Select(p => p.Key).ToList())
                    {
                        indexTables[index] = to;
                    }
                }
                else if (groups["droppedIndex"].Success)
                {
                    var dropped = groups["droppedIndex"].Value;
                    Assert.True(indexTables.Remove(dropped), $"{dialect}: index {dropped} is dropped before it exists");
                }
                else
                {
                    var index = groups["index"].Value;
                    Assert.True(indexTables.TryAdd(index, groups["on"].Value), $"{dialect}: index {index} is created twice");
                }
            }
        }
        return ([.. tables.Order(StringComparer.Ordinal)], [.. indexTables.Keys.Order(StringComparer.Ordinal)]);
    }

    private static string StripComments(string batch) =>
        string.Join('\n', batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [GeneratedRegex(
        @"CREATE TABLE (?:\w+\.)?(?<created>\w+)" +
        @"|DROP TABLE (?:\w+\.)?(?<dropped>\w+)" +
        @"|ALTER TABLE (?:\w+\.)?(?<from>\w+) RENAME TO (?<to>\w+)" +
        @"|DROP INDEX (?:\w+\.)?(?<droppedIndex>\w+)" +
        @"|CREATE (?:UNIQUE )?INDEX (?<index>\w+) ON (?:\w+\.)?(?<on>\w+)")]
    private static partial Regex Ddl();
}
