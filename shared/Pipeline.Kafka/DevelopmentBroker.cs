using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Pipeline.Kafka;

/// <summary>
/// A Kafka-protocol development broker: librdkafka's mock cluster, started in this process
/// through P/Invoke into the system librdkafka. Any Kafka client in any process can reach it at
/// <see cref="BootstrapServers"/>. It keeps data in memory (about 5 MB per partition, oldest
/// messages dropped beyond that), so it is for development, tests and the demo, never production.
/// </summary>
public sealed partial class DevelopmentBroker : IDisposable
{
    private readonly Lock _gate = new();
    private nint _handle;
    private nint _cluster;

    private DevelopmentBroker(nint handle, nint cluster, int brokerCount, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated bootstrap addresses, for example "127.0.0.1:40123,127.0.0.1:40125".</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers in the cluster; broker ids run from 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a mock cluster with <paramref name="brokerCount"/> brokers on 127.0.0.1.</summary>
    /// <exception cref="DevelopmentBrokerException">librdkafka is missing or refused to start the cluster.</exception>
    public static DevelopmentBroker Start(int brokerCount, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        nint conf;
        try
        {
            conf = Native.rd_kafka_conf_new();
        }
        catch (DllNotFoundException e)
        {
            throw new DevelopmentBrokerException(
                "librdkafka.so.1 was not found. Run infra/scripts/setup.sh (it installs librdkafka1 on Debian/Ubuntu), " +
                "or install librdkafka >= 2.0 with your system's package manager.", e);
        }

        // Quiet the carrier instance's own logging: it is only a host for the mock cluster.
        SetConf(conf, "log_level", "3");
        SetConf(conf, "socket.nagle.disable", "true");
        var errors = new byte[512];
        var handle = Native.rd_kafka_new(0, conf, errors, (nuint)errors.Length);
        if (handle == 0)
        {
            Native.rd_kafka_conf_destroy(conf);
            throw new DevelopmentBrokerException("rd_kafka_new failed: " + ReadCString(errors));
        }

        var cluster = Native.rd_kafka_mock_cluster_new(handle, brokerCount);
        if (cluster == 0)
        {
            Native.rd_kafka_destroy(handle);
            throw new DevelopmentBrokerException("rd_kafka_mock_cluster_new failed");
        }

        var bootstrap = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
        var broker = new DevelopmentBroker(handle, cluster, brokerCount, bootstrap);
        if (logger is not null)
        {
            DevelopmentBrokerLog.Started(logger, brokerCount, bootstrap);
        }
        return broker;
    }

    /// <summary>Creates a topic (mock clusters do not support the Admin API's CreateTopics).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var err = Native.rd_kafka_mock_topic_create(LiveCluster(), topic, partitions, Math.Min(replicationFactor, BrokerCount));
        if (err != 0)
        {
            throw new DevelopmentBrokerException($"creating topic {topic} failed: {ErrorName(err)}");
        }
    }

    /// <summary>Takes a broker down (its connections are closed and refused) to test failover.</summary>
    public void SetBrokerDown(int brokerId) => Check(Native.rd_kafka_mock_broker_set_down(LiveCluster(), brokerId), "broker down");

    /// <summary>Brings a broker taken down by <see cref="SetBrokerDown"/> back.</summary>
    public void SetBrokerUp(int brokerId) => Check(Native.rd_kafka_mock_broker_set_up(LiveCluster(), brokerId), "broker up");

    /// <summary>
    /// Makes the next requests of one Kafka API (for example 0 = Produce, 1 = Fetch, 8 = OffsetCommit)
    /// fail with the given protocol error codes, one per request, in order.
    /// </summary>
    public void PushRequestErrors(short apiKey, params int[] errorCodes)
    {
        ArgumentNullException.ThrowIfNull(errorCodes);
        Native.rd_kafka_mock_push_request_errors_array(LiveCluster(), apiKey, (nuint)errorCodes.Length, errorCodes);
    }

    /// <summary>Stops the cluster; clients connected to it see their connections closed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != 0)
            {
                Native.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = 0;
            }
            if (_handle != 0)
            {
                Native.rd_kafka_destroy(_handle);
                _handle = 0;
            }
        }
    }

    private nint LiveCluster()
    {
        var cluster = _cluster;
        ObjectDisposedException.ThrowIf(cluster == 0, this);
        return cluster;
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
        {
            throw new DevelopmentBrokerException($"{what} failed: {ErrorName(err)}");
        }
    }

    private static void SetConf(nint conf, string name, string value)
    {
        var errors = new byte[256];
        var result = Native.rd_kafka_conf_set(conf, name, value, errors, (nuint)errors.Length);
        if (result != 0)
        {
            throw new DevelopmentBrokerException($"setting {name} failed: {ReadCString(errors)}");
        }
    }

    private static string ErrorName(int err) => Marshal.PtrToStringUTF8(Native.rd_kafka_err2name(err)) ?? err.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ReadCString(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    private static partial class Native
    {
        private const string Library = "librdkafka.so.1";

        [LibraryImport(Library)]
        internal static partial nint rd_kafka_conf_new();

        [LibraryImport(Library)]
        internal static partial void rd_kafka_conf_destroy(nint conf);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rd_kafka_conf_set(nint conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

        [LibraryImport(Library)]
        internal static partial nint rd_kafka_new(int type, nint conf, [Out] byte[] errstr, nuint errstrSize);

        [LibraryImport(Library)]
        internal static partial void rd_kafka_destroy(nint rk);

        [LibraryImport(Library)]
        internal static partial nint rd_kafka_err2name(int err);

        [LibraryImport(Library)]
        internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

        [LibraryImport(Library)]
        internal static partial void rd_kafka_mock_cluster_destroy(nint cluster);

        [LibraryImport(Library)]
        internal static partial nint rd_kafka_mock_cluster_bootstraps(nint cluster);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rd_kafka_mock_topic_create(nint cluster, string topic, int partitionCount, int replicationFactor);

        [LibraryImport(Library)]
        internal static partial int rd_kafka_mock_broker_set_down(nint cluster, int brokerId);

        [LibraryImport(Library)]
        internal static partial int rd_kafka_mock_broker_set_up(nint cluster, int brokerId);

        [LibraryImport(Library)]
        internal static partial void rd_kafka_mock_push_request_errors_array(nint cluster, short apiKey, nuint count, int[] errors);
    }
}

/// <summary>The development broker could not be started or operated.</summary>
public sealed class DevelopmentBrokerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DevelopmentBrokerException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public DevelopmentBrokerException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public DevelopmentBrokerException() { }
}
