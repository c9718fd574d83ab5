using Pipeline.Cli.Demo;
using Pipeline.Contracts;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class GeocodingTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task TheIngestRolePlacesEveryReportWithTheChainAndNeverDropsOne()
    {
        await using var context = new PipelineTestContext(kafka);
        // The demo area's gazetteer in this test's store, as `pipeline geo import` would put it there.
        var (points, segments) = await DemoArea.ImportAsync(context.DatabasePath, TestContext.Current.CancellationToken);
        Assert.True(points > 20_000 && segments > 600, $"{points} points, {segments} segments");
        await context.StartWorkerAsync(settings: new Dictionary<string, string?>(DemoArea.GeocodingSettings()));
        var now = DateTimeOffset.UtcNow;

        await context.PublishAsync(RawRecords.CadFeed,
        [
            // A device fix inside the area: kept as the source gave it.
            RawRecords.Cad("G-FIX", "SUSPICIOUS PERSON", "2026-11-21T10:00:00", latitude: 37.8716, longitude: -122.2727, blockAddress: "21XX BLOCK OF SHATTUCK AVE"),
            // 0,0 (an unset AVL fix): the block address places it instead.
            RawRecords.Cad("G-ZERO", "SUSPICIOUS PERSON", "2026-11-21T10:01:00", latitude: 0, longitude: 0, blockAddress: "21XX BLOCK OF SHATTUCK AVE"),
            // No fix, an intersection written the CAD way.
            RawRecords.Cad("G-X", "SUSPICIOUS PERSON", "2026-11-21T10:03:00", blockAddress: "SHATTUCK AVE / CEDAR ST"),
            // Nothing anyone can place: kept, with precision None.
            RawRecords.Cad("G-NONE", "SUSPICIOUS PERSON", "2026-11-21T10:04:00", blockAddress: "BEHIND THE OLD WATER TOWER"),
        ]);
        await context.PublishAsync(RawRecords.SarFeed, [RawRecords.Sar("G-SAR", "Person photographing the substation fence.", now.AddHours(-1), address: "211 Shattuck Ave., Berkeley, CA")]);
        await context.WaitForReceiptsAsync(5, TimeSpan.FromSeconds(60));

        var reports = (await context.Store.GetReportsAsync(TestContext.Current.CancellationToken)).ToDictionary(r => r.SourceRecordId);
        Assert.Equal(5, reports.Count);
        Assert.Equal((LocationPrecision.Source, "record", 37.8716, -122.2727), (reports["G-FIX"].LocationPrecision, reports["G-FIX"].GeoProvider, reports["G-FIX"].Latitude!.Value, reports["G-FIX"].Longitude!.Value));
        Assert.Equal((LocationPrecision.Block, "gazetteer"), (reports["G-ZERO"].LocationPrecision, reports["G-ZERO"].GeoProvider));
        Assert.InRange(reports["G-ZERO"].Latitude!.Value, 37.78, 37.92);
        Assert.Equal((LocationPrecision.Intersection, "gazetteer"), (reports["G-X"].LocationPrecision, reports["G-X"].GeoProvider));
        Assert.Equal((LocationPrecision.None, (string?)null, (double?)null), (reports["G-NONE"].LocationPrecision, reports["G-NONE"].GeoProvider, reports["G-NONE"].Latitude));
        Assert.Equal((LocationPrecision.AddressPoint, "gazetteer", 37.889020, -122.267506), (reports["G-SAR"].LocationPrecision, reports["G-SAR"].GeoProvider, reports["G-SAR"].Latitude!.Value, reports["G-SAR"].Longitude!.Value));
        Assert.Contains("211 SHATTUCK AVE", reports["G-SAR"].GeoMatchedAddress, StringComparison.Ordinal);
        // Every placed report is in the Berkeley police area and one of its beats, broadest first.
        foreach (var id in new[] { "G-FIX", "G-ZERO", "G-X", "G-SAR" })
        {
            var jurisdictions = reports[id].Jurisdictions;
            Assert.NotNull(jurisdictions);
            Assert.Equal("berkeley-pd", jurisdictions[0]);
            Assert.Contains(jurisdictions, j => j.StartsWith("bpd-beat-", StringComparison.Ordinal));
        }
        Assert.Null(reports["G-NONE"].Jurisdictions);

        // The answers are cached in the store: a second worker's chain would not ask the gazetteer again.
        // The cache is written behind the Ingest role (WriteBehindGeocodeCache), so it may trail the reports a little.
        var key = Pipeline.Geo.Addresses.AddressNormalizer.Normalize("21XX BLOCK OF SHATTUCK AVE").CacheKey;
        await Eventually.Until(async () => (await context.Store.GetCachedGeocodesAsync([key], TestContext.Current.CancellationToken)).Count == 1, TimeSpan.FromSeconds(10), "the answer in the store cache");
        var cached = Assert.Single(await context.Store.GetCachedGeocodesAsync([key], TestContext.Current.CancellationToken));
        Assert.Equal((LocationPrecision.Block, "gazetteer"), (cached.Value.Precision, cached.Value.Provider));
        var counts = await context.Store.GetLocationCountsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(5, counts.Sum(c => c.Reports));
    }
}
