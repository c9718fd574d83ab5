-- 0006_report_versions (SQLite): a source that resends a record with the same id and changed
-- content makes a new version of the same report, never a second report. `reports` holds the
-- current version; `report_versions` keeps every version's content (the Summary part: privacy
-- fields and protected attributes stay in their own tables and hold the current values only).
ALTER TABLE reports ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE report_versions (
    idempotency_key  TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    content_hash     TEXT    NOT NULL,
    content          TEXT    NULL,      -- the canonical report as JSON; NULL for versions stored before 0006
    origin_topic     TEXT    NOT NULL,  -- the raw record that carried this version
    origin_partition INTEGER NOT NULL,
    origin_offset    INTEGER NOT NULL,
    origin_record    INTEGER NOT NULL,
    stored_at        TEXT    NOT NULL,
    PRIMARY KEY (idempotency_key, version)
) STRICT;

CREATE INDEX ix_report_versions_content_hash ON report_versions (idempotency_key, content_hash);

-- Reports stored before this migration are their own version 1.
INSERT INTO report_versions (idempotency_key, version, content_hash, content, origin_topic, origin_partition, origin_offset, origin_record, stored_at)
SELECT idempotency_key, 1, content_hash, NULL, origin_topic, origin_partition, origin_offset, origin_record, stored_at FROM reports;
