using System.Text.Json;
using System.Text.Unicode;

namespace Pipeline.Feeds.Formats;

/// <summary>Options of the JSON format.</summary>
/// <param name="RecordPath">
/// Dotted path to the records inside the message (for example "incidents" or "$.data.items"):
/// an array (each element a record) or an object (one record). Null: the message itself is one
/// object, or an array of record objects.
/// </param>
/// <param name="MaxMessageBytes">Larger messages are rejected unread.</param>
/// <param name="MaxDepth">Deeper nesting is rejected.</param>
public sealed record JsonFormatOptions(string? RecordPath = null, int MaxMessageBytes = 1_048_576, int MaxDepth = 64);

/// <summary>
/// JSON messages: one object, an array of objects, or records under a path. Field selectors
/// are dotted paths ("location.latitude", "$.a.b", "subjects[*].description", "codes[0]").
/// </summary>
public sealed class JsonRecordFormat : RecordFormat
{
    private readonly JsonFormatOptions _options;
    private readonly JsonPath? _recordPath;

    /// <summary>Creates the format; throws <see cref="FormatException"/> for a bad record path.</summary>
    public JsonRecordFormat(JsonFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _recordPath = string.IsNullOrWhiteSpace(options.RecordPath) ? null : JsonPath.Parse(options.RecordPath);
    }

    /// <inheritdoc />
    public override FieldSelector Compile(string expression) => new JsonPathSelector(expression, JsonPath.Parse(expression));

    /// <inheritdoc />
    public override int MaxMessageBytes => _options.MaxMessageBytes;

    /// <inheritdoc />
    public override bool RecordsStandAlone => _recordPath is null;

    /// <inheritdoc />
    public override RecordFormat WithMaxMessageBytes(int maxMessageBytes) => new JsonRecordFormat(_options with { MaxMessageBytes = maxMessageBytes });

    /// <inheritdoc />
    public override IEnumerable<ExtractedRecord> Extract(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        if (span.Length > _options.MaxMessageBytes)
        {
            return [ExtractedRecord.Unreadable(0, $"message is {span.Length} bytes, over the limit of {_options.MaxMessageBytes} bytes")];
        }
        if (span.IsEmpty)
        {
            return [ExtractedRecord.Unreadable(0, "message is empty")];
        }
        if (!Utf8.IsValid(span))
        {
            return [ExtractedRecord.Unreadable(0, "message is not valid UTF-8")];
        }
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = _options.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                return [ExtractedRecord.Unreadable(0, $"malformed JSON: content after the first value (byte {reader.TokenStartIndex + 1})")];
            }
        }
        catch (JsonException e)
        {
            return [ExtractedRecord.Unreadable(0, "malformed JSON" + (e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : ""))];
        }
        return Records(root);
    }

    private List<ExtractedRecord> Records(JsonElement root)
    {
        var container = root;
        if (_recordPath is not null)
        {
            var found = _recordPath.Evaluate(root);
            if (found.Count != 1)
            {
                return [ExtractedRecord.Unreadable(0, $"record path '{_recordPath}' not found in the message")];
            }
            container = found[0];
        }
        var records = new List<ExtractedRecord>();
        if (container.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in container.EnumerateArray())
            {
                records.Add(element.ValueKind == JsonValueKind.Object
                    ? ExtractedRecord.Of(new JsonSourceRecord(index, element))
                    : ExtractedRecord.Unreadable(index, $"record {index} is {Describe(element.ValueKind)}, not an object"));
                index++;
            }
            if (records.Count == 0)
            {
                records.Add(ExtractedRecord.Unreadable(0, "the message holds an empty array: no records"));
            }
            return records;
        }
        return container.ValueKind == JsonValueKind.Object
            ? [ExtractedRecord.Of(new JsonSourceRecord(0, container))]
            : [ExtractedRecord.Unreadable(0, $"expected a JSON object or array, got {Describe(container.ValueKind)}")];
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private sealed class JsonPathSelector(string expression, JsonPath path) : FieldSelector(expression)
    {
        public JsonPath Path { get; } = path;
    }

    private sealed class JsonSourceRecord(int index, JsonElement element) : ISourceRecord
    {
        private IReadOnlyCollection<string>? _fieldNames;
        private string? _rawText;

        public int Index { get; } = index;

        // Read by extraction and by dead letters: decoded once.
        public string RawText => _rawText ??= element.GetRawText();

        public IReadOnlyCollection<string> FieldNames => _fieldNames ??= [.. element.EnumerateObject().Select(LenientJson.Name).Distinct(StringComparer.Ordinal)];

        public IReadOnlyList<string> Values(FieldSelector selector)
        {
            var found = ((JsonPathSelector)selector).Path.Evaluate(element);
            if (found.Count == 0)
            {
                return [];
            }
            var values = new List<string>(found.Count);
            foreach (var value in found)
            {
                AddText(value, values);
            }
            return values;
        }

        private static void AddText(JsonElement value, List<string> values)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    values.Add(LenientJson.String(value));
                    break;
                case JsonValueKind.Number:
                    values.Add(value.GetRawText());
                    break;
                case JsonValueKind.True:
                    values.Add("true");
                    break;
                case JsonValueKind.False:
                    values.Add("false");
                    break;
                case JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        AddText(item, values);
                    }
                    break;
                case JsonValueKind.Object:
                    values.Add(JsonSerializer.Serialize(value, JsonFormatContext.Default.JsonElement));
                    break;
                default:
                    break;
            }
        }
    }
}

/// <summary>A dotted JSON path: property names, <c>[n]</c> indexes and <c>[*]</c> wildcards.</summary>
internal sealed class JsonPath
{
    private readonly (string? Name, int? Index, bool All)[] _steps;
    private readonly string _text;

    private JsonPath(string text, (string? Name, int? Index, bool All)[] steps)
    {
        _text = text;
        _steps = steps;
    }

    public static JsonPath Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.StartsWith("$.", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        else if (text == "$")
        {
            return new JsonPath(expression, []);
        }
        if (text.Length == 0)
        {
            throw new FormatException($"JSON path '{expression}' is empty");
        }
        var steps = new List<(string?, int?, bool)>();
        foreach (var part in text.Split('.'))
        {
            var name = part;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
            }
            if (name.Length == 0 && bracket != 0)
            {
                throw new FormatException($"JSON path '{expression}' has an empty step");
            }
            if (name.Length > 0)
            {
                steps.Add((name, null, false));
            }
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0)
                {
                    throw new FormatException($"JSON path '{expression}' has an unclosed '['");
                }
                var inside = part[(bracket + 1)..close];
                if (inside == "*")
                {
                    steps.Add((null, null, true));
                }
                else if (int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add((null, index, false));
                }
                else
                {
                    throw new FormatException($"JSON path '{expression}' has an index that is neither a number nor '*'");
                }
                bracket = close + 1 < part.Length ? (part[close + 1] == '[' ? close + 1 : throw new FormatException($"JSON path '{expression}' has text after ']'")) : -1;
            }
        }
        return new JsonPath(expression, [.. steps]);
    }

    public List<JsonElement> Evaluate(JsonElement root)
    {
        var current = new List<JsonElement> { root };
        foreach (var (name, index, all) in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                if (name is not null)
                {
                    if (element.ValueKind == JsonValueKind.Object && LenientJson.TryGetProperty(element, name, out var child) && child.ValueKind != JsonValueKind.Null)
                    {
                        next.Add(child);
                    }
                }
                else if (element.ValueKind == JsonValueKind.Array)
                {
                    if (all)
                    {
                        next.AddRange(element.EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null));
                    }
                    else if (index < element.GetArrayLength())
                    {
                        next.Add(element[index!.Value]);
                    }
                }
            }
            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }
        return current;
    }

    public override string ToString() => _text;
}

/// <summary>
/// Reading strings that System.Text.Json refuses to decode (an escaped lone surrogate such as
/// "\ud800"): the bad code unit becomes U+FFFD instead of failing the whole record.
/// </summary>
internal static class LenientJson
{
    public static string String(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Decode(value.GetRawText());
        }
    }

    public static string Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            var raw = property.ToString();
            var end = raw.IndexOf("\":", StringComparison.Ordinal);
            return Decode(end > 0 ? raw[..(end + 1)] : "\"\"");
        }
    }

    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            // A sibling's name cannot be decoded: compare one by one, skipping it.
            foreach (var property in element.EnumerateObject())
            {
                if (Name(property) == name)
                {
                    value = property.Value;
                    return true;
                }
            }
            value = default;
            return false;
        }
    }

    // Decodes a JSON string literal (with its quotes), replacing unpaired surrogates with U+FFFD.
    private static string Decode(string literal)
    {
        var text = literal.Length >= 2 ? literal[1..^1] : literal;
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }
            var e = text[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(e); break;
            }
        }
        var chars = builder.ToString().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class JsonFormatContext : System.Text.Json.Serialization.JsonSerializerContext;
