using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Pipeline.Kafka;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>Health of the worker: every consumer loop's heartbeat and the store.</summary>
internal static class WorkerHealth
{
    public static async Task<IResult> HandleAsync(ConsumerHeartbeats heartbeats, PipelineStore store, IOptions<WorkerOptions> options, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(heartbeats, store, options.Value, cancellationToken);
        var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return Results.Json(report, HealthJsonContext.Default.HealthReport, statusCode: status);
    }

    public static async Task<HealthReport> CheckAsync(ConsumerHeartbeats heartbeats, PipelineStore store, WorkerOptions options, CancellationToken cancellationToken)
    {
        var checks = new List<HealthCheck>();
        foreach (var beat in heartbeats.All)
        {
            var age = beat.Age;
            var status = beat.State switch
            {
                ConsumerState.Stopped => HealthStatus.Unhealthy,
                _ when age > options.HeartbeatTimeout => HealthStatus.Unhealthy,
                ConsumerState.Degraded => HealthStatus.Degraded,
                _ => HealthStatus.Healthy,
            };
            var detail = beat.State == ConsumerState.Degraded ? $"retrying a failed batch: {beat.LastError}"
                : beat.HoldReason is { } hold ? $"{beat.State}, {beat.AssignedPartitions} partition(s), holding: {hold}"
                : $"{beat.State}, {beat.AssignedPartitions} partition(s)";
            checks.Add(new HealthCheck($"consumer:{beat.Name}", status, detail, Math.Round(age.TotalSeconds, 1)));
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.PingAsync(timeout.Token);
            checks.Add(new HealthCheck("store", HealthStatus.Healthy, "reachable", null));
        }
#pragma warning disable CA1031 // Any failure to reach the store is what this check reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            checks.Add(new HealthCheck("store", HealthStatus.Degraded, $"unreachable: {e.GetType().Name}", null));
        }
        var overall = checks.Count == 0 ? HealthStatus.Healthy : checks.Max(c => c.Status);
        return new HealthReport(overall, checks);
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
internal enum HealthStatus
{
    Healthy,
    Degraded,
    Unhealthy,
}

internal sealed record HealthCheck(string Name, HealthStatus Status, string Detail, double? HeartbeatAgeSeconds);

internal sealed record HealthReport(HealthStatus Status, IReadOnlyList<HealthCheck> Checks);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
