-- 0008_models (SQLite): the ISE-SAR scoring model's registry, analysts' labels, and why each
-- alert was raised.
--
-- A trained model is registered as a Candidate with its file's bytes; promoting one makes it the
-- model every worker scores with and retires the one it replaces. At most one model is Promoted
-- at a time (the partial unique index). model_promotions is the append-only history of it all.

CREATE TABLE models (
    version            TEXT NOT NULL PRIMARY KEY CHECK (length(version) BETWEEN 1 AND 100),
    created_at         TEXT NOT NULL,        -- when the model was trained
    registered_at      TEXT NOT NULL,
    sha256             TEXT NOT NULL,        -- lower-case hex SHA-256 of artifact
    training_data_hash TEXT NOT NULL,
    metadata           TEXT NOT NULL,        -- the model's metadata JSON, as given
    artifact           BLOB NOT NULL,        -- the model file's bytes
    status             TEXT NOT NULL CHECK (status IN ('Candidate', 'Promoted', 'Retired')),
    promoted_at        TEXT NULL,
    promoted_by        TEXT NULL,
    promotion_reason   TEXT NULL
) STRICT;

CREATE UNIQUE INDEX ux_models_promoted ON models (status) WHERE status = 'Promoted';

CREATE TABLE model_promotions (
    id      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    version TEXT    NOT NULL REFERENCES models (version),
    action  TEXT    NOT NULL CHECK (action IN ('Registered', 'Promoted', 'Retired')),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    reason  TEXT    NULL
) STRICT;

-- Analysts' dispositions, usable as training labels: the ISE-SAR categories a vetted report
-- belongs to ([] when vetted as not ISE-SAR). A new label for a report replaces the old one.
CREATE TABLE report_labels (
    report_key  TEXT NOT NULL PRIMARY KEY REFERENCES reports (idempotency_key),
    categories  TEXT NOT NULL,               -- JSON array of ISE-SAR category codes
    labelled_by TEXT NOT NULL,
    labelled_at TEXT NOT NULL
) STRICT;

CREATE INDEX ix_report_labels_labelled_at ON report_labels (labelled_at);

-- The features that contributed most to the alert's scores: JSON array of {category, feature,
-- contribution}; NULL for alerts raised before explanations were recorded.
ALTER TABLE alerts ADD COLUMN explanation TEXT NULL;
