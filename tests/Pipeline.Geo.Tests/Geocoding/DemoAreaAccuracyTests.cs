using System.Globalization;
using System.Text;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Geocoding;

/// <summary>
/// The acceptance test of the geocoder on the shipped demo area: the real gazetteer files, the real
/// ZIP/city centroids and the labelled address set in infra/geo/demo.
/// </summary>
public sealed class DemoAreaAccuracyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheChainPlacesTheLabelledDemoAddressesAsAccuratelyAsRequired()
    {
        var root = RepositoryRoot();
        var demo = Path.Combine(root, "infra", "geo", "demo");
        var points = AddressPointReader.ReadFile(Path.Combine(demo, "address-points.csv"));
        var segments = StreetSegmentReader.ReadFile(Path.Combine(demo, "street-segments.csv"));
        Assert.Empty(points.Errors);
        Assert.Empty(segments.Errors);
        var chain = new GeocoderChain(
            new GeocoderChainSettings(),
            [new LocalGazetteer(points.Records, segments.Records), CentroidGazetteer.Load(Path.Combine(root, "infra", "geo", "us"))],
            store: null,
            jurisdictions: null);
        var rows = GeocoderEvaluation.Read(Path.Combine(demo, "labelled-addresses.csv"));

        var result = await GeocoderEvaluation.EvaluateAsync(chain, rows, Ct);

        TestContext.Current.SendDiagnosticMessage(Describe(result));
        Assert.True(rows.Count > 0);
        Assert.Equal(rows.Count, result.Rows);
        Assert.Equal(0, result.OverPrecise);
        Assert.True(result.BlockOrBetterRate >= 0.97, string.Create(CultureInfo.InvariantCulture,
            $"block-or-better rate {result.BlockOrBetterRate:P1} ({result.ResolvedBlockOrBetter} of {result.BlockOrBetterRows}) is below 97%"));
        Assert.True(result.MedianErrorMetres < 25, string.Create(CultureInfo.InvariantCulture,
            $"median error {result.MedianErrorMetres:F1} m is not below 25 m"));
    }

    private static string Describe(EvaluationResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"demo area: {result.Rows} rows; block or better {result.ResolvedBlockOrBetter} of {result.BlockOrBetterRows} ({result.BlockOrBetterRate:P1}); ")
            .Append(CultureInfo.InvariantCulture, $"median error {result.MedianErrorMetres:F1} m, p95 {result.P95ErrorMetres:F1} m; over-precise {result.OverPrecise}");
        foreach (var (precision, count) in result.ByPrecision.OrderBy(p => PrecisionOrder.Rank(p.Key)))
        {
            text.Append(CultureInfo.InvariantCulture, $"; {precision} {count}");
        }
        foreach (var style in result.ByStyle)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture,
                $"  {style.Style}: {style.AtTruthPrecision} of {style.Rows} at truth precision, median {(style.MedianErrorMetres is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) + " m" : "-")}");
        }
        return text.ToString();
    }

    // Walk up from the test binaries to the repository root, which holds infra/geo/demo.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "geo", "demo", "labelled-addresses.csv"))
                && File.Exists(Path.Combine(dir.FullName, "infra", "geo", "us", CentroidGazetteer.ZipFileName)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("infra/geo/demo not found above " + AppContext.BaseDirectory);
    }
}
