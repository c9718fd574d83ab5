using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Providers;

/// <summary>
/// Pelias structured search (<c>/v1/search/structured</c>), self-hosted or geocode.earth. Reports the
/// precision the result's <c>layer</c>, <c>match_type</c> and <c>accuracy</c> support, and Pelias's own
/// confidence.
/// </summary>
public sealed class PeliasGeocoder : IAddressGeocoder
{
    /// <summary>The provider name recorded with results.</summary>
    public const string ProviderName = "pelias";

    private readonly HttpProviderCore _core;
    private readonly string? _apiKey;

    /// <summary>Creates the provider.</summary>
    /// <param name="httpClient">The client to send with (owned by the caller, typically from IHttpClientFactory).</param>
    /// <param name="options">Settings; <see cref="HttpGeocoderOptions.BaseUrl"/> is required.</param>
    /// <param name="timeProvider">The clock for timeouts, rate limiting and the circuit breaker.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PeliasGeocoder(HttpClient httpClient, HttpGeocoderOptions options, TimeProvider timeProvider)
    {
        _core = new HttpProviderCore(ProviderName, HttpGeocoderOptions.PeliasSectionName, defaultBaseUrl: null, httpClient, options, timeProvider);
        _apiKey = options.ApiKey;
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    /// <exception cref="GeocoderUnavailableException">The service could not answer.</exception>
    public async ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (HttpProviderCore.HasNothingToSearch(query))
        {
            return null;
        }
        var url = new RequestUrl(_core.BaseUrl, "/v1/search/structured")
            .Add("address", query.StreetLine)
            .Add("locality", query.City)
            .Add("region", query.State)
            .Add("postalcode", query.PostalCode)
            .Add("country", "USA")
            .Add("size", "1")
            .Add("api_key", _apiKey)
            .ToUri();
        return await _core.GetAsync(url, Parse, cancellationToken);
    }

    /// <summary>Maps a result's layer, match type and accuracy to a precision; null for results too coarse to use (county, region, country).</summary>
    internal static LocationPrecision? MapPrecision(string layer, string? matchType, string? accuracy)
    {
        switch (layer)
        {
            case "address":
                if (string.Equals(matchType, "interpolated", StringComparison.Ordinal))
                {
                    return LocationPrecision.Interpolated;
                }
                // An address whose geometry is an area's centroid is not a rooftop: say less rather than more.
                return accuracy is null or "point" ? LocationPrecision.AddressPoint : LocationPrecision.Block;
            case "intersection":
                return LocationPrecision.Intersection;
            case "street":
                // A street's centroid can be far from any given block; Block is the most it can claim.
                return LocationPrecision.Block;
            case "postalcode":
                return LocationPrecision.PostalCode;
            case "venue":
            case "neighbourhood":
            case "microhood":
            case "macrohood":
            case "borough":
            case "locality":
            case "localadmin":
                return LocationPrecision.City;
            default:
                return null;
        }
    }

    private static GeocodeCandidate? Parse(ReadOnlyMemory<byte> body)
    {
        using var document = ResponseReader.ParseJson(ProviderName, body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ResponseReader.Bad(ProviderName, "root is not a FeatureCollection object");
        }
        var features = ResponseReader.RequireArray(ProviderName, root, "features", "features");
        if (features.GetArrayLength() == 0)
        {
            return null;
        }
        var feature = features[0];
        if (feature.ValueKind != JsonValueKind.Object)
        {
            throw ResponseReader.Bad(ProviderName, "features[0] is not an object");
        }
        var geometry = ResponseReader.RequireObject(ProviderName, feature, "geometry", "features[0].geometry");
        if (ResponseReader.OptionalString(geometry, "type") is { } type && !string.Equals(type, "Point", StringComparison.Ordinal))
        {
            throw ResponseReader.Bad(ProviderName, "features[0].geometry is not a Point");
        }
        var coordinates = ResponseReader.RequireArray(ProviderName, geometry, "coordinates", "features[0].geometry.coordinates");
        if (coordinates.GetArrayLength() < 2)
        {
            throw ResponseReader.Bad(ProviderName, "features[0].geometry.coordinates has fewer than two numbers");
        }
        var longitude = ResponseReader.RequireNumber(ProviderName, coordinates[0], "features[0].geometry.coordinates[0]");
        var latitude = ResponseReader.RequireNumber(ProviderName, coordinates[1], "features[0].geometry.coordinates[1]");
        ResponseReader.CheckCoordinates(ProviderName, latitude, longitude);

        var properties = ResponseReader.RequireObject(ProviderName, feature, "properties", "features[0].properties");
        var layer = ResponseReader.OptionalString(properties, "layer") ?? throw ResponseReader.Bad(ProviderName, "features[0].properties.layer missing");
        var precision = MapPrecision(layer, ResponseReader.OptionalString(properties, "match_type"), ResponseReader.OptionalString(properties, "accuracy"));
        if (precision is not { } known)
        {
            return null;
        }
        var confidence = ResponseReader.Confidence(ResponseReader.OptionalNumber(properties, "confidence"), known);
        return new GeocodeCandidate(latitude, longitude, known, ResponseReader.OptionalString(properties, "label"), confidence);
    }
}
