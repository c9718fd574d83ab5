using Microsoft.Extensions.Logging;

namespace Pipeline.Kafka;

internal static partial class DevelopmentBrokerLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Development Kafka broker started: {BrokerCount} broker(s) at {BootstrapServers} (librdkafka mock cluster, in memory)")]
    public static partial void Started(ILogger logger, int brokerCount, string bootstrapServers);
}

internal static partial class ConsumerLoopLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Consumer {Loop} subscribed to {Topics} in group {GroupId}")]
    public static partial void Subscribed(ILogger logger, string loop, TopicList topics, string groupId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Consumer {Loop} assigned {Partitions}")]
    public static partial void Assigned(ILogger logger, string loop, PartitionList partitions);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Consumer {Loop} revoked {Partitions}")]
    public static partial void Revoked(ILogger logger, string loop, PartitionList partitions);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Consumer {Loop} lost {Partitions}; their uncommitted messages will be redelivered to the new owner")]
    public static partial void Lost(ILogger logger, string loop, PartitionList partitions);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Consumer {Loop}: offset gap on {Topic}[{Partition}]: expected offset {Expected}, got {Actual}; {Missing} message(s) were never consumed (retention or truncation passed them by)")]
    public static partial void OffsetGap(ILogger logger, string loop, string topic, int partition, long expected, long actual, long missing);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Consumer {Loop}: batch of {Count} failed (attempt {Attempt}); partitions paused, retrying in {DelayMs} ms")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string loop, int count, int attempt, long delayMs);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Consumer {Loop}: batch succeeded after {Attempt} attempts; partitions resumed")]
    public static partial void BatchRecovered(ILogger logger, string loop, int attempt);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Consumer {Loop}: Kafka error {Code}: {Reason}")]
    public static partial void KafkaError(ILogger logger, string loop, string code, string reason);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Information, Message = "Consumer {Loop} closed")]
    public static partial void Closed(ILogger logger, string loop);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "Consumer {Loop} failed outside a batch; retrying in {DelayMs} ms")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop, long delayMs);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Consumer {Loop} could not finish its last batch of {Count} while stopping; those records will be redelivered")]
    public static partial void DrainFailed(ILogger logger, Exception exception, string loop, int count);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Consumer {Loop} stopped by the fault-injection seam after the batch's effects and before its offsets")]
    public static partial void FaultInjected(ILogger logger, string loop);
}

internal static partial class DeadLetterLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Dead-lettered {OriginalTopic}[{Partition}]@{Offset} to {DeadLetterTopic} at stage {Stage}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string originalTopic, int partition, long offset, string deadLetterTopic, string stage, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Dead-lettered record {Record} of {OriginalTopic}[{Partition}]@{Offset} to {DeadLetterTopic} at stage {Stage}: {Reason}")]
    public static partial void RecordDeadLettered(ILogger logger, int record, string originalTopic, int partition, long offset, string deadLetterTopic, string stage, string reason);
}
