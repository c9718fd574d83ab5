-- 0007_incidents (SQLite): near-duplicate and cross-feed links, and the incidents they form.
-- A report links to reports already in its partition's window; linked reports share an
-- incident; a report that links two incidents merges them, and the merge is recorded. Alerts
-- are per incident: a report joining an incident that has an alert raises no second one.

-- The incident a report belongs to (NULL for reports stored before 0007), and the partition of
-- reports.normalized that processed it, from which that partition's window is rebuilt.
ALTER TABLE reports ADD COLUMN incident_id TEXT NULL;
ALTER TABLE reports ADD COLUMN process_partition INTEGER NULL;
CREATE INDEX ix_reports_incident ON reports (incident_id);
CREATE INDEX ix_reports_process_partition ON reports (process_partition, received_at);

CREATE TABLE incidents (
    incident_id  TEXT    NOT NULL PRIMARY KEY,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    merged_into  TEXT    NULL          -- set when a later report merged it into another incident
) STRICT;

-- Every pair the linker scored at or above the review threshold, with why.
CREATE TABLE report_links (
    report_key    TEXT NOT NULL,       -- the newer report
    linked_key    TEXT NOT NULL,       -- the report it was compared with
    weight        REAL NOT NULL,       -- Fellegi-Sunter match weight (bits)
    band          TEXT NOT NULL CHECK (band IN ('Link', 'PossibleDuplicate')),
    features      TEXT NOT NULL,       -- JSON: each feature's level, agreement and contribution
    model_version TEXT NOT NULL,
    linked_at     TEXT NOT NULL,
    PRIMARY KEY (report_key, linked_key)
) STRICT;

CREATE TABLE incident_merges (
    merged_incident  TEXT NOT NULL PRIMARY KEY,
    into_incident    TEXT NOT NULL,
    cause_report_key TEXT NOT NULL,    -- the report that linked both
    merged_at        TEXT NOT NULL
) STRICT;

ALTER TABLE alerts ADD COLUMN incident_id TEXT NULL;
CREATE INDEX ix_alerts_incident ON alerts (incident_id);
