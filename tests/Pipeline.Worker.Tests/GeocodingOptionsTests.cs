using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Worker.Tests;

public sealed class GeocodingOptionsTests
{
    [Fact]
    public void TheDefaultsAskTheGazetteerThenTheCentroidsAndAreValid()
    {
        var options = new GeocodingOptions();

        Assert.Null(options.Providers);
        Assert.Equal(["gazetteer", "centroids"], options.EffectiveProviders);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void EveryProblemIsNamedWithItsConfigurationPath()
    {
        var options = new GeocodingOptions
        {
            Providers = ["gazetteer", "google", "gazetteer"],
            ServiceArea = new ServiceAreaOptions { South = 38, North = 37, West = -122, East = -123 },
            MemoryCacheEntries = 0,
            GazetteerReloadInterval = TimeSpan.Zero,
            Jurisdictions = "/no/such/jurisdictions.geojson",
        };

        Assert.Equal(
            [
                "Geocoding:Providers: 'google' is not a provider (known: gazetteer, centroids, pelias, nominatim, census)",
                "Geocoding:Providers names a provider twice",
                "Geocoding:ServiceArea must have South < North and West < East, in degrees",
                "Geocoding:MemoryCacheEntries must be at least 1",
                "Geocoding:GazetteerReloadInterval must be positive",
                "Geocoding:Jurisdictions: '/no/such/jurisdictions.geojson' does not exist",
            ],
            options.Validate());
    }

    [Fact]
    public void AConfiguredProviderListReplacesTheDefaultsInsteadOfExtendingThem()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("Geocoding:Providers:0", "census"), KeyValuePair.Create<string, string?>("Geocoding:Providers:1", "gazetteer")])
            .Build();

        var options = configuration.GetSection(GeocodingOptions.SectionName).Get<GeocodingOptions>()!;

        Assert.Equal(["census", "gazetteer"], options.EffectiveProviders);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void StartUpFailsWithThoseProblems()
    {
        var result = new GeocodingOptionsValidation().Validate(null, new GeocodingOptions { Providers = ["bing"] });

        Assert.True(result.Failed);
        Assert.Contains("Geocoding:Providers: 'bing' is not a provider", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(ValidateOptionsResult.Success, new GeocodingOptionsValidation().Validate(null, new GeocodingOptions()));
    }
}
