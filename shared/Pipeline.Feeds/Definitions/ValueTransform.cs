using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Feeds.Definitions;

/// <summary>
/// One step of a field mapping. A field's values are a list of strings (several when the
/// mapping reads several source fields or a repeated field); each transform rewrites that list.
/// Transforms never throw for bad data: a value they cannot convert makes them fail with a
/// <see cref="FieldException"/> whose reason names the transform, never the value.
/// </summary>
public abstract class ValueTransform(string name)
{
    /// <summary>The transform's name as written in definitions.</summary>
    public string Name { get; } = name;

    /// <summary>Rewrites the values in place.</summary>
    public abstract void Apply(List<string> values, string field);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    internal static Regex CompileRegex(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    internal sealed class Trim() : ValueTransform("trim")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                values[i] = values[i].Trim();
            }
            values.RemoveAll(v => v.Length == 0);
        }
    }

    internal sealed class Upper() : ValueTransform("upper")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                values[i] = values[i].ToUpperInvariant();
            }
        }
    }

    internal sealed class Lower() : ValueTransform("lower")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                values[i] = values[i].ToLowerInvariant();
            }
        }
    }

    /// <summary>Collapses runs of whitespace (line breaks included) into one space.</summary>
    internal sealed class CollapseWhitespace() : ValueTransform("collapseWhitespace")
    {
        private static readonly Regex Runs = CompileRegex(@"\s+");

        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (NeedsWork(values[i]))
                {
                    values[i] = Runs.Replace(values[i], " ").Trim();
                }
            }
        }

        // Most values are already single-spaced: a scan spares them the regex.
        private static bool NeedsWork(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsWhiteSpace(value[i]) && (value[i] != ' ' || i == 0 || i == value.Length - 1 || value[i - 1] == ' '))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Keeps the first capture group of the first match (the whole match without groups); no match drops the value.</summary>
    internal sealed class Extract(Regex pattern) : ValueTransform("regex")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = values.Count - 1; i >= 0; i--)
            {
                Match match;
                try
                {
                    match = pattern.Match(values[i]);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new FieldException(field, $"field '{field}': regex took too long on this value");
                }
                if (!match.Success)
                {
                    values.RemoveAt(i);
                    continue;
                }
                values[i] = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
            }
        }
    }

    internal sealed class Replace(Regex pattern, string replacement) : ValueTransform("replace")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                try
                {
                    values[i] = pattern.Replace(values[i], replacement);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new FieldException(field, $"field '{field}': replace took too long on this value");
                }
            }
        }
    }

    /// <summary>Joins all values into one.</summary>
    internal sealed class Concat(string separator) : ValueTransform("concat")
    {
        public override void Apply(List<string> values, string field)
        {
            if (values.Count > 1)
            {
                var joined = string.Join(separator, values);
                values.Clear();
                values.Add(joined);
            }
        }
    }

    /// <summary>Splits each value on a separator (for list fields such as subjects).</summary>
    internal sealed class Split(string separator) : ValueTransform("split")
    {
        public override void Apply(List<string> values, string field)
        {
            var parts = values.SelectMany(v => v.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            values.Clear();
            values.AddRange(parts);
        }
    }

    /// <summary>Supplies a value when there is none.</summary>
    internal sealed class Default(string value) : ValueTransform("default")
    {
        public override void Apply(List<string> values, string field)
        {
            if (values.Count == 0 || values.TrueForAll(v => v.Length == 0))
            {
                values.Clear();
                values.Add(value);
            }
        }
    }

    /// <summary>Looks each value up in a code table (exact, then case-insensitive); unknown values are kept, dropped or replaced as the table says.</summary>
    internal sealed class Map(string table, IReadOnlyDictionary<string, string> entries, string? unknown) : ValueTransform("map")
    {
        public const string Keep = "keep";

        public string Table { get; } = table;

        public override void Apply(List<string> values, string field)
        {
            for (var i = values.Count - 1; i >= 0; i--)
            {
                if (entries.TryGetValue(values[i], out var mapped))
                {
                    values[i] = mapped;
                }
                else if (unknown is null)
                {
                    values.RemoveAt(i);
                }
                else if (unknown != Keep)
                {
                    values[i] = unknown;
                }
            }
        }
    }

    /// <summary>Parses numbers (invariant culture, thousands separators allowed) and writes them back invariantly.</summary>
    internal sealed class Number() : ValueTransform("number")
    {
        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (!double.TryParse(values[i], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw new FieldException(field, $"field '{field}' is not a number");
                }
                values[i] = number.ToString("R", CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Parses date-times with explicit formats (or ISO 8601 when none are given); a value without
    /// an offset is local time in the zone, converted to UTC. Writes ISO 8601 UTC.
    /// </summary>
    internal sealed class DateTimeParse(IReadOnlyList<string> formatList, TimeZoneInfo zone) : ValueTransform("datetime")
    {
        private readonly DateTimeFormats _formats = new(formatList);

        public override void Apply(List<string> values, string field)
        {
            for (var i = 0; i < values.Count; i++)
            {
                values[i] = DateTimeText.ToUtc(values[i], _formats, zone, field).ToString("O", CultureInfo.InvariantCulture);
            }
        }
    }
}

/// <summary>Explicit date-time formats, split once into those that carry an offset and those that read local time.</summary>
internal sealed class DateTimeFormats
{
    public DateTimeFormats(IReadOnlyList<string> formats)
    {
        All = formats;
        WithOffsets = [.. formats.Where(f => f.Contains('z', StringComparison.Ordinal) || f.Contains('K', StringComparison.Ordinal))];
        Locals = [.. formats.Except(WithOffsets)];
    }

    /// <summary>No explicit formats: ISO 8601.</summary>
    public static DateTimeFormats Iso { get; } = new([]);

    public IReadOnlyList<string> All { get; }

    public string[] WithOffsets { get; }

    public string[] Locals { get; }
}

/// <summary>Date-time parsing shared by the datetime transform and the occurredAt field.</summary>
internal static class DateTimeText
{
    private static readonly Regex Iso = new(
        @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(?<offset>Z|z|[+-]\d{2}(:?\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(50));

    public static DateTimeOffset ToUtc(string text, DateTimeFormats formats, TimeZoneInfo zone, string field)
    {
        text = text.Trim();
        try
        {
            if (formats.All.Count == 0)
            {
                // What the datetime transform writes (round-trip "O", always with an offset) reads back without the regex.
                // The offset must be present: "O" also reads offset-less text, which would take the host's zone.
                var hasOffset = (text.Length == 28 && text[^1] == 'Z') || (text.Length == 33 && text[^6] is '+' or '-');
                if (hasOffset && DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var roundTrip))
                {
                    return roundTrip.ToUniversalTime();
                }
                var match = Iso.Match(text);
                if (!match.Success)
                {
                    throw new FieldException(field, $"field '{field}' is not an ISO 8601 date-time");
                }
                if (match.Groups["offset"].Success)
                {
                    return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();
                }
                return FromLocal(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None), zone);
            }
            // Formats that carry an offset are tried as such; the others read local time in the
            // zone. Mixing them never lets the machine's own zone leak in.
            var withOffsets = formats.WithOffsets;
            var locals = formats.Locals;
            if (withOffsets.Length > 0 && DateTimeOffset.TryParseExact(text, withOffsets, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var withOffset))
            {
                return withOffset.ToUniversalTime();
            }
            if (locals.Length > 0 && DateTime.TryParseExact(text, locals, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var local))
            {
                return FromLocal(local, zone);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FieldException(field, $"field '{field}' is outside the representable date-time range");
        }
        catch (FormatException)
        {
        }
        throw formats.All.Count == 0
            ? new FieldException(field, $"field '{field}' is not an ISO 8601 date-time")
            : new FieldException(field, $"field '{field}' does not match the date-time format{(formats.All.Count > 1 ? "s" : "")} {string.Join(", ", formats.All.Select(f => $"'{f}'"))}");
    }

    private static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time skipped by the spring-forward transition is read with the standard offset.
        var offset = zone.IsInvalidTime(unspecified) ? zone.BaseUtcOffset : zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }
}
