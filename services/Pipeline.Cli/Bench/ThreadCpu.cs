using System.Globalization;

namespace Pipeline.Cli.Bench;

/// <summary>
/// CPU time of this process's threads by name, from <c>/proc/self/task</c> (Linux). The benchmark
/// uses it to show how much of the machine the in-process development broker took: librdkafka's
/// mock cluster runs on one thread, <c>rdk:mock</c>, and finds each fetched offset by walking the
/// partition's message sets from the oldest, so its cost grows with every message set a run adds
/// (a real cluster runs on machines of its own).
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The development broker's thread.</summary>
    public const string DevelopmentBrokerThread = "rdk:mock";

    // Linux reports thread times in USER_HZ clock ticks, 100 per second on every architecture it supports.
    private const double TicksPerSecond = 100;

    /// <summary>User and system CPU time of the threads named <paramref name="threadName"/>, or null where /proc cannot tell.</summary>
    public static TimeSpan? Of(string threadName)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }
        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName
                    && Ticks(File.ReadAllText(Path.Combine(task, "stat"))) is { } used)
                {
                    ticks += used;
                }
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// utime + stime of one <c>/proc/…/stat</c> line: its 14th and 15th fields. The 2nd field, the
    /// thread's name in parentheses, may itself hold spaces and parentheses, so fields are counted
    /// from the last ')'. Null for a line that does not parse.
    /// </summary>
    internal static long? Ticks(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }
        // After the name: field 3 (state) is at index 0, so fields 14 and 15 are at 11 and 12.
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? user + system
            : null;
    }
}
