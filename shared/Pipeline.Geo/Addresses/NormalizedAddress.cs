using System.Globalization;
using System.Text;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Addresses;

/// <summary>
/// An address as <see cref="AddressNormalizer"/> reads it: what kind of place the text names,
/// and its parts in USPS upper-case abbreviated form.
/// </summary>
public sealed record NormalizedAddress
{
    /// <summary>What the text names: a house number, a block, an intersection, or only a place.</summary>
    public required AddressQueryKind Kind { get; init; }

    /// <summary>The house number for <see cref="AddressQueryKind.HouseNumber"/> ("1520A" → 1520).</summary>
    public int? HouseNumber { get; init; }

    /// <summary>What follows the number: "A" for "1520A", "1/2" for "1520-1/2", "-45" for "123-45".</summary>
    public string? NumberSuffix { get; init; }

    /// <summary>First house number of a block ("15XX BLOCK OF" → 1500).</summary>
    public int? BlockStart { get; init; }

    /// <summary>Last house number of a block ("15XX BLOCK OF" → 1599).</summary>
    public int? BlockEnd { get; init; }

    /// <summary>The street (the first one of an intersection); for a place, the street when the text named one without a number.</summary>
    public StreetName? Street { get; init; }

    /// <summary>The cross street of an intersection.</summary>
    public StreetName? SecondStreet { get; init; }

    /// <summary>Secondary unit, designator and identifier ("APT 3", "# 3", "REAR"). Never changes the location.</summary>
    public string? Unit { get; init; }

    /// <summary>City, upper case, when the text included one.</summary>
    public string? City { get; init; }

    /// <summary>Two-letter state code, when the text included one.</summary>
    public string? State { get; init; }

    /// <summary>Five-digit ZIP code, when the text included one.</summary>
    public string? PostalCode { get; init; }

    /// <summary>The cleaned text (upper case, single spaces, at most 500 characters of input): what is kept of a free-text place.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The house number as written back: "1520", "1520A", "1520 1/2".</summary>
    public string? HouseNumberText => HouseNumber is null ? null : FormatNumber(HouseNumber.Value, NumberSuffix);

    /// <summary>
    /// The street line for providers that take one: "1520 SHATTUCK AVE"; a block's middle number
    /// ("1550 SHATTUCK AVE"); "SHATTUCK AVE &amp; CEDAR ST"; a bare street or empty for a place.
    /// </summary>
    public string StreetLine => Kind switch
    {
        AddressQueryKind.HouseNumber => HouseNumberText + " " + Street,
        AddressQueryKind.Block when BlockMiddle is { } middle => middle.ToString(CultureInfo.InvariantCulture) + " " + Street,
        AddressQueryKind.Intersection => Street + " & " + SecondStreet,
        _ => Street?.ToString() ?? string.Empty,
    };

    /// <summary>A block as written back: "1500 BLOCK" for a hundred block, "1XXX" for a thousand block; null for other kinds.</summary>
    public string? BlockText
    {
        get
        {
            if (BlockStart is not { } start || BlockEnd is not { } end)
            {
                return null;
            }

            var size = end - start + 1;
            if (size == 100)
            {
                return start.ToString(CultureInfo.InvariantCulture) + " BLOCK";
            }

            var xs = size switch { 10 => 1, 1000 => 3, 10000 => 4, _ => 0 };
            return xs == 0
                ? start.ToString(CultureInfo.InvariantCulture) + " BLOCK"
                : (start / size).ToString(CultureInfo.InvariantCulture) + new string('X', xs);
        }
    }

    /// <summary>The middle number of a block (1550 for 1500..1599), null for other kinds.</summary>
    public int? BlockMiddle => BlockStart is { } start && BlockEnd is { } end ? start + ((end - start + 1) / 2) : null;

    /// <summary>The whole address on one line, units left out: "1520 SHATTUCK AVE, BERKELEY, CA 94709", "1500 BLOCK OF SHATTUCK AVE".</summary>
    public string OneLine
    {
        get
        {
            var builder = new StringBuilder(Kind switch
            {
                AddressQueryKind.Place when Street is null => Text,
                AddressQueryKind.Block => BlockText + " OF " + Street,
                _ => StreetLine,
            });
            AppendPlace(builder, City, State, PostalCode);
            return builder.ToString();
        }
    }

    /// <summary>
    /// A canonical key for caches: equal for two spellings that normalize the same, order-free for
    /// intersections ("A &amp; B" and "B / A"), units left out.
    /// </summary>
    public string CacheKey
    {
        get
        {
            var builder = new StringBuilder(64);
            switch (Kind)
            {
                case AddressQueryKind.HouseNumber:
                    builder.Append("H|").Append(HouseNumberText).Append(' ').Append(Street);
                    break;
                case AddressQueryKind.Block:
                    builder.Append("B|").Append(BlockStart).Append('-').Append(BlockEnd).Append(' ').Append(Street);
                    break;
                case AddressQueryKind.Intersection:
                    var first = Street?.ToString() ?? string.Empty;
                    var second = SecondStreet?.ToString() ?? string.Empty;
                    if (string.CompareOrdinal(first, second) > 0)
                    {
                        (first, second) = (second, first);
                    }

                    builder.Append("I|").Append(first).Append(" & ").Append(second);
                    break;
                default:
                    builder.Append("P|").Append(Street?.ToString() ?? Text);
                    break;
            }

            builder.Append('|').Append(City).Append('|').Append(State).Append('|').Append(PostalCode);
            return builder.ToString();
        }
    }

    /// <summary>
    /// The question for a provider: this address's street line with its city, state and ZIP; the
    /// arguments fill the parts the text lacked (the text wins when both have one). The query carries this
    /// address as <see cref="AddressQuery.Address"/>.
    /// </summary>
    public AddressQuery ToQuery(string? city = null, string? state = null, string? postalCode = null) => new(
        StreetLine,
        City ?? AddressNormalizer.NormalizeCity(city),
        State ?? AddressNormalizer.NormalizeState(state),
        PostalCode ?? AddressNormalizer.NormalizePostalCode(postalCode),
        Kind)
    {
        Address = this,
    };

    internal static string FormatNumber(int number, string? suffix)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(suffix))
        {
            return text;
        }

        // A fraction needs a space to stay a fraction when read again; a letter or "-45" sticks to the number.
        return suffix.Contains('/', StringComparison.Ordinal) ? text + " " + suffix : text + suffix;
    }

    internal static void AppendPlace(StringBuilder builder, string? city, string? state, string? postalCode)
    {
        if (city is not null)
        {
            Separate(builder).Append(city);
        }

        if (state is not null || postalCode is not null)
        {
            Separate(builder);
            builder.Append(state);
            if (state is not null && postalCode is not null)
            {
                builder.Append(' ');
            }

            builder.Append(postalCode);
        }
    }

    private static StringBuilder Separate(StringBuilder builder) => builder.Length > 0 ? builder.Append(", ") : builder;
}
