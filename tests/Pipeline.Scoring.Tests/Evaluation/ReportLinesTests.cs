using Pipeline.Contracts;
using Pipeline.Scoring.Evaluation;

namespace Pipeline.Scoring.Tests.Evaluation;

public sealed class ReportLinesTests
{
    [Fact]
    public void ALineWithOnlyIdAndNarrativeIsASarReportAtNoonUtc()
    {
        var (line, error) = ReportLines.Parse(1, """{"id":"a1","narrative":"Subject photographed the gate."}""");

        Assert.Null(error);
        Assert.Equal("a1", line!.Id);
        Assert.Equal(ReportKind.Sar, line.Report.Kind);
        Assert.Equal("Subject photographed the gate.", line.Report.Narrative);
        Assert.Equal(12, line.Report.OccurredAt.Hour);
        Assert.Null(line.Labels);
    }

    [Fact]
    public void OptionalCanonicalFieldsAndLabelsAreRead()
    {
        var (line, error) = ReportLines.Parse(3, """
            {"id":7,"narrative":"x","call_type":"TRESPASS","target_sector":"Energy","occurred_at":"2025-06-01T03:15:00Z","location_precision":"Block","address":"100 Main St","labels":["intrsn","TESTSEC","INTRSN"],"extra":{"ignored":true}}
            """);

        Assert.Null(error);
        Assert.Equal("7", line!.Id);
        Assert.Equal(ReportKind.Cad, line.Report.Kind);
        Assert.Equal("TRESPASS", line.Report.CadCallType);
        Assert.Equal("Energy", line.Report.TargetSector);
        Assert.Equal(3, line.Report.OccurredAt.Hour);
        Assert.Equal(LocationPrecision.Block, line.Report.Location.Precision);
        Assert.Equal("100 Main St", line.Report.Location.RawAddress);
        Assert.Equal(["INTRSN", "TESTSEC"], line.Labels);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"narrative":"x"}""", "\"id\" is missing")]
    [InlineData("""{"id":"a"}""", "\"narrative\" is missing")]
    [InlineData("""{"id":"a","narrative":"x","kind":"EMAIL"}""", "\"kind\" must be SAR or CAD")]
    [InlineData("""{"id":"a","narrative":"x","occurred_at":"yesterday"}""", "not an ISO 8601 time")]
    [InlineData("""{"id":"a","narrative":"x","labels":["BOMB"]}""", "not an ISE-SAR code")]
    [InlineData("""{"id":"a","narrative":"x","call_type":42}""", "\"call_type\" must be a string")]
    [InlineData("""{"id":"a","narrative":"x","location_precision":"Exact"}""", "\"location_precision\" is not one of")]
    public void AMalformedLineIsAnErrorThatSaysWhy(string text, string reason)
    {
        var (line, error) = ReportLines.Parse(5, text);

        Assert.Null(line);
        Assert.Equal(5, error!.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedAndOversizedLinesAreRefusedNotThrown()
    {
        var nested = """{"id":"a","narrative":"x","extra":""" + new string('[', 200) + new string(']', 200) + "}";
        var huge = """{"id":"a","narrative":" """ + new string('x', ReportLimits.Narrative + 1) + "\"}";

        Assert.NotNull(ReportLines.Parse(1, nested).Error);
        Assert.Contains("longer than", ReportLines.Parse(2, huge).Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingAFileSkipsBlankLinesAndGoesOnAfterABadOne()
    {
        using var reader = new StringReader("""
            {"id":"1","narrative":"a"}

            oops
            {"id":"2","narrative":"b"}
            """);

        var results = ReportLines.Read(reader).ToList();

        Assert.Equal(3, results.Count);
        Assert.Equal("1", results[0].Report!.Id);
        Assert.Equal(3, results[1].Error!.Line);
        Assert.Equal(4, results[2].Report!.Line);
    }
}
