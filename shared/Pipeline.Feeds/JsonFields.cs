using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Feeds;

/// <summary>
/// Typed access to the fields of one JSON object, with rejections that name the field (by its
/// path) and what was wrong, never the value.
/// </summary>
public readonly partial struct JsonFields
{
    private readonly JsonElement _element;
    private readonly string _prefix;

    /// <summary>Wraps an object element; <paramref name="prefix"/> is the path of the object ("" at the root).</summary>
    public JsonFields(JsonElement element, string prefix = "")
    {
        _element = element;
        _prefix = prefix;
    }

    /// <summary>A string field that must be present and non-blank, at most <paramref name="maxLength"/> characters.</summary>
    public string RequiredString(string name, int maxLength = int.MaxValue)
    {
        var value = OptionalString(name, maxLength);
        return string.IsNullOrWhiteSpace(value) ? throw Missing(name) : value;
    }

    /// <summary>
    /// A record identifier that must be present: a string, or a JSON integer taken as its text
    /// (CAD systems often write event numbers as numbers).
    /// </summary>
    public string RequiredId(string name)
    {
        if (TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out _) ? value.GetRawText() : throw WrongType(name, "a string or an integer", value);
        }
        return RequiredString(name);
    }

    /// <summary>A string field, trimmed, at most <paramref name="maxLength"/> characters, or null when absent or null.</summary>
    public string? OptionalString(string name, int maxLength = int.MaxValue)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : throw WrongType(name, "a string", value);
        return text.Length > maxLength
            ? throw new FieldException(Path(name), $"field '{Path(name)}' is longer than {maxLength} characters")
            : text;
    }

    /// <summary>An integer field (a JSON number or a numeric string), or null when absent.</summary>
    public int? OptionalInt(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }
        throw WrongType(name, "an integer", value);
    }

    /// <summary>A number field (a JSON number or a numeric string), or null when absent or blank.</summary>
    public double? OptionalDouble(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
            {
                return number;
            }
        }
        throw WrongType(name, "a number", value);
    }

    /// <summary>
    /// A date-time that must be present: ISO 8601; a value without an offset is local time in
    /// <paramref name="sourceZone"/>, converted to UTC.
    /// </summary>
    public DateTimeOffset RequiredDateTime(string name, TimeZoneInfo sourceZone)
    {
        ArgumentNullException.ThrowIfNull(sourceZone);
        if (!TryGet(name, out var value))
        {
            throw Missing(name);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(name, "an ISO 8601 date-time string", value);
        }
        var text = value.GetString()!.Trim();
        var match = IsoDateTime().Match(text);
        if (!match.Success)
        {
            throw new FieldException(Path(name), $"field '{Path(name)}' is not an ISO 8601 date-time");
        }
        try
        {
            if (match.Groups["offset"].Success)
            {
                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();
            }
            // No offset: local time in the source's zone. Parsed without any zone, so the host's
            // own time zone never leaks in.
            var local = DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Unspecified);
            var offset = sourceZone.IsInvalidTime(local)
                ? sourceZone.BaseUtcOffset // skipped by the spring-forward transition: read with the standard offset
                : sourceZone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            // A local time at the calendar's edge whose UTC instant falls outside years 1..9999:
            // clamp to the edge, so the caller's range checks give their usual reason.
            return text.StartsWith("9999", StringComparison.Ordinal) ? DateTimeOffset.MaxValue : DateTimeOffset.MinValue;
        }
        catch (FormatException)
        {
            throw new FieldException(Path(name), $"field '{Path(name)}' is not a valid date-time");
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(?<offset>Z|z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IsoDateTime();

    /// <summary>A nested object, or null when absent.</summary>
    public JsonFields? OptionalObject(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? new JsonFields(value, Path(name) + ".") : throw WrongType(name, "an object", value);
    }

    /// <summary>An array of strings (objects are kept as their compact JSON), or empty when absent.</summary>
    public IReadOnlyList<string> OptionalStringList(string name, int maxItems = 50)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array", value);
        }
        if (value.GetArrayLength() > maxItems)
        {
            throw new FieldException(Path(name), $"field '{Path(name)}' has more than {maxItems} items");
        }
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    items.Add(item.GetString()!.Trim());
                    break;
                case JsonValueKind.Object:
                    items.Add(Compact(item));
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw new FieldException(Path(name), $"field '{Path(name)}' must hold strings or objects, found {Describe(item.ValueKind)}");
            }
        }
        return items;
    }

    /// <summary>An object of string values, or empty when absent.</summary>
    public IReadOnlyDictionary<string, string> OptionalStringMap(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGet(name, out var value))
        {
            return result;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(name, "an object", value);
        }
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                result[property.Name] = property.Value.GetString()!;
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                throw new FieldException($"{Path(name)}.{property.Name}", $"field '{Path(name)}.{property.Name}' must be a string");
            }
        }
        return result;
    }

    // Objects are kept as compact JSON so that a resend that only changes whitespace hashes alike.
    private static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The full path of a field of this object.</summary>
    public string Path(string name) => _prefix + name;

    private bool TryGet(string name, out JsonElement value) =>
        _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private FieldException Missing(string name) => new(Path(name), $"required field '{Path(name)}' is missing");

    private FieldException WrongType(string name, string expected, JsonElement value) =>
        new(Path(name), $"field '{Path(name)}' must be {expected}, found {Describe(value.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString(),
    };
}
