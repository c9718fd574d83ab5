using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Pipeline.Fairness;

namespace Pipeline.Benchmarks;

/// <summary>
/// The fairness audit of issue 7 on a generated 100,000-row scored CSV (score, label, race, sex,
/// religion; skewed group sizes; one group flagged more often at the same true outcome): the whole
/// <c>pipeline audit csv</c> path (read, audit with 1,000 bootstrap samples, report.json, the CSV
/// tables and report.html), and the audit alone with and without the bootstrap.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class FairnessAuditBenchmarks
{
    /// <summary>Rows in the generated file.</summary>
    public const int Rows = 100_000;

    private static readonly string[] GroupColumns = ["race", "sex", "religion"];

    private readonly FairnessOptions _options = new() { BootstrapSamples = 1000 };
    private readonly FairnessOptions _noBootstrap = new() { BootstrapSamples = 0 };
    private string _folder = string.Empty;
    private string _csv = string.Empty;
    private IReadOnlyList<AuditRow> _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pipeline-fairness-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _csv = Path.Combine(_folder, "scored.csv");
        WriteCsv(_csv, Rows, seed: 7);
        _rows = Read().Rows;
        var result = FairnessAudit.Compute(_rows, _options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// FairnessAuditBenchmarks: {new FileInfo(_csv).Length / 1e6:0.0} MB, {_rows.Count:N0} rows, {result.Groups.Count} groups, {result.Disparities.Count} disparities"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>What <c>pipeline audit csv</c> does: read, audit, write report.json, the CSV tables and report.html.</summary>
    [Benchmark(Baseline = true, Description = "audit csv: read + Compute (1,000 samples) + JSON, CSV tables, HTML")]
    public long AuditCsv()
    {
        var read = Read();
        var result = FairnessAudit.Compute(read.Rows, _options);
        var context = new AuditReportContext("benchmark", "generated scored CSV", DateTimeOffset.UnixEpoch, _options);
        var output = Path.Combine(_folder, "out");
        Directory.CreateDirectory(output);
        using (var json = File.Create(Path.Combine(output, "report.json")))
        {
            AuditReportWriter.WriteJson(result, context, json);
        }

        AuditReportWriter.WriteCsvTables(result, output);
        using (var html = new StreamWriter(Path.Combine(output, "report.html"), append: false, new UTF8Encoding(false)))
        {
            AuditHtmlReport.Write(result, context, html);
        }

        return new FileInfo(Path.Combine(output, "report.html")).Length + result.Disparities.Count;
    }

    /// <summary>The audit alone on rows already read, with 1,000 bootstrap samples.</summary>
    [Benchmark(Description = "FairnessAudit.Compute, 1,000 bootstrap samples")]
    public int Compute() => FairnessAudit.Compute(_rows, _options).Disparities.Count;

    /// <summary>The audit alone without intervals: the difference to <see cref="Compute"/> is the bootstrap.</summary>
    [Benchmark(Description = "FairnessAudit.Compute, no bootstrap")]
    public int ComputeWithoutBootstrap() => FairnessAudit.Compute(_rows, _noBootstrap).Disparities.Count;

    private AuditCsvResult Read()
    {
        using var reader = new StreamReader(_csv, Encoding.UTF8);
        return AuditCsvReader.Read(reader, new AuditCsvColumns("score", "label", GroupColumns));
    }

    /// <summary>
    /// Writes a scored CSV: race W 60 %, B 25 %, H 10 %, A 4 %, N 1 %; sex M 52 %, F 48 %;
    /// religion Christian 64 %, None 25 %, Muslim 5 %, Jewish 3 %, Other 2 %, empty (unknown) on 1 %
    /// of rows. Base rate 25 %; race B's scores are shifted up at the same label, so B is flagged
    /// more often. One row in twenty has no label.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">Data rows.</param>
    /// <param name="seed">Seed of the generator.</param>
    public static void WriteCsv(string path, int rows, int seed)
    {
        // Seeded on purpose: every run reads the same bytes.
#pragma warning disable CA5394
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.NewLine = "\n";
        writer.WriteLine("id,score,label,race,sex,religion");
        for (var i = 0; i < rows; i++)
        {
            var race = Pick(random.NextDouble(), ("W", 0.60), ("B", 0.25), ("H", 0.10), ("A", 0.04), ("N", 0.01));
            var sex = random.NextDouble() < 0.52 ? "M" : "F";
            var religion = Pick(random.NextDouble(), ("Christian", 0.64), ("None", 0.25), ("Muslim", 0.05), ("Jewish", 0.03), ("Other", 0.02), (string.Empty, 0.01));
            var positive = random.NextDouble() < 0.25;
            // Box-Muller normal noise around a label-dependent mean; B gets a bias of +0.8.
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var logit = (positive ? 0.6 : -2.0) + (race == "B" ? 0.8 : 0) + noise;
            var score = 1 / (1 + Math.Exp(-logit));
            var label = random.NextDouble() < 0.05 ? string.Empty : positive ? "1" : "0";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{score:0.0000},{label},{race},{sex},{religion}"));
        }
#pragma warning restore CA5394
    }

    private static string Pick(double u, params (string Value, double Share)[] shares)
    {
        foreach (var (value, share) in shares)
        {
            if (u < share)
            {
                return value;
            }

            u -= share;
        }

        return shares[^1].Value;
    }
}
