using Pipeline.Cli.Demo;

namespace Pipeline.IntegrationTests;

[Collection(KafkaTests.Name)]
public sealed class DemoTests
{
    [Fact]
    public async Task TheDemoAccountsForEveryRecordItPublishes()
    {
        var directory = Directory.CreateTempSubdirectory("pipeline-demo-");
        try
        {
            var output = new StringWriter();
            var settings = new DemoSettings(Records: 600, Seed: 7, DatabasePath: Path.Combine(directory.FullName, "demo.db"), StallTimeout: TimeSpan.FromSeconds(60));

            var summary = await new DemoRun(settings, output).RunAsync(TestContext.Current.CancellationToken);

            Assert.True(summary.Reconciles, output.ToString());
            Assert.True(summary.MatchesExpectations, $"stored {summary.Stored}/{summary.ExpectedValid}, duplicates {summary.Duplicates}/{summary.ExpectedDuplicates}, rejected {summary.Rejected}/{summary.ExpectedMalformed}");
            Assert.Equal(600, summary.Published);
            Assert.True(summary.ExpectedDuplicates > 0 && summary.ExpectedMalformed > 0, "the stream must include resends and malformed records");
            Assert.True(summary.Alerts > 0);
            Assert.Contains(summary.RejectionsByReason.Keys, reason => reason.StartsWith("message is N bytes, over the limit", StringComparison.Ordinal));
            Assert.Contains("Development Kafka broker: 127.0.0.1:", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
