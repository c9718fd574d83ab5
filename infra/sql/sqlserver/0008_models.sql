-- 0008_models (SQL Server): the ISE-SAR scoring model's registry, analysts' labels, and why each
-- alert was raised.
--
-- A trained model is registered as a Candidate with its file's bytes; promoting one makes it the
-- model every worker scores with and retires the one it replaces. At most one model is Promoted
-- at a time (the filtered unique index). model_promotions is the append-only history of it all.

CREATE TABLE dbo.models (
    version            nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at         datetimeoffset(3) NOT NULL,   -- when the model was trained
    registered_at      datetimeoffset(3) NOT NULL,
    sha256             varchar(64)       COLLATE Latin1_General_100_BIN2 NOT NULL, -- lower-case hex SHA-256 of artifact
    training_data_hash nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    metadata           nvarchar(max)     NOT NULL,   -- the model's metadata JSON, as given
    artifact           varbinary(max)    NOT NULL,   -- the model file's bytes
    status             varchar(16)       NOT NULL,
    promoted_at        datetimeoffset(3) NULL,
    promoted_by        nvarchar(256)     NULL,
    promotion_reason   nvarchar(1000)    NULL,
    CONSTRAINT pk_models PRIMARY KEY CLUSTERED (version),
    CONSTRAINT ck_models_status CHECK (status IN ('Candidate', 'Promoted', 'Retired'))
);

CREATE UNIQUE INDEX ux_models_promoted ON dbo.models (status) WHERE status = 'Promoted';

CREATE TABLE dbo.model_promotions (
    id      bigint            IDENTITY(1, 1) NOT NULL,
    version nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    action  varchar(16)       NOT NULL,
    at      datetimeoffset(3) NOT NULL,
    actor   nvarchar(256)     NOT NULL,
    reason  nvarchar(1000)    NULL,
    CONSTRAINT pk_model_promotions PRIMARY KEY CLUSTERED (id),
    CONSTRAINT fk_model_promotions_models FOREIGN KEY (version) REFERENCES dbo.models (version),
    CONSTRAINT ck_model_promotions_action CHECK (action IN ('Registered', 'Promoted', 'Retired'))
);

-- Analysts' dispositions, usable as training labels: the ISE-SAR categories a vetted report
-- belongs to ([] when vetted as not ISE-SAR). A new label for a report replaces the old one.
CREATE TABLE dbo.report_labels (
    report_key  nvarchar(256)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    categories  nvarchar(1000)    NOT NULL,   -- JSON array of ISE-SAR category codes
    labelled_by nvarchar(256)     NOT NULL,
    labelled_at datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_report_labels PRIMARY KEY CLUSTERED (report_key),
    CONSTRAINT fk_report_labels_reports FOREIGN KEY (report_key) REFERENCES dbo.reports (idempotency_key)
);

CREATE INDEX ix_report_labels_labelled_at ON dbo.report_labels (labelled_at);

-- The features that contributed most to the alert's scores: JSON array of {category, feature,
-- contribution}; NULL for alerts raised before explanations were recorded.
ALTER TABLE dbo.alerts ADD explanation nvarchar(max) NULL;
