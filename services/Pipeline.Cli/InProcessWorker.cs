using System.Diagnostics;
using Pipeline.Kafka;

namespace Pipeline.Cli;

/// <summary>What the verbs that run the worker in this process (demo, bench) share.</summary>
internal static class InProcessWorker
{
    /// <summary>
    /// Waits until every consumer loop owns partitions (the development broker delays a group's
    /// first join by 3 s), so that timings start from the first publication, not from the join.
    /// </summary>
    /// <returns>How long the join took.</returns>
    public static async Task<TimeSpan> WaitForConsumersAsync(ConsumerHeartbeats heartbeats, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (heartbeats.All.Count == 0 || heartbeats.All.Any(h => h.AssignedPartitions == 0))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the worker's consumers did not join their groups within 60 s");
            }
            await Task.Delay(50, cancellationToken);
        }
        return clock.Elapsed;
    }

    /// <summary>Deletes a SQLite database with its write-ahead log and shared-memory files.</summary>
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
