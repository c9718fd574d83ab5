-- 0005_geocoding (SQLite): where each report was placed and how, the geocoder's persistent
-- cache, and the local gazetteer that `pipeline geo import` loads from a fusion center's files.

-- How the report's coordinates were found (Pipeline.Geo's provider chain), and where they fall.
ALTER TABLE reports ADD COLUMN geo_provider TEXT NULL;         -- "record", "gazetteer", "centroids", "pelias"...
ALTER TABLE reports ADD COLUMN geo_matched_address TEXT NULL;  -- the address the provider matched
ALTER TABLE reports ADD COLUMN geo_confidence REAL NULL;       -- 0..1
ALTER TABLE reports ADD COLUMN jurisdictions TEXT NULL;        -- JSON array of jurisdiction ids, broadest first

-- One answer per normalized address (its cache key, which includes the city/state/ZIP context),
-- found or not; entries from the local sources are dropped when the gazetteer is re-imported.
CREATE TABLE geocode_cache (
    cache_key       TEXT    NOT NULL PRIMARY KEY,
    found           INTEGER NOT NULL,
    latitude        REAL    NULL,
    longitude       REAL    NULL,
    precision       TEXT    NOT NULL,
    provider        TEXT    NOT NULL,
    matched_address TEXT    NULL,
    confidence      REAL    NOT NULL,
    cached_at       TEXT    NOT NULL
) STRICT;

CREATE TABLE gazetteer_address_points (
    number           INTEGER NOT NULL,
    number_suffix    TEXT    NULL,
    pre_directional  TEXT    NULL,
    street_name      TEXT    NOT NULL,
    street_suffix    TEXT    NULL,
    post_directional TEXT    NULL,
    unit             TEXT    NULL,
    city             TEXT    NULL,
    state            TEXT    NULL,
    postal_code      TEXT    NULL,
    latitude         REAL    NOT NULL,
    longitude        REAL    NOT NULL
) STRICT;

CREATE TABLE gazetteer_street_segments (
    pre_directional  TEXT    NULL,
    street_name      TEXT    NOT NULL,
    street_suffix    TEXT    NULL,
    post_directional TEXT    NULL,
    left_from        INTEGER NULL,
    left_to          INTEGER NULL,
    right_from       INTEGER NULL,
    right_to         INTEGER NULL,
    city             TEXT    NULL,
    state            TEXT    NULL,
    postal_code      TEXT    NULL,
    line_wkt         TEXT    NOT NULL   -- LINESTRING (lon lat, ...) in WGS84, in address order
) STRICT;

-- Every import: what kind, from which file (its name only), how many rows went in or were skipped.
CREATE TABLE gazetteer_imports (
    kind          TEXT    NOT NULL,
    source_name   TEXT    NOT NULL,
    rows_imported INTEGER NOT NULL,
    rows_skipped  INTEGER NOT NULL,
    imported_at   TEXT    NOT NULL
) STRICT;
