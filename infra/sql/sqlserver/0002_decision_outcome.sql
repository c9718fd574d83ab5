-- 0002_decision_outcome (SQL Server): why each decision came out as it did: an alert, a hold
-- for analyst review (the Group B guardrail), or below the threshold. Rows written before this
-- migration become 'Alerted' when they alerted and 'BelowThreshold' otherwise.
ALTER TABLE dbo.decision_log ADD
    outcome varchar(16)    NOT NULL CONSTRAINT df_decision_log_outcome DEFAULT 'BelowThreshold',
    reason  nvarchar(400)  NOT NULL CONSTRAINT df_decision_log_reason DEFAULT N'';
GO
ALTER TABLE dbo.decision_log ADD CONSTRAINT ck_decision_log_outcome
    CHECK (outcome IN ('Alerted', 'HeldForReview', 'BelowThreshold'));
UPDATE dbo.decision_log SET outcome = 'Alerted' WHERE alerted = 1;
CREATE INDEX ix_decision_log_outcome ON dbo.decision_log (outcome, decided_at);
