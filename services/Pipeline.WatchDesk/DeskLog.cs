using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>Log events of the watch desk: counts and kinds only, never user text, narratives or addresses.</summary>
internal static partial class DeskLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Watch desk store ready ({Provider}); {Applied} migration(s) applied")]
    public static partial void StoreReady(ILogger logger, StoreProvider provider, int applied);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "A first administrator was created; its one-time password was printed to the console")]
    public static partial void FirstAdministratorCreated(ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Could not append a {Action} audit entry")]
    public static partial void AuditFailed(ILogger logger, DeskAuditAction action, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Live-update poll failed; retrying")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Watch desk authentication mode {Mode}")]
    public static partial void AuthenticationMode(ILogger logger, DeskAuthenticationMode mode);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "A stored lineage pass could not be read; the alert detail was served without its lineage")]
    public static partial void LineageUnreadable(ILogger logger);
}
