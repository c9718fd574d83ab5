using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;
using Pipeline.Geo.Geocoding;
using Pipeline.Kafka;

namespace Pipeline.Worker;

/// <summary>
/// The Ingest role: raw feed messages → each record mapped by its feed's definition → canonical
/// reports on <see cref="TopicNames.NormalizedReports"/> keyed by coarse geo cell, or dead
/// letters with the reason, the field and the record's own text. Returns once every output is
/// acknowledged by the brokers.
/// </summary>
internal sealed class IngestBatchHandler(
    FeedCatalog feeds,
    TopicNames topics,
    KafkaProducer producer,
    DeadLetterPublisher deadLetters,
    FeedHealthRecorder health,
    GeocodingService geocoding,
    TimeProvider time,
    ILogger<IngestBatchHandler> logger) : IBatchHandler
{
    /// <summary>Header on normalized reports: the raw record's publication time, Unix milliseconds.</summary>
    public const string RawTimestampHeader = "pipeline.raw.timestamp";

    /// <summary>Header on normalized reports: the version of the feed definition that mapped it.</summary>
    public const string DefinitionVersionHeader = "pipeline.feed.version";

    public async Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var accepted = new List<(Report Report, string Timestamp, string Version)>(batch.Count);
        var rejected = new List<DeadLetter>();
        var receivedAt = time.GetUtcNow();
        var tallies = new Dictionary<string, FeedTally>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            var definition = feeds.DefinitionFor(message.Topic);
            if (definition is null)
            {
                // Subscribed topics come from the catalogue, so this is a configuration change mid-flight.
                WorkerLog.UnknownTopic(logger, message.Topic);
                rejected.Add(new DeadLetter(message, topics.NormalizedReportsDeadLetter, "unknown", new Rejection(Rejection.IngestStage, $"no feed is configured for topic {message.Topic}")));
                continue;
            }
            var feedTag = new KeyValuePair<string, object?>("feed", definition.Id);
            var timestamp = message.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture);
            var records = Read(definition, message, receivedAt);
            var tally = tallies.TryGetValue(definition.Id, out var known) ? known : tallies[definition.Id] = new FeedTally();
            tally.Saw(message.Message.Timestamp);
            foreach (var record in records)
            {
                WorkerMetrics.RecordsIn.Add(1, feedTag);
                tally.RecordsIn++;
                if (record.UnknownFields.Count > 0)
                {
                    WorkerMetrics.UnknownFields.Add(record.UnknownFields.Count, feedTag);
                    tally.UnknownFields += record.UnknownFields.Count;
                }
                if (record.Result.Report is { } report)
                {
                    accepted.Add((report, timestamp, definition.Version));
                    WorkerMetrics.RecordsNormalized.Add(1, feedTag);
                    tally.Accepted++;
                }
                else
                {
                    // A message of several records dead-letters each bad record on its own, with its own text.
                    var ownText = records.Count > 1 && record.RawText is not null ? Encoding.UTF8.GetBytes(record.RawText) : null;
                    rejected.Add(new DeadLetter(message, topics.FeedDeadLetter(definition.Id), definition.Id, record.Result.Rejection!, record.Index, ownText));
                    WorkerMetrics.RecordsRejected.Add(1, feedTag, new KeyValuePair<string, object?>("stage", Rejection.IngestStage));
                    tally.Rejected++;
                }
            }
        }
        // Placed after mapping and before keying: the partition key is the report's geo cell.
        var placed = await geocoding.Chain.PlaceAllAsync([.. accepted.Select(a => new GeocodeRequest(a.Report.Location.RawAddress, a.Report.Location.Latitude, a.Report.Location.Longitude))], cancellationToken);
        var normalized = new List<OutgoingMessage>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var (report, timestamp, version) = accepted[i];
            report = report with { Location = Located(report.Location, placed[i]) };
            normalized.Add(new OutgoingMessage(
                topics.NormalizedReports,
                PartitionKeys.Utf8For(report),
                ContractSerializer.Serialize(report),
                new Headers()
                    .AddString(RawTimestampHeader, timestamp)
                    .AddString(DefinitionVersionHeader, version)));
        }
        await producer.PublishAllAsync(normalized, cancellationToken);
        await deadLetters.PublishAsync(rejected, cancellationToken);
        // Counted once the batch's outputs are acknowledged, so a retried batch is not counted twice.
        foreach (var (feedId, tally) in tallies)
        {
            health.Ingested(feedId, tally.RecordsIn, tally.Accepted, tally.Rejected, tally.UnknownFields, tally.Newest);
        }
    }

    private static ReportLocation Located(ReportLocation source, PlacedLocation placed)
    {
        var result = placed.Result;
        return source with
        {
            Latitude = result.Latitude,
            Longitude = result.Longitude,
            Precision = result.Precision,
            Provider = result.Found ? result.Provider : null,
            MatchedAddress = result.MatchedAddress,
            Confidence = result.Found ? result.Confidence : null,
            Jurisdictions = placed.Jurisdictions.Count > 0 ? placed.Jurisdictions : null,
        };
    }

    private sealed class FeedTally
    {
        public long RecordsIn { get; set; }

        public long Accepted { get; set; }

        public long Rejected { get; set; }

        public long UnknownFields { get; set; }

        public DateTimeOffset? Newest { get; private set; }

        public void Saw(Timestamp timestamp)
        {
            if (timestamp.Type != TimestampType.NotAvailable && timestamp.UnixTimestampMs > 0)
            {
                var time = DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs);
                if (Newest is null || time > Newest)
                {
                    Newest = time;
                }
            }
        }
    }

    private IReadOnlyList<MappedRecord> Read(FeedDefinition definition, ConsumeResult<byte[]?, byte[]> message, DateTimeOffset receivedAt)
    {
        try
        {
            var context = new RawRecordContext(new RecordOrigin(message.Topic, message.Partition.Value, message.Offset.Value), receivedAt);
            return definition.Read(message.Message.Value ?? [], context);
        }
#pragma warning disable CA1031 // A reader bug on one message must dead-letter that message, not stop the feed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            WorkerLog.ReaderFailed(logger, e, definition.Id, message.Partition.Value, message.Offset.Value);
            return [new MappedRecord(0, null, FeedReadResult.Rejected($"reader failed: {e.GetType().Name}"), [])];
        }
    }
}
