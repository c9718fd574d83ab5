using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Pipeline.Storage;

/// <summary>The database engine behind <see cref="PipelineStore"/>.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (the default; runs everywhere).</summary>
    Sqlite,

    /// <summary>Microsoft SQL Server (or Azure SQL).</summary>
    SqlServer,
}

/// <summary>Where and how the pipeline stores reports, decisions and alerts. Bound from the <c>Store</c> section.</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Store";

    /// <summary>The SQLite connection string used when none is configured: a file under <c>data/</c>, relative to the current directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/pipeline.db";

    /// <summary>Which database engine to use.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>
    /// The ADO.NET connection string. Optional for SQLite (defaults to
    /// <see cref="DefaultSqliteConnectionString"/>; the file's directory is created if missing),
    /// required for SQL Server.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Timeout of each database command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQLite only: how often the worker checkpoints the write-ahead log in the background (a
    /// passive checkpoint, which never waits for or blocks a writer), so that the Process role's
    /// commits do not pay for it; zero leaves it to SQLite's automatic checkpoint at 64 MB of log.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="StoreOptions"/>; register it with <c>ValidateOnStart</c> so bad configuration fails at start-up.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    private static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its configuration path; empty when they are valid.</summary>
    internal static List<string> Check(StoreOptions options)
    {
        var s = StoreOptions.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s}:Provider must be {nameof(StoreProvider.Sqlite)} or {nameof(StoreProvider.SqlServer)} (was {(int)options.Provider})"));
        }
        if (options.CheckpointInterval < TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:CheckpointInterval must not be negative (was {options.CheckpointInterval})"));
        }
        if (options.CommandTimeout <= TimeSpan.Zero || options.CommandTimeout > MaxCommandTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s}:CommandTimeout must be greater than zero and at most {MaxCommandTimeout} (was {options.CommandTimeout})"));
        }

        switch (options.Provider)
        {
            case StoreProvider.SqlServer when string.IsNullOrWhiteSpace(options.ConnectionString):
                failures.Add($"{s}:ConnectionString is required when {s}:Provider is {nameof(StoreProvider.SqlServer)}");
                break;
            case StoreProvider.SqlServer:
                // The builder's own message is not repeated: it may echo part of a secret.
                if (!TryParse(() => new SqlConnectionStringBuilder(options.ConnectionString)))
                {
                    failures.Add($"{s}:ConnectionString is not a valid SQL Server connection string");
                }
                break;
            case StoreProvider.Sqlite when !string.IsNullOrWhiteSpace(options.ConnectionString):
                if (!TryParse(() => new SqliteConnectionStringBuilder(options.ConnectionString)))
                {
                    failures.Add($"{s}:ConnectionString is not a valid SQLite connection string");
                }
                break;
            default:
                break;
        }
        return failures;
    }

    private static bool TryParse(Func<object> parse)
    {
        try
        {
            return parse() is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
