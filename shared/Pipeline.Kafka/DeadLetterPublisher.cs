using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts;

namespace Pipeline.Kafka;

/// <summary>A consumed record to dead-letter.</summary>
/// <param name="Record">The record as it was consumed.</param>
/// <param name="DeadLetterTopic">Where to publish it.</param>
/// <param name="FeedId">The feed it belongs to.</param>
/// <param name="Rejection">Why.</param>
public sealed record DeadLetter(ConsumeResult<byte[]?, byte[]> Record, string DeadLetterTopic, string FeedId, Rejection Rejection);

/// <summary>
/// Publishes rejected records to a dead-letter topic with headers that say where they came from
/// and why they were rejected, so that nothing is dropped silently and every record can be replayed.
/// </summary>
public sealed class DeadLetterPublisher(KafkaProducer producer, KafkaOptions options, TimeProvider time, ILogger<DeadLetterPublisher> logger)
{
    private static readonly Meter Meter = new("Pipeline.Kafka");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "pipeline.records.dead_lettered", unit: "{record}", description: "Records published to a dead-letter topic, by stage and feed.");

    /// <summary>Builds the dead-letter message without sending it.</summary>
    public OutgoingMessage Build(DeadLetter deadLetter)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var (record, deadLetterTopic, feedId, rejection) = deadLetter;
        var payload = record.Message.Value ?? [];
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
        foreach (var (record, topic, feedId, rejection) in deadLetters)
        {
            DeadLettered.Add(1, new KeyValuePair<string, object?>("stage", rejection.Stage), new KeyValuePair<string, object?>("feed", feedId));
            DeadLetterLog.DeadLettered(logger, record.Topic, record.Partition.Value, record.Offset.Value, topic, rejection.Stage, rejection.Reason);
        }
    }
}
