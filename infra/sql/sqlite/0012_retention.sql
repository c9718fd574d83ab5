-- 0012_retention (SQLite): 28 CFR Part 23 retention. Every retained report is reviewed and
-- re-validated within the retention period (5 years by default) or purged; a report vetted as not
-- ISE-SAR is purged after a shorter period. `pipeline retention run` does it (RetentionStore).
--
-- reports gains revalidated_at and revalidated_by: the last re-validation, if any. A report is due
-- when the later of received_at and revalidated_at is older than the retention period.

ALTER TABLE reports ADD COLUMN revalidated_at TEXT NULL;
ALTER TABLE reports ADD COLUMN revalidated_by TEXT NULL;

-- The purge scan: "received_at < cutoff AND (revalidated_at IS NULL OR revalidated_at < cutoff)",
-- a range on the index's first column checked on the entry itself, without a table lookup.
CREATE INDEX ix_reports_received_at ON reports (received_at, revalidated_at);

-- One row per purged report, written in the same transaction as the deletion, append-only: the
-- store has no update or delete for it. It keeps the key, feed and times only, never content.
-- Dry runs write nothing here.
CREATE TABLE purge_log (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    purged_at      TEXT    NOT NULL,
    run_id         TEXT    NOT NULL,
    report_key     TEXT    NOT NULL,
    feed_id        TEXT    NOT NULL,
    reason         TEXT    NOT NULL CHECK (reason IN ('retention-period', 'not-ise-sar')),
    rule           TEXT    NOT NULL,  -- e.g. "5 years since received, not re-validated"
    received_at    TEXT    NOT NULL,
    revalidated_at TEXT    NULL
) STRICT;

CREATE INDEX ix_purge_log_purged_at ON purge_log (purged_at);
CREATE INDEX ix_purge_log_report_key ON purge_log (report_key);

-- A re-validation of a report that has an alert is recorded in the alert's history as action
-- 'Revalidate'. SQLite cannot change a CHECK constraint in place, so alert_history is rebuilt as
-- 0010 rebuilt alerts: new table, rows copied (ids kept), old table dropped (its index goes with
-- it), new one renamed, index recreated. Nothing references alert_history.
CREATE TABLE alert_history_0012 (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT    NOT NULL REFERENCES alerts (alert_id),
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('Claim', 'Disposition', 'Reopen', 'Share', 'Revalidate')),
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    disposition TEXT    NULL,
    comment     TEXT    NULL
) STRICT;

INSERT INTO alert_history_0012 (id, alert_id, at, actor, action, from_status, to_status, disposition, comment)
SELECT id, alert_id, at, actor, action, from_status, to_status, disposition, comment FROM alert_history;

DROP TABLE alert_history;
ALTER TABLE alert_history_0012 RENAME TO alert_history;
CREATE INDEX ix_alert_history_alert ON alert_history (alert_id, id);
