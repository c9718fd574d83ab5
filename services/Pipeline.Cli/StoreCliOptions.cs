using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>The options every verb that reads or writes a deployment's store shares, defined once.</summary>
internal static class StoreCliOptions
{
    public static Option<string?> Database() => new("--database")
    {
        Description = "SQLite database file (default: PIPELINE_Store__ConnectionString, else the worker's data/pipeline.db).",
    };

    public static Option<string?> SqlServer() => new("--sqlserver")
    {
        Description = "SQL Server connection string, instead of SQLite.",
    };

    /// <summary>
    /// The store named by the options or the environment, migrated to this version's schema; null
    /// (with the reason on standard error) when a named SQLite file does not exist, so that a typo
    /// never creates an empty database, unless <paramref name="createSqlite"/> (for verbs that write).
    /// </summary>
    public static async Task<PipelineStore?> OpenAsync(string? database, string? sqlServer, CancellationToken cancellationToken, bool createSqlite = false)
    {
        StoreOptions options;
        if (!string.IsNullOrWhiteSpace(sqlServer))
        {
            options = new StoreOptions { Provider = StoreProvider.SqlServer, ConnectionString = sqlServer };
        }
        else if (!string.IsNullOrWhiteSpace(database))
        {
            if (!createSqlite && !File.Exists(database))
            {
                Console.Error.WriteLine($"no store at {database}: run the worker or the demo first, or pass --database");
                return null;
            }
            options = new StoreOptions { ConnectionString = $"Data Source={database}" };
        }
        else
        {
            var provider = Enum.TryParse<StoreProvider>(Environment.GetEnvironmentVariable("PIPELINE_Store__Provider"), ignoreCase: true, out var p) ? p : StoreProvider.Sqlite;
            var connection = Environment.GetEnvironmentVariable("PIPELINE_Store__ConnectionString");
            options = new StoreOptions { Provider = provider, ConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection };
            if (!createSqlite && provider == StoreProvider.Sqlite && options.ConnectionString is null && !File.Exists(Path.Combine("data", "pipeline.db")))
            {
                Console.Error.WriteLine("no store at data/pipeline.db: run the worker first, or pass --database (the demo's is data/demo.db)");
                return null;
            }
        }
        var store = PipelineStore.Create(options, TimeProvider.System, NullLogger<PipelineStore>.Instance);
        await store.MigrateAsync(cancellationToken);
        return store;
    }
}
