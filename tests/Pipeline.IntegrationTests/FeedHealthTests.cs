using Pipeline.Cli.DeadLetters;
using Pipeline.Contracts;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class FeedHealthTests(KafkaClusterFixture kafka)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static readonly Dictionary<string, string?> FastFlush = new() { ["FeedHealth:FlushInterval"] = "00:00:00.200" };

    [Fact]
    public async Task EachFeedsRecordsInAcceptedRejectedDuplicatesAndUnknownFieldsAreKeptPerMinuteInTheStore()
    {
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync(settings: FastFlush);
        var publishedAt = DateTimeOffset.UtcNow;

        // demo-sar: 5 good records (one with two fields its definition does not read), one resent
        // as it was (a duplicate), and 2 rejected (no id; not JSON).
        var sar = Enumerable.Range(1, 5).Select(i => RawRecords.Sar($"SAR-H{i}", "Person photographing the gate.", Now.AddHours(-1))).ToList();
        sar.Add(RawRecords.Text($$"""{"sarId":"SAR-H6","occurredAt":"{{Now.AddHours(-1):yyyy-MM-dd'T'HH:mm:sszzz}}","narrative":"drift","newField":1,"otherNewField":"x"}"""));
        sar.Add(sar[0]);
        sar.Add(RawRecords.Text("""{"narrative":"no id"}"""));
        sar.Add(RawRecords.Text("not json"));
        await context.PublishAsync(RawRecords.SarFeed, sar);
        // demo-cad: 3 good calls.
        await context.PublishAsync(RawRecords.CadFeed, Enumerable.Range(1, 3).Select(i => RawRecords.Cad($"CAD-H{i}", "SUSPICIOUS PERSON", "2026-11-21 10:00:00")));

        await Eventually.Until(async () =>
        {
            var rows = await context.Store.GetFeedHealthAsync(publishedAt.AddMinutes(-1), TestContext.Current.CancellationToken);
            return rows.Where(r => r.FeedId == RawRecords.SarFeed).Sum(r => r.RecordsIn) == 9
                && rows.Where(r => r.FeedId == RawRecords.SarFeed).Sum(r => r.Duplicates) == 1
                && rows.Where(r => r.FeedId == RawRecords.CadFeed).Sum(r => r.RecordsIn) == 3;
        }, TimeSpan.FromSeconds(60), "feed health in the store");

        var health = await context.Store.GetFeedHealthAsync(publishedAt.AddMinutes(-1), TestContext.Current.CancellationToken);
        var sarHealth = Sum(health, RawRecords.SarFeed);
        Assert.Equal((9L, 7L, 2L, 1L, 2L), (sarHealth.RecordsIn, sarHealth.Accepted, sarHealth.Rejected, sarHealth.Duplicates, sarHealth.UnknownFields));
        var cadHealth = Sum(health, RawRecords.CadFeed);
        Assert.Equal((3L, 3L, 0L, 0L), (cadHealth.RecordsIn, cadHealth.Accepted, cadHealth.Rejected, cadHealth.Duplicates));
        // The newest record's publication time, to the broker's millisecond.
        var last = health.Where(h => h.FeedId == RawRecords.SarFeed).Max(h => h.LastRecordAt);
        Assert.NotNull(last);
        Assert.InRange(last.Value, publishedAt.AddSeconds(-5), DateTimeOffset.UtcNow);
        // The Ingest loop caught up: the lag sampled after its batches is zero.
        await Eventually.Until(async () =>
        {
            var rows = await context.Store.GetFeedHealthAsync(publishedAt.AddMinutes(-1), TestContext.Current.CancellationToken);
            return rows.Where(r => r.FeedId == RawRecords.SarFeed && r.ConsumerLag is not null).OrderBy(r => r.Minute).LastOrDefault()?.ConsumerLag == 0;
        }, TimeSpan.FromSeconds(30), "a lag sample of zero");
        Assert.All(health, h => Assert.Equal(TimeSpan.Zero, h.Minute.Offset));
        Assert.All(health, h => Assert.Equal(0, h.Minute.Second));

        // The operator's view of the same rows.
        var (exitCode, output) = await Cli.RunAsync("feeds", "status", "--database", context.DatabasePath, "--minutes", "5");
        Assert.True(exitCode == 0, output);
        var sarLine = Assert.Single(output.Split('\n'), l => l.Contains(RawRecords.SarFeed, StringComparison.Ordinal));
        Assert.Equal(["9", "7", "2", "22.2", "1", "2"], sarLine.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..7]);
        Assert.Contains("ago", sarLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedsStatusRefusesAStoreThatDoesNotExistInsteadOfCreatingOne()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-store-{Guid.NewGuid():N}.db");

        var (exitCode, output) = await Cli.RunAsync("feeds", "status", "--database", missing);

        Assert.Equal(1, exitCode);
        Assert.Contains($"no store at {missing}", output, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task AReportTheProcessRoleRejectsIsDeadLetteredToItsOwnFeedsTopic()
    {
        await using var context = new PipelineTestContext(kafka);
        await context.StartWorkerAsync(settings: FastFlush);
        var oversized = new Report
        {
            IdempotencyKey = "demo-sar:SAR-BIG",
            FeedId = RawRecords.SarFeed,
            SourceRecordId = "SAR-BIG",
            Kind = ReportKind.Sar,
            OccurredAt = Now.AddHours(-1),
            ReceivedAt = Now,
            Narrative = new string('x', ReportLimits.Narrative + 1),
            Origin = new RecordOrigin(context.Topics.FeedRaw(RawRecords.SarFeed), 0, 0),
        };
        await context.Publisher.PublishAllAsync(
            [
                new OutgoingMessage(context.Topics.NormalizedReports, null, ContractSerializer.Serialize(oversized)),
                new OutgoingMessage(context.Topics.NormalizedReports, null, RawRecords.Text("{ not a report")),
            ],
            TestContext.Current.CancellationToken);

        var feedLetters = Read(context, context.Topics.FeedDeadLetter(RawRecords.SarFeed), 1);
        var letter = Assert.Single(feedLetters);
        Assert.Equal((Rejection.ProcessStage, RawRecords.SarFeed, context.Topics.NormalizedReports), (letter.Stage, letter.FeedId, letter.OriginalTopic));
        Assert.Contains("narrative", letter.Reason, StringComparison.Ordinal);
        // A message whose feed cannot be told stays on the normalized reports' own dead-letter topic.
        var unknown = Assert.Single(Read(context, context.Topics.NormalizedReportsDeadLetter, 1));
        Assert.Equal((Rejection.ProcessStage, "unknown"), (unknown.Stage, unknown.FeedId));
        await Eventually.Until(async () =>
            Sum(await context.Store.GetFeedHealthAsync(Now.AddMinutes(-2), TestContext.Current.CancellationToken), RawRecords.SarFeed).Rejected == 1,
            TimeSpan.FromSeconds(30), "the Process rejection counted in the feed's health");

        // A replay sends a Process rejection back to the topic it was rejected from, the
        // normalized reports (not the raw topic): still too long, it is dead-lettered again, from there.
        var replay = await DeadLetterReplayer.ReplayAsync(context.KafkaOptions, RawRecords.SarFeed, since: null, dryRun: false, TestContext.Current.CancellationToken);
        Assert.Equal((1, 1, 0), (replay.DeadLetters, replay.Messages, replay.Skipped.Count));
        var again = Read(context, context.Topics.FeedDeadLetter(RawRecords.SarFeed), 2);
        Assert.Equal(2, again.Count);
        Assert.All(again, l => Assert.Equal((Rejection.ProcessStage, context.Topics.NormalizedReports), (l.Stage, l.OriginalTopic)));
        Assert.NotEqual((again[0].OriginalPartition, again[0].OriginalOffset), (again[1].OriginalPartition, again[1].OriginalOffset));
    }

    private static Pipeline.Storage.FeedHealthMinute Sum(IReadOnlyList<Pipeline.Storage.FeedHealthMinute> rows, string feedId)
    {
        var mine = rows.Where(r => r.FeedId == feedId).ToList();
        return new(feedId, default, mine.Sum(r => r.RecordsIn), mine.Sum(r => r.Accepted), mine.Sum(r => r.Rejected), mine.Sum(r => r.Duplicates), mine.Sum(r => r.UnknownFields), null, null);
    }

    private static List<DeadLetterRecord> Read(PipelineTestContext context, string topic, int expected)
    {
        using var reader = new DeadLetterReader(context.KafkaOptions, context.KafkaOptions.BootstrapServers!, [topic]);
        var letters = new List<DeadLetterRecord>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (letters.Count < expected && DateTime.UtcNow < deadline)
        {
            letters.AddRange(reader.Poll(TimeSpan.FromMilliseconds(500)));
        }
        // A short extra read: more than expected is a failure too.
        letters.AddRange(reader.Poll(TimeSpan.FromMilliseconds(500)));
        return letters;
    }
}
