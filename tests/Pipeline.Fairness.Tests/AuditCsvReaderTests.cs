using System.Globalization;
using System.Text;

namespace Pipeline.Fairness.Tests;

public sealed class AuditCsvReaderTests
{
    private static readonly AuditCsvColumns Columns = new("score", "label", ["race", "sex"]);

    private static AuditCsvResult Read(string csv, AuditCsvColumns? columns = null) =>
        AuditCsvReader.Read(new StringReader(csv), columns ?? Columns);

    [Fact]
    public void QuotedFieldsWithCommasQuotesAndNewlinesAreReadWhole()
    {
        var csv = "id,score,label,race,sex\r\n"
            + "1,0.7,1,\"B, \"\"Black\"\"\",F\r\n"
            + "\"2\nsecond line\",0.2,0,W,M\r\n";

        var result = Read(csv);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("B, \"Black\"", result.Rows[0].Groups["race"]);
        Assert.Equal("F", result.Rows[0].Groups["sex"]);
        Assert.True(result.Rows[0].Flagged);
        Assert.Equal(true, result.Rows[0].Label);
        Assert.Equal("W", result.Rows[1].Groups["race"]);
        Assert.False(result.Rows[1].Flagged);
        Assert.Equal(0.2, result.Rows[1].Score);
    }

    [Fact]
    public void LineNumbersCountNewlinesInsideQuotedFields()
    {
        var csv = "note,score,label,race,sex\n\"a\nb\",0.5,1,A,F\nx,oops,1,A,F\n";

        var result = Read(csv);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void ByteOrderMarkBeforeTheHeaderIsIgnored()
    {
        var csv = "\uFEFFscore,label,race,sex\n0.9,yes,A,M\n";

        var result = Read(csv);

        var row = Assert.Single(result.Rows);
        Assert.Equal(true, row.Label);
        Assert.Equal("A", row.Groups["race"]);
    }

    [Fact]
    public void ByteOrderMarkInAUtf8StreamIsIgnored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("score,label,race,sex\n0.9,no,A,M\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        var result = AuditCsvReader.Read(reader, Columns);

        Assert.Equal(false, Assert.Single(result.Rows).Label);
    }

    [Fact]
    public void ScoreEqualToTheThresholdIsFlaggedAndJustBelowIsNot()
    {
        var csv = "score,label,race,sex\n0.6,1,A,F\n0.5999999,1,A,F\n";

        var result = Read(csv, Columns with { Threshold = 0.6 });

        Assert.Equal([true, false], result.Rows.Select(r => r.Flagged));
    }

    [Fact]
    public void LabelSpellingsMapToTrueFalseOrUnknown()
    {
        var csv = "score,label,race,sex\n0.1,1,A,F\n0.1,TRUE,A,F\n0.1,Yes,A,F\n0.1,0,A,F\n0.1,false,A,F\n0.1,NO,A,F\n0.1,,A,F\n";

        var result = Read(csv);

        Assert.Equal(new bool?[] { true, true, true, false, false, false, null }, result.Rows.Select(r => r.Label));
    }

    [Fact]
    public void EmptyGroupValueLeavesTheAttributeOut()
    {
        var result = Read("score,label,race,sex\n0.1,1,,F\n");

        var row = Assert.Single(result.Rows);
        Assert.False(row.Groups.ContainsKey("race"));
        Assert.Equal("F", row.Groups["sex"]);
    }

    [Fact]
    public void DuplicateIdenticalColumnIsUsedWithAWarningNamingItsPositions()
    {
        var csv = "race,score,label,race,sex\nA,0.9,1,A,F\nB,0.1,0,B,M\n";

        var result = Read(csv);

        Assert.Equal(["A", "B"], result.Rows.Select(r => r.Groups["race"]));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("'race'", warning, StringComparison.Ordinal);
        Assert.Contains("1, 4", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateColumnsThatDifferThrowNamingTheColumnPositionsAndLine()
    {
        var csv = "score,label,race,sex,race\n0.9,1,A,F,A\n0.1,0,B,M,W\n";

        var ex = Assert.Throws<AuditCsvException>(() => Read(csv));

        Assert.Contains("'race'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3, 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateUnrequestedColumnsAreIgnored()
    {
        var result = Read("id,id,score,label,race,sex\n1,2,0.9,1,A,F\n");

        Assert.Empty(result.Warnings);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void MissingColumnThrowsNamingItAndListingTheHeader()
    {
        var ex = Assert.Throws<AuditCsvException>(() => Read("score,label,ethnicity,sex\n0.9,1,A,F\n"));

        Assert.Contains("'race'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'ethnicity'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'score'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnsAreFoundByNameNotByPosition()
    {
        var result = Read("sex,race,label,score\nF,A,0,0.8\n");

        var row = Assert.Single(result.Rows);
        Assert.Equal(("A", "F", false, 0.8), (row.Groups["race"], row.Groups["sex"], row.Label, row.Score));
    }

    [Fact]
    public void BadScoresAndLabelsAreRowErrorsAndReadingContinues()
    {
        var csv = "score,label,race,sex\nabc,1,A,F\nNaN,1,A,F\n0.3,maybe,A,F\n,1,A,F\n0.8,1,A,F\n";

        var result = Read(csv);

        Assert.Equal([2L, 3L, 4L, 5L], result.Errors.Select(e => e.Line));
        Assert.Contains("score", result.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("score", result.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("label", result.Errors[2].Reason, StringComparison.Ordinal);
        var row = Assert.Single(result.Rows);
        Assert.Equal(0.8, row.Score);
    }

    [Fact]
    public void RowsWithTheWrongFieldCountAreRowErrors()
    {
        var result = Read("score,label,race,sex\n0.9,1,A\n0.9,1,A,F,extra\n0.9,1,A,F\n");

        Assert.Equal([2L, 3L], result.Errors.Select(e => e.Line));
        Assert.Contains("fields", result.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void UnclosedQuoteIsARowError()
    {
        var result = Read("score,label,race,sex\n0.9,1,A,F\n0.9,1,\"A,F\n");

        Assert.Single(result.Rows);
        Assert.Equal(3, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void EmptyInputThrows()
    {
        Assert.Throws<AuditCsvException>(() => Read(string.Empty));
    }

    [Fact]
    public void LastRowWithoutNewlineAndBlankLinesAreHandled()
    {
        var result = Read("score,label,race,sex\r\n\r\n0.9,1,A,F\r\n0.1,0,B,M");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Rows.Count);
    }

    [Fact]
    public void AHundredThousandRowsWithQuotedCommasAreAllRead()
    {
        var sb = new StringBuilder("id,score,label,race,sex,age,zip,note\n");
        for (var i = 0; i < 100_000; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i},{i % 100 / 100.0},{i % 2},{(char)('A' + (i % 4))},{(i % 3 == 0 ? "F" : "M")},{20 + (i % 50)},9{i % 1000:000},\"n, {i}\"\n");
        }

        var result = Read(sb.ToString());

        Assert.Equal(100_000, result.Rows.Count);
        Assert.Empty(result.Errors);
        Assert.Equal("D", result.Rows[99_999].Groups["race"]);
    }
}
