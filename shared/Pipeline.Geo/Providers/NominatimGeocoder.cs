using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Providers;

/// <summary>
/// Nominatim structured search (<c>/search?format=jsonv2</c>), limited to the United States. Precision
/// comes from the result's <c>place_rank</c>, <c>category</c>, <c>type</c> and <c>addresstype</c>;
/// confidence from rank-based defaults (Nominatim's <c>importance</c> measures fame, not match quality).
/// </summary>
/// <remarks>The public nominatim.openstreetmap.org allows at most one request a second with an identifying User-Agent: keep <see cref="HttpGeocoderOptions.RequestsPerSecond"/> at 1 there.</remarks>
public sealed class NominatimGeocoder : IAddressGeocoder
{
    /// <summary>The provider name recorded with results.</summary>
    public const string ProviderName = "nominatim";

    private readonly HttpProviderCore _core;
    private readonly string? _email;

    /// <summary>Creates the provider.</summary>
    /// <param name="httpClient">The client to send with (owned by the caller).</param>
    /// <param name="options">Settings; <see cref="HttpGeocoderOptions.BaseUrl"/> is required.</param>
    /// <param name="timeProvider">The clock for timeouts, rate limiting and the circuit breaker.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public NominatimGeocoder(HttpClient httpClient, HttpGeocoderOptions options, TimeProvider timeProvider)
    {
        _core = new HttpProviderCore(ProviderName, HttpGeocoderOptions.NominatimSectionName, defaultBaseUrl: null, httpClient, options, timeProvider);
        _email = options.Email;
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
        var url = new RequestUrl(_core.BaseUrl, "/search")
            .Add("format", "jsonv2")
            .Add("street", query.StreetLine)
            .Add("city", query.City)
            .Add("state", query.State)
            .Add("postalcode", query.PostalCode)
            .Add("countrycodes", "us")
            .Add("limit", "1")
            .Add("addressdetails", "1")
            .Add("email", _email)
            .ToUri();
        return await _core.GetAsync(url, Parse, cancellationToken);
    }

    /// <summary>Maps a result to a precision; null for results coarser than a city (county, state, country).</summary>
    internal static LocationPrecision? MapPrecision(int placeRank, string? category, string? type, string? addressType)
    {
        // Interpolation lines and TIGER house numbers come back as class "place", type "house".
        // A bare OSM address node does too; it cannot be told apart here, so it gets the humbler label.
        if (category == "place" && type == "house")
        {
            return LocationPrecision.Interpolated;
        }
        if (addressType == "postcode" || type == "postcode" || (category == "boundary" && type == "postal_code"))
        {
            return LocationPrecision.PostalCode;
        }
        if (placeRank >= 30)
        {
            return addressType is "house" or "building" || type == "house" ? LocationPrecision.AddressPoint : LocationPrecision.Block;
        }
        if (placeRank >= 26)
        {
            // A street's representative point, not the block that was asked for.
            return LocationPrecision.Block;
        }
        if (placeRank >= 13 || addressType is "city" or "town" or "village" or "hamlet" or "suburb" or "neighbourhood" or "municipality")
        {
            return LocationPrecision.City;
        }
        return null;
    }

    private static GeocodeCandidate? Parse(ReadOnlyMemory<byte> body)
    {
        using var document = ResponseReader.ParseJson(ProviderName, body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw ResponseReader.Bad(ProviderName, "root is not an array");
        }
        if (root.GetArrayLength() == 0)
        {
            return null;
        }
        var place = root[0];
        if (place.ValueKind != JsonValueKind.Object)
        {
            throw ResponseReader.Bad(ProviderName, "[0] is not an object");
        }
        var latitude = ResponseReader.RequireNumberOrNumericString(ProviderName, place, "lat", "[0].lat");
        var longitude = ResponseReader.RequireNumberOrNumericString(ProviderName, place, "lon", "[0].lon");
        ResponseReader.CheckCoordinates(ProviderName, latitude, longitude);
        if (!place.TryGetProperty("place_rank", out var rankElement) || rankElement.ValueKind != JsonValueKind.Number || !rankElement.TryGetInt32(out var rank) || rank < 0 || rank > 30)
        {
            throw ResponseReader.Bad(ProviderName, "[0].place_rank missing or not a rank from 0 to 30");
        }
        // jsonv2 says "category"; the older json format says "class".
        var category = ResponseReader.OptionalString(place, "category") ?? ResponseReader.OptionalString(place, "class");
        var precision = MapPrecision(rank, category, ResponseReader.OptionalString(place, "type"), ResponseReader.OptionalString(place, "addresstype"));
        if (precision is not { } known)
        {
            return null;
        }
        return new GeocodeCandidate(latitude, longitude, known, ResponseReader.OptionalString(place, "display_name"), ResponseReader.DefaultConfidence(known));
    }
}
