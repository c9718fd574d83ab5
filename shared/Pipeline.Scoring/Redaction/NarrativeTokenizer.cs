namespace Pipeline.Scoring.Redaction;

/// <summary>A word of a narrative: a slice of the text, never a copy.</summary>
internal readonly record struct NarrativeToken(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Splits a narrative into words, shared by the redactor and the featurizer so that both see
/// exactly the same words: runs of letters and digits, with an apostrophe kept between two
/// letters ("didn't", "jehovah's"). Everything else (spaces, punctuation, slashes, control and
/// bidirectional-override characters, lone surrogates) separates words.
/// </summary>
internal static class NarrativeTokenizer
{
    /// <summary>An upper bound on the number of tokens of a text, for sizing a buffer.</summary>
    public static int MaxTokens(int textLength) => (textLength / 2) + 1;

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>Writes the tokens of <paramref name="text"/> into <paramref name="tokens"/>; returns how many.</summary>
    public static int Tokenize(ReadOnlySpan<char> text, Span<NarrativeToken> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }
            var begin = i;
            while (i < text.Length
                && (IsWordChar(text[i])
                    || (text[i] is '\'' or '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && char.IsLetter(text[i - 1]))))
            {
                i++;
            }
            tokens[count++] = new NarrativeToken(begin, i - begin);
        }
        return count;
    }
}
