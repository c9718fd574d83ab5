using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;
using Pipeline.Geo.Geocoding;
using Pipeline.Kafka;
using Pipeline.Storage;

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
    IReportPlacer geocoding,
    PipelineStore store,
    TimeProvider time,
    ILogger<IngestBatchHandler> logger) : IBatchHandler
{
    /// <summary>Header on normalized reports: the raw record's publication time, Unix milliseconds.</summary>
    public const string RawTimestampHeader = "pipeline.raw.timestamp";

    /// <summary>Header on normalized reports: the version of the feed definition that mapped it.</summary>
    public const string DefinitionVersionHeader = "pipeline.feed.version";

    public async Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var receivedAt = time.GetUtcNow();
        // Every raw message is kept, rejected or not (a replay after a fix needs the rejected ones
        // most), archived while the batch is mapped, geocoded and published; the batch ends, and
        // its offsets commit, only once the archive holds it (a crash before that re-reads the
        // batch, and archiving again changes nothing). A report can so be stored a moment before
        // its raw record, never without it for longer than the archive's retries.
        var definitions = new FeedDefinition?[batch.Count];
        var hashes = new string[batch.Count];
        var archive = new List<RawRecordWrite>(batch.Count);
        for (var m = 0; m < batch.Count; m++)
        {
            if ((definitions[m] = feeds.DefinitionFor(batch[m].Topic)) is { } feed)
            {
                hashes[m] = RawRecordHash.Compute(batch[m].Message.Value);
                archive.Add(LineageEvents.Archive(batch[m], feed.Id, hashes[m], receivedAt));
            }
        }
        // On a thread of its own: compression and SQLite's writes run synchronously inside their async calls.
        var archiving = Task.Run(() => ArchiveAsync(archive, cancellationToken), cancellationToken);
        try
        {
            await MapPlaceAndPublishAsync(batch, definitions, hashes, archiving, receivedAt, started, cancellationToken);
        }
        catch
        {
            // Whatever failed first, the archive's own outcome is observed before the batch fails.
            await Task.WhenAny(archiving);
            _ = archiving.Exception;
            throw;
        }
    }

    private async Task MapPlaceAndPublishAsync(
        IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, FeedDefinition?[] definitions, string[] hashes, Task archiving, DateTimeOffset receivedAt, long started, CancellationToken cancellationToken)
    {
        var accepted = new List<Accepted>(batch.Count);
        var rejected = new List<DeadLetter>();
        var tallies = new Dictionary<string, FeedTally>(StringComparer.Ordinal);
        for (var m = 0; m < batch.Count; m++)
        {
            var message = batch[m];
            var definition = definitions[m];
            if (definition is null)
            {
                // Subscribed topics come from the catalogue, so this is a configuration change mid-flight.
                WorkerLog.UnknownTopic(logger, message.Topic);
                rejected.Add(new DeadLetter(message, topics.NormalizedReportsDeadLetter, "unknown", new Rejection(Rejection.IngestStage, $"no feed is configured for topic {message.Topic}")));
                continue;
            }
            var feedTag = new KeyValuePair<string, object?>("feed", definition.Id);
            var timestamp = message.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture);
            var sha256 = hashes[m];
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
                    accepted.Add(new Accepted(report, timestamp, definition.Version, message, record, records.Count, sha256));
                    tally.Accepted++;
                }
                else
                {
                    rejected.Add(DeadLetterOf(message, record, records.Count, definition.Id, record.Result.Rejection!));
                    WorkerMetrics.RecordsRejected.Add(1, feedTag, new KeyValuePair<string, object?>("stage", Rejection.IngestStage));
                    tally.Rejected++;
                }
            }
        }
        started = WorkerMetrics.Stage(time, "ingest", "map", started);
        var mappedAt = time.GetUtcNow();
        // Placed after mapping and before keying: the partition key is the report's geo cell.
        var placed = await PlaceAsync(accepted, rejected, tallies, cancellationToken);
        started = WorkerMetrics.Stage(time, "ingest", "geocode", started);
        var geocodedAt = time.GetUtcNow();
        var normalized = new List<OutgoingMessage>(placed.Count);
        foreach (var (source, location) in placed)
        {
            var report = source.Report with { Location = ReportPlacement.Apply(source.Report.Location, location) };
            WorkerMetrics.RecordsNormalized.Add(1, new KeyValuePair<string, object?>("feed", report.FeedId));
            LineageEvent[] lineage =
            [
                LineageEvents.Received(source.Message, source.Record.Index, source.RecordsInMessage, source.Sha256, receivedAt),
                LineageEvents.Mapped(report, source.Version, mappedAt),
                LineageEvents.Geocoded(report.Location, geocodedAt),
            ];
            normalized.Add(new OutgoingMessage(
                topics.NormalizedReports,
                PartitionKeys.Utf8For(report),
                ContractSerializer.Serialize(report),
                new Headers()
                    .AddString(RawTimestampHeader, source.Timestamp)
                    .AddString(DefinitionVersionHeader, source.Version)
                    .AddString(LineageEvents.Header, LineageEvents.ToHeader(lineage))));
        }
        await producer.PublishAllAsync(normalized, cancellationToken);
        await deadLetters.PublishAsync(rejected, cancellationToken);
        WorkerMetrics.Stage(time, "ingest", "publish", started);
        await archiving;
        // Counted once the batch's outputs are acknowledged, so a retried batch is not counted twice.
        foreach (var (feedId, tally) in tallies)
        {
            health.Ingested(feedId, tally.RecordsIn, tally.Accepted, tally.Rejected, tally.UnknownFields, tally.Newest);
        }
    }

    // Its own stage in the metrics, beside the map, geocode and publish stages. A database outage or lock is waited out here rather than failing the batch: its reports may
    // already be published, and a retried batch would publish them again. The loop consumes
    // nothing more meanwhile, and the batch's offsets commit once the archive holds it.
    private async Task ArchiveAsync(List<RawRecordWrite> archive, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await store.ArchiveRawAsync(archive, cancellationToken);
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException && store.DataRefusal(e) is null && !cancellationToken.IsCancellationRequested)
            {
                WorkerLog.ArchiveRetrying(logger, archive.Count, e.GetType().Name, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
        WorkerMetrics.Stage(time, "ingest", "archive", started);
    }

    // The whole batch in one call (one cache read, one cache write). The chain already turns a
    // provider's failure into "not found"; anything else it throws for a batch is either transient
    // (the cache's database, I/O: rethrown, so the batch is retried) or caused by one record, which
    // placing the records one at a time finds and dead-letters while the others go on.
    private async Task<List<(Accepted Record, PlacedLocation Location)>> PlaceAsync(
        List<Accepted> accepted, List<DeadLetter> rejected, Dictionary<string, FeedTally> tallies, CancellationToken cancellationToken)
    {
        try
        {
            var all = await geocoding.PlaceAllAsync([.. accepted.Select(Request)], cancellationToken);
            return [.. accepted.Select((a, i) => (a, all[i]))];
        }
        catch (Exception e) when (!IsTransient(e))
        {
            WorkerLog.BatchGeocodingFailed(logger, e.GetType().Name, accepted.Count);
        }
        var placed = new List<(Accepted, PlacedLocation)>(accepted.Count);
        var failed = new List<(Accepted Record, Exception Error)>();
        foreach (var one in accepted)
        {
            try
            {
                placed.Add((one, (await geocoding.PlaceAllAsync([Request(one)], cancellationToken))[0]));
            }
            catch (Exception e) when (!IsTransient(e))
            {
                failed.Add((one, e));
            }
        }
        if (placed.Count == 0 && failed.Count > 1)
        {
            // Not one record could be placed: the geocoder is broken, not the records. Retry the batch.
            throw new InvalidOperationException($"the geocoder failed for every one of {failed.Count} records", failed[0].Error);
        }
        foreach (var (one, error) in failed)
        {
            var feedId = one.Report.FeedId;
            // The exception's type only: a parser's message may quote the address.
            WorkerLog.ReportGeocodingFailed(logger, error.GetType().Name, feedId, one.Message.Partition.Value, one.Message.Offset.Value);
            rejected.Add(DeadLetterOf(one.Message, one.Record, one.RecordsInMessage, feedId, new Rejection(Rejection.IngestStage, $"geocoding failed: {error.GetType().Name}")));
            WorkerMetrics.RecordsRejected.Add(1, new KeyValuePair<string, object?>("feed", feedId), new KeyValuePair<string, object?>("stage", Rejection.IngestStage));
            if (tallies.TryGetValue(feedId, out var tally))
            {
                tally.Accepted--;
                tally.Rejected++;
            }
        }
        return placed;
    }

    private static GeocodeRequest Request(Accepted accepted) => ReportPlacement.RequestFor(accepted.Report);

    // Outages and shutdown, not the record: the batch is retried.
    private static bool IsTransient(Exception e) =>
        e is System.Data.Common.DbException or IOException or TimeoutException or HttpRequestException or OperationCanceledException or ObjectDisposedException;

    // A message of several records dead-letters each bad record on its own, with its own text.
    private DeadLetter DeadLetterOf(ConsumeResult<byte[]?, byte[]> message, MappedRecord record, int recordsInMessage, string feedId, Rejection rejection)
    {
        var ownText = recordsInMessage > 1 && record.RawText is not null ? Encoding.UTF8.GetBytes(record.RawText) : null;
        return new DeadLetter(message, topics.FeedDeadLetter(feedId), feedId, rejection, record.Index, ownText);
    }

    private sealed record Accepted(Report Report, string Timestamp, string Version, ConsumeResult<byte[]?, byte[]> Message, MappedRecord Record, int RecordsInMessage, string Sha256);

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
