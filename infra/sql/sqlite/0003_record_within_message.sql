-- 0003_record_within_message (SQLite): one raw Kafka message may carry several records (CSV
-- rows, a JSON array, an XML document), so a receipt is keyed by the record's position within
-- its message as well, and a report keeps that position. Rows written before this migration came
-- from one-record messages: they get position 0.
--
-- SQLite cannot change a primary key in place, so report_receipts is rebuilt: a new table with
-- the new key, the rows copied over, the old table dropped (its index goes with it), the new one
-- renamed, and the index recreated as 0001 had it. Nothing references report_receipts, so the
-- rename has nothing else to rewrite.

CREATE TABLE report_receipts_0003 (
    origin_topic     TEXT    NOT NULL,
    origin_partition INTEGER NOT NULL,
    origin_offset    INTEGER NOT NULL,
    origin_record    INTEGER NOT NULL DEFAULT 0,
    idempotency_key  TEXT    NOT NULL,
    content_hash     TEXT    NOT NULL,
    received_at      TEXT    NOT NULL,
    PRIMARY KEY (origin_topic, origin_partition, origin_offset, origin_record)
) STRICT;

INSERT INTO report_receipts_0003
    (origin_topic, origin_partition, origin_offset, origin_record, idempotency_key, content_hash, received_at)
SELECT origin_topic, origin_partition, origin_offset, 0, idempotency_key, content_hash, received_at
FROM report_receipts;

DROP TABLE report_receipts;
ALTER TABLE report_receipts_0003 RENAME TO report_receipts;
CREATE INDEX ix_report_receipts_idempotency_key ON report_receipts (idempotency_key);

-- Where the report's first raw record sat within its message, beside origin_offset.
ALTER TABLE reports ADD COLUMN origin_record INTEGER NOT NULL DEFAULT 0;
