using System.Text;
using Pipeline.Contracts;
using Pipeline.Feeds.Definitions;
using Pipeline.Feeds.Formats;

namespace Pipeline.Feeds.Tests;

/// <summary>Helpers the feed tests share: the repository's folders, inline definitions, reading messages.</summary>
internal static class FeedTestSupport
{
    /// <summary>When the test messages "arrived": after every sample's occurredAt.</summary>
    public static readonly DateTimeOffset ReceivedAt = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string FeedsFolder => Path.Combine(RepositoryRoot, "infra", "feeds");

    public static string SamplesFolder => Path.Combine(FeedsFolder, "samples");

    public static RawRecordContext Context(DateTimeOffset? receivedAt = null) =>
        new(new RecordOrigin("feeds.test.raw", 2, 41), receivedAt ?? ReceivedAt);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Loads a definition written inline in a test.</summary>
    public static FeedDefinition Definition(string yaml) => FeedDefinitionLoader.Load(yaml, "test.yaml");

    public static IReadOnlyList<MappedRecord> Read(FeedDefinition definition, string message, DateTimeOffset? receivedAt = null) =>
        definition.Read(Utf8(message), Context(receivedAt));

    /// <summary>Reads a one-record message and returns its report, failing with the rejection reason if there is none.</summary>
    public static Report Accepted(FeedDefinition definition, string message)
    {
        var record = Assert.Single(Read(definition, message));
        Assert.True(record.Result.Report is not null, "rejected: " + record.Result.Rejection?.Reason);
        return record.Result.Report;
    }

    /// <summary>Reads a one-record message and returns its rejection, failing if it was accepted.</summary>
    public static Rejection Rejected(FeedDefinition definition, string message)
    {
        var record = Assert.Single(Read(definition, message));
        Assert.Null(record.Result.Report);
        Assert.NotNull(record.Result.Rejection);
        return record.Result.Rejection;
    }

    /// <summary>The records of a message, each checked to be exactly one of record and problem.</summary>
    public static List<ExtractedRecord> Extract(RecordFormat format, byte[] message)
    {
        var records = format.Extract(message).ToList();
        Assert.All(records, r => Assert.True(r.Record is null != r.Problem is null, "a record must have exactly one of Record and Problem"));
        return records;
    }

    public static IReadOnlyList<string> Values(RecordFormat format, ISourceRecord record, string expression) =>
        record.Values(format.Compile(expression));

    // The definitions and samples live in infra/feeds, not in the test project: walk up to the repository.
    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("no folder holding Pipeline.sln above " + AppContext.BaseDirectory);
    }
}
