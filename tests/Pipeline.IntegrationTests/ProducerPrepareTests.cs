using Pipeline.Kafka;

namespace Pipeline.IntegrationTests;

/// <summary><see cref="KafkaProducer.Prepare"/>: topics looked up before the first publish, and never a hang when the cluster is away.</summary>
[Collection(KafkaTests.Name)]
public sealed class ProducerPrepareTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task PreparedTopicsAreLookedUpOnceEachAndThenPublishedTo()
    {
        var topics = new[] { $"prepare.a.{Guid.NewGuid():N}", $"prepare.b.{Guid.NewGuid():N}" };
        kafka.CreateTopics(topics, 3);
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using var producer = new KafkaProducer(options, kafka.BootstrapServers, "prepare-test");

        Assert.Equal(2, producer.Prepare([.. topics, topics[0]], TimeSpan.FromSeconds(10)));
        await producer.PublishAllAsync([.. topics.Select(t => new OutgoingMessage(t, [1], [2]))], TestContext.Current.CancellationToken);
    }

    [Fact]
    public void AClusterThatDoesNotAnswerEndsThePreparationWithinItsBudget()
    {
        // A port nothing listens on: every lookup fails; the budget bounds the whole call.
        var options = new KafkaOptions { BootstrapServers = "127.0.0.1:9" };
        using var producer = new KafkaProducer(options, "127.0.0.1:9", "prepare-unreachable");

        Assert.Equal(0, producer.Prepare(["a", "b", "c"], TimeSpan.FromSeconds(1)));
    }
}
