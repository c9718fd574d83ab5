using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Pipeline.Geo.Providers;

/// <summary>
/// The resilience every HTTP geocoder shares, written once: circuit breaker, rate limit, per-request
/// timeout, Retry-After, bounded response size, and faults turned into <see cref="GeocoderUnavailableException"/>.
/// One instance per provider instance; safe for concurrent calls.
/// </summary>
internal sealed class GeocoderHttpChannel
{
    // A hostile or broken Retry-After must not silence a provider for days.
    private static readonly TimeSpan MaxServerBreak = TimeSpan.FromMinutes(15);

    private readonly string _provider;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly int _maxResponseBytes;
    private readonly string _userAgent;
    private readonly TokenBucket? _bucket;
    private readonly CircuitBreaker _breaker;

    public GeocoderHttpChannel(string provider, HttpClient http, HttpGeocoderOptions options, TimeProvider time)
    {
        _provider = provider;
        _http = http;
        _time = time;
        _timeout = options.Timeout;
        _maxResponseBytes = options.MaxResponseBytes;
        _userAgent = options.UserAgent;
        _bucket = options.RequestsPerSecond > 0 ? new TokenBucket(options.RequestsPerSecond, options.Burst, time) : null;
        _breaker = new CircuitBreaker(provider, options.CircuitBreakerFailures, options.CircuitBreakDuration, time);
    }

    /// <summary>
    /// Sends one request built by <paramref name="createRequest"/> and parses a 2xx body with
    /// <paramref name="parse"/>, which throws <see cref="GeocoderUnavailableException"/> (reason
    /// <see cref="GeocoderFailure.BadResponse"/>) for an unusable body.
    /// </summary>
    public async Task<T> SendAsync<T>(Func<HttpRequestMessage> createRequest, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        var isProbe = _breaker.Enter();
        var settled = false;
        try
        {
            await WaitForTokenAsync(cancellationToken);
            var body = await FetchAsync(createRequest, cancellationToken);
            T result;
            try
            {
                result = parse(body);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                // The parsers check shapes themselves; this is the net under them, so a surprise never crashes the chain.
                throw new GeocoderUnavailableException(_provider, GeocoderFailure.BadResponse, "unexpected response shape", innerException: ex);
            }
            _breaker.RecordSuccess();
            settled = true;
            return result;
        }
        catch (ChannelFault fault)
        {
            if (fault.CountsAgainstService)
            {
                _breaker.RecordFailure(isProbe, fault.ServerBreak);
            }
            else
            {
                _breaker.RecordNeutral(isProbe);
            }
            settled = true;
            throw fault.Exception;
        }
        catch (GeocoderUnavailableException ex) when (ex.Reason == GeocoderFailure.BadResponse)
        {
            _breaker.RecordFailure(isProbe, null);
            settled = true;
            throw;
        }
        finally
        {
            if (!settled)
            {
                _breaker.RecordNeutral(isProbe);
            }
        }
    }

    private async Task WaitForTokenAsync(CancellationToken cancellationToken)
    {
        if (_bucket is null)
        {
            return;
        }
        var wait = _bucket.TryReserve(_timeout)
            ?? throw new ChannelFault(new GeocoderUnavailableException(_provider, GeocoderFailure.Throttled, "rate limit, no request sent"), countsAgainstService: false);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _bucket.Return();
            throw;
        }
    }

    private async Task<ReadOnlyMemory<byte>> FetchAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = createRequest();
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw StatusFault(response);
            }
            return await ReadBoundedAsync(response.Content, linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Ours, or the HttpClient's own Timeout when that is the shorter: either way the service was too slow.
            throw new ChannelFault(new GeocoderUnavailableException(_provider, GeocoderFailure.Timeout, FormattableString.Invariant($"no answer within {_timeout.TotalSeconds:0.###} s"), innerException: ex), countsAgainstService: true);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The inner exception names the endpoint, never the query.
            var reason = ex.HttpRequestError == HttpRequestError.ResponseEnded || ex.HttpRequestError == HttpRequestError.InvalidResponse
                ? GeocoderFailure.ServerError
                : GeocoderFailure.Unreachable;
            throw new ChannelFault(new GeocoderUnavailableException(_provider, reason, ex.HttpRequestError.ToString(), innerException: ex), countsAgainstService: true);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChannelFault(new GeocoderUnavailableException(_provider, GeocoderFailure.ServerError, "connection broken while reading", innerException: ex), countsAgainstService: true);
        }
    }

    private ChannelFault StatusFault(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var detail = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
        var retryAfter = RetryAfter(response);
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                return new ChannelFault(
                    new GeocoderUnavailableException(_provider, GeocoderFailure.Throttled, detail, retryAfter),
                    countsAgainstService: true,
                    retryAfter is { } wait429 ? (wait429, GeocoderFailure.Throttled) : null);
            case HttpStatusCode.ServiceUnavailable:
                return new ChannelFault(
                    new GeocoderUnavailableException(_provider, GeocoderFailure.ServerError, detail, retryAfter),
                    countsAgainstService: true,
                    retryAfter is { } wait503 ? (wait503, GeocoderFailure.CircuitOpen) : null);
            case HttpStatusCode.RequestTimeout:
            case HttpStatusCode.GatewayTimeout:
                return new ChannelFault(new GeocoderUnavailableException(_provider, GeocoderFailure.Timeout, detail), countsAgainstService: true);
            case HttpStatusCode.BadRequest:
            case HttpStatusCode.NotFound:
            case HttpStatusCode.UnprocessableEntity:
                // The service is up and refused this query (Census answers 400 with an "errors" array): not a health signal.
                return new ChannelFault(new GeocoderUnavailableException(_provider, GeocoderFailure.BadResponse, detail), countsAgainstService: false);
            default:
                // 401/403 (a bad key) fail every call just like a 5xx, so they count towards opening the circuit.
                return new ChannelFault(
                    new GeocoderUnavailableException(_provider, status >= 500 ? GeocoderFailure.ServerError : GeocoderFailure.BadResponse, detail),
                    countsAgainstService: true);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }
        return wait > MaxServerBreak ? MaxServerBreak : wait;
    }

    private async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _maxResponseBytes)
        {
            throw TooLarge();
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var initial = content.Headers.ContentLength is { } length ? (int)length : 16 * 1024;
        using var buffer = new MemoryStream(Math.Min(initial, _maxResponseBytes));
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                if (buffer.Length + read > _maxResponseBytes)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private ChannelFault TooLarge() => new(
        new GeocoderUnavailableException(_provider, GeocoderFailure.BadResponse, string.Create(CultureInfo.InvariantCulture, $"response over {_maxResponseBytes} bytes")),
        countsAgainstService: true);

    /// <summary>Carries a fault and how the breaker should take it from where it happens to where it is recorded.</summary>
    private sealed class ChannelFault(GeocoderUnavailableException exception, bool countsAgainstService, (TimeSpan, GeocoderFailure)? serverBreak = null)
        : Exception(exception.Message, exception)
    {
        public GeocoderUnavailableException Exception { get; } = exception;

        public bool CountsAgainstService { get; } = countsAgainstService;

        public (TimeSpan Duration, GeocoderFailure Reason)? ServerBreak { get; } = serverBreak;
    }
}
