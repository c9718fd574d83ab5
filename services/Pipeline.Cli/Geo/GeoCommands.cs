using System.CommandLine;
using System.Globalization;
using Pipeline.Geo.Gazetteer;
using Pipeline.Storage;

namespace Pipeline.Cli.Geo;

/// <summary><c>pipeline geo import | evaluate</c>: the local gazetteer from a fusion center's own files, and how well the chain does.</summary>
internal static class GeoCommands
{
    public static Command Build()
    {
        var command = new Command("geo", "Geocoding: import the local gazetteer from address-point and street-segment files; measure the geocoder on a labelled set.");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(GeoEvaluateCommand.Build());
        return command;
    }

    private static Command Import()
    {
        var kind = new Argument<string>("kind") { Description = $"{PipelineStore.AddressPointsKind} (number,street,unit,city,state,zip,lat,lon) or {PipelineStore.StreetSegmentsKind} (street,left_from,left_to,right_from,right_to,city,state,zip,geometry as WKT)." };
        kind.AcceptOnlyFromAmong(PipelineStore.AddressPointsKind, PipelineStore.StreetSegmentsKind);
        var file = new Argument<string>("file") { Description = "A CSV export with a header row (UTF-8)." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("import", "Replace the gazetteer's address points or street segments with a file's rows; running workers pick it up within a minute.")
        {
            kind, file, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"no such file: {path}");
                return 1;
            }
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken, createSqlite: true);
            if (store is null)
            {
                return 1;
            }
            GazetteerImportResult result;
            IReadOnlyList<GazetteerRowError> errors;
            if (parse.GetValue(kind) == PipelineStore.AddressPointsKind)
            {
                var read = AddressPointReader.ReadFile(path);
                errors = read.Errors;
                result = await Replace(read.Records.Count, errors, () => store.ReplaceAddressPointsAsync(read.Records, path, errors.Count, cancellationToken));
            }
            else
            {
                var read = StreetSegmentReader.ReadFile(path);
                errors = read.Errors;
                result = await Replace(read.Records.Count, errors, () => store.ReplaceStreetSegmentsAsync(read.Records, path, errors.Count, cancellationToken));
            }
            foreach (var error in errors.Take(20))
            {
                Console.Error.WriteLine($"{Path.GetFileName(path)}:{error.Line}: {error.Reason}");
            }
            if (errors.Count > 20)
            {
                Console.Error.WriteLine($"... and {errors.Count - 20:N0} more skipped row(s)");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Kind}: {result.Imported:N0} row(s) imported, {result.Skipped:N0} skipped; {result.CacheEntriesDropped:N0} cached answer(s) of local providers dropped"));
            return result.Imported == 0 ? 1 : 0;
        });
        return command;
    }

    // An import that read nothing keeps the current gazetteer: replacing it with nothing would be an outage.
    private static async Task<GazetteerImportResult> Replace(int rows, IReadOnlyList<GazetteerRowError> errors, Func<Task<GazetteerImportResult>> replace) =>
        rows == 0 ? new GazetteerImportResult("nothing", 0, errors.Count, 0) : await replace();
}
