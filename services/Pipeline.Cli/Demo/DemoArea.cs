using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Geo.Gazetteer;
using Pipeline.Storage;

namespace Pipeline.Cli.Demo;

/// <summary>
/// The demo area (infra/geo/demo, made for this project and loosely shaped like Berkeley): its
/// gazetteer is imported into the demo's store, its jurisdictions configure the geocoder, and its
/// labelled addresses, written the ways real feeds write them, are what the generated stream uses.
/// </summary>
internal static class DemoArea
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "geo", "demo");

    public static string Jurisdictions => Path.Combine(Folder, "jurisdictions.geojson");

    /// <summary>
    /// The worker settings that make the geocoder serve the demo area. No default city: the area
    /// spans four cities whose house numbers do not overlap, so a street and number alone find the
    /// place, and a default city would wrongly exclude the other three.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> GeocodingSettings() =>
    [
        new("Geocoding:ServiceArea:South", "37.78"),
        new("Geocoding:ServiceArea:West", "-122.32"),
        new("Geocoding:ServiceArea:North", "37.92"),
        new("Geocoding:ServiceArea:East", "-122.20"),
        new("Geocoding:Jurisdictions", Jurisdictions),
    ];

    /// <summary>Imports the demo gazetteer into the store at <paramref name="databasePath"/> (created and migrated if new).</summary>
    public static async Task<(int AddressPoints, int StreetSegments)> ImportAsync(string databasePath, CancellationToken cancellationToken)
    {
        await using var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={databasePath}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
        await store.MigrateAsync(cancellationToken);
        var points = AddressPointReader.ReadFile(Path.Combine(Folder, "address-points.csv"));
        var segments = StreetSegmentReader.ReadFile(Path.Combine(Folder, "street-segments.csv"));
        await store.ReplaceAddressPointsAsync(points.Records, "address-points.csv", points.Errors.Count, cancellationToken);
        await store.ReplaceStreetSegmentsAsync(segments.Records, "street-segments.csv", segments.Errors.Count, cancellationToken);
        return (points.Records.Count, segments.Records.Count);
    }

    /// <summary>Address texts of the labelled set by style ("block", "intersection", "typo"...), for the generated feeds.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AddressesByStyle()
    {
        var path = Path.Combine(Folder, "labelled-addresses.csv");
        if (!File.Exists(path))
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }
        return Pipeline.Geo.Geocoding.GeocoderEvaluation.Read(path)
            .GroupBy(r => r.Style, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Input)], StringComparer.Ordinal);
    }
}
