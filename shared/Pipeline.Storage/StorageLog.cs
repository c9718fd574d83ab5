using Microsoft.Extensions.Logging;

namespace Pipeline.Storage;

/// <summary>
/// Log events of the store. They carry counts, versions, timings and where the data lives, never
/// report content: no narratives, addresses, subjects, vehicles or protected attributes.
/// </summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Store uses {Provider} at {Target}")]
    public static partial void StoreCreated(ILogger logger, StoreProvider provider, string target);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Created data directory {Directory}")]
    public static partial void DataDirectoryCreated(ILogger logger, string directory);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Applied migration {FileName} (version {Version}) in {ElapsedMs} ms")]
    public static partial void MigrationApplied(ILogger logger, string fileName, int version, long elapsedMs);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Database schema is up to date: {Count} migrations already applied")]
    public static partial void MigrationsUpToDate(ILogger logger, int count);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Migration {FileName} was applied by another instance meanwhile")]
    public static partial void MigrationAppliedElsewhere(ILogger logger, string fileName);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Migration {FileName} was changed after it was applied: recorded checksum {Recorded}, embedded checksum {Embedded}")]
    public static partial void MigrationChecksumMismatch(ILogger logger, string fileName, string recorded, string embedded);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Database records migration {FileName} (version {Version}), which this build does not know; it may be newer than this code")]
    public static partial void UnknownMigrationRecorded(ILogger logger, string fileName, int version);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Stored batch of {Count} writes in {ElapsedMs} ms: {NewReports} new, {Duplicates} duplicates, {Redeliveries} redeliveries, {NewAlerts} new alerts")]
    public static partial void BatchWritten(ILogger logger, int count, double elapsedMs, int newReports, int duplicates, int redeliveries, int newAlerts);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Batch of {Count} writes rolled back")]
    public static partial void BatchRolledBack(ILogger logger, int count, Exception exception);

    // No exception: the database's message may quote the refused value (SQL Server 2628 quotes the truncated text).
    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Batch of {Count} writes rolled back: the database refused the data ({Refusal})")]
    public static partial void BatchRefused(ILogger logger, int count, string refusal);
}
