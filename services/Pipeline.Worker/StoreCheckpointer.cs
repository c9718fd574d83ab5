using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>
/// Checkpoints the SQLite write-ahead log every <see cref="StoreOptions.CheckpointInterval"/> on a
/// connection of its own, passively (it never waits for or blocks the Process role's writes), so
/// that the Process role's commits do not pay for checkpoints. Does nothing on SQL Server.
/// </summary>
internal sealed partial class StoreCheckpointer(PipelineStore store, IOptions<StoreOptions> options, TimeProvider time, ILogger<StoreCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero || options.Value.Provider != StoreProvider.Sqlite)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.CheckpointAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed checkpoint only lets the log grow until the next one (or SQLite's own at 64 MB).
                    CheckpointFailed(logger, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Background checkpoint of the store failed ({ExceptionType}); the next one retries")]
    private static partial void CheckpointFailed(ILogger logger, string exceptionType);
}
