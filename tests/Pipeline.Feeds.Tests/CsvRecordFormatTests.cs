using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Pipeline.Feeds.Formats;
using static Pipeline.Feeds.Tests.FeedTestSupport;

namespace Pipeline.Feeds.Tests;

public sealed class CsvRecordFormatTests
{
    private static readonly CsvRecordFormat WithHeader = new(new CsvFormatOptions());

    private static readonly CsvRecordFormat WithoutHeader = new(new CsvFormatOptions(HasHeader: false));

    // ---- header and selectors ----

    [Fact]
    public void HeaderRowNamesTheColumnsAndIsNotARecord()
    {
        var records = Extract(WithHeader, Utf8("id,type,notes\nA1,THEFT,window broken\nA2,ALARM,\n"));

        Assert.Equal([0, 1], records.Select(r => r.Index));
        var first = records[0].Record!;
        Assert.Equal(["A1"], Values(WithHeader, first, "id"));
        Assert.Equal(["THEFT"], Values(WithHeader, first, "type"));
        Assert.Equal(["window broken"], Values(WithHeader, first, "notes"));
        Assert.Equal(["A2"], Values(WithHeader, records[1].Record!, "id"));
    }

    [Fact]
    public void ColumnNamesMatchWithoutRegardToCaseOrSurroundingSpaces()
    {
        var record = Extract(WithHeader, Utf8(" Item_ID ,TypeText\nK1,THEFT\n")).Single().Record!;

        Assert.Equal(["K1"], Values(WithHeader, record, "item_id"));
        Assert.Equal(["K1"], Values(WithHeader, record, "ITEM_ID"));
        Assert.Equal(["THEFT"], Values(WithHeader, record, " typetext "));
    }

    [Fact]
    public void PositionalSelectorsAreOneBasedWithAndWithoutAHeader()
    {
        var withHeader = Extract(WithHeader, Utf8("a,b,c\n1,2,3\n")).Single().Record!;
        var withoutHeader = Extract(WithoutHeader, Utf8("1,2,3\n")).Single().Record!;

        Assert.Equal(["1"], Values(WithHeader, withHeader, "#1"));
        Assert.Equal(["3"], Values(WithHeader, withHeader, "#3"));
        Assert.Equal(["1"], Values(WithoutHeader, withoutHeader, "#1"));
        Assert.Equal(["2"], Values(WithoutHeader, withoutHeader, "#2"));
        Assert.Empty(Values(WithoutHeader, withoutHeader, "#4"));
    }

    [Fact]
    public void WithoutAHeaderEveryRowIsARecord()
    {
        var records = Extract(WithoutHeader, Utf8("id,type\nA1,THEFT\n"));

        Assert.Equal([0, 1], records.Select(r => r.Index));
        Assert.Equal(["id"], Values(WithoutHeader, records[0].Record!, "#1"));
    }

    [Fact]
    public void FieldNamesAreTheHeaderNamesOrPositions()
    {
        var named = Extract(WithHeader, Utf8("id,type\nA1,THEFT\n")).Single().Record!;
        var positional = Extract(WithoutHeader, Utf8("A1,THEFT,x\n")).Single().Record!;

        Assert.Equal(["id", "type"], named.FieldNames.Order(StringComparer.Ordinal));
        Assert.Equal(["#1", "#2", "#3"], positional.FieldNames);
    }

    [Fact]
    public void AColumnNotInTheHeaderIsAbsent()
    {
        var record = Extract(WithHeader, Utf8("id,type\nA1,THEFT\n")).Single().Record!;

        Assert.Empty(Values(WithHeader, record, "priority"));
    }

    // ---- quoting ----

    [Fact]
    public void QuotedFieldsHoldTheDelimiterAndDoubledQuotes()
    {
        var record = Extract(WithHeader, Utf8("id,type,notes\nA1,\"BOMB THREAT, CALLED IN\",\"caller said \"\"now\"\"\"\n")).Single().Record!;

        Assert.Equal(["BOMB THREAT, CALLED IN"], Values(WithHeader, record, "type"));
        Assert.Equal(["caller said \"now\""], Values(WithHeader, record, "notes"));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void QuotedFieldsHoldLineBreaksWithoutEndingTheRow(string lineBreak)
    {
        var text = $"id,notes,after{lineBreak}A1,\"first line{lineBreak}second line\",x{lineBreak}A2,single,y{lineBreak}";

        var records = Extract(WithHeader, Utf8(text));

        Assert.Equal(2, records.Count);
        Assert.Equal([$"first line{lineBreak}second line"], Values(WithHeader, records[0].Record!, "notes"));
        Assert.Equal(["x"], Values(WithHeader, records[0].Record!, "after"));
        Assert.Equal(["A2"], Values(WithHeader, records[1].Record!, "id"));
        Assert.Equal(1, records[1].Index);
    }

    [Fact]
    public void RawTextIsTheHeaderRowThenTheRecordsRowSoThatItReadsAsAMessageOfItsOwn()
    {
        var records = Extract(WithHeader, Utf8("id,notes\nA1,\"two\r\nlines\"\r\nA2,plain\n"));

        Assert.Equal("id,notes\r\nA1,\"two\r\nlines\"", records[0].RawText);
        Assert.Equal("id,notes\r\nA1,\"two\r\nlines\"", records[0].Record!.RawText);
        Assert.Equal("id,notes\r\nA2,plain", records[1].Record!.RawText);
    }

    [Fact]
    public void RawTextOfARecordIsReadBackAsTheSameRecord()
    {
        var record = Extract(WithHeader, Utf8("id,type,notes\nA1,\"BOMB THREAT, CALLED IN\",\"say \"\"hi\"\"\"\n")).Single().Record!;

        var again = Extract(WithHeader, Utf8(record.RawText)).Single().Record!;

        Assert.Equal(["BOMB THREAT, CALLED IN"], Values(WithHeader, again, "type"));
        Assert.Equal(["say \"hi\""], Values(WithHeader, again, "notes"));
    }

    [Fact]
    public void RawTextWithoutAHeaderIsTheRowAlone()
    {
        var records = Extract(WithoutHeader, Utf8("A1,\"x,y\"\r\nA2,z\r\n"));

        Assert.Equal("A1,\"x,y\"", records[0].RawText);
        Assert.Equal("A2,z", records[1].Record!.RawText);
    }

    [Fact]
    public void UnterminatedQuoteMakesThatRowUnreadableAfterTheRowsBeforeIt()
    {
        var records = Extract(WithHeader, Utf8("id,notes\nA1,fine\nA2,\"never closed\nA3,lost\n"));

        Assert.Equal(2, records.Count);
        Assert.Equal(["A1"], Values(WithHeader, records[0].Record!, "id"));
        Assert.Null(records[1].Record);
        Assert.Equal(1, records[1].Index);
        Assert.Equal("unterminated quoted field: the quote opened in this row never closes", records[1].Problem);
        Assert.Equal("id,notes\r\nA2,\"never closed\nA3,lost", records[1].RawText);
    }

    [Fact]
    public void TextAfterAClosingQuoteStaysInTheField()
    {
        var record = Extract(WithHeader, Utf8("id,notes,more\nA1,\"ab\"c,\"x\"\"y\"z\n")).Single().Record!;

        Assert.Equal(["abc"], Values(WithHeader, record, "notes"));
        Assert.Equal(["x\"yz"], Values(WithHeader, record, "more"));
    }

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsText()
    {
        var record = Extract(WithHeader, Utf8("id,notes\nA1,6'2\" tall\n")).Single().Record!;

        Assert.Equal(["6'2\" tall"], Values(WithHeader, record, "notes"));
    }

    [Fact]
    public void AnEmptyQuotedFieldIsAbsent()
    {
        var record = Extract(WithHeader, Utf8("id,notes,after\nA1,\"\",x\n")).Single().Record!;

        Assert.Empty(Values(WithHeader, record, "notes"));
        Assert.Equal(["x"], Values(WithHeader, record, "after"));
    }

    [Fact]
    public void AQuotedLastFieldWithoutAFinalLineBreakIsRead()
    {
        var record = Extract(WithHeader, Utf8("id,notes\nA1,\"a, b\"")).Single().Record!;

        Assert.Equal(["a, b"], Values(WithHeader, record, "notes"));
        Assert.Equal("id,notes\r\nA1,\"a, b\"", record.RawText);
    }

    // ---- text encodings and layout ----

    [Fact]
    public void Utf8ByteOrderMarkIsNotPartOfTheFirstColumnName()
    {
        var message = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8("id,type\nA1,THEFT\n")).ToArray();

        var record = Extract(WithHeader, message).Single().Record!;

        Assert.Equal(["A1"], Values(WithHeader, record, "id"));
        Assert.Contains("id", record.FieldNames);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void CustomDelimiterSeparatesFieldsAndCommasAreText(char delimiter)
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(Delimiter: delimiter));
        var d = delimiter.ToString();

        var record = Extract(format, Utf8($"id{d}notes{d}priority\nA1{d}\"a{d}b\", c{d}2\n")).Single().Record!;

        Assert.Equal(["A1"], Values(format, record, "id"));
        Assert.Equal([$"a{d}b, c"], Values(format, record, "notes"));
        Assert.Equal(["2"], Values(format, record, "priority"));
    }

    [Fact]
    public void CrLfRowsAreReadLikeLfRows()
    {
        var records = Extract(WithHeader, Utf8("id,type\r\nA1,THEFT\r\nA2,ALARM\r\n"));

        Assert.Equal(2, records.Count);
        Assert.Equal(["THEFT"], Values(WithHeader, records[0].Record!, "type"));
        Assert.Equal(["ALARM"], Values(WithHeader, records[1].Record!, "type"));
    }

    [Fact]
    public void BlankLinesAreSkippedAndDoNotCountAsRecords()
    {
        var records = Extract(WithHeader, Utf8("\n\nid,type\n\nA1,THEFT\r\n\r\n\nA2,ALARM\n\n"));

        Assert.Equal([0, 1], records.Select(r => r.Index));
        Assert.Equal(["A1"], Values(WithHeader, records[0].Record!, "id"));
        Assert.Equal(["A2"], Values(WithHeader, records[1].Record!, "id"));
    }

    [Fact]
    public void MissingTrailingColumnsAndEmptyCellsAreAbsent()
    {
        var records = Extract(WithHeader, Utf8("id,type,notes\nA1,THEFT\nA2,,x\n"));

        Assert.Empty(Values(WithHeader, records[0].Record!, "notes"));
        Assert.Empty(Values(WithHeader, records[0].Record!, "#3"));
        Assert.Empty(Values(WithHeader, records[1].Record!, "type"));
        Assert.Equal(["x"], Values(WithHeader, records[1].Record!, "notes"));
    }

    [Fact]
    public void Latin1MessagesDecodeBytesAboveAscii()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(Encoding: "latin1"));
        var message = Encoding.Latin1.GetBytes("id,address\nA1,Caf\u00e9 du Monde\n");

        var record = Extract(format, message).Single().Record!;

        Assert.Equal(["Caf\u00e9 du Monde"], Values(format, record, "address"));
    }

    [Fact]
    public void Utf16MessagesWithAByteOrderMarkDecode()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(Encoding: "utf-16"));
        var message = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("id,address\nA1,Caf\u00e9\n")).ToArray();

        var record = Extract(format, message).Single().Record!;

        Assert.Equal(["A1"], Values(format, record, "id"));
        Assert.Equal(["Caf\u00e9"], Values(format, record, "address"));
    }

    [Fact]
    public void InvalidUtf8MakesTheMessageUnreadable()
    {
        var message = Utf8("id,address\nA1,Caf").Concat(new byte[] { 0xC3, 0x28 }).Concat(Utf8("\n")).ToArray();

        var result = Extract(WithHeader, message).Single();

        Assert.Null(result.Record);
        Assert.Equal(0, result.Index);
        Assert.Equal("message is not valid utf-8", result.Problem);
    }

    [Fact]
    public void UnsupportedEncodingIsAFormatError()
    {
        var e = Assert.Throws<FormatException>(() => new CsvRecordFormat(new CsvFormatOptions(Encoding: "ebcdic")));

        Assert.Contains("'ebcdic'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(',', ',')]
    [InlineData('\n', '"')]
    [InlineData(',', '\r')]
    public void DelimiterAndQuoteMustDifferAndNotBeLineBreaks(char delimiter, char quote)
    {
        Assert.Throws<FormatException>(() => new CsvRecordFormat(new CsvFormatOptions(Delimiter: delimiter, Quote: quote)));
    }

    // ---- limits ----

    [Fact]
    public void MessageOverTheSizeLimitIsRejectedUnread()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(MaxMessageBytes: 32));

        var result = Extract(format, Utf8("id,notes\nA1," + new string('x', 40) + "\n")).Single();

        Assert.Null(result.Record);
        Assert.Equal("message is 53 bytes, over the limit of 32 bytes", result.Problem);
    }

    [Fact]
    public void RowWithAMillionColumnsIsRejectedQuicklyAndTheNextRowIsStillRead()
    {
        var text = new StringBuilder("id,type\n");
        text.Append('x', 1).Append(',', 999_999).Append('\n');
        text.Append("A2,ALARM\n");
        var message = Utf8(text.ToString());
        var clock = Stopwatch.StartNew();

        var records = Extract(WithHeader, message);

        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(2, records.Count);
        Assert.Null(records[0].Record);
        Assert.Equal("row has more than 512 columns", records[0].Problem);
        Assert.Null(records[0].RawText);
        Assert.Equal(1, records[1].Index);
        Assert.Equal(["A2"], Values(WithHeader, records[1].Record!, "id"));
    }

    [Fact]
    public void RowWithExactlyMaxColumnsIsReadAndOneMoreIsRejected()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(HasHeader: false, MaxColumns: 4));

        var records = Extract(format, Utf8("1,2,3,4\n1,2,3,4,5\n"));

        Assert.Equal(["4"], Values(format, records[0].Record!, "#4"));
        Assert.Equal("row has more than 4 columns", records[1].Problem);
        Assert.Equal("1,2,3,4,5", records[1].RawText);
    }

    [Theory]
    [InlineData("", "message is empty: no header and no rows")]
    [InlineData("\n\r\n", "message is empty: no header and no rows")]
    [InlineData("id,type\n", "message holds no data rows")]
    public void MessageWithoutDataRowsIsOneUnreadableResult(string text, string reason)
    {
        var result = Extract(WithHeader, Utf8(text)).Single();

        Assert.Null(result.Record);
        Assert.Equal(reason, result.Problem);
    }

    // ---- streaming ----

    [Fact]
    public void TakingTheFirstRecordOfALargeMessageDoesNotReadTheRest()
    {
        var text = new StringBuilder("id,notes\n");
        for (var i = 0; i < 5_000; i++)
        {
            text.Append('A').Append(i).Append(",\"quoted, with a\nline break\"\n");
        }
        var message = Utf8(text.ToString());
        Assert.Equal(5_000, WithHeader.Extract(message).Count());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var first = WithHeader.Extract(message).First();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(["A0"], Values(WithHeader, first.Record!, "id"));
        Assert.True(allocated < 32_768, $"allocated {allocated} bytes for the first record of a {message.Length}-byte message");
    }

    [Fact]
    public void ExtractCanBeEnumeratedAgainWithTheSameRecords()
    {
        var records = WithHeader.Extract(Utf8("id,notes\nA1,\"x\"\"y\"\nA2,\"never closed\n"));

        var first = records.Select(r => (r.Index, r.RawText, r.Problem)).ToList();
        var second = records.Select(r => (r.Index, r.RawText, r.Problem)).ToList();

        Assert.Equal(2, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void RecordsKeepTheirValuesAfterTheFormatReadsOtherMessages()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions());
        var kept = Extract(format, Utf8("id,notes\nA1,\"one, two\"\nA2,\"say \"\"hi\"\"\"\n"));

        _ = Extract(format, Utf8("id,notes\nB1,zzzzzzzzzzzzzzzzzzzzzzzz\nB2,\"yy\"\"yyyyyyyyyyyyyyyyyyy\"\n"));
        _ = Extract(format, Utf8("other,columns,here\n1,2,3\n"));

        Assert.Equal(["A1"], Values(format, kept[0].Record!, "id"));
        Assert.Equal(["one, two"], Values(format, kept[0].Record!, "notes"));
        Assert.Equal(["say \"hi\""], Values(format, kept[1].Record!, "notes"));
        Assert.Equal("id,notes\r\nA1,\"one, two\"", kept[0].RawText);
    }

    [Fact]
    public void EachMessageIsReadByItsOwnHeaderWhenConsecutiveHeadersDiffer()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions());
        var id = format.Compile("id");

        var a = Extract(format, Utf8("id,type\nA1,THEFT\n")).Single().Record!;
        var b = Extract(format, Utf8("type,ID\nALARM,B2\n")).Single().Record!;
        var c = Extract(format, Utf8("id,type\nC3,FIRE\n")).Single().Record!;
        var d = Extract(format, Utf8("type,extra\nFIRE,D4\n")).Single().Record!;

        Assert.Equal(["A1"], a.Values(id));
        Assert.Equal(["B2"], b.Values(id));
        Assert.Equal(["C3"], c.Values(id));
        Assert.Empty(d.Values(id));
        Assert.Equal(["A1"], a.Values(id));
        Assert.Equal(["extra", "type"], d.FieldNames.Order(StringComparer.Ordinal));
    }

    // ---- the same records as a plain character-by-character reader ----

    private static readonly Gen<string> CsvPieces = Gen.Elements(
            ",", ",", ";", "\"", "\"", "'", "\"\"", "\r\n", "\n", "\r", "a", "id", " ID ", "x", "\u00e9", "\uFEFF", "\t", "xyz,w")
        .ListOf().Select(parts => string.Concat(parts));

    [Theory]
    [InlineData(',', '"', true, 4)]
    [InlineData(';', '\'', true, 3)]
    [InlineData(',', '"', false, 4)]
    [InlineData('\t', '"', false, 512)]
    public void ExtractFindsTheSameRecordsAsAPlainCharacterByCharacterReader(char delimiter, char quote, bool hasHeader, int maxColumns)
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(delimiter, quote, hasHeader, MaxColumns: maxColumns));
        var positions = Enumerable.Range(1, maxColumns + 2).Select(i => format.Compile("#" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        string[] names = hasHeader ? ["id", "a", "x", "xyz", "w", "\u00e9"] : [];
        var named = names.Select(format.Compile).ToList();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(CsvPieces), text =>
        {
            var bytes = Utf8(text);
            var decoded = Encoding.UTF8.GetString(bytes);
            var expected = ReferenceReader.Read(decoded.StartsWith('\uFEFF') ? decoded[1..] : decoded, delimiter, quote, hasHeader, maxColumns, out var header);
            var actual = format.Extract(bytes).ToList();
            return actual.Count == expected.Count && actual.Zip(expected).All(pair =>
            {
                var (got, want) = pair;
                if (got.Index != want.Index || got.RawText != want.Raw || got.Problem != want.Problem || got.Record is null != want.Cells is null)
                {
                    return false;
                }
                if (got.Record is not { } record)
                {
                    return true;
                }
                var cells = want.Cells!;
                string[] Cell(int at) => at >= 0 && at < cells.Count && cells[at].Length > 0 ? [cells[at]] : [];
                var fieldNames = header is null ? Enumerable.Range(1, cells.Count).Select(i => "#" + i.ToString(CultureInfo.InvariantCulture)) : header.Keys;
                return record.Index == want.Index
                    && record.RawText == want.Raw
                    && positions.Select((s, i) => record.Values(s).SequenceEqual(Cell(i))).All(same => same)
                    && named.Select((s, i) => record.Values(s).SequenceEqual(Cell(header!.TryGetValue(names[i], out var at) ? at : -1))).All(same => same)
                    && record.FieldNames.Order(StringComparer.Ordinal).SequenceEqual(fieldNames.Order(StringComparer.Ordinal));
            });
        }));
    }

    // The reader the format had before it streamed: one character at a time over the decoded
    // message, a StringBuilder per field. Kept here as the reference for the faster one.
    private static class ReferenceReader
    {
        public sealed record Row(int Index, string? Problem, string? Raw, List<string>? Cells);

        public static List<Row> Read(string text, char delimiter, char quote, bool hasHeader, int maxColumns, out Dictionary<string, int>? header)
        {
            var rows = new List<Row>();
            header = null;
            string? headerText = null;
            var position = 0;
            var index = 0;
            while (position < text.Length)
            {
                var start = position;
                var cells = ReadRow(text, ref position, delimiter, quote, maxColumns, out var problem);
                var rowText = text[start..position].TrimEnd('\r', '\n');
                var raw = headerText is null ? rowText : headerText + "\r\n" + rowText;
                if (problem is not null && hasHeader && header is null)
                {
                    return [new Row(0, "header row: " + problem, null, null)];
                }
                if (problem is not null)
                {
                    rows.Add(new Row(index++, problem, rowText.Length > 65_536 ? null : raw, null));
                    continue;
                }
                if (cells.Count == 1 && cells[0].Length == 0)
                {
                    continue;
                }
                if (hasHeader && header is null)
                {
                    header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                    headerText = rowText;
                    for (var i = 0; i < cells.Count; i++)
                    {
                        header.TryAdd(cells[i].Trim(), i);
                    }
                    continue;
                }
                rows.Add(new Row(index++, null, raw, cells));
            }
            if (rows.Count == 0)
            {
                rows.Add(new Row(0, hasHeader && header is null ? "message is empty: no header and no rows" : "message holds no data rows", null, null));
            }
            return rows;
        }

        private static List<string> ReadRow(string text, ref int position, char delimiter, char quote, int maxColumns, out string? problem)
        {
            problem = null;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var atFieldStart = true;
            while (position < text.Length)
            {
                var c = text[position];
                if (quoted)
                {
                    if (c == quote && position + 1 < text.Length && text[position + 1] == quote)
                    {
                        field.Append(c);
                        position += 2;
                    }
                    else
                    {
                        quoted = c != quote;
                        if (quoted)
                        {
                            field.Append(c);
                        }
                        position++;
                    }
                    continue;
                }
                if (c == quote && atFieldStart)
                {
                    quoted = true;
                    atFieldStart = false;
                    position++;
                    continue;
                }
                if (c == delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    position++;
                    if (fields.Count >= maxColumns)
                    {
                        problem = $"row has more than {maxColumns} columns";
                        var end = text.IndexOfAny(['\r', '\n'], position);
                        position = end < 0 ? text.Length : end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
                        return fields;
                    }
                    continue;
                }
                if (c is '\n' or '\r')
                {
                    position += c == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
                    fields.Add(field.ToString());
                    return fields;
                }
                field.Append(c);
                atFieldStart = false;
                position++;
            }
            if (quoted)
            {
                problem = "unterminated quoted field: the quote opened in this row never closes";
                return fields;
            }
            fields.Add(field.ToString());
            return fields;
        }
    }

    // ---- compiling selectors ----

    [Theory]
    [InlineData("#0")]
    [InlineData("#x")]
    [InlineData("#")]
    [InlineData("#-1")]
    [InlineData("# 1")]
    public void PositionThatIsNotOneOrMoreIsAFormatError(string expression)
    {
        var e = Assert.Throws<FormatException>(() => WithHeader.Compile(expression));

        Assert.Contains("1-based position", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnNameWithoutAHeaderIsAFormatError()
    {
        var e = Assert.Throws<FormatException>(() => WithoutHeader.Compile("TypeText"));

        Assert.Equal("CSV column 'TypeText' is a name, but this feed's CSV has no header: use #1, #2, ...", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void BlankSelectorIsRejected(string expression)
    {
        Assert.ThrowsAny<ArgumentException>(() => WithHeader.Compile(expression));
    }

    [Fact]
    public void CompiledSelectorKeepsItsExpression()
    {
        Assert.Equal("#2", WithoutHeader.Compile("#2").Expression);
        Assert.Equal("TypeText", WithHeader.Compile("TypeText").ToString());
    }
}
