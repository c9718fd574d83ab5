using System.Globalization;
using System.Text;

namespace Pipeline.Scoring.Training;

/// <summary>
/// The small template language of the narrative generator, compiled once into a node tree so that
/// expansion is a walk with no parsing, regular expressions or string formatting per report.
/// </summary>
/// <remarks>
/// Syntax: <c>{bank}</c> expands one entry of a slot bank (entries are templates themselves);
/// <c>{#value}</c> a generated value (date, time, address...); <c>[a|b|c]</c> one alternative
/// (an empty alternative makes the part optional). Every other character is literal. The five
/// syntax characters <c>{ } [ ] |</c> can never be literal, so a placeholder cannot leak: a
/// template that would need one fails to compile at start-up.
/// </remarks>
internal static class NarrativeTemplates
{
    /// <summary>Compiles one template; <paramref name="resolve"/> turns a slot name into its node.</summary>
    /// <exception cref="FormatException">The template is not in the syntax.</exception>
    public static NarrativeNode Compile(string template, Func<string, NarrativeNode> resolve)
    {
        var position = 0;
        var node = ParseSequence(template, ref position, resolve, inChoice: false);
        if (position != template.Length)
        {
            throw new FormatException($"Unexpected '{template[position]}' at {position} in template \"{template}\".");
        }
        return node;
    }

    private static NarrativeNode ParseSequence(string text, ref int position, Func<string, NarrativeNode> resolve, bool inChoice)
    {
        var parts = new List<NarrativeNode>();
        var literal = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '{')
            {
                Flush(literal, parts);
                var end = text.IndexOf('}', position + 1);
                if (end < 0)
                {
                    throw new FormatException($"Unclosed '{{' at {position} in template \"{text}\".");
                }
                var name = text[(position + 1)..end];
                if (name.Length == 0 || name.AsSpan().IndexOfAny("{[]|") >= 0)
                {
                    throw new FormatException($"Bad slot name at {position} in template \"{text}\".");
                }
                parts.Add(resolve(name));
                position = end + 1;
            }
            else if (c == '[')
            {
                Flush(literal, parts);
                position++;
                var options = new List<NarrativeNode>();
                while (true)
                {
                    options.Add(ParseSequence(text, ref position, resolve, inChoice: true));
                    if (position >= text.Length)
                    {
                        throw new FormatException($"Unclosed '[' in template \"{text}\".");
                    }
                    var separator = text[position++];
                    if (separator == ']')
                    {
                        break;
                    }
                }
                parts.Add(new ChoiceNode([.. options]));
            }
            else if (c is '|' or ']')
            {
                if (!inChoice)
                {
                    throw new FormatException($"Unexpected '{c}' at {position} in template \"{text}\".");
                }
                break;
            }
            else if (c == '}')
            {
                throw new FormatException($"Unexpected '}}' at {position} in template \"{text}\".");
            }
            else
            {
                literal.Append(c);
                position++;
            }
        }
        Flush(literal, parts);
        return parts.Count switch
        {
            0 => LiteralNode.Empty,
            1 => parts[0],
            _ => new SequenceNode([.. parts]),
        };
    }

    private static void Flush(StringBuilder literal, List<NarrativeNode> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(new LiteralNode(literal.ToString()));
            literal.Clear();
        }
    }
}

/// <summary>Per-report state while templates are expanded.</summary>
internal sealed class NarrativeWriter(Random random)
{
    private const int MaxDepth = 16;

    private int _depth;

    /// <summary>The content random source.</summary>
    public Random Random { get; } = random;

    /// <summary>The text being written.</summary>
    public StringBuilder Text { get; } = new(512);

    /// <summary>When the activity happened (dates and times in the text agree with it).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>A person descriptor to write at the next actor slot, or null.</summary>
    public string? PendingDescriptor { get; set; }

    /// <summary>Infrastructure sector of the first target the text named, or null.</summary>
    public string? Sector { get; set; }

    /// <summary>Starts a new report.</summary>
    public void Reset(DateTimeOffset occurredAt, string? descriptor)
    {
        Text.Clear();
        OccurredAt = occurredAt;
        PendingDescriptor = descriptor;
        Sector = null;
        _depth = 0;
    }

    /// <summary>Picks one of <paramref name="items"/> uniformly.</summary>
    public T Pick<T>(T[] items) => items[Random.Next(items.Length)];

    /// <summary>Writes a node, guarding against a slot bank that refers to itself.</summary>
    public void Write(NarrativeNode node)
    {
        if (++_depth > MaxDepth)
        {
            throw new InvalidOperationException("Narrative template nesting is too deep: a slot bank refers to itself.");
        }
        node.Write(this);
        _depth--;
    }
}

/// <summary>A compiled piece of a template.</summary>
internal abstract class NarrativeNode
{
    /// <summary>Appends one expansion to the writer's text.</summary>
    public abstract void Write(NarrativeWriter writer);
}

internal sealed class LiteralNode(string text) : NarrativeNode
{
    public static LiteralNode Empty { get; } = new("");

    public override void Write(NarrativeWriter writer) => writer.Text.Append(text);
}

internal sealed class SequenceNode(NarrativeNode[] parts) : NarrativeNode
{
    public override void Write(NarrativeWriter writer)
    {
        foreach (var part in parts)
        {
            writer.Write(part);
        }
    }
}

internal sealed class ChoiceNode(NarrativeNode[] options) : NarrativeNode
{
    public override void Write(NarrativeWriter writer) => writer.Write(writer.Pick(options));
}

/// <summary>A named bank of interchangeable phrases (a slot).</summary>
/// <param name="name">The slot name used in templates.</param>
/// <param name="sector">Infrastructure sector the bank's places belong to, or null.</param>
/// <param name="isActor">True for the bank of people whose first use may carry a person descriptor.</param>
internal sealed class SlotBank(string name, string? sector, bool isActor) : NarrativeNode
{
    private NarrativeNode[] _entries = [];

    public string Name { get; } = name;

    public void SetEntries(NarrativeNode[] entries) => _entries = entries;

    public override void Write(NarrativeWriter writer)
    {
        if (isActor && writer.PendingDescriptor is { } descriptor)
        {
            writer.Text.Append(descriptor);
            writer.PendingDescriptor = null;
            return;
        }
        writer.Write(writer.Pick(_entries));
        if (sector is not null)
        {
            writer.Sector ??= sector;
        }
    }
}

/// <summary>The generated values a template may ask for with <c>{#name}</c>.</summary>
internal enum GeneratedValue
{
    Date,
    Time,
    Minutes,
    Count,
    Hours,
    Unit,
    Name,
    Badge,
    Plate,
    Street,
    Address,
    State,
    Height,
}

internal sealed class GeneratedNode(GeneratedValue value) : NarrativeNode
{
    private static readonly string[] _dateFormats = ["MM/dd", "MM/dd/yy", "MM/dd/yyyy", "MMMM d", "M/d"];

    public static GeneratedNode? Find(string name) => name switch
    {
        "#date" => new(GeneratedValue.Date),
        "#time" => new(GeneratedValue.Time),
        "#min" => new(GeneratedValue.Minutes),
        "#n" => new(GeneratedValue.Count),
        "#hours" => new(GeneratedValue.Hours),
        "#unit" => new(GeneratedValue.Unit),
        "#name" => new(GeneratedValue.Name),
        "#badge" => new(GeneratedValue.Badge),
        "#plate" => new(GeneratedValue.Plate),
        "#street" => new(GeneratedValue.Street),
        "#addr" => new(GeneratedValue.Address),
        "#state" => new(GeneratedValue.State),
        "#height" => new(GeneratedValue.Height),
        _ => null,
    };

    public override void Write(NarrativeWriter writer)
    {
        var random = writer.Random;
        var text = writer.Text;
        var invariant = CultureInfo.InvariantCulture;
        switch (value)
        {
            case GeneratedValue.Date:
                text.Append(writer.OccurredAt.ToString(writer.Pick(_dateFormats), invariant));
                break;
            case GeneratedValue.Time:
                text.Append(writer.OccurredAt.ToString("HHmm", invariant));
                break;
            case GeneratedValue.Minutes:
                text.Append(5 * random.Next(1, 19));
                break;
            case GeneratedValue.Count:
                text.Append(random.Next(2, 10));
                break;
            case GeneratedValue.Hours:
                text.Append(random.Next(2, 7));
                break;
            case GeneratedValue.Unit:
                switch (random.Next(3))
                {
                    case 0:
                        text.Append(random.Next(1, 10)).Append((char)('A' + random.Next(6)));
                        break;
                    case 1:
                        text.Append(random.Next(1, 10)).Append((char)('A' + random.Next(4))).Append(random.Next(10, 40));
                        break;
                    default:
                        text.Append(random.Next(100, 900));
                        break;
                }
                break;
            case GeneratedValue.Name:
                text.Append(writer.Pick(NarrativeSlots.OfficerNames));
                break;
            case GeneratedValue.Badge:
                text.Append(random.Next(1000, 10000));
                break;
            case GeneratedValue.Plate:
                if (random.Next(2) == 0)
                {
                    AppendLetters(text, random, 3);
                    text.Append(random.Next(1000, 10000));
                }
                else
                {
                    text.Append(random.Next(100, 1000));
                    AppendLetters(text, random, 3);
                }
                break;
            case GeneratedValue.Street:
                text.Append(writer.Pick(NarrativeSlots.Streets));
                break;
            case GeneratedValue.Address:
                switch (random.Next(4))
                {
                    case 0:
                        text.Append(random.Next(1, 100)).Append("00 block of ").Append(writer.Pick(NarrativeSlots.Streets));
                        break;
                    case 1:
                        text.Append(writer.Pick(NarrativeSlots.Streets)).Append(" and ").Append(writer.Pick(NarrativeSlots.Streets));
                        break;
                    default:
                        text.Append(random.Next(100, 10000)).Append(' ').Append(writer.Pick(NarrativeSlots.Streets));
                        break;
                }
                break;
            case GeneratedValue.State:
                text.Append(writer.Pick(NarrativeSlots.States));
                break;
            case GeneratedValue.Height:
                var inches = random.Next(62, 76);
                text.Append(inches / 12).Append('\'').Append(inches % 12);
                break;
            default:
                throw new InvalidOperationException($"Unknown generated value {value}.");
        }
    }

    private static void AppendLetters(StringBuilder text, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            text.Append((char)('A' + random.Next(26)));
        }
    }
}
