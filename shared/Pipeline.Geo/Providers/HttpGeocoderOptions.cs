using System.Globalization;
using System.Net.Http.Headers;

namespace Pipeline.Geo.Providers;

/// <summary>
/// Settings of one HTTP geocoding provider, bound from its own configuration section
/// (<see cref="PeliasSectionName"/>, <see cref="NominatimSectionName"/>, <see cref="CensusSectionName"/>,
/// <see cref="CensusBatchSectionName"/>). Each provider instance copies the values when it is built.
/// </summary>
public sealed class HttpGeocoderOptions
{
    /// <summary>Configuration section of the Pelias (or geocode.earth) provider.</summary>
    public const string PeliasSectionName = "Geocoding:Pelias";

    /// <summary>Configuration section of the Nominatim provider.</summary>
    public const string NominatimSectionName = "Geocoding:Nominatim";

    /// <summary>Configuration section of the US Census single-address provider.</summary>
    public const string CensusSectionName = "Geocoding:Census";

    /// <summary>Configuration section of the US Census batch geocoder used for backfills.</summary>
    public const string CensusBatchSectionName = "Geocoding:CensusBatch";

    /// <summary>The User-Agent sent when none is configured; Nominatim's usage policy asks every client to name itself.</summary>
    public const string DefaultUserAgent = "FusionCenterReportPipeline/1.0 (report geocoding)";

    /// <summary>Responses larger than this are refused by default (1 MiB).</summary>
    public const int DefaultMaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// The service's root, for example <c>https://pelias.example.org</c> or
    /// <c>https://nominatim.example.org</c>; a path prefix is kept. The Census providers fall back to the
    /// public Census geocoder when this is empty; the others require it.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// How long one request may take, headers and body, before it fails as a timeout; also the longest
    /// wait for a rate-limit token. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sustained requests per second; 0 means unlimited. Defaults to 1, the public Nominatim server's
    /// absolute maximum.
    /// </summary>
    public double RequestsPerSecond { get; set; } = 1;

    /// <summary>How many requests may go at once after an idle spell (the token bucket's size). Defaults to 1.</summary>
    public int Burst { get; set; } = 1;

    /// <summary>Consecutive failed requests that open the circuit. Defaults to 5.</summary>
    public int CircuitBreakerFailures { get; set; } = 5;

    /// <summary>How long an open circuit refuses calls before one probe request is let through. Defaults to 60 seconds.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The User-Agent header of every request (required by Nominatim's usage policy).</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Pelias hosted services (geocode.earth) only: sent as the <c>api_key</c> query parameter.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Nominatim only, optional: a contact address sent as the <c>email</c> query parameter.</summary>
    public string? Email { get; set; }

    /// <summary>Largest response body accepted, in bytes; a larger one fails as a bad response.</summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Defaults suited to the Census batch endpoint, which can take minutes for 10,000 addresses and
    /// answers about 100-200 bytes a row: a 10-minute timeout, 16 MiB responses, one request at a time.
    /// Bind the <see cref="CensusBatchSectionName"/> section over these.
    /// </summary>
    public static HttpGeocoderOptions ForCensusBatch() => new()
    {
        Timeout = TimeSpan.FromMinutes(10),
        MaxResponseBytes = 16 * 1024 * 1024,
        RequestsPerSecond = 0,
        CircuitBreakerFailures = 3,
    };

    /// <summary>Every problem with these settings, each naming its full configuration path; empty when they are usable.</summary>
    /// <param name="sectionPath">The section the options were bound from, for example <see cref="PeliasSectionName"/>.</param>
    /// <param name="baseUrlRequired">False for providers that have a default service (the Census ones).</param>
    public IReadOnlyList<string> Validate(string sectionPath, bool baseUrlRequired = true)
    {
        ArgumentNullException.ThrowIfNull(sectionPath);
        var problems = new List<string>();
        void Problem(string key, string text) => problems.Add(string.Create(CultureInfo.InvariantCulture, $"{sectionPath}:{key} {text}"));

        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            if (baseUrlRequired)
            {
                Problem(nameof(BaseUrl), "is required: the service's root URL (http or https)");
            }
        }
        else if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            Problem(nameof(BaseUrl), "must be an absolute http or https URL without query, fragment or credentials");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            Problem(nameof(Timeout), "must be more than zero and at most one hour");
        }
        if (!double.IsFinite(RequestsPerSecond) || RequestsPerSecond < 0 || RequestsPerSecond > 10_000)
        {
            Problem(nameof(RequestsPerSecond), "must be from 0 (unlimited) to 10000");
        }
        if (Burst < 1 || Burst > 10_000)
        {
            Problem(nameof(Burst), "must be from 1 to 10000");
        }
        if (CircuitBreakerFailures < 1)
        {
            Problem(nameof(CircuitBreakerFailures), "must be at least 1");
        }
        if (CircuitBreakDuration <= TimeSpan.Zero || CircuitBreakDuration > TimeSpan.FromDays(1))
        {
            Problem(nameof(CircuitBreakDuration), "must be more than zero and at most one day");
        }
        if (string.IsNullOrWhiteSpace(UserAgent) || !IsValidUserAgent(UserAgent))
        {
            Problem(nameof(UserAgent), "must be a valid User-Agent header value naming the product, for example \"" + DefaultUserAgent + "\"");
        }
        if (ApiKey is not null && HasControlCharacters(ApiKey))
        {
            Problem(nameof(ApiKey), "must not contain control characters");
        }
        if (Email is not null && (HasControlCharacters(Email) || (Email.Length > 0 && !Email.Contains('@', StringComparison.Ordinal))))
        {
            Problem(nameof(Email), "must be an e-mail address");
        }
        if (MaxResponseBytes < 1024)
        {
            Problem(nameof(MaxResponseBytes), "must be at least 1024");
        }
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems; providers call it from their constructors.</summary>
    internal void ThrowIfInvalid(string sectionPath, bool baseUrlRequired)
    {
        var problems = Validate(sectionPath, baseUrlRequired);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid geocoder configuration: " + string.Join("; ", problems));
        }
    }

    private static bool IsValidUserAgent(string value)
    {
        if (HasControlCharacters(value))
        {
            return false;
        }
        using var probe = new HttpRequestMessage();
        return probe.Headers.UserAgent.TryParseAdd(value) && probe.Headers.UserAgent.Count > 0 && probe.Headers.UserAgent.First().Product is ProductHeaderValue;
    }

    private static bool HasControlCharacters(string value) => value.Any(char.IsControl);
}
