using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts;

namespace Pipeline.Kafka.Tests;

public sealed class DeadLetterRecordTests : IDisposable
{
    private readonly KafkaOptions _options = new() { DeadLetterMaxPayloadBytes = 4 };
    private readonly KafkaProducer _producer;
    private readonly DeadLetterPublisher _publisher;

    public DeadLetterRecordTests()
    {
        _producer = new KafkaProducer(_options, "127.0.0.1:1", "dead-letter-record-tests");
        _publisher = new DeadLetterPublisher(_producer, _options, new FakeTimeProvider(), NullLogger<DeadLetterPublisher>.Instance);
    }

    public void Dispose() => _producer.Dispose();

    [Fact]
    public void ReadsBackEverythingTheBuilderWrote()
    {
        var original = DeadLetterPublisherTests.Consumed("feeds.county-cad.raw", 5, 9_000_000_000, "key"u8.ToArray(), [1, 2, 3]);
        var built = _publisher.Build(new DeadLetter(original, "feeds.county-cad.dlq", "county-cad", new Rejection("ingest", "time is not ISO 8601", "occurred_at")));

        var record = DeadLetterRecord.From(AsConsumed(built));

        Assert.NotNull(record);
        Assert.Equal(new DeadLetterRecord("ingest", "time is not ISO 8601", "occurred_at", "county-cad", "feeds.county-cad.raw", 5, 9_000_000_000, 0, 3, false, record.Payload) { Time = record.Time }, record);
        Assert.NotNull(record.Time);
        Assert.Equal([1, 2, 3], record.Payload);
        Assert.Equal(("feeds.county-cad.raw", 5, 9_000_000_000L, 0), record.OriginalPosition);
    }

    [Fact]
    public void ReadsBackATruncatedPayloadWithItsOriginalSize()
    {
        var original = DeadLetterPublisherTests.Consumed("feeds.county-sar.raw", 0, 1, null, [9, 8, 7, 6, 5, 4]);
        var built = _publisher.Build(new DeadLetter(original, "feeds.county-sar.dlq", "county-sar", new Rejection("process", "too large")));

        var record = DeadLetterRecord.From(AsConsumed(built));

        Assert.NotNull(record);
        Assert.True(record.Truncated);
        Assert.Equal(6, record.OriginalSize);
        Assert.Equal([9, 8, 7, 6], record.Payload);
        Assert.Null(record.Field);
        Assert.Equal("process", record.Stage);
    }

    [Fact]
    public void MessageWithoutAReasonHeaderIsNotADeadLetter()
    {
        var headers = new Headers()
            .AddString(DeadLetterHeaders.Stage, "ingest")
            .AddString(DeadLetterHeaders.Feed, "county-sar")
            .AddString(DeadLetterHeaders.OriginalTopic, "feeds.county-sar.raw");

        Assert.Null(DeadLetterRecord.From(DeadLetterPublisherTests.Consumed("x", 0, 0, null, [1], headers)));
    }

    [Fact]
    public void MessageWithoutAnyHeadersIsNotADeadLetter()
    {
        Assert.Null(DeadLetterRecord.From(DeadLetterPublisherTests.Consumed("x", 0, 0, null, [1])));
    }

    [Fact]
    public void MissingPositionHeadersReadAsUnknownRatherThanFailing()
    {
        var headers = new Headers().AddString(DeadLetterHeaders.Reason, "bad");

        var record = DeadLetterRecord.From(DeadLetterPublisherTests.Consumed("x", 0, 0, null, [1], headers));

        Assert.NotNull(record);
        Assert.Equal(("", -1, -1L, 0), record.OriginalPosition);
        Assert.Equal(0, record.OriginalSize);
        Assert.False(record.Truncated);
        Assert.Equal("", record.Stage);
        Assert.Equal("", record.FeedId);
    }

    [Fact]
    public void ReadsBackTheRejectedRecordsPositionWithinItsMessageAndItsOwnPayload()
    {
        var original = DeadLetterPublisherTests.Consumed("feeds.county-cad.raw", 2, 41, null, "a,b\n1,2\n3,x\n"u8.ToArray());
        var built = _publisher.Build(new DeadLetter(original, "feeds.county-cad.dlq", "county-cad",
            new Rejection("ingest", "b is not a number", "b"), RecordIndex: 1, Payload: "3,x"u8.ToArray()));

        var record = DeadLetterRecord.From(AsConsumed(built));

        Assert.NotNull(record);
        Assert.Equal(1, record.OriginalRecord);
        Assert.Equal(("feeds.county-cad.raw", 2, 41L, 1), record.OriginalPosition);
        Assert.Equal("3,x"u8.ToArray(), record.Payload);
        Assert.Equal(3, record.OriginalSize);
        Assert.False(record.Truncated);
    }

    [Fact]
    public void TwoRejectedRecordsOfOneMessageHaveTwoPositions()
    {
        var original = DeadLetterPublisherTests.Consumed("feeds.county-cad.raw", 0, 7, null, [1, 2]);
        DeadLetterRecord? Read(int index) => DeadLetterRecord.From(AsConsumed(_publisher.Build(
            new DeadLetter(original, "feeds.county-cad.dlq", "county-cad", new Rejection("ingest", "bad"), index, [(byte)index]))));

        var first = Read(0);
        var second = Read(1);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first.OriginalPosition, second.OriginalPosition);
        Assert.Equal(("feeds.county-cad.raw", 0, 7L, 0), first.OriginalPosition);
        Assert.Equal(("feeds.county-cad.raw", 0, 7L, 1), second.OriginalPosition);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("99999999999")]
    public void AnUnreadableRecordHeaderReadsAsUnknown(string value)
    {
        var headers = new Headers().AddString(DeadLetterHeaders.Reason, "bad").AddString(DeadLetterHeaders.OriginalRecord, value);

        var record = DeadLetterRecord.From(DeadLetterPublisherTests.Consumed("x", 0, 0, null, [1], headers));

        Assert.NotNull(record);
        Assert.Equal(-1, record.OriginalRecord);
    }

    private static ConsumeResult<byte[]?, byte[]> AsConsumed(OutgoingMessage message) =>
        DeadLetterPublisherTests.Consumed(message.Topic, 0, 0, message.Key, message.Value, message.Headers);
}
