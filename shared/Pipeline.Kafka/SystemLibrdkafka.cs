using System.Reflection;
using System.Runtime.InteropServices;

namespace Pipeline.Kafka;

/// <summary>
/// Points Confluent.Kafka at the system's librdkafka. Confluent.Kafka imports the bare name
/// "librdkafka", which the runtime looks up on Linux as <c>librdkafka.so</c>: a file only the
/// development package (<c>librdkafka-dev</c>) installs. The runtime package (<c>librdkafka1</c>)
/// installs <c>librdkafka.so.1</c> alone, so on a machine without the headers every Kafka client
/// failed with "Failed to load the librdkafka native library". This resolver answers that import
/// with <c>librdkafka.so.1</c> (the same library the development broker binds to), and leaves
/// every other name, and every other platform, to the runtime's own search.
/// <para>
/// Registered when any assembly that uses Kafka loads (<see cref="LibrdkafkaModuleInitializer"/>).
/// </para>
/// </summary>
public static class SystemLibrdkafka
{
    private const string ImportedName = "librdkafka";
    private const string LinuxRuntimeName = "librdkafka.so.1";

    private static int _registered;

    /// <summary>Registers the resolver for Confluent.Kafka's native import; once per process, later calls do nothing.</summary>
    public static void Register()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already registered for Confluent.Kafka (by the host): keep the host's.
        }
    }

    internal static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, ImportedName, StringComparison.Ordinal))
        {
            return 0;
        }
        // Not found: 0 hands the name back to the runtime's own search (librdkafka.so, when the
        // development package is there).
        return NativeLibrary.TryLoad(LinuxRuntimeName, out var handle) ? handle : 0;
    }
}
