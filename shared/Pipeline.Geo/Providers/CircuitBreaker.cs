namespace Pipeline.Geo.Providers;

/// <summary>
/// Consecutive-failure circuit breaker on <see cref="TimeProvider.GetUtcNow"/>. Closed: calls pass and
/// failures are counted. Open: calls fail fast until the break ends. Half-open: exactly one probe call
/// passes; its success closes the circuit, its failure opens it for another full break.
/// </summary>
internal sealed class CircuitBreaker(string provider, int failureThreshold, TimeSpan breakDuration, TimeProvider time)
{
    private enum State
    {
        Closed,
        Open,
        HalfOpen,
    }

    private readonly Lock _gate = new();
    private State _state = State.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil;
    private GeocoderFailure _openReason = GeocoderFailure.CircuitOpen;
    private bool _probeInFlight;

    /// <summary>Admits a call, or throws <see cref="GeocoderUnavailableException"/> when the circuit refuses it. True when the call is the half-open probe.</summary>
    public bool Enter()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Closed:
                    return false;
                case State.Open:
                    var now = time.GetUtcNow();
                    if (now < _openUntil)
                    {
                        throw new GeocoderUnavailableException(provider, _openReason, "no request sent", _openUntil - now);
                    }
                    _state = State.HalfOpen;
                    _probeInFlight = true;
                    return true;
                default:
                    if (_probeInFlight)
                    {
                        throw new GeocoderUnavailableException(provider, GeocoderFailure.CircuitOpen, "probe in flight, no request sent");
                    }
                    _probeInFlight = true;
                    return true;
            }
        }
    }

    /// <summary>The call got a usable answer (a match or a clean "no match").</summary>
    public void RecordSuccess()
    {
        lock (_gate)
        {
            _state = State.Closed;
            _consecutiveFailures = 0;
            _probeInFlight = false;
        }
    }

    /// <summary>The call failed in a way that says the service is unwell.</summary>
    /// <param name="isProbe">What <see cref="Enter"/> returned for the call.</param>
    /// <param name="serverBreak">A break the server asked for (Retry-After), with the reason to report while it lasts.</param>
    public void RecordFailure(bool isProbe, (TimeSpan Duration, GeocoderFailure Reason)? serverBreak)
    {
        lock (_gate)
        {
            if (serverBreak is { } asked)
            {
                Open(asked.Duration, asked.Reason);
                return;
            }
            if (isProbe && _state == State.HalfOpen)
            {
                Open(breakDuration, GeocoderFailure.CircuitOpen);
                return;
            }
            if (_state != State.Closed)
            {
                // A call admitted before the circuit opened: the circuit already knows.
                return;
            }
            _consecutiveFailures++;
            if (_consecutiveFailures >= failureThreshold)
            {
                Open(breakDuration, GeocoderFailure.CircuitOpen);
            }
        }
    }

    /// <summary>The call ended without telling anything about the service's health (cancelled, rate-limited locally, a 4xx refusal).</summary>
    public void RecordNeutral(bool isProbe)
    {
        if (!isProbe)
        {
            return;
        }
        lock (_gate)
        {
            if (_state == State.HalfOpen)
            {
                // The next call becomes the probe.
                _probeInFlight = false;
            }
        }
    }

    private void Open(TimeSpan duration, GeocoderFailure reason)
    {
        var until = time.GetUtcNow() + duration;
        // A server's short Retry-After never shortens a break already running.
        if (_state == State.Open && until <= _openUntil)
        {
            return;
        }
        _state = State.Open;
        _openUntil = until;
        _openReason = reason;
        _probeInFlight = false;
        _consecutiveFailures = 0;
    }
}
