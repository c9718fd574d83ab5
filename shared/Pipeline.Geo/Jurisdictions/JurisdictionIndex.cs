using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;

namespace Pipeline.Geo.Jurisdictions;

/// <summary>
/// Finds the jurisdictions (agencies, precincts, beats...) that contain a point. Loaded from a GeoJSON
/// FeatureCollection of Polygon and MultiPolygon features (holes supported) whose properties carry
/// <c>id</c> (required), <c>name</c> and <c>kind</c>. Boxes go in an STR-tree; each candidate is then tested
/// with an indexed point-in-area locator (the locator a prepared polygon uses), built once at load.
/// Immutable after loading and safe to share between threads.
/// </summary>
public sealed class JurisdictionIndex
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly Entry[] _entries;
    private readonly STRtree<int> _tree;

    private JurisdictionIndex(Entry[] entries, int repairedCount)
    {
        _entries = entries;
        RepairedCount = repairedCount;
        _tree = new STRtree<int>(Math.Max(2, Math.Min(10, entries.Length)));
        for (var i = 0; i < entries.Length; i++)
        {
            _tree.Insert(entries[i].Geometry.EnvelopeInternal, i);
        }

        // Built now, not lazily on the first query, so that concurrent readers never race to build it.
        _tree.Build();
        foreach (var entry in entries)
        {
            entry.Locator.Locate(entry.Geometry.Coordinate);
        }
    }

    /// <summary>How many jurisdictions are loaded.</summary>
    public int Count => _entries.Length;

    /// <summary>How many features were invalid polygons (self-intersections, for example) and were repaired on load.</summary>
    public int RepairedCount { get; }

    /// <summary>Every jurisdiction, broadest first (the order <see cref="Find"/> uses).</summary>
    public IReadOnlyList<Jurisdiction> All => Array.ConvertAll(_entries, e => e.Jurisdiction);

    /// <summary>Loads a GeoJSON file.</summary>
    /// <exception cref="InvalidDataException">The file is too large or malformed; the message names the feature index and the problem.</exception>
    public static JurisdictionIndex Load(string path, JurisdictionIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new JurisdictionIndexOptions();
        var length = new FileInfo(path).Length;
        if (length > options.MaxFileBytes)
        {
            throw new InvalidDataException($"Jurisdiction file {Path.GetFileName(path)} is {length} bytes, more than the limit of {options.MaxFileBytes}.");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, options);
    }

    /// <summary>Loads GeoJSON from a stream, reading at most <see cref="JurisdictionIndexOptions.MaxFileBytes"/> bytes.</summary>
    /// <exception cref="InvalidDataException">The content is too large or malformed.</exception>
    public static JurisdictionIndex Load(Stream stream, JurisdictionIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new JurisdictionIndexOptions();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > options.MaxFileBytes)
            {
                throw new InvalidDataException($"Jurisdiction file is more than the limit of {options.MaxFileBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), options);
    }

    /// <summary>Loads GeoJSON text.</summary>
    /// <exception cref="InvalidDataException">The text is too large or malformed.</exception>
    public static JurisdictionIndex Parse(string geoJson, JurisdictionIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(geoJson);
        options ??= new JurisdictionIndexOptions();
        var bytes = Encoding.UTF8.GetBytes(geoJson);
        if (bytes.Length > options.MaxFileBytes)
        {
            throw new InvalidDataException($"Jurisdiction file is {bytes.Length} bytes, more than the limit of {options.MaxFileBytes}.");
        }

        return Parse(bytes, options);
    }

    /// <summary>
    /// The jurisdictions containing the point (its boundary included), broadest first: by
    /// <see cref="JurisdictionIndexOptions.KindOrder"/>, then larger area first. Empty when none does.
    /// </summary>
    public IReadOnlyList<Jurisdiction> Find(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || _entries.Length == 0)
        {
            return [];
        }

        var point = new Coordinate(longitude, latitude);
        var candidates = _tree.Query(new Envelope(point));
        if (candidates.Count == 0)
        {
            return [];
        }

        List<int>? hits = null;
        foreach (var i in candidates)
        {
            if (_entries[i].Locator.Locate(point) != Location.Exterior)
            {
                (hits ??= new List<int>(candidates.Count)).Add(i);
            }
        }

        if (hits is null)
        {
            return [];
        }

        // Entries are stored broadest first, so their indexes sort into the answer's order.
        hits.Sort();
        var result = new Jurisdiction[hits.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _entries[hits[i]].Jurisdiction;
        }

        return result;
    }

    private static JurisdictionIndex Parse(ReadOnlyMemory<byte> utf8, JurisdictionIndexOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Jurisdiction file is not valid JSON (or nests deeper than {options.MaxJsonDepth}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsString(root, "type", "FeatureCollection"))
            {
                throw new InvalidDataException("Jurisdiction file is not a GeoJSON FeatureCollection (the root needs \"type\": \"FeatureCollection\").");
            }

            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("Jurisdiction file is not a GeoJSON FeatureCollection (\"features\" is missing or not an array).");
            }

            var kindRank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var kind in options.KindOrder)
            {
                kindRank.TryAdd(kind, kindRank.Count);
            }

            var loaded = new List<(Entry Entry, int Rank, double Area, int Index)>();
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var repaired = 0;
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var (jurisdiction, geometry, wasRepaired) = ReadFeature(feature, index);
                if (!ids.TryAdd(jurisdiction.Id, index))
                {
                    throw Bad(index, $"id '{jurisdiction.Id}' is already used by feature {ids[jurisdiction.Id]}");
                }

                repaired += wasRepaired ? 1 : 0;
                var rank = kindRank.TryGetValue(jurisdiction.Kind, out var r) ? r : kindRank.Count;
                var entry = new Entry(jurisdiction, geometry, new IndexedPointInAreaLocator(geometry));
                loaded.Add((entry, rank, geometry.Area, index));
                index++;
            }

            var ordered = loaded
                .OrderBy(e => e.Rank)
                .ThenByDescending(e => e.Area)
                .ThenBy(e => e.Index)
                .Select(e => e.Entry)
                .ToArray();
            return new JurisdictionIndex(ordered, repaired);
        }
    }

    private static (Jurisdiction Jurisdiction, Geometry Geometry, bool Repaired) ReadFeature(JsonElement feature, int index)
    {
        if (feature.ValueKind != JsonValueKind.Object || !IsString(feature, "type", "Feature"))
        {
            throw Bad(index, "is not a GeoJSON Feature (\"type\": \"Feature\")");
        }

        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            throw Bad(index, "has no \"properties\" object (it needs at least \"id\")");
        }

        var id = Text(properties, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw Bad(index, "is missing the \"id\" property (a non-empty string or number)");
        }

        var name = Text(properties, "name");
        var kind = Text(properties, "kind") ?? string.Empty;
        var jurisdiction = new Jurisdiction(id, string.IsNullOrWhiteSpace(name) ? id : name, kind);

        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            throw Bad(index, $"(id '{id}') has no geometry");
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            throw Bad(index, $"(id '{id}') geometry has no \"coordinates\" array");
        }

        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        Geometry built = type switch
        {
            "Polygon" => ReadPolygon(coordinates, index, id, "polygon"),
            "MultiPolygon" => Factory.CreateMultiPolygon(
                coordinates.EnumerateArray().Select((p, i) => ReadPolygon(p, index, id, $"polygon {i}")).ToArray()),
            _ => throw Bad(index, $"(id '{id}') has geometry type '{type}'; only Polygon and MultiPolygon are supported"),
        };

        if (built.IsEmpty)
        {
            throw Bad(index, $"(id '{id}') has an empty geometry");
        }

        if (built.IsValid)
        {
            return (jurisdiction, built, false);
        }

        // Exported boundaries often carry small self-intersections; repair rather than refuse the file.
        var fixedGeometry = GeometryFixer.Fix(built);
        if (fixedGeometry.IsEmpty || fixedGeometry is not (Polygon or MultiPolygon))
        {
            throw Bad(index, $"(id '{id}') is an invalid polygon that cannot be repaired");
        }

        return (jurisdiction, fixedGeometry, true);
    }

    private static Polygon ReadPolygon(JsonElement rings, int index, string id, string what)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            throw Bad(index, $"(id '{id}') {what} has no rings");
        }

        var built = new List<LinearRing>(rings.GetArrayLength());
        var r = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            built.Add(ReadRing(ring, index, id, $"{what} ring {r}"));
            r++;
        }

        return Factory.CreatePolygon(built[0], built.Skip(1).ToArray());
    }

    private static LinearRing ReadRing(JsonElement ring, int index, string id, string what)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            throw Bad(index, $"(id '{id}') {what} is not an array of positions");
        }

        var coordinates = new Coordinate[ring.GetArrayLength()];
        var p = 0;
        foreach (var position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            {
                throw Bad(index, $"(id '{id}') {what} position {p} is not [longitude, latitude]");
            }

            if (!position[0].TryGetDouble(out var longitude) || !position[1].TryGetDouble(out var latitude)
                || !double.IsFinite(longitude) || !double.IsFinite(latitude))
            {
                throw Bad(index, $"(id '{id}') {what} position {p} has bad coordinates {position.GetRawText()} (numbers out of range)");
            }

            if (longitude is < -180 or > 180 || latitude is < -90 or > 90)
            {
                throw Bad(index, $"(id '{id}') {what} position {p} has bad coordinates [{longitude.ToString(CultureInfo.InvariantCulture)}, {latitude.ToString(CultureInfo.InvariantCulture)}] (longitude first, within ±180; latitude within ±90)");
            }

            coordinates[p++] = new Coordinate(longitude, latitude);
        }

        if (coordinates.Length < 4)
        {
            throw Bad(index, $"(id '{id}') {what} has {coordinates.Length} positions; a ring needs at least 4");
        }

        if (!coordinates[0].Equals2D(coordinates[^1]))
        {
            throw Bad(index, $"(id '{id}') {what} is not closed (its first and last positions differ)");
        }

        return Factory.CreateLinearRing(coordinates);
    }

    private static string? Text(JsonElement properties, string name) =>
        !properties.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static bool IsString(JsonElement element, string name, string expected) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(expected);

    private static InvalidDataException Bad(int index, string problem) => new($"Jurisdiction file: feature {index} {problem}.");

    private sealed record Entry(Jurisdiction Jurisdiction, Geometry Geometry, IndexedPointInAreaLocator Locator);
}
