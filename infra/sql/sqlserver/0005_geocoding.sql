-- 0005_geocoding (SQL Server): where each report was placed and how, the geocoder's persistent
-- cache, and the local gazetteer that `pipeline geo import` loads from a fusion center's files.

-- How the report's coordinates were found (Pipeline.Geo's provider chain), and where they fall.
ALTER TABLE dbo.reports ADD
    geo_provider        varchar(32)    NULL,   -- "record", "gazetteer", "centroids", "pelias"...
    geo_matched_address nvarchar(1000) NULL,   -- the address the provider matched
    geo_confidence      float          NULL,   -- 0..1
    jurisdictions       nvarchar(max)  NULL;   -- JSON array of jurisdiction ids, broadest first

-- One answer per normalized address (its cache key, which includes the city/state/ZIP context),
-- found or not; entries from the local sources are dropped when the gazetteer is re-imported.
CREATE TABLE dbo.geocode_cache (
    cache_key       nvarchar(450)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    found           bit            NOT NULL,
    latitude        float          NULL,
    longitude       float          NULL,
    precision       varchar(32)    NOT NULL,
    provider        varchar(32)    NOT NULL,
    matched_address nvarchar(1000) NULL,
    confidence      float          NOT NULL,
    cached_at       datetimeoffset(3) NOT NULL,
    CONSTRAINT pk_geocode_cache PRIMARY KEY CLUSTERED (cache_key)
);

CREATE TABLE dbo.gazetteer_address_points (
    number           int           NOT NULL,
    number_suffix    nvarchar(16)  NULL,
    pre_directional  varchar(2)    NULL,
    street_name      nvarchar(200) NOT NULL,
    street_suffix    varchar(16)   NULL,
    post_directional varchar(2)    NULL,
    unit             nvarchar(64)  NULL,
    city             nvarchar(100) NULL,
    state            varchar(2)    NULL,
    postal_code      varchar(5)    NULL,
    latitude         float         NOT NULL,
    longitude        float         NOT NULL
);

CREATE TABLE dbo.gazetteer_street_segments (
    pre_directional  varchar(2)    NULL,
    street_name      nvarchar(200) NOT NULL,
    street_suffix    varchar(16)   NULL,
    post_directional varchar(2)    NULL,
    left_from        int           NULL,
    left_to          int           NULL,
    right_from       int           NULL,
    right_to         int           NULL,
    city             nvarchar(100) NULL,
    state            varchar(2)    NULL,
    postal_code      varchar(5)    NULL,
    line_wkt         nvarchar(max) NOT NULL   -- LINESTRING (lon lat, ...) in WGS84, in address order
);

-- Every import: what kind, from which file (its name only), how many rows went in or were skipped.
CREATE TABLE dbo.gazetteer_imports (
    kind          varchar(32)       NOT NULL,
    source_name   nvarchar(260)     NOT NULL,
    rows_imported int               NOT NULL,
    rows_skipped  int               NOT NULL,
    imported_at   datetimeoffset(3) NOT NULL
);
