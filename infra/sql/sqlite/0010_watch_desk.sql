-- 0010_watch_desk (SQLite): the watch desk's queue, vetting workflow, users and audit trail.
--
-- alerts gains:
-- * urgency 1 (most urgent) to 4, computed when the alert is raised (AlertUrgency in
--   Pipeline.Storage): points = 2 for priority >= 0.8, 1 for priority >= 0.5, else 0; + 1 when the
--   top category is in ISE-SAR group A; + 1 when the report names a target sector; urgency =
--   max(1, 4 - points). Existing rows are backfilled below with the same rule.
-- * due_at, the SLA deadline: raised_at + 1 h, 4 h, 24 h or 72 h for urgency 1 to 4, stored so
--   that "overdue" is a range query (due_at < now) on an indexed column. Same text format as
--   every other time: the hours are added by strftime and the fraction and offset copied over.
-- * assignee, claimed_at, and the analyst's disposition (IseSar, NotIseSar, NeedsInformation)
--   with its code and comment.
-- * a wider status: New, InReview, Vetted, NeedsInformation, Shared, Closed.
--
-- SQLite cannot change a CHECK constraint in place, so alerts is rebuilt as 0003 rebuilt
-- report_receipts: new table, rows copied, old table dropped (its indexes go with it), new one
-- renamed, every index recreated. Nothing references alerts, so the rename rewrites nothing.

CREATE TABLE alerts_0010 (
    alert_id            TEXT    NOT NULL PRIMARY KEY,
    report_key          TEXT    NOT NULL UNIQUE REFERENCES reports (idempotency_key),
    feed_id             TEXT    NOT NULL,
    top_category        TEXT    NOT NULL,
    priority            REAL    NOT NULL,
    scores              TEXT    NOT NULL, -- JSON array of {category, score}
    model_version       TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('New', 'InReview', 'Vetted', 'NeedsInformation', 'Shared', 'Closed')),
    raised_at           TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    incident_id         TEXT    NULL,
    explanation         TEXT    NULL,
    urgency             INTEGER NOT NULL DEFAULT 4 CHECK (urgency BETWEEN 1 AND 4),
    due_at              TEXT    NOT NULL DEFAULT '',
    assignee            TEXT    NULL,
    claimed_at          TEXT    NULL,
    disposition         TEXT    NULL CHECK (disposition IN ('IseSar', 'NotIseSar', 'NeedsInformation')),
    disposition_code    TEXT    NULL,
    disposition_comment TEXT    NULL
) STRICT;

INSERT INTO alerts_0010
    (alert_id, report_key, feed_id, top_category, priority, scores, model_version, status, raised_at, updated_at, incident_id, explanation, urgency)
SELECT a.alert_id, a.report_key, a.feed_id, a.top_category, a.priority, a.scores, a.model_version, a.status, a.raised_at, a.updated_at,
       a.incident_id, a.explanation,
       max(1, 4
           - (CASE WHEN a.priority >= 0.8 THEN 2 WHEN a.priority >= 0.5 THEN 1 ELSE 0 END)
           - (CASE WHEN a.top_category IN ('INTRSN', 'MISREP', 'THEFT', 'SABOT', 'CYBER', 'THREAT', 'AVIATION') THEN 1 ELSE 0 END)
           - (CASE WHEN r.target_sector IS NOT NULL AND r.target_sector <> '' THEN 1 ELSE 0 END))
FROM alerts a
LEFT JOIN reports r ON r.idempotency_key = a.report_key;

UPDATE alerts_0010
SET due_at = strftime('%Y-%m-%dT%H:%M:%S', raised_at,
                 CASE urgency WHEN 1 THEN '+1 hours' WHEN 2 THEN '+4 hours' WHEN 3 THEN '+24 hours' ELSE '+72 hours' END)
             || substr(raised_at, 20);

DROP TABLE alerts;
ALTER TABLE alerts_0010 RENAME TO alerts;

-- The indexes the old table had (0001, 0007), except ix_alerts_status_priority (status, priority
-- DESC): the queue is now ordered by urgency, and with that index present SQLite answered the
-- open queue's "status IN (...)" by reading every open alert through it and sorting them (about
-- 0.7 s at 1,000,000 alerts) instead of reading the first 50 entries of ix_alerts_queue.
CREATE INDEX ix_alerts_top_category ON alerts (top_category);
CREATE INDEX ix_alerts_incident ON alerts (incident_id);

-- The queue's first page: open alerts (New, InReview, NeedsInformation) ordered by urgency, then
-- oldest first, then alert_id (a total order, for keyset paging). A partial index over open
-- alerts only, in exactly that order, so the first page is the index's first 50 entries: no sort,
-- and closed alerts (most rows, in time) are not even in it. status, top_category, feed_id and
-- assignee follow the key so that the common filters are checked on the index entry itself,
-- without a table lookup for rows the filter rejects. The query must repeat the predicate
-- "status IN ('New', 'InReview', 'NeedsInformation')" literally for SQLite to use it.
CREATE INDEX ix_alerts_queue ON alerts (urgency, raised_at, alert_id, status, top_category, feed_id, assignee)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- The category filter, the most common one: the same order within one category, so a rare
-- category's first page does not scan the whole queue index.
CREATE INDEX ix_alerts_queue_category ON alerts (top_category, urgency, raised_at, alert_id)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- "My alerts": an analyst's claimed open alerts, in queue order.
CREATE INDEX ix_alerts_queue_assignee ON alerts (assignee, urgency, raised_at, alert_id)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- The other statuses (Vetted, Shared, Closed lists) in queue order, likewise partial: an index
-- over every status would again tempt the planner into read-everything-and-sort for the open
-- queue. A query mixing open and closed statuses uses neither and sorts (rare: an audit view).
-- Then the overdue range query.
CREATE INDEX ix_alerts_closed_queue ON alerts (status, urgency, raised_at, alert_id)
    WHERE status IN ('Vetted', 'Shared', 'Closed');
CREATE INDEX ix_alerts_due_at ON alerts (due_at);

-- Every workflow change of an alert (claim, disposition, reopen, share), append-only: the store
-- has no update or delete for it.
CREATE TABLE alert_history (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT    NOT NULL REFERENCES alerts (alert_id),
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('Claim', 'Disposition', 'Reopen', 'Share')),
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    disposition TEXT    NULL,
    comment     TEXT    NULL
) STRICT;

CREATE INDEX ix_alert_history_alert ON alert_history (alert_id, id);

-- The desk's local accounts (the embedded default; production may authenticate elsewhere).
-- password_hash is PasswordHasher's "pbkdf2-sha256$iterations$salt$hash", never a password.
CREATE TABLE desk_users (
    user_name            TEXT    NOT NULL PRIMARY KEY,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('analyst', 'supervisor', 'auditor', 'engineer')),
    password_hash        TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at           TEXT    NOT NULL,
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

-- 28 CFR Part 23 audit trail: every view, search and change, append-only. target is an alert id
-- or the SHA-256 of a search's text, never the text itself nor a narrative: those may hold PII.
CREATE TABLE desk_audit_log (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at             TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    action         TEXT    NOT NULL CHECK (action IN ('view', 'search', 'change', 'export', 'share', 'login', 'login-failed')),
    target         TEXT    NULL,
    reason         TEXT    NULL,
    client_address TEXT    NULL
) STRICT;

CREATE INDEX ix_desk_audit_log_at ON desk_audit_log (at);
CREATE INDEX ix_desk_audit_log_actor ON desk_audit_log (actor, at);

-- Dissemination log (28 CFR 23.20(e)): who shared which alert with whom, why, and in which form.
CREATE TABLE disseminations (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id         TEXT    NOT NULL REFERENCES alerts (alert_id),
    shared_at        TEXT    NOT NULL,
    shared_by        TEXT    NOT NULL,
    recipient_agency TEXT    NOT NULL,
    need_to_know     TEXT    NOT NULL,
    form             TEXT    NOT NULL CHECK (form IN ('Summary', 'Detailed'))
) STRICT;

CREATE INDEX ix_disseminations_alert ON disseminations (alert_id, shared_at);
