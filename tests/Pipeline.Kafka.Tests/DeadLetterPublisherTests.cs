using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;

namespace Pipeline.Kafka.Tests;

public sealed class DeadLetterPublisherTests : IDisposable
{
    private const string DeadLetterTopic = "feeds.county-sar.dlq";

    private static readonly string[] EveryHeaderButField =
    [
        DeadLetterHeaders.Stage,
        DeadLetterHeaders.Reason,
        DeadLetterHeaders.Feed,
        DeadLetterHeaders.OriginalTopic,
        DeadLetterHeaders.OriginalPartition,
        DeadLetterHeaders.OriginalOffset,
        DeadLetterHeaders.Time,
        DeadLetterHeaders.OriginalSize,
        DeadLetterHeaders.Truncated,
    ];

    private readonly FakeTimeProvider _time = new();
    private readonly KafkaOptions _options = new() { DeadLetterMaxPayloadBytes = 16 };

    // Building a producer does not connect: nothing is sent, so no broker needs to listen here.
    private readonly KafkaProducer _producer;
    private readonly DeadLetterPublisher _publisher;

    public DeadLetterPublisherTests()
    {
        _producer = new KafkaProducer(_options, "127.0.0.1:1", "dead-letter-tests");
        _publisher = new DeadLetterPublisher(_producer, _options, _time, NullLogger<DeadLetterPublisher>.Instance);
    }

    public void Dispose() => _producer.Dispose();

    [Fact]
    public void EveryHeaderSaysWhereTheRecordCameFromAndWhyItWasRejected()
    {
        var record = Consumed("feeds.county-sar.raw", partition: 4, offset: 1234, key: "k-1"u8.ToArray(), value: "{\"oops\"}"u8.ToArray());

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar", new Rejection("ingest", "narrative is missing", "narrative")));

        var headers = message.Headers!;
        Assert.Equal("ingest", headers.GetString(DeadLetterHeaders.Stage));
        Assert.Equal("narrative is missing", headers.GetString(DeadLetterHeaders.Reason));
        Assert.Equal("narrative", headers.GetString(DeadLetterHeaders.Field));
        Assert.Equal("county-sar", headers.GetString(DeadLetterHeaders.Feed));
        Assert.Equal("feeds.county-sar.raw", headers.GetString(DeadLetterHeaders.OriginalTopic));
        Assert.Equal("4", headers.GetString(DeadLetterHeaders.OriginalPartition));
        Assert.Equal("1234", headers.GetString(DeadLetterHeaders.OriginalOffset));
        Assert.Equal("2026-03-14T15:09:26.5350000+00:00", headers.GetString(DeadLetterHeaders.Time));
        Assert.Equal("8", headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("false", headers.GetString(DeadLetterHeaders.Truncated));
    }

    [Fact]
    public void EachHeaderIsWrittenExactlyOnce()
    {
        var record = Consumed("feeds.county-sar.raw", 0, 0, null, [1, 2, 3]);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar", new Rejection("ingest", "bad", "field")));

        Assert.Equal(
            EveryHeaderButField.Append(DeadLetterHeaders.Field).Order(StringComparer.Ordinal),
            message.Headers!.Select(h => h.Key).Order(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    [Fact]
    public void FieldHeaderIsLeftOutWhenTheRejectionNamesNoField()
    {
        var record = Consumed("feeds.county-sar.raw", 0, 7, null, [1]);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar", new Rejection("process", "not valid JSON")));

        Assert.Null(message.Headers.GetString(DeadLetterHeaders.Field));
        Assert.Equal(
            EveryHeaderButField.Order(StringComparer.Ordinal),
            message.Headers!.Select(h => h.Key).Order(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    [Fact]
    public void TimeHeaderIsTheInjectedClocksUtcTimeInRoundTripFormat()
    {
        _time.Advance(TimeSpan.FromHours(30) + TimeSpan.FromTicks(7));
        var record = Consumed("t", 0, 0, null, [1]);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad")));

        var text = message.Headers.GetString(DeadLetterHeaders.Time)!;
        Assert.Equal("2026-03-15T21:09:26.5350007+00:00", text);
        Assert.Equal(_time.Now, DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MessageGoesToTheDeadLetterTopicWithTheOriginalKey()
    {
        var key = "geo-cell-42"u8.ToArray();
        var record = Consumed("feeds.county-sar.raw", 2, 9, key, [1, 2]);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar", new Rejection("ingest", "bad")));

        Assert.Equal(DeadLetterTopic, message.Topic);
        Assert.Equal(key, message.Key);
        Assert.Null(message.Partition);
    }

    [Fact]
    public void RecordWithoutAKeyIsDeadLetteredWithoutOne()
    {
        var record = Consumed("feeds.county-sar.raw", 2, 9, null, [1, 2]);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar", new Rejection("ingest", "bad")));

        Assert.Null(message.Key);
    }

    [Fact]
    public void PayloadOverTheCapIsCutToExactlyTheCapAndMarkedTruncated()
    {
        var payload = Enumerable.Range(0, _options.DeadLetterMaxPayloadBytes + 1).Select(i => (byte)i).ToArray();
        var record = Consumed("t", 0, 0, null, payload);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "record too large")));

        Assert.Equal(payload[.._options.DeadLetterMaxPayloadBytes], message.Value);
        Assert.Equal("true", message.Headers.GetString(DeadLetterHeaders.Truncated));
        Assert.Equal("17", message.Headers.GetString(DeadLetterHeaders.OriginalSize));
    }

    [Fact]
    public void PayloadOfExactlyTheCapIsKeptWholeAndNotMarkedTruncated()
    {
        var payload = Enumerable.Range(100, _options.DeadLetterMaxPayloadBytes).Select(i => (byte)i).ToArray();
        var record = Consumed("t", 0, 0, null, payload);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad")));

        Assert.Equal(payload, message.Value);
        Assert.Equal("false", message.Headers.GetString(DeadLetterHeaders.Truncated));
        Assert.Equal("16", message.Headers.GetString(DeadLetterHeaders.OriginalSize));
    }

    [Fact]
    public void LargePayloadIsCutToTheDefaultCap()
    {
        var options = new KafkaOptions();
        var publisher = new DeadLetterPublisher(_producer, options, _time, NullLogger<DeadLetterPublisher>.Instance);
        var payload = Encoding.UTF8.GetBytes(new string('x', options.DeadLetterMaxPayloadBytes * 2));
        var record = Consumed("t", 0, 0, null, payload);

        var message = publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "record too large")));

        Assert.Equal(256 * 1024, message.Value.Length);
        Assert.Equal((256 * 1024 * 2).ToString(CultureInfo.InvariantCulture), message.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("true", message.Headers.GetString(DeadLetterHeaders.Truncated));
    }

    [Fact]
    public void NullPayloadIsDeadLetteredAsAnEmptyOneOfSizeZero()
    {
        var record = Consumed("t", 1, 2, "k"u8.ToArray(), null!);

        var message = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "empty record")));

        Assert.NotNull(message.Value);
        Assert.Empty(message.Value);
        Assert.Equal("0", message.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("false", message.Headers.GetString(DeadLetterHeaders.Truncated));
        Assert.Equal("empty record", message.Headers.GetString(DeadLetterHeaders.Reason));
    }

    [Fact]
    public void BuildingDoesNotAlterTheConsumedRecord()
    {
        var payload = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        var record = Consumed("t", 0, 0, null, payload);

        _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad")));

        Assert.Same(payload, record.Message.Value);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (byte)i), record.Message.Value);
        Assert.Null(record.Message.Headers);
    }

    [Fact]
    public void ARejectedRecordOfAMessageKeepsItsOwnPayloadAndNamesItsPosition()
    {
        var message = "sar_id,narrative\nS-1,ok\nS-2,\n"u8.ToArray();
        var row = "S-2,"u8.ToArray();
        var record = Consumed("feeds.county-sar.raw", 3, 88, "k"u8.ToArray(), message);

        var built = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "county-sar",
            new Rejection("ingest", "narrative is missing", "narrative"), RecordIndex: 1, Payload: row));

        Assert.Equal(row, built.Value);
        var headers = built.Headers!;
        Assert.Equal("1", headers.GetString(DeadLetterHeaders.OriginalRecord));
        Assert.Equal("4", headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("false", headers.GetString(DeadLetterHeaders.Truncated));
        // The position is still the message's: topic, partition, offset, and the key it was sent with.
        Assert.Equal("feeds.county-sar.raw", headers.GetString(DeadLetterHeaders.OriginalTopic));
        Assert.Equal("3", headers.GetString(DeadLetterHeaders.OriginalPartition));
        Assert.Equal("88", headers.GetString(DeadLetterHeaders.OriginalOffset));
        Assert.Equal("k"u8.ToArray(), built.Key);
        Assert.Equal(
            EveryHeaderButField.Append(DeadLetterHeaders.Field).Append(DeadLetterHeaders.OriginalRecord).Order(StringComparer.Ordinal),
            headers.Select(h => h.Key).Order(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    [Fact]
    public void ARecordPayloadOverTheCapIsCutAndItsOwnSizeIsReported()
    {
        var row = Enumerable.Range(0, _options.DeadLetterMaxPayloadBytes + 4).Select(i => (byte)i).ToArray();
        var record = Consumed("t", 0, 5, null, new byte[1000]);

        var built = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "record too large"), 7, row));

        Assert.Equal(row[.._options.DeadLetterMaxPayloadBytes], built.Value);
        Assert.Equal("true", built.Headers.GetString(DeadLetterHeaders.Truncated));
        Assert.Equal("20", built.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("7", built.Headers.GetString(DeadLetterHeaders.OriginalRecord));
    }

    [Fact]
    public void AnEmptyRecordPayloadIsKeptEmptyRatherThanReplacedByTheMessage()
    {
        var record = Consumed("t", 0, 5, null, [1, 2, 3]);

        var built = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "empty row"), 0, []));

        Assert.Empty(built.Value);
        Assert.Equal("0", built.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("0", built.Headers.GetString(DeadLetterHeaders.OriginalRecord));
    }

    [Fact]
    public void ARecordIndexWithoutAPayloadKeepsTheWholeMessage()
    {
        var record = Consumed("t", 0, 5, null, [1, 2, 3]);

        var built = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad"), RecordIndex: 2));

        Assert.Equal([1, 2, 3], built.Value);
        Assert.Equal("3", built.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Equal("2", built.Headers.GetString(DeadLetterHeaders.OriginalRecord));
    }

    [Fact]
    public void APayloadWithoutARecordIndexIsKeptWithoutARecordHeader()
    {
        var record = Consumed("t", 0, 5, null, [1, 2, 3]);

        var built = _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad"), Payload: [9]));

        Assert.Equal([9], built.Value);
        Assert.Equal("1", built.Headers.GetString(DeadLetterHeaders.OriginalSize));
        Assert.Null(built.Headers.GetString(DeadLetterHeaders.OriginalRecord));
    }

    [Fact]
    public void ANegativeRecordIndexIsRefused()
    {
        var record = Consumed("t", 0, 5, null, [1]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _publisher.Build(new DeadLetter(record, DeadLetterTopic, "f", new Rejection("ingest", "bad"), RecordIndex: -1)));

        Assert.Contains(nameof(DeadLetter.RecordIndex), error.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingNothingReturnsAtOnceWithoutABroker()
    {
        // The producer points at a port nobody listens on: anything sent would never be acknowledged.
        var publish = _publisher.PublishAsync([], TestContext.Current.CancellationToken);

        Assert.True(publish.IsCompletedSuccessfully);
        await publish;
    }

    internal static ConsumeResult<byte[]?, byte[]> Consumed(string topic, int partition, long offset, byte[]? key, byte[] value, Headers? headers = null) => new()
    {
        Topic = topic,
        Partition = new Partition(partition),
        Offset = new Offset(offset),
        Message = new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers },
    };
}
