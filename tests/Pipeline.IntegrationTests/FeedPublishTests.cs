using System.Text;
using Pipeline.Cli.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class FeedPublishTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task ABackfillFileIsPublishedRecordByRecordPacedByIngestLagAndEveryRecordArrives()
    {
        await using var context = new PipelineTestContext(kafka, ["nola-cad"]);
        await context.StartWorkerAsync();
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "feeds", "nola-cad.yaml"));
        // 1,200 rows in the New Orleans open-data shape, one of them (every 400th) without a creation time.
        var file = new StringBuilder("NOPD_Item,TypeText,Priority,MapX,MapY,TimeCreate,BLOCK_ADDRESS\r\n");
        for (var i = 0; i < 1200; i++)
        {
            var time = i % 400 == 7 ? "" : "11/20/2026 02:03:11 PM";
            file.Append(System.Globalization.CultureInfo.InvariantCulture, $"B{i:D5},\"SUSPICIOUS PERSON, ARMED\",2B,{3678000 + i},{530000 + i},{time},013XX Perdido St\r\n");
        }
        var options = context.KafkaOptions;
        options.GroupPrefix = context.GroupPrefix;
        var publisher = new FeedPublisher(options, definition, maxLag: 300);

        var messages = publisher.Messages(Encoding.UTF8.GetBytes(file.ToString()));
        Assert.Equal(1200, messages.Count);
        Assert.StartsWith("NOPD_Item,TypeText", Encoding.UTF8.GetString(messages[5]), StringComparison.Ordinal);
        var lags = new List<long>();
        await publisher.PublishAsync(messages, (_, lag) => lags.Add(lag), TestContext.Current.CancellationToken);

        await context.WaitForReceiptsAsync(1197, TimeSpan.FromSeconds(90));
        var deadLetters = await context.ReadDeadLettersAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal(3, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.Equal("occurredAt", d.Field));
        Assert.Equal(1197, (await context.Store.GetCountsAsync(TestContext.Current.CancellationToken)).Reports);
        Assert.NotEmpty(lags);
    }

    [Fact]
    public void ALatin1FileIsPublishedInLatin1SoThatItsDefinitionReadsItsAccentsBack()
    {
        var definition = FeedDefinitionLoader.Load("""
            id: latin-cad
            kind: cad
            format: { type: csv, encoding: latin1 }
            fields:
              sourceRecordId: id
              occurredAt: at
              narrative: notes
            """, "latin-cad.yaml");
        var publisher = new FeedPublisher(new Pipeline.Kafka.KafkaOptions { BootstrapServers = "127.0.0.1:1" }, definition, 1000);
        var file = Encoding.Latin1.GetBytes("id,at,notes\r\nC1,2026-11-20T10:00:00Z,Caf\u00e9 on Jos\u00e9 St\r\nC2,2026-11-20T10:05:00Z,na\u00efve caller\r\n");

        var messages = publisher.Messages(file);

        Assert.Equal(2, messages.Count);
        Assert.Equal(0xE9, messages[0][messages[0].AsSpan().IndexOf("Caf"u8) + 3]);
        Assert.DoesNotContain((byte)0xC3, messages[0]);
        var context = new Pipeline.Feeds.RawRecordContext(new Pipeline.Contracts.RecordOrigin("t", 0, 0), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("Caf\u00e9 on Jos\u00e9 St", Assert.Single(definition.Read(messages[0], context)).Result.Report!.Narrative);
        Assert.Equal("na\u00efve caller", Assert.Single(definition.Read(messages[1], context)).Result.Report!.Narrative);
    }

    [Fact]
    public void AnXmlFileOverTheMessageLimitIsRefusedWithAReasonRatherThanCutAtRandom()
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "feeds", "niem-sar.yaml"));
        var publisher = new FeedPublisher(new Pipeline.Kafka.KafkaOptions { BootstrapServers = "127.0.0.1:1" }, definition, 1000);

        var error = Assert.Throws<InvalidOperationException>(() => publisher.Messages(new byte[definition.Format.MaxMessageBytes + 1]));
        Assert.Contains("split it into documents first", error.Message, StringComparison.Ordinal);
        Assert.Single(publisher.Messages(new byte[100]));
    }
}
