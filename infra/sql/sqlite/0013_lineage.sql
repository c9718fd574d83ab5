-- 0013_lineage (SQLite): where every report came from and what each stage did with it.
--
-- raw_records keeps every raw Kafka message the Ingest role read, rejected ones included, so a
-- data engineer can replay a feed's window after fixing its definition (`pipeline replay`). The
-- content is Brotli-compressed; sha256 and size are of the raw bytes as they arrived. It holds
-- everything the source sent, privacy fields and protected attributes included, so it is read
-- only by replay and never shown: lineage shows its hash and size. Purged under the same
-- retention rules as the reports it carried (RetentionStore).
CREATE TABLE raw_records (
    origin_topic     TEXT    NOT NULL,
    origin_partition INTEGER NOT NULL,
    origin_offset    INTEGER NOT NULL,
    feed_id          TEXT    NOT NULL,
    published_at     TEXT    NULL,      -- the Kafka record's timestamp, when it had one
    received_at      TEXT    NOT NULL,
    sha256           TEXT    NOT NULL,  -- hex, of the raw bytes
    size             INTEGER NOT NULL,  -- bytes before compression
    content          BLOB    NOT NULL,  -- Brotli
    PRIMARY KEY (origin_topic, origin_partition, origin_offset)
) STRICT;

-- The replay scan: one feed's window by time received.
CREATE INDEX ix_raw_records_feed_received ON raw_records (feed_id, received_at);

-- One row per pass of a report through the pipeline, append-only: the store has no update for
-- it. A pass is the processing of one raw record (pass = "topic/partition/offset/record"), or
-- one replay ("replay:<id>"). events is the pass's stage events in order, as a JSON array of
-- {stage, at, detail}: received, mapped (feed definition version), geocoded (provider,
-- precision), linked or deduplicated or versioned, scored (model version, scores), alerted or
-- held (and why), replayed. Written in the transaction that stores the pass's outcome, so a
-- report never lacks its lineage and a redelivered record never doubles it. Analyst actions are
-- alert_history's rows; `pipeline lineage` and the watch desk merge the two in time order.
CREATE TABLE lineage (
    report_key  TEXT NOT NULL,
    pass        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    seq         INTEGER NOT NULL,  -- the write's position in its transaction: orders passes recorded at one instant
    events      TEXT NOT NULL,
    PRIMARY KEY (report_key, pass)
) STRICT;
-- A rowid table, not WITHOUT ROWID: a pass is about 1.2 KB of JSON, more than a WITHOUT ROWID
-- row keeps on a 4 KB page (about 1 KB), so each would spill into an overflow page of its own.
