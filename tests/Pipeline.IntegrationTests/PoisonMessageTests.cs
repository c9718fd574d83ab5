using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Kafka;
using Pipeline.Scoring;
using Pipeline.Storage;
using Pipeline.Worker;

namespace Pipeline.IntegrationTests;

/// <summary>
/// One record that makes a stage throw, among good ones: the stage's service is a test double
/// that throws for that record's source id only; the broker and the store are real.
/// </summary>
[Collection(KafkaTests.Name)]
public sealed class PoisonMessageTests(KafkaClusterFixture kafka)
{
    private const int Records = 50;
    private const string PoisonId = "SAR-POISON";

    [Fact]
    public async Task AReportThatMakesScoringThrowIsDeadLetteredWithTheStageWhileTheOtherFortyNineAreStoredOnce()
    {
        await using var context = new PipelineTestContext(kafka);
        var host = await context.StartWorkerAsync(services =>
            services.AddSingleton<IReportScorer>(sp => new PoisonScorer(sp.GetRequiredService<PromotedModelScorer>(), PoisonId)));

        await context.PublishAsync(RawRecords.SarFeed, Batch(i => null));

        await AssertThePoisonDeadLetteredAndEveryOtherRecordStoredOnceAsync(context, host, Rejection.ProcessStage, "scoring failed: InvalidOperationException", context.Topics.NormalizedReports);
    }

    [Fact]
    public async Task AnAddressThatMakesTheGeocoderThrowIsStoredUnplacedWhileTheOtherFortyNineArePlaced()
    {
        await using var context = new PipelineTestContext(kafka);
        var pelias = new PoisonPelias("POISONLANE");
        var host = await context.StartWorkerAsync(
            services => services.AddHttpClient("pelias").ConfigurePrimaryHttpMessageHandler(() => pelias),
            new Dictionary<string, string?>
            {
                ["Geocoding:Providers:0"] = "pelias",
                ["Geocoding:Pelias:BaseUrl"] = "http://pelias.test",
                ["Geocoding:Pelias:RequestsPerSecond"] = "0",
            });

        await context.PublishAsync(RawRecords.SarFeed, Batch(i => i == Poison ? "13 POISONLANE ST, BERKELEY, CA 94704" : $"{100 + i} ELM ST, BERKELEY, CA 94704"));

        // The chain skips a provider that throws (GeocoderChain.AskProvidersAsync): the report is
        // stored with precision None, never dead-lettered and never dropped.
        await WaitForReportsAsync(context, Records);
        Assert.Equal(1, pelias.Thrown);
        Assert.Empty(await context.ReadDeadLettersAsync(1, TimeSpan.FromSeconds(2)));
        var reports = await context.Store.GetReportsAsync(TestContext.Current.CancellationToken);
        var poison = Assert.Single(reports, r => r.SourceRecordId == PoisonId);
        Assert.Equal((LocationPrecision.None, null, null), (poison.LocationPrecision, poison.Latitude, poison.GeoProvider));
        Assert.All(reports.Where(r => r.SourceRecordId != PoisonId), r => Assert.Equal(("pelias", 37.87), (r.GeoProvider, r.Latitude)));
        await AssertEveryOtherRecordStoredOnceAndTheLoopStillRunsAsync(context, host, expectedStored: Records);
    }

    [Fact]
    public async Task AReportThatMakesLinkingThrowIsDeadLetteredWithTheStageWhileTheOtherFortyNineAreStoredOnce()
    {
        await using var context = new PipelineTestContext(kafka);
        var host = await context.StartWorkerAsync(services =>
            services.AddSingleton<IReportLinkerFactory>(sp => new PoisonLinkers(ActivatorUtilities.CreateInstance<StoreReportLinkerFactory>(sp), PoisonId)));

        await context.PublishAsync(RawRecords.SarFeed, Batch(i => null));

        await AssertThePoisonDeadLetteredAndEveryOtherRecordStoredOnceAsync(context, host, Rejection.ProcessStage, "linking failed: InvalidOperationException", context.Topics.NormalizedReports);
    }

    [Fact]
    public async Task AReportThatMakesTheGeocoderChainItselfThrowIsDeadLetteredWhileTheOtherFortyNineArePlaced()
    {
        await using var context = new PipelineTestContext(kafka);
        var host = await context.StartWorkerAsync(services =>
            services.AddSingleton<IReportPlacer>(sp => new PoisonPlacer(sp.GetRequiredService<GeocodingService>(), "POISONLANE")));

        await context.PublishAsync(RawRecords.SarFeed, Batch(i => i == Poison ? "13 POISONLANE ST, BERKELEY, CA 94704" : $"{100 + i} ELM ST, BERKELEY, CA 94704"));

        await AssertThePoisonDeadLetteredAndEveryOtherRecordStoredOnceAsync(context, host, Rejection.IngestStage, "geocoding failed: InvalidOperationException", context.Topics.FeedRaw(RawRecords.SarFeed));
    }

    [Fact]
    public async Task AReportTheDatabaseRefusesIsDeadLetteredWithTheErrorCodeWhileTheOtherFortyNineAreStoredOnce()
    {
        await using var context = new PipelineTestContext(kafka);
        var host = await context.StartWorkerAsync();
        // The database itself refuses one report (as a constraint or a value it cannot hold would):
        // SQLITE_CONSTRAINT from a trigger, on every attempt.
        await using (var connection = new SqliteConnection($"Data Source={context.DatabasePath}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TRIGGER test_refuse_poison BEFORE INSERT ON reports WHEN NEW.source_record_id = '{PoisonId}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await context.PublishAsync(RawRecords.SarFeed, Batch(i => null));

        await AssertThePoisonDeadLetteredAndEveryOtherRecordStoredOnceAsync(context, host, Rejection.ProcessStage, "the store refused the report: SQLite error 19", context.Topics.NormalizedReports);
    }

    private const int Poison = 25;

    private static IEnumerable<byte[]> Batch(Func<int, string?> address)
    {
        var occurred = new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, Records).Select(i => RawRecords.Sar(
            i == Poison ? PoisonId : Id(i),
            string.Create(CultureInfo.InvariantCulture, $"Report {i}: a person photographed the gate of site {i} and left in a car."),
            occurred.AddMinutes(i),
            address: address(i)));
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"SAR-{i:D3}");

    private static async Task WaitForReportsAsync(PipelineTestContext context, long expected) =>
        await Eventually.Until(async () => (await context.Store.GetCountsAsync(TestContext.Current.CancellationToken)).Reports >= expected, TimeSpan.FromSeconds(60), $"{expected} reports in the store");

    private static async Task AssertThePoisonDeadLetteredAndEveryOtherRecordStoredOnceAsync(PipelineTestContext context, WebApplication host, string stage, string reason, string originalTopic)
    {
        await WaitForReportsAsync(context, Records - 1);
        var deadLetter = Assert.Single(await context.ReadDeadLettersAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal((stage, reason, RawRecords.SarFeed), (deadLetter.Stage, deadLetter.Reason, deadLetter.FeedId));
        Assert.Equal(originalTopic, deadLetter.OriginalTopic);
        Assert.Contains(PoisonId, Encoding.UTF8.GetString(deadLetter.Payload), StringComparison.Ordinal);
        await AssertEveryOtherRecordStoredOnceAndTheLoopStillRunsAsync(context, host);
    }

    private static async Task AssertEveryOtherRecordStoredOnceAndTheLoopStillRunsAsync(PipelineTestContext context, WebApplication host, int expectedStored = Records - 1)
    {
        var ct = TestContext.Current.CancellationToken;
        // The loop moved past the poison: a record published after it is stored too.
        await context.PublishAsync(RawRecords.SarFeed, [RawRecords.Sar("SAR-AFTER", "A person photographed the gate again.", new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero))]);
        await WaitForReportsAsync(context, expectedStored + 1);

        var reports = await context.Store.GetReportsAsync(ct);
        var expected = Enumerable.Range(0, Records).Where(i => i != Poison || expectedStored == Records).Select(i => "demo-sar:" + (i == Poison ? PoisonId : Id(i))).Append("demo-sar:SAR-AFTER");
        Assert.Equal(expected.Order(StringComparer.Ordinal), reports.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
        var counts = await context.Store.GetCountsAsync(ct);
        Assert.Equal((expectedStored + 1L, expectedStored + 1L), (counts.Reports, counts.Receipts));

        var heartbeats = host.Services.GetRequiredService<ConsumerHeartbeats>();
        Assert.All(heartbeats.All, b => Assert.Equal(ConsumerState.Running, b.State));
        var health = await WorkerHealth.CheckAsync(heartbeats, context.Store, host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value, ct);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    private sealed class PoisonScorer(IReportScorer inner, string poisonSourceId) : IReportScorer
    {
        public string ModelVersion => inner.ModelVersion;

        public ScoringResult Score(Report report) =>
            report.SourceRecordId == poisonSourceId ? throw new InvalidOperationException("the test scorer refuses this report") : inner.Score(report);

        public IReadOnlyList<ScoreEvidence> Explain(Report report, ScoringResult result, int perCategory = 8) => inner.Explain(report, result, perCategory);
    }

    /// <summary>The worker's linkers, except that linking one report throws (as a bug in the dedup stage would).</summary>
    private sealed class PoisonLinkers(IReportLinkerFactory inner, string poisonSourceId) : IReportLinkerFactory
    {
        public async Task<IReportLinker> LoadAsync(int partition, CancellationToken cancellationToken) =>
            new PoisonLinker(await inner.LoadAsync(partition, cancellationToken), poisonSourceId);
    }

    private sealed class PoisonLinker(IReportLinker inner, string poisonSourceId) : IReportLinker
    {
        public IncidentWrite Link(Report report) =>
            report.SourceRecordId == poisonSourceId ? throw new InvalidOperationException("the test linker refuses this report") : inner.Link(report);

        public void Evict() => inner.Evict();
    }

    /// <summary>The worker's geocoder, except that any batch holding one street throws (as a bug outside every provider would).</summary>
    private sealed class PoisonPlacer(IReportPlacer inner, string poisonStreet) : IReportPlacer
    {
        public Task<IReadOnlyList<Pipeline.Geo.Geocoding.PlacedLocation>> PlaceAllAsync(IReadOnlyList<Pipeline.Geo.Geocoding.GeocodeRequest> requests, CancellationToken cancellationToken) =>
            requests.Any(r => r.RawAddress?.Contains(poisonStreet, StringComparison.Ordinal) == true)
                ? throw new InvalidOperationException("the test geocoder chain fails on this address")
                : inner.PlaceAllAsync(requests, cancellationToken);
    }

    /// <summary>A Pelias server that answers every address with one point, and throws for one street.</summary>
    private sealed class PoisonPelias(string poisonStreet) : HttpMessageHandler
    {
        private const string Answer = """
            {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-122.27,37.87]},"properties":{"layer":"address","match_type":"exact","accuracy":"point","confidence":0.9,"label":"test"}}]}
            """;

        private int _thrown;

        public int Thrown => Volatile.Read(ref _thrown);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Uri.UnescapeDataString(request.RequestUri!.Query).Contains(poisonStreet, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _thrown);
                throw new InvalidOperationException("the test geocoder refuses this address");
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") });
        }
    }
}
