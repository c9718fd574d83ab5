-- 0014_write_path_indexes (SQL Server): drops four indexes that no query reads (the SQLite file
-- says why each is unused, and what they cost the write path).
DROP INDEX ix_reports_occurred_at ON dbo.reports;
DROP INDEX ix_reports_feed_id ON dbo.reports;
DROP INDEX ix_decision_log_decided_at ON dbo.decision_log;
DROP INDEX ix_decision_log_outcome ON dbo.decision_log;
