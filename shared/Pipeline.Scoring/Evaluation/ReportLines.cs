using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Evaluation;

/// <summary>One line of a JSON-lines file of reports to score: the report, its id, and its labels when the line has them.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">The line's <c>id</c>.</param>
/// <param name="Report">The canonical report built from the line.</param>
/// <param name="Labels">The line's <c>labels</c> (ISE-SAR codes), or null when it has none.</param>
public sealed record ReportLine(int Line, string Id, Report Report, IReadOnlyList<string>? Labels);

/// <summary>A line that could not be read, with why.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">The line's id when it could be read, else null.</param>
/// <param name="Reason">What is wrong, in words.</param>
public sealed record ReportLineError(int Line, string? Id, string Reason);

/// <summary>
/// Reads JSON-lines files of reports for <c>pipeline model score</c> and <c>model evaluate --file</c>:
/// one JSON object per line with at least <c>id</c> (string or number) and <c>narrative</c>
/// (string), optionally <c>kind</c> ("SAR" or "CAD"; CAD when a call type is given), <c>call_type</c>,
/// <c>target_sector</c>, <c>occurred_at</c> (ISO 8601; noon UTC on 2026-01-01 when absent, which only
/// sets the hour feature), <c>location_precision</c> (a <see cref="LocationPrecision"/> name),
/// <c>address</c> and <c>labels</c> (ISE-SAR codes). Other fields are ignored. Blank lines are
/// skipped; a line that is not such an object is an error that names the line and never stops
/// the others.
/// </summary>
public static class ReportLines
{
    /// <summary>The longest line read, in characters (a narrative at the contract's limit, escaped, fits).</summary>
    public const int MaxLineLength = 8 * ReportLimits.Narrative;

    private static readonly DateTimeOffset DefaultOccurredAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Reads every line of <paramref name="reader"/>, yielding each report or error in order.</summary>
    public static IEnumerable<(ReportLine? Report, ReportLineError? Error)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            yield return Parse(number, text);
        }
    }

    /// <summary>Reads one line.</summary>
    public static (ReportLine? Report, ReportLineError? Error) Parse(int number, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLineLength)
        {
            return (null, new ReportLineError(number, null, $"line is {text.Length:N0} characters, more than {MaxLineLength:N0}"));
        }
        string? id = null;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, new ReportLineError(number, null, $"a line must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}"));
            }
            id = root.TryGetProperty("id", out var idElement) ? idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString(),
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            } : null;
            if (string.IsNullOrWhiteSpace(id))
            {
                return (null, new ReportLineError(number, null, "\"id\" is missing or not a string or number"));
            }
            if (id.Length > ReportLimits.SourceRecordId)
            {
                return (null, new ReportLineError(number, null, $"\"id\" is longer than {ReportLimits.SourceRecordId} characters"));
            }
            if (!root.TryGetProperty("narrative", out var narrativeElement) || narrativeElement.ValueKind != JsonValueKind.String)
            {
                return (null, new ReportLineError(number, id, "\"narrative\" is missing or not a string"));
            }
            var narrative = narrativeElement.GetString()!;
            if (narrative.Length > ReportLimits.Narrative)
            {
                return (null, new ReportLineError(number, id, $"\"narrative\" is longer than {ReportLimits.Narrative:N0} characters"));
            }
            var callType = OptionalString(root, "call_type");
            var kindText = OptionalString(root, "kind");
            ReportKind kind;
            if (kindText is null)
            {
                kind = callType is null ? ReportKind.Sar : ReportKind.Cad;
            }
            else if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
            {
                return (null, new ReportLineError(number, id, $"\"kind\" must be SAR or CAD, not \"{Truncate(kindText)}\""));
            }
            var occurredAt = DefaultOccurredAt;
            if (OptionalString(root, "occurred_at") is { } when
                && !DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out occurredAt))
            {
                return (null, new ReportLineError(number, id, $"\"occurred_at\" is not an ISO 8601 time: \"{Truncate(when)}\""));
            }
            var precision = LocationPrecision.None;
            if (OptionalString(root, "location_precision") is { } precisionText
                && (!Enum.TryParse(precisionText, ignoreCase: true, out precision) || !Enum.IsDefined(precision)))
            {
                return (null, new ReportLineError(number, id, $"\"location_precision\" is not one of {string.Join(", ", Enum.GetNames<LocationPrecision>())}"));
            }
            IReadOnlyList<string>? labels = null;
            if (root.TryGetProperty("labels", out var labelsElement) && labelsElement.ValueKind != JsonValueKind.Null)
            {
                if (labelsElement.ValueKind != JsonValueKind.Array)
                {
                    return (null, new ReportLineError(number, id, "\"labels\" must be an array of ISE-SAR codes"));
                }
                var codes = new List<string>();
                foreach (var label in labelsElement.EnumerateArray())
                {
                    var code = label.ValueKind == JsonValueKind.String ? IseSarCategories.Find(label.GetString())?.Code : null;
                    if (code is null)
                    {
                        return (null, new ReportLineError(number, id, $"\"labels\" holds {Truncate(label.GetRawText())}, not an ISE-SAR code"));
                    }
                    if (!codes.Contains(code))
                    {
                        codes.Add(code);
                    }
                }
                labels = codes;
            }
            var report = new Report
            {
                IdempotencyKey = $"score-input:{id}",
                FeedId = "score-input",
                SourceRecordId = id,
                Kind = kind,
                OccurredAt = occurredAt.ToUniversalTime(),
                ReceivedAt = occurredAt.ToUniversalTime(),
                Narrative = narrative,
                CadCallType = callType,
                TargetSector = OptionalString(root, "target_sector"),
                Location = new ReportLocation(OptionalString(root, "address"), null, null, precision),
                Origin = new RecordOrigin("score-input", 0, number),
            };
            return (new ReportLine(number, id, report, labels), null);
        }
        catch (JsonException e)
        {
            return (null, new ReportLineError(number, id, $"not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException e)
        {
            return (null, new ReportLineError(number, id, $"unexpected value: {e.Message}"));
        }
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var value = element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new InvalidOperationException($"\"{name}\" must be a string");
        return string.IsNullOrWhiteSpace(value) ? null : value.Length > ReportLimits.Address
            ? throw new InvalidOperationException($"\"{name}\" is longer than {ReportLimits.Address} characters")
            : value;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
