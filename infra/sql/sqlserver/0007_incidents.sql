-- 0007_incidents (SQL Server): near-duplicate and cross-feed links, and the incidents they form.
-- A report links to reports already in its partition's window; linked reports share an
-- incident; a report that links two incidents merges them, and the merge is recorded. Alerts
-- are per incident: a report joining an incident that has an alert raises no second one.
ALTER TABLE dbo.reports ADD
    incident_id       varchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    process_partition int NULL;
ALTER TABLE dbo.alerts ADD
    incident_id varchar(64) COLLATE Latin1_General_100_BIN2 NULL;
GO
CREATE INDEX ix_reports_incident ON dbo.reports (incident_id);
CREATE INDEX ix_reports_process_partition ON dbo.reports (process_partition, received_at);
CREATE INDEX ix_alerts_incident ON dbo.alerts (incident_id);

CREATE TABLE dbo.incidents (
    incident_id varchar(64)       COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at  datetimeoffset(3) NOT NULL,
    updated_at  datetimeoffset(3) NOT NULL,
    merged_into varchar(64)       COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT pk_incidents PRIMARY KEY CLUSTERED (incident_id)
);

CREATE TABLE dbo.report_links (
    report_key    nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    linked_key    nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    weight        float         NOT NULL,
    band          varchar(32)   NOT NULL CONSTRAINT ck_report_links_band CHECK (band IN ('Link', 'PossibleDuplicate')),
    features      nvarchar(max) NOT NULL,
    model_version nvarchar(100) NOT NULL,
    linked_at     datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_report_links PRIMARY KEY CLUSTERED (report_key, linked_key)
);

CREATE TABLE dbo.incident_merges (
    merged_incident  varchar(64)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    into_incident    varchar(64)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    cause_report_key nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    merged_at        datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_incident_merges PRIMARY KEY CLUSTERED (merged_incident)
);
