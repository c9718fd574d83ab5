using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Feeds.Formats;
using Pipeline.Geo.Reprojection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Feeds.Definitions;

/// <summary>A feed definition could not be loaded; every problem names the file, the line and the field.</summary>
public sealed class FeedDefinitionException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public FeedDefinitionException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Creates the exception.</summary>
    public FeedDefinitionException() => Problems = [];

    /// <summary>Creates the exception.</summary>
    public FeedDefinitionException(string message) : base(message) => Problems = [message];

    /// <summary>Creates the exception.</summary>
    public FeedDefinitionException(string message, Exception inner) : base(message, inner) => Problems = [message];

    /// <summary>Each problem as "file:line: path: what".</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Loads feed definitions (YAML or JSON, which is YAML too) and validates them completely before
/// any record is read: unknown keys, fields, transforms and code tables, bad regexes, selectors,
/// time zones and EPSG codes are all reported together, each with its file and line.
/// </summary>
public static class FeedDefinitionLoader
{
    /// <summary>The key setting that hashes the record's raw text, for sources without ids.</summary>
    public const string ContentKey = "content";

    private static readonly string[] TopLevelKeys = ["id", "kind", "description", "topic", "timeZone", "format", "key", "coordinates", "codeTables", "fields"];
    private static readonly string[] FieldKeys = ["from", "transforms", "required", "range", "oneOf", "pattern"];

    /// <summary>Loads every *.yaml, *.yml and *.json definition in a folder (not its subfolders), sorted by file name.</summary>
    public static IReadOnlyList<FeedDefinition> LoadFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var definitions = new List<FeedDefinition>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            try
            {
                definitions.Add(LoadFile(file));
            }
            catch (FeedDefinitionException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        foreach (var duplicate in definitions.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"feed id '{duplicate.Key}' is defined in more than one file: {string.Join(", ", duplicate.Select(d => d.SourceFile))}");
        }
        return problems.Count > 0 ? throw new FeedDefinitionException(problems) : definitions;
    }

    /// <summary>Loads one definition file.</summary>
    public static FeedDefinition LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>Loads a definition from text; <paramref name="sourceName"/> names it in errors.</summary>
    public static FeedDefinition Load(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new LoadContext(sourceName);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                throw new FeedDefinitionException([$"{sourceName}:1: the file must hold one mapping (id, kind, format, fields, ...)"]);
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            throw new FeedDefinitionException([$"{sourceName}:{e.Start.Line}: not valid YAML: {e.Message}"]);
        }
        var definition = context.Build(root, text);
        return context.Problems.Count > 0 ? throw new FeedDefinitionException(context.Problems) : definition!;
    }

    private sealed class LoadContext(string file)
    {
        public List<string> Problems { get; } = [];

        public void Problem(YamlNode? node, string path, string message) =>
            Problems.Add($"{file}:{(node is null ? 1 : node.Start.Line)}: {path}: {message}");

        public FeedDefinition? Build(YamlMappingNode root, string text)
        {
            CheckKeys(root, "", TopLevelKeys);
            var id = Scalar(root, "id", "id", required: true) ?? "";
            if (id.Length > 0 && (id.Length > ReportLimits.FeedId || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
            {
                Problem(Child(root, "id"), "id", $"must be 1 to {ReportLimits.FeedId} lower-case letters, digits and dashes");
            }
            var kindText = Scalar(root, "kind", "kind", required: true);
            var kind = ReportKind.Sar;
            if (kindText is not null && !Enum.TryParse(kindText, ignoreCase: true, out kind))
            {
                Problem(Child(root, "kind"), "kind", "must be 'sar' or 'cad'");
            }
            var zoneName = Scalar(root, "timeZone", "timeZone") ?? "UTC";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
            {
                Problem(Child(root, "timeZone"), "timeZone", $"'{zoneName}' is not a known IANA time zone");
                zone = TimeZoneInfo.Utc;
            }
            var topic = Scalar(root, "topic", "topic");
            if (topic is not null && !IsKafkaTopicName(topic))
            {
                Problem(Child(root, "topic"), "topic", "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' and '-', not '.' or '..'");
            }
            var (formatName, format) = Format(root);
            var tables = CodeTables(root);
            var coordinates = Coordinates(root);
            var fields = Fields(root, format, tables, zone);
            var keyFields = KeyFields(root, fields);
            if (fields.Any(f => f.Target is CanonicalFields.X or CanonicalFields.Y) && coordinates is null)
            {
                Problem(Child(root, "fields"), "fields", "'x' and 'y' are projected coordinates: add 'coordinates: { epsg: <code> }'");
            }
            if (coordinates is not null && !(fields.Any(f => f.Target == CanonicalFields.X) && fields.Any(f => f.Target == CanonicalFields.Y)))
            {
                Problem(Child(root, "coordinates"), "coordinates", "needs both 'x' and 'y' among the fields");
            }
            if (Problems.Count > 0 || format is null)
            {
                return null;
            }
            var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))))[..12];
            return new FeedDefinition(id, kind, file, version, zone, formatName, format, fields, keyFields, coordinates, Scalar(root, "description", "description"))
            {
                ConfiguredRawTopic = topic,
            };
        }

        private (string Name, RecordFormat? Format) Format(YamlMappingNode root)
        {
            if (Child(root, "format") is not YamlMappingNode node)
            {
                Problem(Child(root, "format") ?? root, "format", "is required: a mapping with 'type' (csv, json or xml) and its options");
                return ("", null);
            }
            var type = Scalar(node, "type", "format.type", required: true)?.ToLowerInvariant() ?? "";
            var maxBytes = Int(node, "maxMessageBytes", "format.maxMessageBytes") ?? 1_048_576;
            try
            {
                switch (type)
                {
                    case "csv":
                        CheckKeys(node, "format", ["type", "delimiter", "quote", "header", "encoding", "maxMessageBytes", "maxColumns"]);
                        return (type, new CsvRecordFormat(new CsvFormatOptions(
                            Char(node, "delimiter", "format.delimiter") ?? ',',
                            Char(node, "quote", "format.quote") ?? '"',
                            Bool(node, "header", "format.header") ?? true,
                            Scalar(node, "encoding", "format.encoding") ?? "utf-8",
                            maxBytes,
                            Int(node, "maxColumns", "format.maxColumns") ?? 512)));
                    case "json":
                        CheckKeys(node, "format", ["type", "recordPath", "maxMessageBytes", "maxDepth"]);
                        return (type, new JsonRecordFormat(new JsonFormatOptions(Scalar(node, "recordPath", "format.recordPath"), maxBytes, Int(node, "maxDepth", "format.maxDepth") ?? 64)));
                    case "xml":
                        CheckKeys(node, "format", ["type", "recordElement", "namespaces", "maxMessageBytes", "maxDepth"]);
                        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
                        if (Child(node, "namespaces") is YamlMappingNode ns)
                        {
                            foreach (var (key, value) in ns.Children)
                            {
                                namespaces[KeyText(key)] = (value as YamlScalarNode)?.Value ?? "";
                            }
                        }
                        return (type, new XmlRecordFormat(new XmlFormatOptions(
                            Scalar(node, "recordElement", "format.recordElement", required: true) ?? "record",
                            namespaces,
                            maxBytes,
                            Int(node, "maxDepth", "format.maxDepth") ?? 64)));
                    default:
                        if (type.Length > 0)
                        {
                            Problem(Child(node, "type"), "format.type", $"'{type}' is not a format: use csv, json or xml");
                        }
                        return (type, null);
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                Problem(node, "format", e.Message);
                return (type, null);
            }
        }

        private Dictionary<string, ValueTransform.Map> CodeTables(YamlMappingNode root)
        {
            var tables = new Dictionary<string, ValueTransform.Map>(StringComparer.Ordinal);
            if (Child(root, "codeTables") is not { } node)
            {
                return tables;
            }
            if (node is not YamlMappingNode mapping)
            {
                Problem(node, "codeTables", "must be a mapping of table names to tables");
                return tables;
            }
            foreach (var (key, value) in mapping.Children)
            {
                var name = KeyText(key);
                var path = $"codeTables.{name}";
                if (value is not YamlMappingNode table)
                {
                    Problem(value, path, "must be a mapping with 'entries' (and optionally 'unknown')");
                    continue;
                }
                var entriesNode = Child(table, "entries") as YamlMappingNode;
                if (entriesNode is null)
                {
                    Problem(table, path, "needs 'entries': a mapping from source code to canonical value");
                    continue;
                }
                CheckKeys(table, path, ["entries", "unknown"]);
                var entries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (code, canonical) in entriesNode.Children)
                {
                    if (!entries.TryAdd(KeyText(code), (canonical as YamlScalarNode)?.Value ?? ""))
                    {
                        Problem(code, path, $"code '{KeyText(code)}' appears twice");
                    }
                }
                // unknown: keep (default) | drop | <replacement value>
                var unknown = Scalar(table, "unknown", path + ".unknown") ?? ValueTransform.Map.Keep;
                tables[name] = new ValueTransform.Map(name, entries, unknown == "drop" ? null : unknown);
            }
            return tables;
        }

        private CoordinateSettings? Coordinates(YamlMappingNode root)
        {
            if (Child(root, "coordinates") is not { } node)
            {
                return null;
            }
            if (node is not YamlMappingNode mapping)
            {
                Problem(node, "coordinates", "must be a mapping with 'epsg' or 'wkt'");
                return null;
            }
            CheckKeys(mapping, "coordinates", ["epsg", "wkt"]);
            try
            {
                if (Int(mapping, "epsg", "coordinates.epsg") is { } epsg)
                {
                    return new CoordinateSettings(CoordinateReprojector.ForEpsg(epsg));
                }
                if (Scalar(mapping, "wkt", "coordinates.wkt") is { } wkt)
                {
                    return new CoordinateSettings(CoordinateReprojector.FromWkt(wkt));
                }
                Problem(mapping, "coordinates", "needs 'epsg' (a code) or 'wkt' (a coordinate system definition)");
            }
            catch (ArgumentException e)
            {
                Problem(mapping, "coordinates", e.Message);
            }
            return null;
        }

        private List<FieldMapping> Fields(YamlMappingNode root, RecordFormat? format, Dictionary<string, ValueTransform.Map> tables, TimeZoneInfo zone)
        {
            var fields = new List<FieldMapping>();
            if (Child(root, "fields") is not YamlMappingNode mapping)
            {
                Problem(Child(root, "fields") ?? root, "fields", "is required: a mapping from canonical fields to their sources");
                return fields;
            }
            foreach (var (key, value) in mapping.Children)
            {
                var target = KeyText(key);
                if (target.Length == 0)
                {
                    continue; // reported by KeyText
                }
                var path = $"fields.{target}";
                if (!CanonicalFields.IsKnown(target))
                {
                    Problem(key, path, $"'{target}' is not a canonical field (known: {string.Join(", ", CanonicalFields.All.Order(StringComparer.Ordinal))}, protected.<attribute>, privacy.<name>)");
                    continue;
                }
                YamlMappingNode field;
                if (value is YamlScalarNode shorthand)
                {
                    field = new YamlMappingNode(new YamlScalarNode("from"), shorthand);
                }
                else if (value is YamlMappingNode full)
                {
                    field = full;
                    CheckKeys(field, path, FieldKeys);
                }
                else
                {
                    Problem(value, path, "must be a source selector or a mapping with 'from'");
                    continue;
                }
                var selectors = new List<FieldSelector>();
                foreach (var (expression, node) in Strings(field, "from", path + ".from"))
                {
                    try
                    {
                        if (format is not null)
                        {
                            selectors.Add(format.Compile(expression));
                        }
                    }
                    catch (Exception e) when (e is FormatException or ArgumentException)
                    {
                        Problem(node, path + ".from", e.Message);
                    }
                }
                if (Child(field, "from") is null)
                {
                    Problem(value, path, "needs 'from': the source field(s) to read");
                }
                var transforms = Transforms(field, path, tables, zone);
                var required = Bool(field, "required", path + ".required") ?? target is CanonicalFields.SourceRecordId or CanonicalFields.OccurredAt;
                fields.Add(new FieldMapping(target, selectors, transforms, required, Rules(field, path), (int)key.Start.Line));
            }
            foreach (var must in new[] { CanonicalFields.SourceRecordId, CanonicalFields.OccurredAt })
            {
                if (!fields.Any(f => f.Target == must) && !mapping.Children.Keys.Any(k => KeyText(k) == must))
                {
                    Problem(mapping, "fields", $"'{must}' must be mapped");
                }
            }
            return fields;
        }

        private List<ValueTransform> Transforms(YamlMappingNode field, string path, Dictionary<string, ValueTransform.Map> tables, TimeZoneInfo zone)
        {
            var transforms = new List<ValueTransform>();
            if (Child(field, "transforms") is not { } node)
            {
                return transforms;
            }
            if (node is not YamlSequenceNode sequence)
            {
                Problem(node, path + ".transforms", "must be a list");
                return transforms;
            }
            var i = 0;
            foreach (var item in sequence.Children)
            {
                var at = $"{path}.transforms[{i++}]";
                try
                {
                    if (Transform(item, at, tables, zone) is { } transform)
                    {
                        transforms.Add(transform);
                    }
                }
                catch (ArgumentException e)
                {
                    Problem(item, at, e.Message);
                }
            }
            return transforms;
        }

        private ValueTransform? Transform(YamlNode item, string at, Dictionary<string, ValueTransform.Map> tables, TimeZoneInfo zone)
        {
            string name;
            YamlNode? argument = null;
            if (item is YamlScalarNode scalar)
            {
                name = scalar.Value ?? "";
            }
            else if (item is YamlMappingNode one && one.Children.Count == 1)
            {
                var (key, value) = one.Children.First();
                name = KeyText(key);
                argument = value;
            }
            else
            {
                Problem(item, at, "must be a transform name or a one-key mapping such as '{ regex: \"...\" }'");
                return null;
            }
            string? Text() => (argument as YamlScalarNode)?.Value;
            string Need(string what) => Text() ?? throw new ArgumentException($"'{name}' needs {what}");
            switch (name)
            {
                case "trim":
                    return new ValueTransform.Trim();
                case "upper":
                    return new ValueTransform.Upper();
                case "lower":
                    return new ValueTransform.Lower();
                case "collapseWhitespace":
                    return new ValueTransform.CollapseWhitespace();
                case "number":
                    return new ValueTransform.Number();
                case "regex":
                    return new ValueTransform.Extract(Regex(Need("a pattern")));
                case "replace":
                    if (argument is not YamlMappingNode replace)
                    {
                        throw new ArgumentException("'replace' needs { pattern: ..., with: ... }");
                    }
                    return new ValueTransform.Replace(Regex(Scalar(replace, "pattern", at + ".pattern", required: true) ?? ""), Scalar(replace, "with", at + ".with") ?? "");
                case "concat":
                    return new ValueTransform.Concat(Text() ?? " ");
                case "split":
                    return new ValueTransform.Split(Need("a separator"));
                case "default":
                    return new ValueTransform.Default(Need("a value"));
                case "map":
                    var table = Need("a code table name");
                    return tables.TryGetValue(table, out var map) ? map : throw new ArgumentException($"code table '{table}' is not defined under codeTables");
                case "datetime":
                    var formats = new List<string>();
                    var dateZone = zone;
                    if (argument is YamlScalarNode single)
                    {
                        formats.Add(single.Value ?? "");
                    }
                    else if (argument is YamlMappingNode options)
                    {
                        formats.AddRange(Strings(options, "formats", at + ".formats").Select(f => f.Value));
                        if (Scalar(options, "zone", at + ".zone") is { } zoneName && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out dateZone))
                        {
                            throw new ArgumentException($"'{zoneName}' is not a known IANA time zone");
                        }
                    }
                    return new ValueTransform.DateTimeParse(formats, dateZone!);
                default:
                    Problem(item, at, $"'{name}' is not a transform (trim, upper, lower, collapseWhitespace, regex, replace, concat, split, default, map, number, datetime)");
                    return null;
            }
        }

        private static System.Text.RegularExpressions.Regex Regex(string pattern)
        {
            try
            {
                return ValueTransform.CompileRegex(pattern);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"invalid regular expression: {e.Message}", e);
            }
        }

        private FieldRules Rules(YamlMappingNode field, string path)
        {
            double? min = null, max = null;
            if (Child(field, "range") is { } range)
            {
                var bounds = range is YamlSequenceNode seq ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value).ToList() : [];
                if (bounds.Count == 2
                    && double.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                    && double.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
                    && low <= high)
                {
                    (min, max) = (low, high);
                }
                else
                {
                    Problem(range, path + ".range", "must be [min, max] with min <= max");
                }
            }
            IReadOnlySet<string>? oneOf = Child(field, "oneOf") is null ? null : Strings(field, "oneOf", path + ".oneOf").Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
            System.Text.RegularExpressions.Regex? pattern = null;
            if (Scalar(field, "pattern", path + ".pattern") is { } text)
            {
                try
                {
                    pattern = Regex("^(?:" + text + ")$");
                }
                catch (ArgumentException e)
                {
                    Problem(Child(field, "pattern"), path + ".pattern", e.Message);
                }
            }
            return new FieldRules(min, max, oneOf, pattern);
        }

        private List<string> KeyFields(YamlMappingNode root, List<FieldMapping> fields)
        {
            if (Child(root, "key") is not { } node)
            {
                return [CanonicalFields.SourceRecordId];
            }
            var keys = node is YamlScalarNode one ? [one.Value ?? ""] : Strings(root, "key", "key").Select(k => k.Value).ToList();
            if (keys.Count == 1 && keys[0] == ContentKey)
            {
                return keys;
            }
            foreach (var key in keys.Where(k => !fields.Any(f => f.Target == k)))
            {
                Problem(node, "key", $"'{key}' is not a mapped field");
            }
            return keys;
        }

        private void CheckKeys(YamlMappingNode node, string path, string[] allowed)
        {
            foreach (var key in node.Children.Keys.OfType<YamlScalarNode>())
            {
                if (!allowed.Contains(key.Value, StringComparer.Ordinal))
                {
                    Problem(key, path.Length == 0 ? key.Value ?? "" : $"{path}.{key.Value}", $"unknown setting (known here: {string.Join(", ", allowed)})");
                }
            }
        }

        // Keys must be plain values; a complex key ("? [a, b]") reads as "" and is reported where it is used.
        private string KeyText(YamlNode key)
        {
            if (key is YamlScalarNode scalar)
            {
                return scalar.Value ?? "";
            }
            Problem(key, "key", "a key must be a single value, not a list or a mapping");
            return "";
        }

        private static bool IsKafkaTopicName(string name) =>
            name.Length is > 0 and <= 249 && name is not "." and not ".." &&
            name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? Scalar(YamlMappingNode node, string key, string path, bool required = false)
        {
            var child = Child(node, key);
            if (child is null)
            {
                if (required)
                {
                    Problem(node, path, "is required");
                }
                return null;
            }
            if (child is YamlScalarNode scalar)
            {
                return scalar.Value;
            }
            Problem(child, path, "must be a single value");
            return null;
        }

        private int? Int(YamlMappingNode node, string key, string path)
        {
            var text = Scalar(node, key, path);
            if (text is null)
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }
            Problem(Child(node, key), path, "must be a positive whole number");
            return null;
        }

        private bool? Bool(YamlMappingNode node, string key, string path)
        {
            var text = Scalar(node, key, path);
            if (text is null)
            {
                return null;
            }
            if (bool.TryParse(text, out var value))
            {
                return value;
            }
            Problem(Child(node, key), path, "must be true or false");
            return null;
        }

        private char? Char(YamlMappingNode node, string key, string path)
        {
            var text = Scalar(node, key, path);
            if (text is null)
            {
                return null;
            }
            text = text == "\\t" ? "\t" : text;
            if (text.Length == 1)
            {
                return text[0];
            }
            Problem(Child(node, key), path, "must be one character");
            return null;
        }

        private List<(string Value, YamlNode Node)> Strings(YamlMappingNode node, string key, string path)
        {
            var child = Child(node, key);
            switch (child)
            {
                case null:
                    return [];
                case YamlScalarNode scalar:
                    return [(scalar.Value ?? "", scalar)];
                case YamlSequenceNode sequence:
                    var values = new List<(string, YamlNode)>();
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlScalarNode s)
                        {
                            values.Add((s.Value ?? "", s));
                        }
                        else
                        {
                            Problem(item, path, "must hold single values");
                        }
                    }
                    return values;
                default:
                    Problem(child, path, "must be a value or a list of values");
                    return [];
            }
        }
    }
}
