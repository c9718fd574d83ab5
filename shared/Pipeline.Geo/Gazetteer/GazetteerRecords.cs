using Pipeline.Geo.Addresses;

namespace Pipeline.Geo.Gazetteer;

/// <summary>One rooftop address point of the local gazetteer.</summary>
/// <param name="Number">The house number (1520 for "1520A").</param>
/// <param name="NumberSuffix">What follows the number ("A", "1/2"), when any.</param>
/// <param name="Street">The normalized street.</param>
/// <param name="Unit">A secondary unit, kept for reference; lookups ignore it.</param>
/// <param name="City">Upper-case city, when known.</param>
/// <param name="State">Two-letter state code, when known.</param>
/// <param name="PostalCode">Five-digit ZIP code, when known.</param>
/// <param name="Latitude">WGS84 latitude in degrees.</param>
/// <param name="Longitude">WGS84 longitude in degrees.</param>
public sealed record AddressPointRecord(
    int Number,
    string? NumberSuffix,
    StreetName Street,
    string? Unit,
    string? City,
    string? State,
    string? PostalCode,
    double Latitude,
    double Longitude);

/// <summary>
/// One street centreline segment with its address ranges (TIGER style: "from" is the number at the
/// line's first point, "to" at its last; either side may be missing).
/// </summary>
/// <param name="Street">The normalized street.</param>
/// <param name="LeftFrom">First number on the left side, when known.</param>
/// <param name="LeftTo">Last number on the left side, when known.</param>
/// <param name="RightFrom">First number on the right side, when known.</param>
/// <param name="RightTo">Last number on the right side, when known.</param>
/// <param name="City">Upper-case city, when known.</param>
/// <param name="State">Two-letter state code, when known.</param>
/// <param name="PostalCode">Five-digit ZIP code, when known.</param>
/// <param name="Line">The centreline, at least two WGS84 (latitude, longitude) points in address order.</param>
public sealed record StreetSegmentRecord(
    StreetName Street,
    int? LeftFrom,
    int? LeftTo,
    int? RightFrom,
    int? RightTo,
    string? City,
    string? State,
    string? PostalCode,
    IReadOnlyList<(double Latitude, double Longitude)> Line);

/// <summary>A row of an import file that was skipped: where and why, never the row's text (addresses are PII).</summary>
/// <param name="Line">The 1-based line number where the row starts.</param>
/// <param name="Reason">Why it was skipped ("latitude out of range").</param>
public sealed record GazetteerRowError(int Line, string Reason);

/// <summary>What an import file gave: the good rows and the reasons for the others.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Records">The rows that were read.</param>
/// <param name="Errors">The rows that were skipped, in file order.</param>
public sealed record GazetteerReadResult<T>(IReadOnlyList<T> Records, IReadOnlyList<GazetteerRowError> Errors);
