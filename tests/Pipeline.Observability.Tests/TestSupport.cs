using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Observability.Tests;

internal static class TestMeters
{
    /// <summary>A meter no other test can see: collectors in these tests use its exact name as their prefix.</summary>
    public static Meter Create() => new($"Pipeline.Test.{Guid.NewGuid():N}");
}

internal static class Exposition
{
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string[] SampleLines(string text) =>
        [.. Lines(text).Where(line => !line.StartsWith('#'))];

    /// <summary>The le values of a histogram's bucket lines, in output order.</summary>
    public static string[] BucketBounds(string text, string metricName) =>
        [.. Lines(text)
            .Where(line => line.StartsWith(metricName + "_bucket{", StringComparison.Ordinal))
            .Select(line =>
            {
                var start = line.IndexOf("le=\"", StringComparison.Ordinal) + 4;
                return line[start..line.IndexOf('"', start)];
            })];
}

internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, EventId EventId, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
