using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Observability;

/// <summary>Registers the <see cref="PrometheusMetricsCollector"/> and serves it over HTTP.</summary>
public static class PrometheusMetricsExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="PrometheusMetricsCollector"/> for meters whose name starts with
    /// <paramref name="meterPrefix"/>, created when the host starts so that measurements taken
    /// before the first scrape are counted. Calling it again keeps the first registration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="meterPrefix">Meter-name prefix to listen to.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPrometheusMetrics(
        this IServiceCollection services,
        string meterPrefix = PrometheusMetricsCollector.DefaultMeterPrefix)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(meterPrefix);

        services.TryAddSingleton(provider => new PrometheusMetricsCollector(
            meterPrefix,
            provider.GetService<ILogger<PrometheusMetricsCollector>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrometheusMetricsStartup>());
        return services;
    }

    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c> to the collector's <see cref="PrometheusMetricsCollector.Scrape"/>,
    /// served as <c>text/plain; version=0.0.4; charset=utf-8</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <param name="pattern">Route of the endpoint.</param>
    /// <returns>The endpoint's convention builder, e.g. to restrict it to a host or port.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddPrometheusMetrics"/> was not called.</exception>
    public static IEndpointConventionBuilder MapPrometheusMetrics(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);

        // Fail at start-up, not at the first scrape.
        var collector = endpoints.ServiceProvider.GetService<PrometheusMetricsCollector>()
            ?? throw new InvalidOperationException(
                $"{nameof(PrometheusMetricsCollector)} is not registered: call services.{nameof(AddPrometheusMetrics)}() before {nameof(MapPrometheusMetrics)}(\"{pattern}\").");

        RequestDelegate serve = context =>
        {
            var body = collector.Scrape();
            context.Response.ContentType = PrometheusMetricsCollector.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(body, context.RequestAborted);
        };

        return endpoints.MapGet(pattern, serve).WithDisplayName("Prometheus metrics");
    }
}

/// <summary>Resolves the collector when the host starts, so its listener runs from then on rather than from the first scrape.</summary>
internal sealed class PrometheusMetricsStartup(PrometheusMetricsCollector collector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(collector);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
