using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Pipeline.Kafka;

/// <summary>
/// Registers <see cref="SystemLibrdkafka"/> when the assembly that holds this class loads. The file
/// is compiled into Pipeline.Kafka and, by Directory.Build.targets, into every project that sets
/// <c>UsesKafka</c>: those build Confluent.Kafka clients of their own, possibly before anything
/// in Pipeline.Kafka is used (a test that publishes with a plain <c>ProducerBuilder</c>).
/// </summary>
internal static class LibrdkafkaModuleInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be in place before Confluent.Kafka's first native call, whichever assembly makes it.")]
    internal static void Register() => SystemLibrdkafka.Register();
}
