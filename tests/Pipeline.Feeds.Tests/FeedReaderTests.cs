using System.Text;
using static Pipeline.Feeds.Tests.TestFeeds;

namespace Pipeline.Feeds.Tests;

public sealed class FeedReaderTests
{
    [Fact]
    public void ForPicksTheReaderOfTheFeedsFormat()
    {
        Assert.IsType<SarJsonReader>(FeedReader.For(new FeedOptions { Id = "a", Format = FeedFormat.SarJson }));
        Assert.IsType<CadJsonReader>(FeedReader.For(new FeedOptions { Id = "b", Format = FeedFormat.CadJson }));
    }

    [Fact]
    public void ForRejectsAnUnknownFormat()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedReader.For(new FeedOptions { Id = "a", Format = (FeedFormat)99 }));
    }

    [Fact]
    public void ReadRequiresAContext()
    {
        Assert.Throws<ArgumentNullException>(() => Sar.Read(Utf8(ValidSar), null!));
    }

    [Theory]
    [InlineData("sar")]
    [InlineData("cad")]
    public void EmptyPayloadIsRejected(string kind)
    {
        AssertRejected(ReaderFor(kind).Read([], Context), "record is empty", null);
    }

    [Theory]
    [InlineData("sar")]
    [InlineData("cad")]
    public void PayloadOverMaxRecordBytesIsRejectedBySizeWithoutParsing(string kind)
    {
        // Neither valid UTF-8 nor JSON: any parsing would give a different reason.
        var payload = new byte[(1024 * 1024) + 1];
        Array.Fill(payload, (byte)0xFF);

        var result = ReaderFor(kind).Read(payload, Context);

        AssertRejected(result, "record is 1048577 bytes, over the feed's limit of 1048576 bytes", null);
    }

    [Fact]
    public void PayloadOfExactlyMaxRecordBytesIsRead()
    {
        var record = Utf8(ValidSar);
        var payload = new byte[1024 * 1024];
        Array.Fill(payload, (byte)' ');
        record.CopyTo(payload, 0);

        var report = Accepted(Sar.Read(payload, Context));

        Assert.Equal("demo-sar:SAR-2026-000123", report.IdempotencyKey);
    }

    [Fact]
    public void SmallerConfiguredLimitIsHonoured()
    {
        var reader = FeedReader.For(new FeedOptions { Id = "small", Format = FeedFormat.SarJson, MaxRecordBytes = 1024 });
        var payload = WithString(ValidSar, "narrative", new string('n', 1024));

        var result = reader.Read(payload, Context);

        AssertRejected(result, $"record is {payload.Length} bytes, over the feed's limit of 1024 bytes", null);
    }

    [Theory]
    [InlineData("C3 28")]
    [InlineData("80")]
    [InlineData("C0 AF")]
    [InlineData("FF")]
    [InlineData("ED A0 80")]
    [InlineData("E2 82")]
    public void InvalidUtf8IsRejectedWithTheOffsetOfTheFirstBadByte(string badBytesHex)
    {
        var prefix = Utf8("{\"sarId\":\"S-");
        var suffix = Utf8("-1\",\"occurredAt\":\"2026-03-08T10:00:00Z\",\"narrative\":\"n\"}");
        byte[] payload = [.. prefix, .. Convert.FromHexString(badBytesHex.Replace(" ", "", StringComparison.Ordinal)), .. suffix];

        var result = Sar.Read(payload, Context);

        AssertRejected(result, $"record is not valid UTF-8 (first bad byte at offset {prefix.Length})", null);
    }

    [Theory]
    [InlineData("{\"sarId\":\"S-1\",\"occ", "(line 1, byte 20)")]
    [InlineData("{\n\"sarId\": \"S-1\",\n\"occ", "(line 3, byte 5)")]
    [InlineData("{\"sarId\":\"S-1\",}", "(line 1, byte 16)")]
    [InlineData("{\"sarId\":'S-1'}", "(line 1, byte 10)")]
    public void MalformedJsonIsRejectedWithItsOneBasedPosition(string payload, string position)
    {
        var rejection = Rejected(Sar.Read(Utf8(payload), Context));

        Assert.StartsWith("malformed JSON: ", rejection.Reason, StringComparison.Ordinal);
        Assert.EndsWith(position, rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", rejection.Reason, StringComparison.Ordinal);
        Assert.Null(rejection.Field);
    }

    [Fact]
    public void TruncatedJsonIsRejectedWithTheParsersProblemAndPosition()
    {
        AssertRejected(
            Sar.Read(Utf8("{\"sarId\":\"S-1\",\"occ"), Context),
            "malformed JSON: Expected end of string, but instead reached end of data (line 1, byte 20)",
            null);
    }

    [Theory]
    [InlineData("[]", "Array")]
    [InlineData("[{\"sarId\":\"S-1\",\"occurredAt\":\"2026-03-08T10:00:00Z\",\"narrative\":\"n\"}]", "Array")]
    [InlineData("42", "Number")]
    [InlineData("\"S-1\"", "String")]
    [InlineData("null", "Null")]
    [InlineData("true", "True")]
    public void JsonThatIsNotAnObjectIsRejected(string payload, string kind)
    {
        AssertRejected(Sar.Read(Utf8(payload), Context), $"expected a JSON object, got {kind}", null);
        AssertRejected(Cad.Read(Utf8(payload), Context), $"expected a JSON object, got {kind}", null);
    }

    [Fact]
    public void JsonNested100DeepIsRejectedAsMalformed()
    {
        var payload = Utf8(
            "{\"sarId\":\"S-1\",\"occurredAt\":\"2026-03-08T10:00:00Z\",\"narrative\":\"n\",\"extra\":"
            + new string('[', 100) + new string(']', 100) + "}");

        var rejection = Rejected(Sar.Read(payload, Context));

        Assert.StartsWith("malformed JSON: ", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("maximum configured depth of 32", rejection.Reason, StringComparison.Ordinal);
        Assert.Null(rejection.Field);
    }

    [Fact]
    public void UnknownFieldsNestedWithinTheDepthLimitAreIgnored()
    {
        var payload = With(ValidSar, "extra", new string('[', 20) + new string(']', 20));

        var report = Accepted(Sar.Read(payload, Context));

        Assert.Equal("demo-sar:SAR-2026-000123", report.IdempotencyKey);
    }

    [Theory]
    [InlineData("sar", "subjects", "\"JOHN-SMITH-PII\"")]
    [InlineData("sar", "vehicles", "[[\"JOHN-SMITH-PII\"]]")]
    [InlineData("sar", "location.latitude", "\"JOHN-SMITH-PII\"")]
    [InlineData("sar", "location", "\"JOHN-SMITH-PII\"")]
    [InlineData("sar", "occurredAt", "\"JOHN-SMITH-PII\"")]
    [InlineData("sar", "narrative", "{\"name\":\"JOHN-SMITH-PII\"}")]
    [InlineData("sar", "sarId", "\"JOHN-SMITH-PII\\u0007\"")]
    [InlineData("sar", "protectedAttributes", "{\"race\":[\"JOHN-SMITH-PII\"]}")]
    [InlineData("cad", "priority", "\"JOHN-SMITH-PII\"")]
    [InlineData("cad", "dispatch_longitude", "\"JOHN-SMITH-PII\"")]
    [InlineData("cad", "cad_event_original_time_queued", "\"JOHN-SMITH-PII\"")]
    [InlineData("cad", "call_type", "[\"JOHN-SMITH-PII\"]")]
    public void RejectionReasonNeverContainsTheOffendingValue(string kind, string path, string valueJson)
    {
        var rejection = Rejected(ReaderFor(kind).Read(With(ValidFor(kind), path, valueJson), Context));

        Assert.DoesNotContain("JOHN", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("PII", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains(path, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongIdRejectionDoesNotRepeatTheId()
    {
        var rejection = Rejected(Sar.Read(WithString(ValidSar, "sarId", "JOHN-SMITH-PII-" + new string('x', 200)), Context));

        Assert.DoesNotContain("JOHN", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonRejectionDoesNotRepeatTheUnquotedValue()
    {
        var rejection = Rejected(Sar.Read(Utf8("{\"sarId\":JOHN-SMITH-PII}"), Context));

        Assert.StartsWith("malformed JSON: ", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("JOHN", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sar", """{"sarId":"\uD800","occurredAt":"2026-03-08T10:00:00Z","narrative":"n"}""")]
    [InlineData("sar", """{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"a\uDC00b"}""")]
    [InlineData("sar", """{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"n","subjects":["\uD83D"]}""")]
    [InlineData("sar", """{"sarId":"S-1","occurredAt":"2026-03-08T10:00:00Z","narrative":"n","protectedAttributes":{"\uDC00":"x"}}""")]
    [InlineData("cad", """{"cad_event_number":"C-1","cad_event_original_time_queued":"\uD800","call_type":"x"}""")]
    [InlineData("cad", """{"cad_event_number":"C-1","cad_event_original_time_queued":"2026-03-08T10:00:00Z","call_type":"x","notes":"\uD800"}""")]
    public void EscapedLoneSurrogateNeverMakesReadThrow(string kind, string payload)
    {
        // The payload is valid UTF-8 and valid JSON: the \uXXXX escapes are plain ASCII on the wire.
        Assert.True(Encoding.UTF8.GetString(Utf8(payload)).Contains("\\u", StringComparison.Ordinal));

        var result = ReaderFor(kind).Read(Utf8(payload), Context);

        Assert.True(result.Report is null != result.Rejection is null);
    }
}
