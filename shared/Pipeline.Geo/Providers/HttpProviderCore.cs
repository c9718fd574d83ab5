using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Providers;

/// <summary>
/// What every HTTP provider sets up the same way, written once: argument checks, validation of its
/// options under its configuration section, its base URL (or its default service's), and its
/// <see cref="GeocoderHttpChannel"/>. Each provider keeps only its URL building and response mapping.
/// </summary>
internal sealed class HttpProviderCore
{
    private readonly GeocoderHttpChannel _channel;

    /// <param name="providerName">The provider name recorded with results and failures.</param>
    /// <param name="sectionName">The configuration section named in validation messages.</param>
    /// <param name="defaultBaseUrl">The service used when the options give no base URL; null makes the base URL required.</param>
    /// <param name="httpClient">The client to send with (owned by the caller).</param>
    /// <param name="options">The provider's settings.</param>
    /// <param name="timeProvider">The clock for timeouts, rate limiting and the circuit breaker.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpProviderCore(string providerName, string sectionName, string? defaultBaseUrl, HttpClient httpClient, HttpGeocoderOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid(sectionName, baseUrlRequired: defaultBaseUrl is null);
        // Validation has refused a blank base URL when there is no default.
        BaseUrl = defaultBaseUrl is not null && string.IsNullOrWhiteSpace(options.BaseUrl) ? defaultBaseUrl : options.BaseUrl!;
        _channel = new GeocoderHttpChannel(providerName, httpClient, options, timeProvider);
    }

    /// <summary>The service's root URL.</summary>
    public string BaseUrl { get; }

    /// <summary>True when a query has no street line, city or postal code: nothing a structured search can use.</summary>
    public static bool HasNothingToSearch(AddressQuery query) =>
        string.IsNullOrWhiteSpace(query.StreetLine) && string.IsNullOrWhiteSpace(query.City) && string.IsNullOrWhiteSpace(query.PostalCode);

    /// <summary>Sends a GET to <paramref name="url"/> through the channel and parses the answer with <paramref name="parse"/>.</summary>
    public Task<T> GetAsync<T>(Uri url, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken) =>
        _channel.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), parse, cancellationToken);

    /// <summary>Sends the request <paramref name="createRequest"/> builds (once per attempt) and parses the answer with <paramref name="parse"/>.</summary>
    public Task<T> SendAsync<T>(Func<HttpRequestMessage> createRequest, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken) =>
        _channel.SendAsync(createRequest, parse, cancellationToken);
}
