using Confluent.Kafka;

namespace Pipeline.Kafka.Tests;

public sealed class KafkaHeadersTests
{
    [Theory]
    [InlineData("ingest")]
    [InlineData("")]
    [InlineData("Zürich — 東京 ✓")]
    public void StringWrittenIsTheStringRead(string value)
    {
        var headers = new Headers().AddString("h", value);

        Assert.Equal(value, headers.GetString("h"));
    }

    [Fact]
    public void TextIsStoredAsUtf8()
    {
        var headers = new Headers().AddString("h", "é");

        Assert.Equal([0xC3, 0xA9], headers.GetLastBytes("h"));
    }

    [Fact]
    public void AddStringReturnsTheSameHeadersForChaining()
    {
        var headers = new Headers();

        Assert.Same(headers, headers.AddString("a", "1"));
    }

    [Fact]
    public void LastValueOfARepeatedHeaderWins()
    {
        var headers = new Headers().AddString("h", "first").AddString("other", "x").AddString("h", "second");

        Assert.Equal("second", headers.GetString("h"));
        Assert.Equal(3, headers.Count);
    }

    [Fact]
    public void MissingHeaderReadsAsNull()
    {
        var headers = new Headers().AddString("present", "1");

        Assert.Null(headers.GetString("absent"));
    }

    [Fact]
    public void HeaderNamesAreCaseSensitive()
    {
        var headers = new Headers().AddString("dlq.reason", "bad");

        Assert.Null(headers.GetString("DLQ.REASON"));
    }

    [Fact]
    public void HeaderWithANullValueReadsAsNullInsteadOfThrowing()
    {
        // Kafka allows a header without a value, and any producer can write one: ProcessBatchHandler
        // reads the raw-timestamp header of every consumed record with GetString.
        var headers = new Headers { { "pipeline.raw.timestamp", null } };

        Assert.Null(headers.GetString("pipeline.raw.timestamp"));
    }

    [Fact]
    public void NoHeadersAtAllReadAsNull()
    {
        Headers? headers = null;

        Assert.Null(headers.GetString("h"));
    }
}
