using System.Diagnostics.Metrics;
using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Jurisdictions;

namespace Pipeline.Geo.Geocoding;

/// <summary>A rectangle in WGS84 degrees: the area a deployment serves.</summary>
/// <param name="South">Smallest latitude.</param>
/// <param name="West">Smallest longitude.</param>
/// <param name="North">Largest latitude.</param>
/// <param name="East">Largest longitude.</param>
public sealed record GeoBounds(double South, double West, double North, double East)
{
    /// <summary>True when the point lies inside (edges included).</summary>
    public bool Contains(double latitude, double longitude) =>
        latitude >= South && latitude <= North && longitude >= West && longitude <= East;
}

/// <summary>What the chain is asked to place: the source's address text and its coordinates (already WGS84).</summary>
/// <param name="RawAddress">The address as the source wrote it, when any.</param>
/// <param name="Latitude">The source's latitude, when any.</param>
/// <param name="Longitude">The source's longitude, when any.</param>
/// <param name="City">A city the source gives apart from the address text (the text's own wins).</param>
/// <param name="State">A state the source gives apart from the address text.</param>
/// <param name="PostalCode">A ZIP code the source gives apart from the address text.</param>
public sealed record GeocodeRequest(string? RawAddress, double? Latitude, double? Longitude, string? City = null, string? State = null, string? PostalCode = null);

/// <summary>Where the chain placed a report: the result, the jurisdictions it falls in, and a note on what was corrected or ignored.</summary>
/// <param name="Result">The answer; <see cref="GeocodeResult.NotFound"/> when nothing placed the report.</param>
/// <param name="Jurisdictions">Jurisdiction ids, broadest first; empty when none or not found.</param>
/// <param name="Note">Why the source's coordinates were corrected or ignored ("latitude and longitude were swapped"), when they were.</param>
public sealed record PlacedLocation(GeocodeResult Result, IReadOnlyList<string> Jurisdictions, string? Note);

/// <summary>A store of answers by cache key (the persistent layer under the chain's memory).</summary>
public interface IGeocodeCacheStore
{
    /// <summary>The stored answers among the keys.</summary>
    Task<IReadOnlyDictionary<string, GeocodeResult>> GetCachedGeocodesAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Stores answers, replacing older ones of the same keys.</summary>
    Task PutCachedGeocodesAsync(IReadOnlyList<KeyValuePair<string, GeocodeResult>> answers, CancellationToken ct);
}

/// <summary>The chain's settings.</summary>
public sealed class GeocoderChainSettings
{
    /// <summary>The deployment's area: source coordinates outside it (and not inside once swapped) are ignored. Null: anywhere.</summary>
    public GeoBounds? ServiceArea { get; init; }

    /// <summary>City assumed when an address names none (most CAD feeds write only the street).</summary>
    public string? DefaultCity { get; init; }

    /// <summary>State assumed when an address names none.</summary>
    public string? DefaultState { get; init; }

    /// <summary>Answers kept in memory in front of the persistent cache.</summary>
    public int MemoryCacheEntries { get; init; } = 100_000;
}

/// <summary>
/// Places reports, in order: (a) the source's own coordinates, checked against the service area
/// (0,0 and swapped latitude/longitude are caught); (b) the cache (memory, then the store);
/// (c) the configured address providers in order (local gazetteer, ZIP/city centroids, optional
/// HTTP services). A provider's answer is accepted at once when it is as precise as the address
/// allows; otherwise the most precise answer so far is kept while later providers are asked.
/// Nothing is ever labelled more precise than the address allows, and a report nothing can place
/// gets precision None: the chain never drops one.
/// </summary>
public sealed class GeocoderChain
{
    /// <summary>The provider name of the source's own coordinates.</summary>
    public const string RecordProvider = "record";

    private static readonly Meter Meter = new("Pipeline.Geo");
    private static readonly Counter<long> Results = Meter.CreateCounter<long>(
        "pipeline.geocode.results", unit: "{report}", description: "Reports placed by the geocoder chain, by provider and precision (provider none: not placed).");
    private static readonly Counter<long> ProviderFailures = Meter.CreateCounter<long>(
        "pipeline.geocode.provider_failures", unit: "{request}", description: "Provider calls that failed (timeouts, errors, open circuits), by provider; the chain moved on.");
    private static readonly Counter<long> SourceCorrections = Meter.CreateCounter<long>(
        "pipeline.geocode.source_coordinates_corrected", unit: "{report}", description: "Reports whose source coordinates were swapped back or ignored (0,0, out of range, outside the service area), by what was done.");
    private static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "pipeline.geocode.cache_hits", unit: "{lookup}", description: "Addresses answered from the cache, by layer (memory or store).");

    private readonly GeocoderChainSettings _settings;
    private readonly IReadOnlyList<IAddressGeocoder> _providers;
    private readonly IGeocodeCacheStore? _store;
    private readonly JurisdictionIndex? _jurisdictions;
    private readonly BoundedCache _memory;

    /// <summary>Creates a chain.</summary>
    /// <param name="settings">Service area, defaults, cache size.</param>
    /// <param name="providers">Address providers in the order they are asked.</param>
    /// <param name="store">The persistent cache, or null for memory only.</param>
    /// <param name="jurisdictions">The jurisdiction polygons, or null.</param>
    public GeocoderChain(GeocoderChainSettings settings, IReadOnlyList<IAddressGeocoder> providers, IGeocodeCacheStore? store, JurisdictionIndex? jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(providers);
        _settings = settings;
        _providers = providers;
        _store = store;
        _jurisdictions = jurisdictions;
        _memory = new BoundedCache(Math.Max(1, settings.MemoryCacheEntries));
    }

    /// <summary>The providers' names, in order.</summary>
    public IReadOnlyList<string> ProviderNames => [.. _providers.Select(p => p.Name)];

    /// <summary>Places one report.</summary>
    public async Task<PlacedLocation> PlaceAsync(GeocodeRequest request, CancellationToken cancellationToken) =>
        (await PlaceAllAsync([request], cancellationToken))[0];

    /// <summary>
    /// Places a batch: the store cache is asked once for every address the memory lacks, and new
    /// answers are written back once. Results are in request order.
    /// </summary>
    public async Task<IReadOnlyList<PlacedLocation>> PlaceAllAsync(IReadOnlyList<GeocodeRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var placed = new PlacedLocation?[requests.Count];
        var notes = new string?[requests.Count];
        var pending = new List<(int Index, NormalizedAddress Address, AddressQuery Query, string Key)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var (fromRecord, note) = FromRecord(request.Latitude, request.Longitude);
            notes[i] = note;
            if (note is not null)
            {
                SourceCorrections.Add(1, new KeyValuePair<string, object?>("action", fromRecord is null ? "ignored" : "swapped"));
            }
            if (fromRecord is not null)
            {
                placed[i] = Finish(fromRecord, note);
                continue;
            }
            if (string.IsNullOrWhiteSpace(request.RawAddress) && string.IsNullOrWhiteSpace(request.PostalCode) && string.IsNullOrWhiteSpace(request.City))
            {
                placed[i] = Finish(GeocodeResult.NotFound, note);
                continue;
            }
            var address = AddressNormalizer.Normalize(request.RawAddress);
            // A blank column is no column: the defaults apply.
            var query = address.ToQuery(
                string.IsNullOrWhiteSpace(request.City) ? _settings.DefaultCity : request.City,
                string.IsNullOrWhiteSpace(request.State) ? _settings.DefaultState : request.State,
                request.PostalCode);
            var key = CacheKey(address, query);
            if (_memory.TryGet(key, out var cached))
            {
                CacheHits.Add(1, new KeyValuePair<string, object?>("layer", "memory"));
                placed[i] = Finish(cached, note);
                continue;
            }
            pending.Add((i, address, query, key));
        }
        if (pending.Count == 0)
        {
            return placed!;
        }

        var stored = _store is null
            ? new Dictionary<string, GeocodeResult>()
            : await _store.GetCachedGeocodesAsync([.. pending.Select(p => p.Key).Distinct(StringComparer.Ordinal)], cancellationToken);
        var answered = new Dictionary<string, GeocodeResult>(StringComparer.Ordinal);
        var toStore = new List<KeyValuePair<string, GeocodeResult>>();
        foreach (var (index, address, query, key) in pending)
        {
            if (answered.TryGetValue(key, out var again))
            {
                placed[index] = Finish(again, notes[index]);
                continue;
            }
            if (stored.TryGetValue(key, out var fromStore))
            {
                CacheHits.Add(1, new KeyValuePair<string, object?>("layer", "store"));
                _memory.Set(key, fromStore);
                answered[key] = fromStore;
                placed[index] = Finish(fromStore, notes[index]);
                continue;
            }
            var (result, transientFailure) = await AskProvidersAsync(query, cancellationToken);
            answered[key] = result;
            // An answer reached while a provider was down may be worse than the real one: do not keep it.
            if (!transientFailure)
            {
                _memory.Set(key, result);
                toStore.Add(KeyValuePair.Create(key, result));
            }
            placed[index] = Finish(result, notes[index]);
        }
        if (_store is not null && toStore.Count > 0)
        {
            await _store.PutCachedGeocodesAsync(toStore, cancellationToken);
        }
        return placed!;
    }

    /// <summary>Forgets the memory cache (after a gazetteer reload).</summary>
    public void ClearMemoryCache() => _memory.Clear();

    private (GeocodeResult? Result, string? Note) FromRecord(double? latitude, double? longitude)
    {
        if (latitude is not { } lat || longitude is not { } lon)
        {
            return (null, null);
        }
        if (!double.IsFinite(lat) || !double.IsFinite(lon))
        {
            return (null, "the source's coordinates are not numbers and were ignored");
        }
        if (Math.Abs(lat) < 1e-6 && Math.Abs(lon) < 1e-6)
        {
            return (null, "the source's coordinates are 0,0 (a missing fix) and were ignored");
        }
        var valid = Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180;
        var swappedValid = Math.Abs(lon) <= 90 && Math.Abs(lat) <= 180;
        var area = _settings.ServiceArea;
        if (valid && (area is null || area.Contains(lat, lon)))
        {
            return (new GeocodeResult(lat, lon, LocationPrecision.Source, RecordProvider, null, 1.0), null);
        }
        if (swappedValid && area is not null && area.Contains(lon, lat))
        {
            return (new GeocodeResult(lon, lat, LocationPrecision.Source, RecordProvider, null, 0.9), "the source's latitude and longitude were swapped; corrected");
        }
        return (null, valid
            ? "the source's coordinates are outside the service area and were ignored"
            : "the source's coordinates are out of range and were ignored");
    }

    private async Task<(GeocodeResult Result, bool TransientFailure)> AskProvidersAsync(AddressQuery query, CancellationToken cancellationToken)
    {
        GeocodeResult? best = null;
        var failed = false;
        foreach (var provider in _providers)
        {
            GeocodeCandidate? candidate;
            try
            {
                candidate = await provider.GeocodeAsync(query, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A provider that fails (network, server, bug) is skipped; the chain must still place the report.
            catch (Exception)
#pragma warning restore CA1031
            {
                ProviderFailures.Add(1, new KeyValuePair<string, object?>("provider", provider.Name));
                failed = true;
                continue;
            }
            if (candidate is null || !double.IsFinite(candidate.Latitude) || !double.IsFinite(candidate.Longitude)
                || Math.Abs(candidate.Latitude) > 90 || Math.Abs(candidate.Longitude) > 180)
            {
                continue;
            }
            var precision = PrecisionOrder.Cap(candidate.Precision, query.BestPossible);
            var result = new GeocodeResult(candidate.Latitude, candidate.Longitude, precision, provider.Name, candidate.MatchedAddress, Math.Clamp(candidate.Confidence, 0, 1));
            if (best is null || PrecisionOrder.Rank(precision) < PrecisionOrder.Rank(best.Precision))
            {
                best = result;
            }
            if (precision == query.BestPossible)
            {
                break;
            }
        }
        return (best ?? GeocodeResult.NotFound, failed);
    }

    private PlacedLocation Finish(GeocodeResult result, string? note)
    {
        Results.Add(1, new KeyValuePair<string, object?>("provider", result.Provider), new KeyValuePair<string, object?>("precision", result.Precision.ToString()));
        IReadOnlyList<string> jurisdictions = result.Found && _jurisdictions is not null
            ? [.. _jurisdictions.Find(result.Latitude!.Value, result.Longitude!.Value).Select(j => j.Id)]
            : [];
        return new PlacedLocation(result, jurisdictions, note);
    }

    // The normalized address with the place parts the query will use, wherever they came from (the
    // text, a column, a default): "MAIN ST" in two cities is two keys, one question is one key.
    private static string CacheKey(NormalizedAddress address, AddressQuery query) =>
        (address with { City = query.City, State = query.State, PostalCode = query.PostalCode }).CacheKey;

    /// <summary>A thread-safe map that forgets everything when full: cheap, and a warm-up refills it from the store.</summary>
    private sealed class BoundedCache(int capacity)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GeocodeResult> _entries = new(StringComparer.Ordinal);

        public bool TryGet(string key, out GeocodeResult result) => _entries.TryGetValue(key, out result!);

        public void Set(string key, GeocodeResult result)
        {
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
            _entries[key] = result;
        }

        public void Clear() => _entries.Clear();
    }
}
