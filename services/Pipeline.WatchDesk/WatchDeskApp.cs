using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>Builds the watch desk's web app: used by Program, <c>./pipeline demo --serve</c>, <c>./pipeline desk</c> and the tests.</summary>
public static class WatchDeskApp
{
    /// <summary>The Content-Security-Policy of every page and API answer (docs/watch-desk.md).</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

    private static readonly (string Route, string File)[] Pages =
    [
        ("/", "index.html"),
        ("/login", "login.html"),
        ("/alerts/{id}", "alert.html"),
        ("/audit", "audit.html"),
        ("/feeds", "feeds.html"),
        ("/fairness", "fairness.html"),
    ];

    /// <summary>
    /// Builds the app from configuration (sections "WatchDesk" and "Store"; PIPELINE_ environment
    /// variables; the command line). It listens on http://127.0.0.1:{WatchDesk:Port} (default 5080)
    /// unless "urls" is configured, migrates the store when it starts, and on a store without users
    /// creates the first administrator and prints its one-time password to the console once.
    /// </summary>
    /// <param name="args">Command-line arguments (--Section:Key=value, --urls ...).</param>
    /// <param name="configure">Changes to the builder before the desk's services are added (settings, a test server, replaced services).</param>
    /// <returns>The app, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddEnvironmentVariables("PIPELINE_");
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = builder.Configuration.GetValue<int?>($"{WatchDeskOptions.SectionName}:{nameof(WatchDeskOptions.Port)}") ?? WatchDeskOptions.DefaultPort;
            builder.Configuration["urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        }
        AddServices(builder.Services);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new DeskConsole(Console.Out));
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName);
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddOptions<WatchDeskOptions>().BindConfiguration(WatchDeskOptions.SectionName)
            .Validate(o => o.Port is >= 0 and <= 65535, "WatchDesk:Port must be 0 to 65535")
            .Validate(o => o.EventPollInterval > TimeSpan.Zero, "WatchDesk:EventPollInterval must be positive")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "WatchDesk:SessionLifetime must be positive")
            .Validate(o => Enum.IsDefined(o.Authentication.Mode), "WatchDesk:Authentication:Mode must be Local or ProxyHeader")
            .Validate(o => o.Authentication.Mode != DeskAuthenticationMode.ProxyHeader || o.Authentication.TrustedProxies.Count > 0,
                "WatchDesk:Authentication:TrustedProxies must name at least one proxy address in ProxyHeader mode")
            .ValidateOnStart();
        services.TryAddSingleton(sp => PipelineStore.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PipelineStore>>()));
        services.AddSingleton<DeskAudit>();
        services.AddSingleton<CsrfTokens>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AlertEventHub>();
        services.AddHostedService<DeskStartup>();
        services.AddHostedService<AlertChangePoller>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Escape <, >, &, quotes as \uXXXX: a narrative never reaches a page as markup, even if something sniffs the JSON.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Default;
        });

        services.AddAuthentication(DeskPolicies.Scheme)
            .AddPolicyScheme(DeskPolicies.Scheme, "Watch desk", o => o.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<WatchDeskOptions>>().Value.Authentication.Mode == DeskAuthenticationMode.ProxyHeader
                    ? DeskPolicies.ProxyScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = DeskCookieManager.BaseName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.CookieManager = new DeskCookieManager();
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                // Every request re-reads the account (a primary-key lookup): a user disabled or given
                // another role loses the old session at once, not when the cookie expires.
                o.Events.OnValidatePrincipal = async context =>
                {
                    var session = context.Principal is { } principal ? DeskPrincipal.From(principal) : null;
                    var store = context.HttpContext.RequestServices.GetRequiredService<PipelineStore>();
                    var account = session is null ? null : await store.GetUserAsync(session.UserName, context.HttpContext.RequestAborted);
                    if (account is null || account.Disabled || account.Role != session!.Role)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ProxyHeaderHandler>(DeskPolicies.ProxyScheme, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<WatchDeskOptions>>((cookie, desk) => cookie.ExpireTimeSpan = desk.Value.SessionLifetime);
        services.AddAuthorization(DeskPolicies.AddPolicies);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
    }

    private static void UsePipeline(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }
            await next(context);
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<PasswordChangeGate>();

        foreach (var (route, file) in Pages)
        {
            app.MapGet(route, (IWebHostEnvironment environment) => PageResult(environment, file)).AllowAnonymous().ExcludeFromDescription();
        }
        DeskApi.Map(app);
    }

    private static IResult PageResult(IWebHostEnvironment environment, string file)
    {
        var info = environment.WebRootFileProvider.GetFileInfo(file);
        return info is { Exists: true, PhysicalPath: { } path }
            ? Results.File(path, "text/html; charset=utf-8")
            : Results.NotFound();
    }
}

/// <summary>Where the one-time administrator password is printed (the console; tests capture it).</summary>
internal sealed class DeskConsole(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}

/// <summary>Migrates the store and, on a store without users, creates the first administrator and prints its one-time password once.</summary>
internal sealed class DeskStartup(PipelineStore store, DeskConsole console, IOptions<WatchDeskOptions> options, ILogger<DeskStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var migration = await store.MigrateAsync(cancellationToken);
        DeskLog.StoreReady(logger, store.Provider, migration.Applied.Count);
        DeskLog.AuthenticationMode(logger, options.Value.Authentication.Mode);
        var administrator = options.Value.AdministratorName;
        var password = await store.EnsureFirstAdministratorAsync(cancellationToken, administrator);
        if (password is not null)
        {
            // The console only, never the log: logs are shipped and kept.
            await console.Writer.WriteLineAsync($"Watch desk first administrator: user '{administrator}', one-time password {password} (you must change it at first login; it is not shown again).");
            await console.Writer.FlushAsync(cancellationToken);
            DeskLog.FirstAdministratorCreated(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A user who must change their password may only call /api/me, /api/me/password and /api/logout until they do.</summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    private static readonly string[] Allowed = ["/api/me", "/api/me/password", "/api/logout", "/api/login"];

    public async Task InvokeAsync(HttpContext context, DeskAudit audit)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && DeskPrincipal.From(context.User) is { MustChangePassword: true }
            && !Allowed.Any(a => string.Equals(path.Value?.TrimEnd('/'), a, StringComparison.OrdinalIgnoreCase)))
        {
            await audit.RefusedAsync(context, StatusCodes.Status403Forbidden, "password change required");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new ApiError("You must change your password first."));
            return;
        }
        await next(context);
    }
}
