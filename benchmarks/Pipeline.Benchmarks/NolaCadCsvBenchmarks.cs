using BenchmarkDotNet.Attributes;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.Benchmarks;

/// <summary>Parse plus map of New Orleans-style CAD CSV (infra/feeds/nola-cad.yaml), reprojection included.</summary>
[MemoryDiagnoser]
[Config(typeof(PerRecordConfig))]
public class NolaCadCsvBenchmarks
{
    private const int Rows = 1_000;

    private FeedDefinition _feed = null!;
    private RawRecordContext _context = null!;
    private ReadOnlyMemory<byte> _thousandRows;
    private ReadOnlyMemory<byte>[] _singleRows = [];

    [GlobalSetup]
    public void Setup()
    {
        _feed = ShippedFeeds.LoadFeed("nola-cad.yaml");
        _context = ShippedFeeds.Context(_feed);
        var csv = SampleMessages.NolaCsv(Rows, seed: 1);
        _thousandRows = csv;
        _singleRows = [.. SampleMessages.SingleRowMessages(csv).Select(m => (ReadOnlyMemory<byte>)m)];
        ShippedFeeds.ExpectAllAccepted(_feed, [_thousandRows], Rows);
        ShippedFeeds.ExpectAllAccepted(_feed, _singleRows, 1);
    }

    /// <summary>One Read of a message of a header and 1,000 rows (about 300 bytes each).</summary>
    [Benchmark(Description = "CSV: 1,000-row message")]
    [RecordsPerOperation(Rows)]
    public IReadOnlyList<MappedRecord> ThousandRowMessage() => _feed.Read(_thousandRows, _context);

    /// <summary>One Read of a message of a header and one row; 1,000 different messages per invocation.</summary>
    [Benchmark(Description = "CSV: 1-row message", OperationsPerInvoke = Rows)]
    public int SingleRowMessage()
    {
        var records = 0;
        foreach (var message in _singleRows)
        {
            records += _feed.Read(message, _context).Count;
        }
        return records;
    }
}
