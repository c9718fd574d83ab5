using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Confluent.Kafka;
using Pipeline.Contracts;
using Microsoft.Extensions.Options;
using Pipeline.Dedup;
using Pipeline.Kafka;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>
/// The Process role: canonical reports → exact dedup → score → alert decision → one store
/// transaction for the batch → alerts topic. Replays change nothing: every write is an
/// insert-if-absent keyed by the report's idempotency key and the raw record's origin.
/// </summary>
internal sealed class ProcessBatchHandler(
    PipelineStore store,
    FeedCatalog feeds,
    TopicNames topics,
    ReportDecider decider,
    KafkaProducer producer,
    DeadLetterPublisher deadLetters,
    FeedHealthRecorder health,
    IOptions<DedupOptions> dedup,
    IReportLinkerFactory linkers,
    TimeProvider time,
    ILogger<ProcessBatchHandler> logger) : IBatchHandler, IPartitionStateOwner
{
    // One linker per owned partition of reports.normalized: its window and incidents.
    private readonly ConcurrentDictionary<int, IReportLinker> _linkers = new();

    public void OnPartitionsReleased(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            _linkers.TryRemove(tp.Partition.Value, out _);
        }
    }

    public async Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
    {
        try
        {
            await HandleBatchAsync(batch, cancellationToken);
        }
        catch
        {
            // The windows already hold this batch's reports, but the store does not: rebuild them
            // from the store when the batch is retried, so no report links to itself.
            foreach (var partition in batch.Select(r => r.Partition.Value).Distinct())
            {
                _linkers.TryRemove(partition, out _);
            }
            throw;
        }
    }

    private async Task HandleBatchAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var takenAt = time.GetUtcNow();
        var rejected = new List<DeadLetter>();
        var reports = new List<(ConsumeResult<byte[]?, byte[]> Record, Report Report)>(batch.Count);
        foreach (var record in batch)
        {
            try
            {
                var report = ContractSerializer.DeserializeReport(record.Message.Value ?? []);
                if (ReportLimits.FirstViolation(report) is { } violation)
                {
                    rejected.Add(Reject(record, report.FeedId, violation));
                    continue;
                }
                reports.Add((record, report));
            }
            catch (JsonException e)
            {
                rejected.Add(Reject(record, "unknown", $"unreadable normalized report: {e.Message}"));
            }
#pragma warning disable CA1031 // Whatever a hostile message makes the reader throw, it is that message's problem.
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
#pragma warning restore CA1031
            {
                rejected.Add(Reject(record, "unknown", $"unreadable normalized report: {e.GetType().Name}"));
            }
        }

        started = WorkerMetrics.Stage(time, "process", "read", started);
        var stored = await store.FindExistingReportKeysAsync([.. reports.Select(r => r.Report.IdempotencyKey).Distinct(StringComparer.Ordinal)], cancellationToken);
        var isNew = ExactDuplicates.FindNew([.. reports.Select(r => r.Report)], stored);
        started = WorkerMetrics.Stage(time, "process", "dedup", started);
        // Loading a partition's linking window reads the store: before the batch's write
        // transaction begins (on SQL Server a read could wait for that very transaction), and
        // outside the per-report catch, so a database outage fails the batch (retried with
        // backoff, offsets not committed) instead of dead-lettering every report as if each were poison.
        if (dedup.Value.Enabled)
        {
            foreach (var partition in reports.Where((_, i) => isNew[i]).Select(r => r.Record.Partition.Value).Distinct())
            {
                await LinkerForAsync(partition, cancellationToken);
            }
        }
        var loading = time.GetElapsedTime(started);
        var linking = TimeSpan.Zero;
        started = time.GetTimestamp();

        // The store writes each report while the next ones are linked, scored and serialized: one
        // transaction for the batch, its rows written on one core while this one computes on the other.
        var writes = new List<ReportWrite>(reports.Count);
        var sources = new List<ConsumeResult<byte[]?, byte[]>>(reports.Count);
        var toStore = Channel.CreateUnbounded<PreparedWrite>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var storing = reports.Count == 0 ? null : Task.Run(() => store.WriteStreamAsync(toStore.Reader, cancellationToken), cancellationToken);
        var decidedAt = time.GetUtcNow();
        try
        {
            for (var i = 0; i < reports.Count; i++)
            {
                var (record, report) = reports[i];
                var stage = "linking";
                try
                {
                    var hash = ReportContentHash.Compute(report);
                    var ingestLineage = LineageEvents.FromHeader(record.Message.Headers);
                    ReportWrite write;
                    if (!isNew[i])
                    {
                        // Deduplicated or versioned: the store tells which and adds it to the lineage.
                        write = new ReportWrite(report, hash, null, null) { Lineage = ingestLineage };
                    }
                    else
                    {
                        var linkStarted = time.GetTimestamp();
                        var incident = dedup.Value.Enabled ? _linkers[record.Partition.Value].Link(report) : null;
                        linking += time.GetElapsedTime(linkStarted);
                        stage = "scoring";
                        var (decision, alert) = decider.Decide(report, decidedAt, incident?.IncidentId);
                        write = new ReportWrite(report, hash, decision, alert)
                        {
                            Incident = incident,
                            Lineage = [.. ingestLineage, LineageEvents.Linked(incident, decidedAt), LineageEvents.Scored(decision), LineageEvents.Decided(decision, alert)],
                        };
                    }
                    stage = "serializing";
                    var prepared = PreparedWrite.Of(write);
                    writes.Add(write);
                    sources.Add(record);
                    toStore.Writer.TryWrite(prepared);
                }
#pragma warning disable CA1031 // One poison report must be dead-lettered, never stop the partition.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    WorkerLog.ReportStageFailed(logger, e, stage, report.FeedId, record.Partition.Value, record.Offset.Value);
                    rejected.Add(Reject(record, report.FeedId, $"{stage} failed: {e.GetType().Name}"));
                }
            }
            toStore.Writer.Complete();
        }
        catch (Exception e)
        {
            // Not one report's fault (cancellation): roll the batch's transaction back, then fail.
            toStore.Writer.TryComplete(e);
            if (storing is not null)
            {
                await Task.WhenAny(storing);
            }
            throw;
        }

        // Linking and scoring interleave per report: the link time is summed, scoring is the rest.
        var decided = time.GetTimestamp();
        WorkerMetrics.Stage("process", "link", loading + linking);
        WorkerMetrics.Stage("process", "score", time.GetElapsedTime(started, decided) - linking);
        started = decided;
        // The store stage is what remains of the write once the last report is computed.
        var (result, written) = await WriteAsync(storing, writes, sources, rejected, cancellationToken);
        started = WorkerMetrics.Stage(time, "process", "store", started);
        // Committed: from here the desk sees the reports and their alerts.
        RecordLatency(batch, reports, takenAt);
        foreach (var linker in _linkers.Values)
        {
            linker.Evict();
        }
        await deadLetters.PublishAsync(rejected, cancellationToken);
        // The alerts topic is at-least-once: a replayed batch republishes its alerts, and
        // downstream consumers deduplicate by alert id.
        var alerts = written.Select(w => w.Alert).OfType<Alert>();
        if (result.RedeliveredKeys.Count > 0)
        {
            alerts = alerts.Concat(await store.GetPublishedAlertsAsync(RedeliveredAlertIds(reports, result.RedeliveredKeys), cancellationToken));
        }
        await producer.PublishAllAsync([.. alerts.Select(a => new OutgoingMessage(topics.Alerts, System.Text.Encoding.UTF8.GetBytes(a.AlertId), ContractSerializer.Serialize(a)))], cancellationToken);
        WorkerMetrics.Stage(time, "process", "publish", started);
        Record(result, written, rejected);
    }

    // One transaction for the batch. When the database refuses the data of some report (a
    // constraint, a value it cannot hold), retrying the batch would fail forever: the writes go in
    // one at a time instead, and each refused report is dead-lettered with the database's error
    // code. Writes are idempotent, so what a later failure makes the loop retry is not written twice.
    // Any other failure (an outage, a lock) fails the batch, which is retried with backoff.
    private async Task<(BatchWriteResult Result, List<ReportWrite> Written)> WriteAsync(
        Task<BatchWriteResult>? storing, List<ReportWrite> writes, List<ConsumeResult<byte[]?, byte[]>> sources, List<DeadLetter> rejected, CancellationToken cancellationToken)
    {
        try
        {
            return (storing is null ? new BatchWriteResult(0, 0, 0, 0) : await storing, writes);
        }
        catch (Exception e) when (store.DataRefusal(e) is { } refusal)
        {
            WorkerLog.BatchRefusedByStore(logger, writes.Count, refusal);
        }
        var result = new BatchWriteResult(0, 0, 0, 0);
        var written = new List<ReportWrite>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                result = result.Plus(await store.WriteBatchAsync([writes[i]], cancellationToken));
                written.Add(writes[i]);
            }
            catch (Exception e) when (store.DataRefusal(e) is { } refusal)
            {
                var record = sources[i];
                WorkerLog.ReportRefusedByStore(logger, writes[i].Report.FeedId, record.Partition.Value, record.Offset.Value, refusal);
                rejected.Add(Reject(record, writes[i].Report.FeedId, $"the store refused the report: {refusal}"));
                // The partition's window holds the refused report (and may have linked others to
                // it): rebuild it from the store before the partition's next report.
                _linkers.TryRemove(record.Partition.Value, out _);
            }
        }
        return (result, written);
    }

    // A redelivered record is a message handled before, whose pass may have stopped between the
    // store's commit and the brokers' acknowledgement of its alert: the alert it raised (if it
    // did, and as it stands now) is read back and published again. Its id derives from the report
    // key and the arrival time the message carries (RecordIds), so the same message names it again.
    private static HashSet<string> RedeliveredAlertIds(List<(ConsumeResult<byte[]?, byte[]> Record, Report Report)> reports, IReadOnlyList<string> redeliveredKeys)
    {
        var keys = redeliveredKeys.ToHashSet(StringComparer.Ordinal);
        return reports.Where(r => keys.Contains(r.Report.IdempotencyKey))
            .Select(r => RecordIds.Alert(r.Report.IdempotencyKey, r.Report.ReceivedAt))
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task<IReportLinker> LinkerForAsync(int partition, CancellationToken cancellationToken)
    {
        if (!_linkers.TryGetValue(partition, out var linker))
        {
            linker = await linkers.LoadAsync(partition, cancellationToken);
            _linkers[partition] = linker;
        }
        return linker;
    }

    // A report of a known feed is that feed's dead letter, beside its Ingest rejections; only
    // messages whose feed cannot be told (unreadable, or a feed this deployment lacks) go to the
    // normalized reports' own dead-letter topic.
    private DeadLetter Reject(ConsumeResult<byte[]?, byte[]> record, string feedId, string reason) =>
        new(record, feeds.DefinitionById(feedId) is null ? topics.NormalizedReportsDeadLetter : topics.FeedDeadLetter(feedId), feedId, new Rejection(Rejection.ProcessStage, reason));

    // Each record's time from its raw publication to this commit, and the same split into hops: the
    // raw record's timestamp (a header), Ingest's taking of it (the report's arrival time), the
    // normalized message's timestamp (set by Ingest's producer) and this batch's start.
    private void RecordLatency(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, List<(ConsumeResult<byte[]?, byte[]> Record, Report Report)> reports, DateTimeOffset takenAt)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // reports holds the batch's readable records in batch order, so one pass pairs them.
        var read = 0;
        foreach (var record in batch)
        {
            var report = read < reports.Count && ReferenceEquals(reports[read].Record, record) ? reports[read++].Report : null;
            if (record.Message.Headers.GetString(IngestBatchHandler.RawTimestampHeader) is not { } raw ||
                !long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var publishedMs) || publishedMs <= 0)
            {
                continue;
            }
            if (report is not null && record.Message.Timestamp.Type != TimestampType.NotAvailable)
            {
                // Clamped to each other, so that clocks a little apart never give a negative hop.
                var published = Math.Min(publishedMs, now);
                var ingestTook = Math.Clamp(report.ReceivedAt.ToUnixTimeMilliseconds(), published, now);
                var ingestPublished = Math.Clamp(record.Message.Timestamp.UnixTimestampMs, ingestTook, now);
                var processTook = Math.Clamp(takenAt.ToUnixTimeMilliseconds(), ingestPublished, now);
                RecordHop(0, ingestTook - published);
                RecordHop(1, ingestPublished - ingestTook);
                RecordHop(2, processTook - ingestPublished);
                RecordHop(3, now - processTook);
            }
            WorkerMetrics.ProcessingLatency.Record(Math.Max(0, now - publishedMs) / 1000.0);
        }
    }

    private static void RecordHop(int hop, long milliseconds) =>
        WorkerMetrics.HopLatency.Record(milliseconds / 1000.0, new KeyValuePair<string, object?>("hop", WorkerMetrics.Hops[hop]));

    private void Record(BatchWriteResult result, List<ReportWrite> writes, List<DeadLetter> rejected)
    {
        WorkerMetrics.ReportsStored.Add(result.NewReports);
        WorkerMetrics.ReportsDuplicate.Add(result.Duplicates);
        WorkerMetrics.ReportsRedelivered.Add(result.Redeliveries);
        WorkerMetrics.ReportsVersioned.Add(result.NewVersions);
        if (rejected.Count > 0)
        {
            WorkerMetrics.RecordsRejected.Add(rejected.Count, new KeyValuePair<string, object?>("stage", Rejection.ProcessStage));
        }
        var rejectedByFeed = rejected.Where(r => feeds.DefinitionById(r.FeedId) is not null).CountBy(r => r.FeedId).ToDictionary(StringComparer.Ordinal);
        foreach (var feedId in result.DuplicatesByFeed.Keys.Union(rejectedByFeed.Keys))
        {
            health.Processed(feedId, result.DuplicatesByFeed.GetValueOrDefault(feedId), rejectedByFeed.GetValueOrDefault(feedId));
        }
        foreach (var write in writes)
        {
            if (write.Alert is { } alert)
            {
                WorkerMetrics.AlertsRaised.Add(1, new KeyValuePair<string, object?>("category", alert.TopCategory));
            }
        }
    }
}
