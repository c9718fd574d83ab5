-- 0012_retention (SQL Server): 28 CFR Part 23 retention. Every retained report is reviewed and
-- re-validated within the retention period (5 years by default) or purged; a report vetted as not
-- ISE-SAR is purged after a shorter period. `pipeline retention run` does it (RetentionStore).
--
-- reports gains revalidated_at and revalidated_by: the last re-validation, if any. A report is due
-- when the later of received_at and revalidated_at is older than the retention period.
-- The new columns are named only in batches after the one that adds them.
ALTER TABLE dbo.reports ADD
    revalidated_at datetimeoffset(3) NULL,
    revalidated_by nvarchar(256)     NULL;
GO

-- The purge scan: "received_at < cutoff AND (revalidated_at IS NULL OR revalidated_at < cutoff)",
-- a range on the key with the other test on the index entry itself.
CREATE INDEX ix_reports_received_at ON dbo.reports (received_at) INCLUDE (revalidated_at, feed_id);

-- One row per purged report, written in the same transaction as the deletion, append-only: the
-- store has no update or delete for it. It keeps the key, feed and times only, never content.
-- Dry runs write nothing here.
CREATE TABLE dbo.purge_log (
    id             bigint IDENTITY(1, 1) NOT NULL,
    purged_at      datetimeoffset(3) NOT NULL,
    run_id         varchar(64)       COLLATE Latin1_General_100_BIN2 NOT NULL,
    report_key     nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    feed_id        nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason         varchar(32)       NOT NULL,
    rule           nvarchar(200)     NOT NULL,
    received_at    datetimeoffset(3) NOT NULL,
    revalidated_at datetimeoffset(3) NULL,
    CONSTRAINT pk_purge_log PRIMARY KEY CLUSTERED (id),
    CONSTRAINT ck_purge_log_reason CHECK (reason IN ('retention-period', 'not-ise-sar'))
);

CREATE INDEX ix_purge_log_purged_at ON dbo.purge_log (purged_at);
CREATE INDEX ix_purge_log_report_key ON dbo.purge_log (report_key);

-- A re-validation of a report that has an alert is recorded in the alert's history as action
-- 'Revalidate' (ck_alert_history_action, named in 0010, is dropped and added again).
ALTER TABLE dbo.alert_history DROP CONSTRAINT ck_alert_history_action;
ALTER TABLE dbo.alert_history ADD CONSTRAINT ck_alert_history_action
    CHECK (action IN ('Claim', 'Disposition', 'Reopen', 'Share', 'Revalidate'));
