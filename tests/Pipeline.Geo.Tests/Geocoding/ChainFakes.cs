using System.Collections.Concurrent;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Geocoding;

/// <summary>A provider that answers with whatever its function says and remembers every query it was asked.</summary>
internal sealed class FakeGeocoder(string name, Func<AddressQuery, GeocodeCandidate?> answer) : IAddressGeocoder
{
    private readonly ConcurrentQueue<AddressQuery> _queries = new();

    public string Name { get; } = name;

    public int Calls => _queries.Count;

    public IReadOnlyList<AddressQuery> Queries => [.. _queries];

    /// <summary>A provider that places every query at one point with the given claimed precision.</summary>
    public static FakeGeocoder Always(string name, LocationPrecision precision, double latitude = 37.87, double longitude = -122.27, double confidence = 0.9) =>
        new(name, _ => new GeocodeCandidate(latitude, longitude, precision, name + " match", confidence));

    /// <summary>A provider that never finds anything.</summary>
    public static FakeGeocoder Never(string name) => new(name, _ => null);

    /// <summary>A provider whose every call fails with <paramref name="error"/>.</summary>
    public static FakeGeocoder Failing(string name, Func<Exception> error) => new(name, _ => throw error());

    public ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken)
    {
        _queries.Enqueue(query);
        return ValueTask.FromResult(answer(query));
    }
}

/// <summary>An in-memory persistent cache that counts how often the chain reads and writes it.</summary>
internal sealed class FakeCacheStore : IGeocodeCacheStore
{
    private readonly Dictionary<string, GeocodeResult> _entries = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, GeocodeResult> Entries => _entries;

    public List<IReadOnlyCollection<string>> Gets { get; } = [];

    public List<IReadOnlyList<KeyValuePair<string, GeocodeResult>>> Puts { get; } = [];

    public Task<IReadOnlyDictionary<string, GeocodeResult>> GetCachedGeocodesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        Gets.Add([.. keys]);
        IReadOnlyDictionary<string, GeocodeResult> found = keys
            .Where(_entries.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, k => _entries[k], StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public Task PutCachedGeocodesAsync(IReadOnlyList<KeyValuePair<string, GeocodeResult>> answers, CancellationToken ct)
    {
        Puts.Add([.. answers]);
        foreach (var (key, value) in answers)
        {
            _entries[key] = value;
        }
        return Task.CompletedTask;
    }
}
