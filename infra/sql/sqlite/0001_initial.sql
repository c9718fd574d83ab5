-- 0001_initial (SQLite): the pipeline's store.
--
-- Conventions for this dialect:
-- * Times are UTC text in .NET round-trip ("O") format with a +00:00 offset, for example
--   2026-11-22T02:54:00.1234567+00:00. Every time is written the same way, so text order is
--   time order and indexes on time columns work for range queries.
-- * JSON columns hold UTF-8 JSON written by the contracts' PipelineJsonContext (camelCase).
-- * Booleans are INTEGER 0/1. Enums are stored by name ("Sar", "New").
-- * STRICT tables, so a value of the wrong type is an error instead of being stored as-is.
-- schema_migrations is created by the migration runner itself, not here.

CREATE TABLE reports (
    idempotency_key    TEXT    NOT NULL PRIMARY KEY,
    feed_id            TEXT    NOT NULL,
    source_record_id   TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    occurred_at        TEXT    NOT NULL,
    received_at        TEXT    NOT NULL,
    raw_address        TEXT    NULL,
    latitude           REAL    NULL,
    longitude          REAL    NULL,
    location_precision TEXT    NOT NULL,
    narrative          TEXT    NOT NULL,
    cad_call_type      TEXT    NULL,
    cad_priority       INTEGER NULL,
    target_sector      TEXT    NULL,
    content_hash       TEXT    NOT NULL,
    schema_version     INTEGER NOT NULL,
    origin_topic       TEXT    NOT NULL,
    origin_partition   INTEGER NOT NULL,
    origin_offset      INTEGER NOT NULL,
    stored_at          TEXT    NOT NULL
) STRICT;

CREATE INDEX ix_reports_occurred_at ON reports (occurred_at);
CREATE INDEX ix_reports_feed_id ON reports (feed_id, occurred_at);

-- Subjects and vehicles (the ISE-SAR "Detailed" part) are kept out of the reports table so that
-- summary queries and dumps of reports can never carry them. A row exists only when the report
-- had any.
CREATE TABLE report_privacy (
    idempotency_key TEXT NOT NULL PRIMARY KEY REFERENCES reports (idempotency_key),
    subjects        TEXT NOT NULL, -- JSON array of strings
    vehicles        TEXT NOT NULL  -- JSON array of strings
) STRICT;

-- For the fairness audit only: protected attributes are never model features and never shown
-- to analysts. SQLite has no per-table permissions, so this separation is by table name only;
-- in SQL Server the same table lives in its own schema (audit) so access can be granted apart.
CREATE TABLE report_protected_attributes (
    idempotency_key TEXT NOT NULL PRIMARY KEY REFERENCES reports (idempotency_key),
    attributes      TEXT NOT NULL  -- JSON object: attribute name to the source's coding
) STRICT;

-- One row per raw Kafka record that reached the store. A second delivery of the same record
-- (a replay after a crash before the offset commit) hits this primary key and changes nothing.
-- No foreign key to reports: the receipt is written first, to tell a replay from a duplicate
-- before anything else is touched.
CREATE TABLE report_receipts (
    origin_topic     TEXT    NOT NULL,
    origin_partition INTEGER NOT NULL,
    origin_offset    INTEGER NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    content_hash     TEXT    NOT NULL,
    received_at      TEXT    NOT NULL,
    PRIMARY KEY (origin_topic, origin_partition, origin_offset)
) STRICT;

CREATE INDEX ix_report_receipts_idempotency_key ON report_receipts (idempotency_key);

-- What each model version decided about each report, alert or not, for audit and calibration.
CREATE TABLE decision_log (
    report_key    TEXT    NOT NULL REFERENCES reports (idempotency_key),
    model_version TEXT    NOT NULL,
    scores        TEXT    NOT NULL, -- JSON array of {category, score}
    priority      REAL    NOT NULL,
    top_category  TEXT    NULL,
    threshold     REAL    NOT NULL,
    alerted       INTEGER NOT NULL CHECK (alerted IN (0, 1)),
    decided_at    TEXT    NOT NULL,
    PRIMARY KEY (report_key, model_version)
) STRICT;

CREATE INDEX ix_decision_log_decided_at ON decision_log (decided_at);

CREATE TABLE alerts (
    alert_id      TEXT NOT NULL PRIMARY KEY,
    report_key    TEXT NOT NULL UNIQUE REFERENCES reports (idempotency_key),
    feed_id       TEXT NOT NULL,
    top_category  TEXT NOT NULL,
    priority      REAL NOT NULL,
    scores        TEXT NOT NULL, -- JSON array of {category, score}
    model_version TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('New', 'InReview', 'Closed')),
    raised_at     TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- The watch desk's queue: open alerts, most urgent first.
CREATE INDEX ix_alerts_status_priority ON alerts (status, priority DESC);
CREATE INDEX ix_alerts_top_category ON alerts (top_category);
