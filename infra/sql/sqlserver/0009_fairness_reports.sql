-- 0009_fairness_reports (SQL Server): every fairness audit the pipeline ran, kept for evaluators,
-- and the roles that keep protected attributes away from the watch desk.
--
-- kind: 'evaluation' (a model's held-out predictions, at training), 'production' (decisions of a
-- time window joined with analysts' dispositions), 'gate' (the promotion gate's audit of a
-- candidate under the written policy; passed and, when a failing candidate was promoted anyway,
-- the override's reason and who gave it). Reports hold aggregates only, never a person's record.
-- The table lives in schema audit beside report_protected_attributes.

CREATE TABLE audit.fairness_reports (
    report_id        varchar(64)       COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind             varchar(16)       NOT NULL,
    model_version    nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    window_from      datetimeoffset(3) NULL,
    window_to        datetimeoffset(3) NULL,
    data_description nvarchar(1000)    NOT NULL,
    created_at       datetimeoffset(3) NOT NULL,
    created_by       nvarchar(256)     NOT NULL,
    rows_audited     bigint            NOT NULL,
    policy_sha256    varchar(64)       NULL,
    passed           bit               NULL,
    override_reason  nvarchar(1000)    NULL,
    overridden_by    nvarchar(256)     NULL,
    summary          nvarchar(max)     NOT NULL,
    report_json      nvarchar(max)     NOT NULL,
    report_html      nvarchar(max)     NOT NULL,
    CONSTRAINT pk_fairness_reports PRIMARY KEY CLUSTERED (report_id),
    CONSTRAINT ck_fairness_reports_kind CHECK (kind IN ('evaluation', 'production', 'gate'))
);

CREATE INDEX ix_fairness_reports_model ON audit.fairness_reports (model_version, created_at);
CREATE INDEX ix_fairness_reports_created_at ON audit.fairness_reports (created_at);

CREATE INDEX ix_decision_log_model_decided_at ON dbo.decision_log (model_version, decided_at);

-- Access: members of pipeline_fairness_auditor read schema audit (protected attributes and
-- fairness reports); members of pipeline_watch_desk are denied it outright, whatever else they
-- are granted. Add logins to these roles with ALTER ROLE ... ADD MEMBER (docs/fairness.md).
IF DATABASE_PRINCIPAL_ID('pipeline_fairness_auditor') IS NULL
    EXEC (N'CREATE ROLE pipeline_fairness_auditor');
IF DATABASE_PRINCIPAL_ID('pipeline_watch_desk') IS NULL
    EXEC (N'CREATE ROLE pipeline_watch_desk');
GRANT SELECT ON SCHEMA::audit TO pipeline_fairness_auditor;
DENY SELECT ON SCHEMA::audit TO pipeline_watch_desk;
