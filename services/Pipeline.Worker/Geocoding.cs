using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Jurisdictions;
using Pipeline.Geo.Providers;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>Geocoding settings, bound from the "Geocoding" section (HTTP providers have their own sub-sections).</summary>
public sealed class GeocodingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Geocoding";

    /// <summary>The names a provider list may hold.</summary>
    public static readonly IReadOnlyList<string> KnownProviders = ["gazetteer", "centroids", PeliasGeocoder.ProviderName, "nominatim", "census"];

    /// <summary>The providers asked when <see cref="Providers"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultProviders = ["gazetteer", "centroids"];

    /// <summary>
    /// Address providers in the order they are asked, after the record's own coordinates and the
    /// cache; <see cref="DefaultProviders"/> when unset. HTTP providers need their section
    /// (Geocoding:Pelias, Geocoding:Nominatim, Geocoding:Census).
    /// </summary>
    /// <remarks>Null by default, not the default list: the configuration binder appends to a list it finds, so a configured list would extend the defaults instead of replacing them.</remarks>
    public List<string>? Providers { get; set; }

    /// <summary>The providers in effect.</summary>
    public IReadOnlyList<string> EffectiveProviders => Providers is { Count: > 0 } configured ? configured : DefaultProviders;

    /// <summary>The service area; source coordinates outside it are checked for a swap, then ignored. Unset: anywhere.</summary>
    public ServiceAreaOptions? ServiceArea { get; set; }

    /// <summary>City assumed when an address names none.</summary>
    public string? DefaultCity { get; set; }

    /// <summary>State (two letters) assumed when an address names none.</summary>
    public string? DefaultState { get; set; }

    /// <summary>Folder of the US ZIP and city centroid files; default: geo/us beside the application.</summary>
    public string? CentroidsFolder { get; set; }

    /// <summary>A GeoJSON file of jurisdiction polygons (agency, precinct, beat); none when unset.</summary>
    public string? Jurisdictions { get; set; }

    /// <summary>Answers kept in memory in front of the store's cache.</summary>
    public int MemoryCacheEntries { get; set; } = 100_000;

    /// <summary>How often the worker checks the store for a newer gazetteer import.</summary>
    public TimeSpan GazetteerReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The folder of the shipped US centroids beside the application.</summary>
    public static string DefaultCentroidsFolder => Path.Combine(AppContext.BaseDirectory, "geo", "us");

    /// <summary>Every problem, with its configuration path.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var name in EffectiveProviders)
        {
            if (!KnownProviders.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"{SectionName}:Providers: '{name}' is not a provider (known: {string.Join(", ", KnownProviders)})");
            }
        }
        if (EffectiveProviders.Distinct(StringComparer.Ordinal).Count() != EffectiveProviders.Count)
        {
            problems.Add($"{SectionName}:Providers names a provider twice");
        }
        if (ServiceArea is { } area && !(area.South < area.North && area.West < area.East && Math.Abs(area.South) <= 90 && Math.Abs(area.North) <= 90 && Math.Abs(area.West) <= 180 && Math.Abs(area.East) <= 180))
        {
            problems.Add($"{SectionName}:ServiceArea must have South < North and West < East, in degrees");
        }
        if (MemoryCacheEntries < 1)
        {
            problems.Add($"{SectionName}:MemoryCacheEntries must be at least 1");
        }
        if (GazetteerReloadInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:GazetteerReloadInterval must be positive");
        }
        if (Jurisdictions is { Length: > 0 } path && !File.Exists(path))
        {
            problems.Add($"{SectionName}:Jurisdictions: '{path}' does not exist");
        }
        return problems;
    }
}

/// <summary>Fails start-up with every problem of the Geocoding section, each with its path.</summary>
internal sealed class GeocodingOptionsValidation : IValidateOptions<GeocodingOptions>
{
    public ValidateOptionsResult Validate(string? name, GeocodingOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>The service area's bounds, in degrees.</summary>
public sealed class ServiceAreaOptions
{
    /// <summary>Smallest latitude.</summary>
    public double South { get; set; }

    /// <summary>Smallest longitude.</summary>
    public double West { get; set; }

    /// <summary>Largest latitude.</summary>
    public double North { get; set; }

    /// <summary>Largest longitude.</summary>
    public double East { get; set; }
}

/// <summary>
/// The local gazetteer as a provider that can be swapped while the worker runs: a newer import
/// in the store replaces the index, and the chain's memory cache is cleared with it.
/// </summary>
internal sealed class ReloadableGazetteer(Func<StoredGazetteer, IAddressGeocoder> index) : IAddressGeocoder
{
    private volatile IAddressGeocoder? _current;

    public string Name => "gazetteer";

    public DateTimeOffset? LoadedImport { get; private set; }

    public int AddressPoints { get; private set; }

    public int StreetSegments { get; private set; }

    public void Load(StoredGazetteer stored)
    {
        _current = stored.AddressPoints.Count + stored.StreetSegments.Count == 0 ? null : index(stored);
        LoadedImport = stored.LastImportAt;
        AddressPoints = stored.AddressPoints.Count;
        StreetSegments = stored.StreetSegments.Count;
    }

    public ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken) =>
        _current is { } current ? current.GeocodeAsync(query, cancellationToken) : ValueTask.FromResult<GeocodeCandidate?>(null);
}

/// <summary>Places the Ingest role's reports: the geocoder chain, or a test's stand-in for it.</summary>
internal interface IReportPlacer
{
    /// <summary>Places a batch; results are in request order.</summary>
    Task<IReadOnlyList<PlacedLocation>> PlaceAllAsync(IReadOnlyList<GeocodeRequest> requests, CancellationToken cancellationToken);
}

/// <summary>Builds the chain from configuration, and keeps its gazetteer current.</summary>
internal sealed class GeocodingService(
    IOptions<GeocodingOptions> options,
    IConfiguration configuration,
    PipelineStore store,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<GeocodingService> logger) : BackgroundService, IReportPlacer
{
    private readonly ReloadableGazetteer _gazetteer = new(LocalGazetteerIndex.Build);
    private GeocoderChain? _chain;
    private WriteBehindGeocodeCache? _cache;

    /// <summary>The chain; available once the worker has started.</summary>
    public GeocoderChain Chain => _chain ?? throw new InvalidOperationException("The geocoder is not started yet.");

    public Task<IReadOnlyList<PlacedLocation>> PlaceAllAsync(IReadOnlyList<GeocodeRequest> requests, CancellationToken cancellationToken) =>
        Chain.PlaceAllAsync(requests, cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var providers = new List<IAddressGeocoder>();
        foreach (var name in settings.EffectiveProviders)
        {
            providers.Add(name switch
            {
                "gazetteer" => _gazetteer,
                "centroids" => CentroidGazetteer.Load(settings.CentroidsFolder is { Length: > 0 } folder ? folder : GeocodingOptions.DefaultCentroidsFolder),
                _ => Http(name),
            });
        }
        var jurisdictions = settings.Jurisdictions is { Length: > 0 } path ? JurisdictionIndex.Load(path) : null;
        _cache = new WriteBehindGeocodeCache(store, logger);
        _chain = new GeocoderChain(
            new GeocoderChainSettings
            {
                ServiceArea = settings.ServiceArea is { } area ? new GeoBounds(area.South, area.West, area.North, area.East) : null,
                DefaultCity = settings.DefaultCity,
                DefaultState = settings.DefaultState,
                MemoryCacheEntries = settings.MemoryCacheEntries,
            },
            providers,
            _cache,
            jurisdictions);
        if (settings.EffectiveProviders.Contains("gazetteer", StringComparer.Ordinal))
        {
            _gazetteer.Load(await store.LoadGazetteerAsync(cancellationToken));
        }
        var chainText = string.Join(" > ", settings.EffectiveProviders);
        WorkerLog.GeocoderReady(logger, chainText, _gazetteer.AddressPoints, _gazetteer.StreetSegments, jurisdictions?.Count ?? 0);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_cache is not null)
        {
            await _cache.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EffectiveProviders.Contains("gazetteer", StringComparer.Ordinal))
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.GazetteerReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var latest = await store.LastGazetteerImportAsync(stoppingToken);
                    if (latest is not null && latest != _gazetteer.LoadedImport)
                    {
                        var loadedAt = time.GetUtcNow();
                        _gazetteer.Load(await store.LoadGazetteerAsync(stoppingToken));
                        Chain.ClearMemoryCache();
                        // Workers still on the old gazetteer may have cached answers since the import
                        // dropped them: each worker, once on the new one, drops what was cached before.
                        await store.DropLocalCachedGeocodesAsync(loadedAt, stoppingToken);
                        WorkerLog.GazetteerReloaded(logger, _gazetteer.AddressPoints, _gazetteer.StreetSegments);
                    }
                }
#pragma warning disable CA1031 // A failed reload keeps the current gazetteer; the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    WorkerLog.GazetteerReloadFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IAddressGeocoder Http(string name)
    {
        var (section, factory) = name switch
        {
            "pelias" => (HttpGeocoderOptions.PeliasSectionName, (Func<HttpClient, HttpGeocoderOptions, IAddressGeocoder>)((c, o) => new PeliasGeocoder(c, o, time))),
            "nominatim" => (HttpGeocoderOptions.NominatimSectionName, (c, o) => new NominatimGeocoder(c, o, time)),
            _ => (HttpGeocoderOptions.CensusSectionName, (c, o) => new CensusGeocoder(c, o, time)),
        };
        var http = configuration.GetSection(section).Get<HttpGeocoderOptions>() ?? new HttpGeocoderOptions();
        var problems = http.Validate(section, baseUrlRequired: name != "census");
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(HttpGeocoderOptions), problems);
        }
        return factory(httpClients.CreateClient(name), http);
    }
}

/// <summary>How a report asks the geocoder to place it, and how the answer becomes its location: for Ingest and replays alike.</summary>
internal static class ReportPlacement
{
    public static GeocodeRequest RequestFor(Report report) =>
        new(report.Location.RawAddress, report.Location.Latitude, report.Location.Longitude);

    public static ReportLocation Apply(ReportLocation source, PlacedLocation placed)
    {
        var result = placed.Result;
        return source with
        {
            Latitude = result.Latitude,
            Longitude = result.Longitude,
            Precision = result.Precision,
            Provider = result.Found ? result.Provider : null,
            MatchedAddress = result.MatchedAddress,
            Confidence = result.Found ? result.Confidence : null,
            Jurisdictions = placed.Jurisdictions.Count > 0 ? placed.Jurisdictions : null,
        };
    }

}
