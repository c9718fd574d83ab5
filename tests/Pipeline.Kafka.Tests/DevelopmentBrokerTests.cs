using System.Globalization;

namespace Pipeline.Kafka.Tests;

public sealed class DevelopmentBrokerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BootstrapListsOneLoopbackAddressPerBroker(int brokers)
    {
        using var broker = DevelopmentBroker.Start(brokers);

        var addresses = broker.BootstrapServers.Split(',');

        Assert.Equal(brokers, broker.BrokerCount);
        Assert.Equal(brokers, addresses.Length);
        Assert.All(addresses, address =>
        {
            Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal);
            var port = int.Parse(address["127.0.0.1:".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            Assert.InRange(port, 1, 65535);
        });
        Assert.Equal(brokers, addresses.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ZeroBrokersIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentBroker.Start(0));
    }

    [Fact]
    public void TopicWithZeroPartitionsIsRejected()
    {
        using var broker = DevelopmentBroker.Start(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => broker.CreateTopic("feeds.demo-sar.raw", 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void TopicWithoutANameIsRejected(string topic)
    {
        using var broker = DevelopmentBroker.Start(1);

        Assert.Throws<ArgumentException>(() => broker.CreateTopic(topic, 1));
    }

    [Fact]
    public void TopicWithPartitionsIsCreated()
    {
        using var broker = DevelopmentBroker.Start(1);

        var error = Record.Exception(() => broker.CreateTopic("feeds.demo-sar.raw", 6, replicationFactor: 3));

        Assert.Null(error);
    }

    [Fact]
    public void CreatingATopicTwiceFailsNamingTheTopicAndTheBrokersError()
    {
        using var broker = DevelopmentBroker.Start(1);
        broker.CreateTopic("alerts", 1);

        var error = Assert.Throws<DevelopmentBrokerException>(() => broker.CreateTopic("alerts", 1));

        Assert.Equal("creating topic alerts failed: TOPIC_ALREADY_EXISTS", error.Message);
    }

    [Fact]
    public void TakingDownABrokerThatDoesNotExistFails()
    {
        using var broker = DevelopmentBroker.Start(1);

        var error = Assert.Throws<DevelopmentBrokerException>(() => broker.SetBrokerDown(99));

        Assert.StartsWith("broker down failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOperationAfterDisposeThrowsObjectDisposed()
    {
        var broker = DevelopmentBroker.Start(1);
        broker.Dispose();

        Assert.Throws<ObjectDisposedException>(() => broker.CreateTopic("t", 1));
        Assert.Throws<ObjectDisposedException>(() => broker.SetBrokerDown(1));
        Assert.Throws<ObjectDisposedException>(() => broker.SetBrokerUp(1));
        Assert.Throws<ObjectDisposedException>(() => broker.PushRequestErrors(0, 6));
    }

    [Fact]
    public void DisposingTwiceIsSafe()
    {
        var broker = DevelopmentBroker.Start(1);
        broker.Dispose();

        var error = Record.Exception(broker.Dispose);

        Assert.Null(error);
        Assert.Throws<ObjectDisposedException>(() => broker.CreateTopic("t", 1));
    }

    [Fact]
    public void BrokerCanBeTakenDownAndBroughtBack()
    {
        using var broker = DevelopmentBroker.Start(2);

        var error = Record.Exception(() =>
        {
            broker.SetBrokerDown(2);
            broker.SetBrokerUp(2);
        });

        Assert.Null(error);
    }
}
