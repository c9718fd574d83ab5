using System.Collections;
using Pipeline.Cli;

namespace Pipeline.IntegrationTests;

public sealed class KafkaCliOptionsTests
{
    [Fact]
    public void TheCliReadsTheWorkersLibrdkafkaPropertiesFromTheEnvironmentAndNothingElse()
    {
        var environment = new Hashtable
        {
            ["PIPELINE_Kafka__ClientProperties__security.protocol"] = "SASL_SSL",
            ["PIPELINE_Kafka__ClientProperties__sasl.mechanism"] = "SCRAM-SHA-512",
            ["PIPELINE_Kafka__ClientProperties__"] = "no property name",
            ["PIPELINE_Kafka__BootstrapServers"] = "not a client property",
            ["PATH"] = "/usr/bin",
        };

        var properties = KafkaCliOptions.ClientProperties(environment);

        Assert.Equal(
            [("sasl.mechanism", "SCRAM-SHA-512"), ("security.protocol", "SASL_SSL")],
            properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
    }
}
