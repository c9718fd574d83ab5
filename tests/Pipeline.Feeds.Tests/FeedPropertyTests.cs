using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Pipeline.Feeds.Definitions;
using Pipeline.Feeds.Formats;
using static Pipeline.Feeds.Tests.FeedTestSupport;

namespace Pipeline.Feeds.Tests;

/// <summary>
/// Whatever arrives on a raw topic, the formats and the shipped definitions answer with records
/// and reasons, never an exception, and every record is exactly one outcome.
/// </summary>
public sealed class FeedPropertyTests
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly JsonRecordFormat Json = new(new JsonFormatOptions());
    private static readonly JsonRecordFormat JsonUnderPath = new(new JsonFormatOptions("data.items", MaxDepth: 16));
    private static readonly CsvRecordFormat Csv = new(new CsvFormatOptions(MaxColumns: 8));
    private static readonly CsvRecordFormat CsvWithoutHeader = new(new CsvFormatOptions(HasHeader: false, Encoding: "latin1"));

    private static readonly Lazy<FeedDefinition> DemoCad = new(() => FeedDefinitionLoader.LoadFile(Path.Combine(FeedsFolder, "demo-cad.yaml")));
    private static readonly Lazy<FeedDefinition> NolaCad = new(() => FeedDefinitionLoader.LoadFile(Path.Combine(FeedsFolder, "nola-cad.yaml")));

    private static readonly string[] NolaHeader =
        ["NOPD_Item", "Type_", "TypeText", "Priority", "MapX", "MapY", "TimeCreate", "DispositionText", "BLOCK_ADDRESS"];

    // ---- generators ----

    private static readonly Gen<string> Text = ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "");

    private static readonly Gen<byte[]> Bytes = ArbMap.Default.ArbFor<byte[]>().Generator.Select(b => b ?? []);

    private static Gen<string> Tokens(params string[] tokens) => Gen.Elements(tokens).ListOf().Select(parts => string.Concat(parts));

    // Pieces of JSON syntax, escapes and awkward characters, so that generated text is often almost JSON.
    private static readonly Gen<string> JsonLike = Tokens(
        "{", "}", "[", "]", ",", ":", "\"", "\"id\"", "\"data\"", "\"items\"", "\"a\":", "1", "-0.5e3", "1e999", "true", "null",
        " ", "\n", "\\", "\\\"", "\\u00e9", "\\ud800", "\\udc00", "\u00e9", "\u0000", "\uFEFF", "/*", "'");

    // Pieces of CSV syntax: delimiters, quotes, doubled quotes, every line break, awkward characters.
    private static readonly Gen<string> CsvLike = Tokens(
        ",", ",", "\"", "\"\"", "\r\n", "\n", "\r", "a", "id", "#1", " ", ";", "\t", "\u00e9", "\uFEFF", "\u0000", "x,y,z,w,v,u,t,s,r");

    // The same without U+FEFF: a header row that starts with one (after blank lines) loses it when
    // its record's raw text is re-encoded, because a leading byte-order mark is skipped.
    private static readonly Gen<string> CsvLikeWithoutByteOrderMarks = Tokens(
        ",", ",", "\"", "\"\"", "\r\n", "\n", "\r", "a", "id", "#1", " ", ";", "\t", "\u00e9", "\u0000", "x,y,z,w,v,u,t,s,r");

    private static readonly Gen<byte> AwkwardBytes = Gen.OneOf(
        Gen.Elements("{}[],:\"\\\r\n ,;#0123456789-.eE".Select(c => (byte)c).ToArray()),
        Gen.Elements<byte>(0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xBB, 0xF4, 0xFE, 0xFF),
        ArbMap.Default.ArbFor<byte>().Generator);

    private static Gen<byte[]> Mutations(byte[] original) =>
        from count in Gen.Choose(1, 6)
        from edits in (from kind in Gen.Choose(0, 3) from at in Gen.Choose(0, int.MaxValue - 1) from value in AwkwardBytes select (kind, at, value)).ListOf(count)
        select Mutate(original, edits);

    private static byte[] Mutate(byte[] original, IEnumerable<(int Kind, int At, byte Value)> edits)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, at, value) in edits)
        {
            var position = at % (bytes.Count + 1);
            if (kind == 0)
            {
                bytes.Insert(position, value);
            }
            else if (position < bytes.Count && kind == 1)
            {
                bytes[position] = value;
            }
            else if (position < bytes.Count && kind == 2)
            {
                bytes.RemoveAt(position);
            }
            else if (kind == 3)
            {
                bytes.RemoveRange(position, bytes.Count - position);
            }
        }
        return [.. bytes];
    }

    // Values that probe the mapping: dates at the edges, numbers that are and are not numbers.
    private static readonly Gen<string> FieldText = Gen.OneOf(
        Gen.Elements(
            "", " ", "3", "-1", "99.5", "100", "1,000", "1e400", "NaN", "-Infinity", "0", "0.0",
            "2026-11-20T14:03:11", "2026-03-08T02:30:00", "2026-11-01T01:30:00", "2026-11-20T14:03:11Z",
            "9999-12-31T23:59:59", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z",
            "2026-02-30T10:00:00", "11/20/2026 02:03:11 PM", "3/8/2026 2:30:00 AM", "2B", "BURGLAR ALARM", "suspicious vehicle",
            "3678810", "530474", "-90.0766", "29.9527", "181", "-91", "\u00e9\u0000\u2028"),
        Text);

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        FieldText.Select(Quoted),
        Gen.Elements("null", "true", "false", "0", "-0", "3", "37.8703", "-122.268", "1e3", "202600000002", "1e308", "[]", "{}", "[\"a\", null, 2]", "{\"nested\": [1]}"),
        ArbMap.Default.ArbFor<int>().Generator.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        ArbMap.Default.ArbFor<NormalFloat>().Generator.Select(f => f.Get.ToString("R", CultureInfo.InvariantCulture)));

    private static readonly string[] DemoCadFields =
        ["cad_event_number", "cad_event_original_time_queued", "call_type", "priority", "block_address", "dispatch_latitude", "dispatch_longitude", "notes", "unexpected"];

    // Objects shaped like demo-cad records: each known field present or not, with a probing value.
    private static readonly Gen<string> DemoCadRecord =
        from values in Gen.ArrayOf(Gen.OneOf(Gen.Constant<string?>(null), JsonValue.Select(v => (string?)v)), DemoCadFields.Length)
        select "{" + string.Join(",", DemoCadFields.Zip(values).Where(p => p.Second is not null).Select(p => Quoted(p.First) + ":" + p.Second)) + "}";

    // Schema drift: properties the definition does not know, with names JSON allows but .NET strings may not (lone surrogates).
    private static readonly Gen<string> DriftedDemoCadRecord =
        from record in DemoCadRecord
        from name in Gen.Elements("new_column", "gml:pos", "$ref", "", "\\u0000", "\\ud800", "x\\udc00")
        from value in JsonValue
        select record == "{}" ? "{" + "\"" + name + "\":" + value + "}" : record[..^1] + ",\"" + name + "\":" + value + "}";

    private static readonly Gen<string> DemoCadMessage = Gen.OneOf(
        DemoCadRecord,
        DemoCadRecord.ListOf().Select(records => "[" + string.Join(",", records) + "]"));

    private static readonly Gen<string> NolaRow =
        from cells in Gen.ArrayOf(FieldText, NolaHeader.Length)
        from quoteAll in ArbMap.Default.ArbFor<bool>().Generator
        select string.Join(",", cells.Select(c => quoteAll || c.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c));

    private static readonly Gen<string> NolaMessage =
        from rows in NolaRow.ListOf()
        from lineBreak in Gen.Elements("\n", "\r\n")
        select string.Join(",", NolaHeader) + lineBreak + string.Join(lineBreak, rows) + lineBreak;

    // ---- formats ----

    [Fact]
    public void JsonExtractNeverThrowsOnArbitraryText() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Text, JsonLike)), text => EveryRecordIsOneOutcome(Json, Encoding.UTF8.GetBytes(text), "id", "a", "data.items[*]")));

    [Fact]
    public void JsonExtractNeverThrowsOnArbitraryBytes() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Bytes), bytes => EveryRecordIsOneOutcome(Json, bytes, "id", "a[0]")));

    [Fact]
    public void JsonExtractUnderARecordPathNeverThrows() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(JsonLike, JsonLike.Select(t => "{\"data\":{\"items\":[" + t + "]}}"))), text =>
            EveryRecordIsOneOutcome(JsonUnderPath, Encoding.UTF8.GetBytes(text), "id", "a")));

    [Fact]
    public void JsonExtractNeverThrowsOnMutatedSamples() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Mutations(SampleBytes("demo-cad.json"))), bytes =>
            EveryRecordIsOneOutcome(Json, bytes, "cad_event_number", "dispatch_latitude", "notes")));

    [Fact]
    public void CsvExtractNeverThrowsOnArbitraryText() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Text, CsvLike)), text =>
            EveryRecordIsOneOutcome(Csv, Encoding.UTF8.GetBytes(text), "id", "#1", "#9")
            && EveryRecordIsOneOutcome(CsvWithoutHeader, Encoding.UTF8.GetBytes(text), "#1", "#2")));

    [Fact]
    public void CsvExtractNeverThrowsOnArbitraryBytes() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Bytes), bytes =>
            EveryRecordIsOneOutcome(Csv, bytes, "id", "#2") && EveryRecordIsOneOutcome(CsvWithoutHeader, bytes, "#1")));

    [Fact]
    public void CsvExtractNeverThrowsOnMutatedSamples() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Mutations(SampleBytes("nola-cad.csv"))), bytes =>
            EveryRecordIsOneOutcome(Csv, bytes, "NOPD_Item", "TypeText", "#21")));

    [Fact]
    public void CsvRecordRawTextReadsBackAsTheSameRecord() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(CsvLikeWithoutByteOrderMarks, NolaMessage)), text =>
        {
            var format = new CsvRecordFormat(new CsvFormatOptions());
            var selectors = Enumerable.Range(1, 12).Select(i => format.Compile("#" + i.ToString(CultureInfo.InvariantCulture))).ToList();
            return format.Extract(Encoding.UTF8.GetBytes(text)).Where(r => r.Record is not null).All(r =>
            {
                var again = format.Extract(Encoding.UTF8.GetBytes(r.Record!.RawText)).ToList();
                return again is [{ Record: { } copy }]
                    && selectors.All(s => copy.Values(s).SequenceEqual(r.Record.Values(s)));
            });
        }));

    [Fact]
    public void JsonRecordRawTextReadsBackAsTheSameRecord() =>
        Check.One(Cases, Prop.ForAll(Arb.From(DemoCadMessage), text =>
        {
            var selectors = DemoCadFields.Select(Json.Compile).ToList();
            return Json.Extract(Encoding.UTF8.GetBytes(text)).Where(r => r.Record is not null).All(r =>
            {
                var again = Json.Extract(Encoding.UTF8.GetBytes(r.Record!.RawText)).ToList();
                return again is [{ Record: { } copy }]
                    && selectors.All(s => copy.Values(s).SequenceEqual(r.Record.Values(s)));
            });
        }));

    // ---- shipped definitions ----

    [Fact]
    public void DemoCadReadNeverThrowsOnArbitraryText() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Text, JsonLike)), text => EveryRecordIsAcceptedOrRejected(DemoCad.Value, Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void DemoCadReadNeverThrowsOnArbitraryBytes() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Bytes, Mutations(SampleBytes("demo-cad.json")))), bytes => EveryRecordIsAcceptedOrRejected(DemoCad.Value, bytes)));

    [Fact]
    public void DemoCadReadNeverThrowsOnRecordsWithProbingValues() =>
        Check.One(Cases, Prop.ForAll(Arb.From(DemoCadMessage), text => EveryRecordIsAcceptedOrRejected(DemoCad.Value, Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void DemoCadReadNeverThrowsOnRecordsWithUnexpectedProperties() =>
        Check.One(Cases, Prop.ForAll(Arb.From(DriftedDemoCadRecord), text => EveryRecordIsAcceptedOrRejected(DemoCad.Value, Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void NolaCadReadNeverThrowsOnArbitraryText() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Text, CsvLike)), text => EveryRecordIsAcceptedOrRejected(NolaCad.Value, Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void NolaCadReadNeverThrowsOnArbitraryBytes() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Gen.OneOf(Bytes, Mutations(SampleBytes("nola-cad.csv")))), bytes => EveryRecordIsAcceptedOrRejected(NolaCad.Value, bytes)));

    [Fact]
    public void NolaCadReadNeverThrowsOnRowsWithProbingValues() =>
        Check.One(Cases, Prop.ForAll(Arb.From(NolaMessage), text => EveryRecordIsAcceptedOrRejected(NolaCad.Value, Encoding.UTF8.GetBytes(text))));

    // ---- invariants ----

    private static bool EveryRecordIsOneOutcome(RecordFormat format, byte[] message, params string[] expressions)
    {
        var selectors = expressions.Select(format.Compile).ToList();
        var records = format.Extract(message).ToList();
        return records.Count > 0
            && records.All(r =>
                r.Record is null != r.Problem is null
                && r.Index >= 0
                && (r.Record is null
                    ? !string.IsNullOrWhiteSpace(r.Problem)
                    : r.Record.RawText is not null
                        && r.Record.Index == r.Index
                        && r.Record.FieldNames is not null
                        && selectors.All(s => r.Record.Values(s).All(v => v.Length > 0))));
    }

    private static bool EveryRecordIsAcceptedOrRejected(FeedDefinition definition, byte[] message)
    {
        var records = definition.Read(message, Context());
        var indexes = records.Select(r => r.Index).ToList();
        return records.Count > 0
            && indexes.SequenceEqual(indexes.Order()) && indexes.Distinct().Count() == indexes.Count
            && records.All(r => r.UnknownFields is not null && (r.Result.Report, r.Result.Rejection) switch
            {
                ({ } report, null) => IsPlausible(definition, report),
                (null, { } rejection) => rejection.Stage == "ingest" && !string.IsNullOrWhiteSpace(rejection.Reason),
                _ => false,
            });
    }

    private static bool IsPlausible(FeedDefinition definition, Pipeline.Contracts.Report report) =>
        report.FeedId == definition.Id
        && report.IdempotencyKey.StartsWith(definition.Id + ":", StringComparison.Ordinal)
        && report.SourceRecordId.Length > 0
        && report.OccurredAt.Offset == TimeSpan.Zero
        && report.OccurredAt.Year >= 1970
        && report.OccurredAt <= ReceivedAt.AddDays(1)
        && report.Location.Latitude is null or (>= -90 and <= 90)
        && report.Location.Longitude is null or (>= -180 and <= 180)
        && report.Location.Latitude is null == report.Location.Longitude is null
        && report.CadPriority is null or (>= 0 and <= 99)
        && report.CadCallType is { Length: > 0 } callType && string.Equals(callType, callType.ToUpperInvariant(), StringComparison.Ordinal);

    private static byte[] SampleBytes(string file) => File.ReadAllBytes(Path.Combine(SamplesFolder, file));

    // A JSON string literal for any .NET string, lone surrogates included (escaped, as JSON allows).
    private static string Quoted(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c))
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }
        return json.Append('"').ToString();
    }
}
