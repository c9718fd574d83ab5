using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts;

namespace Pipeline.Kafka;

/// <summary>
/// A consumed message, or one record of it, to dead-letter. A message may carry several records
/// (CSV rows, a JSON array, an XML document); when only some of them are rejected, each is
/// dead-lettered on its own with <paramref name="RecordIndex"/> and its own <paramref name="Payload"/>.
/// </summary>
/// <param name="Record">The message as it was consumed; its topic, partition, offset and key travel with the dead letter.</param>
/// <param name="DeadLetterTopic">Where to publish it.</param>
/// <param name="FeedId">The feed it belongs to.</param>
/// <param name="Rejection">Why.</param>
/// <param name="RecordIndex">
/// Position of the rejected record within the message, from 0, written as the
/// <see cref="DeadLetterHeaders.OriginalRecord"/> header; null when the message as a whole is rejected.
/// </param>
/// <param name="Payload">
/// The bytes to keep instead of the whole message value (the rejected record's own text); null keeps
/// the message value. Either way the kept bytes are capped by <see cref="KafkaOptions.DeadLetterMaxPayloadBytes"/>
/// and <see cref="DeadLetterHeaders.OriginalSize"/> is the size of these bytes before the cap.
/// </param>
public sealed record DeadLetter(
    ConsumeResult<byte[]?, byte[]> Record,
    string DeadLetterTopic,
    string FeedId,
    Rejection Rejection,
    int? RecordIndex = null,
    byte[]? Payload = null);

/// <summary>
/// Publishes rejected records to a dead-letter topic with headers that say where they came from
/// and why they were rejected, so that nothing is dropped silently and every record can be replayed.
/// </summary>
public sealed class DeadLetterPublisher(KafkaProducer producer, KafkaOptions options, TimeProvider time, ILogger<DeadLetterPublisher> logger)
{
    private static readonly Counter<long> DeadLettered = KafkaMetrics.Meter.CreateCounter<long>(
        "pipeline.records.dead_lettered", unit: "{record}", description: "Records published to a dead-letter topic, by stage and feed.");

    /// <summary>Builds the dead-letter message without sending it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DeadLetter.RecordIndex"/> is negative.</exception>
    public OutgoingMessage Build(DeadLetter deadLetter)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var (record, deadLetterTopic, feedId, rejection, recordIndex, recordPayload) = deadLetter;
        if (recordIndex is { } index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(deadLetter) + "." + nameof(DeadLetter.RecordIndex));
        }
        var payload = recordPayload ?? record.Message.Value ?? [];
        var cap = options.DeadLetterMaxPayloadBytes;
        var truncated = payload.Length > cap;
        var headers = new Headers()
            .AddString(DeadLetterHeaders.Stage, rejection.Stage)
            .AddString(DeadLetterHeaders.Reason, rejection.Reason)
            .AddString(DeadLetterHeaders.Feed, feedId)
            .AddString(DeadLetterHeaders.OriginalTopic, record.Topic)
            .AddString(DeadLetterHeaders.OriginalPartition, record.Partition.Value.ToString(CultureInfo.InvariantCulture))
            .AddString(DeadLetterHeaders.OriginalOffset, record.Offset.Value.ToString(CultureInfo.InvariantCulture))
            .AddString(DeadLetterHeaders.Time, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture))
            .AddString(DeadLetterHeaders.OriginalSize, payload.Length.ToString(CultureInfo.InvariantCulture))
            .AddString(DeadLetterHeaders.Truncated, truncated ? "true" : "false");
        if (rejection.Field is not null)
        {
            headers.AddString(DeadLetterHeaders.Field, rejection.Field);
        }
        if (recordIndex is not null)
        {
            headers.AddString(DeadLetterHeaders.OriginalRecord, recordIndex.Value.ToString(CultureInfo.InvariantCulture));
        }
        var value = truncated ? payload.AsSpan(0, cap).ToArray() : payload;
        return new OutgoingMessage(deadLetterTopic, record.Message.Key, value, headers);
    }

    /// <summary>Publishes dead letters and waits for their acknowledgement, then counts and logs them.</summary>
    public async Task PublishAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (deadLetters.Count == 0)
        {
            return;
        }
        await producer.PublishAllAsync([.. deadLetters.Select(Build)], cancellationToken).ConfigureAwait(false);
        foreach (var (record, topic, feedId, rejection, recordIndex, _) in deadLetters)
        {
            DeadLettered.Add(1, new KeyValuePair<string, object?>("stage", rejection.Stage), new KeyValuePair<string, object?>("feed", feedId));
            if (recordIndex is { } index)
            {
                DeadLetterLog.RecordDeadLettered(logger, index, record.Topic, record.Partition.Value, record.Offset.Value, topic, rejection.Stage, rejection.Reason);
            }
            else
            {
                DeadLetterLog.DeadLettered(logger, record.Topic, record.Partition.Value, record.Offset.Value, topic, rejection.Stage, rejection.Reason);
            }
        }
    }
}
