using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>Role names as claims carry them, and the authorization policies of docs/watch-desk.md's role table.</summary>
internal static class DeskPolicies
{
    public const string Scheme = "Desk";
    public const string ProxyScheme = "ProxyHeader";

    public const string SignedIn = "signed-in";
    public const string Queue = "queue";
    public const string Vet = "vet";
    public const string Supervisor = "supervisor";
    public const string Audit = "audit";
    public const string FeedHealth = "feed-health";
    public const string Fairness = "fairness";

    public const string DisplayNameClaim = "display_name";
    public const string MustChangePasswordClaim = "must_change_password";
    public const string CsrfClaim = "csrf";

    public static string RoleName(DeskRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParseRole(string? name, out DeskRole role) =>
        Enum.TryParse(name, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(name, out _);

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Queue, p => p.RequireRole(RoleName(DeskRole.Analyst), RoleName(DeskRole.Supervisor), RoleName(DeskRole.Auditor)));
        options.AddPolicy(Vet, p => p.RequireRole(RoleName(DeskRole.Analyst), RoleName(DeskRole.Supervisor)));
        options.AddPolicy(Supervisor, p => p.RequireRole(RoleName(DeskRole.Supervisor)));
        options.AddPolicy(Audit, p => p.RequireRole(RoleName(DeskRole.Auditor)));
        options.AddPolicy(FeedHealth, p => p.RequireRole(RoleName(DeskRole.Analyst), RoleName(DeskRole.Supervisor), RoleName(DeskRole.Auditor), RoleName(DeskRole.Engineer)));
        options.AddPolicy(Fairness, p => p.RequireRole(RoleName(DeskRole.Auditor), RoleName(DeskRole.Engineer)));
    }
}

/// <summary>The signed-in user as the endpoints see it.</summary>
internal sealed record DeskPrincipal(string UserName, string DisplayName, DeskRole Role, bool MustChangePassword)
{
    public static DeskPrincipal? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name }
            || !DeskPolicies.TryParseRole(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }
        return new DeskPrincipal(
            name,
            user.FindFirstValue(DeskPolicies.DisplayNameClaim) ?? name,
            role,
            string.Equals(user.FindFirstValue(DeskPolicies.MustChangePasswordClaim), "true", StringComparison.Ordinal));
    }

    public static ClaimsPrincipal ToClaims(DeskUser user, string csrf, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(ClaimTypes.Role, DeskPolicies.RoleName(user.Role)),
                new Claim(DeskPolicies.DisplayNameClaim, user.DisplayName),
                new Claim(DeskPolicies.MustChangePasswordClaim, user.MustChangePassword ? "true" : "false"),
                new Claim(DeskPolicies.CsrfClaim, csrf),
            ],
            scheme,
            ClaimTypes.Name,
            ClaimTypes.Role));
}

/// <summary>
/// The double-submit token of docs/watch-desk.md: a random value kept in the (encrypted) session
/// cookie for local accounts; for proxy-authenticated users, an HMAC of the user name under a key
/// that lives as long as the process.
/// </summary>
internal sealed class CsrfTokens
{
    public const string HeaderName = "X-Desk-Csrf";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public string For(ClaimsPrincipal user) =>
        user.FindFirstValue(DeskPolicies.CsrfClaim)
        ?? Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("proxy|" + user.Identity?.Name)));

    public bool IsValid(HttpContext context)
    {
        var sent = context.Request.Headers[HeaderName].ToString();
        if (sent.Length == 0)
        {
            return false;
        }
        var expected = For(context.User);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The session cookie is <c>__Host-pipeline-desk</c> over HTTPS; over plain HTTP (the embedded
/// default on 127.0.0.1) it is <c>pipeline-desk</c>, because browsers drop a <c>__Host-</c> cookie
/// that is not <c>Secure</c>.
/// </summary>
internal sealed class DeskCookieManager : ICookieManager
{
    public const string BaseName = "pipeline-desk";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Name(context), options);

    private static string Name(HttpContext context) => context.Request.IsHttps ? "__Host-" + BaseName : BaseName;
}

/// <summary>
/// ProxyHeader mode: a reverse proxy that did the real authentication (OpenID Connect, for example
/// oauth2-proxy) names the user and role in headers. Believed only from a configured trusted
/// proxy address; from anywhere else the request is unauthenticated (401).
/// </summary>
internal sealed class ProxyHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WatchDeskOptions> desk)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = desk.Value.Authentication;
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is null || !settings.TrustedProxies.Any(p => IPAddress.TryParse(p, out var trusted) && Same(trusted, remote)))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var user = Request.Headers[settings.UserHeader].ToString().Trim();
        var roleText = Request.Headers[settings.RoleHeader].ToString().Trim();
        if (user.Length is 0 or > 256)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!DeskPolicies.TryParseRole(roleText, out var role))
        {
            return Task.FromResult(AuthenticateResult.Fail("The proxy sent no known desk role."));
        }
        var principal = DeskPrincipal.ToClaims(new DeskUser(user, user, role, "-", false, DateTimeOffset.MinValue, false), "", Scheme.Name);
        // No session token here: CsrfTokens derives one from the user name.
        ((ClaimsIdentity)principal.Identity!).RemoveClaim(principal.FindFirst(DeskPolicies.CsrfClaim));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);
}

/// <summary>Audits refused API requests (401 as login-failed, 403 as the refused action), then answers them as the default handler does.</summary>
internal sealed class AuditingAuthorizationResultHandler(DeskAudit audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            if (authorizeResult.Challenged)
            {
                await audit.RefusedAsync(context, StatusCodes.Status401Unauthorized, "not signed in");
            }
            else if (authorizeResult.Forbidden)
            {
                await audit.RefusedAsync(context, StatusCodes.Status403Forbidden, "role not allowed");
            }
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>Login throttling: after five failed logins for a name within 15 minutes, that name is refused for 15 minutes.</summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, (Queue<DateTimeOffset> Failures, DateTimeOffset LockedUntil)> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public bool IsLocked(string name, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_names.TryGetValue(name, out var state) && state.LockedUntil > now)
            {
                retryAfter = state.LockedUntil - now;
                return true;
            }
        }
        retryAfter = TimeSpan.Zero;
        return false;
    }

    public void Failed(string name)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_names.TryGetValue(name, out var state))
            {
                // Bound the memory a flood of made-up names can take.
                if (_names.Count > 100_000)
                {
                    _names.Clear();
                }
                state = (new Queue<DateTimeOffset>(), DateTimeOffset.MinValue);
            }
            state.Failures.Enqueue(now);
            while (state.Failures.Count > 0 && state.Failures.Peek() <= now - Window)
            {
                state.Failures.Dequeue();
            }
            if (state.Failures.Count >= MaxFailures)
            {
                state = (new Queue<DateTimeOffset>(), now + LockOut);
            }
            _names[name] = state;
        }
    }

    public void Succeeded(string name)
    {
        lock (_lock)
        {
            _names.Remove(name);
        }
    }
}
