-- 0009_fairness_reports (SQLite): every fairness audit the pipeline ran, kept for evaluators.
--
-- kind: 'evaluation' (a model's held-out predictions, at training), 'production' (decisions of a
-- time window joined with analysts' dispositions), 'gate' (the promotion gate's audit of a
-- candidate under the written policy; passed and, when a failing candidate was promoted anyway,
-- the override's reason and who gave it). Reports hold aggregates only (group counts and rates,
-- feature names of proxies), never a person's record. SQLite has no per-table permissions: like
-- report_protected_attributes, only the fairness code reads this table; in SQL Server it lives in
-- schema audit with the protected attributes, granted to the fairness-auditor role alone.

CREATE TABLE fairness_reports (
    report_id       TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('evaluation', 'production', 'gate')),
    model_version   TEXT    NOT NULL,
    window_from     TEXT    NULL,
    window_to       TEXT    NULL,
    data_description TEXT   NOT NULL,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    rows_audited    INTEGER NOT NULL,
    policy_sha256   TEXT    NULL,
    passed          INTEGER NULL CHECK (passed IN (0, 1)),
    override_reason TEXT    NULL,
    overridden_by   TEXT    NULL,
    summary         TEXT    NOT NULL,    -- the plain-English sentences, one per line
    report_json     TEXT    NOT NULL,    -- schema pipeline.fairness-audit/1
    report_html     TEXT    NOT NULL     -- the self-contained page
) STRICT;

CREATE INDEX ix_fairness_reports_model ON fairness_reports (model_version, created_at);
CREATE INDEX ix_fairness_reports_created_at ON fairness_reports (created_at);

-- The production audit reads one model's decisions of a window.
CREATE INDEX ix_decision_log_model_decided_at ON decision_log (model_version, decided_at);
