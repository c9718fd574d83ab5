using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The raw archive and report lineage (0013): archiving raw Kafka messages compressed and reading
/// them back exactly, the lineage chain the batch writer records for new reports, duplicates,
/// versions and redeliveries, the analyst actions merged after it, and retention's share of both.
/// Each concrete subclass runs these against its own engine, on a database of its own per test.
/// </summary>
public abstract class LineageStoreTests : StoreTestBase
{
    private const string Feed = "cad-metro";
    private const string OtherFeed = "cad-harbor";
    private const string DedupOutcome = "same key and content as the stored report: nothing stored";
    private const string VersionOutcome = "content changed: a new version of the stored report";

    private static readonly RetentionOptions Defaults = new();

    // ---------------------------------------------------------------- raw archive

    [Fact]
    public async Task ArchivingKeepsTheContentBrotliCompressedWithTheHashAndSizeOfTheRawBytes()
    {
        var store = await MigratedStoreAsync();
        var payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{{\"event\":\"E26-{i:D6}\",\"type\":\"SUSP\",\"narrative\":\"person photographing the substation fence\"}}\n"))));

        var archived = await store.ArchiveRawAsync([Raw(7, payload, Sample.Start)], Ct);

        Assert.Equal(1, archived);
        var (sha256, size, stored) = await ReadStoredRawAsync(7);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), sha256);
        Assert.Equal(RawRecordHash.Compute(payload), sha256);
        Assert.Matches("^[0-9a-f]{64}$", sha256);
        Assert.Equal(payload.Length, size);
        Assert.True(stored.Length < payload.Length / 4, $"compressed {stored.Length} bytes of {payload.Length}");
        // What the table holds is Brotli of the raw bytes, not the bytes themselves.
        Assert.Equal(payload, BrotliDecompress(stored));
    }

    [Fact]
    public async Task ArchivingTheSameMessageAgainReturnsZeroAndChangesNothing()
    {
        var store = await MigratedStoreAsync();
        var first = Raw(1, Encoding.UTF8.GetBytes("{\"id\":1}"), Sample.Start);
        var second = Raw(2, Encoding.UTF8.GetBytes("{\"id\":2}"), Sample.Start.AddSeconds(1), published: Sample.Start.AddMilliseconds(-250));
        Assert.Equal(0, await store.ArchiveRawAsync([], Ct));
        Assert.Equal(2, await store.ArchiveRawAsync([first, second], Ct));
        var before = await RawRowsAsync();

        // A batch read again after a crash; and the same topic/partition/offset with other bytes,
        // another feed and another time: the message first archived stays as it was.
        var impostorBytes = Encoding.UTF8.GetBytes("{\"id\":\"other\"}");
        var impostor = new RawRecordWrite(Sample.Topic, 1, 1, OtherFeed, null, Sample.Start.AddDays(1), RawRecordHash.Compute(impostorBytes), impostorBytes);
        Assert.Equal(0, await store.ArchiveRawAsync([first, second], Ct));
        Assert.Equal(0, await store.ArchiveRawAsync([impostor], Ct));

        Assert.Equal(before, await RawRowsAsync());
        Assert.Equal(2, before.Count);
        var back = await store.GetRawRecordsAsync(Feed, Sample.Start, Sample.Start.AddDays(2), Ct);
        Assert.Equal([first.Content.ToArray(), second.Content.ToArray()], back.Select(r => r.Content));
        Assert.Empty(await store.GetRawRecordsAsync(OtherFeed, Sample.Start, Sample.Start.AddDays(2), Ct));

        // The same message twice in one batch, beside a new one, counts once.
        var third = Raw(3, Encoding.UTF8.GetBytes("{\"id\":3}"), Sample.Start.AddSeconds(2));
        Assert.Equal(1, await store.ArchiveRawAsync([third, first, third], Ct));
        Assert.Equal(3, (await RawRowsAsync()).Count);
    }

    [Fact]
    public async Task RawRecordsReadBackAreTheExactBytesLargeBinaryAndInvalidUtf8Included()
    {
        var store = await MigratedStoreAsync();
        var random = new byte[2 * 1024 * 1024];
        new Random(20261120).NextBytes(random);
        var repetitive = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 2 * 1024 * 1024 / 16)));
        byte[] invalidUtf8 = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0x00, 0x00, 0xC0, 0xAF, 0x7B];
        byte[] everyByte = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. Enumerable.Range(0, 256).Select(b => (byte)(255 - b))];
        byte[] single = [0x00];
        byte[] empty = [];
        var published = Sample.Start.AddMilliseconds(-750);
        RawRecordWrite[] writes =
        [
            Raw(10, random, Sample.Start, published: published),
            Raw(11, repetitive, Sample.Start.AddSeconds(1)),
            Raw(12, invalidUtf8, Sample.Start.AddSeconds(2)),
            Raw(13, everyByte, Sample.Start.AddSeconds(3)),
            Raw(14, single, Sample.Start.AddSeconds(4)),
            Raw(15, empty, Sample.Start.AddSeconds(5)),
        ];

        Assert.Equal(writes.Length, await store.ArchiveRawAsync(writes, Ct));

        var back = await store.GetRawRecordsAsync(Feed, Sample.Start, Sample.Start.AddMinutes(1), Ct);
        Assert.Equal(writes.Length, back.Count);
        foreach (var (write, read) in writes.Zip(back))
        {
            Assert.Equal(new RecordOrigin(Sample.Topic, 1, write.Offset), read.Origin);
            Assert.Equal((Feed, write.PublishedAt, write.ReceivedAt, write.Sha256), (read.FeedId, read.PublishedAt, read.ReceivedAt, read.Sha256));
            Assert.Equal(write.Content.Length, read.Content.Length);
            Assert.True(write.Content.Span.SequenceEqual(read.Content), $"offset {write.Offset}: content differs");
            Assert.Equal(RawRecordHash.Compute(read.Content), read.Sha256);
        }
        Assert.Equal(published, back[0].PublishedAt);
        Assert.Null(back[1].PublishedAt);
        var (_, randomSize, randomStored) = await ReadStoredRawAsync(10);
        Assert.Equal(random.Length, randomSize);
        Assert.True(randomStored.Length > 0);
        var (_, repetitiveSize, repetitiveStored) = await ReadStoredRawAsync(11);
        Assert.Equal(repetitive.Length, repetitiveSize);
        Assert.True(repetitiveStored.Length < repetitive.Length / 100, $"compressed {repetitiveStored.Length} bytes of {repetitive.Length}");
    }

    [Fact]
    public async Task RawRecordsAreReadForOneFeedWithinTheHalfOpenWindowOldestReceivedFirst()
    {
        var store = await MigratedStoreAsync();
        var from = Sample.Start;
        var to = Sample.Start.AddMinutes(10);
        RawRecordWrite[] writes =
        [
            Raw(1, [1], from.AddMilliseconds(-1)),                // just before the window
            Raw(2, [2], from),                                    // its first instant
            Raw(3, [3], from.AddMinutes(5)),
            Raw(4, [4], from.AddMinutes(2)),                      // archived later, received earlier
            Raw(5, [5], to.AddMilliseconds(-1)),                  // its last millisecond
            Raw(6, [6], to),                                      // the end is excluded
            Raw(7, [7], from.AddMinutes(2), partition: 0),        // same time as 4: topic, partition, offset decide
            Raw(8, [8], from.AddMinutes(1), feed: OtherFeed, topic: "feeds.cad-harbor.raw"),
        ];
        await store.ArchiveRawAsync(writes, Ct);

        var window = await store.GetRawRecordsAsync(Feed, from, to, Ct);

        Assert.Equal([(1, 2L), (0, 7L), (1, 4L), (1, 3L), (1, 5L)], window.Select(r => (r.Origin.Partition, r.Origin.Offset)));
        Assert.All(window, r => Assert.Equal(Feed, r.FeedId));
        Assert.All(window, r => Assert.Equal([(byte)r.Origin.Offset], r.Content));
        Assert.Equal([8L], (await store.GetRawRecordsAsync(OtherFeed, from, to, Ct)).Select(r => r.Origin.Offset));
        Assert.Empty(await store.GetRawRecordsAsync("no-such-feed", from, to, Ct));
        Assert.Empty(await store.GetRawRecordsAsync(Feed, to.AddMilliseconds(1), to.AddMinutes(1), Ct));
        Assert.Empty(await store.GetRawRecordsAsync(Feed, from, from, Ct));
    }

    // ---------------------------------------------------------------- lineage of the write path

    [Fact]
    public async Task ANewReportsLineageIsItsEventsInWrittenOrderFoundByReportKeyAndByAlertId()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.RecordOf(40, 3, 2);
        var origin = write.Report.Origin;
        var events = PipelineEvents(origin, Sample.Start.AddSeconds(2), write.Alert?.AlertId);
        var unalerted = Sample.Write(5);

        var result = await store.WriteBatchAsync([write with { Lineage = events }, unalerted], Ct);

        Assert.Equal((2, 1), (result.NewReports, result.NewAlerts));
        Assert.Equal("feeds.cad-metro.raw/1/40/3", LineagePass.Of(origin));
        var byKey = await store.GetLineageAsync(Sample.Key(2), Ct);
        Assert.NotNull(byKey);
        Assert.Equal((Sample.Key(2), Feed, 1, "alert:" + Sample.Key(2)), (byKey.ReportKey, byKey.FeedId, byKey.Version, byKey.AlertId));
        Assert.Equal(Expected("feeds.cad-metro.raw/1/40/3", events), Describe(byKey));

        var byAlert = await store.GetLineageAsync("alert:" + Sample.Key(2), Ct);
        Assert.NotNull(byAlert);
        Assert.Equal((byKey.ReportKey, byKey.FeedId, byKey.Version, byKey.AlertId), (byAlert.ReportKey, byAlert.FeedId, byAlert.Version, byAlert.AlertId));
        Assert.Equal(Describe(byKey), Describe(byAlert));

        // A report stored without events has a lineage, empty, and no alert.
        var bare = await store.GetLineageAsync(Sample.Key(5), Ct);
        Assert.NotNull(bare);
        Assert.Equal((Sample.Key(5), (string?)null), (bare.ReportKey, bare.AlertId));
        Assert.Empty(bare.Entries);

        Assert.Null(await store.GetLineageAsync("cad-metro:99999", Ct));
        Assert.Null(await store.GetLineageAsync("alert:cad-metro:99999", Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetLineageAsync("", Ct));
    }

    [Fact]
    public async Task ADuplicateFromAnotherRawRecordAddsAPassEndingInDeduplicatedAndChangedContentOneEndingInVersioned()
    {
        var store = await MigratedStoreAsync();
        var original = Sample.RecordOf(10, 0, 4);
        var originalEvents = PipelineEvents(original.Report.Origin, Sample.Start.AddSeconds(4), original.Alert?.AlertId);
        await store.WriteBatchAsync([original with { Lineage = originalEvents }], Ct);
        var firstStored = Time.Now;

        // The source sends the same report again, in another raw message: Process knows no more
        // than Ingest did, so only the ingest events come with it.
        Time.Advance(TimeSpan.FromMinutes(3));
        var duplicate = Sample.RecordOf(11, 0, 4);
        var duplicateEvents = IngestEvents(duplicate.Report.Origin, Sample.Start.AddMinutes(3));
        var dedup = await store.WriteBatchAsync([duplicate with { Lineage = duplicateEvents }], Ct);
        var duplicateStored = Time.Now;

        // Then with changed content, in a third.
        Time.Advance(TimeSpan.FromMinutes(4));
        var changed = Sample.RecordOf(12, 0, 4);
        changed = changed with
        {
            ContentHash = "sha256:changed4",
            Report = changed.Report with { Narrative = "Narrative 4, corrected: two people photographing the substation fence line." },
        };
        var changedEvents = IngestEvents(changed.Report.Origin, Sample.Start.AddMinutes(7));
        var versioned = await store.WriteBatchAsync([changed with { Lineage = changedEvents }], Ct);
        var changedStored = Time.Now;

        Assert.Equal((0, 1, 0), (dedup.NewReports, dedup.Duplicates, dedup.NewVersions));
        Assert.Equal((0, 0, 1), (versioned.NewReports, versioned.Duplicates, versioned.NewVersions));
        var lineage = await store.GetLineageAsync(Sample.Key(4), Ct);
        Assert.NotNull(lineage);
        Assert.Equal(2, lineage.Version);
        List<string> expected =
        [
            .. Expected("feeds.cad-metro.raw/1/10/0", originalEvents),
            .. Expected("feeds.cad-metro.raw/1/11/0", [.. duplicateEvents, Outcome(LineageStages.Deduplicated, duplicateStored, DedupOutcome)]),
            .. Expected("feeds.cad-metro.raw/1/12/0", [.. changedEvents, Outcome(LineageStages.Versioned, changedStored, VersionOutcome)]),
        ];
        Assert.Equal(expected, Describe(lineage));
        Assert.True(firstStored < duplicateStored && duplicateStored < changedStored);
        Assert.Equal(3, await CountAsync($"SELECT COUNT(*) FROM {Target.Qualify("lineage")}"));

        // Every one of them delivered again (a consumer restarted before committing its offsets):
        // redeliveries, which add no pass and change no event.
        Time.Advance(TimeSpan.FromMinutes(5));
        var again = await store.WriteBatchAsync(
            [original with { Lineage = originalEvents }, duplicate with { Lineage = duplicateEvents }, changed with { Lineage = changedEvents }], Ct);

        Assert.Equal((0, 0, 3, 0), (again.NewReports, again.Duplicates, again.Redeliveries, again.NewVersions));
        var afterRedelivery = await store.GetLineageAsync(Sample.Key(4), Ct);
        Assert.NotNull(afterRedelivery);
        Assert.Equal(expected, Describe(afterRedelivery));
        Assert.Equal(3, await CountAsync($"SELECT COUNT(*) FROM {Target.Qualify("lineage")}"));
    }

    [Fact]
    public async Task AnalystActionsFollowThePipelineEventsAsTheAnalystStageOfTheAlertsPass()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.RecordOf(20, 0, 6);
        var alertId = write.Alert!.AlertId;
        var events = PipelineEvents(write.Report.Origin, Sample.Start.AddSeconds(6), alertId);
        await store.WriteBatchAsync([write with { Lineage = events }], Ct);
        var claimed = Time.Now.AddMinutes(10);
        var askedForMore = claimed.AddMinutes(20);
        var resumed = askedForMore.AddHours(2);
        var vetted = resumed.AddMinutes(15);

        await store.ClaimAlertAsync(alertId, "ana", claimed, Ct);
        await store.DispositionAlertAsync(alertId, "ana", AlertDisposition.NeedsInformation, "NI-1", "need the camera footage", askedForMore, Ct);
        // A duplicate arrives while the analyst waits: its pass is a pipeline pass, before the actions.
        Time.Advance(TimeSpan.FromMinutes(45));
        var duplicate = Sample.RecordOf(21, 0, 6);
        var duplicateEvents = IngestEvents(duplicate.Report.Origin, Sample.Start.AddMinutes(45));
        await store.WriteBatchAsync([duplicate with { Lineage = duplicateEvents }], Ct);
        await store.ClaimAlertAsync(alertId, "ana", resumed, Ct);
        await store.DispositionAlertAsync(alertId, "ana", AlertDisposition.IseSar, "ISE-7", "matches the pattern of case 26-014", vetted, Ct);

        var lineage = await store.GetLineageAsync(alertId, Ct);

        Assert.NotNull(lineage);
        Assert.Equal((Sample.Key(6), alertId), (lineage.ReportKey, lineage.AlertId));
        var pass = "alert:" + alertId;
        List<string> expected =
        [
            .. Expected("feeds.cad-metro.raw/1/20/0", events),
            .. Expected("feeds.cad-metro.raw/1/21/0", [.. duplicateEvents, Outcome(LineageStages.Deduplicated, Time.Now, DedupOutcome)]),
            Line(claimed, LineageStages.Analyst, pass, ("action", "Claim"), ("by", "ana"), ("status", "New → InReview")),
            Line(askedForMore, LineageStages.Analyst, pass, ("action", "Disposition"), ("by", "ana"), ("status", "InReview → NeedsInformation"), ("disposition", "NeedsInformation")),
            Line(resumed, LineageStages.Analyst, pass, ("action", "Claim"), ("by", "ana"), ("status", "NeedsInformation → InReview")),
            Line(vetted, LineageStages.Analyst, pass, ("action", "Disposition"), ("by", "ana"), ("status", "InReview → Vetted"), ("disposition", "IseSar")),
        ];
        Assert.Equal(expected, Describe(lineage));
        // The actions' comments and disposition codes are the alert history's, not the lineage's.
        Assert.DoesNotContain(lineage.Entries, e => e.Detail.ContainsKey("comment") || e.Detail.Values.Any(v => v.Contains("case 26-014", StringComparison.Ordinal)));
        var byKey = await store.GetLineageAsync(Sample.Key(6), Ct);
        Assert.NotNull(byKey);
        Assert.Equal(expected, Describe(byKey));
    }

    // ---------------------------------------------------------------- retention

    [Fact]
    public async Task PurgingAReportDeletesItsLineageAndRawMessagesButKeepsOnesThatCarriedARetainedReport()
    {
        var store = await MigratedStoreAsync();
        var now = Sample.Start.AddDays(1827);
        var cutoff = now - Defaults.RetentionPeriod;
        // Report 1 from message 100, and again (a duplicate) from message 500; report 2 and report 3
        // from records 0 and 1 of message 200, report 3 received 400 days later (it is kept).
        var one = Sample.RecordOf(100, 0, 1);
        var oneAgain = Sample.RecordOf(500, 0, 1);
        var two = Sample.RecordOf(200, 0, 2);
        var three = Sample.RecordOf(200, 1, 3);
        three = three with { Report = three.Report with { ReceivedAt = three.Report.ReceivedAt.AddDays(400) } };
        await store.WriteBatchAsync(
            [
                one with { Lineage = PipelineEvents(one.Report.Origin, Sample.Start, null) },
                two with { Lineage = PipelineEvents(two.Report.Origin, Sample.Start, two.Alert?.AlertId) },
                three with { Lineage = PipelineEvents(three.Report.Origin, Sample.Start, null) },
            ],
            Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.WriteBatchAsync([oneAgain with { Lineage = IngestEvents(oneAgain.Report.Origin, Sample.Start.AddMinutes(1)) }], Ct);
        await store.ArchiveRawAsync(
            [
                Raw(100, [1, 0, 0], Sample.Start),
                Raw(200, [2, 0, 0], Sample.Start),
                Raw(500, [5, 0, 0], Sample.Start.AddMinutes(1)),
                Raw(300, [3, 0, 0], cutoff.AddMilliseconds(-1)), // every record rejected, older than the period
                Raw(400, [4, 0, 0], cutoff),                     // every record rejected, exactly one period old
            ],
            Ct);
        var threeBefore = Describe((await store.GetLineageAsync(Sample.Key(3), Ct))!);

        var result = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((2, 0, 1), (result.RetentionPeriod, result.NotIseSar, result.UnreportedRawRecordsDeleted));
        Assert.Null(await store.GetLineageAsync(Sample.Key(1), Ct));
        Assert.Null(await store.GetLineageAsync(Sample.Key(2), Ct));
        Assert.Null(await store.GetLineageAsync("alert:" + Sample.Key(2), Ct));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {Target.Qualify("lineage")} WHERE report_key IN ('{Sample.Key(1)}', '{Sample.Key(2)}')"));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM {Target.Qualify("lineage")}"));
        Assert.Equal(threeBefore, Describe((await store.GetLineageAsync(Sample.Key(3), Ct))!));
        Assert.Equal([200L, 400L], await RemainingRawOffsetsAsync(store));

        // A second run finds nothing more to delete.
        var again = await store.PurgeAsync(Defaults, now, dryRun: false, Ct);

        Assert.Equal((0, 0), (again.Total, again.UnreportedRawRecordsDeleted));
        Assert.Equal([200L, 400L], await RemainingRawOffsetsAsync(store));

        // When report 3 falls due, the message it shared with report 2 goes with it; and the
        // unreported message, one millisecond past its period, goes too.
        var later = await store.PurgeAsync(Defaults, three.Report.ReceivedAt.AddDays(1826).AddMilliseconds(1), dryRun: false, Ct);

        Assert.Equal((1, 1), (later.RetentionPeriod, later.UnreportedRawRecordsDeleted));
        Assert.Empty(await RemainingRawOffsetsAsync(store));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {Target.Qualify("lineage")}"));
    }

    [Fact]
    public async Task ADryRunPurgeDeletesNoLineageAndNoRawRecord()
    {
        var store = await MigratedStoreAsync();
        var write = Sample.RecordOf(100, 0, 1);
        await store.WriteBatchAsync([write with { Lineage = PipelineEvents(write.Report.Origin, Sample.Start, null) }], Ct);
        await store.ArchiveRawAsync([Raw(100, [1], Sample.Start), Raw(300, [3], Sample.Start)], Ct);

        var dry = await store.PurgeAsync(Defaults, Sample.Start.AddDays(1827), dryRun: true, Ct);

        Assert.Equal((1, 0), (dry.RetentionPeriod, dry.UnreportedRawRecordsDeleted));
        Assert.NotNull(await store.GetLineageAsync(Sample.Key(1), Ct));
        Assert.Equal([100L, 300L], await RemainingRawOffsetsAsync(store));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A raw message of the sample topic (partition 1 unless told), its hash computed from its bytes.</summary>
    private static RawRecordWrite Raw(
        long offset, byte[] content, DateTimeOffset receivedAt, DateTimeOffset? published = null, int partition = 1, string feed = Feed, string topic = Sample.Topic) =>
        new(topic, partition, offset, feed, published, receivedAt, RawRecordHash.Compute(content), content);

    private static Dictionary<string, string> Detail(params (string Name, string Value)[] values)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            detail.Add(name, value);
        }
        return detail;
    }

    /// <summary>What Ingest records for one record of a raw message.</summary>
    private static List<LineageEvent> IngestEvents(RecordOrigin origin, DateTimeOffset at) =>
    [
        new(LineageStages.Received, at, Detail(
            ("topic", origin.Topic),
            ("partition", origin.Partition.ToString(CultureInfo.InvariantCulture)),
            ("offset", origin.Offset.ToString(CultureInfo.InvariantCulture)),
            ("sha256", RawRecordHash.Compute(BitConverter.GetBytes(origin.Offset))))),
        new(LineageStages.Mapped, at.AddMilliseconds(4), Detail(("definition", "cad-metro@7"))),
        new(LineageStages.Geocoded, at.AddMilliseconds(9), Detail(("provider", "gazetteer"), ("precision", "Block"), ("confidence", "0.93"))),
    ];

    /// <summary>
    /// Ingest's events, then Process's for a new report. Process's clock runs behind Ingest's here,
    /// so the events are not in time order: the lineage must keep them in the order written.
    /// </summary>
    private static List<LineageEvent> PipelineEvents(RecordOrigin origin, DateTimeOffset at, string? alertId) =>
    [
        .. IngestEvents(origin, at),
        new(LineageStages.Linked, at.AddMilliseconds(-40), Detail(("incident", "none"))),
        new(LineageStages.Scored, at.AddMilliseconds(-35), Detail(("model", Sample.ModelVersion), ("SURVL", "0.8"), ("PHOTO", "0.25"))),
        alertId is null
            ? new(LineageStages.BelowThreshold, at.AddMilliseconds(-30), Detail(("why", "not raised")))
            : new(LineageStages.Alerted, at.AddMilliseconds(-30), Detail(("alert", alertId), ("category", "SURVL"), ("priority", "0.8"))),
    ];

    private static LineageEvent Outcome(string stage, DateTimeOffset at, string outcome) => new(stage, at, Detail(("outcome", outcome)));

    private static string Line(DateTimeOffset at, string stage, string pass, params (string Name, string Value)[] detail) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:O} {stage} {pass} ") + string.Join("; ", detail.Select(d => d.Name + "=" + d.Value));

    private static List<string> Expected(string pass, IEnumerable<LineageEvent> events) =>
        [.. events.Select(e => Line(e.At, e.Stage, pass, [.. e.Detail.Select(d => (d.Key, d.Value))]))];

    /// <summary>A lineage's entries as comparable lines: time, stage, pass and detail in its order.</summary>
    private static List<string> Describe(ReportLineage lineage) =>
        [.. lineage.Entries.Select(e => Line(e.At, e.Stage, e.Pass, [.. e.Detail.Select(d => (d.Key, d.Value))]))];

    private static byte[] BrotliDecompress(byte[] compressed)
    {
        using var input = new MemoryStream(compressed, writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }

    // SQL Server keeps the archive in schema archive (0013), which StoreTarget.Qualify does not know.
    private string RawTable => Target is SqliteTarget ? "raw_records" : "archive.raw_records";

    private static async Task<List<long>> RemainingRawOffsetsAsync(PipelineStore store) =>
        [.. (await store.GetRawRecordsAsync(Feed, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddYears(-1), Ct)).Select(r => r.Origin.Offset).Order()];

    /// <summary>The stored sha256, size and (compressed) content of the raw message at partition 1, <paramref name="offset"/>.</summary>
    private async Task<(string Sha256, long Size, byte[] Content)> ReadStoredRawAsync(long offset)
    {
        await using var connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"SELECT sha256, size, content FROM {RawTable} WHERE origin_topic = '{Sample.Topic}' AND origin_partition = 1 AND origin_offset = {offset}");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), $"no raw record at offset {offset}");
        return (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), (byte[])reader.GetValue(2));
    }

    /// <summary>Every raw_records row, content as hex, in key order.</summary>
    private async Task<List<string>> RawRowsAsync()
    {
        await using var connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT origin_topic, origin_partition, origin_offset, feed_id, published_at, received_at, sha256, size, content FROM {RawTable} ORDER BY origin_topic, origin_partition, origin_offset";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    DBNull => "NULL",
                    DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                };
            }
            rows.Add(string.Join(" | ", cells));
        }
        return rows;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Target.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}

/// <summary>The raw archive and lineage on SQLite, and the lineage JSON form, which needs no database.</summary>
public sealed class SqliteLineageStoreTests : LineageStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 15, 30, 250, TimeSpan.FromHours(-5));

    [Fact]
    public void AppendingAnEventGivesTheSameTextAsWritingThemAll()
    {
        LineageEvent[] events =
        [
            new(LineageStages.Received, At, new Dictionary<string, string>(StringComparer.Ordinal) { ["topic"] = "feeds.cad-metro.raw", ["note"] = "a ] and a , inside" }),
            new(LineageStages.Mapped, At.AddTicks(1), new Dictionary<string, string>(StringComparer.Ordinal)),
        ];
        var outcome = new LineageEvent(LineageStages.Deduplicated, At.AddSeconds(1), new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = "same key and content" });

        Assert.Equal(LineageJson.Write([.. events, outcome]), LineageJson.Append(LineageJson.Write(events), outcome));
        Assert.Equal(LineageJson.Write([events[0], outcome]), LineageJson.Append(LineageJson.Write([events[0]]), outcome));
        Assert.Equal(LineageJson.Write([outcome]), LineageJson.Append("[]", outcome));
    }

    [Fact]
    public void LineageJsonRoundTripsEventsInOrderWithTheirDetailInOrderAndTimesInUtc()
    {
        LineageEvent[] events =
        [
            new(LineageStages.Received, At, new Dictionary<string, string>(StringComparer.Ordinal) { ["topic"] = "feeds.cad-metro.raw", ["partition"] = "1", ["offset"] = "40" }),
            new(LineageStages.Mapped, At.AddTicks(1), new Dictionary<string, string>(StringComparer.Ordinal) { ["z"] = "last letter first", ["a"] = "quote \" backslash \\ newline \n tab \t", ["ü"] = "naïve → ✓ 😀" }),
            new(LineageStages.Held, At.AddDays(-1), new Dictionary<string, string>(StringComparer.Ordinal)),
            new("a-stage-this-version-does-not-know", At, new Dictionary<string, string>(StringComparer.Ordinal) { ["empty"] = "" }),
        ];

        var json = LineageJson.Write(events);
        var read = LineageJson.Read(json);

        Assert.Equal(events.Length, read.Count);
        foreach (var (written, back) in events.Zip(read))
        {
            Assert.Equal(written.Stage, back.Stage);
            Assert.Equal(written.At, back.At);
            Assert.Equal(TimeSpan.Zero, back.At.Offset);
            Assert.Equal(written.Detail.ToArray(), back.Detail.ToArray());
        }
        Assert.Equal(json, LineageJson.Write(read));
        Assert.Equal("[]", LineageJson.Write([]));
        Assert.Empty(LineageJson.Read("[]"));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("2026-11-20T14:15:30.2500000Z", document.RootElement[0].GetProperty("at").GetString());
    }

    [Fact]
    public void LineageJsonReadTakesNonStringDetailValuesAsTheirJsonTextAndAnEventWithoutDetailAsEmpty()
    {
        var read = LineageJson.Read("""
            [{"stage":"scored","at":"2026-11-20T14:15:30.25+00:00","detail":{"score":0.8,"ok":true,"none":null,"list":[1,2]}},
             {"stage":"linked","at":"2026-11-20T09:15:30.25-05:00"}]
            """);

        Assert.Equal([("score", "0.8"), ("ok", "true"), ("none", "null"), ("list", "[1,2]")], read[0].Detail.Select(d => (d.Key, d.Value)));
        Assert.Equal(("linked", At.ToUniversalTime()), (read[1].Stage, read[1].At));
        Assert.Empty(read[1].Detail);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"stage\":\"received\",\"at\":\"2026-11-20T14:15:30Z\"}")]
    [InlineData("\"received\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[42]")]
    [InlineData("[[]]")]
    [InlineData("[{\"at\":\"2026-11-20T14:15:30Z\",\"detail\":{}}]")]
    [InlineData("[{\"stage\":null,\"at\":\"2026-11-20T14:15:30Z\"}]")]
    [InlineData("[{\"stage\":7,\"at\":\"2026-11-20T14:15:30Z\"}]")]
    [InlineData("[{\"stage\":\"received\"}]")]
    [InlineData("[{\"stage\":\"received\",\"at\":\"yesterday\"}]")]
    [InlineData("[{\"stage\":\"received\",\"at\":\"2026-11-20T14:15:30Z\"},{\"detail\":{}}]")]
    public void LineageJsonReadRejectsAnythingButAnArrayOfEventsWithAStageAndATime(string json)
    {
        var error = Assert.Throws<JsonException>(() => LineageJson.Read(json));

        Assert.Contains(json.TrimStart().StartsWith('[') ? "a lineage event needs a stage and a time" : "lineage events must be a JSON array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineageJsonReadRejectsTextThatIsNotJsonAndNull()
    {
        Assert.ThrowsAny<JsonException>(() => LineageJson.Read("not json"));
        Assert.ThrowsAny<JsonException>(() => LineageJson.Read("[{\"stage\":\"received\","));
        Assert.ThrowsAny<JsonException>(() => LineageJson.Read(""));
        Assert.Throws<ArgumentNullException>(() => LineageJson.Read(null!));
        Assert.Throws<ArgumentNullException>(() => LineageJson.Write(null!));
    }

    [Fact]
    public void PassNamesAndHashesHaveTheirDocumentedForm()
    {
        Assert.Equal("feeds.cad-metro.raw/0/0/0", LineagePass.Of(new RecordOrigin(Sample.Topic, 0, 0)));
        Assert.Equal("feeds.cad-metro.raw/11/9007199254740993/12", LineagePass.Of(new RecordOrigin(Sample.Topic, 11, 9007199254740993, 12)));
        Assert.Equal("replay:r-26-001", LineagePass.OfReplay("r-26-001"));
        Assert.Throws<ArgumentNullException>(() => LineagePass.Of(null!));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", RawRecordHash.Compute([]));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RawRecordHash.Compute("abc"u8));
    }

    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>The raw archive and lineage on SQL Server; skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerLineageStoreTests : LineageStoreTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
