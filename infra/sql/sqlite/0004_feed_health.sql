-- 0004_feed_health (SQLite): per-feed health, one row per feed, minute and reporting worker
-- process, for `pipeline feeds status` and the watch desk. Each worker writes the running totals
-- of the minutes it has seen (an upsert of absolute values, so a repeated flush changes nothing);
-- readers sum over reporters. consumer_lag is the lag of the raw-topic partitions that reporter
-- owned at its last sample in that minute, so the sum over reporters is the feed's lag.
CREATE TABLE feed_health_minutes (
    feed_id        TEXT    NOT NULL,
    minute         TEXT    NOT NULL,  -- start of the minute, ISO 8601 UTC
    reporter       TEXT    NOT NULL,  -- worker instance that counted these
    records_in     INTEGER NOT NULL,
    accepted       INTEGER NOT NULL,
    rejected       INTEGER NOT NULL,
    duplicates     INTEGER NOT NULL,
    unknown_fields INTEGER NOT NULL,
    last_record_at TEXT    NULL,      -- publication time of the newest raw record seen
    consumer_lag   INTEGER NULL,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (feed_id, minute, reporter)
) STRICT;

CREATE INDEX ix_feed_health_minutes_minute ON feed_health_minutes (minute);

-- Further privacy fields a feed definition declares ("privacy.<name>"), as a JSON object.
ALTER TABLE report_privacy ADD COLUMN other_fields TEXT NULL;
