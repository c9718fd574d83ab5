using BenchmarkDotNet.Attributes;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.Benchmarks;

/// <summary>
/// Where a Read spends its time, through the public API only: extraction alone (the format's
/// parser), extraction plus each field's selectors and transforms (the first half of mapping),
/// and the whole Read. The differences between rows are the cost of each stage.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerRecordConfig))]
public class ReadStageBenchmarks
{
    private const int Records = 1_000;

    private FeedDefinition _csv = null!;
    private FeedDefinition _json = null!;
    private RawRecordContext _csvContext = null!;
    private RawRecordContext _jsonContext = null!;
    private ReadOnlyMemory<byte> _csvMessage;
    private ReadOnlyMemory<byte>[] _jsonMessages = [];

    [GlobalSetup]
    public void Setup()
    {
        _csv = ShippedFeeds.LoadFeed("nola-cad.yaml");
        _json = ShippedFeeds.LoadFeed("demo-cad.yaml");
        _csvContext = ShippedFeeds.Context(_csv);
        _jsonContext = ShippedFeeds.Context(_json);
        _csvMessage = SampleMessages.NolaCsv(Records, seed: 1);
        _jsonMessages = [.. SampleMessages.DemoCad(Records, seed: 2).Select(m => (ReadOnlyMemory<byte>)m)];
    }

    [Benchmark(Description = "CSV stage 1: extract")]
    [RecordsPerOperation(Records)]
    public int CsvExtract() => _csv.Format.Extract(_csvMessage).Count();

    [Benchmark(Description = "CSV stage 2: extract + select + transforms")]
    [RecordsPerOperation(Records)]
    public int CsvSelectAndTransform() => SelectAndTransform(_csv, _csvMessage);

    [Benchmark(Description = "CSV stage 3: whole Read")]
    [RecordsPerOperation(Records)]
    public int CsvRead() => _csv.Read(_csvMessage, _csvContext).Count;

    [Benchmark(Description = "CSV: reproject one point", OperationsPerInvoke = Records)]
    public double CsvReproject()
    {
        var reprojector = _csv.Coordinates!.Reprojector;
        var sum = 0.0;
        for (var i = 0; i < Records; i++)
        {
            sum += reprojector.ToWgs84(3_678_810 + i, 530_474 - i).Latitude;
        }
        return sum;
    }

    [Benchmark(Description = "JSON CAD stage 1: extract", OperationsPerInvoke = Records)]
    public int JsonExtract()
    {
        var records = 0;
        foreach (var message in _jsonMessages)
        {
            records += _json.Format.Extract(message).Count();
        }
        return records;
    }

    [Benchmark(Description = "JSON CAD stage 2: extract + select + transforms", OperationsPerInvoke = Records)]
    public int JsonSelectAndTransform()
    {
        var values = 0;
        foreach (var message in _jsonMessages)
        {
            values += SelectAndTransform(_json, message);
        }
        return values;
    }

    [Benchmark(Description = "JSON CAD stage 3: whole Read", OperationsPerInvoke = Records)]
    public int JsonRead()
    {
        var records = 0;
        foreach (var message in _jsonMessages)
        {
            records += _json.Read(message, _jsonContext).Count;
        }
        return records;
    }

    // The per-field loop that FeedDefinition.Map starts with, written against the public API,
    // without the checks and the Report that follow it.
    private static int SelectAndTransform(FeedDefinition feed, ReadOnlyMemory<byte> message)
    {
        var values = 0;
        foreach (var extracted in feed.Format.Extract(message))
        {
            foreach (var field in feed.Fields)
            {
                var list = new List<string>();
                foreach (var selector in field.From)
                {
                    list.AddRange(extracted.Record!.Values(selector));
                }
                foreach (var transform in field.Transforms)
                {
                    transform.Apply(list, field.Target);
                }
                values += list.Count;
            }
        }
        return values;
    }
}
