using BenchmarkDotNet.Attributes;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Jurisdictions;

namespace Pipeline.Benchmarks;

/// <summary>
/// Geocoding over the demo area's 3,000 labelled inputs: cached chain lookups, cold gazetteer
/// lookups, the uncached chain, and jurisdiction point-in-polygon lookups. Every benchmark's
/// result is per lookup (<c>OperationsPerInvoke</c>), so <c>Records/s</c> reads as lookups/s.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerRecordConfig))]
public class GeocodingBenchmarks
{
    private const int Lookups = 3_000;

    private LocalGazetteer _gazetteer = null!;
    private CentroidGazetteer _centroids = null!;
    private JurisdictionIndex _jurisdictions = null!;
    private GeocodeRequest[] _requests = [];
    private string[] _inputs = [];
    private string?[] _cities = [];
    private string?[] _states = [];
    private string?[] _postalCodes = [];
    private (double Latitude, double Longitude)[] _truthPoints = [];
    private GeocoderChain _cached = null!;
    private GeocoderChain _cachedWithJurisdictions = null!;
    private GeocoderChain _uncached = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rows = DemoGeoArea.Labelled();
        if (rows.Count != Lookups)
        {
            throw new InvalidOperationException($"labelled-addresses.csv has {rows.Count} rows; the benchmarks divide by {Lookups}: update Lookups");
        }
        _gazetteer = DemoGeoArea.Gazetteer();
        _centroids = DemoGeoArea.Centroids();
        _jurisdictions = DemoGeoArea.Jurisdictions();
        _requests = DemoGeoArea.Requests(rows);
        _inputs = [.. rows.Select(r => r.Input)];
        _cities = [.. rows.Select(r => r.City)];
        _states = [.. rows.Select(r => r.State)];
        _postalCodes = [.. rows.Select(r => r.PostalCode)];

        // Rows without a truth point (unresolvable ones) are skipped; the others repeat to fill 3,000.
        var truth = rows.Where(r => r.TruthLatitude is not null && r.TruthLongitude is not null)
            .Select(r => (r.TruthLatitude!.Value, r.TruthLongitude!.Value)).ToArray();
        _truthPoints = [.. Enumerable.Range(0, Lookups).Select(i => truth[i % truth.Length])];

        _cached = Warm(DemoGeoArea.Chain(_gazetteer, _centroids));
        _cachedWithJurisdictions = Warm(DemoGeoArea.Chain(_gazetteer, _centroids, _jurisdictions));
        _uncached = DemoGeoArea.Chain(_gazetteer, _centroids);

        // What a cold batch asks the providers (duplicates inside one batch are answered once).
        var (_, byProvider) = DemoGeoArea.Count(() => DemoGeoArea.Chain(_gazetteer, _centroids).PlaceAllAsync(_requests, CancellationToken.None).GetAwaiter().GetResult());
        var found = Enumerable.Range(0, Lookups).Count(i => _gazetteer.Lookup(AddressNormalizer.Normalize(_inputs[i]), _cities[i], _postalCodes[i]) is not null);
        Console.WriteLine($"// cold chain results by provider: {string.Join(", ", byProvider.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}; "
            + $"gazetteer Lookup found {found} of {Lookups}; jurisdiction points {truth.Length} distinct, cycled to {Lookups}");
    }

    // Every labelled input once, then checks through the chain's meter that a second pass is all memory hits.
    private GeocoderChain Warm(GeocoderChain chain)
    {
        chain.PlaceAllAsync(_requests, CancellationToken.None).GetAwaiter().GetResult();
        var (hits, _) = DemoGeoArea.Count(() => chain.PlaceAllAsync(_requests, CancellationToken.None).GetAwaiter().GetResult());
        if (hits != Lookups)
        {
            throw new InvalidOperationException($"after warm-up, {hits} of {Lookups} lookups were memory-cache hits; expected all");
        }
        return chain;
    }

    /// <summary>The uncached benchmark starts every invocation from an empty memory cache (BenchmarkDotNet then runs one invocation per iteration).</summary>
    [IterationSetup(Target = nameof(UncachedChainBatch))]
    public void ForgetUncached() => _uncached.ClearMemoryCache();

    /// <summary>Cached: one PlaceAllAsync of all 3,000 inputs, every one a memory hit (normalization and key included).</summary>
    [Benchmark(Description = "Chain, cached: PlaceAllAsync of 3,000", OperationsPerInvoke = Lookups)]
    public async Task<int> CachedChainBatch() => (await _cached.PlaceAllAsync(_requests, CancellationToken.None)).Count;

    /// <summary>Cached: 3,000 single PlaceAsync calls.</summary>
    [Benchmark(Description = "Chain, cached: 3,000 PlaceAsync", OperationsPerInvoke = Lookups)]
    public async Task<int> CachedChainSingle()
    {
        var found = 0;
        foreach (var request in _requests)
        {
            if ((await _cached.PlaceAsync(request, CancellationToken.None)).Result.Found)
            {
                found++;
            }
        }
        return found;
    }

    /// <summary>Cached, as the worker runs it: with the demo jurisdictions, so every found answer is also placed in its polygons.</summary>
    [Benchmark(Description = "Chain, cached + jurisdictions: PlaceAllAsync of 3,000", OperationsPerInvoke = Lookups)]
    public async Task<int> CachedChainWithJurisdictions() => (await _cachedWithJurisdictions.PlaceAllAsync(_requests, CancellationToken.None)).Count;

    /// <summary>Uncached: PlaceAllAsync of all 3,000 inputs on an empty memory cache (gazetteer, then centroids).</summary>
    [Benchmark(Description = "Chain, uncached: PlaceAllAsync of 3,000", OperationsPerInvoke = Lookups)]
    public async Task<int> UncachedChainBatch() => (await _uncached.PlaceAllAsync(_requests, CancellationToken.None)).Count;

    /// <summary>Cold gazetteer: normalize, then LocalGazetteer.Lookup with the row's city and ZIP columns.</summary>
    [Benchmark(Description = "Gazetteer: Normalize + Lookup", OperationsPerInvoke = Lookups)]
    public int GazetteerLookup()
    {
        var found = 0;
        for (var i = 0; i < _inputs.Length; i++)
        {
            if (_gazetteer.Lookup(AddressNormalizer.Normalize(_inputs[i]), _cities[i], _postalCodes[i]) is not null)
            {
                found++;
            }
        }
        return found;
    }

    /// <summary>Cold gazetteer as the chain asks it: normalize, build the query, GeocodeAsync.</summary>
    [Benchmark(Description = "Gazetteer: Normalize + ToQuery + GeocodeAsync", OperationsPerInvoke = Lookups)]
    public async Task<int> GazetteerGeocodeAsync()
    {
        var found = 0;
        for (var i = 0; i < _inputs.Length; i++)
        {
            var query = AddressNormalizer.Normalize(_inputs[i]).ToQuery(_cities[i], _states[i], _postalCodes[i]);
            if (await _gazetteer.GeocodeAsync(query, CancellationToken.None) is not null)
            {
                found++;
            }
        }
        return found;
    }

    /// <summary>Normalization alone, the share of every lookup above that is not the index.</summary>
    [Benchmark(Description = "AddressNormalizer.Normalize", OperationsPerInvoke = Lookups)]
    public int Normalize()
    {
        var houseNumbers = 0;
        foreach (var input in _inputs)
        {
            if (AddressNormalizer.Normalize(input).Kind == AddressQueryKind.HouseNumber)
            {
                houseNumbers++;
            }
        }
        return houseNumbers;
    }

    /// <summary>Point-in-polygon: JurisdictionIndex.Find over the labelled truth points.</summary>
    [Benchmark(Description = "Jurisdictions: Find", OperationsPerInvoke = Lookups)]
    public int JurisdictionFind()
    {
        var hits = 0;
        foreach (var (latitude, longitude) in _truthPoints)
        {
            hits += _jurisdictions.Find(latitude, longitude).Count;
        }
        return hits;
    }
}

/// <summary>Cold gazetteer lookups (normalize + LocalGazetteer.Lookup) by input style of the labelled set.</summary>
[MemoryDiagnoser]
[Config(typeof(PerRecordConfig))]
public class GeocodingByStyleBenchmarks
{
    private const int Lookups = 300;

    private LocalGazetteer _gazetteer = null!;
    private LabelledAddress[] _rows = [];

    /// <summary>The labelled set's style: clean (house number), block, intersection, typo (misspelt street), unresolvable (no such street).</summary>
    [Params("clean", "block", "intersection", "typo", "unresolvable")]
    public string Style { get; set; } = "clean";

    [GlobalSetup]
    public void Setup()
    {
        var rows = DemoGeoArea.Labelled().Where(r => r.Style == Style).ToArray();
        if (rows.Length == 0)
        {
            throw new InvalidOperationException($"no labelled row has style '{Style}'");
        }
        // Each style's rows, repeated when fewer than 300, so that every case divides by the same count.
        _rows = [.. Enumerable.Range(0, Lookups).Select(i => rows[i % rows.Length])];
        _gazetteer = DemoGeoArea.Gazetteer();
        Console.WriteLine($"// style {Style}: {rows.Length} distinct rows, {_rows.Count(r => _gazetteer.Lookup(AddressNormalizer.Normalize(r.Input), r.City, r.PostalCode) is not null)} of {Lookups} lookups found");
    }

    /// <summary>Normalize, then LocalGazetteer.Lookup with the row's city and ZIP columns; no cache.</summary>
    [Benchmark(Description = "Gazetteer: Normalize + Lookup", OperationsPerInvoke = Lookups)]
    public int GazetteerLookup()
    {
        var found = 0;
        foreach (var row in _rows)
        {
            if (_gazetteer.Lookup(AddressNormalizer.Normalize(row.Input), row.City, row.PostalCode) is not null)
            {
                found++;
            }
        }
        return found;
    }
}
