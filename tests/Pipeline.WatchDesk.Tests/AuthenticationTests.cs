using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>Sign-in, sessions, roles, CSRF, throttling and the first administrator.</summary>
public sealed class AuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every API endpoint with a path that exists once the seed is in.
    public static TheoryData<string, string> ApiEndpoints() => new()
    {
        { "POST", "/api/logout" },
        { "GET", "/api/me" },
        { "POST", "/api/me/password" },
        { "GET", "/api/alerts" },
        { "GET", Seed.ApiPath(1) },
        { "POST", Seed.ApiPath(1, "/claim") },
        { "POST", Seed.ApiPath(1, "/disposition") },
        { "POST", Seed.ApiPath(1, "/reopen") },
        { "POST", Seed.ApiPath(1, "/share") },
        { "GET", Seed.ApiPath(1, "/export?form=Summary") },
        { "POST", "/api/alerts/bulk/count" },
        { "POST", "/api/alerts/bulk" },
        { "GET", "/api/events" },
        { "GET", "/api/audit" },
        { "GET", "/api/audit.csv" },
        { "GET", "/api/feeds/health" },
        { "GET", "/api/fairness/reports" },
        { "GET", "/api/fairness/reports/some-report" },
    };

    // What each role may not do: 403.
    public static TheoryData<DeskRole, string, string> Forbidden() => new()
    {
        { DeskRole.Engineer, "GET", "/api/alerts" },
        { DeskRole.Engineer, "GET", Seed.ApiPath(1) },
        { DeskRole.Engineer, "GET", "/api/events" },
        { DeskRole.Engineer, "POST", Seed.ApiPath(1, "/claim") },
        { DeskRole.Engineer, "GET", "/api/audit" },
        { DeskRole.Auditor, "POST", Seed.ApiPath(1, "/claim") },
        { DeskRole.Auditor, "POST", Seed.ApiPath(1, "/disposition") },
        { DeskRole.Auditor, "POST", Seed.ApiPath(1, "/share") },
        { DeskRole.Auditor, "POST", Seed.ApiPath(1, "/reopen") },
        { DeskRole.Auditor, "GET", Seed.ApiPath(1, "/export?form=Summary") },
        { DeskRole.Auditor, "POST", "/api/alerts/bulk/count" },
        { DeskRole.Analyst, "POST", Seed.ApiPath(1, "/reopen") },
        { DeskRole.Analyst, "POST", "/api/alerts/bulk/count" },
        { DeskRole.Analyst, "POST", "/api/alerts/bulk" },
        { DeskRole.Analyst, "GET", Seed.ApiPath(1, "/export?form=Detailed") },
        { DeskRole.Analyst, "GET", "/api/audit" },
        { DeskRole.Analyst, "GET", "/api/audit.csv" },
        { DeskRole.Analyst, "GET", "/api/fairness/reports" },
        { DeskRole.Supervisor, "GET", "/api/audit" },
        { DeskRole.Supervisor, "GET", "/api/fairness/reports/some-report" },
    };

    [Fact]
    public async Task EveryApiEndpointButLoginRequiresAnAuthorizationPolicy()
    {
        await using var desk = await DeskHost.StartAsync();
        var endpoints = desk.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();

        Assert.True(endpoints.Count >= 18, $"only {endpoints.Count} API endpoints found");
        var unprotected = endpoints
            .Where(e => e.RoutePattern.RawText != "/api/login")
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(unprotected);
        Assert.NotNull(endpoints.Single(e => e.RoutePattern.RawText == "/api/login").Metadata.GetMetadata<IAllowAnonymous>());
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task AnUnauthenticatedApiCallGets401AndIsAudited(string method, string path)
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { }) : null };
        var response = await desk.Client().Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 100, Ct);
        // Not signed in: no role at all, never recorded as if an analyst had done it.
        Assert.Contains(audit, e => e.Action == DeskAuditAction.LoginFailed && e.Actor == "anonymous" && e.Role is null && e.Reason!.StartsWith("refused 401", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task ARoleOutsideTheRoleTableGets403AndIsAudited(DeskRole role, string method, string path)
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var client = await desk.SignInAsync("user-" + role.ToString().ToLowerInvariant(), role);

        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { disposition = "IseSar", code = "C", comment = "c", reason = "r", recipient = "x", action = "close", expectedCount = 1 }) : null,
        };
        var response = await client.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 100, Ct);
        Assert.Contains(audit, e => e.Actor == "user-" + role.ToString().ToLowerInvariant() && e.Reason?.StartsWith("refused 403", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task LoginSetsAnHttpOnlyStrictSessionCookieAndMeAnswersWithTheRoleAndCsrfToken()
    {
        await using var desk = await DeskHost.StartAsync();
        await DeskSeed.CreateUserAsync(desk.Store, "ana", DeskRole.Analyst, Ct, "Ana Analyst");
        var client = desk.Client();

        var login = await client.Http.PostJsonAsync("/api/login", new { userName = "ana", password = DeskHost.Password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("pipeline-desk=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var body = await login.JsonAsync();
        Assert.Equal("analyst", body.GetProperty("role").GetString());
        Assert.False(body.GetProperty("mustChangePassword").GetBoolean());
        var me = await (await client.GetAsync("/api/me")).JsonAsync();
        Assert.Equal("Ana Analyst", me.GetProperty("displayName").GetString());
        Assert.True(me.GetProperty("csrf").GetString()!.Length >= 32);
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "ana", 10, Ct);
        Assert.Contains(audit, e => e.Action == DeskAuditAction.Login);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownNameGetTheSame401()
    {
        await using var desk = await DeskHost.StartAsync();
        await DeskSeed.CreateUserAsync(desk.Store, "ana", DeskRole.Analyst, Ct);
        var client = desk.Client();

        var wrong = await client.Http.PostJsonAsync("/api/login", new { userName = "ana", password = "nope nope nope" });
        var unknown = await client.Http.PostJsonAsync("/api/login", new { userName = "nobody", password = "nope nope nope" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 100, Ct);
        Assert.Equal(2, audit.Count(e => e.Action == DeskAuditAction.LoginFailed));
        Assert.DoesNotContain(audit, e => e.Reason?.Contains("nope", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task FiveFailedLoginsWithinFifteenMinutesRefuseTheNameForFifteenMinutes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var desk = await DeskHost.StartAsync(b => b.Services.AddSingleton<TimeProvider>(time));
        await DeskSeed.CreateUserAsync(desk.Store, "ana", DeskRole.Analyst, Ct);
        var client = desk.Client();
        for (var i = 0; i < 5; i++)
        {
            if (i > 0)
            {
                time.Advance(TimeSpan.FromMinutes(3));
            }
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.PostJsonAsync("/api/login", new { userName = "ana", password = "wrong password " + i })).StatusCode);
        }

        var refused = await client.Http.PostJsonAsync("/api/login", new { userName = "ana", password = DeskHost.Password });
        time.Advance(TimeSpan.FromMinutes(14));
        var stillRefused = await client.Http.PostJsonAsync("/api/login", new { userName = "ANA", password = DeskHost.Password });
        time.Advance(TimeSpan.FromMinutes(2));
        var allowed = await client.Http.PostJsonAsync("/api/login", new { userName = "ana", password = DeskHost.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 100, Ct);
        Assert.Equal(2, audit.Count(e => e.Action == DeskAuditAction.LoginFailed && e.Reason == "refused: too many failed logins"));
    }

    [Fact]
    public async Task AUserWhoMustChangeTheirPasswordCanOnlyCallMePasswordAndLogoutUntilTheyDo()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var client = await desk.SignInAsync("newbie", DeskRole.Analyst, mustChangePassword: true);

        var queueBefore = await client.GetAsync("/api/alerts");
        var me = await client.GetAsync("/api/me");
        var tooShort = await client.Http.PostJsonAsync("/api/me/password", new { currentPassword = DeskHost.Password, newPassword = "short" });
        var changed = await client.Http.PostJsonAsync("/api/me/password", new { currentPassword = DeskHost.Password, newPassword = "a much longer new password" });
        var queueAfter = await client.GetAsync("/api/alerts");

        Assert.Equal(HttpStatusCode.Forbidden, queueBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queueAfter.StatusCode);
        var user = await desk.Store.GetUserAsync("newbie", Ct);
        Assert.False(user!.MustChangePassword);
        Assert.True(PasswordHasher.Verify("a much longer new password", user.PasswordHash));
    }

    [Fact]
    public async Task AStateChangingRequestWithoutTheCsrfHeaderIsRefusedWith400AndChangesNothing()
    {
        await using var desk = await DeskHost.StartWithAlertsAsync(1);
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);
        client.Http.DefaultRequestHeaders.Remove("X-Desk-Csrf");

        var missing = await client.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null);
        client.Http.DefaultRequestHeaders.Add("X-Desk-Csrf", "forged-token-value");
        var wrong = await client.Http.PostJsonAsync(Seed.ApiPath(1, "/claim"), null);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var row = await desk.Store.GetQueueRowAsync(Seed.AlertId(1), DateTimeOffset.UtcNow, Ct);
        Assert.Null(row!.Assignee);
        var audit = await desk.Store.ReadAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "ana", 100, Ct);
        Assert.Equal(2, audit.Count(e => e.Reason?.StartsWith("refused 400", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        await using var desk = await DeskHost.StartAsync();
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);

        var logout = await client.Http.PostJsonAsync("/api/logout", null);
        var me = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Theory]
    [InlineData("UPDATE desk_users SET disabled = 1 WHERE user_name = 'ana'")]
    [InlineData("UPDATE desk_users SET role = 'auditor' WHERE user_name = 'ana'")]
    [InlineData("DELETE FROM desk_users WHERE user_name = 'ana'")]
    public async Task ASessionEndsAtTheNextRequestOnceItsAccountIsDisabledGivenAnotherRoleOrRemoved(string change)
    {
        await using var desk = await DeskHost.StartAsync();
        var client = await desk.SignInAsync("ana", DeskRole.Analyst);
        var before = await client.GetAsync("/api/me");

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={desk.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = change;
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }
        var after = await client.GetAsync("/api/me");
        var queue = await client.GetAsync("/api/alerts");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (after.StatusCode, queue.StatusCode));
    }

    [Fact]
    public async Task TheFirstStartCreatesAnAdministratorAndPrintsItsOneTimePasswordOnceAndNeverToTheLog()
    {
        using var folder = new TempFolder();
        string password;
        await using (var first = await DeskHost.StartAsync(folder: folder))
        {
            var match = System.Text.RegularExpressions.Regex.Match(first.Console.ToString(), "one-time password ([A-Za-z0-9]+)");
            Assert.True(match.Success, first.Console.ToString());
            password = match.Groups[1].Value;
            Assert.DoesNotContain(first.Logs.Messages, m => m.Contains(password, StringComparison.Ordinal));
            var login = await first.Client().Http.PostJsonAsync("/api/login", new { userName = "admin", password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.True((await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        }
        await using var second = await DeskHost.StartAsync(folder: folder);

        Assert.DoesNotContain("one-time password", second.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyHeaderModeBelievesTheHeadersOnlyFromATrustedProxy()
    {
        await using var desk = await DeskHost.StartAsync(b =>
        {
            b.Configuration["WatchDesk:Authentication:Mode"] = "ProxyHeader";
            b.Configuration["WatchDesk:Authentication:TrustedProxies:0"] = "10.0.0.7";
        });
        var server = desk.App.GetTestServer();

        async Task<int> SendAsync(string remote)
        {
            var context = await server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/api/me";
                c.Request.Headers["X-Forwarded-User"] = "sam";
                c.Request.Headers["X-Forwarded-Role"] = "supervisor";
                c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }, Ct);
            return context.Response.StatusCode;
        }

        Assert.Equal(200, await SendAsync("10.0.0.7"));
        Assert.Equal(401, await SendAsync("10.0.0.8"));
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.Client().Http.PostJsonAsync("/api/login", new { userName = "admin", password = "x" })).StatusCode);
    }
}
