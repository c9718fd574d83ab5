-- 0010_watch_desk (SQL Server): the watch desk's queue, vetting workflow, users and audit trail.
--
-- alerts gains:
-- * urgency 1 (most urgent) to 4, computed when the alert is raised (AlertUrgency in
--   Pipeline.Storage): points = 2 for priority >= 0.8, 1 for priority >= 0.5, else 0; + 1 when the
--   top category is in ISE-SAR group A; + 1 when the report names a target sector; urgency =
--   max(1, 4 - points). Existing rows are backfilled below with the same rule.
-- * due_at, the SLA deadline: raised_at + 1 h, 4 h, 24 h or 72 h for urgency 1 to 4, stored so
--   that "overdue" is a range query (due_at < now) on an indexed column.
-- * assignee, claimed_at, and the analyst's disposition (IseSar, NotIseSar, NeedsInformation)
--   with its code and comment.
-- * a wider status: New, InReview, Vetted, NeedsInformation, Shared, Closed (ck_alerts_status,
--   named in 0001, is dropped and added again).
-- The new columns are named only in batches after the one that adds them.
ALTER TABLE dbo.alerts ADD
    urgency             tinyint           NOT NULL CONSTRAINT df_alerts_urgency DEFAULT 4,
    due_at              datetimeoffset(3) NULL,
    assignee            nvarchar(256)     COLLATE Latin1_General_100_BIN2 NULL,
    claimed_at          datetimeoffset(3) NULL,
    disposition         varchar(32)       NULL,
    disposition_code    nvarchar(64)      NULL,
    disposition_comment nvarchar(2000)    NULL;

ALTER TABLE dbo.alerts DROP CONSTRAINT ck_alerts_status;
ALTER TABLE dbo.alerts ADD CONSTRAINT ck_alerts_status
    CHECK (status IN ('New', 'InReview', 'Vetted', 'NeedsInformation', 'Shared', 'Closed'));
GO

UPDATE a
SET urgency = CASE WHEN points >= 3 THEN 1 ELSE 4 - points END
FROM dbo.alerts a
LEFT JOIN dbo.reports r ON r.idempotency_key = a.report_key
CROSS APPLY (SELECT
      (CASE WHEN a.priority >= 0.8 THEN 2 WHEN a.priority >= 0.5 THEN 1 ELSE 0 END)
    + (CASE WHEN a.top_category IN ('INTRSN', 'MISREP', 'THEFT', 'SABOT', 'CYBER', 'THREAT', 'AVIATION') THEN 1 ELSE 0 END)
    + (CASE WHEN r.target_sector IS NOT NULL AND r.target_sector <> N'' THEN 1 ELSE 0 END) AS points) p;

UPDATE dbo.alerts
SET due_at = DATEADD(hour, CASE urgency WHEN 1 THEN 1 WHEN 2 THEN 4 WHEN 3 THEN 24 ELSE 72 END, raised_at);

ALTER TABLE dbo.alerts ALTER COLUMN due_at datetimeoffset(3) NOT NULL;
ALTER TABLE dbo.alerts ADD
    CONSTRAINT ck_alerts_urgency CHECK (urgency BETWEEN 1 AND 4),
    CONSTRAINT ck_alerts_disposition CHECK (disposition IN ('IseSar', 'NotIseSar', 'NeedsInformation'));
GO

-- ix_alerts_status_priority (0001) ordered the queue by priority; the queue is now ordered by
-- urgency, and SQLite's planner read every open alert through it and sorted (dropped there too).
DROP INDEX ix_alerts_status_priority ON dbo.alerts;

-- The queue's first page: open alerts (New, InReview, NeedsInformation) ordered by urgency, then
-- oldest first, then alert_id (a total order, for keyset paging). A filtered index over open
-- alerts only, in exactly that order, so the first page is the index's first 50 entries: no sort,
-- and closed alerts (most rows, in time) are not even in it. status, top_category, feed_id and
-- assignee are included so that the common filters are checked on the index entry itself. The
-- query repeats the predicate "status IN ('New', 'InReview', 'NeedsInformation')" literally, so
-- a parameterized plan can still match the filtered index.
CREATE INDEX ix_alerts_queue ON dbo.alerts (urgency, raised_at, alert_id)
    INCLUDE (status, top_category, feed_id, assignee, report_key, priority, due_at)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- The category filter, the most common one: the same order within one category.
CREATE INDEX ix_alerts_queue_category ON dbo.alerts (top_category, urgency, raised_at, alert_id)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- "My alerts": an analyst's claimed open alerts, in queue order.
CREATE INDEX ix_alerts_queue_assignee ON dbo.alerts (assignee, urgency, raised_at, alert_id)
    WHERE status IN ('New', 'InReview', 'NeedsInformation');

-- The other statuses (Vetted, Shared, Closed lists) in queue order, likewise filtered. A query
-- mixing open and closed statuses uses neither and sorts (rare: an audit view). Then the overdue
-- range query.
CREATE INDEX ix_alerts_closed_queue ON dbo.alerts (status, urgency, raised_at, alert_id)
    WHERE status IN ('Vetted', 'Shared', 'Closed');
CREATE INDEX ix_alerts_due_at ON dbo.alerts (due_at);

-- Every workflow change of an alert (claim, disposition, reopen, share), append-only: the store
-- has no update or delete for it.
CREATE TABLE dbo.alert_history (
    id          bigint IDENTITY(1, 1) NOT NULL,
    alert_id    nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    at          datetimeoffset(3) NOT NULL,
    actor       nvarchar(256)     NOT NULL,
    action      varchar(16)       NOT NULL,
    from_status varchar(16)       NOT NULL,
    to_status   varchar(16)       NOT NULL,
    disposition varchar(32)       NULL,
    comment     nvarchar(2000)    NULL,
    CONSTRAINT pk_alert_history PRIMARY KEY CLUSTERED (id),
    CONSTRAINT fk_alert_history_alerts FOREIGN KEY (alert_id) REFERENCES dbo.alerts (alert_id),
    CONSTRAINT ck_alert_history_action CHECK (action IN ('Claim', 'Disposition', 'Reopen', 'Share'))
);

CREATE INDEX ix_alert_history_alert ON dbo.alert_history (alert_id, id);

-- The desk's local accounts (the embedded default; production may authenticate elsewhere).
-- password_hash is PasswordHasher's "pbkdf2-sha256$iterations$salt$hash", never a password.
CREATE TABLE dbo.desk_users (
    user_name            nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    display_name         nvarchar(256)     NOT NULL,
    role                 varchar(16)       NOT NULL,
    password_hash        varchar(256)      NOT NULL,
    must_change_password bit               NOT NULL,
    created_at           datetimeoffset(3) NOT NULL,
    disabled             bit               NOT NULL CONSTRAINT df_desk_users_disabled DEFAULT 0,
    CONSTRAINT pk_desk_users PRIMARY KEY CLUSTERED (user_name),
    CONSTRAINT ck_desk_users_role CHECK (role IN ('analyst', 'supervisor', 'auditor', 'engineer'))
);

-- 28 CFR Part 23 audit trail: every view, search and change, append-only. target is an alert id
-- or the SHA-256 of a search's text, never the text itself nor a narrative: those may hold PII.
CREATE TABLE dbo.desk_audit_log (
    id             bigint IDENTITY(1, 1) NOT NULL,
    at             datetimeoffset(3) NOT NULL,
    actor          nvarchar(256)     NOT NULL,
    role           varchar(16)       NOT NULL,
    action         varchar(16)       NOT NULL,
    target         nvarchar(256)     NULL,
    reason         nvarchar(1000)    NULL,
    client_address varchar(64)       NULL,
    CONSTRAINT pk_desk_audit_log PRIMARY KEY CLUSTERED (id),
    CONSTRAINT ck_desk_audit_log_action CHECK (action IN ('view', 'search', 'change', 'export', 'share', 'login', 'login-failed'))
);

CREATE INDEX ix_desk_audit_log_at ON dbo.desk_audit_log (at);
CREATE INDEX ix_desk_audit_log_actor ON dbo.desk_audit_log (actor, at);

-- Dissemination log (28 CFR 23.20(e)): who shared which alert with whom, why, and in which form.
CREATE TABLE dbo.disseminations (
    id               bigint IDENTITY(1, 1) NOT NULL,
    alert_id         nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    shared_at        datetimeoffset(3) NOT NULL,
    shared_by        nvarchar(256)     NOT NULL,
    recipient_agency nvarchar(256)     NOT NULL,
    need_to_know     nvarchar(1000)    NOT NULL,
    form             varchar(16)       NOT NULL,
    CONSTRAINT pk_disseminations PRIMARY KEY CLUSTERED (id),
    CONSTRAINT fk_disseminations_alerts FOREIGN KEY (alert_id) REFERENCES dbo.alerts (alert_id),
    CONSTRAINT ck_disseminations_form CHECK (form IN ('Summary', 'Detailed'))
);

CREATE INDEX ix_disseminations_alert ON dbo.disseminations (alert_id, shared_at);
