using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Geo.Providers;

/// <summary>Shape checks shared by the providers' parsers: every surprise becomes a <see cref="GeocoderFailure.BadResponse"/>.</summary>
internal static class ResponseReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static JsonDocument ParseJson(string provider, ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new GeocoderUnavailableException(provider, GeocoderFailure.BadResponse, "malformed JSON", innerException: ex);
        }
    }

    public static GeocoderUnavailableException Bad(string provider, string detail) => new(provider, GeocoderFailure.BadResponse, detail);

    public static JsonElement RequireObject(string provider, JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Bad(provider, path + " missing or not an object");

    public static JsonElement RequireArray(string provider, JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : throw Bad(provider, path + " missing or not an array");

    public static double RequireNumber(string provider, JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw Bad(provider, path + " missing or not a number");

    /// <summary>A number that some services send as a JSON string (Nominatim's lat and lon).</summary>
    public static double RequireNumberOrNumericString(string provider, JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            throw Bad(provider, path + " missing");
        }
        if (element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed))
        {
            return parsed;
        }
        return RequireNumber(provider, element, path);
    }

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double? OptionalNumber(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    /// <summary>Refuses coordinates no geocoder should return: out of range, or exactly (0, 0), the classic default of a failed lookup.</summary>
    public static void CheckCoordinates(string provider, double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude)
            || latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180
            || (latitude == 0 && longitude == 0))
        {
            throw Bad(provider, "coordinates out of range");
        }
    }

    /// <summary>A provider's own confidence, kept within 0..1; the default for its precision when it gives none.</summary>
    public static double Confidence(double? reported, LocationPrecision precision) =>
        reported is { } value ? Math.Clamp(value, 0, 1) : DefaultConfidence(precision);

    /// <summary>Confidence for providers that give no usable score: what the kind of match usually deserves.</summary>
    public static double DefaultConfidence(LocationPrecision precision) => precision switch
    {
        LocationPrecision.AddressPoint => 0.9,
        LocationPrecision.Interpolated => 0.8,
        LocationPrecision.Intersection => 0.7,
        LocationPrecision.Block => 0.6,
        LocationPrecision.PostalCode => 0.5,
        _ => 0.4,
    };
}
