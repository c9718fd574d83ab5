using System.Net;
using System.Net.Sockets;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;
using static Pipeline.Geo.Tests.Providers.ProviderTestKit;

namespace Pipeline.Geo.Tests.Providers;

/// <summary>The shared resilience piece, seen through the providers: every provider gets the same behaviour.</summary>
public sealed class ResilienceTests
{
    // Far beyond the milliseconds the awaited step takes, so it cannot flake; it only stops a broken build from hanging.
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Providers => ["pelias", "nominatim", "census"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnHttp500IsAServerError(string provider)
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("""{"error":"internal"}""", 500);
        using var http = new HttpClient();
        var geocoder = Create(provider, http, Options(stub), TimeProvider.System);

        var failure = await GeocodeFailsAsync(geocoder);

        Assert.Equal(GeocoderFailure.ServerError, failure.Reason);
        Assert.Equal(provider, failure.Provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MalformedJsonIsABadResponse(string provider)
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "application/json", """{"features":[{"geometry":""");
        using var http = new HttpClient();
        var geocoder = Create(provider, http, Options(stub), TimeProvider.System);

        Assert.Equal(GeocoderFailure.BadResponse, (await GeocodeFailsAsync(geocoder)).Reason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnHtmlErrorPageWithStatus200IsABadResponse(string provider)
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "text/html", "<html><body>Gateway says hello</body></html>");
        using var http = new HttpClient();
        var geocoder = Create(provider, http, Options(stub), TimeProvider.System);

        Assert.Equal(GeocoderFailure.BadResponse, (await GeocodeFailsAsync(geocoder)).Reason);
    }

    [Theory]
    [InlineData("pelias", true)]
    [InlineData("nominatim", true)]
    [InlineData("census", true)]
    [InlineData("pelias", false)]
    [InlineData("nominatim", false)]
    [InlineData("census", false)]
    public async Task ABodyOverTheSizeLimitIsABadResponse(string provider, bool declaresLength)
    {
        await using var stub = await StubServer.StartAsync();
        var huge = "[" + string.Join(",", Enumerable.Repeat("\"padding-padding-padding\"", 2000)) + "]";
        stub.Handler = async context =>
        {
            if (declaresLength)
            {
                context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(huge);
            }
            await StubServer.WriteAsync(context, 200, "application/json", huge);
        };
        using var http = new HttpClient();
        var geocoder = Create(provider, http, Options(stub, o => o.MaxResponseBytes = 16 * 1024), TimeProvider.System);

        var failure = await GeocodeFailsAsync(geocoder);

        Assert.Equal(GeocoderFailure.BadResponse, failure.Reason);
        Assert.Contains("16384 bytes", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASlowAnswerTimesOutWhenTheClockPassesTheTimeoutAndNotBefore(string provider)
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = stub.HangAsync;
        var clock = new ManualClock();
        using var http = BoundedClient();
        var geocoder = Create(provider, http, Options(stub, o => o.Timeout = TimeSpan.FromSeconds(3)), clock);

        var call = geocoder.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask();
        await stub.WaitForRequestsAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(2999));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(() => call.WaitAsync(Generous, TestContext.Current.CancellationToken));
        Assert.Equal(GeocoderFailure.Timeout, failure.Reason);
    }

    [Fact]
    public async Task ASlowAnswerTimesOutOnTheRealClockToo()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = stub.HangAsync;
        using var http = BoundedClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.Timeout = TimeSpan.FromMilliseconds(200)), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<GeocoderUnavailableException>(
            () => pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask().WaitAsync(Generous, TestContext.Current.CancellationToken));

        // Only the kind of failure is asserted: the wall-clock duration is not, so a loaded machine cannot flake it.
        Assert.Equal(GeocoderFailure.Timeout, failure.Reason);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotATimeoutAndDoesNotCountAsAFailure()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = stub.HangAsync;
        var clock = new ManualClock();
        using var http = BoundedClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.CircuitBreakerFailures = 1), clock);
        using var cancel = new CancellationTokenSource();

        var call = pelias.GeocodeAsync(HouseQuery, cancel.Token).AsTask();
        await stub.WaitForRequestsAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Generous, TestContext.Current.CancellationToken));
        stub.RespondJson(PeliasEmpty);
        Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task ARefusedConnectionIsUnreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, new HttpGeocoderOptions { BaseUrl = $"http://127.0.0.1:{port}", RequestsPerSecond = 0 }, TimeProvider.System);

        var failure = await GeocodeFailsAsync(pelias);

        Assert.Equal(GeocoderFailure.Unreachable, failure.Reason);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("date")]
    public async Task A429WithRetryAfterIsThrottledAndNoRequestGoesOutUntilItPasses(string retryAfter)
    {
        await using var stub = await StubServer.StartAsync();
        var clock = new ManualClock();
        var throttled = true;
        stub.Handler = context =>
        {
            if (!throttled)
            {
                return StubServer.WriteAsync(context, 200, "application/json", PeliasEmpty);
            }
            context.Response.Headers.RetryAfter = retryAfter == "date" ? (clock.GetUtcNow() + TimeSpan.FromSeconds(30)).ToString("R") : retryAfter;
            return StubServer.WriteAsync(context, 429, "application/json", """{"error":"rate limited"}""");
        };
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.CircuitBreakerFailures = 100), clock);

        var first = await GeocodeFailsAsync(pelias);
        Assert.Equal(GeocoderFailure.Throttled, first.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), first.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(29));
        var waiting = await GeocodeFailsAsync(pelias);
        Assert.Equal(GeocoderFailure.Throttled, waiting.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), waiting.RetryAfter);
        Assert.Equal(1, stub.RequestCount);

        throttled = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task A503WithRetryAfterIsAServerErrorThenTheCircuitStaysOpenUntilItPasses()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context =>
        {
            context.Response.Headers.RetryAfter = "10";
            return StubServer.WriteAsync(context, 503, "text/plain", "maintenance");
        };
        var clock = new ManualClock();
        using var http = new HttpClient();
        var census = new CensusGeocoder(http, Options(stub), clock);

        Assert.Equal(GeocoderFailure.ServerError, (await GeocodeFailsAsync(census)).Reason);
        Assert.Equal(GeocoderFailure.CircuitOpen, (await GeocodeFailsAsync(census)).Reason);
        Assert.Equal(1, stub.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(10));
        stub.RespondJson(CensusMatches());
        Assert.NotNull(await census.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task TheCircuitOpensAfterTheConfiguredFailuresAndSendsNothingWhileOpen()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("{}", 502);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub, o => { o.CircuitBreakerFailures = 3; o.CircuitBreakDuration = TimeSpan.FromSeconds(60); }), clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(GeocoderFailure.ServerError, (await GeocodeFailsAsync(nominatim)).Reason);
        }
        for (var i = 0; i < 5; i++)
        {
            var open = await GeocodeFailsAsync(nominatim);
            Assert.Equal(GeocoderFailure.CircuitOpen, open.Reason);
            Assert.Equal(TimeSpan.FromSeconds(60), open.RetryAfter);
        }
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(GeocoderFailure.CircuitOpen, (await GeocodeFailsAsync(nominatim)).Reason);

        Assert.Equal(3, stub.RequestCount);
    }

    [Fact]
    public async Task ASuccessfulHalfOpenProbeClosesTheCircuit()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("{}", 500);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => { o.CircuitBreakerFailures = 2; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); }), clock);
        await GeocodeFailsAsync(pelias);
        await GeocodeFailsAsync(pelias);
        Assert.Equal(GeocoderFailure.CircuitOpen, (await GeocodeFailsAsync(pelias)).Reason);

        clock.Advance(TimeSpan.FromSeconds(30));
        stub.RespondJson(PeliasFeature("address"));
        Assert.NotNull(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));

        // Closed again: a single failure no longer opens it, and calls reach the service.
        stub.RespondJson("{}", 500);
        Assert.Equal(GeocoderFailure.ServerError, (await GeocodeFailsAsync(pelias)).Reason);
        stub.RespondJson(PeliasFeature("address"));
        Assert.NotNull(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(5, stub.RequestCount);
    }

    [Fact]
    public async Task AFailedProbeOpensTheCircuitForAnotherFullBreak()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("{}", 500);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => { o.CircuitBreakerFailures = 1; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); }), clock);
        await GeocodeFailsAsync(pelias);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(GeocoderFailure.ServerError, (await GeocodeFailsAsync(pelias)).Reason);
        var reopened = await GeocodeFailsAsync(pelias);

        Assert.Equal(GeocoderFailure.CircuitOpen, reopened.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), reopened.RetryAfter);
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task OnlyOneProbeIsInFlightWhileHalfOpen()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("{}", 500);
        var clock = new ManualClock();
        // The manual clock never fires the request timeout; this bounds the test should a second request get through.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var pelias = new PeliasGeocoder(http, Options(stub, o => { o.CircuitBreakerFailures = 1; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); o.Timeout = TimeSpan.FromSeconds(5); }), clock);
        await GeocodeFailsAsync(pelias);
        clock.Advance(TimeSpan.FromSeconds(30));
        var release = new TaskCompletionSource();
        stub.Handler = async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await StubServer.WriteAsync(context, 200, "application/json", PeliasEmpty);
        };

        var probe = pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask();
        await stub.WaitForRequestsAsync(2);
        var second = await GeocodeFailsAsync(pelias);
        release.SetResult();

        Assert.Equal(GeocoderFailure.CircuitOpen, second.Reason);
        Assert.Null(await probe);
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task ASuccessResetsTheCountOfConsecutiveFailures()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.CircuitBreakerFailures = 3), new ManualClock());

        for (var round = 0; round < 3; round++)
        {
            stub.RespondJson("{}", 500);
            await GeocodeFailsAsync(pelias);
            await GeocodeFailsAsync(pelias);
            stub.RespondJson(PeliasEmpty);
            Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        }

        Assert.Equal(9, stub.RequestCount);
    }

    [Fact]
    public async Task TheRateLimitHoldsTheNextRequestUntilTheClockHasATokenForIt()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("[]");
        var clock = new ManualClock();
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub, o => { o.RequestsPerSecond = 1; o.Burst = 1; }), clock);

        Assert.Null(await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        var second = nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask();
        var third = nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask();
        // Token waits are 1 s and 2 s away; the requests' own timeouts (5 s) are not counted.
        await Eventually.HoldsAsync(() => clock.PendingTimersDueWithin(TimeSpan.FromSeconds(2)) >= 2, "both calls to wait for a token");
        Assert.Equal(1, stub.RequestCount);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, stub.RequestCount);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await stub.WaitForRequestsAsync(2);
        await second;
        Assert.False(third.IsCompleted);
        Assert.Equal(2, stub.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(1));
        await third;
        Assert.Equal(3, stub.RequestCount);
    }

    [Fact]
    public async Task ABurstGoesAtOnceAndTheNextRequestWaits()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasEmpty);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => { o.RequestsPerSecond = 2; o.Burst = 3; }), clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        }
        var fourth = pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask();
        await Eventually.HoldsAsync(() => clock.PendingTimersDueWithin(TimeSpan.FromSeconds(1)) >= 1, "the fourth call to wait for a token");
        Assert.Equal(3, stub.RequestCount);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await fourth;
        Assert.Equal(4, stub.RequestCount);
    }

    [Fact]
    public async Task AWaitLongerThanTheTimeoutIsThrottledWithoutARequest()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson("[]");
        var clock = new ManualClock();
        using var http = new HttpClient();
        var nominatim = new NominatimGeocoder(http, Options(stub, o => { o.RequestsPerSecond = 0.1; o.Timeout = TimeSpan.FromSeconds(5); o.CircuitBreakerFailures = 1; }), clock);

        Assert.Null(await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        var failure = await GeocodeFailsAsync(nominatim);

        Assert.Equal(GeocoderFailure.Throttled, failure.Reason);
        Assert.Equal(1, stub.RequestCount);
        // Being throttled locally is not the service's fault: the circuit stays closed.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await nominatim.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken));
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task ARateOfZeroMeansUnlimited()
    {
        await using var stub = await StubServer.StartAsync();
        stub.RespondJson(PeliasEmpty);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub, o => o.RequestsPerSecond = 0), clock);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pelias.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask()));

        Assert.Equal(20, stub.RequestCount);
    }

    [Fact]
    public async Task FailureMessagesNeverCarryTheAddress()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Handler = context => StubServer.WriteAsync(context, 200, "application/json", """{"features":[{"geometry":{"type":"Point","coordinates":[0,0]},"properties":{"layer":"address","label":"1520 SHATTUCK AVE"}}]}""");
        using var http = new HttpClient();
        var pelias = new PeliasGeocoder(http, Options(stub), TimeProvider.System);

        var failure = await GeocodeFailsAsync(pelias);

        Assert.DoesNotContain("SHATTUCK", failure.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    // No HttpClient timeout: only the geocoder's own may end a hanging request (the tests bound their waits instead).
    private static HttpClient BoundedClient() => new() { Timeout = Timeout.InfiniteTimeSpan };

    private static IAddressGeocoder Create(string provider, HttpClient http, HttpGeocoderOptions options, TimeProvider clock) => provider switch
    {
        "pelias" => new PeliasGeocoder(http, options, clock),
        "nominatim" => new NominatimGeocoder(http, options, clock),
        "census" => new CensusGeocoder(http, options, clock),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static Task<GeocoderUnavailableException> GeocodeFailsAsync(IAddressGeocoder geocoder) =>
        Assert.ThrowsAsync<GeocoderUnavailableException>(() => geocoder.GeocodeAsync(HouseQuery, TestContext.Current.CancellationToken).AsTask());
}
