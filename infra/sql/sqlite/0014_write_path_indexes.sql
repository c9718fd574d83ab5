-- 0014_write_path_indexes (SQLite): drops four indexes that no query reads.
--
-- Every report pays for each index on its rows, in every batch: the Process role's store
-- transaction is the pipeline's critical path (docs/operations.md, "Performance").
--
-- - ix_reports_occurred_at and ix_reports_feed_id: no query selects or orders reports by the time
--   of occurrence, nor by feed. A report's occurrence time is also the least ordered of its times
--   (a SAR can be filed days after the fact), so each insert lands on a different leaf page. Over
--   75-report transactions (a steady 2,000 records/s) these two were a quarter of the bytes
--   written to the WAL: 34.1 → 25.5 KB per report.
-- - ix_decision_log_decided_at and ix_decision_log_outcome: the fairness audit reads a model's
--   decisions by (model_version, decided_at), ix_decision_log_model_decided_at (0009); replay and
--   retention read by report key, the primary key.
DROP INDEX ix_reports_occurred_at;
DROP INDEX ix_reports_feed_id;
DROP INDEX ix_decision_log_decided_at;
DROP INDEX ix_decision_log_outcome;
