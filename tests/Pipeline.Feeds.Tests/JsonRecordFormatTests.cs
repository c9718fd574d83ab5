using System.Text;
using Pipeline.Feeds.Formats;
using static Pipeline.Feeds.Tests.FeedTestSupport;

namespace Pipeline.Feeds.Tests;

public sealed class JsonRecordFormatTests
{
    private static readonly JsonRecordFormat Plain = new(new JsonFormatOptions());

    // ---- message shapes ----

    [Fact]
    public void OneObjectIsOneRecordAtIndexZero()
    {
        var result = Extract(Plain, Utf8("""{ "id": "A1", "type": "THEFT" }""")).Single();

        Assert.Equal(0, result.Index);
        Assert.Equal(["A1"], Values(Plain, result.Record!, "id"));
        Assert.Equal(["THEFT"], Values(Plain, result.Record!, "type"));
    }

    [Fact]
    public void ArrayOfObjectsGivesOneRecordEachIndexedInOrder()
    {
        var records = Extract(Plain, Utf8("""[{ "id": "A1" }, { "id": "A2" }, { "id": "A3" }]"""));

        Assert.Equal([0, 1, 2], records.Select(r => r.Index));
        Assert.Equal(["A1", "A2", "A3"], records.Select(r => Values(Plain, r.Record!, "id").Single()));
    }

    [Fact]
    public void RawTextIsTheRecordsOwnElement()
    {
        var records = Extract(Plain, Utf8("""[{ "id": "A1" },{"id":"A2"}]"""));

        Assert.Equal("""{ "id": "A1" }""", records[0].RawText);
        Assert.Equal("""{"id":"A2"}""", records[1].Record!.RawText);
    }

    [Fact]
    public void RecordPathToAnArrayGivesItsElements()
    {
        var format = new JsonRecordFormat(new JsonFormatOptions("data.items"));

        var records = Extract(format, Utf8("""{ "meta": { "count": 2 }, "data": { "items": [{ "id": "A1" }, { "id": "A2" }] } }"""));

        Assert.Equal(["A1", "A2"], records.Select(r => Values(format, r.Record!, "id").Single()));
    }

    [Fact]
    public void RecordPathToAnObjectGivesOneRecord()
    {
        var format = new JsonRecordFormat(new JsonFormatOptions("$.incident"));

        var result = Extract(format, Utf8("""{ "envelope": 1, "incident": { "id": "A1" } }""")).Single();

        Assert.Equal(["A1"], Values(format, result.Record!, "id"));
        Assert.Empty(Values(format, result.Record!, "envelope"));
    }

    [Theory]
    [InlineData("""{ "other": [] }""")]
    [InlineData("""{ "data": null }""")]
    [InlineData("""[{ "data": { "items": [] } }]""")]
    public void MissingRecordPathMakesTheMessageUnreadable(string json)
    {
        var format = new JsonRecordFormat(new JsonFormatOptions("data.items"));

        var result = Extract(format, Utf8(json)).Single();

        Assert.Null(result.Record);
        Assert.Equal("record path 'data.items' not found in the message", result.Problem);
    }

    [Fact]
    public void ArrayElementsThatAreNotObjectsAreUnreadableOneByOne()
    {
        var records = Extract(Plain, Utf8("""[{ "id": "A1" }, 42, "text", null, [1], true, { "id": "A7" }]"""));

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], records.Select(r => r.Index));
        Assert.NotNull(records[0].Record);
        Assert.Equal("record 1 is a number, not an object", records[1].Problem);
        Assert.Equal("record 2 is a string, not an object", records[2].Problem);
        Assert.Equal("record 3 is null, not an object", records[3].Problem);
        Assert.Equal("record 4 is an array, not an object", records[4].Problem);
        Assert.Equal("record 5 is a boolean, not an object", records[5].Problem);
        Assert.Equal(["A7"], Values(Plain, records[6].Record!, "id"));
    }

    [Theory]
    [InlineData("\"just text\"", "expected a JSON object or array, got a string")]
    [InlineData("17", "expected a JSON object or array, got a number")]
    [InlineData("null", "expected a JSON object or array, got null")]
    [InlineData("[]", "the message holds an empty array: no records")]
    public void MessageThatHoldsNoObjectIsOneUnreadableResult(string json, string reason)
    {
        var result = Extract(Plain, Utf8(json)).Single();

        Assert.Null(result.Record);
        Assert.Equal(reason, result.Problem);
    }

    // ---- field paths ----

    [Fact]
    public void PathsReachNestedPropertiesIndexesAndEveryElement()
    {
        var record = Extract(Plain, Utf8("""
            {
              "location": { "address": { "line": "12 MAIN ST" } },
              "codes": ["A", "B", "C"],
              "subjects": [{ "description": "TALL" }, { "description": "SHORT" }, { "other": 1 }],
              "grid": [[1, 2], [3, 4]]
            }
            """)).Single().Record!;

        Assert.Equal(["12 MAIN ST"], Values(Plain, record, "location.address.line"));
        Assert.Equal(["12 MAIN ST"], Values(Plain, record, "$.location.address.line"));
        Assert.Equal(["B"], Values(Plain, record, "codes[1]"));
        Assert.Empty(Values(Plain, record, "codes[3]"));
        Assert.Equal(["TALL", "SHORT"], Values(Plain, record, "subjects[*].description"));
        Assert.Equal(["SHORT"], Values(Plain, record, "subjects[1].description"));
        Assert.Equal(["3"], Values(Plain, record, "grid[1][0]"));
        Assert.Equal(["2", "4"], Values(Plain, record, "grid[*][1]"));
        Assert.Empty(Values(Plain, record, "location.missing.line"));
        Assert.Empty(Values(Plain, record, "codes.first"));
    }

    [Fact]
    public void NamesWithAColonAreOrdinaryPropertyNames()
    {
        var record = Extract(Plain, Utf8("""{ "locationByValue": { "gml:Point": { "gml:pos": "37.8703 -122.2680" } } }""")).Single().Record!;

        Assert.Equal(["37.8703 -122.2680"], Values(Plain, record, "locationByValue.gml:Point.gml:pos"));
    }

    [Fact]
    public void NumbersAndBooleansAreReadAsTheirJsonText()
    {
        var record = Extract(Plain, Utf8("""{ "priority": 3, "lat": -122.2680, "big": 1e3, "yes": true, "no": false }""")).Single().Record!;

        Assert.Equal(["3"], Values(Plain, record, "priority"));
        Assert.Equal(["-122.2680"], Values(Plain, record, "lat"));
        Assert.Equal(["1e3"], Values(Plain, record, "big"));
        Assert.Equal(["true"], Values(Plain, record, "yes"));
        Assert.Equal(["false"], Values(Plain, record, "no"));
    }

    [Fact]
    public void ArrayOfScalarsGivesSeveralValuesAndSkipsNulls()
    {
        var record = Extract(Plain, Utf8("""{ "subjects": ["W/M 30S", null, "DARK JACKET", 7] }""")).Single().Record!;

        Assert.Equal(["W/M 30S", "DARK JACKET", "7"], Values(Plain, record, "subjects"));
        Assert.Equal(["W/M 30S", "DARK JACKET", "7"], Values(Plain, record, "subjects[*]"));
    }

    [Fact]
    public void NullIsAbsent()
    {
        var record = Extract(Plain, Utf8("""{ "notes": null, "list": [null], "nested": { "a": null } }""")).Single().Record!;

        Assert.Empty(Values(Plain, record, "notes"));
        Assert.Empty(Values(Plain, record, "list[0]"));
        Assert.Empty(Values(Plain, record, "list"));
        Assert.Empty(Values(Plain, record, "nested.a"));
    }

    [Fact]
    public void ObjectValueIsItsCompactJson()
    {
        var record = Extract(Plain, Utf8("""{ "location": { "lat" : 1.5,  "tags": [ "a", "b" ] } }""")).Single().Record!;

        Assert.Equal(["""{"lat":1.5,"tags":["a","b"]}"""], Values(Plain, record, "location"));
    }

    [Fact]
    public void FieldNamesAreTheTopLevelProperties()
    {
        var record = Extract(Plain, Utf8("""{ "id": "A1", "location": { "lat": 1 }, "tags": [], "notes": null }""")).Single().Record!;

        Assert.Equal(["id", "location", "notes", "tags"], record.FieldNames.Order(StringComparer.Ordinal));
    }

    // ---- unreadable messages ----

    [Fact]
    public void MalformedJsonIsUnreadableWithItsLineAndByteButNoContent()
    {
        var result = Extract(Plain, Utf8("{\n  \"id\": \"SECRET-VALUE\",\n  \"type\": THEFT\n}")).Single();

        Assert.Null(result.Record);
        Assert.Equal(0, result.Index);
        Assert.Null(result.RawText);
        Assert.StartsWith("malformed JSON (line 3, byte ", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("THEFT", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": 1 /* note */}")]
    [InlineData("[{\"a\": 1}")]
    [InlineData("{\"a\": \"\\x\"}")]
    public void SyntaxErrorsAreMalformedJson(string json)
    {
        var result = Extract(Plain, Utf8(json)).Single();

        Assert.Null(result.Record);
        Assert.StartsWith("malformed JSON (line 1, byte ", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingContentAfterTheMessageIsMalformedJsonRatherThanSilentlyDropped()
    {
        // A second object concatenated after the first would otherwise be lost without a trace.
        var results = Extract(Plain, Utf8("""{ "id": "A1" } { "id": "A2" }"""));

        var result = Assert.Single(results);
        Assert.Null(result.Record);
        Assert.StartsWith("malformed JSON", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65, '[', ']')]
    [InlineData(100_000, '[', ']')]
    public void DepthBombIsMalformedJson(int depth, char open, char close)
    {
        var json = new string(open, depth) + new string(close, depth);

        var result = Extract(Plain, Utf8(json)).Single();

        Assert.Null(result.Record);
        Assert.Null(result.RawText);
        Assert.Matches(@"^malformed JSON \(line 1, byte \d+\)$", result.Problem);
    }

    [Fact]
    public void ObjectDepthBombIsMalformedJsonWhileTheLimitItselfIsAllowed()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);
        var format = new JsonRecordFormat(new JsonFormatOptions(MaxDepth: 8));

        var atLimit = Extract(format, Utf8(Nested(8))).Single();
        var over = Extract(format, Utf8(Nested(9))).Single();

        Assert.NotNull(atLimit.Record);
        Assert.StartsWith("malformed JSON (line 1, byte ", over.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsUnreadable()
    {
        var message = Utf8("{\"id\": \"A").Concat(new byte[] { 0xFF, 0xFE }).Concat(Utf8("\"}")).ToArray();

        var result = Extract(Plain, message).Single();

        Assert.Null(result.Record);
        Assert.Equal("message is not valid UTF-8", result.Problem);
    }

    [Fact]
    public void EmptyMessageIsUnreadable()
    {
        var result = Extract(Plain, []).Single();

        Assert.Equal("message is empty", result.Problem);
    }

    [Fact]
    public void MessageOverTheSizeLimitIsRejectedUnread()
    {
        var format = new JsonRecordFormat(new JsonFormatOptions(MaxMessageBytes: 16));

        var result = Extract(format, Utf8("""{ "id": "A1", "notes": "long" }""")).Single();

        Assert.Equal("message is 31 bytes, over the limit of 16 bytes", result.Problem);
    }

    [Fact]
    public void PropertyNameWithAnEscapedLoneSurrogateDoesNotStopTheOtherFieldsBeingRead()
    {
        var record = Extract(Plain, Utf8("""{ "id": "A1", "\udc00key": 1 }""")).Single().Record!;

        Assert.Equal(["A1"], Values(Plain, record, "id"));
        Assert.Equal(2, record.FieldNames.Count);
    }

    [Fact]
    public void ValueWithAnEscapedLoneSurrogateIsReadWithoutThrowing()
    {
        var record = Extract(Plain, Utf8("""{ "id": "A\ud800B" }""")).Single().Record!;

        Assert.Single(Values(Plain, record, "id"));
    }

    // ---- compiling paths ----

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData("$.", "is empty")]
    [InlineData("a..b", "has an empty step")]
    [InlineData(".a", "has an empty step")]
    [InlineData("a.", "has an empty step")]
    [InlineData("codes[", "has an unclosed '['")]
    [InlineData("codes[x]", "has an index that is neither a number nor '*'")]
    [InlineData("codes[-1]", "has an index that is neither a number nor '*'")]
    [InlineData("codes[]", "has an index that is neither a number nor '*'")]
    [InlineData("codes[0]x", "has text after ']'")]
    public void BadPathIsAFormatErrorNamingTheProblem(string expression, string problem)
    {
        var e = Assert.Throws<FormatException>(() => Plain.Compile(expression));

        Assert.Equal($"JSON path '{expression}' {problem}", e.Message);
    }

    [Fact]
    public void BadRecordPathFailsWhenTheFormatIsCreated()
    {
        Assert.Throws<FormatException>(() => new JsonRecordFormat(new JsonFormatOptions("items[")));
    }

    [Fact]
    public void DollarAloneSelectsTheWholeRecord()
    {
        var record = Extract(Plain, Utf8("""{"id":"A1"}""")).Single().Record!;

        Assert.Equal(["""{"id":"A1"}"""], Values(Plain, record, "$"));
    }

    [Fact]
    public void ValuesAreReadAsUtf8Text()
    {
        var record = Extract(Plain, Encoding.UTF8.GetBytes("{\"address\": \"Caf\u00e9 \\u00e9\"}")).Single().Record!;

        Assert.Equal(["Caf\u00e9 \u00e9"], Values(Plain, record, "address"));
    }
}
