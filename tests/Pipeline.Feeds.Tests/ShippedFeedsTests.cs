using System.Globalization;
using System.Text.Json;
using Pipeline.Feeds.Definitions;
using static Pipeline.Feeds.Tests.FeedTestSupport;

namespace Pipeline.Feeds.Tests;

/// <summary>
/// The definitions shipped in infra/feeds load, and each sample in infra/feeds/samples reads to
/// exactly what its checked-in <c>&lt;id&gt;.expected.json</c> says. Changing a definition or a
/// sample's outcome means updating the expected file deliberately.
/// </summary>
public sealed class ShippedFeedsTests
{
    private const string ExpectedSuffix = ".expected.json";

    private static readonly JsonSerializerOptions Camel = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static TheoryData<string> DefinitionFiles => new(Directory.EnumerateFiles(FeedsFolder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

    public static TheoryData<string> SampleIds => new(ExpectedFiles().Select(f => Path.GetFileName(f)[..^ExpectedSuffix.Length]));

    [Fact]
    public void EveryShippedDefinitionLoadsFromTheFolder()
    {
        var definitions = FeedDefinitionLoader.LoadFolder(FeedsFolder);

        Assert.Equal(["demo-cad", "demo-sar", "eido-cad", "niem-sar", "nola-cad"], definitions.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void ShippedDefinitionLoadsAndIsNamedAfterItsFile(string file)
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(FeedsFolder, file));

        Assert.Equal(Path.GetFileNameWithoutExtension(file), definition.Id);
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
        Assert.Matches("^[0-9a-f]{12}$", definition.Version);
    }

    [Fact]
    public void EveryShippedDefinitionHasASampleWithItsExpectedOutcome()
    {
        var definitions = Directory.EnumerateFiles(FeedsFolder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);
        var expected = ExpectedFiles().Select(f => Path.GetFileName(f)[..^ExpectedSuffix.Length]).Order(StringComparer.Ordinal);

        Assert.Equal(definitions, expected);
        Assert.All(expected, id => Assert.Single(SampleFiles(id)));
    }

    [Theory]
    [MemberData(nameof(SampleIds))]
    public void SampleReadsToExactlyItsExpectedRecords(string id)
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(FeedsFolder, id + ".yaml"));
        var sample = File.ReadAllBytes(Assert.Single(SampleFiles(id)));
        var expected = JsonSerializer.Deserialize<ExpectedOutcome>(File.ReadAllText(Path.Combine(SamplesFolder, id + ExpectedSuffix)), Camel)!;

        var records = definition.Read(sample, Context());

        Assert.Equal(
            expected.Accepted.Select(a => a.Record).Concat(expected.Rejected.Select(r => r.Record)).Order(),
            records.Select(r => r.Index));
        var accepted = records.Where(r => r.Result.Report is not null).ToList();
        Assert.Equal(expected.Accepted.Select(a => a.Record), accepted.Select(r => r.Index));
        foreach (var (want, got) in expected.Accepted.Zip(accepted))
        {
            var report = got.Result.Report!;
            var at = $"{id} record {want.Record}";
            Assert.True(want.Key == report.IdempotencyKey, $"{at}: key {report.IdempotencyKey}");
            Assert.True(DateTimeOffset.Parse(want.OccurredAt, CultureInfo.InvariantCulture) == report.OccurredAt, $"{at}: occurredAt {report.OccurredAt:O}");
            Assert.True(want.CallType == report.CadCallType, $"{at}: call type {report.CadCallType}");
            Assert.True(want.Priority == report.CadPriority, $"{at}: priority {report.CadPriority}");
            AssertCoordinate(want.Latitude, report.Location.Latitude, $"{at}: latitude");
            AssertCoordinate(want.Longitude, report.Location.Longitude, $"{at}: longitude");
            Assert.True(want.Address == report.Location.RawAddress, $"{at}: address {report.Location.RawAddress}");
            Assert.True(want.Narrative == report.Narrative, $"{at}: narrative {report.Narrative}");
            Assert.True(want.Subjects == report.Privacy.Subjects.Count, $"{at}: {report.Privacy.Subjects.Count} subjects");
            Assert.True(want.Vehicles == report.Privacy.Vehicles.Count, $"{at}: {report.Privacy.Vehicles.Count} vehicles");
            Assert.Equal(definition.Id, report.FeedId);
            Assert.Equal(definition.Kind, report.Kind);
            Assert.Equal(want.Record, report.Origin.Record);
        }
        var rejected = records.Where(r => r.Result.Report is null).ToList();
        Assert.Equal(
            expected.Rejected.Select(r => (r.Record, r.Field, (string?)r.Reason)),
            rejected.Select(r => (r.Index, r.Result.Rejection?.Field, r.Result.Rejection?.Reason)));
    }

    private static void AssertCoordinate(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected == actual, $"{what} {actual}");
            return;
        }
        Assert.True(Math.Round(expected.Value, 6) == Math.Round(actual.Value, 6), $"{what} {actual.Value.ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static IEnumerable<string> ExpectedFiles() => Directory.EnumerateFiles(SamplesFolder, "*" + ExpectedSuffix).Order(StringComparer.Ordinal);

    private static List<string> SampleFiles(string id) =>
        [.. Directory.EnumerateFiles(SamplesFolder, id + ".*").Where(f => !f.EndsWith(ExpectedSuffix, StringComparison.Ordinal))];

    private sealed record ExpectedOutcome(IReadOnlyList<ExpectedReport> Accepted, IReadOnlyList<ExpectedRejection> Rejected);

    private sealed record ExpectedReport(
        int Record,
        string Key,
        string OccurredAt,
        string? CallType,
        int? Priority,
        double? Latitude,
        double? Longitude,
        string? Address,
        string Narrative,
        int Subjects,
        int Vehicles);

    private sealed record ExpectedRejection(int Record, string? Field, string Reason);
}
