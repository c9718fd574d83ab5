using System.Text;
using Pipeline.Contracts;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class HostileInputTests(KafkaClusterFixture kafka)
{
    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <sar:SuspiciousActivityReportExchange xmlns:sar="http://example.org/ise-sar/1.5"><sar:SuspiciousActivityReport>&lol3;</sar:SuspiciousActivityReport></sar:SuspiciousActivityReportExchange>
        """;

    private const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <sar:SuspiciousActivityReportExchange xmlns:sar="http://example.org/ise-sar/1.5"><sar:SuspiciousActivityReport>&xxe;</sar:SuspiciousActivityReport></sar:SuspiciousActivityReportExchange>
        """;

    [Fact]
    public async Task HostileXmlAndCsvAreRejectedWithTheirReasonsWhileGoodRecordsFlow()
    {
        await using var context = new PipelineTestContext(kafka, ["niem-sar", "nola-cad"]);
        await context.StartWorkerAsync();
        var goodXml = await File.ReadAllBytesAsync(SamplePath("niem-sar.xml"), TestContext.Current.CancellationToken);
        var header = "NOPD_Item,TypeText,Priority,MapX,MapY,TimeCreate,BLOCK_ADDRESS";
        var unterminated = $"{header}\r\nH1,\"SUSPICIOUS PERSON,2B,3678810,530474,11/20/2026 02:03:11 PM,013XX Perdido St\r\n";
        var wide = $"{header}\r\nH2,{string.Join(",", Enumerable.Repeat("x", 600))}\r\n";
        var goodCsv = $"{header}\r\nG1,SUSPICIOUS PERSON,2B,3678810,530474,11/20/2026 02:03:11 PM,013XX Perdido St\r\n";

        await context.PublishAsync("niem-sar", [Encoding.UTF8.GetBytes(BillionLaughs), Encoding.UTF8.GetBytes(ExternalEntity), goodXml]);
        await context.PublishAsync("nola-cad", [Encoding.UTF8.GetBytes(unterminated), Encoding.UTF8.GetBytes(wide), Encoding.UTF8.GetBytes(goodCsv)]);

        // The sample XML holds 3 good reports and 1 without a time; the good CSV row is stored.
        await context.WaitForReceiptsAsync(4, TimeSpan.FromSeconds(60));
        var deadLetters = await context.ReadDeadLettersAsync(5, TimeSpan.FromSeconds(60));
        var reasons = deadLetters.Select(d => (d.FeedId, d.Reason)).Order().ToList();
        Assert.Equal(
        [
            ("niem-sar", "DTDs are prohibited: the message has a DOCTYPE declaration"),
            ("niem-sar", "DTDs are prohibited: the message has a DOCTYPE declaration"),
            ("niem-sar", "required field 'occurredAt' (from nc:ActivityDateTime/nc:DateTime) is missing"),
            ("nola-cad", "row has more than 512 columns"),
            ("nola-cad", "unterminated quoted field: the quote opened in this row never closes"),
        ], reasons);
        Assert.DoesNotContain(deadLetters, d => Encoding.UTF8.GetString(d.Payload).Contains("root:", StringComparison.Ordinal));
        var stored = await context.Store.GetReportsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["niem-sar:SAR-2026-000101", "niem-sar:SAR-2026-000102", "niem-sar:SAR-2026-000104", "nola-cad:G1"], stored.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFiftyMegabytePayloadIsRejectedBySizeWithoutBeingParsed()
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "feeds", "demo-sar.yaml"));
        var payload = new byte[50 * 1024 * 1024];
        Array.Fill(payload, (byte)'[');

        var started = System.Diagnostics.Stopwatch.StartNew();
        var record = Assert.Single(definition.Read(payload, new RawRecordContext(new RecordOrigin("t", 0, 0), DateTimeOffset.UtcNow)));

        Assert.Equal($"message is {payload.Length} bytes, over the limit of 1048576 bytes", record.Result.Rejection!.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"a size check, not a parse: took {started.Elapsed}");
    }

    private static string SamplePath(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory!.FullName, "infra", "feeds", "samples", name);
    }
}
