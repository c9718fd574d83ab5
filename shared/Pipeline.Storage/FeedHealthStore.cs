using Dapper;

namespace Pipeline.Storage;

/// <summary>
/// One feed's health in one minute: what arrived, what passed, what was rejected or a duplicate,
/// the unknown source fields seen, the newest record's time and the consumer lag.
/// </summary>
/// <param name="FeedId">The feed.</param>
/// <param name="Minute">Start of the minute, UTC.</param>
/// <param name="RecordsIn">Raw records read (a message of several records counts each).</param>
/// <param name="Accepted">Records mapped to a canonical report.</param>
/// <param name="Rejected">Records dead-lettered, by any stage.</param>
/// <param name="Duplicates">Reports that were exact duplicates of one already stored.</param>
/// <param name="UnknownFields">Source fields the definition does not map, summed over records (schema drift).</param>
/// <param name="LastRecordAt">Publication time of the newest raw record seen in the minute.</param>
/// <param name="ConsumerLag">Messages waiting on the feed's raw topic at the minute's last sample, when sampled.</param>
public sealed record FeedHealthMinute(
    string FeedId,
    DateTimeOffset Minute,
    long RecordsIn,
    long Accepted,
    long Rejected,
    long Duplicates,
    long UnknownFields,
    DateTimeOffset? LastRecordAt,
    long? ConsumerLag);

public sealed partial class PipelineStore
{
    /// <summary>
    /// Writes one reporter's running totals for the given minutes, overwriting what that reporter
    /// wrote before for the same feed and minute: repeating a flush changes nothing.
    /// </summary>
    /// <param name="reporter">Identifies the worker process that counted them (several may count one feed).</param>
    /// <param name="minutes">The totals.</param>
    /// <param name="ct">Cancels the write.</param>
    public async Task WriteFeedHealthAsync(string reporter, IReadOnlyList<FeedHealthMinute> minutes, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(reporter);
        ArgumentNullException.ThrowIfNull(minutes);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (minutes.Count == 0)
        {
            return;
        }
        var now = _dialect.ToDbTime(_time.GetUtcNow());
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await using (var upsert = new TableCommand(_dialect, connection, transaction, _commandTimeoutSeconds, StoreSchema.FeedHealth, _dialect.Upsert(StoreSchema.FeedHealth)))
        {
            foreach (var m in minutes)
            {
                upsert.Bind(
                    m.FeedId, _dialect.ToDbTime(m.Minute), reporter, m.RecordsIn, m.Accepted, m.Rejected, m.Duplicates, m.UnknownFields,
                    m.LastRecordAt is { } last ? _dialect.ToDbTime(last) : null, m.ConsumerLag, now);
                await upsert.ExecuteAsync(ct);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Every feed's health per minute from <paramref name="since"/> on, summed over the workers
    /// that reported it (lag summed too: each reports the partitions it owns), ordered by feed and minute.
    /// </summary>
    public async Task<IReadOnlyList<FeedHealthMinute>> GetFeedHealthAsync(DateTimeOffset since, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var sql = $"""
            SELECT feed_id, minute,
                   SUM(records_in) AS records_in, SUM(accepted) AS accepted, SUM(rejected) AS rejected,
                   SUM(duplicates) AS duplicates, SUM(unknown_fields) AS unknown_fields,
                   MAX(last_record_at) AS last_record_at, SUM(consumer_lag) AS consumer_lag
            FROM {_dialect.Qualify(StoreSchema.FeedHealth.Name)}
            WHERE minute >= @since
            GROUP BY feed_id, minute
            ORDER BY feed_id, minute
            """;
        await using var connection = await OpenAsync(pooled: true, ct);
        var rows = await connection.QueryAsync(Command(sql, new { since = _dialect.ToDbTime(Minute(since)) }, ct: ct));
        return [.. rows.Cast<IDictionary<string, object?>>().Select(row => new FeedHealthMinute(
            (string)row["feed_id"]!,
            _dialect.FromDbTime(row["minute"]!),
            ToInt64(row["records_in"]!),
            ToInt64(row["accepted"]!),
            ToInt64(row["rejected"]!),
            ToInt64(row["duplicates"]!),
            ToInt64(row["unknown_fields"]!),
            row["last_record_at"] is { } last and not DBNull ? _dialect.FromDbTime(last) : null,
            row["consumer_lag"] is { } lag and not DBNull ? ToInt64(lag) : null))];
    }

    /// <summary>Deletes health rows of minutes before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PurgeFeedHealthAsync(DateTimeOffset before, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        return await connection.ExecuteAsync(Command(
            $"DELETE FROM {_dialect.Qualify(StoreSchema.FeedHealth.Name)} WHERE minute < @before",
            new { before = _dialect.ToDbTime(Minute(before)) },
            ct: ct));
    }

    /// <summary>The start of the minute that holds <paramref name="time"/>, UTC.</summary>
    public static DateTimeOffset Minute(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

}
