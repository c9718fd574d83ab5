namespace Pipeline.Worker;

/// <summary>Builds the worker's web host; used by Program, the command-line tool's demo and the tests.</summary>
public static class PipelineWorkerHost
{
    /// <summary>Default address of /health and /metrics.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>
    /// Builds the host. <paramref name="settings"/> override configuration (highest precedence
    /// after the command line); <paramref name="configureServices"/> may replace services (tests
    /// install a fault injector this way).
    /// </summary>
    public static WebApplication Build(
        string[] args,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("PIPELINE_");
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Configuration.AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // Only when nothing (ASPNETCORE_URLS, appsettings.json, PIPELINE_URLS, --urls) chose an address.
            builder.Configuration["urls"] = DefaultUrls;
        }
        configureServices?.Invoke(builder.Services);
        builder.AddPipelineWorker();
        var app = builder.Build();
        app.MapPipelineEndpoints();
        return app;
    }
}
