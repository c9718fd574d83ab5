using System.Text;
using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The checked-in hostile corpus (TestData/hostile, see its README.md) through the real broker and
/// worker: each case is rejected to its feed's dead-letter topic with a reason, or stored exactly
/// as sent; good records published beside them are stored; no local file is ever read.
/// </summary>
[Collection(KafkaTests.Name)]
public sealed class HostileCorpusTests(KafkaClusterFixture kafka)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hostile");

    // Case file → the dead-letter reason it must get (a prefix for parser positions).
    private static readonly Dictionary<string, string> Rejected = new(StringComparer.Ordinal)
    {
        ["latitude-91.json"] = "field 'latitude' is outside -90..90",
        ["longitude-181.json"] = "field 'longitude' is outside -180..180",
        ["coordinates-1e308.json"] = "field 'latitude' is outside -90..90",
        ["coordinates-nan.json"] = "malformed JSON",
        ["coordinates-nan-string.json"] = "field 'latitude' is not a number",
        ["deep-nesting.json"] = "malformed JSON",
        ["invalid-utf8.json"] = "message is not valid UTF-8",
        ["nul-raw.json"] = "malformed JSON",
        ["year-0001.json"] = "field 'occurredAt' is before 1970",
        ["year-9999.json"] = "field 'occurredAt' is more than a day after the record was received",
        ["niem-parameter-entity.xml"] = "DTDs are prohibited: the message has a DOCTYPE declaration",
        ["niem-entity-in-attribute.xml"] = "DTDs are prohibited: the message has a DOCTYPE declaration",
    };

    [Fact]
    public async Task EveryHostileCaseIsRejectedWithItsReasonOrStoredExactlyAndGoodRecordsBesideThemAreStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka, ["demo-sar", "niem-sar"]);
        await context.StartWorkerAsync();
        var occurred = new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
        var files = Directory.GetFiles(Folder).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(18, files.Count);
        var good = Enumerable.Range(0, 3).Select(i => RawRecords.Sar($"GOOD-{i}", "A person photographed the substation fence.", occurred.AddMinutes(i))).ToList();
        // Good records in the same batches as the hostile ones, before, between and after them.
        await context.PublishAsync("demo-sar", [good[0], .. files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).Select(File.ReadAllBytes), good[1]]);
        await context.PublishAsync("niem-sar", files.Where(f => f.EndsWith(".xml", StringComparison.Ordinal)).Select(File.ReadAllBytes));
        await context.PublishAsync("demo-sar", [good[2]]);

        // 3 good + 6 hostile stored; 12 hostile rejected.
        await Eventually.Until(async () => (await context.Store.GetCountsAsync(ct)).Reports >= 9, TimeSpan.FromSeconds(60), "9 reports in the store");
        var deadLetters = await context.ReadDeadLettersAsync(Rejected.Count, TimeSpan.FromSeconds(60));
        var reports = (await context.Store.GetReportsAsync(ct)).ToDictionary(r => r.IdempotencyKey, StringComparer.Ordinal);

        foreach (var (file, reason) in Rejected)
        {
            var sent = await File.ReadAllBytesAsync(Path.Combine(Folder, file), ct);
            var deadLetter = Assert.Single(deadLetters, d => d.Payload.AsSpan().SequenceEqual(sent));
            Assert.True(deadLetter.Reason.StartsWith(reason, StringComparison.Ordinal), $"{file}: '{deadLetter.Reason}' does not start with '{reason}'");
            Assert.Equal((file.EndsWith(".xml", StringComparison.Ordinal) ? "niem-sar" : "demo-sar", "ingest"), (deadLetter.FeedId, deadLetter.Stage));
        }
        Assert.Equal(Rejected.Count, deadLetters.Count);

        Assert.Equal(
            ["demo-sar:GOOD-0", "demo-sar:GOOD-1", "demo-sar:GOOD-2", "demo-sar:H-RTL-\u202Etxt.exe", "demo-sar:H-SCRIPT", "demo-sar:H-SQLI' OR '1'='1", "niem-sar:H-XML-SCRIPT", "niem-sar:H-XML-XI"],
            reports.Keys.Where(k => !k.StartsWith("demo-sar:sha256:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // Injection strings are data: every field stored exactly as sent, and the tables are intact.
        var sqli = reports["demo-sar:H-SQLI' OR '1'='1"];
        Assert.Equal(
            ("H-SQLI' OR '1'='1", "Robert'); DROP TABLE reports;-- \" OR 1=1 -- /* */ UNION SELECT * FROM sqlite_master;", "1 Main St'; DELETE FROM reports WHERE '1'='1", "ENERGY'; UPDATE reports SET narrative='pwned'; --"),
            (sqli.SourceRecordId, sqli.Narrative, sqli.RawAddress, sqli.TargetSector));
        Assert.DoesNotContain(reports.Values, r => r.Narrative == "pwned");

        // Markup is text: stored exactly as sent (the desk escapes it when it renders).
        Assert.Equal("<script>alert('xss')</script> <img src=x onerror=\"alert(document.cookie)\"> <svg onload=alert(1)> javascript:alert(1) &lt;b&gt;", reports["demo-sar:H-SCRIPT"].Narrative);
        Assert.Equal("<script>alert(1)</script><img src=x onerror=alert(1)><script>alert(2)</script>", reports["niem-sar:H-XML-SCRIPT"].Narrative);

        // Right-to-left overrides are kept, not stripped or reordered, in the id and the narrative.
        var rtl = reports["demo-sar:H-RTL-\u202Etxt.exe"];
        Assert.Equal(("H-RTL-\u202Etxt.exe", "Vehicle plate \u202E123-CBA\u202C seen near the gate; \u202Egnp.eliforp"), (rtl.SourceRecordId, rtl.Narrative));

        // XInclude is not processed: the include element contributes nothing.
        Assert.Equal("Seen at the gate.", reports["niem-sar:H-XML-XI"].Narrative);

        // An escaped NUL is a character like any other: kept in the narrative.
        var nul = Assert.Single(reports.Values, r => r.Narrative.StartsWith("before", StringComparison.Ordinal));
        Assert.Equal("before\0after", nul.Narrative);
        Assert.Equal("H-NUL\0ID", nul.SourceRecordId);

        await AssertNoLocalFileWasReadAsync(context, deadLetters);
    }

    [Fact]
    public async Task AMessageOverTheFeedSizeLimitIsDeadLetteredTruncatedWhileTheGoodRecordAfterItIsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = new PipelineTestContext(kafka, ["demo-sar"]);
        await context.StartWorkerAsync();
        // Generated, not checked in: a 2 MB narrative, over the JSON format's 1 MiB message limit.
        var big = RawRecords.Sar("H-BIG", new string('A', 2 * 1024 * 1024), new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero));
        var good = RawRecords.Sar("GOOD-AFTER-BIG", "A person photographed the substation fence.", new DateTimeOffset(2026, 11, 20, 14, 5, 0, TimeSpan.Zero));

        await context.PublishAsync("demo-sar", [big, good]);

        await context.WaitForReceiptsAsync(1, TimeSpan.FromSeconds(60));
        var deadLetter = Assert.Single(await context.ReadDeadLettersAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal($"message is {big.Length} bytes, over the limit of 1048576 bytes", deadLetter.Reason);
        Assert.Equal((big.Length, true), ((int)deadLetter.OriginalSize, deadLetter.Truncated));
        Assert.True(deadLetter.Payload.Length < big.Length);
        Assert.Equal(["demo-sar:GOOD-AFTER-BIG"], (await context.Store.GetReportsAsync(ct)).Select(r => r.IdempotencyKey));
    }

    private static async Task AssertNoLocalFileWasReadAsync(PipelineTestContext context, IReadOnlyList<DeadLetterRecord> deadLetters)
    {
        var passwd = await File.ReadAllTextAsync("/etc/passwd", TestContext.Current.CancellationToken);
        Assert.Contains("root:", passwd, StringComparison.Ordinal);
        Assert.DoesNotContain(deadLetters, d => Encoding.UTF8.GetString(d.Payload).Contains("root:", StringComparison.Ordinal) || d.Reason.Contains("root:", StringComparison.Ordinal));
        Assert.DoesNotContain(await context.Store.GetReportsAsync(TestContext.Current.CancellationToken), r => r.Narrative.Contains("root:", StringComparison.Ordinal));
        // The whole database, every table, as bytes (the main file and its write-ahead log).
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(context.DatabasePath)!, "store.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf("root:x:0:0"u8) < 0, $"{Path.GetFileName(file)} holds the content of /etc/passwd");
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }
}
