using System.Globalization;
using System.Text;
using System.Xml;

namespace Pipeline.Contracts.Exchange;

/// <summary>Which ISE-SAR exchange form to write.</summary>
public enum IseSarForm
{
    /// <summary>Withholds the privacy fields (subjects, vehicles, other identifying values): the form that travels widely.</summary>
    Summary,

    /// <summary>Carries the privacy fields as well, for recipients with a need and right to know them.</summary>
    Detailed,
}

/// <summary>A vetted report, ready to be exported as an ISE-SAR record.</summary>
/// <param name="Report">The canonical report. Its protected attributes are never exported.</param>
/// <param name="AlertId">The watch-desk alert the report was vetted under.</param>
/// <param name="Categories">
/// The behavior categories the analyst confirmed: codes of <see cref="IseSarCategories"/>
/// (case-insensitive), primary first; at least one.
/// </param>
/// <param name="DispositionCode">The disposition code the analyst chose, when there is one.</param>
/// <param name="DispositionComment">The analyst's disposition comment, when there is one.</param>
/// <param name="VettedBy">The user name of the analyst who vetted the report.</param>
/// <param name="VettedAt">When the report was vetted.</param>
/// <param name="LinkedReportKeys">Idempotency keys of the reports linked to this one (duplicates, the same incident from another feed).</param>
public sealed record IseSarRecord(
    Report Report,
    string AlertId,
    IReadOnlyList<string> Categories,
    string? DispositionCode,
    string? DispositionComment,
    string VettedBy,
    DateTimeOffset VettedAt,
    IReadOnlyList<string> LinkedReportKeys);

/// <summary>
/// Writes a vetted report as a NIEM-style ISE-SAR XML exchange in the shape that the
/// <c>niem-sar</c> feed definition (infra/feeds/niem-sar.yaml) reads, so an export can be read
/// back by our own feed. Like that feed's sample, it is a simplified shape in the spirit of an
/// ISE-SAR 1.5 exchange, not the official schema: the namespace URIs are placeholders.
/// </summary>
/// <remarks>
/// <para>The document (prefix <c>sar</c> is <see cref="SarNamespace"/>, <c>nc</c> is <see cref="NiemCoreNamespace"/>; an element is left out when its value is absent):</para>
/// <code>
/// sar:SuspiciousActivityReportExchange
///   sar:ExchangeMetadata/sar:ReportClassCode            SUMMARY | DETAILED
///   sar:SuspiciousActivityReport
///     sar:ActivityIdentification
///       nc:IdentificationID                             source record id
///       nc:IdentificationSourceText                     feed id
///     sar:ReportIdentification/nc:IdentificationID      the pipeline's report key
///     sar:AlertIdentification/nc:IdentificationID       the watch-desk alert id
///     sar:SourceKindCode                                SAR | CAD
///     nc:ActivityDateTime/nc:DateTime                   when it happened (UTC, round-trip "O" format)
///     nc:ActivityDescriptionText                        the narrative
///     sar:BehaviorCategory (one per category)
///       sar:BehaviorCategoryCode                        for example PHOTO
///       sar:BehaviorCategoryName                        for example Photography
///       sar:BehaviorCategoryGroupCode                   A | B
///     sar:TargetSectorCode
///     nc:Location
///       nc:LocationAddress/nc:AddressFullText
///       nc:LocationCoordinate/nc:LatitudeDegreeValue, nc:LongitudeDegreeValue   (WGS84 degrees)
///       sar:LocationPrecisionCode                       a LocationPrecision name, for example Block
///       sar:LocationJurisdiction/nc:IdentificationID    one per jurisdiction, broadest first
///     sar:Vetting
///       sar:VettingDispositionCode
///       sar:VettingCommentText
///       sar:VettingAnalyst/nc:IdentificationID          who vetted it
///       sar:VettingDateTime/nc:DateTime                 when (UTC)
///     sar:LinkedReportIdentification/nc:IdentificationID   one per linked report key, in ordinal order
///     -- Detailed only --
///     sar:Subject/nc:PersonDescriptionText              one per subject
///     nc:Vehicle/nc:VehicleDescriptionText              one per vehicle description or plate
///     sar:AdditionalPrivacyField                        one per further privacy value, by name in ordinal order
///       sar:PrivacyFieldName
///       sar:PrivacyFieldValueText
/// </code>
/// <para>
/// Protected attributes (<see cref="Report.Protected"/>) are written in neither form. The
/// narrative and address are written as the source gave them in both forms: Summary withholds the
/// structured privacy fields only, so a narrative that names a person still names them.
/// </para>
/// <para>
/// Text goes through <see cref="XmlWriter"/>, so markup in it is escaped; characters that XML 1.0
/// cannot carry (most C0 controls, lone surrogates, U+FFFE, U+FFFF) are replaced with U+FFFD.
/// Carriage returns are written as character references so that they survive a reader's line-end
/// normalization. The document carries no creation time: the same record always writes the same
/// bytes (UTF-8 without a byte-order mark, two-space indentation, LF line ends).
/// </para>
/// </remarks>
public static class IseSarXmlWriter
{
    /// <summary>Namespace of the ISE-SAR elements (prefix <c>sar</c>), as the niem-sar feed declares it.</summary>
    public const string SarNamespace = "http://example.org/ise-sar/1.5";

    /// <summary>Namespace of the NIEM core elements (prefix <c>nc</c>), as the niem-sar feed declares it.</summary>
    public const string NiemCoreNamespace = "http://example.org/niem-core/4.0";

    private const string Sar = "sar";
    private const string Nc = "nc";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Entitize,
        CloseOutput = false,
        CheckCharacters = true,
    };

    /// <summary>Writes <paramref name="record"/> in <paramref name="form"/> to <paramref name="output"/> as UTF-8 XML; the stream is left open.</summary>
    /// <exception cref="ArgumentException">
    /// The record has no category, a category that is not one of the sixteen, or no analyst.
    /// </exception>
    public static void Write(Stream output, IseSarRecord record, IseSarForm form)
    {
        ArgumentNullException.ThrowIfNull(output);
        var categories = Validate(record, form);
        using var writer = XmlWriter.Create(output, Settings);
        WriteDocument(writer, record, categories, form);
    }

    /// <summary>The XML that <see cref="Write"/> writes, as a string.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>.</exception>
    public static string ToString(IseSarRecord record, IseSarForm form)
    {
        using var buffer = new MemoryStream();
        Write(buffer, record, form);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static List<IseSarCategory> Validate(IseSarRecord record, IseSarForm form)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Report, nameof(record));
        ArgumentNullException.ThrowIfNull(record.Categories, nameof(record));
        ArgumentNullException.ThrowIfNull(record.LinkedReportKeys, nameof(record));
        ArgumentException.ThrowIfNullOrWhiteSpace(record.AlertId, nameof(record));
        ArgumentException.ThrowIfNullOrWhiteSpace(record.VettedBy, nameof(record));
        if (!Enum.IsDefined(form))
        {
            throw new ArgumentOutOfRangeException(nameof(form), form, "unknown ISE-SAR form");
        }
        var categories = new List<IseSarCategory>();
        foreach (var code in record.Categories)
        {
            // Codes are short fixed identifiers, never report content: quoting one is safe.
            var category = IseSarCategories.Find(code)
                ?? throw new ArgumentException($"'{code}' is not an ISE-SAR behavior category code", nameof(record));
            if (!categories.Contains(category))
            {
                categories.Add(category);
            }
        }
        return categories.Count > 0
            ? categories
            : throw new ArgumentException("an ISE-SAR record needs at least one behavior category", nameof(record));
    }

    private static void WriteDocument(XmlWriter writer, IseSarRecord record, List<IseSarCategory> categories, IseSarForm form)
    {
        var report = record.Report;
        writer.WriteStartDocument();
        writer.WriteStartElement(Sar, "SuspiciousActivityReportExchange", SarNamespace);
        // Declared once on the root, so that nc elements do not each carry their own declaration.
        writer.WriteAttributeString("xmlns", Nc, XmlnsNamespace, NiemCoreNamespace);

        writer.WriteStartElement(Sar, "ExchangeMetadata", SarNamespace);
        SarText(writer, "ReportClassCode", form == IseSarForm.Detailed ? "DETAILED" : "SUMMARY");
        writer.WriteEndElement();

        writer.WriteStartElement(Sar, "SuspiciousActivityReport", SarNamespace);

        writer.WriteStartElement(Sar, "ActivityIdentification", SarNamespace);
        NcText(writer, "IdentificationID", report.SourceRecordId);
        NcText(writer, "IdentificationSourceText", report.FeedId);
        writer.WriteEndElement();
        Identification(writer, "ReportIdentification", report.IdempotencyKey);
        Identification(writer, "AlertIdentification", record.AlertId);
        SarText(writer, "SourceKindCode", report.Kind == ReportKind.Cad ? "CAD" : "SAR");

        writer.WriteStartElement(Nc, "ActivityDateTime", NiemCoreNamespace);
        NcText(writer, "DateTime", DateTimeText(report.OccurredAt));
        writer.WriteEndElement();
        NcText(writer, "ActivityDescriptionText", report.Narrative);

        foreach (var category in categories)
        {
            writer.WriteStartElement(Sar, "BehaviorCategory", SarNamespace);
            SarText(writer, "BehaviorCategoryCode", category.Code);
            SarText(writer, "BehaviorCategoryName", category.Name);
            SarText(writer, "BehaviorCategoryGroupCode", category.Group.ToString());
            writer.WriteEndElement();
        }
        SarText(writer, "TargetSectorCode", report.TargetSector);

        WriteLocation(writer, report.Location);

        writer.WriteStartElement(Sar, "Vetting", SarNamespace);
        SarText(writer, "VettingDispositionCode", record.DispositionCode);
        SarText(writer, "VettingCommentText", record.DispositionComment);
        Identification(writer, "VettingAnalyst", record.VettedBy);
        writer.WriteStartElement(Sar, "VettingDateTime", SarNamespace);
        NcText(writer, "DateTime", DateTimeText(record.VettedAt));
        writer.WriteEndElement();
        writer.WriteEndElement();

        // Sorted, so that the order the store happened to return the links in does not change the bytes.
        foreach (var key in record.LinkedReportKeys.Where(k => !string.IsNullOrEmpty(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Identification(writer, "LinkedReportIdentification", key);
        }

        if (form == IseSarForm.Detailed)
        {
            WritePrivacy(writer, report.Privacy);
        }
        // Report.Protected is deliberately never read here: protected attributes leave the
        // pipeline in neither form.

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteLocation(XmlWriter writer, ReportLocation location)
    {
        var hasAddress = !string.IsNullOrEmpty(location.RawAddress);
        var hasCoordinates = location.Latitude is { } latitude && double.IsFinite(latitude)
            && location.Longitude is { } longitude && double.IsFinite(longitude);
        var jurisdictions = location.Jurisdictions?.Where(j => !string.IsNullOrEmpty(j)).ToList() ?? [];
        if (!hasAddress && !hasCoordinates && jurisdictions.Count == 0)
        {
            return;
        }
        writer.WriteStartElement(Nc, "Location", NiemCoreNamespace);
        if (hasAddress)
        {
            writer.WriteStartElement(Nc, "LocationAddress", NiemCoreNamespace);
            NcText(writer, "AddressFullText", location.RawAddress);
            writer.WriteEndElement();
        }
        if (hasCoordinates)
        {
            writer.WriteStartElement(Nc, "LocationCoordinate", NiemCoreNamespace);
            NcText(writer, "LatitudeDegreeValue", XmlConvert.ToString(location.Latitude!.Value));
            NcText(writer, "LongitudeDegreeValue", XmlConvert.ToString(location.Longitude!.Value));
            writer.WriteEndElement();
            SarText(writer, "LocationPrecisionCode", location.Precision.ToString());
        }
        foreach (var jurisdiction in jurisdictions)
        {
            Identification(writer, "LocationJurisdiction", jurisdiction);
        }
        writer.WriteEndElement();
    }

    private static void WritePrivacy(XmlWriter writer, PrivacyFields privacy)
    {
        foreach (var subject in privacy.Subjects)
        {
            writer.WriteStartElement(Sar, "Subject", SarNamespace);
            NcText(writer, "PersonDescriptionText", subject);
            writer.WriteEndElement();
        }
        foreach (var vehicle in privacy.Vehicles)
        {
            writer.WriteStartElement(Nc, "Vehicle", NiemCoreNamespace);
            NcText(writer, "VehicleDescriptionText", vehicle);
            writer.WriteEndElement();
        }
        foreach (var (name, value) in privacy.Other.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteStartElement(Sar, "AdditionalPrivacyField", SarNamespace);
            SarText(writer, "PrivacyFieldName", name);
            SarText(writer, "PrivacyFieldValueText", value);
            writer.WriteEndElement();
        }
    }

    private static void Identification(XmlWriter writer, string sarElement, string value)
    {
        writer.WriteStartElement(Sar, sarElement, SarNamespace);
        NcText(writer, "IdentificationID", value);
        writer.WriteEndElement();
    }

    private static void SarText(XmlWriter writer, string localName, string? value)
    {
        if (value is not null)
        {
            writer.WriteElementString(Sar, localName, SarNamespace, XmlSafe(value));
        }
    }

    private static void NcText(XmlWriter writer, string localName, string? value)
    {
        if (value is not null)
        {
            writer.WriteElementString(Nc, localName, NiemCoreNamespace, XmlSafe(value));
        }
    }

    // UTC in the round-trip format: what the feeds' ISO 8601 reader takes back without guessing a zone.
    private static string DateTimeText(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="text"/> with every character that XML 1.0 cannot carry replaced by U+FFFD
    /// (a well-formed surrogate pair is kept); the same instance when there is none.
    /// </summary>
    private static string XmlSafe(string text)
    {
        var first = FirstInvalid(text);
        if (first < 0)
        {
            return text;
        }
        var safe = new StringBuilder(text.Length);
        safe.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                safe.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }
        return safe.ToString();
    }

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }
}
