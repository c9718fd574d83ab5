using Pipeline.Contracts;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class NewFeedTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task AFifthFeedIsOnboardedWithOnlyADefinitionFileAndASampleFile()
    {
        // Only two files: the definition (TestData/berkeley-cad.yaml) and real open data
        // (TestData/berkeley-calls-2022-sample.csv). No code knows this feed.
        var folder = Directory.CreateTempSubdirectory("pipeline-feeds-");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "berkeley-cad.yaml"), Path.Combine(folder.FullName, "berkeley-cad.yaml"));
        var sample = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "berkeley-calls-2022-sample.csv"), TestContext.Current.CancellationToken);
        try
        {
            await using var context = new PipelineTestContext(kafka, ["berkeley-cad"], folder.FullName);
            await context.StartWorkerAsync();

            // The whole export as one message: 80 rows, quoted multi-line fields, a header.
            await context.PublishAsync("berkeley-cad", [sample]);
            await context.WaitForReceiptsAsync(80, TimeSpan.FromSeconds(60));

            var reports = await context.Store.GetReportsAsync(TestContext.Current.CancellationToken);
            Assert.Equal(80, reports.Count);
            Assert.All(reports, r => Assert.Equal((ReportKind.Cad, "berkeley-cad"), (r.Kind, r.FeedId)));
            Assert.Equal(Enumerable.Range(0, 80), reports.Select(r => r.OriginRecord).Order());
            var first = reports.Single(r => r.SourceRecordId == "22036516");
            // "08/10/2022 12:00:00 AM" + "6:10:00 AM", Pacific daylight time.
            Assert.Equal(new DateTimeOffset(2022, 8, 10, 13, 10, 0, TimeSpan.Zero), first.OccurredAt);
            Assert.Equal(("THEFT FROM AUTO", 37.86988, -122.27054, (string?)null), (first.CadCallType, first.Latitude!.Value, first.Longitude!.Value, first.RawAddress));
            var second = reports.Single(r => r.SourceRecordId == "22027674");
            Assert.Equal(("BURGLARY RESIDENTIAL", "1700 BLOCK OXFORD ST", "BURGLARY - RESIDENTIAL"), (second.CadCallType, second.RawAddress, second.Narrative));
            Assert.Equal(new DateTimeOffset(2022, 6, 17, 3, 25, 0, TimeSpan.Zero), second.OccurredAt);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
