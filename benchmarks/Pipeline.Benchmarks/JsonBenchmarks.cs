using BenchmarkDotNet.Attributes;
using Pipeline.Feeds;
using Pipeline.Feeds.Definitions;

namespace Pipeline.Benchmarks;

/// <summary>Parse plus map of single-object JSON messages: demo-cad (about 350 bytes) and demo-sar (about 1.5 KB, a 1 KB narrative).</summary>
[MemoryDiagnoser]
[Config(typeof(PerRecordConfig))]
public class JsonBenchmarks
{
    private const int Messages = 1_000;

    private FeedDefinition _cad = null!;
    private FeedDefinition _sar = null!;
    private RawRecordContext _cadContext = null!;
    private RawRecordContext _sarContext = null!;
    private ReadOnlyMemory<byte>[] _cadMessages = [];
    private ReadOnlyMemory<byte>[] _sarMessages = [];

    [GlobalSetup]
    public void Setup()
    {
        _cad = ShippedFeeds.LoadFeed("demo-cad.yaml");
        _sar = ShippedFeeds.LoadFeed("demo-sar.yaml");
        _cadContext = ShippedFeeds.Context(_cad);
        _sarContext = ShippedFeeds.Context(_sar);
        _cadMessages = [.. SampleMessages.DemoCad(Messages, seed: 2).Select(m => (ReadOnlyMemory<byte>)m)];
        _sarMessages = [.. SampleMessages.DemoSar(Messages, seed: 3).Select(m => (ReadOnlyMemory<byte>)m)];
        ShippedFeeds.ExpectAllAccepted(_cad, _cadMessages, 1);
        ShippedFeeds.ExpectAllAccepted(_sar, _sarMessages, 1);
    }

    /// <summary>One Read per CAD message; 1,000 different messages per invocation.</summary>
    [Benchmark(Description = "JSON CAD: 1-object message", OperationsPerInvoke = Messages)]
    public int CadMessage() => ReadAll(_cad, _cadMessages, _cadContext);

    /// <summary>One Read per SAR message; 1,000 different messages per invocation.</summary>
    [Benchmark(Description = "JSON SAR: 1-object message, 1 KB narrative", OperationsPerInvoke = Messages)]
    public int SarMessage() => ReadAll(_sar, _sarMessages, _sarContext);

    private static int ReadAll(FeedDefinition feed, ReadOnlyMemory<byte>[] messages, RawRecordContext context)
    {
        var records = 0;
        foreach (var message in messages)
        {
            records += feed.Read(message, context).Count;
        }
        return records;
    }
}
