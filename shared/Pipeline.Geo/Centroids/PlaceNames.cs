using System.Buffers;
using System.Globalization;
using System.Text;

namespace Pipeline.Geo.Centroids;

/// <summary>Normalizes US place names so that spellings of the same place compare equal.</summary>
public static class PlaceNames
{
    /// <summary>
    /// Upper-cases, strips accents, drops apostrophes, turns other punctuation into spaces, collapses
    /// spaces, spells out ST/STE/FT/MT as SAINT/SAINTE/FORT/MOUNT and joins "MC" to the next word, so
    /// "St. Louis", "SAINT LOUIS" and "saint-louis" all give "SAINT LOUIS" and "Mc Kinney" gives "MCKINNEY".
    /// </summary>
    /// <param name="name">A place name; null or blank gives an empty string.</param>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        // Only non-ASCII text needs decomposing (to drop accents); most names are plain ASCII.
        var source = Ascii.IsValid(name) ? name : name.Normalize(NormalizationForm.FormD);

        // Each word can at most grow from "ST" to "SAINT" (2 + separator to 5 + separator).
        var rented = ArrayPool<char>.Shared.Rent((source.Length * 3) + 2);
        try
        {
            var cleaned = rented.AsSpan(0, source.Length);
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                cleaned[i] = c switch
                {
                    // Apostrophes (including the Hawaiian okina) and accents vanish: O'Fallon = OFALLON.
                    '\'' or '\u2019' or '\u2018' or '\u02BB' or '`' => '\0',
                    _ when char.IsAsciiLetterOrDigit(c) => char.ToUpperInvariant(c),
                    _ when c < 128 => ' ',
                    _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark => '\0',
                    _ when char.IsLetterOrDigit(c) => char.ToUpperInvariant(c),
                    _ => ' ',
                };
            }

            var output = rented.AsSpan(source.Length);
            var length = 0;
            var joinNext = false;
            var position = 0;
            while (NextWord(cleaned, ref position, out var word))
            {
                ReadOnlySpan<char> spelled = word switch
                {
                    "ST" => "SAINT",
                    "STE" => "SAINTE",
                    "FT" => "FORT",
                    "MT" => "MOUNT",
                    _ => word,
                };
                if (length > 0 && !joinNext)
                {
                    output[length++] = ' ';
                }

                // "MC KINNEY" is written "MCKINNEY" too; a lone trailing "MC" stays as it is.
                joinNext = spelled is "MC" && !joinNext;
                spelled.CopyTo(output[length..]);
                length += spelled.Length;
            }

            return new string(output[..length]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    // The next run of letters and digits (dropped characters, marked '\0', are skipped inside a word).
    private static bool NextWord(Span<char> text, ref int position, out ReadOnlySpan<char> word)
    {
        while (position < text.Length && text[position] is ' ' or '\0')
        {
            position++;
        }

        if (position == text.Length)
        {
            word = default;
            return false;
        }

        // Compact the word in place, squeezing out dropped characters.
        var start = position;
        var end = position;
        while (position < text.Length && text[position] != ' ')
        {
            if (text[position] != '\0')
            {
                text[end++] = text[position];
            }

            position++;
        }

        word = text[start..end];
        return true;
    }
}
