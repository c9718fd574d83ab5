using System.Diagnostics.Metrics;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Jurisdictions;

namespace Pipeline.Benchmarks;

/// <summary>
/// The shipped demo area (infra/geo/demo) and US centroids (infra/geo/us), loaded the way the
/// accuracy test and <c>pipeline geo evaluate</c> load them, shared by the geocoding benchmarks.
/// </summary>
internal static class DemoGeoArea
{
    public static string Demo => Path.Combine(Root(), "infra", "geo", "demo");

    /// <summary>The 3,000 labelled inputs, written the ways feeds write them.</summary>
    public static IReadOnlyList<LabelledAddress> Labelled() =>
        GeocoderEvaluation.Read(Path.Combine(Demo, "labelled-addresses.csv"));

    /// <summary>The local gazetteer over the demo address points and street segments; fails on any bad row.</summary>
    public static LocalGazetteer Gazetteer()
    {
        var points = AddressPointReader.ReadFile(Path.Combine(Demo, "address-points.csv"));
        var segments = StreetSegmentReader.ReadFile(Path.Combine(Demo, "street-segments.csv"));
        if (points.Errors.Count > 0 || segments.Errors.Count > 0)
        {
            throw new InvalidOperationException($"demo gazetteer: {points.Errors.Count} bad address points, {segments.Errors.Count} bad segments");
        }
        return new LocalGazetteer(points.Records, segments.Records);
    }

    public static CentroidGazetteer Centroids() => CentroidGazetteer.Load(Path.Combine(Root(), "infra", "geo", "us"));

    public static JurisdictionIndex Jurisdictions() => JurisdictionIndex.Load(Path.Combine(Demo, "jurisdictions.geojson"));

    /// <summary>A chain as in the brief: default settings, no store, providers [gazetteer, centroids].</summary>
    public static GeocoderChain Chain(LocalGazetteer gazetteer, CentroidGazetteer centroids, JurisdictionIndex? jurisdictions = null) =>
        new(new GeocoderChainSettings(), [gazetteer, centroids], store: null, jurisdictions);

    /// <summary>What the chain is asked for each labelled row: its text and columns, no coordinates.</summary>
    public static GeocodeRequest[] Requests(IEnumerable<LabelledAddress> rows) =>
        [.. rows.Select(r => new GeocodeRequest(r.Input, null, null, r.City, r.State, r.PostalCode))];

    /// <summary>
    /// Runs <paramref name="action"/> and counts what the chain reports through its meter: memory
    /// cache hits, and results by provider. Used in set-up only, to check what a benchmark measures.
    /// </summary>
    public static (long MemoryHits, Dictionary<string, long> ResultsByProvider) Count(Action action)
    {
        long hits = 0;
        var results = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Pipeline.Geo")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "pipeline.geocode.cache_hits" && Tag(tags, "layer") == "memory")
            {
                hits += value;
            }
            else if (instrument.Name == "pipeline.geocode.results")
            {
                var provider = Tag(tags, "provider") ?? "?";
                results[provider] = results.GetValueOrDefault(provider) + value;
            }
        });
        listener.Start();
        action();
        return (hits, results);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    // As ShippedFeeds does: BenchmarkDotNet runs from a generated project below this one's bin folder.
    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Pipeline.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Pipeline.sln: run the benchmarks from inside the repository");
    }
}
