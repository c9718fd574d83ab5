using System.Globalization;
using System.Text;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Addresses;

/// <summary>
/// Reads the address text of CAD and SAR feeds ("1520 Shattuck Ave. Apt 3", "15XX BLOCK OF
/// SHATTUCK AVE", "SHATTUCK/CEDAR", "1520 N Main St, Berkeley, CA 94709") into a
/// <see cref="NormalizedAddress"/>. Static and thread-safe; never throws: text it cannot read is a
/// <see cref="AddressQueryKind.Place"/> with whatever could be kept.
/// </summary>
public static class AddressNormalizer
{
    /// <summary>Characters of input read at most; the rest of a longer text is ignored.</summary>
    public const int MaxInputLength = 500;

    private const int MaxTokens = 64;
    private const int MaxWordLength = 64;

    // Tokens that cannot come out of a word (words hold only letters, digits, '-' and '/').
    private const string Separator = "&";
    private const string Comma = ",";
    private const string Hash = "#";

    /// <summary>Normalizes one address text. Null, empty and hostile text give a place with an empty or cleaned text.</summary>
    public static NormalizedAddress Normalize(string? text)
    {
        var tokens = Tokenize(text);
        var cleaned = JoinTokens(tokens);
        var segments = Segments(tokens);
        JoinLeadingNumber(segments);

        string? unit = null;
        Parsed? chosen = null;
        var streetSegment = -1;
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (IsUnitOnly(segment))
            {
                unit ??= FormatUnit(segment, 0);
                continue;
            }

            var parsed = ParseStreetSegment(segment, segments, s);
            if (parsed.Kind != AddressQueryKind.Place)
            {
                chosen = parsed;
                streetSegment = s;
                break;
            }

            if (chosen is null)
            {
                chosen = parsed;
                streetSegment = s;
            }
        }

        if (chosen is null)
        {
            return new NormalizedAddress { Kind = AddressQueryKind.Place, Unit = unit, Text = cleaned };
        }

        if (chosen.Kind == AddressQueryKind.Place && chosen.Street is null && chosen.PostalCode is null && segments[streetSegment] is [var only] && IsZip(only))
        {
            chosen.PostalCode = only[..5]; // "94703" alone: a ZIP code, never a house number without a street
        }

        var place = new PlaceParts { City = chosen.City, State = chosen.State, PostalCode = chosen.PostalCode };
        ParseTail(segments, streetSegment + 1, ref place, ref unit);

        return new NormalizedAddress
        {
            Kind = chosen.Kind,
            HouseNumber = chosen.Number,
            NumberSuffix = chosen.NumberSuffix,
            BlockStart = chosen.BlockStart,
            BlockEnd = chosen.BlockEnd,
            Street = chosen.Street,
            SecondStreet = chosen.SecondStreet,
            Unit = chosen.Unit ?? unit,
            City = place.City,
            State = place.State,
            PostalCode = place.PostalCode,
            Text = cleaned,
        };
    }

    /// <summary>
    /// Normalizes a street name alone ("N. Main Street" → N MAIN ST), as gazetteer files give it;
    /// a leading house number or a trailing unit is left out. Null when no street can be read.
    /// </summary>
    public static StreetName? NormalizeStreet(string? text)
    {
        // A street column has no city part: commas and line breaks in it are only spacing.
        var tokens = Tokenize(text);
        tokens.RemoveAll(static t => t == Comma);
        var part = ParseAddressPart(tokens, cityTail: false);
        return IsValidStreet(part.Street) ? part.Street : null;
    }

    /// <summary>Upper-case city with single spaces, or null when empty.</summary>
    public static string? NormalizeCity(string? city)
    {
        if (string.IsNullOrWhiteSpace(city))
        {
            return null;
        }

        var tokens = Tokenize(city);
        tokens.RemoveAll(t => t is Comma or Separator or Hash);
        return tokens.Count == 0 ? null : string.Join(' ', tokens);
    }

    /// <summary>The two-letter code of a state written as a code or a name ("California" → CA), or null.</summary>
    public static string? NormalizeState(string? state)
    {
        if (string.IsNullOrWhiteSpace(state))
        {
            return null;
        }

        var name = NormalizeCity(state);
        if (name is null)
        {
            return null;
        }

        return UsStates.IsCode(name) ? name : UsStates.FromName(name);
    }

    /// <summary>The five-digit ZIP code of "94709", "94709-1234" or "947091234", or null.</summary>
    public static string? NormalizePostalCode(string? postalCode)
    {
        if (string.IsNullOrWhiteSpace(postalCode))
        {
            return null;
        }

        var trimmed = postalCode.Trim();
        return IsZip(trimmed) ? trimmed[..5] : null;
    }

    /// <summary>Reads a house number as gazetteer files write it ("1520", "1520A", "1520-1/2", "1520 1/2").</summary>
    internal static bool TryParseHouseNumberText(string? text, out int number, out string? suffix)
    {
        number = 0;
        suffix = null;
        var tokens = Tokenize(text);
        if (tokens.Count == 0 || tokens.Count > 2 || !TryParseHouseNumber(tokens[0], out number, out suffix))
        {
            return false;
        }

        if (tokens.Count == 2)
        {
            if (suffix is not null || !IsFraction(tokens[1]))
            {
                return false;
            }

            suffix = tokens[1];
        }

        return true;
    }

    // ---- tokens ----

    private static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>(16);
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxInputLength));
        Span<char> word = stackalloc char[MaxWordLength];
        var length = 0;
        var depth = 0;
        var inTag = false;
        for (var i = 0; i < span.Length && tokens.Count < MaxTokens; i++)
        {
            var c = span[i];
            if (c == '(')
            {
                Flush(tokens, word, ref length);
                depth++;
                continue;
            }

            if (c == ')')
            {
                Flush(tokens, word, ref length);
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (c == '<')
            {
                Flush(tokens, word, ref length);
                inTag = true; // markup ("<script>") is dropped, its text kept
                continue;
            }

            if (inTag)
            {
                inTag = c != '>';
                continue;
            }

            if (depth > 0)
            {
                continue; // "(37.86988, -122.27054)" after a Berkeley block address: coordinates, not address text
            }

            if (char.IsAsciiLetter(c))
            {
                Append(word, ref length, char.ToUpperInvariant(c));
            }
            else if (char.IsAsciiDigit(c))
            {
                Append(word, ref length, c);
            }
            else if (c is '\'' or '\u2019')
            {
                // MARY'S → MARYS: an apostrophe joins.
            }
            else if (c == '.')
            {
                // "N.E." reads as NE; any other period ends the word ("ST.", "AVE.").
                var joinsInitials = length == 1 && char.IsAsciiLetter(word[0]) && i + 2 < span.Length && char.IsAsciiLetter(span[i + 1]) && span[i + 2] == '.';
                if (!joinsInitials)
                {
                    Flush(tokens, word, ref length);
                }
            }
            else if (c == '-')
            {
                // "1520-A", "1520-1/2" and "123-45" stay one number; "TWENTY-FIRST" splits.
                if (length > 0 && AllDigits(word[..length]) && i + 1 < span.Length && char.IsAsciiLetterOrDigit(span[i + 1]))
                {
                    Append(word, ref length, '-');
                }
                else
                {
                    Flush(tokens, word, ref length);
                }
            }
            else if (c == '/')
            {
                // "1/2" is a fraction; any other slash joins two streets.
                if (length > 0 && char.IsAsciiDigit(word[length - 1]) && IsNumberPart(word[..length]) && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1]))
                {
                    Append(word, ref length, '/');
                }
                else
                {
                    Flush(tokens, word, ref length);
                    tokens.Add(Separator);
                }
            }
            else if (c is '&' or '@')
            {
                Flush(tokens, word, ref length);
                tokens.Add(Separator);
            }
            else if (c == '#')
            {
                Flush(tokens, word, ref length);
                tokens.Add(Hash);
            }
            else if (c is ',' or ';' or '\n' or '\r' or '|')
            {
                Flush(tokens, word, ref length);
                if (tokens.Count > 0 && tokens[^1] != Comma)
                {
                    tokens.Add(Comma);
                }
            }
            else if (char.IsLetter(c))
            {
                Append(word, ref length, char.ToUpperInvariant(c));
            }
            else if (char.IsDigit(c))
            {
                Append(word, ref length, c); // a non-ASCII digit: kept as text, never read as a number
            }
            else
            {
                Flush(tokens, word, ref length); // spaces, controls, NUL, bidi overrides, symbols, lone surrogates
            }
        }

        Flush(tokens, word, ref length);
        if (tokens.Count > MaxTokens)
        {
            tokens.RemoveRange(MaxTokens, tokens.Count - MaxTokens);
        }

        return tokens;
    }

    private static void Append(Span<char> word, ref int length, char c)
    {
        if (length < word.Length)
        {
            word[length++] = c;
        }
    }

    private static void Flush(List<string> tokens, ReadOnlySpan<char> word, ref int length)
    {
        if (length > 0)
        {
            tokens.Add(new string(word[..length]));
            length = 0;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static bool IsNumberPart(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string JoinTokens(List<string> tokens)
    {
        var builder = new StringBuilder(tokens.Count * 6);
        foreach (var token in tokens)
        {
            if (token == Comma)
            {
                builder.Append(',');
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(token);
        }

        return builder.ToString().TrimEnd(',');
    }

    private static List<List<string>> Segments(List<string> tokens)
    {
        var segments = new List<List<string>>(4);
        var current = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token == Comma)
            {
                if (current.Count > 0)
                {
                    segments.Add(current);
                    current = new List<string>(8);
                }

                continue;
            }

            current.Add(token);
        }

        if (current.Count > 0)
        {
            segments.Add(current);
        }

        return segments;
    }

    // "2072, HEARST AVE": a house number cut from its street by a comma. Joined again only when the
    // next segment reads as a street with a suffix and no number of its own: "1520, BERKELEY" and
    // "94703, BERKELEY, CA" may be a number and a city, and stay apart.
    private static void JoinLeadingNumber(List<List<string>> segments)
    {
        if (segments.Count < 2 || segments[0].Count is 0 or > 2 || !TryParseHouseNumber(segments[0][0], out _, out var suffix)
            || (segments[0].Count == 2 && (suffix is not null || !IsFraction(segments[0][1]))))
        {
            return; // "1520" or "1520 1/2" alone before the comma
        }

        var next = segments[1];
        if (next.Count == 0 || IsUnitWord(next[0]) || TryParseHouseNumber(next[0], out _, out _) || TryParseBlockToken(next[0], out _, out _)
            || next.Contains(Separator))
        {
            return;
        }

        var street = ParseAddressPart(next, cityTail: false).Street;
        if (!IsPlaceStreet(street))
        {
            return;
        }

        next.InsertRange(0, segments[0]);
        segments.RemoveAt(0);
    }

    // ---- the street segment ----

    private sealed class Parsed
    {
        public AddressQueryKind Kind { get; set; } = AddressQueryKind.Place;

        public int? Number { get; set; }

        public string? NumberSuffix { get; set; }

        public int? BlockStart { get; set; }

        public int? BlockEnd { get; set; }

        public StreetName? Street { get; set; }

        public StreetName? SecondStreet { get; set; }

        public string? Unit { get; set; }

        public string? City { get; set; }

        public string? State { get; set; }

        public string? PostalCode { get; set; }
    }

    private struct PlaceParts
    {
        public string? City;
        public string? State;
        public string? PostalCode;
    }

    private static Parsed ParseStreetSegment(List<string> segment, List<List<string>> segments, int index)
    {
        var tokens = new List<string>(segment);
        var result = new Parsed();

        // "1520 SHATTUCK AVE BERKELEY CA 94709": a state and ZIP without commas end the segment.
        var cityTail = false;
        var laterZip = HasLaterZip(segments, index);
        if (!laterZip && tokens.Count >= 3 && IsZip(tokens[^1]) && !IsUnitWord(tokens[^2]))
        {
            result.PostalCode = tokens[^1][..5];
            tokens.RemoveAt(tokens.Count - 1);
            if (tokens.Count >= 3 && TryTakeState(tokens, tokens.Count, allowName: true, out var state, out var words))
            {
                result.State = state;
                tokens.RemoveRange(tokens.Count - words, words);
                cityTail = true;
            }
        }

        // AND / AT between two streets join them like "&" does.
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (tokens[i] is "AND" or "AT" && tokens[i - 1] != Separator && tokens[i + 1] != Separator)
            {
                tokens[i] = Separator;
            }
        }

        var separator = tokens.IndexOf(Separator);
        if (separator < 0)
        {
            var part = ParseAddressPart(tokens, cityTail);
            Fill(result, part);
            return result;
        }

        var next = tokens.IndexOf(Separator, separator + 1);
        var left = ParseAddressPart(tokens.GetRange(0, separator), cityTail: false);
        var right = ParseAddressPart(tokens.GetRange(separator + 1, (next < 0 ? tokens.Count : next) - separator - 1), cityTail && next < 0);
        if ((left.Number is not null || left.BlockStart is not null) && IsValidStreet(left.Street))
        {
            // "1520 SHATTUCK AVE @ CEDAR": the house number is the more precise place; the cross street only confirms it.
            Fill(result, left);
            return result;
        }

        if ((right.Number is not null || right.BlockStart is not null) && IsValidStreet(right.Street))
        {
            Fill(result, right); // "CEDAR ST / 1520 SHATTUCK AVE"
            return result;
        }

        result.City ??= right.City;
        result.PostalCode ??= right.PostalCode ?? left.PostalCode;
        if (left.Number is null && left.BlockStart is null && IsValidStreet(left.Street) && IsValidStreet(right.Street))
        {
            result.Kind = AddressQueryKind.Intersection;
            result.Street = left.Street;
            result.SecondStreet = right.Street;
            result.Unit = left.Unit ?? right.Unit;
            return result;
        }

        result.Street = IsPlaceStreet(left.Street) ? left.Street : IsPlaceStreet(right.Street) ? right.Street : null;
        result.Unit = left.Unit ?? right.Unit;
        return result;
    }

    private static void Fill(Parsed result, AddressPart part)
    {
        result.Unit = part.Unit;
        result.City ??= part.City;
        result.PostalCode ??= part.PostalCode;
        if (!IsValidStreet(part.Street))
        {
            return;
        }

        if (part.Number is not null)
        {
            result.Kind = AddressQueryKind.HouseNumber;
            result.Number = part.Number;
            result.NumberSuffix = part.NumberSuffix;
            result.Street = part.Street;
        }
        else if (part.BlockStart is not null)
        {
            result.Kind = AddressQueryKind.Block;
            result.BlockStart = part.BlockStart;
            result.BlockEnd = part.BlockEnd;
            result.Street = part.Street;
        }
        else if (IsPlaceStreet(part.Street))
        {
            result.Street = part.Street;
        }
    }

    private static bool HasLaterZip(List<List<string>> segments, int index)
    {
        for (var s = index + 1; s < segments.Count; s++)
        {
            foreach (var token in segments[s])
            {
                if (IsZip(token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private readonly record struct AddressPart(int? Number, string? NumberSuffix, int? BlockStart, int? BlockEnd, StreetName? Street, string? Unit, string? City, string? PostalCode);

    private static AddressPart ParseAddressPart(List<string> tokens, bool cityTail)
    {
        var i = 0;
        int? number = null;
        string? suffix = null;
        int? blockStart = null;
        int? blockEnd = null;
        string? leadingUnit = null;
        SkipHashUnits(tokens, ref i, ref leadingUnit); // "#3 1520 SHATTUCK AVE": a unit before the address

        if (i < tokens.Count)
        {
            if (TryParseBlockToken(tokens[i], out var start, out var end))
            {
                blockStart = start;
                blockEnd = end;
                i = SkipBlockWords(tokens, i + 1);
            }
            else if (TryParseHouseNumber(tokens[i], out var n, out suffix))
            {
                i++;
                SkipHashUnits(tokens, ref i, ref leadingUnit); // "1520 #3 SHATTUCK AVE"
                if (suffix is null && tokens.Count > i + 1 && IsFraction(tokens[i]))
                {
                    suffix = tokens[i];
                    i++;
                    SkipHashUnits(tokens, ref i, ref leadingUnit);
                }

                if (i < tokens.Count && tokens[i] is "BLOCK" or "BLK")
                {
                    // "1500 BLOCK" and "1520 BLOCK" both mean the hundred block 1500..1599.
                    blockStart = n - (n % 100);
                    blockEnd = blockStart + 99;
                    suffix = null;
                    i = SkipBlockWords(tokens, i);
                }
                else
                {
                    number = n;
                }
            }
        }

        // A ZIP code is never the end of a street name ("1520 SHATTUCK AVE 94709", "... 94709 APT 3").
        string? zip = null;
        var count = tokens.Count;
        while (count - i >= 2 && IsZip(tokens[count - 1]))
        {
            zip = tokens[count - 1][..5];
            count--;
        }

        if (count < tokens.Count)
        {
            tokens = tokens.GetRange(0, count);
        }

        var unitAt = FindUnit(tokens, i);
        var unit = leadingUnit ?? (unitAt < tokens.Count ? FormatUnit(tokens, unitAt) : null);

        var streetEnd = unitAt;
        var cut = true;
        while (cut)
        {
            // "... REAR 94709 #3": ZIPs and a bare designator left before the unit belong to neither the street nor the city.
            cut = false;
            while (streetEnd - i >= 2 && IsZip(tokens[streetEnd - 1]))
            {
                zip ??= tokens[streetEnd - 1][..5];
                streetEnd--;
                cut = true;
            }

            if (streetEnd - i >= 2 && SecondaryUnits.TryGet(tokens[streetEnd - 1], out var designator, out var requiresId) && !requiresId)
            {
                unit ??= designator;
                streetEnd--;
                cut = true;
            }
        }

        var street = ParseStreet(tokens, i, streetEnd, cityTail, out var city);
        return new AddressPart(number, suffix, blockStart, blockEnd, street, unit, city, zip);
    }

    private static void SkipHashUnits(List<string> tokens, ref int i, ref string? unit)
    {
        while (i < tokens.Count && tokens[i] == Hash)
        {
            var unitHere = FormatUnit(tokens, i);
            unit ??= unitHere;
            i += unitHere is null ? 1 : 2;
        }
    }

    private static int SkipBlockWords(List<string> tokens, int i)
    {
        if (i < tokens.Count && tokens[i] is "BLOCK" or "BLK")
        {
            i++;
        }

        if (i < tokens.Count && tokens[i] == "OF")
        {
            i++;
        }

        return i;
    }

    // "15XX" → 1500..1599, "015XX" → 1500..1599, "1XX" → 100..199, "XX" and "0XX" → 0..99.
    private static bool TryParseBlockToken(string token, out int start, out int end)
    {
        start = end = 0;
        var x = token.IndexOf('X', StringComparison.Ordinal);
        if (x < 0 || x > 6)
        {
            return false;
        }

        var xs = token.Length - x;
        if (xs is < 2 or > 4)
        {
            return false;
        }

        for (var k = 0; k < token.Length; k++)
        {
            if (k < x ? !char.IsAsciiDigit(token[k]) : token[k] != 'X')
            {
                return false;
            }
        }

        var prefix = x == 0 ? 0 : int.Parse(token.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture);
        var size = xs switch { 2 => 100, 3 => 1000, _ => 10000 }; // one X ("1520X") is a number suffix
        if (prefix > int.MaxValue / size - 1)
        {
            return false;
        }

        start = prefix * size;
        end = start + size - 1;
        return true;
    }

    private static bool TryParseHouseNumber(string token, out int number, out string? suffix)
    {
        number = 0;
        suffix = null;
        var digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits]))
        {
            digits++;
        }

        if (digits is 0 or > 9 || !int.TryParse(token.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        var rest = token.AsSpan(digits);
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest is "ST" or "ND" or "RD" or "TH")
        {
            return false; // "15TH" is a street name
        }

        if (rest.Length <= 2 && IsLetters(rest))
        {
            suffix = rest.ToString();
            return true;
        }

        if (rest[0] != '-' || rest.Length < 2)
        {
            return false;
        }

        var after = rest[1..];
        if ((after.Length <= 2 && IsLetters(after)) || IsFraction(after))
        {
            suffix = after.ToString();
            return true;
        }

        if (AllDigits(after) && after.Length <= 6)
        {
            suffix = rest.ToString(); // "123-45" (Queens): kept whole
            return true;
        }

        return false;
    }

    private static bool IsLetters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static bool IsFraction(ReadOnlySpan<char> token)
    {
        var slash = token.IndexOf('/');
        return slash is 1 or 2 && token.Length - slash - 1 is 1 or 2 && AllDigits(token[..slash]) && AllDigits(token[(slash + 1)..]);
    }

    private static bool IsZip(string token) =>
        (token.Length == 5 && AllDigits(token)) ||
        (token.Length == 9 && AllDigits(token)) ||
        (token.Length == 10 && token[5] == '-' && AllDigits(token.AsSpan(0, 5)) && AllDigits(token.AsSpan(6)));

    private static bool IsUnitWord(string token) => token == Hash || SecondaryUnits.Standardize(token) is not null;

    // ---- units ----

    private static int FindUnit(List<string> tokens, int start)
    {
        // At least one street word comes first: "KEY ST", "PIER 39" and "FRONT ST" are names.
        for (var j = start + 1; j < tokens.Count; j++)
        {
            var token = tokens[j];
            if (token == Hash)
            {
                return j;
            }

            if (!SecondaryUnits.TryGet(token, out _, out var requiresId))
            {
                continue;
            }

            if (requiresId ? j + 1 < tokens.Count : j + 1 == tokens.Count || IsUnitWord(tokens[j + 1]))
            {
                return j;
            }
        }

        return tokens.Count;
    }

    private static string? FormatUnit(List<string> tokens, int at)
    {
        var token = tokens[at];
        if (token == Hash)
        {
            return at + 1 < tokens.Count && tokens[at + 1] != Hash && tokens[at + 1] != Separator ? "# " + tokens[at + 1] : null;
        }

        if (!SecondaryUnits.TryGet(token, out var standard, out var requiresId))
        {
            return null;
        }

        if (!requiresId)
        {
            return standard;
        }

        var id = at + 1;
        if (id < tokens.Count && tokens[id] == Hash)
        {
            id++; // "APT #3"
        }

        return id < tokens.Count && tokens[id] != Separator && tokens[id] != Hash ? standard + " " + tokens[id] : standard;
    }

    private static bool IsUnitOnly(List<string> segment)
    {
        if (segment.Count is 0 or > 3 || !IsUnitWord(segment[0]))
        {
            return false;
        }

        if (segment[0] == Hash)
        {
            return segment.Count == 2;
        }

        SecondaryUnits.TryGet(segment[0], out _, out var requiresId);
        return requiresId
            ? segment.Count == 2 || (segment.Count == 3 && segment[1] == Hash)
            : segment.Count == 1;
    }

    // ---- city, state, ZIP after commas ----

    private static void ParseTail(List<List<string>> segments, int from, ref PlaceParts place, ref string? unit)
    {
        for (var s = from; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (IsUnitOnly(segment))
            {
                unit ??= FormatUnit(segment, 0);
                continue;
            }

            if (IsCountry(segment))
            {
                continue;
            }

            var end = segment.Count;
            var zipHere = false;
            while (end > 0 && IsZip(segment[end - 1]))
            {
                // The last ZIP of the text wins; a second one is dropped, never read as a city.
                place.PostalCode ??= segment[end - 1][..5];
                zipHere = true;
                end--;
            }

            // A state code ends any segment ("BERKELEY CA, USA"; a second one is dropped, never kept
            // as a city). A state name counts before a ZIP, or as a whole segment after a city
            // ("SEATTLE, WASHINGTON"); "WASHINGTON" alone or "0 WASHINGTON" is a city.
            while (end > 0 && TryTakeState(segment, end, zipHere, out var state, out var words))
            {
                place.State ??= state;
                end -= words;
            }

            if (end > 0 && place.City is not null && place.State is null && UsStates.FromName(string.Join(' ', segment.GetRange(0, end))) is { } named)
            {
                place.State = named;
                end = 0;
            }

            while (end > 0 && IsZip(segment[end - 1]))
            {
                place.PostalCode ??= segment[end - 1][..5];
                end--;
            }

            if (end == 0)
            {
                continue;
            }

            var rest = segment.GetRange(0, end);
            if (IsUnitOnly(rest))
            {
                unit ??= FormatUnit(rest, 0); // "STE 200 NY 94709"
            }
            else if (place.City is null && !IsCountry(rest))
            {
                place.City = string.Join(' ', rest);
            }
        }
    }

    private static bool TryTakeState(List<string> tokens, int end, bool allowName, out string? state, out int words)
    {
        state = null;
        words = 0;
        if (end == 0)
        {
            return false;
        }

        if (UsStates.IsCode(tokens[end - 1]))
        {
            state = tokens[end - 1];
            words = 1;
            return true;
        }

        if (!allowName)
        {
            return false;
        }

        for (var n = Math.Min(UsStates.MaxNameWords, end); n >= 1; n--)
        {
            if (UsStates.FromName(string.Join(' ', tokens.GetRange(end - n, n))) is { } code)
            {
                state = code;
                words = n;
                return true;
            }
        }

        return false;
    }

    private static bool IsCountry(List<string> segment) => segment.Count switch
    {
        1 => segment[0] is "USA" or "US",
        2 => segment[0] == "UNITED" && segment[1] == "STATES",
        4 => segment[0] == "UNITED" && segment[1] == "STATES" && segment[2] == "OF" && segment[3] == "AMERICA",
        _ => false,
    };

    // ---- the street name ----

    private static readonly HashSet<string> NameAfterDirectional = new(StringComparer.Ordinal) { "END", "SIDE", "SHORE" };

    private static StreetName? ParseStreet(List<string> tokens, int from, int to, bool cityTail, out string? city)
    {
        city = null;
        if (to <= from)
        {
            return null;
        }

        var words = new List<string>(to - from);
        for (var i = from; i < to; i++)
        {
            var token = tokens[i];
            if (token is Separator or Hash)
            {
                continue;
            }

            var tens = Ordinals.TensValue(token);
            if (tens > 0 && i + 1 < to && Ordinals.WordValue(tokens[i + 1]) is var unitValue and > 0 and < 10)
            {
                words.Add(Ordinals.Format(tens + unitValue)); // TWENTY FIRST → 21ST
                i++;
            }
            else if (Ordinals.WordValue(token) is var value and > 0)
            {
                words.Add(Ordinals.Format(value));
            }
            else if (Ordinals.TryParseNumeric(token, out var numeric))
            {
                words.Add(Ordinals.Format(numeric)); // also mends "2TH" → 2ND
            }
            else
            {
                words.Add(token);
            }
        }

        if (cityTail)
        {
            city = CutCity(words);
        }

        var n = words.Count;
        if (n == 0)
        {
            return null;
        }

        // Try the richest reading first; keep the first that leaves a name ("NORTH ST", "AVENUE N", "N ST").
        for (var config = 0; config < 8; config++)
        {
            var takePost = (config & 4) == 0;
            var takeSuffix = (config & 2) == 0;
            var takePre = (config & 1) == 0;
            var end = n;
            string? post = null;
            string? suffix = null;
            string? pre = null;
            if (takePost)
            {
                if (n < 2 || (post = Directionals.Standardize(words[n - 1])) is null)
                {
                    continue;
                }

                end--;
            }

            if (takeSuffix)
            {
                if (end < 1 || (suffix = StreetSuffixes.Standardize(words[end - 1])) is null)
                {
                    continue;
                }

                end--;
            }

            var start = 0;
            if (takePre)
            {
                if ((pre = Directionals.Standardize(words[0])) is null || (words[0].Length > 2 && n > 1 && NameAfterDirectional.Contains(words[1])))
                {
                    continue;
                }

                start = 1;
            }

            if (end - start < 1)
            {
                continue;
            }

            return new StreetName(pre, CanonicalName(words, start, end), suffix, post);
        }

        return null; // unreachable: the last reading takes every word as the name
    }

    private static string? CutCity(List<string> words)
    {
        // After the state and ZIP were cut, the words past the last suffix (and its directional) are the city.
        for (var k = words.Count - 2; k >= 1; k--)
        {
            if (StreetSuffixes.Standardize(words[k]) is null || IsLetterOrNumberName(words[k + 1]))
            {
                continue; // "AVENUE B NE": the suffix word is part of the name
            }

            var cityStart = k + 1;
            if (Directionals.Standardize(words[cityStart]) is not null)
            {
                cityStart++;
            }

            if (cityStart >= words.Count)
            {
                return null;
            }

            // A state code cannot end a city: read again after commas, it would be the state.
            var cityEnd = words.Count;
            while (cityEnd > cityStart && UsStates.IsCode(words[cityEnd - 1]))
            {
                cityEnd--;
            }

            var city = cityEnd > cityStart ? string.Join(' ', words.GetRange(cityStart, cityEnd - cityStart)) : null;
            words.RemoveRange(cityStart, words.Count - cityStart);
            return city;
        }

        return null;
    }

    private static string CanonicalName(List<string> words, int start, int end)
    {
        var count = end - start;
        var first = words[start];
        if (count == 1)
        {
            // A suffix word alone is the name: "AVE N" and "AVENUE N" are both AVENUE.
            return StreetSuffixes.ToPrimary.GetValueOrDefault(first) ?? first;
        }

        var builder = new StringBuilder(16 * count);
        for (var i = start; i < end; i++)
        {
            var word = words[i];
            if (i == start)
            {
                word = word switch
                {
                    "SAINT" or "ST" => "ST",
                    "MT" or "MNT" => "MOUNT",
                    "FT" or "FRT" => "FORT",
                    _ when count == 2 && IsLetterOrNumberName(words[i + 1]) => StreetSuffixes.ToPrimary.GetValueOrDefault(word) ?? word,
                    _ => word,
                };
            }
            else if (word == "JUNIOR")
            {
                word = "JR";
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
        }

        return builder.ToString();
    }

    // "AVENUE B", "HWY 13": a suffix word before a letter or number is part of the name.
    private static bool IsLetterOrNumberName(string word) => word.Length == 1 || AllDigits(word);

    private static bool IsValidStreet(StreetName? street)
    {
        if (street is null)
        {
            return false;
        }

        if (street.Suffix is not null)
        {
            return true;
        }

        foreach (var c in street.Name)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    // A street without a number is kept for a place only when it looks like one (it has a suffix).
    private static bool IsPlaceStreet(StreetName? street) => street?.Suffix is not null;
}
