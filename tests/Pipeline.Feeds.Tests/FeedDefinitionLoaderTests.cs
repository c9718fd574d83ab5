using Pipeline.Contracts;
using Pipeline.Feeds.Definitions;
using Pipeline.Feeds.Formats;

namespace Pipeline.Feeds.Tests;

public sealed class FeedDefinitionLoaderTests
{
    // Lines 1-8; each test adds what it needs from line 9 on.
    private const string Valid = """
        id: loader-test
        kind: cad
        timeZone: UTC
        format:
          type: json
        fields:
          sourceRecordId: id
          occurredAt: at

        """;

    // ---- a good definition ----

    [Fact]
    public void ValidDefinitionLoadsWithEverySetting()
    {
        var definition = FeedDefinitionLoader.Load("""
            id: county-cad
            kind: CAD
            description: County CAD calls.
            timeZone: America/Chicago
            format:
              type: csv
              delimiter: ";"
              header: true
            key: [sourceRecordId, address]
            fields:
              sourceRecordId: Item
              occurredAt: Created
              address:
                from: [Block, Street]
                transforms: [trim, { concat: " " }]
              cadPriority:
                from: Priority
                range: [0, 9]
            """, "county-cad.yaml");

        Assert.Equal("county-cad", definition.Id);
        Assert.Equal(ReportKind.Cad, definition.Kind);
        Assert.Equal("County CAD calls.", definition.Description);
        Assert.Equal("America/Chicago", definition.TimeZone.Id);
        Assert.Equal("csv", definition.FormatName);
        Assert.IsType<CsvRecordFormat>(definition.Format);
        Assert.Equal("county-cad.yaml", definition.SourceFile);
        Assert.Equal(["sourceRecordId", "address"], definition.KeyFields);
        Assert.Null(definition.Coordinates);
        Assert.Equal(["sourceRecordId", "occurredAt", "address", "cadPriority"], definition.Fields.Select(f => f.Target));
        Assert.Equal([11, 12, 13, 16], definition.Fields.Select(f => f.Line));
        var address = definition.Fields[2];
        Assert.Equal(["Block", "Street"], address.From.Select(s => s.Expression));
        Assert.Equal(["trim", "concat"], address.Transforms.Select(t => t.Name));
        Assert.False(address.Required);
        Assert.True(definition.Fields[0].Required);
        Assert.True(definition.Fields[1].Required);
        Assert.Equal((0d, 9d), (definition.Fields[3].Rules.Min!.Value, definition.Fields[3].Rules.Max!.Value));
    }

    [Fact]
    public void DefaultsAreUtcAndTheSourceRecordIdKey()
    {
        var definition = Load(Valid.Replace("timeZone: UTC\n", "", StringComparison.Ordinal));

        Assert.Equal(TimeZoneInfo.Utc.Id, definition.TimeZone.Id);
        Assert.Equal([CanonicalFields.SourceRecordId], definition.KeyFields);
        Assert.Equal("json", definition.FormatName);
        Assert.Null(definition.Description);
    }

    [Fact]
    public void JsonTextIsADefinitionToo()
    {
        var definition = Load("""
            { "id": "json-feed", "kind": "sar", "format": { "type": "json", "recordPath": "items" },
              "fields": { "sourceRecordId": "id", "occurredAt": "at" } }
            """);

        Assert.Equal("json-feed", definition.Id);
        Assert.Equal(ReportKind.Sar, definition.Kind);
    }

    [Fact]
    public void ProjectedCoordinatesWithAnEpsgCodeLoad()
    {
        var definition = Load(Valid + "  x: X\n  y: Y\ncoordinates:\n  epsg: 3452\n");

        Assert.Equal(3452, definition.Coordinates?.Reprojector.Epsg);
    }

    // ---- each problem with its file, line and path ----

    [Fact]
    public void ARawTopicNamedByTheDefinitionIsUsedAsWrittenWithoutThePrefix()
    {
        var definition = FeedTestSupport.Definition(Valid + "topic: county.cad.calls-v2\n");

        Assert.Equal("county.cad.calls-v2", definition.RawTopic(new TopicNames("staging.")));
        Assert.Equal("county.cad.calls-v2", definition.ConfiguredRawTopic);
    }

    [Fact]
    public void WithoutATopicTheRawTopicIsTheDefaultUnderThePrefix()
    {
        var definition = FeedTestSupport.Definition(Valid);

        Assert.Null(definition.ConfiguredRawTopic);
        Assert.Equal("staging.feeds.loader-test.raw", definition.RawTopic(new TopicNames("staging.")));
    }

    [Theory]
    [InlineData("cad calls")]
    [InlineData("..")]
    [InlineData("cad/calls")]
    public void ATopicThatKafkaWouldRefuseIsReported(string topic)
    {
        var problem = SingleProblem(Valid + $"topic: \"{topic}\"\n");

        Assert.StartsWith("test.yaml:9: topic: must be a Kafka topic name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredPrivacyFieldsAreMappedApartFromTheReportsSummaryFields()
    {
        var definition = FeedTestSupport.Definition(Valid + "  privacy.callerPhone: phone\n  privacy.callerName:\n    from: [first, last]\n    transforms: [trim]\n");

        var report = Assert.Single(FeedTestSupport.Read(definition, """{"id":"1","at":"2026-11-20T10:00:00Z","phone":"555-0100","first":" Ann ","last":"Lee"}""")).Result.Report!;

        Assert.Equal(new Dictionary<string, string> { ["callerPhone"] = "555-0100", ["callerName"] = "Ann; Lee" }, report.Privacy.Other);
        Assert.False(report.Privacy.IsEmpty);
        Assert.DoesNotContain("555-0100", report.Narrative, StringComparison.Ordinal);
        Assert.True(CanonicalFields.IsPrivacy("privacy.callerPhone"));
        Assert.True(CanonicalFields.IsPrivacy(CanonicalFields.Subjects));
        Assert.False(CanonicalFields.IsPrivacy(CanonicalFields.Narrative));
    }

    [Fact]
    public void APrivacyPrefixWithoutANameIsNotAField()
    {
        var problem = SingleProblem(Valid + "  privacy.: phone\n");

        Assert.StartsWith("test.yaml:9: fields.privacy.: 'privacy.' is not a canonical field", problem, StringComparison.Ordinal);
        Assert.Contains("privacy.<name>", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelKeyIsReported()
    {
        var problem = SingleProblem(Valid + "colour: red\n");

        Assert.StartsWith("test.yaml:9: colour: unknown setting (known here: id, kind, description, topic, timeZone, format, key, coordinates, codeTables, fields)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldNameIsReported()
    {
        var problem = SingleProblem(Valid + "  suspectName: name\n");

        Assert.StartsWith("test.yaml:9: fields.suspectName: 'suspectName' is not a canonical field (known: ", problem, StringComparison.Ordinal);
        Assert.Contains("protected.<attribute>", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSettingOfAFieldIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative:\n    from: n\n    requird: true\n");

        Assert.StartsWith("test.yaml:11: fields.narrative.requird: unknown setting (known here: from, transforms, required, range, oneOf, pattern)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTransformIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative:\n    from: n\n    transforms: [trim, shout]\n");

        Assert.StartsWith("test.yaml:11: fields.narrative.transforms[1]: 'shout' is not a transform (trim, upper, lower, ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedCodeTableIsReported()
    {
        var problem = SingleProblem(Valid + "  cadCallType:\n    from: c\n    transforms:\n      - map: callTypes\n");

        Assert.Equal("test.yaml:12: fields.cadCallType.transforms[0]: code table 'callTypes' is not defined under codeTables", problem);
    }

    [Fact]
    public void BadRegexTransformIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative:\n    from: n\n    transforms:\n      - regex: '(unclosed'\n");

        Assert.StartsWith("test.yaml:12: fields.narrative.transforms[0]: invalid regular expression: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BadReplacePatternIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative:\n    from: n\n    transforms:\n      - replace: { pattern: '[a-', with: x }\n");

        Assert.StartsWith("test.yaml:12: fields.narrative.transforms[0]: invalid regular expression: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPatternRuleIsReported()
    {
        var problem = SingleProblem(Valid + "  targetSector:\n    from: t\n    pattern: '*ENERGY'\n");

        Assert.StartsWith("test.yaml:11: fields.targetSector.pattern: invalid regular expression: ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[5, 1]")]
    [InlineData("[1]")]
    [InlineData("[low, high]")]
    [InlineData("7")]
    public void BadRangeIsReported(string range)
    {
        var problem = SingleProblem(Valid + $"  cadPriority:\n    from: p\n    range: {range}\n");

        Assert.Equal("test.yaml:11: fields.cadPriority.range: must be [min, max] with min <= max", problem);
    }

    [Fact]
    public void BadTimeZoneIsReported()
    {
        var problem = SingleProblem(Valid.Replace("timeZone: UTC", "timeZone: Mars/Olympus_Mons", StringComparison.Ordinal));

        Assert.Equal("test.yaml:3: timeZone: 'Mars/Olympus_Mons' is not a known IANA time zone", problem);
    }

    [Fact]
    public void BadTimeZoneOfADatetimeTransformIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative:\n    from: n\n    transforms:\n      - datetime: { formats: [\"yyyy\"], zone: Nowhere/Land }\n");

        Assert.Equal("test.yaml:12: fields.narrative.transforms[0]: 'Nowhere/Land' is not a known IANA time zone", problem);
    }

    [Fact]
    public void UnknownEpsgCodeIsReported()
    {
        var problems = Problems(Valid + "  x: X\n  y: Y\ncoordinates:\n  epsg: 4\n");

        Assert.Contains(problems, p => p.StartsWith("test.yaml:12: coordinates: EPSG:4 is not in the built-in table (known: 2227, ", StringComparison.Ordinal));
    }

    [Fact]
    public void EpsgCodeThatIsNotANumberIsReported()
    {
        var problems = Problems(Valid + "  x: X\n  y: Y\ncoordinates:\n  epsg: EPSG:3452\n");

        Assert.Contains("test.yaml:12: coordinates.epsg: must be a positive whole number", problems);
    }

    [Theory]
    [InlineData("sourceRecordId")]
    [InlineData("occurredAt")]
    public void MissingRequiredMappingIsReported(string missing)
    {
        var text = Valid.Replace($"  {missing}: {(missing == "sourceRecordId" ? "id" : "at")}\n", "  narrative: n\n", StringComparison.Ordinal);

        var problem = SingleProblem(text);

        Assert.Equal($"test.yaml:7: fields: '{missing}' must be mapped", problem);
    }

    [Fact]
    public void BadFormatTypeIsReported()
    {
        var problem = SingleProblem(Valid.Replace("type: json", "type: tsv", StringComparison.Ordinal));

        Assert.Equal("test.yaml:5: format.type: 'tsv' is not a format: use csv, json or xml", problem);
    }

    [Fact]
    public void MissingFormatIsReported()
    {
        var problem = SingleProblem("""
            id: loader-test
            kind: cad
            fields:
              sourceRecordId: id
              occurredAt: at
            """);

        Assert.Equal("test.yaml:1: format: is required: a mapping with 'type' (csv, json or xml) and its options", problem);
    }

    [Fact]
    public void CsvColumnNameWithoutAHeaderIsReported()
    {
        var problem = SingleProblem("""
            id: loader-test
            kind: cad
            format:
              type: csv
              header: false
            fields:
              sourceRecordId: NOPD_Item
              occurredAt: "#2"
            """);

        Assert.Equal("test.yaml:7: fields.sourceRecordId.from: CSV column 'NOPD_Item' is a name, but this feed's CSV has no header: use #1, #2, ...", problem);
    }

    [Fact]
    public void BadCsvOptionsAreReported()
    {
        var problems = Problems("""
            id: loader-test
            kind: cad
            format:
              type: csv
              delimiter: ";;"
              header: maybe
              maxColumns: 0
              encoding: ebcdic
            fields:
              sourceRecordId: "#1"
              occurredAt: "#2"
            """);

        Assert.Contains("test.yaml:5: format.delimiter: must be one character", problems);
        Assert.Contains("test.yaml:6: format.header: must be true or false", problems);
        Assert.Contains("test.yaml:7: format.maxColumns: must be a positive whole number", problems);
        Assert.Contains(problems, p => p.StartsWith("test.yaml:4: format: CSV encoding 'ebcdic' is not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void BadXPathIsReported()
    {
        var problem = SingleProblem("""
            id: loader-test
            kind: sar
            format:
              type: xml
              recordElement: "sar:Report"
              namespaces:
                sar: "http://example.org/sar"
            fields:
              sourceRecordId: "sar:Id[["
              occurredAt: "sar:When"
            """);

        Assert.StartsWith("test.yaml:9: fields.sourceRecordId.from: invalid XPath 'sar:Id[[", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void XPathWithAnUndeclaredPrefixIsReported()
    {
        var problem = SingleProblem("""
            id: loader-test
            kind: sar
            format:
              type: xml
              recordElement: "sar:Report"
              namespaces:
                sar: "http://example.org/sar"
            fields:
              sourceRecordId: "sar:Id"
              occurredAt: "nc:When"
            """);

        Assert.StartsWith("test.yaml:10: fields.occurredAt.from: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BadJsonPathIsReported()
    {
        var problem = SingleProblem(Valid + "  narrative: \"notes[\"\n");

        Assert.Equal("test.yaml:9: fields.narrative.from: JSON path 'notes[' has an unclosed '['", problem);
    }

    [Fact]
    public void ProjectedCoordinatesWithoutACoordinateSystemAreReported()
    {
        var problem = SingleProblem(Valid + "  x: MapX\n  y: MapY\n");

        Assert.Equal("test.yaml:7: fields: 'x' and 'y' are projected coordinates: add 'coordinates: { epsg: <code> }'", problem);
    }

    [Fact]
    public void CoordinateSystemWithoutBothProjectedFieldsIsReported()
    {
        var problem = SingleProblem(Valid + "  x: MapX\ncoordinates:\n  epsg: 3452\n");

        Assert.Equal("test.yaml:11: coordinates: needs both 'x' and 'y' among the fields", problem);
    }

    [Fact]
    public void KeyNamingAnUnmappedFieldIsReported()
    {
        var problem = SingleProblem(Valid + "key: [sourceRecordId, address]\n");

        Assert.Equal("test.yaml:9: key: 'address' is not a mapped field", problem);
    }

    [Theory]
    [InlineData("id: Bad Id", "test.yaml:1: id: must be 1 to 64 lower-case letters, digits and dashes")]
    [InlineData("kind: dispatch", "test.yaml:2: kind: must be 'sar' or 'cad'")]
    public void BadIdOrKindIsReported(string line, string expected)
    {
        var text = Valid.Replace(line.StartsWith("id", StringComparison.Ordinal) ? "id: loader-test" : "kind: cad", line, StringComparison.Ordinal);

        Assert.Equal(expected, SingleProblem(text));
    }

    [Fact]
    public void MissingIdIsReported()
    {
        var problem = SingleProblem(Valid.Replace("id: loader-test\n", "", StringComparison.Ordinal));

        Assert.Equal("test.yaml:1: id: is required", problem);
    }

    [Theory]
    [InlineData("id: loader-test\nkind: [cad\n")]
    [InlineData("id: loader-test\n  kind: cad\n bad")]
    [InlineData("id: 'unterminated\n")]
    public void InvalidYamlIsReportedWithItsLine(string text)
    {
        var problem = SingleProblem(text);

        Assert.Matches(@"^test\.yaml:\d+: not valid YAML: ", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("- just\n- a list\n")]
    [InlineData("plain text")]
    public void TextThatIsNotOneMappingIsReported(string text)
    {
        Assert.Equal("test.yaml:1: the file must hold one mapping (id, kind, format, fields, ...)", SingleProblem(text));
    }

    [Fact]
    public void DuplicateKeyIsReported()
    {
        var problems = Problems(Valid + "kind: sar\n");

        Assert.Matches(@"^test\.yaml:\d+: ", Assert.Single(problems));
    }

    [Fact]
    public void MappingKeyThatIsNotAScalarIsReportedRatherThanCrashing()
    {
        var problems = Problems(Valid + "  ? [narrative, address]\n  : notes\n");

        Assert.StartsWith("test.yaml:9: ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedTogetherInOneException()
    {
        var text = """
            id: loader-test
            kind: cad
            timeZone: Mars/Olympus_Mons
            colour: red
            format:
              type: json
            fields:
              sourceRecordId: id
              suspectName: name
              narrative:
                from: n
                transforms: [shout]
            key: [address]
            """;

        var e = Assert.Throws<FeedDefinitionException>(() => Load(text));

        Assert.Equal(
            [
                "test.yaml:4: colour",
                "test.yaml:3: timeZone",
                "test.yaml:9: fields.suspectName",
                "test.yaml:12: fields.narrative.transforms[0]",
                "test.yaml:8: fields",
                "test.yaml:13: key",
            ],
            e.Problems.Select(p => p[..p.IndexOf(": ", p.IndexOf(": ", StringComparison.Ordinal) + 2, StringComparison.Ordinal)]));
        Assert.Equal(string.Join(Environment.NewLine, e.Problems), e.Message);
    }

    // ---- folders ----

    [Fact]
    public void LoadFolderReadsYamlYmlAndJsonFilesInNameOrderAndNothingElse()
    {
        using var folder = new TempFolder();
        folder.Write("b.yml", Valid.Replace("loader-test", "feed-b", StringComparison.Ordinal));
        folder.Write("a.yaml", Valid.Replace("loader-test", "feed-a", StringComparison.Ordinal));
        folder.Write("c.json", """{ "id": "feed-c", "kind": "sar", "format": { "type": "json" }, "fields": { "sourceRecordId": "id", "occurredAt": "at" } }""");
        folder.Write("notes.txt", "not a definition");
        folder.Write("README.md", "# feeds");
        Directory.CreateDirectory(Path.Combine(folder.Path, "old"));
        folder.Write(System.IO.Path.Combine("old", "d.yaml"), Valid.Replace("loader-test", "feed-d", StringComparison.Ordinal));

        var definitions = FeedDefinitionLoader.LoadFolder(folder.Path);

        Assert.Equal(["feed-a", "feed-b", "feed-c"], definitions.Select(d => d.Id));
        Assert.Equal(System.IO.Path.Combine(folder.Path, "a.yaml"), definitions[0].SourceFile);
    }

    [Fact]
    public void LoadFolderRejectsTheSameIdInTwoFiles()
    {
        using var folder = new TempFolder();
        folder.Write("first.yaml", Valid);
        folder.Write("second.yaml", Valid);

        var e = Assert.Throws<FeedDefinitionException>(() => FeedDefinitionLoader.LoadFolder(folder.Path));

        var problem = Assert.Single(e.Problems);
        Assert.Equal($"feed id 'loader-test' is defined in more than one file: {System.IO.Path.Combine(folder.Path, "first.yaml")}, {System.IO.Path.Combine(folder.Path, "second.yaml")}", problem);
    }

    [Fact]
    public void LoadFolderReportsTheProblemsOfEveryFileTogether()
    {
        using var folder = new TempFolder();
        folder.Write("bad-one.yaml", Valid + "colour: red\n");
        folder.Write("good.yaml", Valid.Replace("loader-test", "good", StringComparison.Ordinal));
        folder.Write("bad-two.yaml", Valid.Replace("type: json", "type: tsv", StringComparison.Ordinal));

        var e = Assert.Throws<FeedDefinitionException>(() => FeedDefinitionLoader.LoadFolder(folder.Path));

        Assert.Equal(2, e.Problems.Count);
        Assert.StartsWith(System.IO.Path.Combine(folder.Path, "bad-one.yaml") + ":9: colour: ", e.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith(System.IO.Path.Combine(folder.Path, "bad-two.yaml") + ":5: format.type: ", e.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolderOfAnEmptyFolderIsEmpty()
    {
        using var folder = new TempFolder();

        Assert.Empty(FeedDefinitionLoader.LoadFolder(folder.Path));
    }

    // ---- version ----

    [Fact]
    public void VersionIsStableForTheSameTextWhateverItsLineEndings()
    {
        var first = Load(Valid);
        var second = Load(Valid);
        var crlf = Load(Valid.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Matches("^[0-9a-f]{12}$", first.Version);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.Version, crlf.Version);
    }

    [Theory]
    [InlineData("# a comment\n")]
    [InlineData("  narrative: n\n")]
    [InlineData(" ")]
    public void VersionChangesWithTheText(string addition)
    {
        Assert.NotEqual(Load(Valid).Version, Load(Valid + addition).Version);
    }

    // ---- helpers ----

    private static FeedDefinition Load(string text) => FeedDefinitionLoader.Load(text, "test.yaml");

    private static IReadOnlyList<string> Problems(string text)
    {
        var e = Assert.Throws<FeedDefinitionException>(() => Load(text));
        Assert.NotEmpty(e.Problems);
        return e.Problems;
    }

    private static string SingleProblem(string text)
    {
        var problems = Problems(text);
        Assert.True(problems.Count == 1, "expected one problem, got:\n" + string.Join("\n", problems));
        return problems[0];
    }
}
