using Pipeline.Contracts;
using Pipeline.Geo.Addresses;

namespace Pipeline.Geo.Geocoding;

/// <summary>What kind of place an <see cref="AddressQuery"/>'s street line names, which caps how precise an answer can be.</summary>
public enum AddressQueryKind
{
    /// <summary>A house number on a street ("1520 SHATTUCK AVE"): at best an address point.</summary>
    HouseNumber,

    /// <summary>A block ("15XX BLOCK OF SHATTUCK AVE"), sent as its middle number: at best block precision.</summary>
    Block,

    /// <summary>Two streets ("SHATTUCK AVE &amp; CEDAR ST"): at best intersection precision.</summary>
    Intersection,

    /// <summary>A street without a number, or no street at all: at best a ZIP code centroid.</summary>
    Place,
}

/// <summary>
/// A postal-address question for providers that take one: a single street line (house number and
/// street, or two streets joined by " &amp; ") plus the place parts, all normalized.
/// </summary>
/// <param name="StreetLine">The street line; empty when only a place is known.</param>
/// <param name="City">City or locality, when known.</param>
/// <param name="State">Two-letter state code, when known.</param>
/// <param name="PostalCode">Five-digit ZIP code, when known.</param>
/// <param name="Kind">What the street line names.</param>
public sealed record AddressQuery(string StreetLine, string? City, string? State, string? PostalCode, AddressQueryKind Kind)
{
    /// <summary>The most precise answer this query can honestly have.</summary>
    public LocationPrecision BestPossible => Kind switch
    {
        AddressQueryKind.HouseNumber => LocationPrecision.AddressPoint,
        // A "1XXX" thousand block spans ten blocks: no answer to it is block-precise.
        AddressQueryKind.Block when Address is { BlockStart: { } start, BlockEnd: { } end } && end - start >= 100 => LocationPrecision.PostalCode,
        AddressQueryKind.Block => LocationPrecision.Block,
        AddressQueryKind.Intersection => LocationPrecision.Intersection,
        _ => LocationPrecision.PostalCode,
    };

    /// <summary>
    /// The normalized address this query was built from (set by <see cref="NormalizedAddress.ToQuery"/>), so that a
    /// provider that reads addresses itself can use its full block range and parsed street instead of reading
    /// <see cref="StreetLine"/> again. Null for a query built by hand. Not part of equality: two queries asking the
    /// same question are equal.
    /// </summary>
    public NormalizedAddress? Address { get; init; }

    /// <summary>Equal when the street line, place parts and kind are equal; <see cref="Address"/> is not compared.</summary>
    public bool Equals(AddressQuery? other) =>
        other is not null
        && string.Equals(StreetLine, other.StreetLine, StringComparison.Ordinal)
        && string.Equals(City, other.City, StringComparison.Ordinal)
        && string.Equals(State, other.State, StringComparison.Ordinal)
        && string.Equals(PostalCode, other.PostalCode, StringComparison.Ordinal)
        && Kind == other.Kind;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StreetLine, City, State, PostalCode, Kind);
}

/// <summary>One provider's answer, before the chain labels it with the provider's name.</summary>
/// <param name="Latitude">WGS84 latitude in degrees.</param>
/// <param name="Longitude">WGS84 longitude in degrees.</param>
/// <param name="Precision">How the point was found, as the provider reports it (the chain caps it by the query).</param>
/// <param name="MatchedAddress">The address the provider matched, in its own words.</param>
/// <param name="Confidence">From 0 to 1: how sure the provider is that it matched the right place.</param>
public sealed record GeocodeCandidate(double Latitude, double Longitude, LocationPrecision Precision, string? MatchedAddress, double Confidence);

/// <summary>A provider of the chain that answers postal-address queries (gazetteer, centroids, HTTP services).</summary>
public interface IAddressGeocoder
{
    /// <summary>Short name recorded with every result ("gazetteer", "pelias"...).</summary>
    string Name { get; }

    /// <summary>
    /// The best match, or null when the provider has none. Providers throw only for faults
    /// (network, server errors); "not found" is null.
    /// </summary>
    ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken);
}

/// <summary>Orders precisions from most to least precise, so that nothing is ever labelled more precise than it is.</summary>
public static class PrecisionOrder
{
    /// <summary>Smaller is more precise; <see cref="LocationPrecision.None"/> is the largest.</summary>
    public static int Rank(LocationPrecision precision) => precision switch
    {
        LocationPrecision.Source => 0,
        LocationPrecision.AddressPoint => 1,
        LocationPrecision.Interpolated => 2,
        LocationPrecision.Intersection => 3,
        LocationPrecision.Block => 4,
        LocationPrecision.PostalCode => 5,
        LocationPrecision.City => 6,
        _ => 7,
    };

    /// <summary>True when <paramref name="precision"/> is at least as precise as <paramref name="than"/>.</summary>
    public static bool IsAtLeast(LocationPrecision precision, LocationPrecision than) => Rank(precision) <= Rank(than);

    /// <summary>The less precise of the two: a provider's claim capped by what the query could support.</summary>
    public static LocationPrecision Cap(LocationPrecision claimed, LocationPrecision bestPossible) =>
        Rank(claimed) >= Rank(bestPossible) ? claimed : bestPossible;
}

/// <summary>
/// Where the chain placed a report, and how: the point (none when nothing placed it), its honest
/// precision, the provider, the address matched and a confidence.
/// </summary>
/// <param name="Latitude">WGS84 latitude, or null when not found.</param>
/// <param name="Longitude">WGS84 longitude, or null when not found.</param>
/// <param name="Precision">How precisely the point locates the report; <see cref="LocationPrecision.None"/> when not found.</param>
/// <param name="Provider">The provider that answered ("record", "cache" is never used: a cached answer keeps its provider), or "none".</param>
/// <param name="MatchedAddress">The address the provider matched.</param>
/// <param name="Confidence">From 0 to 1.</param>
public sealed record GeocodeResult(double? Latitude, double? Longitude, LocationPrecision Precision, string Provider, string? MatchedAddress, double Confidence)
{
    /// <summary>The provider name of "nothing placed it".</summary>
    public const string NoProvider = "none";

    /// <summary>Nothing placed the report.</summary>
    public static GeocodeResult NotFound { get; } = new(null, null, LocationPrecision.None, NoProvider, null, 0);

    /// <summary>True when the result has coordinates.</summary>
    public bool Found => Latitude is not null && Longitude is not null;
}
