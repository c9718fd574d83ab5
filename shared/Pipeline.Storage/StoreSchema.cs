namespace Pipeline.Storage;

/// <summary>How a column's values are bound as parameters.</summary>
internal enum ColumnKind
{
    /// <summary>A bounded string (keys, codes, short text).</summary>
    Text,

    /// <summary>An unbounded string (narratives, JSON).</summary>
    LongText,

    Int32,
    Int64,
    Double,
    Boolean,

    /// <summary>A UTC instant; each dialect has its own representation.</summary>
    Time,

    /// <summary>Binary content (compressed raw records).</summary>
    Bytes,
}

internal sealed record ColumnSpec(string Name, ColumnKind Kind);

/// <summary>
/// A table the write path inserts into, described once so that both dialects generate their
/// insert-if-absent statements, and bind parameters, from the same column list.
/// </summary>
/// <param name="Name">Unqualified table name.</param>
/// <param name="Columns">Columns in binding order; parameters are named after them.</param>
/// <param name="UniqueKeys">Each unique key (primary key first) as its column names.</param>
internal sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<IReadOnlyList<string>> UniqueKeys)
{
    /// <summary>The column names in binding order, comma-separated, for SELECT and INSERT lists.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));
}

/// <summary>The store's tables as the write path sees them. Must match the schema that infra/sql/*/ leaves after the last migration.</summary>
internal static class StoreSchema
{
    public const string MigrationsTable = "schema_migrations";

    /// <summary>Fairness audit reports; in SQL Server beside the protected attributes, in schema audit.</summary>
    public const string FairnessReportsTable = "fairness_reports";

    public static readonly TableSpec Receipts = new(
        "report_receipts",
        [
            new("origin_topic", ColumnKind.Text),
            new("origin_partition", ColumnKind.Int32),
            new("origin_offset", ColumnKind.Int64),
            new("origin_record", ColumnKind.Int32),
            new("idempotency_key", ColumnKind.Text),
            new("content_hash", ColumnKind.Text),
            new("received_at", ColumnKind.Time),
        ],
        [["origin_topic", "origin_partition", "origin_offset", "origin_record"]]);

    /// <summary>Every raw message Ingest read, compressed (0013); in SQL Server in schema archive.</summary>
    public static readonly TableSpec RawRecords = new(
        "raw_records",
        [
            new("origin_topic", ColumnKind.Text),
            new("origin_partition", ColumnKind.Int32),
            new("origin_offset", ColumnKind.Int64),
            new("feed_id", ColumnKind.Text),
            new("published_at", ColumnKind.Time),
            new("received_at", ColumnKind.Time),
            new("sha256", ColumnKind.Text),
            new("size", ColumnKind.Int32),
            new("content", ColumnKind.Bytes),
        ],
        [["origin_topic", "origin_partition", "origin_offset"]]);

    /// <summary>One row per pass of a report through the pipeline, its stage events as JSON (0013).</summary>
    public static readonly TableSpec Lineage = new(
        "lineage",
        [
            new("report_key", ColumnKind.Text),
            new("pass", ColumnKind.Text),
            new("recorded_at", ColumnKind.Time),
            new("seq", ColumnKind.Int32),
            new("events", ColumnKind.LongText),
        ],
        [["report_key", "pass"]]);

    public static readonly TableSpec Reports = new(
        "reports",
        [
            new("idempotency_key", ColumnKind.Text),
            new("feed_id", ColumnKind.Text),
            new("source_record_id", ColumnKind.Text),
            new("kind", ColumnKind.Text),
            new("occurred_at", ColumnKind.Time),
            new("received_at", ColumnKind.Time),
            new("raw_address", ColumnKind.Text),
            new("latitude", ColumnKind.Double),
            new("longitude", ColumnKind.Double),
            new("location_precision", ColumnKind.Text),
            new("narrative", ColumnKind.LongText),
            new("cad_call_type", ColumnKind.Text),
            new("cad_priority", ColumnKind.Int32),
            new("target_sector", ColumnKind.Text),
            new("content_hash", ColumnKind.Text),
            new("schema_version", ColumnKind.Int32),
            new("origin_topic", ColumnKind.Text),
            new("origin_partition", ColumnKind.Int32),
            new("origin_offset", ColumnKind.Int64),
            new("origin_record", ColumnKind.Int32),
            new("stored_at", ColumnKind.Time),
            new("geo_provider", ColumnKind.Text),
            new("geo_matched_address", ColumnKind.Text),
            new("geo_confidence", ColumnKind.Double),
            new("jurisdictions", ColumnKind.LongText),
            new("incident_id", ColumnKind.Text),
            new("process_partition", ColumnKind.Int32),
        ],
        [["idempotency_key"]]);

    public static readonly TableSpec Incidents = new(
        "incidents",
        [
            new("incident_id", ColumnKind.Text),
            new("created_at", ColumnKind.Time),
            new("updated_at", ColumnKind.Time),
        ],
        [["incident_id"]]);

    public static readonly TableSpec ReportLinks = new(
        "report_links",
        [
            new("report_key", ColumnKind.Text),
            new("linked_key", ColumnKind.Text),
            new("weight", ColumnKind.Double),
            new("band", ColumnKind.Text),
            new("features", ColumnKind.LongText),
            new("model_version", ColumnKind.Text),
            new("linked_at", ColumnKind.Time),
        ],
        [["report_key", "linked_key"]]);

    public static readonly TableSpec IncidentMerges = new(
        "incident_merges",
        [
            new("merged_incident", ColumnKind.Text),
            new("into_incident", ColumnKind.Text),
            new("cause_report_key", ColumnKind.Text),
            new("merged_at", ColumnKind.Time),
        ],
        [["merged_incident"]]);

    public static readonly TableSpec Privacy = new(
        "report_privacy",
        [
            new("idempotency_key", ColumnKind.Text),
            new("subjects", ColumnKind.LongText),
            new("vehicles", ColumnKind.LongText),
            new("other_fields", ColumnKind.LongText),
        ],
        [["idempotency_key"]]);

    public static readonly TableSpec FeedHealth = new(
        "feed_health_minutes",
        [
            new("feed_id", ColumnKind.Text),
            new("minute", ColumnKind.Time),
            new("reporter", ColumnKind.Text),
            new("records_in", ColumnKind.Int64),
            new("accepted", ColumnKind.Int64),
            new("rejected", ColumnKind.Int64),
            new("duplicates", ColumnKind.Int64),
            new("unknown_fields", ColumnKind.Int64),
            new("last_record_at", ColumnKind.Time),
            new("consumer_lag", ColumnKind.Int64),
            new("updated_at", ColumnKind.Time),
        ],
        [["feed_id", "minute", "reporter"]]);

    /// <summary>The parameters of a version row; its version and hash are copied from the report row.</summary>
    public static readonly TableSpec ReportVersionInsert = new(
        "report_versions",
        [
            new("idempotency_key", ColumnKind.Text),
            new("content", ColumnKind.LongText),
            new("origin_topic", ColumnKind.Text),
            new("origin_partition", ColumnKind.Int32),
            new("origin_offset", ColumnKind.Int64),
            new("origin_record", ColumnKind.Int32),
            new("stored_at", ColumnKind.Time),
        ],
        [["idempotency_key", "version"]]);

    public static readonly TableSpec GeocodeCache = new(
        "geocode_cache",
        [
            new("cache_key", ColumnKind.Text),
            new("found", ColumnKind.Boolean),
            new("latitude", ColumnKind.Double),
            new("longitude", ColumnKind.Double),
            new("precision", ColumnKind.Text),
            new("provider", ColumnKind.Text),
            new("matched_address", ColumnKind.Text),
            new("confidence", ColumnKind.Double),
            new("cached_at", ColumnKind.Time),
        ],
        [["cache_key"]]);

    public static readonly TableSpec GazetteerAddressPoints = new(
        "gazetteer_address_points",
        [
            new("number", ColumnKind.Int32),
            new("number_suffix", ColumnKind.Text),
            new("pre_directional", ColumnKind.Text),
            new("street_name", ColumnKind.Text),
            new("street_suffix", ColumnKind.Text),
            new("post_directional", ColumnKind.Text),
            new("unit", ColumnKind.Text),
            new("city", ColumnKind.Text),
            new("state", ColumnKind.Text),
            new("postal_code", ColumnKind.Text),
            new("latitude", ColumnKind.Double),
            new("longitude", ColumnKind.Double),
        ],
        []);

    public static readonly TableSpec GazetteerStreetSegments = new(
        "gazetteer_street_segments",
        [
            new("pre_directional", ColumnKind.Text),
            new("street_name", ColumnKind.Text),
            new("street_suffix", ColumnKind.Text),
            new("post_directional", ColumnKind.Text),
            new("left_from", ColumnKind.Int32),
            new("left_to", ColumnKind.Int32),
            new("right_from", ColumnKind.Int32),
            new("right_to", ColumnKind.Int32),
            new("city", ColumnKind.Text),
            new("state", ColumnKind.Text),
            new("postal_code", ColumnKind.Text),
            new("line_wkt", ColumnKind.LongText),
        ],
        []);

    public static readonly TableSpec ProtectedAttributes = new(
        "report_protected_attributes",
        [
            new("idempotency_key", ColumnKind.Text),
            new("attributes", ColumnKind.LongText),
        ],
        [["idempotency_key"]]);

    public static readonly TableSpec Decisions = new(
        "decision_log",
        [
            new("report_key", ColumnKind.Text),
            new("model_version", ColumnKind.Text),
            new("scores", ColumnKind.LongText),
            new("priority", ColumnKind.Double),
            new("top_category", ColumnKind.Text),
            new("threshold", ColumnKind.Double),
            new("alerted", ColumnKind.Boolean),
            new("decided_at", ColumnKind.Time),
            new("outcome", ColumnKind.Text),
            new("reason", ColumnKind.Text),
        ],
        [["report_key", "model_version"]]);

    public static readonly TableSpec Alerts = new(
        "alerts",
        [
            new("alert_id", ColumnKind.Text),
            new("report_key", ColumnKind.Text),
            new("feed_id", ColumnKind.Text),
            new("top_category", ColumnKind.Text),
            new("priority", ColumnKind.Double),
            new("scores", ColumnKind.LongText),
            new("model_version", ColumnKind.Text),
            new("status", ColumnKind.Text),
            new("raised_at", ColumnKind.Time),
            new("updated_at", ColumnKind.Time),
            new("incident_id", ColumnKind.Text),
            new("explanation", ColumnKind.LongText),
            new("urgency", ColumnKind.Int32),
            new("due_at", ColumnKind.Time),
        ],
        [["alert_id"], ["report_key"]]);
}
