using Microsoft.Extensions.Configuration;
using Pipeline.Geo.Providers;

namespace Pipeline.Geo.Tests.Providers;

public sealed class HttpGeocoderOptionsTests
{
    [Fact]
    public void DefaultsWithABaseUrlHaveNoProblems()
    {
        var options = new HttpGeocoderOptions { BaseUrl = "https://pelias.example.org/api" };

        Assert.Empty(options.Validate(HttpGeocoderOptions.PeliasSectionName));
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(1, options.RequestsPerSecond);
        Assert.Equal(5, options.CircuitBreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CircuitBreakDuration);
        Assert.False(string.IsNullOrWhiteSpace(options.UserAgent));
    }

    [Fact]
    public void AMissingBaseUrlIsAProblemOnlyWhereItIsRequired()
    {
        var options = new HttpGeocoderOptions();

        Assert.Equal(["Geocoding:Nominatim:BaseUrl is required: the service's root URL (http or https)"], options.Validate(HttpGeocoderOptions.NominatimSectionName));
        Assert.Empty(options.Validate(HttpGeocoderOptions.CensusSectionName, baseUrlRequired: false));
    }

    [Fact]
    public void EveryBadValueIsReportedWithItsFullConfigurationPath()
    {
        var options = new HttpGeocoderOptions
        {
            BaseUrl = "ftp://geo.example.org?x=1",
            Timeout = TimeSpan.Zero,
            RequestsPerSecond = -1,
            Burst = 0,
            CircuitBreakerFailures = 0,
            CircuitBreakDuration = TimeSpan.FromSeconds(-1),
            UserAgent = "bad\r\nheader",
            ApiKey = "key\n",
            Email = "nobody",
            MaxResponseBytes = 10,
        };

        var problems = options.Validate("Geocoding:Pelias");

        string[] keys = ["BaseUrl", "Timeout", "RequestsPerSecond", "Burst", "CircuitBreakerFailures", "CircuitBreakDuration", "UserAgent", "ApiKey", "Email", "MaxResponseBytes"];
        Assert.Equal(keys.Length, problems.Count);
        Assert.All(keys, key => Assert.Contains(problems, problem => problem.StartsWith("Geocoding:Pelias:" + key + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AProviderRefusesInvalidOptionsAtConstruction()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new PeliasGeocoder(http, new HttpGeocoderOptions { Burst = 0 }, TimeProvider.System));

        Assert.Contains("Geocoding:Pelias:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Geocoding:Pelias:Burst", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptionsBindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Geocoding:Pelias:BaseUrl"] = "https://pelias.example.org",
            ["Geocoding:Pelias:Timeout"] = "00:00:02.500",
            ["Geocoding:Pelias:RequestsPerSecond"] = "10",
            ["Geocoding:Pelias:Burst"] = "4",
            ["Geocoding:Pelias:CircuitBreakerFailures"] = "7",
            ["Geocoding:Pelias:CircuitBreakDuration"] = "00:02:00",
            ["Geocoding:Pelias:UserAgent"] = "Agency-Pipeline/3.1 (ops@agency.example)",
            ["Geocoding:Pelias:ApiKey"] = "ge-123",
        }).Build();

        var options = configuration.GetSection(HttpGeocoderOptions.PeliasSectionName).Get<HttpGeocoderOptions>()!;

        Assert.Equal("https://pelias.example.org", options.BaseUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Timeout);
        Assert.Equal(10, options.RequestsPerSecond);
        Assert.Equal(4, options.Burst);
        Assert.Equal(7, options.CircuitBreakerFailures);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CircuitBreakDuration);
        Assert.Equal("Agency-Pipeline/3.1 (ops@agency.example)", options.UserAgent);
        Assert.Equal("ge-123", options.ApiKey);
        Assert.Empty(options.Validate(HttpGeocoderOptions.PeliasSectionName));
    }

    [Fact]
    public void CensusBatchDefaultsAllowLongSlowAnswers()
    {
        var options = HttpGeocoderOptions.ForCensusBatch();

        Assert.Empty(options.Validate(HttpGeocoderOptions.CensusBatchSectionName, baseUrlRequired: false));
        Assert.True(options.Timeout >= TimeSpan.FromMinutes(5));
        Assert.True(options.MaxResponseBytes >= 4 * 1024 * 1024);
    }
}
