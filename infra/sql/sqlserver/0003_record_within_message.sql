-- 0003_record_within_message (SQL Server): one raw Kafka message may carry several records (CSV
-- rows, a JSON array, an XML document), so a receipt is keyed by the record's position within
-- its message as well, and a report keeps that position. Rows written before this migration came
-- from one-record messages: adding the columns NOT NULL with a default gives them position 0.
ALTER TABLE dbo.report_receipts ADD
    origin_record int NOT NULL CONSTRAINT df_report_receipts_origin_record DEFAULT 0;
ALTER TABLE dbo.reports ADD
    origin_record int NOT NULL CONSTRAINT df_reports_origin_record DEFAULT 0;
GO
-- The new column can be named only in a batch compiled after it exists, hence the GO above.
ALTER TABLE dbo.report_receipts DROP CONSTRAINT pk_report_receipts;
ALTER TABLE dbo.report_receipts ADD CONSTRAINT pk_report_receipts
    PRIMARY KEY CLUSTERED (origin_topic, origin_partition, origin_offset, origin_record);
