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
    public void AnXmlFileOverTheMessageLimitIsRefusedWithAReasonRatherThanCutAtRandom()
    {
        var definition = FeedDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "feeds", "niem-sar.yaml"));
        var publisher = new FeedPublisher(new Pipeline.Kafka.KafkaOptions { BootstrapServers = "127.0.0.1:1" }, definition, 1000);

        var error = Assert.Throws<InvalidOperationException>(() => publisher.Messages(new byte[definition.Format.MaxMessageBytes + 1]));
        Assert.Contains("split it into documents first", error.Message, StringComparison.Ordinal);
        Assert.Single(publisher.Messages(new byte[100]));
    }
}
