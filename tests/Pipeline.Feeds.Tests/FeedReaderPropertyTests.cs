using FsCheck;
using FsCheck.Fluent;
using static Pipeline.Feeds.Tests.TestFeeds;

namespace Pipeline.Feeds.Tests;

public sealed class FeedReaderPropertyTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    // Bytes that steer a mutated record into interesting places: JSON structure, escapes,
    // digits and signs in times and coordinates, and the starts of bad UTF-8 sequences.
    private static readonly Gen<byte> _interestingBytes = Gen.OneOf(
        Gen.Elements("{}[]\":,\\ 0123456789-+.eEZTtfn\n".Select(c => (byte)c).ToArray()),
        Gen.Elements<byte>(0x00, 0x1F, 0x80, 0xC0, 0xC3, 0xE2, 0xED, 0xF4, 0xFF),
        ArbMap.Default.ArbFor<byte>().Generator);

    private static readonly Gen<(int Kind, int Position, byte Value)> _edits =
        from kind in Gen.Choose(0, 2)
        from position in Gen.Choose(0, 1_000_000)
        from value in _interestingBytes
        select (kind, position, value);

    private static readonly Gen<(bool IsSar, byte[] Payload)> _mutatedRecords =
        from isSar in Gen.Elements(true, false)
        from count in Gen.Choose(1, 8)
        from edits in _edits.ListOf(count)
        select (isSar, Mutate(Utf8(isSar ? ValidSar : ValidCad), edits));

    [Fact]
    public void ArbitraryBytesNeverMakeReadThrowAndGiveExactlyOneOutcome() =>
        Check.One(_config, Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            bytes => ExactlyOneOutcome(Sar.Read(bytes, Context)) && ExactlyOneOutcome(Cad.Read(bytes, Context))));

    [Fact]
    public void MutatedRecordsNeverMakeReadThrowAndGiveExactlyOneOutcome() =>
        Check.One(_config, Prop.ForAll(
            Arb.From(_mutatedRecords),
            record => ExactlyOneOutcome((record.IsSar ? Sar : Cad).Read(record.Payload, Context))));

    private static bool ExactlyOneOutcome(FeedReadResult result) =>
        result.Report is null != result.Rejection is null;

    private static byte[] Mutate(byte[] record, IEnumerable<(int Kind, int Position, byte Value)> edits)
    {
        var bytes = record.ToList();
        foreach (var (kind, position, value) in edits)
        {
            var at = position % (bytes.Count + 1);
            switch (kind)
            {
                case 0:
                    bytes.Insert(at, value);
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                default:
                    break;
            }
        }
        return [.. bytes];
    }
}
