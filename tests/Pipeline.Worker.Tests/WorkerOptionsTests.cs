using Microsoft.Extensions.Configuration;

namespace Pipeline.Worker.Tests;

public sealed class WorkerOptionsTests
{
    [Theory]
    [InlineData("Ingest", WorkerRoles.Ingest)]
    [InlineData("Process", WorkerRoles.Process)]
    [InlineData("Ingest, Process", WorkerRoles.All)]
    [InlineData("Process,Ingest", WorkerRoles.All)]
    [InlineData("All", WorkerRoles.All)]
    [InlineData("ingest", WorkerRoles.Ingest)]
    public void RolesBindFromTheirNames(string configured, WorkerRoles expected)
    {
        var options = Bind(("Worker:Roles", configured));

        Assert.Equal(expected, options.Roles);
    }

    [Fact]
    public void UnknownRoleFailsNamingItsConfigurationPath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(("Worker:Roles", "Ingets")));

        Assert.Contains("Worker:Roles", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsetValuesKeepTheirDefaults()
    {
        var options = Bind(("Worker:AlertThreshold", "0.7"));

        Assert.Equal(WorkerRoles.All, options.Roles);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HeartbeatTimeout);
        Assert.Equal(0.7, options.AlertThreshold);
        Assert.Equal(0.5, options.PredicateThreshold);
    }

    [Fact]
    public void HeartbeatTimeoutBindsFromATimeSpan()
    {
        var options = Bind(("Worker:HeartbeatTimeout", "00:01:30"));

        Assert.Equal(TimeSpan.FromSeconds(90), options.HeartbeatTimeout);
    }

    private static WorkerOptions Bind(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build();
        var options = new WorkerOptions();
        configuration.GetSection(WorkerOptions.SectionName).Bind(options);
        return options;
    }
}
