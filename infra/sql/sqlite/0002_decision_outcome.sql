-- Why each decision came out as it did: an alert, a hold for analyst review (the Group B
-- guardrail), or below the threshold. Rows written before this migration keep what they had:
-- alerted ones become 'Alerted', the rest 'BelowThreshold' (holds were not told apart then).
ALTER TABLE decision_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'BelowThreshold'
    CHECK (outcome IN ('Alerted', 'HeldForReview', 'BelowThreshold'));
ALTER TABLE decision_log ADD COLUMN reason TEXT NOT NULL DEFAULT '';
UPDATE decision_log SET outcome = 'Alerted' WHERE alerted = 1;
CREATE INDEX ix_decision_log_outcome ON decision_log (outcome, decided_at);
