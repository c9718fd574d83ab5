using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Storage;

namespace Pipeline.WatchDesk.Tests;

/// <summary>One watch desk on an in-memory test server over a fresh SQLite store in a temp folder.</summary>
internal sealed class DeskHost(TempFolder folder, bool ownsFolder, WebApplication app, StringWriter console, CapturedLogs logs) : IAsyncDisposable
{
    public const string Password = DeskSeed.Password;

    public WebApplication App { get; } = app;

    public StringWriter Console { get; } = console;

    public CapturedLogs Logs { get; } = logs;

    public PipelineStore Store => App.Services.GetRequiredService<PipelineStore>();

    public string DatabasePath => DeskSeed.DatabasePath(folder);

    /// <summary>Starts a desk; over the store in <paramref name="folder"/> when given (the caller then disposes it).</summary>
    public static async Task<DeskHost> StartAsync(Action<WebApplicationBuilder>? configure = null, TempFolder? folder = null)
    {
        var ownsFolder = folder is null;
        folder ??= new TempFolder();
        var console = new StringWriter();
        var logs = new CapturedLogs();
        var app = await DeskSeed.StartDeskAsync(folder, TimeSpan.FromMilliseconds(200), [], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton(new DeskConsole(console));
            configure?.Invoke(builder);
        }, TestContext.Current.CancellationToken);
        return new DeskHost(folder, ownsFolder, app, console, logs);
    }

    /// <summary>Starts a desk over a fresh store holding <see cref="Seed"/>'s alerts 1 to <paramref name="count"/>.</summary>
    public static async Task<DeskHost> StartWithAlertsAsync(int count, Func<int, string?>? narrative = null)
    {
        var desk = await StartAsync();
        try
        {
            await Seed.AlertsAsync(desk.Store, count, narrative);
            return desk;
        }
        catch
        {
            await desk.DisposeAsync();
            throw;
        }
    }

    public DeskClient Client() => new(App.GetTestServer());

    /// <summary>Creates the user (when missing) and signs them in.</summary>
    public async Task<DeskClient> SignInAsync(string userName, DeskRole role, bool mustChangePassword = false)
    {
        var ct = TestContext.Current.CancellationToken;
        if (await Store.GetUserAsync(userName, ct) is null)
        {
            await DeskSeed.CreateUserAsync(Store, userName, role, ct, mustChangePassword: mustChangePassword);
        }
        var client = Client();
        var login = await client.Http.PostAsJsonAsync("/api/login", new { userName, password = Password }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var me = await client.Http.GetFromJsonAsync<JsonElement>("/api/me", ct);
        client.Http.DefaultRequestHeaders.Add("X-Desk-Csrf", me.GetProperty("csrf").GetString());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        if (ownsFolder)
        {
            folder.Dispose();
        }
    }
}

/// <summary>An HTTP client of the test server that keeps cookies, like a browser.</summary>
internal sealed class DeskClient(TestServer server)
{
    public HttpClient Http { get; } = new(new CookieHandler(new CookieContainer()) { InnerHandler = server.CreateHandler() }) { BaseAddress = server.BaseAddress };
}

internal sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                cookies.SetCookies(uri, value);
            }
        }
        return response;
    }
}

/// <summary>Every log message the app writes, to check that secrets and narratives stay out of the log.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Messages);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

internal static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object? body) =>
        http.PostAsync(path, body is null ? new StringContent("", MediaTypeHeaderValue.Parse("application/json")) : JsonContent.Create(body), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetAsync(this DeskClient client, string path) =>
        client.Http.GetAsync(path, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>The alert ids on a page of the queue, in order.</summary>
    public static IEnumerable<string?> AlertIds(this JsonElement queuePage) =>
        queuePage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alertId").GetString());

    /// <summary>Claims <see cref="Seed"/>'s alert n and records a disposition on it: the set-up of tests about vetted or closed alerts.</summary>
    public static async Task ClaimAndSetDispositionAsync(this DeskClient client, int n, string disposition, string code, string comment)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PostJsonAsync(Seed.ApiPath(n, "/claim"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostJsonAsync(Seed.ApiPath(n, "/disposition"), new { disposition, code, comment })).StatusCode);
    }
}
