namespace Pipeline.Geo.Providers;

/// <summary>
/// A token bucket on <see cref="TimeProvider.GetUtcNow"/>: <c>capacity</c> tokens, refilled at
/// <c>ratePerSecond</c>. A caller reserves a token and is told how long to wait for it, so waiting callers
/// queue in arrival order and never go early.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _updated;

    public TokenBucket(double ratePerSecond, int capacity, TimeProvider time)
    {
        _ratePerSecond = ratePerSecond;
        _capacity = capacity;
        _time = time;
        _tokens = capacity;
        _updated = time.GetUtcNow();
    }

    /// <summary>Reserves a token and returns how long to wait before using it; null, reserving nothing, when that wait would exceed <paramref name="maxWait"/>.</summary>
    public TimeSpan? TryReserve(TimeSpan maxWait)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var elapsed = (now - _updated).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_capacity, _tokens + (elapsed * _ratePerSecond));
                _updated = now;
            }
            var wait = _tokens >= 1
                ? TimeSpan.Zero
                // Rounded up so that a reservation is never used before its token exists.
                : TimeSpan.FromTicks((long)Math.Ceiling((1 - _tokens) / _ratePerSecond * TimeSpan.TicksPerSecond));
            if (wait > maxWait)
            {
                return null;
            }
            _tokens -= 1;
            return wait;
        }
    }

    /// <summary>Gives back a reserved token that was not used (the caller gave up while waiting).</summary>
    public void Return()
    {
        lock (_gate)
        {
            _tokens = Math.Min(_capacity, _tokens + 1);
        }
    }
}
