using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Geo.Tests.Providers;

/// <summary>What the stub saw of one request.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    string RawQuery,
    IReadOnlyDictionary<string, string> Query,
    string? UserAgent,
    IReadOnlyDictionary<string, string> FormFields,
    string? FileName,
    string? FileText);

/// <summary>A Kestrel server on 127.0.0.1 and an ephemeral port that records every request and answers with the test's handler.</summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private StubServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Answers each request; the default answers 404.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    };

    public string BaseUrl { get; private set; } = "";

    public int RequestCount => _requests.Count;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest LastRequest => _requests.Last();

    public static async Task<StubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        stub.BaseUrl = address;
        return stub;
    }

    /// <summary>Answers with a JSON body and a status.</summary>
    public void RespondJson(string json, int status = StatusCodes.Status200OK) => Handler = context => WriteAsync(context, status, "application/json", json);

    public static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    /// <summary>Never answers: waits until the client gives up or the stub stops.</summary>
    public async Task HangAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits (bounded, by polling) until the stub has seen <paramref name="count"/> requests.</summary>
    public Task WaitForRequestsAsync(int count) => Eventually.HoldsAsync(() => RequestCount >= count, $"stub to see {count} requests");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fileName = null;
        string? fileText = null;
        if (request.HasFormContentType)
        {
            var body = await request.ReadFormAsync(context.RequestAborted);
            foreach (var field in body)
            {
                form[field.Key] = field.Value.ToString();
            }
            if (body.Files.Count > 0)
            {
                var file = body.Files[0];
                fileName = file.Name;
                using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                fileText = await reader.ReadToEndAsync(context.RequestAborted);
            }
        }
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal),
            request.Headers.UserAgent.ToString(),
            form,
            fileName,
            fileText));
        await Handler(context);
    }
}

/// <summary>Waits for a condition that another thread makes true; bounded so a broken test fails instead of hanging.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
