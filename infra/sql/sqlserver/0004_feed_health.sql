-- 0004_feed_health (SQL Server): per-feed health, one row per feed, minute and reporting worker
-- process, for `pipeline feeds status` and the watch desk. Each worker writes the running totals
-- of the minutes it has seen (an upsert of absolute values, so a repeated flush changes nothing);
-- readers sum over reporters. consumer_lag is the lag of the raw-topic partitions that reporter
-- owned at its last sample in that minute, so the sum over reporters is the feed's lag.
CREATE TABLE dbo.feed_health_minutes (
    feed_id        nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    minute         datetimeoffset(3) NOT NULL,
    reporter       nvarchar(200)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    records_in     bigint            NOT NULL,
    accepted       bigint            NOT NULL,
    rejected       bigint            NOT NULL,
    duplicates     bigint            NOT NULL,
    unknown_fields bigint            NOT NULL,
    last_record_at datetimeoffset(3) NULL,
    consumer_lag   bigint            NULL,
    updated_at     datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_feed_health_minutes PRIMARY KEY CLUSTERED (feed_id, minute, reporter)
);

CREATE INDEX ix_feed_health_minutes_minute ON dbo.feed_health_minutes (minute);

-- Further privacy fields a feed definition declares ("privacy.<name>"), as a JSON object.
ALTER TABLE dbo.report_privacy ADD other_fields nvarchar(max) NULL;
