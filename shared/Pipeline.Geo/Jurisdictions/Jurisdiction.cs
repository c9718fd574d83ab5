namespace Pipeline.Geo.Jurisdictions;

/// <summary>An area a report can fall in: an agency, a precinct, a beat, or any other kind of zone.</summary>
/// <param name="Id">The feature's <c>id</c> property, unique in its file.</param>
/// <param name="Name">The feature's <c>name</c> property; the id when the file has none.</param>
/// <param name="Kind">The feature's <c>kind</c> property ("agency", "precinct", "beat"...); empty when the file has none.</param>
public sealed record Jurisdiction(string Id, string Name, string Kind);

/// <summary>Limits and ordering for <see cref="JurisdictionIndex"/>.</summary>
public sealed class JurisdictionIndexOptions
{
    /// <summary>Files larger than this are refused before parsing (default 50 MB).</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted (default 32; a MultiPolygon feature needs 8).</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>
    /// Kinds from broadest to narrowest, compared without case (default agency, precinct, beat).
    /// Kinds not listed come after the listed ones; within a kind, larger areas come first.
    /// </summary>
    public IReadOnlyList<string> KindOrder { get; init; } = ["agency", "precinct", "beat"];
}
