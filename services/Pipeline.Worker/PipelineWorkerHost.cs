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
        KeepThreadsReady(builder.Configuration);
        var app = builder.Build();
        app.MapPipelineEndpoints();
        return app;
    }

    // Raises the thread pool's minimum (never lowers it): see WorkerOptions.MinThreadPoolThreads.
    // Read here, before the host starts its services; an unreadable value is left to the options'
    // validation at start, which reports it.
    private static void KeepThreadsReady(ConfigurationManager configuration)
    {
        var setting = configuration[$"{WorkerOptions.SectionName}:{nameof(WorkerOptions.MinThreadPoolThreads)}"];
        var minimum = setting is null ? new WorkerOptions().MinThreadPoolThreads
            : int.TryParse(setting, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var configured) ? Math.Min(configured, WorkerOptions.MaxMinThreadPoolThreads) : 0;
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (minimum > workers)
        {
            ThreadPool.SetMinThreads(minimum, io);
        }
    }
}
