using System.Text;
using Pipeline.Feeds.Formats;

namespace Pipeline.Feeds.Tests;

public sealed class CsvHeaderLimitTests
{
    [Fact]
    public void AHeaderWiderThanTheColumnLimitRejectsTheMessageWholeInsteadOfPromotingADataRow()
    {
        var format = new CsvRecordFormat(new CsvFormatOptions(MaxColumns: 512));
        var header = string.Join(",", Enumerable.Range(0, 600).Select(i => "c" + i));
        var message = Encoding.UTF8.GetBytes(header + "\r\nJOHN-SMITH-PII,2\r\n3,4\r\n");

        var extracted = Assert.Single(format.Extract(message));

        Assert.Null(extracted.Record);
        Assert.Equal("header row: row has more than 512 columns", extracted.Problem);
    }
}
