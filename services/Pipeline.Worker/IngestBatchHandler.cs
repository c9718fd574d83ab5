using System.Globalization;
using Confluent.Kafka;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds;
using Pipeline.Kafka;

namespace Pipeline.Worker;

/// <summary>
/// The Ingest role: raw feed records → canonical reports on <see cref="TopicNames.NormalizedReports"/>
/// keyed by coarse geo cell, or dead letters with the reason. Returns once every output is
/// acknowledged by the brokers.
/// </summary>
internal sealed class IngestBatchHandler(
    FeedCatalog feeds,
    TopicNames topics,
    KafkaProducer producer,
    DeadLetterPublisher deadLetters,
    TimeProvider time,
    ILogger<IngestBatchHandler> logger) : IBatchHandler
{
    /// <summary>Header on normalized reports: the raw record's publication time, Unix milliseconds.</summary>
    public const string RawTimestampHeader = "pipeline.raw.timestamp";

    public async Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var normalized = new List<OutgoingMessage>(batch.Count);
        var rejected = new List<DeadLetter>();
        var receivedAt = time.GetUtcNow();
        foreach (var record in batch)
        {
            var reader = feeds.ReaderFor(record.Topic);
            if (reader is null)
            {
                // Subscribed topics come from the catalogue, so this is a configuration change mid-flight.
                WorkerLog.UnknownTopic(logger, record.Topic);
                rejected.Add(new DeadLetter(record, topics.NormalizedReportsDeadLetter, "unknown", new Rejection(Rejection.IngestStage, $"no feed is configured for topic {record.Topic}")));
                continue;
            }
            var feedTag = new KeyValuePair<string, object?>("feed", reader.Feed.Id);
            WorkerMetrics.RecordsIn.Add(1, feedTag);
            var result = Read(reader, record, receivedAt);
            if (result.Report is { } report)
            {
                normalized.Add(new OutgoingMessage(
                    topics.NormalizedReports,
                    PartitionKeys.Utf8For(report),
                    ContractSerializer.Serialize(report),
                    new Headers().AddString(RawTimestampHeader, record.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture))));
                WorkerMetrics.RecordsNormalized.Add(1, feedTag);
            }
            else
            {
                rejected.Add(new DeadLetter(record, topics.FeedDeadLetter(reader.Feed.Id), reader.Feed.Id, result.Rejection!));
                WorkerMetrics.RecordsRejected.Add(1, feedTag, new KeyValuePair<string, object?>("stage", Rejection.IngestStage));
            }
        }
        await producer.PublishAllAsync(normalized, cancellationToken);
        await deadLetters.PublishAsync(rejected, cancellationToken);
    }

    private FeedReadResult Read(FeedReader reader, ConsumeResult<byte[]?, byte[]> record, DateTimeOffset receivedAt)
    {
        try
        {
            var context = new RawRecordContext(new RecordOrigin(record.Topic, record.Partition.Value, record.Offset.Value), receivedAt);
            return reader.Read(record.Message.Value ?? [], context);
        }
#pragma warning disable CA1031 // A reader bug on one record must dead-letter that record, not stop the feed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            WorkerLog.ReaderFailed(logger, e, reader.Feed.Id, record.Partition.Value, record.Offset.Value);
            return FeedReadResult.Rejected($"reader failed: {e.GetType().Name}");
        }
    }
}
