using Confluent.Kafka;
using Pipeline.Feeds.Definitions;
using Pipeline.Kafka;

namespace Pipeline.Cli.Feeds;

/// <summary>
/// Publishes a file's records to a feed's raw topic, as a source would: record by record when a
/// record of the format stands alone (a CSV row with its header, a JSON object), else the whole
/// file as one message. Backfills pace themselves by the Ingest group's lag, so a publisher never
/// runs so far ahead that retention deletes what the pipeline has not read yet.
/// </summary>
internal sealed class FeedPublisher(KafkaOptions options, FeedDefinition definition, long maxLag)
{
    private const int ChunkSize = 500;

    /// <summary>The messages a file becomes; throws <see cref="InvalidOperationException"/> when it cannot be published as it is.</summary>
    public IReadOnlyList<byte[]> Messages(byte[] file)
    {
        if (!definition.Format.RecordsStandAlone)
        {
            return file.Length <= definition.Format.MaxMessageBytes
                ? [file]
                : throw new InvalidOperationException($"the file is {file.Length:N0} bytes, over feed {definition.Id}'s message limit of {definition.Format.MaxMessageBytes:N0}, and its {definition.FormatName} records do not stand alone: split it into documents first");
        }
        var whole = definition.Format.WithMaxMessageBytes(Math.Max(file.Length, 1));
        var messages = new List<byte[]>();
        foreach (var record in whole.Extract(file))
        {
            if (record.RawText is { } text)
            {
                // In the source's own encoding, as the feed's definition will read it.
                messages.Add(definition.Format.TextEncoding.GetBytes(text));
            }
        }
        // Nothing could be delimited (not UTF-8, not JSON...): send it as it is, and the
        // pipeline dead-letters it with the reason.
        return messages.Count > 0 ? messages : [file];
    }

    public async Task PublishAsync(IReadOnlyList<byte[]> messages, Action<int, long> progress, CancellationToken cancellationToken)
    {
        var topic = definition.RawTopic(options.TopicNames);
        using var producer = new KafkaProducer(options, options.BootstrapServers!, "pipeline-feeds-publish");
        using var lag = new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Consumer(options, options.BootstrapServers!, $"{options.GroupPrefix}.ingest", "pipeline-feeds-publish-lag")).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig(options.ClientProperties) { BootstrapServers = options.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        var sent = 0;
        while (sent < messages.Count)
        {
            var current = partitions == 0 ? 0 : Lag(lag, topic, partitions);
            if (current > maxLag)
            {
                progress(sent, current);
                await Task.Delay(200, cancellationToken);
                continue;
            }
            var chunk = messages.Skip(sent).Take(ChunkSize).Select(m => new OutgoingMessage(topic, null, m)).ToList();
            await producer.PublishAllAsync(chunk, cancellationToken);
            sent += chunk.Count;
            progress(sent, current);
        }
    }

    // Messages on the raw topic that the Ingest group has not committed yet (all of them when it never committed).
    private static long Lag(IConsumer<byte[]?, byte[]> consumer, string topic, int partitions)
    {
        long total = 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            var tp = new TopicPartition(topic, partition);
            var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5));
            var committed = consumer.Committed([tp], TimeSpan.FromSeconds(5)).FirstOrDefault()?.Offset ?? Offset.Unset;
            var start = committed.Value >= 0 ? committed.Value : watermarks.Low.Value;
            total += Math.Max(0, watermarks.High.Value - start);
        }
        return total;
    }
}
