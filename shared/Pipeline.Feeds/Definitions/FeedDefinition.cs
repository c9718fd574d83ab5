using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Contracts;
using Pipeline.Dedup;
using Pipeline.Feeds.Formats;
using Pipeline.Geo.Reprojection;

namespace Pipeline.Feeds.Definitions;

/// <summary>The canonical report fields a definition can map, and what each holds.</summary>
public static class CanonicalFields
{
    /// <summary>The source's own record id (always required).</summary>
    public const string SourceRecordId = "sourceRecordId";

    /// <summary>When it happened (always required).</summary>
    public const string OccurredAt = "occurredAt";

    /// <summary>Narrative or call notes.</summary>
    public const string Narrative = "narrative";

    /// <summary>Address text as the source gave it.</summary>
    public const string Address = "address";

    /// <summary>WGS84 latitude.</summary>
    public const string Latitude = "latitude";

    /// <summary>WGS84 longitude.</summary>
    public const string Longitude = "longitude";

    /// <summary>Projected easting, reprojected with the definition's <c>coordinates.epsg</c>.</summary>
    public const string X = "x";

    /// <summary>Projected northing, reprojected with the definition's <c>coordinates.epsg</c>.</summary>
    public const string Y = "y";

    /// <summary>CAD call type.</summary>
    public const string CadCallType = "cadCallType";

    /// <summary>CAD priority (an integer).</summary>
    public const string CadPriority = "cadPriority";

    /// <summary>Critical-infrastructure sector of the target.</summary>
    public const string TargetSector = "targetSector";

    /// <summary>Subject descriptions: a privacy field (list).</summary>
    public const string Subjects = "subjects";

    /// <summary>Vehicle descriptions and plates: a privacy field (list).</summary>
    public const string Vehicles = "vehicles";

    /// <summary>Prefix of protected attributes ("protected.race"): audit only, never model features.</summary>
    public const string ProtectedPrefix = "protected.";

    /// <summary>Prefix of further privacy fields a feed declares ("privacy.callerPhone"): stored apart with subjects and vehicles.</summary>
    public const string PrivacyPrefix = "privacy.";

    /// <summary>Every field name except the protected ones.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SourceRecordId, OccurredAt, Narrative, Address, Latitude, Longitude, X, Y, CadCallType, CadPriority, TargetSector, Subjects, Vehicles,
    };

    /// <summary>Fields that hold several values.</summary>
    public static IReadOnlySet<string> Lists { get; } = new HashSet<string>(StringComparer.Ordinal) { Subjects, Vehicles };

    /// <summary>Fields that identify people or property: stored apart, withheld from Summary views.</summary>
    public static IReadOnlySet<string> Privacy { get; } = new HashSet<string>(StringComparer.Ordinal) { Subjects, Vehicles };

    /// <summary>True for a known field, a protected attribute or a declared privacy field.</summary>
    public static bool IsKnown(string name) => All.Contains(name) || IsPrefixed(name, ProtectedPrefix) || IsPrefixed(name, PrivacyPrefix);

    /// <summary>True for "privacy.&lt;name&gt;" and the canonical privacy fields.</summary>
    public static bool IsPrivacy(string name) => Privacy.Contains(name) || IsPrefixed(name, PrivacyPrefix);

    private static bool IsPrefixed(string name, string prefix) => name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length;
}

/// <summary>Checks a mapped value must pass.</summary>
/// <param name="Min">Smallest allowed number.</param>
/// <param name="Max">Largest allowed number.</param>
/// <param name="OneOf">Allowed values.</param>
/// <param name="Pattern">A regular expression the whole value must match.</param>
public sealed record FieldRules(double? Min = null, double? Max = null, IReadOnlySet<string>? OneOf = null, Regex? Pattern = null);

/// <summary>How one canonical field is read from a source record.</summary>
/// <param name="Target">The canonical field (see <see cref="CanonicalFields"/>).</param>
/// <param name="From">Source selectors, read in order; their values are concatenated into one list.</param>
/// <param name="Transforms">Applied in order.</param>
/// <param name="Required">A record without a value is rejected, naming the field.</param>
/// <param name="Rules">Validation after the transforms.</param>
/// <param name="Line">Line of the mapping in its definition file.</param>
public sealed record FieldMapping(string Target, IReadOnlyList<FieldSelector> From, IReadOnlyList<ValueTransform> Transforms, bool Required, FieldRules Rules, int Line);

/// <summary>Projected coordinates to reproject to WGS84.</summary>
/// <param name="Reprojector">The transformation from the source's coordinate system.</param>
public sealed record CoordinateSettings(CoordinateReprojector Reprojector);

/// <summary>
/// A feed, declared in one file under infra/feeds/: its format, how each canonical field is
/// read, validated and transformed, and which fields make its idempotency key. Loaded and
/// validated by <see cref="FeedDefinitionLoader"/>; adding a feed needs no code change.
/// </summary>
public sealed class FeedDefinition
{
    internal FeedDefinition(
        string id,
        ReportKind kind,
        string sourceFile,
        string version,
        TimeZoneInfo timeZone,
        string formatName,
        RecordFormat format,
        IReadOnlyList<FieldMapping> fields,
        IReadOnlyList<string> keyFields,
        CoordinateSettings? coordinates,
        string? description)
    {
        Id = id;
        Kind = kind;
        SourceFile = sourceFile;
        Version = version;
        TimeZone = timeZone;
        FormatName = formatName;
        Format = format;
        Fields = fields;
        KeyFields = keyFields;
        Coordinates = coordinates;
        Description = description;
        _known = new HashSet<string>(fields.SelectMany(f => f.From).Select(s => RootName(formatName, s.Expression)), StringComparer.OrdinalIgnoreCase);
    }

    private readonly HashSet<string> _known;

    /// <summary>Feed id: names the raw and dead-letter topics.</summary>
    public string Id { get; }

    /// <summary>SAR or CAD.</summary>
    public ReportKind Kind { get; }

    /// <summary>The file it was loaded from.</summary>
    public string SourceFile { get; }

    /// <summary>First 12 hex digits of the SHA-256 of the file: which definition mapped a record.</summary>
    public string Version { get; }

    /// <summary>Zone of local times in the source.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>"csv", "json" or "xml".</summary>
    public string FormatName { get; }

    /// <summary>The message format.</summary>
    public RecordFormat Format { get; }

    /// <summary>Field mappings, in file order.</summary>
    public IReadOnlyList<FieldMapping> Fields { get; }

    /// <summary>Canonical fields whose values make the idempotency key.</summary>
    public IReadOnlyList<string> KeyFields { get; }

    /// <summary>Projected-coordinate settings, when the source gives x/y.</summary>
    public CoordinateSettings? Coordinates { get; }

    /// <summary>Free text for people.</summary>
    public string? Description { get; }

    /// <summary>
    /// The raw topic the definition names (<c>topic:</c>), used as written; null for the default
    /// <c>feeds.&lt;id&gt;.raw</c> under the deployment's prefix.
    /// </summary>
    public string? ConfiguredRawTopic { get; internal init; }

    /// <summary>The topic this feed's raw records arrive on.</summary>
    public string RawTopic(TopicNames topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.FeedRaw(Id, ConfiguredRawTopic);
    }

    /// <summary>
    /// Reads every record of a raw message. Never throws for bad input: each record becomes a
    /// report or a rejection naming the field; the message as a whole may be one rejection.
    /// </summary>
    public IReadOnlyList<MappedRecord> Read(ReadOnlyMemory<byte> message, RawRecordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<MappedRecord>();
        foreach (var extracted in Format.Extract(message))
        {
            var origin = context.Origin with { Record = extracted.Index };
            if (extracted.Record is not { } record)
            {
                results.Add(new MappedRecord(extracted.Index, extracted.RawText, FeedReadResult.Rejected(extracted.Problem ?? "unreadable record"), []));
                continue;
            }
            FeedReadResult result;
            IReadOnlyList<string> unknown = [];
            try
            {
                result = Map(record, context with { Origin = origin });
                unknown = [.. record.FieldNames.Where(n => !_known.Contains(n))];
            }
            catch (FieldException e)
            {
                result = FeedReadResult.Rejected(e.Message, e.Field);
            }
#pragma warning disable CA1031 // A record that trips the reader must be rejected, never stop the feed.
            catch (Exception e)
#pragma warning restore CA1031
            {
                result = FeedReadResult.Rejected($"record could not be read ({e.GetType().Name})");
            }
            results.Add(new MappedRecord(extracted.Index, record.RawText, result, unknown));
        }
        return results;
    }

    private FeedReadResult Map(ISourceRecord record, RawRecordContext context)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            var list = new List<string>();
            foreach (var selector in field.From)
            {
                list.AddRange(record.Values(selector));
            }
            foreach (var transform in field.Transforms)
            {
                transform.Apply(list, field.Target);
            }
            list.RemoveAll(v => v.Length == 0);
            if (list.Count == 0)
            {
                if (field.Required)
                {
                    return FeedReadResult.Rejected($"required field '{field.Target}' (from {string.Join(", ", field.From)}) is missing", field.Target);
                }
                continue;
            }
            Check(field, list);
            values[field.Target] = list;
        }

        string? One(string name) => values.TryGetValue(name, out var v) ? v[0] : null;
        double? Number(string name) => One(name) is { } text
            ? double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : throw new FieldException(name, $"field '{name}' is not a number")
            : null;

        var sourceId = One(CanonicalFields.SourceRecordId) ?? throw new FieldException(CanonicalFields.SourceRecordId, $"required field '{CanonicalFields.SourceRecordId}' is missing");
        var occurredText = One(CanonicalFields.OccurredAt) ?? throw new FieldException(CanonicalFields.OccurredAt, $"required field '{CanonicalFields.OccurredAt}' is missing");
        var occurredAt = DateTimeText.ToUtc(occurredText, DateTimeFormats.Iso, TimeZone, CanonicalFields.OccurredAt);
        if (occurredAt > context.ReceivedAt.AddDays(1))
        {
            throw new FieldException(CanonicalFields.OccurredAt, $"field '{CanonicalFields.OccurredAt}' is more than a day after the record was received");
        }
        if (occurredAt.Year < 1970)
        {
            throw new FieldException(CanonicalFields.OccurredAt, $"field '{CanonicalFields.OccurredAt}' is before 1970");
        }

        var location = Location(One(CanonicalFields.Address), Number(CanonicalFields.Latitude), Number(CanonicalFields.Longitude), Number(CanonicalFields.X), Number(CanonicalFields.Y));
        var priority = Number(CanonicalFields.CadPriority);
        if (priority is { } p && (p != Math.Floor(p) || p is < 0 or > 99))
        {
            throw new FieldException(CanonicalFields.CadPriority, $"field '{CanonicalFields.CadPriority}' must be a whole number in 0..99");
        }
        var report = new Report
        {
            IdempotencyKey = Key(values, sourceId, record),
            FeedId = Id,
            SourceRecordId = sourceId,
            Kind = Kind,
            OccurredAt = occurredAt,
            ReceivedAt = context.ReceivedAt,
            Location = location,
            Narrative = values.TryGetValue(CanonicalFields.Narrative, out var narrative) ? string.Join(" ", narrative) : "",
            CadCallType = One(CanonicalFields.CadCallType)?.ToUpperInvariant(),
            CadPriority = priority is { } whole ? (int)whole : null,
            TargetSector = One(CanonicalFields.TargetSector),
            Privacy = new PrivacyFields(values.GetValueOrDefault(CanonicalFields.Subjects) ?? [], values.GetValueOrDefault(CanonicalFields.Vehicles) ?? [])
            {
                Other = Prefixed(values, CanonicalFields.PrivacyPrefix, separator: "; "),
            },
            Protected = new ProtectedAttributes(Prefixed(values, CanonicalFields.ProtectedPrefix, separator: null)),
            Origin = context.Origin,
        };
        if (ReportLimits.FirstViolation(report) is { } violation)
        {
            return FeedReadResult.Rejected(violation);
        }
        return FeedReadResult.Accepted(report);
    }

    // The "prefix.<name>" values without their prefix; several values are joined, or only the first kept.
    private static Dictionary<string, string> Prefixed(Dictionary<string, List<string>> values, string prefix, string? separator)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, list) in values)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                result[name[prefix.Length..]] = separator is null ? list[0] : string.Join(separator, list);
            }
        }
        return result;
    }

    private static void Check(FieldMapping field, List<string> values)
    {
        var rules = field.Rules;
        foreach (var value in values)
        {
            if (rules.Min is not null || rules.Max is not null)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new FieldException(field.Target, $"field '{field.Target}' is not a number");
                }
                if (number < rules.Min || number > rules.Max)
                {
                    throw new FieldException(field.Target, $"field '{field.Target}' is outside {rules.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}..{rules.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}");
                }
            }
            if (rules.OneOf is not null && !rules.OneOf.Contains(value))
            {
                throw new FieldException(field.Target, $"field '{field.Target}' is not one of the allowed values");
            }
            if (rules.Pattern is not null && !rules.Pattern.IsMatch(value))
            {
                throw new FieldException(field.Target, $"field '{field.Target}' does not match its pattern");
            }
        }
    }

    private ReportLocation Location(string? address, double? latitude, double? longitude, double? x, double? y)
    {
        if (x is null != y is null)
        {
            var missing = x is null ? CanonicalFields.X : CanonicalFields.Y;
            throw new FieldException(missing, $"fields '{CanonicalFields.X}' and '{CanonicalFields.Y}' must both be present or both absent");
        }
        if (x is not null && y is not null && Coordinates is { } coordinates && latitude is null && longitude is null)
        {
            if (x == 0 && y == 0)
            {
                return new ReportLocation(address, null, null, LocationPrecision.None);
            }
            try
            {
                (latitude, longitude) = coordinates.Reprojector.ToWgs84(x.Value, y.Value);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new FieldException(CanonicalFields.X, $"fields '{CanonicalFields.X}' and '{CanonicalFields.Y}' have no position in the feed's coordinate system");
            }
        }
        if (latitude is null != longitude is null)
        {
            var missing = latitude is null ? CanonicalFields.Latitude : CanonicalFields.Longitude;
            throw new FieldException(missing, $"fields '{CanonicalFields.Latitude}' and '{CanonicalFields.Longitude}' must both be present or both absent");
        }
        if (latitude is { } lat && longitude is { } lon)
        {
            if (lat == 0 && lon == 0)
            {
                // (0, 0) is a placeholder many CAD exports write for "unknown".
                return new ReportLocation(address, null, null, LocationPrecision.None);
            }
            if (lat is < -90 or > 90)
            {
                throw new FieldException(CanonicalFields.Latitude, $"field '{CanonicalFields.Latitude}' is outside -90..90");
            }
            if (lon is < -180 or > 180)
            {
                throw new FieldException(CanonicalFields.Longitude, $"field '{CanonicalFields.Longitude}' is outside -180..180");
            }
            return new ReportLocation(address, lat, lon, LocationPrecision.Source);
        }
        return new ReportLocation(address, null, null, LocationPrecision.None);
    }

    private string Key(Dictionary<string, List<string>> values, string sourceId, ISourceRecord record)
    {
        if (KeyFields.Count == 1 && KeyFields[0] == FeedDefinitionLoader.ContentKey)
        {
            return IdempotencyKeys.ForContent(Id, System.Text.Encoding.UTF8.GetBytes(record.RawText));
        }
        var parts = KeyFields.Select(f => values.TryGetValue(f, out var v) ? string.Join(" ", v) : "").ToList();
        var joined = KeyFields.Count == 1 && KeyFields[0] == CanonicalFields.SourceRecordId ? sourceId : string.Join("|", parts);
        if (joined.Length > ReportLimits.SourceRecordId || joined.Any(char.IsControl))
        {
            // Long or odd keys are hashed so that they fit and stay printable.
            return IdempotencyKeys.ForContent(Id, System.Text.Encoding.UTF8.GetBytes(joined));
        }
        return IdempotencyKeys.For(Id, joined);
    }

    // The top-level source field a selector reads, for schema-drift counting, in the terms of its
    // format: CSV "Item.Id" → "Item.Id"; JSON "location.lat" → "location", "dc:title" → "dc:title";
    // XML "sar:Subject/nc:Name" → "Subject" (records list child elements by local name).
    internal static string RootName(string format, string expression)
    {
        var text = expression.Trim();
        switch (format)
        {
            case "csv":
                return text;
            case "json":
                if (text.StartsWith("$.", StringComparison.Ordinal))
                {
                    text = text[2..];
                }
                var end = text.IndexOfAny(['.', '[']);
                return end < 0 ? text : text[..end];
            default:
                text = text.TrimStart('/', '.');
                var stop = text.IndexOfAny(['/', '[', '@']);
                var root = stop < 0 ? text : text[..stop];
                var colon = root.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? root[(colon + 1)..] : root;
        }
    }
}

/// <summary>One record of a message after mapping.</summary>
/// <param name="Index">Position within the message.</param>
/// <param name="RawText">The record's text (null when it could not be delimited).</param>
/// <param name="Result">The report or the rejection.</param>
/// <param name="UnknownFields">Source fields the definition does not read (schema drift).</param>
public sealed record MappedRecord(int Index, string? RawText, FeedReadResult Result, IReadOnlyList<string> UnknownFields);
