using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Pipeline.Contracts.Exchange;

namespace Pipeline.Contracts.Tests;

public sealed class IseSarXmlWriterTests
{
    private static readonly XNamespace Sar = IseSarXmlWriter.SarNamespace;
    private static readonly XNamespace Nc = IseSarXmlWriter.NiemCoreNamespace;

    // Distinctive values, so that a search of the whole document for them cannot hit anything else.
    private static readonly string[] PrivacyValues =
        ["QUIXLEY MARTEN DOB 1971-02-03", "BLUE ZZVAN DENTED", "ZQX4471", "555-0199-ZZPHONE"];

    private static readonly string[] ProtectedValues = ["ZZRACE-VALUE-7", "ZZSEX-VALUE-9", "zzethnicity-key"];

    private static readonly Report FullReport = new()
    {
        IdempotencyKey = "niem-sar:SAR-2026-000102",
        FeedId = "niem-sar",
        SourceRecordId = "SAR-2026-000102",
        Kind = ReportKind.Sar,
        OccurredAt = new DateTimeOffset(2026, 3, 13, 2, 10, 0, TimeSpan.FromHours(-5)),
        ReceivedAt = new DateTimeOffset(2026, 3, 13, 8, 0, 0, TimeSpan.Zero),
        Location = new ReportLocation("4500 Plant Access Rd, Exampleton, VA 22001", 38.9021, -77.1133, LocationPrecision.AddressPoint)
        {
            Jurisdictions = ["VA-EXAMPLE-CO", "PRECINCT-4", "BEAT-4B"],
        },
        Narrative = "Two people in a parked vehicle used binoculars toward the chlorine storage building.",
        TargetSector = "WATER",
        Privacy = new PrivacyFields(["QUIXLEY MARTEN DOB 1971-02-03"], ["BLUE ZZVAN DENTED", "ZQX4471"])
        {
            Other = new Dictionary<string, string> { ["callerPhone"] = "555-0199-ZZPHONE" },
        },
        Protected = new ProtectedAttributes(new Dictionary<string, string>
        {
            ["race"] = "ZZRACE-VALUE-7",
            ["sex"] = "ZZSEX-VALUE-9",
            ["zzethnicity-key"] = "ZZRACE-VALUE-7",
        }),
        Origin = new RecordOrigin("feeds.niem-sar.raw", 0, 17),
    };

    private static readonly IseSarRecord FullRecord = new(
        FullReport,
        AlertId: "alert-0001",
        Categories: ["SURVL", "photo"],
        DispositionCode: "ISE-SAR-CONFIRMED",
        DispositionComment: "Behavior fits Observation/Surveillance; potential nexus to critical infrastructure.",
        VettedBy: "analyst.one",
        VettedAt: new DateTimeOffset(2026, 3, 14, 10, 30, 0, TimeSpan.FromHours(1)),
        LinkedReportKeys: ["demo-cad:24-0042", "demo-cad:24-0041"]);

    [Fact]
    public void SummaryCarriesNoPrivacyFieldValuesAndNoPrivacyElements()
    {
        var xml = IseSarXmlWriter.ToString(FullRecord, IseSarForm.Summary);

        Assert.All(PrivacyValues, value => Assert.DoesNotContain(value, xml, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("callerPhone", xml, StringComparison.Ordinal);
        var report = ReportElement(Parse(xml));
        Assert.Empty(report.Elements(Sar + "Subject"));
        Assert.Empty(report.Elements(Nc + "Vehicle"));
        Assert.Empty(report.Elements(Sar + "AdditionalPrivacyField"));
        Assert.Equal("SUMMARY", Parse(xml).Root!.Element(Sar + "ExchangeMetadata")!.Element(Sar + "ReportClassCode")!.Value);
    }

    [Theory]
    [InlineData(IseSarForm.Summary)]
    [InlineData(IseSarForm.Detailed)]
    public void ProtectedAttributesAreWrittenInNeitherForm(IseSarForm form)
    {
        var xml = IseSarXmlWriter.ToString(FullRecord, form);

        Assert.All(ProtectedValues, value => Assert.DoesNotContain(value, xml, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Protected", xml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DetailedCarriesSubjectsVehiclesAndOtherPrivacyFields()
    {
        var report = ReportElement(Parse(IseSarXmlWriter.ToString(FullRecord, IseSarForm.Detailed)));

        Assert.Equal("DETAILED", report.Parent!.Element(Sar + "ExchangeMetadata")!.Element(Sar + "ReportClassCode")!.Value);
        Assert.Equal(["QUIXLEY MARTEN DOB 1971-02-03"], report.Elements(Sar + "Subject").Select(s => s.Element(Nc + "PersonDescriptionText")!.Value));
        Assert.Equal(["BLUE ZZVAN DENTED", "ZQX4471"], report.Elements(Nc + "Vehicle").Select(v => v.Element(Nc + "VehicleDescriptionText")!.Value));
        var other = Assert.Single(report.Elements(Sar + "AdditionalPrivacyField"));
        Assert.Equal("callerPhone", other.Element(Sar + "PrivacyFieldName")!.Value);
        Assert.Equal("555-0199-ZZPHONE", other.Element(Sar + "PrivacyFieldValueText")!.Value);
    }

    [Fact]
    public void BothFormsCarryTheIdentifiersTimeLocationNarrativeVettingAndLinks()
    {
        foreach (var form in new[] { IseSarForm.Summary, IseSarForm.Detailed })
        {
            var report = ReportElement(Parse(IseSarXmlWriter.ToString(FullRecord, form)));

            var identification = report.Element(Sar + "ActivityIdentification")!;
            Assert.Equal("SAR-2026-000102", identification.Element(Nc + "IdentificationID")!.Value);
            Assert.Equal("niem-sar", identification.Element(Nc + "IdentificationSourceText")!.Value);
            Assert.Equal("niem-sar:SAR-2026-000102", Id(report, "ReportIdentification"));
            Assert.Equal("alert-0001", Id(report, "AlertIdentification"));
            Assert.Equal("SAR", report.Element(Sar + "SourceKindCode")!.Value);
            Assert.Equal("2026-03-13T07:10:00.0000000+00:00", report.Element(Nc + "ActivityDateTime")!.Element(Nc + "DateTime")!.Value);
            Assert.Equal(FullReport.Narrative, report.Element(Nc + "ActivityDescriptionText")!.Value);
            Assert.Equal("WATER", report.Element(Sar + "TargetSectorCode")!.Value);

            var location = report.Element(Nc + "Location")!;
            Assert.Equal(FullReport.Location.RawAddress, location.Element(Nc + "LocationAddress")!.Element(Nc + "AddressFullText")!.Value);
            var coordinate = location.Element(Nc + "LocationCoordinate")!;
            Assert.Equal(38.9021, double.Parse(coordinate.Element(Nc + "LatitudeDegreeValue")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal(-77.1133, double.Parse(coordinate.Element(Nc + "LongitudeDegreeValue")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal("AddressPoint", location.Element(Sar + "LocationPrecisionCode")!.Value);
            Assert.Equal(["VA-EXAMPLE-CO", "PRECINCT-4", "BEAT-4B"], location.Elements(Sar + "LocationJurisdiction").Select(j => j.Element(Nc + "IdentificationID")!.Value));

            var vetting = report.Element(Sar + "Vetting")!;
            Assert.Equal("ISE-SAR-CONFIRMED", vetting.Element(Sar + "VettingDispositionCode")!.Value);
            Assert.Equal(FullRecord.DispositionComment, vetting.Element(Sar + "VettingCommentText")!.Value);
            Assert.Equal("analyst.one", Id(vetting, "VettingAnalyst"));
            Assert.Equal("2026-03-14T09:30:00.0000000+00:00", vetting.Element(Sar + "VettingDateTime")!.Element(Nc + "DateTime")!.Value);

            Assert.Equal(["demo-cad:24-0041", "demo-cad:24-0042"], report.Elements(Sar + "LinkedReportIdentification").Select(l => l.Element(Nc + "IdentificationID")!.Value));
        }
    }

    [Fact]
    public void CategoriesAreWrittenWithTheirCanonicalCodesNamesAndGroupsInTheGivenOrder()
    {
        var record = FullRecord with { Categories = ["SURVL", "photo", "INTRSN", "Photo"] };

        var categories = ReportElement(Parse(IseSarXmlWriter.ToString(record, IseSarForm.Summary))).Elements(Sar + "BehaviorCategory").ToList();

        Assert.Equal(["SURVL", "PHOTO", "INTRSN"], categories.Select(c => c.Element(Sar + "BehaviorCategoryCode")!.Value));
        Assert.Equal(["Observation/Surveillance", "Photography", "Breach/Attempted Intrusion"], categories.Select(c => c.Element(Sar + "BehaviorCategoryName")!.Value));
        Assert.Equal(["B", "B", "A"], categories.Select(c => c.Element(Sar + "BehaviorCategoryGroupCode")!.Value));
    }

    [Fact]
    public void AnUnknownCategoryOrNoCategoryIsRefusedBeforeAnythingIsWritten()
    {
        using var output = new MemoryStream();

        Assert.Throws<ArgumentException>(() => IseSarXmlWriter.Write(output, FullRecord with { Categories = ["SURVL", "LOITERING"] }, IseSarForm.Summary));
        Assert.Throws<ArgumentException>(() => IseSarXmlWriter.Write(output, FullRecord with { Categories = [] }, IseSarForm.Summary));
        Assert.Throws<ArgumentException>(() => IseSarXmlWriter.Write(output, FullRecord with { VettedBy = " " }, IseSarForm.Summary));
        Assert.Throws<ArgumentOutOfRangeException>(() => IseSarXmlWriter.Write(output, FullRecord, (IseSarForm)7));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void HostileTextIsEscapedAndReadsBackAsTheSameText()
    {
        const string Hostile = "<script>alert('x')</script> ]]> <![CDATA[ & &amp; \"q\" <!-- c --> <?pi ?> </nc:ActivityDescriptionText><sar:Subject>";
        var record = FullRecord with
        {
            Report = FullReport with
            {
                Narrative = Hostile,
                Location = FullReport.Location with { RawAddress = Hostile },
                Privacy = new PrivacyFields([Hostile], [Hostile]) { Other = new Dictionary<string, string> { [Hostile] = Hostile } },
            },
            DispositionComment = Hostile,
            VettedBy = Hostile,
            LinkedReportKeys = [Hostile],
        };

        var xml = IseSarXmlWriter.ToString(record, IseSarForm.Detailed);

        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("]]>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<![CDATA[", xml, StringComparison.Ordinal);
        var report = ReportElement(Parse(xml));
        Assert.Single(report.Elements(Sar + "Subject"));
        Assert.Equal(Hostile, report.Element(Nc + "ActivityDescriptionText")!.Value);
        Assert.Equal(Hostile, report.Element(Nc + "Location")!.Element(Nc + "LocationAddress")!.Element(Nc + "AddressFullText")!.Value);
        Assert.Equal(Hostile, report.Element(Sar + "Vetting")!.Element(Sar + "VettingCommentText")!.Value);
        Assert.Equal(Hostile, Id(report.Element(Sar + "Vetting")!, "VettingAnalyst"));
        Assert.Equal(Hostile, Id(report, "LinkedReportIdentification"));
        Assert.Equal(Hostile, report.Element(Sar + "Subject")!.Element(Nc + "PersonDescriptionText")!.Value);
        Assert.Equal(Hostile, report.Element(Nc + "Vehicle")!.Element(Nc + "VehicleDescriptionText")!.Value);
        var other = report.Element(Sar + "AdditionalPrivacyField")!;
        Assert.Equal((Hostile, Hostile), (other.Element(Sar + "PrivacyFieldName")!.Value, other.Element(Sar + "PrivacyFieldValueText")!.Value));
    }

    [Fact]
    public void CharactersXmlCannotCarryAreReplacedAndTheRestIsKept()
    {
        const string Text = "a\0b\u0001c\u000Bd\u001Fe\uFFFEf\uFFFFg\uD800h\uDC00i \U0001F600 tab\there\r\nnext line\rlone cr";
        const string Expected = "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi \U0001F600 tab\there\r\nnext line\rlone cr";
        var record = FullRecord with
        {
            Report = FullReport with { Narrative = Text, SourceRecordId = "id\u0002" },
            DispositionComment = Text,
        };

        using var output = new MemoryStream();
        IseSarXmlWriter.Write(output, record, IseSarForm.Summary);

        var report = ReportElement(Parse(output.ToArray()));
        Assert.Equal(Expected, report.Element(Nc + "ActivityDescriptionText")!.Value);
        Assert.Equal(Expected, report.Element(Sar + "Vetting")!.Element(Sar + "VettingCommentText")!.Value);
        Assert.Equal("id\uFFFD", report.Element(Sar + "ActivityIdentification")!.Element(Nc + "IdentificationID")!.Value);
    }

    [Fact]
    public void OutputIsWellFormedUtf8WithoutBomAndEveryElementIsInTheSarOrNiemCoreNamespace()
    {
        using var output = new MemoryStream();
        IseSarXmlWriter.Write(output, FullRecord, IseSarForm.Detailed);
        var bytes = output.ToArray();

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, bytes[0]);
        var document = Parse(bytes);
        Assert.Equal(Sar + "SuspiciousActivityReportExchange", document.Root!.Name);
        Assert.All(document.Descendants(), e => Assert.Contains(e.Name.Namespace, new[] { Sar, Nc }));
        // Each namespace declared once, on the root.
        Assert.Equal(2, document.Root.Attributes().Count(a => a.IsNamespaceDeclaration));
        Assert.All(document.Root.Descendants(), e => Assert.DoesNotContain(e.Attributes(), a => a.IsNamespaceDeclaration));
        Assert.Equal("sar", document.Root.GetPrefixOfNamespace(Sar));
        Assert.Equal("nc", document.Root.GetPrefixOfNamespace(Nc));
    }

    [Fact]
    public void TheSameRecordAlwaysWritesTheSameBytesWhateverTheOrderOfItsLinksAndOtherFields()
    {
        var reordered = FullRecord with
        {
            LinkedReportKeys = [.. FullRecord.LinkedReportKeys.Reverse()],
            Report = FullReport with
            {
                Privacy = FullReport.Privacy with
                {
                    Other = new Dictionary<string, string> { ["zeta"] = "1", ["alpha"] = "2" },
                },
            },
        };
        var sameOther = reordered with
        {
            Report = reordered.Report with
            {
                Privacy = reordered.Report.Privacy with
                {
                    Other = new Dictionary<string, string> { ["alpha"] = "2", ["zeta"] = "1" },
                },
            },
            LinkedReportKeys = FullRecord.LinkedReportKeys,
        };

        var first = Bytes(reordered, IseSarForm.Detailed);
        var second = Bytes(sameOther, IseSarForm.Detailed);

        Assert.Equal(first, second);
        Assert.Equal(first, Bytes(reordered, IseSarForm.Detailed));
        Assert.Equal(Encoding.UTF8.GetString(first), IseSarXmlWriter.ToString(sameOther, IseSarForm.Detailed));
    }

    [Fact]
    public void ASummaryOfAMinimalReportIsExactlyTheDocumentedShape()
    {
        var record = new IseSarRecord(
            new Report
            {
                IdempotencyKey = "demo-cad:24-0042",
                FeedId = "demo-cad",
                SourceRecordId = "24-0042",
                Kind = ReportKind.Cad,
                OccurredAt = new DateTimeOffset(2026, 3, 1, 17, 30, 0, TimeSpan.Zero),
                ReceivedAt = new DateTimeOffset(2026, 3, 1, 17, 31, 0, TimeSpan.Zero),
                Location = new ReportLocation("12XX BLOCK OF GRID LN", 38.879, -77.2011, LocationPrecision.Block),
                Narrative = "Gate lock cut.",
                Privacy = new PrivacyFields(["QUIXLEY MARTEN"], []),
                Origin = new RecordOrigin("feeds.demo-cad.raw", 1, 2),
            },
            AlertId: "a-1",
            Categories: ["INTRSN"],
            DispositionCode: "IS",
            DispositionComment: null,
            VettedBy: "sup",
            VettedAt: new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
            LinkedReportKeys: []);

        const string Expected = """
            <?xml version="1.0" encoding="utf-8"?>
            <sar:SuspiciousActivityReportExchange xmlns:nc="http://example.org/niem-core/4.0" xmlns:sar="http://example.org/ise-sar/1.5">
              <sar:ExchangeMetadata>
                <sar:ReportClassCode>SUMMARY</sar:ReportClassCode>
              </sar:ExchangeMetadata>
              <sar:SuspiciousActivityReport>
                <sar:ActivityIdentification>
                  <nc:IdentificationID>24-0042</nc:IdentificationID>
                  <nc:IdentificationSourceText>demo-cad</nc:IdentificationSourceText>
                </sar:ActivityIdentification>
                <sar:ReportIdentification>
                  <nc:IdentificationID>demo-cad:24-0042</nc:IdentificationID>
                </sar:ReportIdentification>
                <sar:AlertIdentification>
                  <nc:IdentificationID>a-1</nc:IdentificationID>
                </sar:AlertIdentification>
                <sar:SourceKindCode>CAD</sar:SourceKindCode>
                <nc:ActivityDateTime>
                  <nc:DateTime>2026-03-01T17:30:00.0000000+00:00</nc:DateTime>
                </nc:ActivityDateTime>
                <nc:ActivityDescriptionText>Gate lock cut.</nc:ActivityDescriptionText>
                <sar:BehaviorCategory>
                  <sar:BehaviorCategoryCode>INTRSN</sar:BehaviorCategoryCode>
                  <sar:BehaviorCategoryName>Breach/Attempted Intrusion</sar:BehaviorCategoryName>
                  <sar:BehaviorCategoryGroupCode>A</sar:BehaviorCategoryGroupCode>
                </sar:BehaviorCategory>
                <nc:Location>
                  <nc:LocationAddress>
                    <nc:AddressFullText>12XX BLOCK OF GRID LN</nc:AddressFullText>
                  </nc:LocationAddress>
                  <nc:LocationCoordinate>
                    <nc:LatitudeDegreeValue>38.879</nc:LatitudeDegreeValue>
                    <nc:LongitudeDegreeValue>-77.2011</nc:LongitudeDegreeValue>
                  </nc:LocationCoordinate>
                  <sar:LocationPrecisionCode>Block</sar:LocationPrecisionCode>
                </nc:Location>
                <sar:Vetting>
                  <sar:VettingDispositionCode>IS</sar:VettingDispositionCode>
                  <sar:VettingAnalyst>
                    <nc:IdentificationID>sup</nc:IdentificationID>
                  </sar:VettingAnalyst>
                  <sar:VettingDateTime>
                    <nc:DateTime>2026-03-02T08:00:00.0000000+00:00</nc:DateTime>
                  </sar:VettingDateTime>
                </sar:Vetting>
              </sar:SuspiciousActivityReport>
            </sar:SuspiciousActivityReportExchange>
            """;

        Assert.Equal(Expected.ReplaceLineEndings("\n"), IseSarXmlWriter.ToString(record, IseSarForm.Summary));
    }

    /// <summary>
    /// Reads a Summary export back the way the niem-sar feed would. This test project references
    /// only Pipeline.Contracts (and Pipeline.Feeds references Contracts), so the feed's mapper
    /// cannot run here: instead the definition's record element, namespaces and field XPaths are
    /// evaluated as XmlRecordFormat evaluates them (XPath 1.0, record element as context node),
    /// and the test first checks that each of those strings still appears verbatim in
    /// infra/feeds/niem-sar.yaml, so a change to the definition fails here rather than silently.
    /// </summary>
    [Fact]
    public void TheNiemSarFeedDefinitionsPathsReadASummaryExportBack()
    {
        var definition = File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "feeds", "niem-sar.yaml"));
        const string RecordElement = "sar:SuspiciousActivityReport";
        var namespaces = new Dictionary<string, string> { ["sar"] = "http://example.org/ise-sar/1.5", ["nc"] = "http://example.org/niem-core/4.0" };
        var fields = new Dictionary<string, string>
        {
            ["sourceRecordId"] = "sar:ActivityIdentification/nc:IdentificationID",
            ["occurredAt"] = "nc:ActivityDateTime/nc:DateTime",
            ["narrative"] = "nc:ActivityDescriptionText",
            ["address"] = "nc:Location/nc:LocationAddress/nc:AddressFullText",
            ["latitude"] = "nc:Location/nc:LocationCoordinate/nc:LatitudeDegreeValue",
            ["longitude"] = "nc:Location/nc:LocationCoordinate/nc:LongitudeDegreeValue",
            ["targetSector"] = "sar:TargetSectorCode",
            ["subjects"] = "sar:Subject/nc:PersonDescriptionText",
            ["vehicles"] = "nc:Vehicle/nc:VehicleDescriptionText",
            ["plates"] = "nc:Vehicle/nc:VehicleLicensePlate/nc:IdentificationID",
            ["race"] = "sar:Subject/sar:SubjectProtectedDescriptors/nc:PersonRaceCode",
        };
        Assert.Contains($"recordElement: \"{RecordElement}\"", definition, StringComparison.Ordinal);
        Assert.All(namespaces, pair => Assert.Contains($"{pair.Key}: \"{pair.Value}\"", definition, StringComparison.Ordinal));
        Assert.All(fields.Values, path => Assert.Contains($"\"{path}\"", definition, StringComparison.Ordinal));

        var manager = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in namespaces)
        {
            manager.AddNamespace(prefix, uri);
        }
        var summary = IseSarXmlWriter.ToString(FullRecord, IseSarForm.Summary);
        var document = new XPathDocument(XmlReader.Create(new StringReader(summary), ReaderSettings));
        var record = Assert.Single(document.CreateNavigator().Select("//" + RecordElement, manager).Cast<XPathNavigator>());
        IReadOnlyList<string> Values(string field) => [.. record.Select(fields[field], manager).Cast<XPathNavigator>().Select(n => n.Value.Trim())];

        Assert.Equal(["SAR-2026-000102"], Values("sourceRecordId"));
        Assert.Equal(FullReport.OccurredAt, DateTimeOffset.Parse(Assert.Single(Values("occurredAt")), CultureInfo.InvariantCulture));
        Assert.Equal([FullReport.Narrative], Values("narrative"));
        Assert.Equal([FullReport.Location.RawAddress!], Values("address"));
        Assert.Equal(38.9021, double.Parse(Assert.Single(Values("latitude")), CultureInfo.InvariantCulture));
        Assert.Equal(-77.1133, double.Parse(Assert.Single(Values("longitude")), CultureInfo.InvariantCulture));
        Assert.Equal(["WATER"], Values("targetSector"));
        Assert.Empty(Values("subjects"));
        Assert.Empty(Values("vehicles"));
        Assert.Empty(Values("plates"));
        Assert.Empty(Values("race"));
    }

    [Fact]
    public void TheNiemSarFeedDefinitionsPathsReadTheDetailedPrivacyFieldsBack()
    {
        var manager = new XmlNamespaceManager(new NameTable());
        manager.AddNamespace("sar", IseSarXmlWriter.SarNamespace);
        manager.AddNamespace("nc", IseSarXmlWriter.NiemCoreNamespace);
        var detailed = IseSarXmlWriter.ToString(FullRecord, IseSarForm.Detailed);
        var document = new XPathDocument(XmlReader.Create(new StringReader(detailed), ReaderSettings));
        var record = Assert.Single(document.CreateNavigator().Select("//sar:SuspiciousActivityReport", manager).Cast<XPathNavigator>());

        Assert.Equal(FullReport.Privacy.Subjects, record.Select("sar:Subject/nc:PersonDescriptionText", manager).Cast<XPathNavigator>().Select(n => n.Value));
        Assert.Equal(FullReport.Privacy.Vehicles, record.Select("nc:Vehicle/nc:VehicleDescriptionText", manager).Cast<XPathNavigator>().Select(n => n.Value));
    }

    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private static byte[] Bytes(IseSarRecord record, IseSarForm form)
    {
        using var output = new MemoryStream();
        IseSarXmlWriter.Write(output, record, form);
        return output.ToArray();
    }

    private static XDocument Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
        return XDocument.Load(reader);
    }

    private static XDocument Parse(byte[] xml)
    {
        using var reader = XmlReader.Create(new MemoryStream(xml), ReaderSettings);
        return XDocument.Load(reader);
    }

    private static XElement ReportElement(XDocument document) =>
        Assert.Single(document.Root!.Elements(Sar + "SuspiciousActivityReport"));

    private static string Id(XElement parent, string sarElement) =>
        parent.Element(Sar + sarElement)!.Element(Nc + "IdentificationID")!.Value;

    // infra/feeds lives beside the test project, not in it: walk up to the repository.
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("no folder holding Pipeline.sln above " + AppContext.BaseDirectory);
    }
}
