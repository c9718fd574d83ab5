using Confluent.Kafka;

namespace Pipeline.Kafka.Tests;

public sealed class KafkaClientConfigTests
{
    [Fact]
    public void ProducerIsIdempotentAndWaitsForAllReplicas()
    {
        var config = KafkaClientConfig.Producer(new KafkaOptions(), "broker-1:9092,broker-2:9092", "worker");

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal("broker-1:9092,broker-2:9092", config.BootstrapServers);
        Assert.Equal("worker", config.ClientId);
    }

    [Fact]
    public void ProducerMessageSizeLimitComesFromTheOptions()
    {
        var config = KafkaClientConfig.Producer(new KafkaOptions { MaxMessageBytes = 3_000_000 }, "b:9092", "worker");

        Assert.Equal(3_000_000, config.MessageMaxBytes);
    }

    [Fact]
    public void ProducerCompressesWithLz4UnlessTheClientPropertiesChoose()
    {
        Assert.Equal(CompressionType.Lz4, KafkaClientConfig.Producer(new KafkaOptions(), "b:9092", "worker").CompressionType);
        Assert.Equal("zstd", KafkaClientConfig.Producer(WithClientProperties(("compression.type", "zstd")), "b:9092", "worker").Get("compression.type"));
        Assert.Equal("none", KafkaClientConfig.Producer(WithClientProperties(("compression.codec", "none")), "b:9092", "worker").Get("compression.codec"));
        Assert.Null(KafkaClientConfig.Producer(WithClientProperties(("compression.codec", "none")), "b:9092", "worker").Get("compression.type"));
    }

    [Fact]
    public void TheDevelopmentBrokersBacklogLimitFollowsCompressionAndARealClusterHasNone()
    {
        Assert.Equal(KafkaOptions.DevelopmentBrokerBacklogLimit, new KafkaOptions().EffectiveProcessBacklogLimit);
        Assert.Equal(KafkaOptions.DevelopmentBrokerBacklogLimit, WithClientProperties(("compression.type", "zstd")).EffectiveProcessBacklogLimit);
        Assert.Equal(KafkaOptions.UncompressedDevelopmentBrokerBacklogLimit, WithClientProperties(("compression.type", "none")).EffectiveProcessBacklogLimit);
        Assert.Equal(KafkaOptions.UncompressedDevelopmentBrokerBacklogLimit, WithClientProperties(("compression.codec", "none")).EffectiveProcessBacklogLimit);
        Assert.Equal(KafkaOptions.UncompressedDevelopmentBrokerBacklogLimit, WithClientProperties(("compression.type", "NONE")).EffectiveProcessBacklogLimit);
        Assert.Equal(0, new KafkaOptions { BootstrapServers = "kafka-1:9092" }.EffectiveProcessBacklogLimit);
        Assert.Equal(500, new KafkaOptions { ProcessBacklogLimit = 500 }.EffectiveProcessBacklogLimit);
    }

    [Fact]
    public void ClientPropertiesReachTheProducer()
    {
        var options = WithClientProperties(("security.protocol", "SASL_SSL"), ("sasl.mechanism", "SCRAM-SHA-512"), ("ssl.ca.location", "/etc/ca.pem"));

        var config = KafkaClientConfig.Producer(options, "b:9093", "worker");

        // Read back as the strings librdkafka receives: the typed getters cannot parse librdkafka's spelling.
        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal("SCRAM-SHA-512", config.Get("sasl.mechanism"));
        Assert.Equal("/etc/ca.pem", config.Get("ssl.ca.location"));
    }

    [Fact]
    public void PipelineProducerSettingsWinOverClientProperties()
    {
        var options = WithClientProperties(("enable.idempotence", "false"), ("acks", "1"), ("message.max.bytes", "1000"), ("bootstrap.servers", "elsewhere:9092"));

        var config = KafkaClientConfig.Producer(options, "b:9092", "worker");

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(options.MaxMessageBytes, config.MessageMaxBytes);
        Assert.Equal("b:9092", config.BootstrapServers);
    }

    [Fact]
    public void BuildingAConfigLeavesTheOptionsClientPropertiesUnchanged()
    {
        var options = WithClientProperties(("security.protocol", "SSL"));

        KafkaClientConfig.Producer(options, "b:9092", "worker");
        KafkaClientConfig.Consumer(options, "b:9092", "group", "worker");

        Assert.Equal(["security.protocol"], options.ClientProperties.Keys);
    }

    [Fact]
    public void ConsumerStoresOffsetsOnlyWhenTheLoopSaysSo()
    {
        var config = KafkaClientConfig.Consumer(new KafkaOptions(), "b:9092", "pipeline.ingest", "worker-1");

        Assert.False(config.EnableAutoOffsetStore);
        Assert.True(config.EnableAutoCommit);
    }

    [Fact]
    public void ConsumerCommitsAtTheConfiguredInterval()
    {
        var config = KafkaClientConfig.Consumer(new KafkaOptions { AutoCommitInterval = TimeSpan.FromMilliseconds(2500) }, "b:9092", "g", "c");

        Assert.Equal(2500, config.AutoCommitIntervalMs);
    }

    [Fact]
    public void ConsumerUsesEagerRoundRobinAssignmentAndStartsFromTheEarliestOffset()
    {
        var config = KafkaClientConfig.Consumer(new KafkaOptions(), "b:9092", "g", "c");

        Assert.Equal(PartitionAssignmentStrategy.RoundRobin, config.PartitionAssignmentStrategy);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
    }

    [Fact]
    public void OnlyTheDevelopmentBrokersConsumersWaitBrieflyForAnEmptyFetchAndASettingStillWins()
    {
        var development = KafkaClientConfig.Consumer(new KafkaOptions(), "b:9092", "g", "c");
        var cluster = KafkaClientConfig.Consumer(new KafkaOptions { BootstrapServers = "kafka:9092" }, "kafka:9092", "g", "c");
        var configured = new KafkaOptions();
        configured.ClientProperties["fetch.wait.max.ms"] = "250";
        var overridden = KafkaClientConfig.Consumer(configured, "b:9092", "g", "c");

        Assert.Equal(10, development.FetchWaitMaxMs);
        Assert.Null(cluster.FetchWaitMaxMs);
        Assert.Equal(250, overridden.FetchWaitMaxMs);
    }

    [Fact]
    public void ConsumerJoinsTheGivenGroupWithTheGivenClientId()
    {
        var config = KafkaClientConfig.Consumer(new KafkaOptions(), "b1:9092", "pipeline.process", "worker-7");

        Assert.Equal("pipeline.process", config.GroupId);
        Assert.Equal("worker-7", config.ClientId);
        Assert.Equal("b1:9092", config.BootstrapServers);
    }

    [Fact]
    public void ClientPropertiesReachTheConsumerButDoNotOverrideOffsetHandling()
    {
        var options = WithClientProperties(("security.protocol", "SASL_SSL"), ("enable.auto.offset.store", "true"), ("partition.assignment.strategy", "range"));

        var config = KafkaClientConfig.Consumer(options, "b:9093", "g", "c");

        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(PartitionAssignmentStrategy.RoundRobin, config.PartitionAssignmentStrategy);
    }

    private static KafkaOptions WithClientProperties(params (string Key, string Value)[] properties)
    {
        var options = new KafkaOptions();
        foreach (var (key, value) in properties)
        {
            options.ClientProperties[key] = value;
        }
        return options;
    }
}
