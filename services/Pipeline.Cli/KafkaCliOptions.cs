using System.CommandLine;
using Pipeline.Kafka;

namespace Pipeline.Cli;

/// <summary>The options every verb that talks to a running deployment's Kafka shares, defined once.</summary>
internal static class KafkaCliOptions
{
    public static Option<string> Bootstrap() => new("--bootstrap")
    {
        Description = "Kafka bootstrap servers (default: PIPELINE_Kafka__BootstrapServers).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PIPELINE_Kafka__BootstrapServers") ?? "",
    };

    public static Option<string> TopicPrefix() => new("--topic-prefix")
    {
        Description = "Topic prefix of the deployment (Kafka:TopicPrefix).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PIPELINE_Kafka__TopicPrefix") ?? "",
    };

    /// <summary>The client options, or null (with the reason on standard error) when no Kafka was given.</summary>
    public static KafkaOptions? From(string? bootstrap, string? topicPrefix, string groupPrefix = "pipeline")
    {
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            Console.Error.WriteLine("no Kafka: pass --bootstrap or set PIPELINE_Kafka__BootstrapServers");
            return null;
        }
        return new KafkaOptions { BootstrapServers = bootstrap, TopicPrefix = topicPrefix ?? "", GroupPrefix = groupPrefix };
    }
}
