using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Kafka;
using Pipeline.Observability;
using Pipeline.Scoring;
using Pipeline.Storage;
using Pipeline.Worker.Fairness;

namespace Pipeline.Worker;

/// <summary>The worker's composition root.</summary>
public static class Extensions
{
    /// <summary>Registers the store, Kafka clients and the configured roles' consumer loops.</summary>
    public static IHostApplicationBuilder AddPipelineWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate(k => k.Partitions >= 1 && k.DevelopmentBrokers >= 1, "Kafka:Partitions and Kafka:DevelopmentBrokers must be at least 1")
            .Validate(k => k.MaxBatchSize >= 1, "Kafka:MaxBatchSize must be at least 1")
            .Validate(k => k.ProcessBacklogLimit is null or >= 0, "Kafka:ProcessBacklogLimit must not be negative")
            .Validate(k => k.DeadLetterMaxPayloadBytes >= 0, "Kafka:DeadLetterMaxPayloadBytes must not be negative")
            .Validate(k => k.MinBackoff > TimeSpan.Zero && k.MaxBackoff >= k.MinBackoff, "Kafka:MinBackoff must be positive and Kafka:MaxBackoff at least as long")
            .ValidateOnStart();
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName);
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName)
            .Validate(w => w.Roles != WorkerRoles.None, "Worker:Roles must name Ingest, Process or both")
            .Validate(w => w.AlertThreshold is >= 0 and <= 1, "Worker:AlertThreshold must be between 0 and 1")
            .Validate(w => w.PredicateThreshold is >= 0 and <= 1, "Worker:PredicateThreshold must be between 0 and 1")
            .Validate(w => w.MinThreadPoolThreads is >= 0 and <= WorkerOptions.MaxMinThreadPoolThreads, $"Worker:MinThreadPoolThreads must be between 0 and {WorkerOptions.MaxMinThreadPoolThreads}")
            .ValidateOnStart();

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KafkaOptions>>().Value.TopicNames);
        services.AddSingleton(FeedCatalog.FromConfiguration(builder.Configuration));
        services.AddSingleton<BrokerConnection>();
        services.AddSingleton(sp => PipelineStore.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PipelineStore>>()));
        services.AddSingleton(sp =>
        {
            var producer = new KafkaProducer(sp.GetRequiredService<IOptions<KafkaOptions>>().Value, sp.GetRequiredService<BrokerConnection>().BootstrapServers, "pipeline-worker");
            // The topics every batch publishes to, looked up before the first batch needs them.
            var topics = sp.GetRequiredService<TopicNames>();
            producer.Prepare([topics.NormalizedReports, topics.Alerts], TimeSpan.FromSeconds(5));
            return producer;
        });
        services.AddSingleton(sp => new DeadLetterPublisher(sp.GetRequiredService<KafkaProducer>(), sp.GetRequiredService<IOptions<KafkaOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeadLetterPublisher>>()));
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.SectionName)
            .Validate(s => s.RegistryPollInterval > TimeSpan.Zero, "Scoring:RegistryPollInterval must be positive")
            .ValidateOnStart();
        services.AddSingleton<PromotedModelScorer>();
        services.TryAddSingleton<IReportScorer>(sp => sp.GetRequiredService<PromotedModelScorer>());
        // Bias-audit hooks: every IDecisionHook registered is told of each decision (none by default).
        services.AddSingleton(sp => new DecisionHooks(sp.GetServices<IDecisionHook>()));
        services.AddSingleton(sp =>
        {
            var worker = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
            return new AlertPolicy { Threshold = worker.AlertThreshold, PredicateThreshold = worker.PredicateThreshold };
        });
        services.AddOptions<FeedHealthOptions>().BindConfiguration(FeedHealthOptions.SectionName)
            .Validate(h => h.FlushInterval > TimeSpan.Zero && h.Retention > TimeSpan.Zero, "FeedHealth:FlushInterval and FeedHealth:Retention must be positive")
            .ValidateOnStart();
        services.AddSingleton<ReportDecider>();
        services.AddSingleton<FeedHealthRecorder>();
        services.AddOptions<DedupOptions>().BindConfiguration(DedupOptions.SectionName)
            .Validate(d => d.Window > TimeSpan.Zero, "Dedup:Window must be positive")
            .ValidateOnStart();
        services.AddOptions<GeocodingOptions>().BindConfiguration(GeocodingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GeocodingOptions>, GeocodingOptionsValidation>();
        services.AddHttpClient();
        services.AddSingleton<GeocodingService>();
        services.TryAddSingleton<IReportPlacer>(sp => sp.GetRequiredService<GeocodingService>());
        services.AddSingleton<ConsumerHeartbeats>();
        services.TryAddSingleton<IConsumerFaultInjector>(NoFaults.Instance);
        services.AddSingleton<IngestBatchHandler>();
        services.TryAddSingleton<IReportLinkerFactory, StoreReportLinkerFactory>();
        services.AddSingleton<ProcessBatchHandler>();

        // Hosted services start in registration order: migrate the store before any loop runs.
        services.AddHostedService<StoreMigration>();
        var roles = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>()?.Roles ?? WorkerRoles.All;
        if (roles.HasFlag(WorkerRoles.Ingest))
        {
            // Before the loops: the Ingest role places every report with the chain this builds.
            // A Process-only worker never loads the centroids or the gazetteer.
            services.AddHostedService(sp => sp.GetRequiredService<GeocodingService>());
        }
        if (roles.HasFlag(WorkerRoles.Process))
        {
            // Before the Process loop: it scores with the promoted model this loads.
            services.AddHostedService<ModelService>();
            // The production fairness audit of the promoted model, on a schedule (Fairness:AuditInterval; zero turns it off).
            services.AddOptions<FairnessScheduleOptions>().BindConfiguration(FairnessScheduleOptions.SectionName)
                .Validate(f => f.AuditInterval >= TimeSpan.Zero && f.AuditWindow > TimeSpan.Zero, "Fairness:AuditInterval must not be negative and Fairness:AuditWindow must be positive")
                .ValidateOnStart();
            services.AddHostedService<ScheduledFairnessAudit>();
            services.AddSingleton<IHostedService>(sp => Loop<ProcessBatchHandler>(sp, "process", [sp.GetRequiredService<TopicNames>().NormalizedReports]));
        }
        if (roles.HasFlag(WorkerRoles.Ingest))
        {
            services.AddSingleton(sp => ProcessBacklog.For(sp));
            services.AddSingleton<IHostedService>(sp => Loop<IngestBatchHandler>(sp, "ingest", sp.GetRequiredService<FeedCatalog>().RawTopics, sp.GetRequiredService<ProcessBacklog>().Gate));
        }
        services.AddHostedService<FeedHealthFlusher>();
        services.AddHostedService<StoreCheckpointer>();
        services.AddHostedService<StartupBanner>();
        services.AddPrometheusMetrics();
        return builder;
    }

    /// <summary>Maps /health and /metrics.</summary>
    public static WebApplication MapPipelineEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", WorkerHealth.HandleAsync);
        app.MapPrometheusMetrics();
        return app;
    }

    private static KafkaConsumerLoop Loop<THandler>(IServiceProvider sp, string name, IReadOnlyList<string> topics, IConsumeGate? gate = null)
        where THandler : IBatchHandler
    {
        var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
        return new KafkaConsumerLoop(
            new ConsumerLoopSettings(name, GroupOf(kafka, name), topics),
            sp.GetRequiredService<BrokerConnection>().BootstrapServers,
            kafka,
            sp.GetRequiredService<THandler>(),
            sp.GetRequiredService<ConsumerHeartbeats>(),
            sp.GetRequiredService<IConsumerFaultInjector>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KafkaConsumerLoop>>(),
            gate);
    }

    /// <summary>A role's consumer group under the configured prefix.</summary>
    internal static string GroupOf(KafkaOptions kafka, string loop) => $"{kafka.GroupPrefix}.{loop}";
}

/// <summary>
/// The Ingest role's back-pressure gate on the Process group's backlog (Kafka:ProcessBacklogLimit),
/// or none when the limit is off. Owned by the container, so it stops with the worker.
/// </summary>
internal sealed class ProcessBacklog(DownstreamBacklogGate? gate) : IDisposable
{
    public IConsumeGate? Gate => gate;

    public static ProcessBacklog For(IServiceProvider sp)
    {
        var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var limit = kafka.EffectiveProcessBacklogLimit;
        if (limit <= 0)
        {
            return new ProcessBacklog(null);
        }
        var topic = sp.GetRequiredService<TopicNames>().NormalizedReports;
        return new ProcessBacklog(new DownstreamBacklogGate(
            kafka,
            sp.GetRequiredService<BrokerConnection>().BootstrapServers,
            topic,
            Extensions.GroupOf(kafka, "process"),
            limit,
            TimeSpan.FromMilliseconds(50),
            sp.GetRequiredService<ILogger<DownstreamBacklogGate>>(),
            () => KafkaConsumerLoop.HandledOffsets("process", topic)));
    }

    public void Dispose() => gate?.Dispose();
}

/// <summary>Applies the store's migrations at start-up, before the loops start.</summary>
internal sealed class StoreMigration(PipelineStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Logs what the worker runs and where, once it has started.</summary>
internal sealed class StartupBanner(IOptions<WorkerOptions> worker, IOptions<StoreOptions> store, BrokerConnection broker, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        WorkerLog.Started(logger, worker.Value.Roles, broker.BootstrapServers, store.Value.Provider);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
