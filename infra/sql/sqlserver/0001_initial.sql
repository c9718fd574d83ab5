-- 0001_initial (SQL Server): the pipeline's store.
--
-- Conventions for this dialect:
-- * Times are datetimeoffset(3), always written in UTC (offset +00:00).
-- * JSON columns are nvarchar(max) holding JSON written by the contracts' PipelineJsonContext.
-- * Keys and other identifiers use a binary collation so they compare exactly as they do in
--   SQLite and in .NET (ordinal): "ABC" and "abc" are two different idempotency keys.
-- * Enums are stored by name ("Sar", "New").
-- The runner splits this file on lines that are exactly GO and runs every batch in one
-- transaction. schema_migrations is created by the runner itself, not here.

CREATE TABLE dbo.reports (
    idempotency_key    nvarchar(256)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    feed_id            nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    source_record_id   nvarchar(200)  NOT NULL,
    kind               varchar(16)    NOT NULL,
    occurred_at        datetimeoffset(3) NOT NULL,
    received_at        datetimeoffset(3) NOT NULL,
    raw_address        nvarchar(1000) NULL,
    latitude           float          NULL,
    longitude          float          NULL,
    location_precision varchar(32)    NOT NULL,
    narrative          nvarchar(max)  NOT NULL,
    cad_call_type      nvarchar(100)  NULL,
    cad_priority       int            NULL,
    target_sector      nvarchar(100)  NULL,
    content_hash       varchar(128)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    schema_version     int            NOT NULL,
    origin_topic       nvarchar(249)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin_partition   int            NOT NULL,
    origin_offset      bigint         NOT NULL,
    stored_at          datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_reports PRIMARY KEY CLUSTERED (idempotency_key)
);

CREATE INDEX ix_reports_occurred_at ON dbo.reports (occurred_at);
CREATE INDEX ix_reports_feed_id ON dbo.reports (feed_id, occurred_at);

-- Subjects and vehicles (the ISE-SAR "Detailed" part) are kept out of the reports table so that
-- summary queries and dumps of reports can never carry them. A row exists only when the report
-- had any.
CREATE TABLE dbo.report_privacy (
    idempotency_key nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    subjects        nvarchar(max) NOT NULL, -- JSON array of strings
    vehicles        nvarchar(max) NOT NULL, -- JSON array of strings
    CONSTRAINT pk_report_privacy PRIMARY KEY CLUSTERED (idempotency_key),
    CONSTRAINT fk_report_privacy_reports FOREIGN KEY (idempotency_key) REFERENCES dbo.reports (idempotency_key)
);

-- One row per raw Kafka record that reached the store. A second delivery of the same record
-- (a replay after a crash before the offset commit) hits this primary key and changes nothing.
-- No foreign key to reports: the receipt is written first, to tell a replay from a duplicate
-- before anything else is touched.
CREATE TABLE dbo.report_receipts (
    origin_topic     nvarchar(249) COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin_partition int           NOT NULL,
    origin_offset    bigint        NOT NULL,
    idempotency_key  nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    content_hash     varchar(128)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    received_at      datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_report_receipts PRIMARY KEY CLUSTERED (origin_topic, origin_partition, origin_offset)
);

CREATE INDEX ix_report_receipts_idempotency_key ON dbo.report_receipts (idempotency_key);

-- What each model version decided about each report, alert or not, for audit and calibration.
CREATE TABLE dbo.decision_log (
    report_key    nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    model_version nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    scores        nvarchar(max) NOT NULL, -- JSON array of {category, score}
    priority      float         NOT NULL,
    top_category  nvarchar(32)  NULL,
    threshold     float         NOT NULL,
    alerted       bit           NOT NULL,
    decided_at    datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_decision_log PRIMARY KEY CLUSTERED (report_key, model_version),
    CONSTRAINT fk_decision_log_reports FOREIGN KEY (report_key) REFERENCES dbo.reports (idempotency_key)
);

CREATE INDEX ix_decision_log_decided_at ON dbo.decision_log (decided_at);

CREATE TABLE dbo.alerts (
    alert_id      nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    report_key    nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    feed_id       nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    top_category  nvarchar(32)  NOT NULL,
    priority      float         NOT NULL,
    scores        nvarchar(max) NOT NULL, -- JSON array of {category, score}
    model_version nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status        varchar(16)   NOT NULL,
    raised_at     datetimeoffset(3) NOT NULL,
    updated_at    datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_alerts PRIMARY KEY CLUSTERED (alert_id),
    CONSTRAINT uq_alerts_report_key UNIQUE (report_key),
    CONSTRAINT fk_alerts_reports FOREIGN KEY (report_key) REFERENCES dbo.reports (idempotency_key),
    CONSTRAINT ck_alerts_status CHECK (status IN ('New', 'InReview', 'Closed'))
);

-- The watch desk's queue: open alerts, most urgent first.
CREATE INDEX ix_alerts_status_priority ON dbo.alerts (status, priority DESC);
CREATE INDEX ix_alerts_top_category ON dbo.alerts (top_category);
GO

-- For the fairness audit only: protected attributes are never model features and never shown
-- to analysts. The table lives in its own schema so that access can be granted (or denied)
-- separately from dbo, for example: GRANT SELECT ON SCHEMA::audit TO fairness_auditor;
CREATE SCHEMA audit AUTHORIZATION dbo;
GO

CREATE TABLE audit.report_protected_attributes (
    idempotency_key nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    attributes      nvarchar(max) NOT NULL, -- JSON object: attribute name to the source's coding
    CONSTRAINT pk_report_protected_attributes PRIMARY KEY CLUSTERED (idempotency_key),
    CONSTRAINT fk_report_protected_attributes_reports FOREIGN KEY (idempotency_key) REFERENCES dbo.reports (idempotency_key)
);
GO
