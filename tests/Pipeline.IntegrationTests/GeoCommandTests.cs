using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;
using Pipeline.Storage;

namespace Pipeline.IntegrationTests;

public sealed class GeoCommandTests
{
    [Fact]
    public async Task GeoImportReplacesTheGazetteerReportsBadRowsByLineAndDropsStaleLocalAnswers()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "store.db");
        var points = folder.Write("points.csv", """
            number,street,unit,city,state,zip,lat,lon
            1520,Shattuck Ave.,,Berkeley,CA,94709,37.8799,-122.2690
            1522,SHATTUCK AVENUE,APT 3,BERKELEY,CA,94709,37.8800,-122.2690
            1524,SHATTUCK AVE,,BERKELEY,CA,94709,123.0,-122.2690
            """);
        var segments = folder.Write("segments.csv", """
            street,left_from,left_to,right_from,right_to,city,state,zip,geometry
            SHATTUCK AVE,1501,1599,1500,1598,BERKELEY,CA,94709,"LINESTRING (-122.2690 37.8790, -122.2690 37.8810)"
            """);
        // A stale answer of the gazetteer and one of a remote service, both cached before the import.
        await using (var store = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance))
        {
            await store.MigrateAsync(TestContext.Current.CancellationToken);
            await store.PutCachedGeocodesAsync(
            [
                KeyValuePair.Create("local", new GeocodeResult(37.0, -122.0, LocationPrecision.AddressPoint, "gazetteer", null, 1)),
                KeyValuePair.Create("remote", new GeocodeResult(37.0, -122.0, LocationPrecision.AddressPoint, "pelias", null, 1)),
            ], TestContext.Current.CancellationToken);
        }

        var (pointsExit, pointsOutput) = await Cli.RunAsync("geo", "import", "address-points", points, "--database", database);
        var (segmentsExit, segmentsOutput) = await Cli.RunAsync("geo", "import", "street-segments", segments, "--database", database);

        Assert.Equal(0, pointsExit);
        Assert.Contains("points.csv:4: ", pointsOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("123.0", pointsOutput, StringComparison.Ordinal);
        Assert.Contains("address-points: 2 row(s) imported, 1 skipped; 1 cached answer(s) of local providers dropped", pointsOutput, StringComparison.Ordinal);
        Assert.Equal(0, segmentsExit);
        Assert.Contains("street-segments: 1 row(s) imported, 0 skipped", segmentsOutput, StringComparison.Ordinal);
        await using var check = PipelineStore.Create(new StoreOptions { ConnectionString = $"Data Source={database}" }, TimeProvider.System, NullLogger<PipelineStore>.Instance);
        var gazetteer = await check.LoadGazetteerAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1520, 1522], gazetteer.AddressPoints.Select(p => p.Number).Order());
        Assert.All(gazetteer.AddressPoints, p => Assert.Equal("SHATTUCK AVE", p.Street.ToString()));
        Assert.Equal(1501, Assert.Single(gazetteer.StreetSegments).LeftFrom);
        Assert.NotNull(gazetteer.LastImportAt);
        Assert.Equal(["remote"], (await check.GetCachedGeocodesAsync(["local", "remote"], TestContext.Current.CancellationToken)).Keys);
    }

    [Fact]
    public async Task AnImportThatReadsNoRowKeepsTheCurrentGazetteerAndFails()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "store.db");
        var empty = folder.Write("empty.csv", "number,street,unit,city,state,zip,lat,lon\n");

        var (exitCode, output) = await Cli.RunAsync("geo", "import", "address-points", empty, "--database", database);

        Assert.Equal(1, exitCode);
        Assert.Contains("0 row(s) imported", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeoEvaluateMeasuresTheShippedDemoArea()
    {
        var (exitCode, output) = await Cli.RunAsync("geo", "evaluate");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"3,000 labelled addresses: 2,8\d\d of 2,850 \(\d+\.\d %\) resolved at block precision or better; median error \d+\.\d m, p95 \d+\.\d m; 0 labelled more precise than they are", output);
    }
}
