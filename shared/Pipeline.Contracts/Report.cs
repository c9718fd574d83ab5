using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

/// <summary>Whether a report came from a suspicious-activity report source or a dispatch system.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportKind>))]
public enum ReportKind
{
    /// <summary>A suspicious activity report (officer or public).</summary>
    Sar,

    /// <summary>A computer-aided dispatch call for service.</summary>
    Cad,
}

/// <summary>How precisely a report's coordinates locate it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LocationPrecision>))]
public enum LocationPrecision
{
    /// <summary>No coordinates are known.</summary>
    None,

    /// <summary>Coordinates as the source gave them (rooftop or device fix).</summary>
    Source,

    /// <summary>A rooftop address point.</summary>
    AddressPoint,

    /// <summary>Interpolated along a street segment.</summary>
    Interpolated,

    /// <summary>The meeting point of two streets.</summary>
    Intersection,

    /// <summary>A block or intersection.</summary>
    Block,

    /// <summary>A ZIP code centroid.</summary>
    PostalCode,

    /// <summary>A city centroid.</summary>
    City,
}

/// <summary>Where a report happened, as precisely as it is known.</summary>
/// <param name="RawAddress">The address text as the source gave it (block addresses and intersections included).</param>
/// <param name="Latitude">WGS84 latitude in degrees, when known.</param>
/// <param name="Longitude">WGS84 longitude in degrees, when known.</param>
/// <param name="Precision">How the coordinates were obtained.</param>
public sealed record ReportLocation(
    string? RawAddress,
    double? Latitude,
    double? Longitude,
    LocationPrecision Precision)
{
    /// <summary>A location about which nothing is known.</summary>
    public static ReportLocation Unknown { get; } = new(null, null, null, LocationPrecision.None);

    /// <summary>True when both coordinates are present.</summary>
    [JsonIgnore]
    public bool HasCoordinates => Latitude is not null && Longitude is not null;

    /// <summary>The geocoding provider that placed the report ("record" for the source's own coordinates), when one did.</summary>
    public string? Provider { get; init; }

    /// <summary>The address the provider matched, in its own words.</summary>
    public string? MatchedAddress { get; init; }

    /// <summary>From 0 to 1: how sure the provider is that it placed the report at the right place.</summary>
    public double? Confidence { get; init; }

    /// <summary>Ids of the jurisdictions (agency, precinct, beat) the coordinates fall in, broadest first.</summary>
    public IReadOnlyList<string>? Jurisdictions { get; init; }
}

/// <summary>
/// Details that identify people or property (the ISE-SAR "Detailed" part). Stored apart from the
/// rest of the report and withheld from Summary views, logs and model features.
/// </summary>
/// <param name="Subjects">Subject descriptions (names, descriptors) as the source gave them.</param>
/// <param name="Vehicles">Vehicle descriptions and plates.</param>
public sealed record PrivacyFields(
    IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Vehicles)
{
    /// <summary>No privacy fields.</summary>
    public static PrivacyFields None { get; } = new([], []);

    /// <summary>
    /// Further values a feed definition declares as privacy fields ("privacy.callerPhone"):
    /// name to value. Kept with the rest of this record, never in the report's Summary part.
    /// </summary>
    public IReadOnlyDictionary<string, string> Other { get; init; } = new Dictionary<string, string>();

    /// <summary>True when there is nothing to protect.</summary>
    [JsonIgnore]
    public bool IsEmpty => Subjects.Count == 0 && Vehicles.Count == 0 && Other.Count == 0;
}

/// <summary>
/// Protected attributes of the people in a report, carried for the fairness audit only: they
/// are never model features, never logged, and stored in an access-restricted table.
/// Keys are attribute names (for example "race", "sex"), values the source's coding.
/// </summary>
/// <param name="Values">Attribute name to value.</param>
public sealed record ProtectedAttributes(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>No protected attributes.</summary>
    public static ProtectedAttributes None { get; } = new(new Dictionary<string, string>());
}

/// <summary>Where a report entered the pipeline: the raw Kafka record it was parsed from.</summary>
/// <param name="Topic">The feed's raw topic.</param>
/// <param name="Partition">Partition of the raw record.</param>
/// <param name="Offset">Offset of the raw record.</param>
/// <param name="Record">
/// Position of the report's record within that message, from 0: one message may carry several
/// records (CSV rows, a JSON array, an XML document with several reports).
/// </param>
public sealed record RecordOrigin(string Topic, int Partition, long Offset, int Record = 0);

/// <summary>
/// The canonical report that every feed, SAR or CAD, is mapped to. Immutable; times are UTC.
/// </summary>
public sealed record Report
{
    /// <summary>The schema version this type writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the JSON schema this instance was written with.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Stable identity across resends: feed id and source record id, or a content hash.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The feed definition this report came through.</summary>
    public required string FeedId { get; init; }

    /// <summary>The source system's own record id (CAD event number, SAR number).</summary>
    public required string SourceRecordId { get; init; }

    /// <summary>SAR or CAD.</summary>
    public required ReportKind Kind { get; init; }

    /// <summary>When the activity happened, UTC.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the pipeline received the raw record, UTC.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Where it happened.</summary>
    public ReportLocation Location { get; init; } = ReportLocation.Unknown;

    /// <summary>Free-text narrative (SAR) or call notes (CAD).</summary>
    public string Narrative { get; init; } = "";

    /// <summary>CAD call type as the dispatch system coded it, upper case.</summary>
    public string? CadCallType { get; init; }

    /// <summary>CAD priority (1 is most urgent in most systems).</summary>
    public int? CadPriority { get; init; }

    /// <summary>Critical-infrastructure sector of the target, when the source names one.</summary>
    public string? TargetSector { get; init; }

    /// <summary>Subjects and vehicles, kept apart from everything else.</summary>
    public PrivacyFields Privacy { get; init; } = PrivacyFields.None;

    /// <summary>Protected attributes for the fairness audit only.</summary>
    public ProtectedAttributes Protected { get; init; } = ProtectedAttributes.None;

    /// <summary>The raw record this report was parsed from.</summary>
    public required RecordOrigin Origin { get; init; }
}
