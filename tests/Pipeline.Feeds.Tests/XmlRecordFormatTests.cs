using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using Pipeline.Feeds.Formats;

namespace Pipeline.Feeds.Tests;

public sealed class XmlRecordFormatTests
{
    private const string SarNs = "http://example.org/ise-sar/1.5";
    private const string NcNs = "http://example.org/niem-core/4.0";
    private const string StructuresNs = "http://example.org/niem-structures/4.0";

    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["sar"] = SarNs,
        ["nc"] = NcNs,
        ["s"] = StructuresNs,
    };

    private static readonly XmlRecordFormat Format = new(new XmlFormatOptions("sar:SuspiciousActivityReport", Prefixes));

    private static readonly Lazy<byte[]> SampleBytes = new(() => File.ReadAllBytes(SamplePath()));

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    // ---- construction ----

    [Fact]
    public void ConstructorRejectsARecordElementWhosePrefixIsNotDeclared()
    {
        var e = Assert.Throws<ArgumentException>(() => new XmlRecordFormat(new XmlFormatOptions("ise:SuspiciousActivityReport", Prefixes)));

        Assert.Contains("'ise'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sar:")]
    [InlineData(":Report")]
    [InlineData("sar:Suspicious Activity")]
    [InlineData("1Report")]
    public void ConstructorRejectsARecordElementThatIsNotAName(string recordElement)
    {
        Assert.ThrowsAny<ArgumentException>(() => new XmlRecordFormat(new XmlFormatOptions(recordElement, Prefixes)));
    }

    [Fact]
    public void ConstructorRejectsAnEmptyNamespacePrefixBecauseXPathHasNoDefaultNamespace()
    {
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = SarNs };

        var e = Assert.Throws<ArgumentException>(() => new XmlRecordFormat(new XmlFormatOptions("Report", namespaces)));

        Assert.Contains("no default namespace", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(1024, 0)]
    public void ConstructorRejectsLimitsThatAreNotPositive(int maxMessageBytes, int maxDepth)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new XmlRecordFormat(new XmlFormatOptions("sar:SuspiciousActivityReport", Prefixes, maxMessageBytes, maxDepth)));
    }

    // ---- the sample ----

    [Fact]
    public void SampleGivesFourRecordsIndexedInDocumentOrder()
    {
        var results = Format.Extract(SampleBytes.Value).ToList();

        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Index));
        Assert.All(results, r =>
        {
            Assert.NotNull(r.Record);
            Assert.Null(r.Problem);
            Assert.Equal(r.Index, r.Record.Index);
        });
        Assert.Equal(
            ["SAR-2026-000101", "SAR-2026-000102", "SAR-2026-000103", "SAR-2026-000104"],
            results.Select(r => Assert.Single(r.Record!.Values(Format.Compile("sar:ActivityIdentification/nc:IdentificationID")))));
    }

    [Fact]
    public void RawTextIsTheRecordElementAloneWithTheNamespacesItNeeds()
    {
        var results = Format.Extract(SampleBytes.Value).ToList();
        var expected = XDocument.Load(SamplePath());
        expected.DescendantNodes().OfType<XComment>().Remove();
        var expectedRecords = expected.Descendants(XName.Get("SuspiciousActivityReport", SarNs)).Select(WithoutNamespaceDeclarations).ToList();

        Assert.Equal(expectedRecords.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var raw = results[i].RawText!;
            Assert.Equal(raw, results[i].Record!.RawText);
            Assert.StartsWith("<sar:SuspiciousActivityReport ", raw, StringComparison.Ordinal);
            Assert.EndsWith("</sar:SuspiciousActivityReport>", raw, StringComparison.Ordinal);
            // The exchange element declared the prefixes; the record's text declares them itself, once.
            Assert.Contains($"xmlns:nc=\"{NcNs}\"", raw, StringComparison.Ordinal);
            Assert.Single(raw.Split("xmlns:nc=").Skip(1));
            // Parses alone to the same tree as in the sample.
            Assert.True(XNode.DeepEquals(expectedRecords[i], WithoutNamespaceDeclarations(XElement.Parse(raw))), $"record {i} differs from the sample");
            Assert.DoesNotContain("SubmittingOrganization", raw, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("SAR-2026-000102", results[0].RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void EachRecordsRawTextIsAMessageWithExactlyThatRecord()
    {
        var id = Format.Compile("sar:ActivityIdentification/nc:IdentificationID");
        foreach (var original in Format.Extract(SampleBytes.Value).Select(r => r.Record!))
        {
            var again = Assert.Single(Format.Extract(Utf8(original.RawText))).Record!;

            Assert.Equal(original.RawText, again.RawText);
            Assert.Equal(original.Values(id), again.Values(id));
            Assert.Equal(original.FieldNames, again.FieldNames);
        }
    }

    [Fact]
    public void WithMaxMessageBytesChangesOnlyTheSizeLimit()
    {
        var smaller = Format.WithMaxMessageBytes(1000);

        Assert.Equal(1_048_576, Format.MaxMessageBytes);
        Assert.Equal(1000, smaller.MaxMessageBytes);
        Assert.Equal($"message is {SampleBytes.Value.Length} bytes, over the limit of 1000 bytes", AssertUnreadable(smaller.Extract(SampleBytes.Value)));
        var message = Utf8($"""<sar:SuspiciousActivityReport xmlns:sar="{SarNs}"><sar:Id>7</sar:Id></sar:SuspiciousActivityReport>""");
        Assert.Equal(["7"], Assert.Single(smaller.Extract(message)).Record!.Values(smaller.Compile("sar:Id")));
    }

    [Fact]
    public void RawTextKeepsTheMessagesPrefixesIncludingADefaultNamespace()
    {
        var message = Utf8($"""<Batch xmlns="{SarNs}" xmlns:core="{NcNs}"><SuspiciousActivityReport><core:Note>seen</core:Note></SuspiciousActivityReport></Batch>""");

        var raw = Assert.Single(Format.Extract(message)).RawText!;

        Assert.StartsWith("<SuspiciousActivityReport ", raw, StringComparison.Ordinal);
        var element = XElement.Parse(raw);
        Assert.Equal(XName.Get("SuspiciousActivityReport", SarNs), element.Name);
        Assert.Equal(XName.Get("Note", NcNs), Assert.Single(element.Elements()).Name);
    }

    [Fact]
    public void RecordMissingItsDateTimeHasNoValueForThatSelector()
    {
        var occurredAt = Format.Compile("nc:ActivityDateTime/nc:DateTime");

        var values = Format.Extract(SampleBytes.Value).Select(r => r.Record!.Values(occurredAt)).ToList();

        Assert.Equal(["2026-03-12T14:35:00-05:00"], values[0]);
        Assert.Equal(["2026-03-13T02:10:00-05:00"], values[1]);
        Assert.Empty(values[2]);
        Assert.Equal(["2026-03-14T09:45:30+00:00"], values[3]);
    }

    [Fact]
    public void NamespacedSelectorsFindNestedValues()
    {
        var record = SampleRecord(1);

        Assert.Equal(["SURVL"], record.Values(Format.Compile("sar:BehaviorCategoryCode")));
        Assert.Equal(["WATER"], record.Values(Format.Compile("sar:TargetSectorCode")));
        Assert.Equal(["4500 Plant Access Rd, Exampleton, VA 22001"], record.Values(Format.Compile("nc:Location/nc:LocationAddress/nc:AddressFullText")));
        Assert.Equal(["38.9021"], record.Values(Format.Compile("nc:Location/nc:LocationCoordinate/nc:LatitudeDegreeValue")));
        Assert.Equal(["XMP4471"], record.Values(Format.Compile("nc:Vehicle/nc:VehicleLicensePlate/nc:IdentificationID")));
        Assert.StartsWith("Security officer at the water treatment plant", Assert.Single(record.Values(Format.Compile("nc:ActivityDescriptionText"))), StringComparison.Ordinal);
    }

    [Fact]
    public void SelectorsUseTheDefinitionsPrefixesWhateverPrefixesTheMessageUses()
    {
        var message = Utf8($"""
            <x:Batch xmlns:x="{SarNs}" xmlns:core="{NcNs}">
              <x:SuspiciousActivityReport><core:ActivityDescriptionText>seen</core:ActivityDescriptionText></x:SuspiciousActivityReport>
            </x:Batch>
            """);

        var record = Assert.Single(Format.Extract(message)).Record!;

        Assert.Equal(["seen"], record.Values(Format.Compile("nc:ActivityDescriptionText")));
    }

    [Fact]
    public void RepeatedElementsGiveOneValueEach()
    {
        Assert.Equal(
            ["Driver: adult, short dark hair, glasses, dark jacket", "Passenger: adult, baseball cap, holding binoculars"],
            SampleRecord(1).Values(Format.Compile("sar:Subject/nc:PersonDescriptionText")));
        Assert.Equal(["INTRSN", "ELICIT"], SampleRecord(3).Values(Format.Compile("sar:BehaviorCategoryCode")));
    }

    [Fact]
    public void AttributeSelectorsFindAttributeValues()
    {
        var record = SampleRecord(1);

        Assert.Equal(["R2"], record.Values(Format.Compile("@s:id")));
        Assert.Equal(["R2-P1", "R2-P2"], record.Values(Format.Compile("sar:Subject/@s:id")));
    }

    [Fact]
    public void StringNumberAndBooleanResultsGiveOneValue()
    {
        var withVehicle = SampleRecord(1);
        var withoutVehicle = SampleRecord(0);

        Assert.Equal(["2"], withVehicle.Values(Format.Compile("count(sar:Subject)")));
        Assert.Equal(["true"], withVehicle.Values(Format.Compile("boolean(nc:Vehicle)")));
        Assert.Equal(["false"], withoutVehicle.Values(Format.Compile("boolean(nc:Vehicle)")));
        Assert.Equal(["VA/XMP4471"], withVehicle.Values(Format.Compile("concat(nc:Vehicle/nc:VehicleLicensePlate/nc:IdentificationJurisdictionCode, '/', nc:Vehicle/nc:VehicleLicensePlate/nc:IdentificationID)")));
        Assert.Equal(["-77.1133"], withVehicle.Values(Format.Compile("number(nc:Location/nc:LocationCoordinate/nc:LongitudeDegreeValue)")));
    }

    [Fact]
    public void AbsentFieldsGiveNoValuesWhateverTheResultType()
    {
        var record = SampleRecord(2);

        Assert.Empty(record.Values(Format.Compile("nc:Vehicle/nc:VehicleLicensePlate/nc:IdentificationID")));
        Assert.Empty(record.Values(Format.Compile("string(nc:ActivityDateTime/nc:DateTime)")));
        Assert.Empty(record.Values(Format.Compile("number(nc:Location/nc:LocationCoordinate/nc:LatitudeDegreeValue)")));
    }

    [Fact]
    public void AbsolutePathsStayInsideTheRecord()
    {
        var record = SampleRecord(0);

        Assert.Equal(["R1-P1"], record.Values(Format.Compile("//sar:Subject/@s:id")));
        Assert.Equal(["SAR-2026-000101"], record.Values(Format.Compile("/sar:SuspiciousActivityReport/sar:ActivityIdentification/nc:IdentificationID")));
        Assert.Empty(record.Values(Format.Compile("//sar:SubmittingOrganization")));
    }

    [Fact]
    public void FieldNamesAreTheDistinctLocalNamesOfChildElements()
    {
        Assert.Equal(
            ["ActivityIdentification", "ActivityDateTime", "ActivityDescriptionText", "BehaviorCategoryCode", "TargetSectorCode", "Location", "Subject", "Vehicle"],
            SampleRecord(1).FieldNames);
        Assert.Equal(
            ["ActivityIdentification", "ActivityDescriptionText", "BehaviorCategoryCode", "TargetSectorCode", "Location"],
            SampleRecord(2).FieldNames);
        Assert.Equal(
            ["ActivityIdentification", "ActivityDateTime", "ActivityDescriptionText", "BehaviorCategoryCode", "TargetSectorCode", "Location", "Subject"],
            SampleRecord(3).FieldNames);
    }

    [Fact]
    public void ValuesRejectsASelectorFromAnotherFormat()
    {
        Assert.Throws<ArgumentException>(() => SampleRecord(0).Values(new ForeignSelector()));
    }

    // ---- which elements are records ----

    [Fact]
    public void RecordsNestedInARecordArePartOfItNotRecordsOfTheirOwn()
    {
        var message = Utf8($"""
            <sar:Batch xmlns:sar="{SarNs}">
              <sar:SuspiciousActivityReport><sar:Id>1</sar:Id><sar:Related><sar:SuspiciousActivityReport><sar:Id>1a</sar:Id></sar:SuspiciousActivityReport></sar:Related></sar:SuspiciousActivityReport>
              <sar:Group><sar:SuspiciousActivityReport><sar:Id>2</sar:Id></sar:SuspiciousActivityReport></sar:Group>
            </sar:Batch>
            """);

        var results = Format.Extract(message).ToList();

        Assert.Equal(2, results.Count);
        Assert.Equal(["1"], results[0].Record!.Values(Format.Compile("sar:Id")));
        Assert.Equal(["1a"], results[0].Record!.Values(Format.Compile("sar:Related/sar:SuspiciousActivityReport/sar:Id")));
        Assert.Equal(["2"], results[1].Record!.Values(Format.Compile("sar:Id")));
        Assert.Equal(1, results[1].Index);
    }

    [Fact]
    public void TheRootElementCanBeTheOnlyRecord()
    {
        var message = Utf8($"""<sar:SuspiciousActivityReport xmlns:sar="{SarNs}"><sar:Id>7</sar:Id></sar:SuspiciousActivityReport>""");

        var result = Assert.Single(Format.Extract(message));

        Assert.Equal(0, result.Index);
        Assert.Equal(["7"], result.Record!.Values(Format.Compile("sar:Id")));
    }

    [Fact]
    public void AnUnprefixedRecordElementMatchesOnlyElementsInNoNamespace()
    {
        var format = new XmlRecordFormat(new XmlFormatOptions("Report", new Dictionary<string, string>()));
        var message = Utf8($"""<Reports><Report><Id>1</Id></Report><x:Report xmlns:x="{SarNs}"><Id>2</Id></x:Report><Report><Id>3</Id></Report></Reports>""");

        var results = format.Extract(message).ToList();

        Assert.Equal([["1"], ["3"]], results.Select(r => r.Record!.Values(format.Compile("Id"))));
    }

    [Fact]
    public void MessageWithoutTheRecordElementIsUnreadable()
    {
        var message = Utf8($"""<sar:Batch xmlns:sar="{SarNs}"><sar:SuspiciousActivity/><SuspiciousActivityReport/></sar:Batch>""");

        AssertUnreadable(Format.Extract(message), "no <sar:SuspiciousActivityReport> record element in the message");
    }

    [Fact]
    public void MessagesInOtherDeclaredEncodingsAreRead()
    {
        var text = $"""<?xml version="1.0" encoding="UTF-16"?><sar:SuspiciousActivityReport xmlns:sar="{SarNs}"><sar:Note>café</sar:Note></sar:SuspiciousActivityReport>""";
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        var latin1 = Encoding.Latin1.GetBytes(text.Replace("UTF-16", "ISO-8859-1", StringComparison.Ordinal));

        Assert.Equal(["café"], Assert.Single(Format.Extract(utf16)).Record!.Values(Format.Compile("sar:Note")));
        Assert.Equal(["café"], Assert.Single(Format.Extract(latin1)).Record!.Values(Format.Compile("sar:Note")));
    }

    [Fact]
    public void ExtractReadsASliceOfALargerBuffer()
    {
        var sample = SampleBytes.Value;
        var buffer = new byte[sample.Length + 20];
        Array.Fill(buffer, (byte)'!');
        sample.CopyTo(buffer, 10);

        Assert.Equal(4, Format.Extract(new ReadOnlyMemory<byte>(buffer, 10, sample.Length)).Count(r => r.Record is not null));
    }

    // ---- hostile and broken messages ----

    [Fact]
    public void BillionLaughsIsRejectedForItsDtdWithoutExpandingAnything()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <sar:SuspiciousActivityReport xmlns:sar="http://example.org/ise-sar/1.5"><sar:Note>&lol9;</sar:Note></sar:SuspiciousActivityReport>
            """;
        var message = Utf8(bomb);
        AssertUnreadable(Format.Extract(message)); // warm up, so the measurement below is of the rejection alone

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var results = Format.Extract(message).ToList();
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var problem = AssertUnreadable(results);
        Assert.StartsWith("DTDs are prohibited", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("lol", problem, StringComparison.Ordinal);
        // Fully expanded this is 3 billion characters; expanding even &lol6; once would be 3 million.
        Assert.True(allocated < 512 * 1024, $"rejecting the bomb allocated {allocated} bytes");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"rejecting the bomb took {watch.Elapsed}");
    }

    [Fact]
    public void ExternalEntityIsRejectedForItsDtdWithoutReadingTheFile()
    {
        var message = Utf8($"""
            <?xml version="1.0"?>
            <!DOCTYPE sar:SuspiciousActivityReport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <sar:SuspiciousActivityReport xmlns:sar="{SarNs}"><sar:Note>&xxe;</sar:Note></sar:SuspiciousActivityReport>
            """);

        var results = Format.Extract(message).ToList();

        var problem = AssertUnreadable(results);
        Assert.StartsWith("DTDs are prohibited", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("passwd", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", problem, StringComparison.Ordinal);
        Assert.Null(results[0].RawText);
    }

    [Fact]
    public void DoctypeWithoutEntitiesIsStillRejected()
    {
        var message = Utf8($"""<!DOCTYPE r><sar:SuspiciousActivityReport xmlns:sar="{SarNs}"/>""");

        Assert.StartsWith("DTDs are prohibited", AssertUnreadable(Format.Extract(message)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unclosed element", "<sar:SuspiciousActivityReport xmlns:sar=\"" + SarNs + "\">\n  <sar:PersonName>JOHN-SMITH-PII\n", 3)]
    [InlineData("mismatched end tag", "<sar:SuspiciousActivityReport xmlns:sar=\"" + SarNs + "\">\n  <sar:PersonName>JOHN-SMITH-PII</sar:JOHN-SMITH-PII>\n</sar:SuspiciousActivityReport>", 2)]
    [InlineData("unterminated attribute", "<sar:SuspiciousActivityReport xmlns:sar=\"" + SarNs + "\">\n  <sar:Person name=\"JOHN-SMITH-PII></sar:Person>\n</sar:SuspiciousActivityReport>", 2)]
    [InlineData("undeclared entity", "<sar:SuspiciousActivityReport xmlns:sar=\"" + SarNs + "\">\n  <sar:PersonName>&JOHN-SMITH-PII;</sar:PersonName>\n</sar:SuspiciousActivityReport>", 2)]
    [InlineData("undeclared prefix", "<sar:SuspiciousActivityReport xmlns:sar=\"" + SarNs + "\">\n  <JOHN-SMITH-PII:Name/>\n</sar:SuspiciousActivityReport>", 2)]
    public void MalformedXmlIsRejectedWithItsPositionAndWithoutQuotingContent(string what, string document, int line)
    {
        var problem = AssertUnreadable(Format.Extract(Utf8(document)));

        Assert.True(Regex.IsMatch(problem, $@"^malformed XML: [a-z -]+ \(line {line}, position \d+\)$"), $"{what}: {problem}");
        Assert.DoesNotContain("JOHN", problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PersonName", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("sar:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedXmlAfterGoodRecordsRejectsTheWholeMessage()
    {
        var sample = Encoding.UTF8.GetString(SampleBytes.Value);
        var truncated = Utf8(sample[..sample.LastIndexOf("</sar:SuspiciousActivityReportExchange>", StringComparison.Ordinal)]);

        AssertUnreadable(Format.Extract(truncated));
    }

    [Fact]
    public void MessageOverTheSizeLimitIsRejectedBySizeWithoutParsing()
    {
        // Not XML at all: any parsing would give a different reason.
        var message = new byte[(1024 * 1024) + 1];
        Array.Fill(message, (byte)0xFF);

        AssertUnreadable(Format.Extract(message), "message is 1048577 bytes, over the limit of 1048576 bytes");
    }

    [Fact]
    public void MessageOfExactlyTheSizeLimitIsRead()
    {
        var head = Utf8($"""<sar:SuspiciousActivityReport xmlns:sar="{SarNs}"><sar:Note>""");
        var tail = Utf8("</sar:Note></sar:SuspiciousActivityReport>");
        var message = new byte[1024];
        Array.Fill(message, (byte)'x');
        head.CopyTo(message, 0);
        tail.CopyTo(message, message.Length - tail.Length);
        var format = new XmlRecordFormat(new XmlFormatOptions("sar:SuspiciousActivityReport", Prefixes, MaxMessageBytes: 1024));

        Assert.NotNull(Assert.Single(format.Extract(message)).Record);
        Assert.Equal("message is 1025 bytes, over the limit of 1024 bytes", AssertUnreadable(format.Extract(new byte[1025])));
    }

    [Fact]
    public void EmptyMessageIsUnreadable()
    {
        AssertUnreadable(Format.Extract(ReadOnlyMemory<byte>.Empty), "message is empty");
    }

    [Fact]
    public void MessageWithoutAnyElementIsUnreadable()
    {
        AssertUnreadable(Format.Extract(Utf8("<?xml version=\"1.0\"?>\n<!-- nothing -->\n")), "malformed XML: no root element");
    }

    [Fact]
    public void DepthBombIsRejected()
    {
        const int levels = 10_000;
        var message = Utf8(string.Concat(Enumerable.Repeat("<a>", levels)) + string.Concat(Enumerable.Repeat("</a>", levels)));

        var problem = AssertUnreadable(Format.Extract(message));

        Assert.StartsWith("XML elements are nested deeper than 64 levels", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DepthInsideARecordCountsFromTheDocumentRoot()
    {
        var format = new XmlRecordFormat(new XmlFormatOptions("sar:SuspiciousActivityReport", Prefixes, MaxDepth: 4));

        // Four levels: exchange, report, a, b.
        var atLimit = Utf8($"""<sar:X xmlns:sar="{SarNs}"><sar:SuspiciousActivityReport><a><b>1</b></a></sar:SuspiciousActivityReport></sar:X>""");
        var overLimit = Utf8($"""<sar:X xmlns:sar="{SarNs}"><sar:SuspiciousActivityReport><a><b><c>1</c></b></a></sar:SuspiciousActivityReport></sar:X>""");
        var levelFive = $"""<sar:X xmlns:sar="{SarNs}"><sar:SuspiciousActivityReport><a><b><""".Length;

        Assert.Equal(["1"], Assert.Single(format.Extract(atLimit)).Record!.Values(format.Compile("a/b")));
        Assert.Equal($"XML elements are nested deeper than 4 levels (line 1, position {levelFive + 1})", AssertUnreadable(format.Extract(overLimit)));
    }

    // ---- selectors ----

    [Theory]
    [InlineData("sar:Subject[")]
    [InlineData("sar:Subject/")]
    [InlineData("sar:Subject]")]
    [InlineData("count(")]
    [InlineData("$subject")]
    [InlineData("unknown-function(sar:Subject)")]
    [InlineData("sar:Subject | 'text'")]
    public void InvalidXPathIsAFormatExceptionNamingTheExpression(string expression)
    {
        var e = Assert.Throws<FormatException>(() => Format.Compile(expression));

        Assert.StartsWith($"invalid XPath '{expression}': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathStepAfterAValueThatIsNotANodeSetIsRejectedAtCompile()
    {
        var e = Assert.Throws<FormatException>(() => Format.Compile("1/sar:Subject"));

        Assert.StartsWith("invalid XPath '1/sar:Subject': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypeErrorThatOnlyARecordsDataReachesIsAFormatExceptionNamingTheExpression()
    {
        // The predicate runs only when there is a subject, so compiling cannot see the error.
        var selector = Format.Compile("sar:Subject[1/nc:PersonDescriptionText]");

        Assert.Empty(SampleRecord(2).Values(selector));
        var e = Assert.Throws<FormatException>(() => SampleRecord(0).Values(selector));
        Assert.StartsWith("invalid XPath 'sar:Subject[1/nc:PersonDescriptionText]': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void XPathWithAnUndeclaredPrefixIsAFormatExceptionNamingThePrefix()
    {
        var e = Assert.Throws<FormatException>(() => Format.Compile("sar:Subject/j:PersonName"));

        Assert.Contains("'j'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyXPathIsAFormatException(string expression)
    {
        Assert.Equal("XPath expression is empty", Assert.Throws<FormatException>(() => Format.Compile(expression)).Message);
    }

    [Fact]
    public void CompiledSelectorKeepsTheExpressionAsWritten()
    {
        Assert.Equal("sar:Subject/@s:id", Format.Compile("sar:Subject/@s:id").ToString());
    }

    [Fact]
    public void OneSelectorServesManyThreads()
    {
        var selector = Format.Compile("sar:Subject/nc:PersonDescriptionText");
        var records = Format.Extract(SampleBytes.Value).Select(r => r.Record!).ToList();
        var expected = records.Select(r => r.Values(selector).Count).ToList();

        Parallel.For(0, 2000, i =>
        {
            var record = records[i % records.Count];
            Assert.Equal(expected[i % records.Count], record.Values(selector).Count);
        });
    }

    // ---- properties ----

    [Fact]
    public void ArbitraryStringsNeverMakeExtractThrowAndGiveExactlyOneOutcomeEach() =>
        Check.One(Quick, Prop.ForAll(
            ArbMap.Default.ArbFor<string>(),
            text => ExactlyOneOutcomeEach(Format.Extract(Utf8(text ?? "")))));

    [Fact]
    public void ArbitraryBytesNeverMakeExtractThrowAndGiveExactlyOneOutcomeEach() =>
        Check.One(Quick, Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            bytes => ExactlyOneOutcomeEach(Format.Extract(bytes))));

    [Fact]
    public void MutatedSamplesNeverMakeExtractThrowAndGiveExactlyOneOutcomeEach() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(
            Arb.From(MutatedSamples),
            message => ExactlyOneOutcomeEach(Format.Extract(message))));

    [Fact]
    public void ArbitraryExpressionsEitherCompileOrThrowFormatExceptionAndSoDoesTheirEvaluation() =>
        Check.One(Quick, Prop.ForAll(
            Arb.From(Gen.OneOf(ArbMap.Default.ArbFor<string>().Generator, Expressions)),
            expression =>
            {
                FieldSelector selector;
                try
                {
                    selector = Format.Compile(expression ?? "");
                }
                catch (FormatException)
                {
                    return true;
                }
                foreach (var record in Format.Extract(SampleBytes.Value).Select(r => r.Record!))
                {
                    try
                    {
                        Assert.All(record.Values(selector), v => Assert.False(string.IsNullOrWhiteSpace(v)));
                    }
                    catch (FormatException)
                    {
                        // A type error that only this record's data reaches (see the test below).
                    }
                }
                return true;
            }));

    // Characters that steer an expression into XPath's corners: axes, predicates, functions, prefixes.
    private static readonly Gen<string> Expressions =
        Gen.Elements("sar:", "nc:", "s:", "j:", "Subject", "@", "/", "//", "[", "]", "(", ")", "'", "\"", "|", "..", ".", "*", "::", "child", "id", "count", "$x", " and ", " = ", "1", "-", "text()", "node()")
            .ListOf()
            .Select(parts => string.Concat(parts));

    // Bytes that steer a mutated sample into XML's corners: markup, references, DOCTYPEs, bad UTF-8.
    private static readonly Gen<byte> InterestingBytes = Gen.OneOf(
        Gen.Elements("<>/!?&;:=\"'[]-# xD\n".Select(c => (byte)c).ToArray()),
        Gen.Elements<byte>(0x00, 0x1F, 0x80, 0xC0, 0xC3, 0xE2, 0xED, 0xF4, 0xFE, 0xFF),
        ArbMap.Default.ArbFor<byte>().Generator);

    private static readonly Gen<byte[]> MutatedSamples =
        from count in Gen.Choose(1, 8)
        from edits in (from kind in Gen.Choose(0, 2) from position in Gen.Choose(0, 1_000_000) from value in InterestingBytes select (kind, position, value)).ListOf(count)
        select Mutate(SampleBytes.Value, edits);

    private static byte[] Mutate(byte[] message, IEnumerable<(int Kind, int Position, byte Value)> edits)
    {
        var bytes = message.ToList();
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

    private static bool ExactlyOneOutcomeEach(IEnumerable<ExtractedRecord> results)
    {
        var list = results.ToList();
        return list.Count > 0 && list.All(r =>
            r.Record is null != r.Problem is null
            && (r.Record is null || (r.Record.RawText is not null && r.Record.FieldNames is not null)));
    }

    // ---- helpers ----

    private static ISourceRecord SampleRecord(int index) => Format.Extract(SampleBytes.Value).ElementAt(index).Record!;

    private static string AssertUnreadable(IEnumerable<ExtractedRecord> results, string? expected = null)
    {
        var result = Assert.Single(results);
        Assert.Null(result.Record);
        Assert.Equal(0, result.Index);
        Assert.NotNull(result.Problem);
        if (expected is not null)
        {
            Assert.Equal(expected, result.Problem);
        }
        return result.Problem;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static XElement WithoutNamespaceDeclarations(XElement element)
    {
        var copy = new XElement(element);
        copy.DescendantsAndSelf().Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        return copy;
    }

    private sealed class ForeignSelector() : FieldSelector("sarId");

    // The sample lives with the feed definitions, not in the test project: walk up to the repository.
    private static string SamplePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "infra", "feeds", "samples", "niem-sar.xml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("infra/feeds/samples/niem-sar.xml not found above " + AppContext.BaseDirectory);
    }
}
