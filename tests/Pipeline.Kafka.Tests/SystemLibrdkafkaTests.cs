using Confluent.Kafka;

namespace Pipeline.Kafka.Tests;

/// <summary>
/// Confluent.Kafka must find the system librdkafka when only the runtime package
/// (<c>librdkafka.so.1</c>, no <c>librdkafka.so</c> from the headers package) is installed.
/// </summary>
public sealed class SystemLibrdkafkaTests
{
    [Fact]
    public void TheClientsImportResolvesToALoadedLibraryOnLinux()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the resolver only answers on Linux");

        var handle = SystemLibrdkafka.Resolve("librdkafka", typeof(Library).Assembly, null);

        Assert.NotEqual(0, handle);
    }

    [Fact]
    public void OtherLibraryNamesAreLeftToTheRuntime()
    {
        Assert.Equal(0, SystemLibrdkafka.Resolve("libsomething-else", typeof(Library).Assembly, null));
    }

    [Fact]
    public void AProducerBuildsAndReportsTheLibraryVersion()
    {
        using var broker = DevelopmentBroker.Start(1);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();

        Assert.NotNull(producer.Name);
        Assert.True(Library.Version >= 0x02000000, $"librdkafka {Library.VersionString} is older than 2.0");
    }
}
