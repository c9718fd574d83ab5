using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Providers;

/// <summary>
/// The US Census Bureau's one-line-at-a-time geocoder (<c>/geocoder/locations/address</c>). Its points are
/// interpolated along TIGER/Line address ranges, so every match is <see cref="LocationPrecision.Interpolated"/>.
/// </summary>
public sealed class CensusGeocoder : IAddressGeocoder
{
    /// <summary>The provider name recorded with results.</summary>
    public const string ProviderName = "census";

    /// <summary>The public Census geocoder, used when <see cref="HttpGeocoderOptions.BaseUrl"/> is empty.</summary>
    public const string DefaultBaseUrl = "https://geocoding.geo.census.gov";

    /// <summary>The address-range benchmark asked for.</summary>
    public const string Benchmark = "Public_AR_Current";

    private const double SingleMatchConfidence = 0.8;
    private const double AmbiguousMatchConfidence = 0.5;

    private readonly HttpProviderCore _core;

    /// <summary>Creates the provider.</summary>
    /// <param name="httpClient">The client to send with (owned by the caller).</param>
    /// <param name="options">Settings; an empty <see cref="HttpGeocoderOptions.BaseUrl"/> means <see cref="DefaultBaseUrl"/>.</param>
    /// <param name="timeProvider">The clock for timeouts, rate limiting and the circuit breaker.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CensusGeocoder(HttpClient httpClient, HttpGeocoderOptions options, TimeProvider timeProvider)
    {
        _core = new HttpProviderCore(ProviderName, HttpGeocoderOptions.CensusSectionName, DefaultBaseUrl, httpClient, options, timeProvider);
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    /// <remarks>
    /// Queries the Census geocoder cannot answer are not sent and return null: no street line, or an
    /// intersection (it matches house numbers on address ranges only).
    /// </remarks>
    /// <exception cref="GeocoderUnavailableException">The service could not answer; a 400 with an "errors" array is <see cref="GeocoderFailure.BadResponse"/>.</exception>
    public async ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.StreetLine) || query.Kind == AddressQueryKind.Intersection)
        {
            return null;
        }
        var url = new RequestUrl(_core.BaseUrl, "/geocoder/locations/address")
            .Add("street", query.StreetLine)
            .Add("city", query.City)
            .Add("state", query.State)
            .Add("zip", query.PostalCode)
            .Add("benchmark", Benchmark)
            .Add("format", "json")
            .ToUri();
        return await _core.GetAsync(url, Parse, cancellationToken);
    }

    private static GeocodeCandidate? Parse(ReadOnlyMemory<byte> body)
    {
        using var document = ResponseReader.ParseJson(ProviderName, body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ResponseReader.Bad(ProviderName, "root is not an object");
        }
        if (root.TryGetProperty("errors", out _) && !root.TryGetProperty("result", out _))
        {
            throw ResponseReader.Bad(ProviderName, "the service reported errors");
        }
        var result = ResponseReader.RequireObject(ProviderName, root, "result", "result");
        var matches = ResponseReader.RequireArray(ProviderName, result, "addressMatches", "result.addressMatches");
        var count = matches.GetArrayLength();
        if (count == 0)
        {
            return null;
        }
        var match = matches[0];
        if (match.ValueKind != JsonValueKind.Object)
        {
            throw ResponseReader.Bad(ProviderName, "result.addressMatches[0] is not an object");
        }
        var coordinates = ResponseReader.RequireObject(ProviderName, match, "coordinates", "result.addressMatches[0].coordinates");
        var longitude = coordinates.TryGetProperty("x", out var x)
            ? ResponseReader.RequireNumber(ProviderName, x, "result.addressMatches[0].coordinates.x")
            : throw ResponseReader.Bad(ProviderName, "result.addressMatches[0].coordinates.x missing");
        var latitude = coordinates.TryGetProperty("y", out var y)
            ? ResponseReader.RequireNumber(ProviderName, y, "result.addressMatches[0].coordinates.y")
            : throw ResponseReader.Bad(ProviderName, "result.addressMatches[0].coordinates.y missing");
        ResponseReader.CheckCoordinates(ProviderName, latitude, longitude);
        // Several matches mean the address was ambiguous and the first is a guess.
        var confidence = count == 1 ? SingleMatchConfidence : AmbiguousMatchConfidence;
        return new GeocodeCandidate(latitude, longitude, LocationPrecision.Interpolated, ResponseReader.OptionalString(match, "matchedAddress"), confidence);
    }
}
