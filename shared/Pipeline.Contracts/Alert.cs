using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

/// <summary>Where an alert is in the watch desk's workflow.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    /// <summary>Not yet claimed by an analyst.</summary>
    New,

    /// <summary>Claimed and being reviewed.</summary>
    InReview,

    /// <summary>Vetted as not ISE-SAR, or folded into another alert; closed.</summary>
    Closed,

    /// <summary>Vetted as ISE-SAR (category confirmed, potential nexus).</summary>
    Vetted,

    /// <summary>The analyst needs more information; still open.</summary>
    NeedsInformation,

    /// <summary>Vetted and shared with another agency (the dissemination is logged).</summary>
    Shared,
}

/// <summary>A category score, calibrated to [0, 1].</summary>
/// <param name="Category">ISE-SAR behavior category code, for example "SURVL".</param>
/// <param name="Score">Score in [0, 1].</param>
public sealed record CategoryScore(string Category, double Score);

/// <summary>One feature's contribution to one category's score.</summary>
/// <param name="Category">ISE-SAR category code the feature counted toward.</param>
/// <param name="Feature">
/// What was seen, prefixed with where: <c>narrative:"taking notes"</c>, <c>call-type:"bomb"</c>,
/// <c>target-sector:"Energy"</c>.
/// </param>
/// <param name="Contribution">How much the feature added to the category's raw evidence.</param>
public sealed record ScoreEvidence(string Category, string Feature, double Contribution);

/// <summary>An alert raised for the watch desk, published on the alerts topic.</summary>
public sealed record Alert
{
    /// <summary>The schema version this type writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the JSON schema this instance was written with.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Stable alert id, derived from the report it was raised for.</summary>
    public required string AlertId { get; init; }

    /// <summary>Idempotency key of the report that raised it.</summary>
    public required string ReportKey { get; init; }

    /// <summary>Feed of that report.</summary>
    public required string FeedId { get; init; }

    /// <summary>The highest-scoring category.</summary>
    public required string TopCategory { get; init; }

    /// <summary>Overall priority in [0, 1].</summary>
    public required double Priority { get; init; }

    /// <summary>Every category that scored above zero, highest first.</summary>
    public required IReadOnlyList<CategoryScore> Scores { get; init; }

    /// <summary>The scorer that decided, with its version.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Workflow status.</summary>
    public AlertStatus Status { get; init; } = AlertStatus.New;

    /// <summary>The incident the alert is for: one alert per incident, whichever report raised it first.</summary>
    public string? IncidentId { get; init; }

    /// <summary>
    /// Why the model flagged it: the top contributing features per flagged category, largest
    /// first, in log-odds (null for alerts from before explanations were recorded).
    /// </summary>
    public IReadOnlyList<ScoreEvidence>? Explanation { get; init; }

    /// <summary>When the alert was raised, UTC.</summary>
    public required DateTimeOffset RaisedAt { get; init; }
}
