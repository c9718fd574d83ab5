-- 0006_report_versions (SQL Server): a source that resends a record with the same id and changed
-- content makes a new version of the same report, never a second report. `reports` holds the
-- current version; `report_versions` keeps every version's content (the Summary part: privacy
-- fields and protected attributes stay in their own tables and hold the current values only).
ALTER TABLE dbo.reports ADD version int NOT NULL CONSTRAINT df_reports_version DEFAULT 1;

CREATE TABLE dbo.report_versions (
    idempotency_key  nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    version          int               NOT NULL,
    content_hash     varchar(128)      COLLATE Latin1_General_100_BIN2 NOT NULL,
    content          nvarchar(max)     NULL,      -- the canonical report as JSON; NULL for versions stored before 0006
    origin_topic     nvarchar(249)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin_partition int               NOT NULL,
    origin_offset    bigint            NOT NULL,
    origin_record    int               NOT NULL,
    stored_at        datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_report_versions PRIMARY KEY CLUSTERED (idempotency_key, version)
);

CREATE INDEX ix_report_versions_content_hash ON dbo.report_versions (idempotency_key, content_hash);
GO
-- Reports stored before this migration are their own version 1 (in a batch compiled after the column exists).
INSERT INTO dbo.report_versions (idempotency_key, version, content_hash, content, origin_topic, origin_partition, origin_offset, origin_record, stored_at)
SELECT idempotency_key, 1, content_hash, NULL, origin_topic, origin_partition, origin_offset, origin_record, stored_at FROM dbo.reports;
