using System.Diagnostics;

namespace Pipeline.IntegrationTests;

/// <summary>Runs the built <c>pipeline</c> command-line tool as a separate process, as an operator would.</summary>
internal static class Cli
{
    /// <summary>Exit code and everything written to standard output and error, in a wide terminal.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>How the built tool is started: <c>dotnet Pipeline.Cli.dll</c> with the arguments, output redirected, in a wide terminal.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Spectre.Console sizes tables to the terminal; a redirected run would wrap them at 80 columns.
        start.Environment["COLUMNS"] = "240";
        return start;
    }
}
