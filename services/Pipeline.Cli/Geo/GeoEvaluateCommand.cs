using System.CommandLine;
using System.Globalization;
using Pipeline.Geo.Centroids;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;
using Spectre.Console;

namespace Pipeline.Cli.Geo;

/// <summary><c>pipeline geo evaluate</c>: the geocoder chain's accuracy on a labelled address set.</summary>
internal static class GeoEvaluateCommand
{
    /// <summary>The demo area's files, shipped beside the application.</summary>
    public static string DemoFolder => Path.Combine(AppContext.BaseDirectory, "geo", "demo");

    public static Command Build()
    {
        var labelled = new Option<string>("--labelled") { Description = "Labelled CSV (id,input,city,state,zip,truth_lat,truth_lon,truth_precision,style).", DefaultValueFactory = _ => Path.Combine(DemoFolder, "labelled-addresses.csv") };
        var points = new Option<string>("--address-points") { Description = "Address-point file of the gazetteer.", DefaultValueFactory = _ => Path.Combine(DemoFolder, "address-points.csv") };
        var segments = new Option<string>("--street-segments") { Description = "Street-segment file of the gazetteer.", DefaultValueFactory = _ => Path.Combine(DemoFolder, "street-segments.csv") };
        var command = new Command("evaluate", "Measure the geocoder (gazetteer, then ZIP/city centroids) on a labelled set: share resolved at block or better, error in metres, results labelled more precise than they are.")
        {
            labelled, points, segments,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chain = DemoChain(parse.GetValue(points)!, parse.GetValue(segments)!);
            var rows = GeocoderEvaluation.Read(parse.GetValue(labelled)!);
            var result = await GeocoderEvaluation.EvaluateAsync(chain, rows, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Rows:N0} labelled addresses: {result.ResolvedBlockOrBetter:N0} of {result.BlockOrBetterRows:N0} ({result.BlockOrBetterRate:P1}) resolved at block precision or better; " +
                $"median error {result.MedianErrorMetres:F1} m, p95 {result.P95ErrorMetres:F1} m; {result.OverPrecise} labelled more precise than they are"));
            var precision = new Table().Title("results by precision").AddColumns("precision", "rows");
            foreach (var (level, count) in result.ByPrecision.OrderBy(p => PrecisionOrder.Rank(p.Key)))
            {
                precision.AddRow(level.ToString(), count.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(precision);
            var styles = new Table().Title("by input style").AddColumns("style", "rows", "at truth precision", "median error (m)");
            foreach (var style in result.ByStyle)
            {
                styles.AddRow(style.Style, style.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    (style.AtTruthPrecision / (double)style.Rows).ToString("P1", CultureInfo.InvariantCulture),
                    style.MedianErrorMetres?.ToString("F1", CultureInfo.InvariantCulture) ?? "-");
            }
            AnsiConsole.Write(styles);
            return result.OverPrecise == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>A chain over a gazetteer read from files and the shipped US centroids, with no cache store.</summary>
    public static GeocoderChain DemoChain(string addressPoints, string streetSegments)
    {
        var gazetteer = new LocalGazetteer(AddressPointReader.ReadFile(addressPoints).Records, StreetSegmentReader.ReadFile(streetSegments).Records);
        var centroids = CentroidGazetteer.Load(Path.Combine(AppContext.BaseDirectory, "geo", "us"));
        return new GeocoderChain(new GeocoderChainSettings(), [gazetteer, centroids], store: null, jurisdictions: null);
    }
}
