using Pipeline.Contracts;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.Benchmarks;

/// <summary>The shipped feed definitions and a fixed read context, shared by every benchmark.</summary>
internal static class ShippedFeeds
{
    // After every generated record's time, so that none is rejected as "in the future".
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Loads infra/feeds/<paramref name="fileName"/> the way the worker does.</summary>
    public static FeedDefinition LoadFeed(string fileName) =>
        FeedDefinitionLoader.LoadFile(Path.Combine(Root(), "infra", "feeds", fileName));

    public static RawRecordContext Context(FeedDefinition feed) =>
        new(new RecordOrigin(TopicNames.Default.FeedRaw(feed.Id), 0, 0), ReceivedAt);

    /// <summary>
    /// Reads every message once and fails unless each record is accepted, so that the timings
    /// measure the mapping path, not the rejection path.
    /// </summary>
    public static void ExpectAllAccepted(FeedDefinition feed, IEnumerable<ReadOnlyMemory<byte>> messages, int recordsPerMessage)
    {
        var context = Context(feed);
        foreach (var message in messages)
        {
            var records = feed.Read(message, context);
            if (records.Count != recordsPerMessage)
            {
                throw new InvalidOperationException($"{feed.Id}: a message gave {records.Count} records, expected {recordsPerMessage}");
            }
            if (records.FirstOrDefault(r => r.Result.Report is null) is { } rejected)
            {
                throw new InvalidOperationException($"{feed.Id}: record {rejected.Index} was rejected: {rejected.Result.Rejection?.Reason}");
            }
        }
    }

    // BenchmarkDotNet runs each benchmark from a generated project below this one's bin folder,
    // so walking up from the running assembly finds the repository wherever it is cloned.
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Pipeline.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Pipeline.sln: run the benchmarks from inside the repository");
    }
}
