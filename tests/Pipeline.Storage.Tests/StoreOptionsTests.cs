using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pipeline.Storage.Tests;

public sealed class StoreOptionsTests
{
    [Fact]
    public void SqlServerWithoutAConnectionStringFailsNamingTheConfigPath()
    {
        var options = new StoreOptions { Provider = StoreProvider.SqlServer };

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains("Store:ConnectionString is required when Store:Provider is SqlServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonPositiveCommandTimeoutFailsNamingTheConfigPath()
    {
        var options = new StoreOptions { CommandTimeout = TimeSpan.Zero };

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains("Store:CommandTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeCheckpointIntervalFailsNamingTheConfigPath()
    {
        var options = new StoreOptions { CheckpointInterval = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains("Store:CheckpointInterval must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedConnectionStringFailsWithoutEchoingIt()
    {
        var options = new StoreOptions { Provider = StoreProvider.SqlServer, ConnectionString = "Server=db;Password=hunter2;Bogus Keyword=1" };

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains("Store:ConnectionString is not a valid SQL Server connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownProviderFailsNamingTheConfigPath()
    {
        var result = new StoreOptionsValidator().Validate(null, new StoreOptions { Provider = (StoreProvider)7 });

        Assert.True(result.Failed);
        Assert.Contains("Store:Provider", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsAreAnEmbeddedSqliteFileUnderData()
    {
        var options = new StoreOptions();

        Assert.Equal("Store", StoreOptions.SectionName);
        Assert.Equal(StoreProvider.Sqlite, options.Provider);
        Assert.Null(options.ConnectionString);
        Assert.Equal("Data Source=data/pipeline.db", StoreOptions.DefaultSqliteConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CommandTimeout);
        Assert.True(new StoreOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task ASqlServerStoreIsCreatedWithoutConnecting()
    {
        var options = new StoreOptions { Provider = StoreProvider.SqlServer, ConnectionString = "Server=tcp:127.0.0.1,1;Database=pipeline;Connect Timeout=1" };

        await using var store = Create(options);

        Assert.Equal(StoreProvider.SqlServer, store.Provider);
    }

    private static PipelineStore Create(StoreOptions options) =>
        PipelineStore.Create(options, TimeProvider.System, NullLogger<PipelineStore>.Instance);
}
