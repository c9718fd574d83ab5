using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Cli.Demo;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class LogPrivacyTests
{
    private const int Records = 600;
    private const int Seed = 7;

    [Fact]
    public async Task ADemoRunLogsNoReportContentAddressesProtectedAttributesOrSecrets()
    {
        var directory = Directory.CreateTempSubdirectory("pipeline-logprivacy-");
        try
        {
            var (exitCode, output) = await RunDemoWithDebugLogsAsync(Path.Combine(directory.FullName, "demo.db"));

            Assert.True(exitCode == 0, output);
            // The capture really holds the worker's logs, at Information and at Debug.
            Assert.Contains("Scoring with model", output, StringComparison.Ordinal);
            Assert.Contains("Geocoder ready:", output, StringComparison.Ordinal);
            Assert.Contains("Stored batch of", output, StringComparison.Ordinal);
            Assert.Contains("Demo summary", output, StringComparison.Ordinal);

            var forbidden = LogPrivacyScanner.SensitiveTextOf(DemoStreamGenerator.Generate(Records, Seed, DateTimeOffset.UtcNow, DemoArea.AddressesByStyle()));
            Assert.True(forbidden.Count > 100, $"expected the demo records' narratives, subjects and addresses, got {forbidden.Count} phrases");
            var leaks = LogPrivacyScanner.Find(output, forbidden);
            Assert.True(leaks.Count == 0, "sensitive text in the demo's log output:" + Environment.NewLine + string.Join(Environment.NewLine, leaks.Take(20)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheScannerReportsANarrativeAddressProtectedAttributeAndPasswordInLogText()
    {
        string[] forbidden = ["photographed the security checkpoint and badge readers", "1234 SHATTUCK AVE"];
        const string logs = """
            info: Pipeline.Worker.ModelService[2009]
                  Scoring with model isesar-lr-1
            warn: Pipeline.Worker.Leaky[9999]
                  Report text: Subject photographed the security checkpoint and badge readers at the substation
            dbug: Pipeline.Worker.Leaky[9998]
                  Geocoding 1234 Shattuck Ave, Berkeley
            dbug: Pipeline.Worker.Leaky[9997]
                  attributes {"race":"B","sex":"M"}
            info: Pipeline.Storage.PipelineStore[3000]
                  Store uses SqlServer at Server=db;User Id=pipeline;Password=hunter2
            """;

        var leaks = LogPrivacyScanner.Find(logs, forbidden);

        Assert.Equal([4, 6, 8, 10], leaks.Select(l => l.Line));
        Assert.Contains(leaks, l => l.What.Contains("photographed", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.What.Contains("protected attribute", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.What.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void TheScannerPassesCountsTopicsAndReasons()
    {
        string[] forbidden = ["photographed the security checkpoint and badge readers", "1234 SHATTUCK AVE"];
        const string logs = """
            dbug: Pipeline.Storage.PipelineStore[3020]
                  Stored batch of 491 writes in 58.7 ms: 467 new, 24 duplicates, 0 redeliveries, 170 new alerts
            info: Pipeline.Worker.GeocodingService[2006]
                  Geocoder ready: gazetteer > centroids; gazetteer 22435 address points and 699 street segments; 17 jurisdictions
            │ field 'latitude' is outside -N..N │ 2 │
            │ race-neutral scoring │
            """;

        Assert.Empty(LogPrivacyScanner.Find(logs, forbidden));
    }

    [Fact]
    public void TheSensitiveTextOfTheDemoRecordsIncludesNarrativesSubjectsAndHouseNumbers()
    {
        var forbidden = LogPrivacyScanner.SensitiveTextOf(DemoStreamGenerator.Generate(Records, Seed, DateTimeOffset.UtcNow, DemoArea.AddressesByStyle()));

        Assert.Contains(forbidden, p => p.Contains("near the", StringComparison.Ordinal) && p.Length > 40);
        Assert.Contains(forbidden, p => Regex.IsMatch(p, @"^[WHBA]/[MF] \d0S, ", RegexOptions.None, TimeSpan.FromSeconds(1)));
        Assert.Contains(forbidden, p => Regex.IsMatch(p, @"^\d+ [A-Z ]+$", RegexOptions.None, TimeSpan.FromSeconds(1)));
    }

    // The demo pins its own default level to Warning; a category level from the environment is
    // more specific, so PIPELINE_Logging__LogLevel__Pipeline=Debug raises every Pipeline.* logger
    // except the two the demo pins to Error by name (KafkaConsumerLoop, DeadLetterPublisher).
    private static async Task<(int ExitCode, string Output)> RunDemoWithDebugLogsAsync(string database)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Pipeline.Cli.dll"), "demo", "--records", $"{Records}", "--seed", $"{Seed}", "--database", database })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["COLUMNS"] = "240";
        start.Environment["PIPELINE_Logging__LogLevel__Pipeline"] = "Debug";
        start.Environment["Logging__LogLevel__Pipeline"] = "Debug";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}

/// <summary>A sensitive phrase found in log text, by line.</summary>
internal sealed record LogLeak(int Line, string What)
{
    public override string ToString() => $"line {Line}: {What}";
}

/// <summary>Finds report content, addresses, protected attributes and secrets in captured log output.</summary>
internal static partial class LogPrivacyScanner
{
    /// <summary>
    /// The text of the demo's valid records that must never reach a log: narratives, CAD notes,
    /// subject descriptions, vehicles (plates), and addresses (whole, and house number plus street).
    /// Malformed records are left out: their dead-letter reasons are the demo's summary.
    /// </summary>
    public static IReadOnlyCollection<string> SensitiveTextOf(IEnumerable<DemoRecord> records)
    {
        var phrases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records.Where(r => r.Expectation == DemoExpectation.Valid))
        {
            using var json = JsonDocument.Parse(record.Payload);
            Collect(json.RootElement, null, phrases);
        }
        // Short values ("W", "M", an empty note) are not distinctive; they are checked in context.
        phrases.RemoveWhere(p => p.Length < 8);
        return phrases;
    }

    /// <summary>Every line of <paramref name="output"/> holding a forbidden phrase (case-insensitive), a protected attribute with a value, or a secret.</summary>
    public static IReadOnlyList<LogLeak> Find(string output, IEnumerable<string> forbidden)
    {
        var phrases = forbidden.ToList();
        var leaks = new List<LogLeak>();
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (var phrase in phrases.Where(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                leaks.Add(new LogLeak(i + 1, $"record text \"{phrase}\""));
            }
            if (ProtectedAttribute().Match(line) is { Success: true } attribute)
            {
                leaks.Add(new LogLeak(i + 1, $"protected attribute \"{attribute.Value}\""));
            }
            if (Secret().Match(line) is { Success: true } secret)
            {
                leaks.Add(new LogLeak(i + 1, $"secret \"{secret.Groups["key"].Value}=...\""));
            }
        }
        return leaks;
    }

    private static void Collect(JsonElement element, string? name, HashSet<string> phrases)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, property.Name, phrases);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, name, phrases);
                }
                break;
            case JsonValueKind.String when name is "narrative" or "notes" or "subjects" or "vehicles":
                phrases.Add(element.GetString()!);
                break;
            case JsonValueKind.String when name is "address" or "block_address":
                var address = element.GetString()!;
                phrases.Add(address);
                // House number and street, as a log line might quote it without city and state.
                var street = address.Split(',')[0].Trim();
                if (street.Length > 0 && char.IsDigit(street[0]))
                {
                    phrases.Add(street);
                }
                break;
        }
    }

    // A protected attribute's name followed by a value: race: B, "sex":"M", ethnicity=H.
    [GeneratedRegex(@"\b(race|sex|ethnicity|gender|religion|national_origin|nationalOrigin)""?\s*[:=]\s*""?[A-Za-z]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ProtectedAttribute();

    // Connection-string and client secrets: Password=, Pwd=, sasl.password=, ApiKey=.
    [GeneratedRegex(@"\b(?<key>password|pwd|sasl\.password|ssl\.key\.password|api[_-]?key|secret)\s*[=:]\s*[^\s;""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Secret();
}
