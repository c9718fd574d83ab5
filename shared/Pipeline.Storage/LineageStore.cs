using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Dapper;
using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>One raw Kafka message as Ingest read it, to keep in the raw archive.</summary>
/// <param name="Topic">The feed's raw topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="FeedId">The feed whose topic it is.</param>
/// <param name="PublishedAt">The Kafka record's timestamp, when it had one.</param>
/// <param name="ReceivedAt">When Ingest read it.</param>
/// <param name="Sha256">Hex SHA-256 of <paramref name="Content"/> (<see cref="RawRecordHash.Compute"/>).</param>
/// <param name="Content">The raw bytes as they arrived.</param>
public sealed record RawRecordWrite(string Topic, int Partition, long Offset, string FeedId, DateTimeOffset? PublishedAt, DateTimeOffset ReceivedAt, string Sha256, ReadOnlyMemory<byte> Content);

/// <summary>A raw message read back from the archive, decompressed.</summary>
/// <param name="Origin">Topic, partition and offset (record 0).</param>
/// <param name="FeedId">Its feed.</param>
/// <param name="PublishedAt">The Kafka record's timestamp, when it had one.</param>
/// <param name="ReceivedAt">When Ingest first read it.</param>
/// <param name="Sha256">Hex SHA-256 of the raw bytes.</param>
/// <param name="Content">The raw bytes.</param>
public sealed record StoredRawRecord(RecordOrigin Origin, string FeedId, DateTimeOffset? PublishedAt, DateTimeOffset ReceivedAt, string Sha256, byte[] Content);

/// <summary>Names of lineage passes.</summary>
public static class LineagePass
{
    /// <summary>The pass of one record of a raw message: "topic/partition/offset/record".</summary>
    public static string Of(RecordOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return string.Create(CultureInfo.InvariantCulture, $"{origin.Topic}/{origin.Partition}/{origin.Offset}/{origin.Record}");
    }

    /// <summary>The pass of a replay.</summary>
    public static string OfReplay(string replayId) => "replay:" + replayId;
}

/// <summary>Hashes of raw records, as the archive and the lineage events state them.</summary>
public static class RawRecordHash
{
    /// <summary>Lower-case hex SHA-256 of the raw bytes.</summary>
    public static string Compute(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>One step in a report's lineage.</summary>
/// <param name="At">When it happened, UTC.</param>
/// <param name="Stage">One of <see cref="LineageStages"/>.</param>
/// <param name="Pass">The pass it belongs to: the raw record ("topic/partition/offset/record"), "replay:&lt;id&gt;", or "alert:&lt;id&gt;" for analyst actions.</param>
/// <param name="Detail">The stage's facts, name to value.</param>
public sealed record LineageEntry(DateTimeOffset At, string Stage, string Pass, IReadOnlyDictionary<string, string> Detail);

/// <summary>Where a report came from and everything done with it, oldest first.</summary>
/// <param name="ReportKey">The report's idempotency key.</param>
/// <param name="FeedId">Its feed.</param>
/// <param name="Version">Its current version.</param>
/// <param name="AlertId">Its alert, when it raised one.</param>
/// <param name="Entries">Every pipeline stage of every pass, then analyst actions, in time order.</param>
public sealed record ReportLineage(string ReportKey, string FeedId, int Version, string? AlertId, IReadOnlyList<LineageEntry> Entries);

public sealed partial class PipelineStore
{
    // Brotli at quality 1, its fastest (the archive is written on Ingest's path and read only by
    // replays), with a window no larger than the record: a small window is cheaper to set up.
    private const int RawCompressionQuality = 1;

    /// <summary>
    /// Keeps raw messages in the archive, compressed, each once: a message already archived (a
    /// batch read again after a crash) is left as it is. Returns how many were new.
    /// </summary>
    public async Task<int> ArchiveRawAsync(IReadOnlyList<RawRecordWrite> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (records.Count == 0)
        {
            return 0;
        }
        var compressed = new byte[records.Count][];
        for (var i = 0; i < records.Count; i++)
        {
            compressed[i] = Compress(records[i].Content.Span);
        }

        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var archived = 0;
        await using (var insert = new TableCommand(_dialect, connection, transaction, _commandTimeoutSeconds, StoreSchema.RawRecords))
        {
            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                insert.Bind(r.Topic, r.Partition, r.Offset, r.FeedId, r.PublishedAt is { } published ? _dialect.ToDbTime(published) : null,
                    _dialect.ToDbTime(r.ReceivedAt), r.Sha256, r.Content.Length, compressed[i]);
                if (await insert.ExecuteAsync(ct))
                {
                    archived++;
                }
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
        return archived;
    }

    /// <summary>
    /// The archived raw messages of one feed received in [<paramref name="from"/>, <paramref name="to"/>),
    /// decompressed, in (received time, topic, partition, offset) order: at most
    /// <paramref name="limit"/> of them after <paramref name="after"/> (the last one of the
    /// previous page; null for the first page).
    /// </summary>
    public async Task<IReadOnlyList<StoredRawRecord>> GetRawRecordsAsync(
        string feedId, DateTimeOffset from, DateTimeOffset to, StoredRawRecord? after, int limit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(feedId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var sqlServer = _dialect.Provider == StoreProvider.SqlServer;
        // Keyset paging: many messages share one received time (an Ingest batch's).
        var sql = $"SELECT {(sqlServer ? "TOP (@limit) " : "")}origin_topic, origin_partition, origin_offset, feed_id, published_at, received_at, sha256, content " +
            $"FROM {_dialect.Qualify(StoreSchema.RawRecords.Name)} WHERE feed_id = @feedId AND received_at >= @from AND received_at < @to " +
            "AND (received_at > @atAfter OR (received_at = @atAfter AND (origin_topic > @topicAfter OR (origin_topic = @topicAfter " +
            "AND (origin_partition > @partitionAfter OR (origin_partition = @partitionAfter AND origin_offset > @offsetAfter)))))) " +
            $"ORDER BY received_at, origin_topic, origin_partition, origin_offset{(sqlServer ? "" : " LIMIT @limit")}";
        var parameters = new DynamicParameters();
        parameters.Add("feedId", feedId);
        parameters.Add("from", _dialect.ToDbTime(from), _dialect.TimeDbType);
        parameters.Add("to", _dialect.ToDbTime(to), _dialect.TimeDbType);
        parameters.Add("atAfter", _dialect.ToDbTime(after?.ReceivedAt ?? from), _dialect.TimeDbType);
        parameters.Add("topicAfter", after?.Origin.Topic ?? "");
        parameters.Add("partitionAfter", after?.Origin.Partition ?? -1);
        parameters.Add("offsetAfter", after?.Origin.Offset ?? -1L);
        parameters.Add("limit", limit);
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, parameters, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new StoredRawRecord(
            new RecordOrigin((string)row["origin_topic"]!, Convert.ToInt32(row["origin_partition"], CultureInfo.InvariantCulture), ToInt64(row["origin_offset"]!)),
            (string)row["feed_id"]!,
            row["published_at"] is { } published and not DBNull ? _dialect.FromDbTime(published) : null,
            _dialect.FromDbTime(row["received_at"]!),
            (string)row["sha256"]!,
            Decompress((byte[])row["content"]!)))];
    }

    /// <summary>Every archived raw message of one feed received in [<paramref name="from"/>, <paramref name="to"/>), oldest first (all pages).</summary>
    public async Task<IReadOnlyList<StoredRawRecord>> GetRawRecordsAsync(string feedId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var all = new List<StoredRawRecord>();
        while (true)
        {
            var page = await GetRawRecordsAsync(feedId, from, to, all.Count == 0 ? null : all[^1], 1000, ct);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// The lineage of a report, found by its idempotency key or by its alert's id: every pass's
    /// stage events, then the analyst actions on its alert, in time order. Null when neither a
    /// report nor an alert has that id.
    /// </summary>
    public async Task<ReportLineage?> GetLineageAsync(string reportKeyOrAlertId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportKeyOrAlertId);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var reportKey = await connection.QuerySingleOrDefaultAsync<string?>(Command(
            $"SELECT report_key FROM {AlertsTable} WHERE alert_id = @id", new { id = reportKeyOrAlertId }, ct: ct)) ?? reportKeyOrAlertId;
        var report = (IDictionary<string, object?>?)await connection.QuerySingleOrDefaultAsync(Command(
            $"SELECT r.feed_id, r.version, a.alert_id FROM {_reportsTable} r LEFT JOIN {AlertsTable} a ON a.report_key = r.idempotency_key WHERE r.idempotency_key = @key",
            new { key = reportKey }, ct: ct));
        if (report is null)
        {
            return null;
        }
        var alertId = report["alert_id"] as string;

        // A pass's events stay in the order its stages wrote them (Ingest's and Process's clocks
        // may differ); passes are ordered by when the store recorded them, then by their position
        // in that transaction.
        var entries = new List<LineageEntry>();
        var passes = await connection.QueryAsync(Command(
            $"SELECT pass, events FROM {_dialect.Qualify(StoreSchema.Lineage.Name)} WHERE report_key = @key ORDER BY recorded_at, seq", new { key = reportKey }, ct: ct));
        foreach (IDictionary<string, object?> pass in passes)
        {
            var name = (string)pass["pass"]!;
            entries.AddRange(LineageJson.Read((string)pass["events"]!).Select(e => new LineageEntry(e.At, e.Stage, name, e.Detail)));
        }
        if (alertId is not null)
        {
            var actions = await connection.QueryAsync(Command(
                $"SELECT at, actor, action, from_status, to_status, disposition FROM {AlertHistoryTable} WHERE alert_id = @alertId ORDER BY id",
                new { alertId }, ct: ct));
            foreach (IDictionary<string, object?> action in actions)
            {
                var detail = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["action"] = (string)action["action"]!,
                    ["by"] = (string)action["actor"]!,
                    ["status"] = $"{action["from_status"]} → {action["to_status"]}",
                };
                if (action["disposition"] is string disposition)
                {
                    detail["disposition"] = disposition;
                }
                entries.Add(new LineageEntry(_dialect.FromDbTime(action["at"]!), LineageStages.Analyst, "alert:" + alertId, detail));
            }
        }
        return new ReportLineage(reportKey, (string)report["feed_id"]!, Convert.ToInt32(report["version"], CultureInfo.InvariantCulture), alertId, entries);
    }

    private static byte[] Compress(ReadOnlySpan<byte> content)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(content.Length));
        try
        {
            var window = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)content.Length), 10, 24);
            if (!BrotliEncoder.TryCompress(content, buffer, out var written, RawCompressionQuality, window))
            {
                throw new InvalidOperationException("Brotli could not compress a raw record into its maximum compressed length.");
            }
            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new MemoryStream(compressed, writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(compressed.Length * 4);
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
