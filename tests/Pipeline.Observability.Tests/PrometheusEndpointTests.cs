using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Observability.Tests;

public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task KestrelServesTheExpositionAtSlashMetrics()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var prefix = $"Pipeline.Test.{Guid.NewGuid():N}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.Services.AddPrometheusMetrics(prefix);
        await using var app = builder.Build();
        app.MapPrometheusMetrics();
        using var meter = new Meter(prefix);
        meter.CreateCounter<long>("pipeline.records.in").Add(42, new KeyValuePair<string, object?>("topic", "calls"));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        await app.StopAsync(cancellationToken);

        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.GetValues("Content-Type").Single());
        Assert.Contains("pipeline_records_in_total{topic=\"calls\"} 42", body.Split('\n'));
    }

    [Fact]
    public async Task HostStartCreatesTheCollectorSoMeasurementsBeforeTheFirstScrapeCount()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var prefix = $"Pipeline.Test.{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPrometheusMetrics(prefix);
        builder.Services.AddPrometheusMetrics("ignored because the first registration wins");
        using var host = builder.Build();
        using var meter = new Meter(prefix);
        var counter = meter.CreateCounter<int>("pipeline.records.in");

        await host.StartAsync(cancellationToken);
        counter.Add(5);
        var collector = host.Services.GetRequiredService<PrometheusMetricsCollector>();
        var text = collector.Scrape();
        await host.StopAsync(cancellationToken);

        Assert.Equal(prefix, collector.MeterPrefix);
        Assert.Contains("pipeline_records_in_total 5", text.Split('\n'));
    }

    [Fact]
    public void MappingTheEndpointWithoutRegisteringTheCollectorFailsAtStartUp()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPrometheusMetrics());

        Assert.Contains(nameof(PrometheusMetricsExtensions.AddPrometheusMetrics), error.Message, StringComparison.Ordinal);
    }
}
