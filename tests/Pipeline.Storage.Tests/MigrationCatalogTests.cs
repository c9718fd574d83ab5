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

        Assert.Equal([(1, "0001_initial.sql"), (2, "0002_decision_outcome.sql")], migrations.Select(m => (m.Version, m.FileName)));
        Assert.All(migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Fact]
    public void BothDialectsCreateTheSameTablesAndIndexes()
    {
        static string[] Names(string dialect, Regex pattern) =>
        [
            .. MigrationCatalog.For(dialect).SelectMany(m => m.Batches)
                .SelectMany(b => pattern.Matches(b).Select(match => match.Groups["name"].Value))
                .Order(StringComparer.Ordinal),
        ];

        Assert.Equal(Names("sqlite", CreateTable()), Names("sqlserver", CreateTable()));
        Assert.Equal(Names("sqlite", CreateIndex()), Names("sqlserver", CreateIndex()));
        Assert.Equal(6, Names("sqlite", CreateTable()).Length);
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
            "WHERE origin_topic = @origin_topic AND origin_partition = @origin_partition AND origin_offset = @origin_offset",
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

    private static string StripComments(string batch) =>
        string.Join('\n', batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [GeneratedRegex(@"CREATE TABLE (?:\w+\.)?(?<name>\w+)")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"CREATE INDEX (?<name>\w+)")]
    private static partial Regex CreateIndex();
}
