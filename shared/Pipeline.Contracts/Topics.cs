namespace Pipeline.Contracts;

/// <summary>
/// Names of the pipeline's Kafka topics, in one place. A prefix (for example "staging.") lets
/// several deployments, or tests, share one cluster.
/// </summary>
/// <param name="Prefix">Prepended to every topic name; empty by default.</param>
public sealed record TopicNames(string Prefix = "")
{
    /// <summary>The names without a prefix.</summary>
    public static TopicNames Default { get; } = new();

    /// <summary>Canonical reports, keyed by coarse geo cell.</summary>
    public string NormalizedReports => Prefix + "reports.normalized";

    /// <summary>Dead letters of the Process role.</summary>
    public string NormalizedReportsDeadLetter => Prefix + "reports.normalized.dlq";

    /// <summary>Alerts for downstream consumers.</summary>
    public string Alerts => Prefix + "alerts";

    /// <summary>The raw topic of a feed: bytes as the source sent them.</summary>
    /// <param name="feedId">The feed's id.</param>
    /// <param name="configured">
    /// The topic the feed's definition names, when it names one (a source that already publishes
    /// to a topic of its own): used as written, without the prefix.
    /// </param>
    public string FeedRaw(string feedId, string? configured = null) => configured ?? $"{Prefix}feeds.{feedId}.raw";

    /// <summary>The dead-letter topic of a feed.</summary>
    public string FeedDeadLetter(string feedId) => $"{Prefix}feeds.{feedId}.dlq";

    /// <summary>Every topic the pipeline uses for these feeds, with their default raw topics.</summary>
    public IEnumerable<string> AllFor(IEnumerable<string> feedIds)
    {
        ArgumentNullException.ThrowIfNull(feedIds);
        return AllFor(feedIds.Select(id => (id, FeedRaw(id))));
    }

    /// <summary>Every topic the pipeline uses for these feeds, each with its raw topic.</summary>
    public IEnumerable<string> AllFor(IEnumerable<(string FeedId, string RawTopic)> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        foreach (var (feedId, rawTopic) in feeds)
        {
            yield return rawTopic;
            yield return FeedDeadLetter(feedId);
        }
        yield return NormalizedReports;
        yield return NormalizedReportsDeadLetter;
        yield return Alerts;
    }

    /// <summary>Every dead-letter topic for these feeds.</summary>
    public IEnumerable<string> DeadLettersFor(IEnumerable<string> feedIds)
    {
        ArgumentNullException.ThrowIfNull(feedIds);
        return feedIds.Select(FeedDeadLetter).Append(NormalizedReportsDeadLetter);
    }
}

/// <summary>Header names on dead-letter records.</summary>
public static class DeadLetterHeaders
{
    /// <summary>The stage that rejected the record (ingest, process...).</summary>
    public const string Stage = "dlq.stage";

    /// <summary>Human-readable reason.</summary>
    public const string Reason = "dlq.reason";

    /// <summary>Field at fault, when one is.</summary>
    public const string Field = "dlq.field";

    /// <summary>Feed id.</summary>
    public const string Feed = "dlq.feed";

    /// <summary>Topic the record was read from.</summary>
    public const string OriginalTopic = "dlq.original.topic";

    /// <summary>Partition the record was read from.</summary>
    public const string OriginalPartition = "dlq.original.partition";

    /// <summary>Offset the record was read from.</summary>
    public const string OriginalOffset = "dlq.original.offset";

    /// <summary>Position of the rejected record within that message, from 0 (one message may carry several records).</summary>
    public const string OriginalRecord = "dlq.original.record";

    /// <summary>Time the record was dead-lettered, ISO 8601 UTC.</summary>
    public const string Time = "dlq.time";

    /// <summary>Size of the original payload in bytes.</summary>
    public const string OriginalSize = "dlq.original.size";

    /// <summary>"true" when the payload kept here was cut to the configured cap.</summary>
    public const string Truncated = "dlq.truncated";
}

/// <summary>Why a record could not be processed; travels as dead-letter headers.</summary>
/// <param name="Stage">The stage that rejected it: "ingest", "process".</param>
/// <param name="Reason">What was wrong, naming the field; never the field's value (it may be personal data).</param>
/// <param name="Field">The field at fault, when one is.</param>
public sealed record Rejection(string Stage, string Reason, string? Field = null)
{
    /// <summary>The stage name of the Ingest role.</summary>
    public const string IngestStage = "ingest";

    /// <summary>The stage name of the Process role.</summary>
    public const string ProcessStage = "process";
}
