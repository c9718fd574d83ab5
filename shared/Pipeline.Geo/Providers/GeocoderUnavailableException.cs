namespace Pipeline.Geo.Providers;

/// <summary>Why an HTTP geocoder could not answer.</summary>
public enum GeocoderFailure
{
    /// <summary>The request took longer than <see cref="HttpGeocoderOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>The circuit is open after repeated failures: no request was sent.</summary>
    CircuitOpen,

    /// <summary>
    /// The rate limit left no token within the timeout (no request was sent), or the service answered
    /// HTTP 429 and asked us to wait (<see cref="GeocoderUnavailableException.RetryAfter"/>).
    /// </summary>
    Throttled,

    /// <summary>The service answered with a server error (5xx, or another status that means it cannot serve).</summary>
    ServerError,

    /// <summary>The answer could not be used: malformed, oversized, missing fields, impossible coordinates, or a 4xx refusal of the query.</summary>
    BadResponse,

    /// <summary>No connection could be made (refused, reset, DNS or TLS failure).</summary>
    Unreachable,
}

/// <summary>
/// An HTTP geocoder could not answer. The chain skips to its next provider and counts the
/// <see cref="Reason"/>; "no match" is never this exception but a null candidate. Messages never carry
/// address text.
/// </summary>
public sealed class GeocoderUnavailableException : Exception
{
    /// <summary>Creates an exception without provider or reason (reason <see cref="GeocoderFailure.ServerError"/>).</summary>
    public GeocoderUnavailableException()
        : this("The geocoder is unavailable.")
    {
    }

    /// <summary>Creates an exception with a message and no provider (reason <see cref="GeocoderFailure.ServerError"/>).</summary>
    /// <param name="message">What happened, without address text.</param>
    public GeocoderUnavailableException(string message)
        : base(message)
    {
        Provider = "";
        Reason = GeocoderFailure.ServerError;
    }

    /// <summary>Creates an exception with a message and a cause, and no provider (reason <see cref="GeocoderFailure.ServerError"/>).</summary>
    /// <param name="message">What happened, without address text.</param>
    /// <param name="innerException">The cause.</param>
    public GeocoderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = "";
        Reason = GeocoderFailure.ServerError;
    }

    /// <summary>Creates an exception for one provider's failure.</summary>
    /// <param name="provider">The provider's <c>Name</c>.</param>
    /// <param name="reason">Why it failed.</param>
    /// <param name="detail">A short technical detail ("HTTP 502", "features[0].geometry missing"), never address text.</param>
    /// <param name="retryAfter">How long until the provider will be tried again, when known.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public GeocoderUnavailableException(string provider, GeocoderFailure reason, string? detail = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(FormatMessage(provider, reason, detail), innerException)
    {
        Provider = provider;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>The provider's <c>Name</c> ("pelias", "nominatim", "census").</summary>
    public string Provider { get; }

    /// <summary>Why it failed.</summary>
    public GeocoderFailure Reason { get; }

    /// <summary>How long until the provider will send requests again (an open circuit or a server's Retry-After), when known.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string FormatMessage(string provider, GeocoderFailure reason, string? detail) =>
        detail is null ? $"Geocoder '{provider}' unavailable: {reason}." : $"Geocoder '{provider}' unavailable: {reason} ({detail}).";
}
