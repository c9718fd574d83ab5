-- 0011_alert_changes (SQL Server): the watch desk's live updates ask once a second which alerts
-- were raised or changed since the last poll; without this index that is a scan of every alert.
CREATE INDEX ix_alerts_updated_at ON dbo.alerts (updated_at);
