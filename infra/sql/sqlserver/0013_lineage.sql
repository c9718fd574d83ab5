-- 0013_lineage (SQL Server): where every report came from and what each stage did with it
-- (the SQLite file explains each table).
--
-- raw_records holds everything the source sent, privacy fields and protected attributes
-- included: it lives in its own schema, archive, read by replay only. The watch desk is denied it
-- outright; lineage shows the raw record's hash and size, which the lineage rows carry.
CREATE SCHEMA archive AUTHORIZATION dbo;
GO

CREATE TABLE archive.raw_records (
    origin_topic     nvarchar(249)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin_partition int               NOT NULL,
    origin_offset    bigint            NOT NULL,
    feed_id          nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    published_at     datetimeoffset(3) NULL,
    received_at      datetimeoffset(3) NOT NULL,
    sha256           char(64)          NOT NULL,
    size             int               NOT NULL,
    content          varbinary(max)    NOT NULL, -- Brotli
    CONSTRAINT pk_raw_records PRIMARY KEY CLUSTERED (origin_topic, origin_partition, origin_offset)
);

CREATE INDEX ix_raw_records_feed_received ON archive.raw_records (feed_id, received_at);

IF DATABASE_PRINCIPAL_ID('pipeline_watch_desk') IS NULL
    EXEC (N'CREATE ROLE pipeline_watch_desk');
DENY SELECT ON SCHEMA::archive TO pipeline_watch_desk;

CREATE TABLE dbo.lineage (
    report_key  nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    pass        nvarchar(400)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    recorded_at datetimeoffset(3) NOT NULL,
    seq         int               NOT NULL,
    events      nvarchar(max)     NOT NULL,
    CONSTRAINT pk_lineage PRIMARY KEY CLUSTERED (report_key, pass)
);
