using System.Collections.Frozen;
using System.Globalization;

namespace Pipeline.Geo.Addresses;

/// <summary>USPS Publication 28, Appendix C2: secondary unit designators (APT, STE, UNIT, #...).</summary>
public static class SecondaryUnits
{
    // Designator → (standard abbreviation, whether a range/identifier must follow).
    private static readonly FrozenDictionary<string, (string Standard, bool RequiresId)> Designators = new Dictionary<string, (string, bool)>(StringComparer.Ordinal)
    {
        ["APARTMENT"] = ("APT", true), ["APT"] = ("APT", true),
        ["BASEMENT"] = ("BSMT", false), ["BSMT"] = ("BSMT", false),
        ["BUILDING"] = ("BLDG", true), ["BLDG"] = ("BLDG", true),
        ["DEPARTMENT"] = ("DEPT", true), ["DEPT"] = ("DEPT", true),
        ["FLOOR"] = ("FL", true), ["FL"] = ("FL", true), ["FLR"] = ("FL", true),
        ["FRONT"] = ("FRNT", false), ["FRNT"] = ("FRNT", false),
        ["HANGAR"] = ("HNGR", true), ["HNGR"] = ("HNGR", true),
        ["KEY"] = ("KEY", true),
        ["LOBBY"] = ("LBBY", false), ["LBBY"] = ("LBBY", false),
        ["LOT"] = ("LOT", true),
        ["LOWER"] = ("LOWR", false), ["LOWR"] = ("LOWR", false),
        ["OFFICE"] = ("OFC", false), ["OFC"] = ("OFC", false),
        ["PENTHOUSE"] = ("PH", false), ["PH"] = ("PH", false),
        ["PIER"] = ("PIER", true),
        ["REAR"] = ("REAR", false),
        ["ROOM"] = ("RM", true), ["RM"] = ("RM", true),
        ["SIDE"] = ("SIDE", false),
        ["SLIP"] = ("SLIP", true),
        ["SPACE"] = ("SPC", true), ["SPC"] = ("SPC", true),
        ["STOP"] = ("STOP", true),
        ["SUITE"] = ("STE", true), ["STE"] = ("STE", true),
        ["TRAILER"] = ("TRLR", true), ["TRLR"] = ("TRLR", true),
        ["UNIT"] = ("UNIT", true),
        ["UPPER"] = ("UPPR", false), ["UPPR"] = ("UPPR", false),
        ["#"] = ("#", true),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The standard designator for <paramref name="word"/> ("SUITE" → "STE"), or null when it is none.</summary>
    public static string? Standardize(string word) => Designators.TryGetValue(word, out var d) ? d.Standard : null;

    /// <summary>True when the designator takes an identifier ("APT 3"); false for "REAR", "BSMT"...</summary>
    internal static bool TryGet(string word, out string standard, out bool requiresId)
    {
        if (Designators.TryGetValue(word, out var d))
        {
            (standard, requiresId) = d;
            return true;
        }

        standard = string.Empty;
        requiresId = false;
        return false;
    }
}

/// <summary>Directionals (USPS Publication 28, Appendix B): NORTH → N, NORTHEAST → NE, as pre- or post-directional.</summary>
public static class Directionals
{
    private static readonly FrozenDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["N"] = "N", ["NORTH"] = "N",
        ["S"] = "S", ["SOUTH"] = "S",
        ["E"] = "E", ["EAST"] = "E",
        ["W"] = "W", ["WEST"] = "W",
        ["NE"] = "NE", ["NORTHEAST"] = "NE",
        ["NW"] = "NW", ["NORTHWEST"] = "NW",
        ["SE"] = "SE", ["SOUTHEAST"] = "SE",
        ["SW"] = "SW", ["SOUTHWEST"] = "SW",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The one- or two-letter directional for <paramref name="word"/>, or null when it is none.</summary>
    public static string? Standardize(string word) => Map.GetValueOrDefault(word);
}

/// <summary>US state and territory names and codes.</summary>
internal static class UsStates
{
    private static readonly string[] Table =
    [
        "AL ALABAMA", "AK ALASKA", "AZ ARIZONA", "AR ARKANSAS", "CA CALIFORNIA", "CO COLORADO", "CT CONNECTICUT",
        "DE DELAWARE", "DC DISTRICT OF COLUMBIA", "FL FLORIDA", "GA GEORGIA", "HI HAWAII", "ID IDAHO", "IL ILLINOIS",
        "IN INDIANA", "IA IOWA", "KS KANSAS", "KY KENTUCKY", "LA LOUISIANA", "ME MAINE", "MD MARYLAND",
        "MA MASSACHUSETTS", "MI MICHIGAN", "MN MINNESOTA", "MS MISSISSIPPI", "MO MISSOURI", "MT MONTANA",
        "NE NEBRASKA", "NV NEVADA", "NH NEW HAMPSHIRE", "NJ NEW JERSEY", "NM NEW MEXICO", "NY NEW YORK",
        "NC NORTH CAROLINA", "ND NORTH DAKOTA", "OH OHIO", "OK OKLAHOMA", "OR OREGON", "PA PENNSYLVANIA",
        "RI RHODE ISLAND", "SC SOUTH CAROLINA", "SD SOUTH DAKOTA", "TN TENNESSEE", "TX TEXAS", "UT UTAH",
        "VT VERMONT", "VA VIRGINIA", "WA WASHINGTON", "WV WEST VIRGINIA", "WI WISCONSIN", "WY WYOMING",
        "PR PUERTO RICO", "GU GUAM", "VI VIRGIN ISLANDS", "AS AMERICAN SAMOA", "MP NORTHERN MARIANA ISLANDS",
    ];

    private static readonly FrozenSet<string> Codes = Table.Select(l => l[..2]).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Names = Table.ToFrozenDictionary(l => l[3..], l => l[..2], StringComparer.Ordinal);

    /// <summary>Longest state name in words ("NORTHERN MARIANA ISLANDS").</summary>
    public const int MaxNameWords = 3;

    public static bool IsCode(string word) => Codes.Contains(word);

    public static string? FromName(string name) => Names.GetValueOrDefault(name);
}

/// <summary>Ordinal street names: "FIRST", "TWENTY FIRST", "21" + "ST"... → "1ST", "21ST".</summary>
internal static class Ordinals
{
    private static readonly string[] UnitOrdinals =
    [
        "", "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
        "ELEVENTH", "TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH",
    ];

    private static readonly string[] TensCardinals = ["", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"];

    private static readonly string[] TensOrdinals = ["", "", "TWENTIETH", "THIRTIETH", "FORTIETH", "FIFTIETH", "SIXTIETH", "SEVENTIETH", "EIGHTIETH", "NINETIETH"];

    private static readonly FrozenDictionary<string, int> Words = BuildWords();

    private static readonly FrozenDictionary<string, int> Tens = Enumerable.Range(2, 8).ToFrozenDictionary(i => TensCardinals[i], i => i * 10, StringComparer.Ordinal);

    /// <summary>"1ST", "2ND", "3RD", "11TH", "21ST"...</summary>
    public static string Format(int n)
    {
        var lastTwo = n % 100;
        var suffix = (lastTwo is >= 11 and <= 13) ? "TH" : (n % 10) switch { 1 => "ST", 2 => "ND", 3 => "RD", _ => "TH" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>The value of a spelled ordinal word ("TWENTIETH" → 20), or 0.</summary>
    public static int WordValue(string word) => Words.GetValueOrDefault(word);

    /// <summary>The tens value of a cardinal ("TWENTY" → 20), or 0.</summary>
    public static int TensValue(string word) => Tens.GetValueOrDefault(word);

    /// <summary>True for "1ST", "2TH" (a wrong ending is corrected), "101ST": digits then ST/ND/RD/TH.</summary>
    public static bool TryParseNumeric(string word, out int value)
    {
        value = 0;
        if (word.Length < 3 || word.Length > 8)
        {
            return false;
        }

        var end = word.AsSpan(word.Length - 2);
        if (!(end is "ST" or "ND" or "RD" or "TH"))
        {
            return false;
        }

        var digits = word.AsSpan(0, word.Length - 2);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static FrozenDictionary<string, int> BuildWords()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < UnitOrdinals.Length; i++)
        {
            words[UnitOrdinals[i]] = i;
        }

        for (var i = 2; i < TensOrdinals.Length; i++)
        {
            words[TensOrdinals[i]] = i * 10;
        }

        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
