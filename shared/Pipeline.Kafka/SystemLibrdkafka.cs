using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
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
/// </summary>
internal static class SystemLibrdkafka
{
    private const string ImportedName = "librdkafka";
    private const string LinuxRuntimeName = "librdkafka.so.1";

    /// <summary>Runs when anything in this assembly is first used: before any Kafka client of ours is built.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be in place before Confluent.Kafka's first native call, and every Kafka client here is built through this assembly.")]
    internal static void RegisterResolver()
    {
        if (!OperatingSystem.IsLinux())
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
        // The development file, when present, is the same library; otherwise the runtime's name.
        if (NativeLibrary.TryLoad(ImportedName + ".so", assembly, searchPath, out var handle))
        {
            return handle;
        }
        return NativeLibrary.TryLoad(LinuxRuntimeName, out handle) ? handle : 0;
    }
}
