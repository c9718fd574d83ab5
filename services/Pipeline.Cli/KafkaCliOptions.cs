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
        return new KafkaOptions { BootstrapServers = bootstrap, TopicPrefix = topicPrefix ?? "", GroupPrefix = groupPrefix, ClientProperties = ClientProperties(Environment.GetEnvironmentVariables()) };
    }

    /// <summary>
    /// The librdkafka properties (TLS, SASL...) from <c>PIPELINE_Kafka__ClientProperties__&lt;property&gt;</c>
    /// environment variables, the same names the worker reads, so a verb reaches a cluster the
    /// worker reaches; secrets stay in the environment, never on the command line.
    /// </summary>
    internal static Dictionary<string, string> ClientProperties(System.Collections.IDictionary environment)
    {
        const string Prefix = "PIPELINE_Kafka__ClientProperties__";
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in environment)
        {
            if (variable.Key is string name && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length && variable.Value is string value)
            {
                properties[name[Prefix.Length..]] = value;
            }
        }
        return properties;
    }
}
