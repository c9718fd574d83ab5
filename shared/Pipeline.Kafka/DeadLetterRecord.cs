using System.Globalization;
using Confluent.Kafka;
using Pipeline.Contracts;

namespace Pipeline.Kafka;

/// <summary>A dead-letter record as read back from a dead-letter topic.</summary>
/// <param name="Stage">Stage that rejected the record.</param>
/// <param name="Reason">Why.</param>
/// <param name="Field">Field at fault, when one was named.</param>
/// <param name="FeedId">Feed of the record.</param>
/// <param name="OriginalTopic">Topic it was consumed from.</param>
/// <param name="OriginalPartition">Partition it was consumed from.</param>
/// <param name="OriginalOffset">Offset of the message it was consumed from.</param>
/// <param name="OriginalRecord">
/// Position of the rejected record within that message, from 0: 0 when the header is absent (the
/// message was rejected whole, or carried one record), -1 when it cannot be read.
/// </param>
/// <param name="OriginalSize">Size in bytes of the payload before any truncation: the rejected record's, or the whole message's.</param>
/// <param name="Truncated">True when <paramref name="Payload"/> is only the head of the original.</param>
/// <param name="Payload">The payload kept.</param>
public sealed record DeadLetterRecord(
    string Stage,
    string Reason,
    string? Field,
    string FeedId,
    string OriginalTopic,
    int OriginalPartition,
    long OriginalOffset,
    int OriginalRecord,
    long OriginalSize,
    bool Truncated,
    byte[] Payload)
{
    /// <summary>Reads the headers of a consumed dead-letter message; null when it has no reason header.</summary>
    public static DeadLetterRecord? From(ConsumeResult<byte[]?, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Message.Headers;
        var reason = headers.GetString(DeadLetterHeaders.Reason);
        if (reason is null)
        {
            return null;
        }
        // A damaged position header reads as unknown (-1): the dead letter itself is still kept.
        var partition = int.TryParse(headers.GetString(DeadLetterHeaders.OriginalPartition), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : -1;
        var offset = long.TryParse(headers.GetString(DeadLetterHeaders.OriginalOffset), NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : -1;
        var recordText = headers.GetString(DeadLetterHeaders.OriginalRecord);
        var recordIndex = recordText is null ? 0
            : int.TryParse(recordText, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : -1;
        var size = long.TryParse(headers.GetString(DeadLetterHeaders.OriginalSize), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return new DeadLetterRecord(
            headers.GetString(DeadLetterHeaders.Stage) ?? "",
            reason,
            headers.GetString(DeadLetterHeaders.Field),
            headers.GetString(DeadLetterHeaders.Feed) ?? "",
            headers.GetString(DeadLetterHeaders.OriginalTopic) ?? "",
            partition,
            offset,
            recordIndex,
            size,
            headers.GetString(DeadLetterHeaders.Truncated) == "true",
            message.Message.Value ?? [])
        {
            Time = DateTimeOffset.TryParse(headers.GetString(DeadLetterHeaders.Time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null,
        };
    }

    /// <summary>When the record was dead-lettered (the dlq.time header), when readable.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>
    /// Identity of the rejected record: a redelivered dead letter has the same one, and two
    /// rejected records of one message have two.
    /// </summary>
    public (string Topic, int Partition, long Offset, int Record) OriginalPosition =>
        (OriginalTopic, OriginalPartition, OriginalOffset, OriginalRecord);
}

/// <summary>
/// Reads dead-letter topics from their beginning (a fresh consumer group each time), for the
/// demo's summary, the command line and tests. Call <see cref="Poll"/> repeatedly.
/// </summary>
public sealed class DeadLetterReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]> _consumer;

    /// <summary>Subscribes to the given dead-letter topics.</summary>
    public DeadLetterReader(KafkaOptions options, string bootstrapServers, IEnumerable<string> topics)
    {
        var config = KafkaClientConfig.Consumer(options, bootstrapServers, $"pipeline.dlq-reader.{Guid.NewGuid():N}", "pipeline-dlq-reader");
        config.EnableAutoCommit = false;
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        _consumer.Subscribe(topics);
    }

    /// <summary>Reads what arrives within <paramref name="wait"/>, returning as soon as the topics go quiet.</summary>
    public IReadOnlyList<DeadLetterRecord> Poll(TimeSpan wait)
    {
        var records = new List<DeadLetterRecord>();
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var message = _consumer.Consume(TimeSpan.FromMilliseconds(records.Count == 0 ? 100 : 20));
            if (message is null)
            {
                if (records.Count > 0)
                {
                    break;
                }
                continue;
            }
            if (DeadLetterRecord.From(message) is { } record)
            {
                records.Add(record);
            }
        }
        return records;
    }

    /// <summary>Closes the consumer.</summary>
    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
