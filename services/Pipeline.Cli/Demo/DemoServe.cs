using System.Globalization;
using Pipeline.Cli.Desk;

namespace Pipeline.Cli.Demo;

/// <summary><c>pipeline demo --serve</c>: after the demo's summary, the watch desk on the demo's store until Ctrl+C.</summary>
internal static class DemoServe
{
    public static async Task RunAsync(string databasePath, int port, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Starting the watch desk on the demo's store ({Path.GetFullPath(databasePath)})...");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:ConnectionString"] = $"Data Source={databasePath}",
            ["WatchDesk:Port"] = port.ToString(CultureInfo.InvariantCulture),
        };
        // The desk prints the first administrator's one-time password (the demo's store is new every run).
        await DeskCommands.ServeAsync(settings, output, cancellationToken);
    }
}
