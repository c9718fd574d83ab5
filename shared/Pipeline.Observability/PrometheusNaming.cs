using System.Globalization;
using System.Text;

namespace Pipeline.Observability;

/// <summary>Name mapping and escaping rules of the Prometheus text format 0.0.4.</summary>
internal static class PrometheusNaming
{
    /// <summary>
    /// Maps an instrument name to a metric name: invalid characters become '_', the unit suffix
    /// is added unless already there, and counters end in "_total".
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName);
        var isCounter = type == MetricType.Counter;
        const string Total = "_total";

        // "_total" goes last, after the unit ("bytes_read_bytes_total"), so take it off first.
        if (isCounter && name.EndsWith(Total, StringComparison.Ordinal))
        {
            name = name[..^Total.Length];
        }

        var suffix = UnitSuffix(unit);
        if (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        return isCounter ? name + Total : name;
    }

    public static string? UnitSuffix(string? unit) => unit switch
    {
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ => null,
    };

    /// <summary>Forces a name into [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string Sanitize(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var prefix = char.IsAsciiDigit(name[0]) ? 1 : 0;
        if (prefix == 0 && IsValid(name))
        {
            return name;
        }

        return string.Create(name.Length + prefix, (name, prefix), static (span, state) =>
        {
            if (state.prefix == 1)
            {
                span[0] = '_';
            }

            for (var i = 0; i < state.name.Length; i++)
            {
                var c = state.name[i];
                span[i + state.prefix] = char.IsAsciiLetterOrDigit(c) ? c : '_';
            }
        });
    }

    public static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>HELP text escapes only backslash and newline (quotes stay as they are).</summary>
    public static string EscapeHelp(string help) =>
        help.Contains('\\', StringComparison.Ordinal) || help.Contains('\n', StringComparison.Ordinal)
            ? help.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal)
            : help;

    public static void WriteNumber(TextWriter writer, double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            writer.Write("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.Write("-Inf");
        }
        else if (double.IsNaN(value))
        {
            writer.Write("NaN");
        }
        else
        {
            // Shortest round-trippable form; the longest is 24 characters ("-1.7976931348623157E+308").
            Span<char> buffer = stackalloc char[32];
            _ = value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
            writer.Write(buffer[..written]);
        }
    }

    public static void WriteNumber(TextWriter writer, long value)
    {
        Span<char> buffer = stackalloc char[24];
        _ = value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    public static string FormatNumber(double value)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteNumber(writer, value);
        return writer.ToString();
    }

    private static bool IsValid(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
