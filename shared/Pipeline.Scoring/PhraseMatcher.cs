using System.Buffers;

namespace Pipeline.Scoring;

/// <summary>
/// Finds lexicon phrases in text, word by word: case-insensitive, on word boundaries, with any run
/// of whitespace or punctuation allowed between the words of a phrase, and with a phrase ignored
/// when a negation closely precedes it in the same sentence.
/// </summary>
/// <remarks>
/// Token-based rather than regular expressions: one left-to-right pass that tokenizes into a pooled
/// buffer, then two hash lookups per token (the whole word, and its first three characters for
/// phrases whose first word is starred), so the cost is linear in the text and there is nothing to
/// backtrack. Tokens are slices of the input; nothing is allocated per token.
/// </remarks>
internal sealed class PhraseMatcher
{
    /// <summary>How many words before a phrase are searched for a negation (NegEx-style window).</summary>
    internal const int NegationWindow = 4;

    private const int MinStemLength = 3;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _negations = WordSet(
        "no", "not", "never", "nothing", "none", "nor", "without", "denied", "denies", "deny", "negative",
        "cannot", "can't", "cant", "didn't", "didnt", "don't", "dont", "doesn't", "doesnt", "wasn't", "wasnt",
        "weren't", "werent", "isn't", "isnt", "hasn't", "hasnt", "haven't", "havent", "hadn't", "hadnt",
        "couldn't", "couldnt", "wouldn't", "wouldnt");

    // Words after which an earlier negation no longer applies ("was not armed but threatened to...").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _scopeBreakers = WordSet(
        "but", "however", "then", "although", "though", "yet", "instead", "later", "after");

    private readonly Word[][] _patterns;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;
    // Phrases whose first word is starred, keyed by that word's first MinStemLength characters.
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstStem;

    /// <summary>Compiles the phrases; pattern i of <see cref="Match"/> is phrases[i].</summary>
    /// <exception cref="ArgumentException">A phrase is not in the lexicon syntax.</exception>
    public PhraseMatcher(IReadOnlyList<string> phrases)
    {
        _patterns = new Word[phrases.Count][];
        var byFirstWord = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var byFirstStem = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < phrases.Count; i++)
        {
            var words = Parse(phrases[i]);
            _patterns[i] = words;
            var (index, key) = words[0].IsPrefix
                ? (byFirstStem, words[0].Text[..MinStemLength])
                : (byFirstWord, words[0].Text);
            if (!index.TryGetValue(key, out var ids))
            {
                ids = [];
                index.Add(key, ids);
            }
            ids.Add(i);
        }

        _byFirstWord = byFirstWord.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _byFirstStem = byFirstStem.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of compiled phrases.</summary>
    public int Count => _patterns.Length;

    /// <summary>
    /// Sets <c>found[i]</c> for every phrase i that occurs at least once in the text without a
    /// preceding negation (or at all, when <paramref name="honourNegation"/> is false). Entries
    /// already set are left set.
    /// </summary>
    public void Match(ReadOnlySpan<char> text, Span<bool> found, bool honourNegation)
    {
        if (text.IsEmpty)
        {
            return;
        }

        // A token needs at least one word character and one separator after it, except the last.
        var buffer = ArrayPool<Token>.Shared.Rent((text.Length / 2) + 1);
        try
        {
            var tokens = buffer.AsSpan(0, Tokenize(text, buffer));
            for (var i = 0; i < tokens.Length; i++)
            {
                var word = Slice(text, tokens[i]);
                if (_byFirstWord.TryGetValue(word, out var ids))
                {
                    TryMatchAt(text, tokens, i, ids, found, honourNegation);
                }
                if (word.Length >= MinStemLength && _byFirstStem.TryGetValue(word[..MinStemLength], out ids))
                {
                    TryMatchAt(text, tokens, i, ids, found, honourNegation);
                }
            }
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(buffer);
        }
    }

    /// <summary>True for the characters words are made of; everything else separates words.</summary>
    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private void TryMatchAt(
        ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int start, int[] ids, Span<bool> found, bool honourNegation)
    {
        foreach (var id in ids)
        {
            if (found[id])
            {
                continue;
            }
            var words = _patterns[id];
            if (start + words.Length > tokens.Length)
            {
                continue;
            }
            var matches = true;
            for (var k = 0; k < words.Length && matches; k++)
            {
                matches = words[k].Matches(Slice(text, tokens[start + k]));
            }
            if (matches && !(honourNegation && IsNegated(text, tokens, start)))
            {
                found[id] = true;
            }
        }
    }

    private static bool IsNegated(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int start)
    {
        var sentence = tokens[start].Sentence;
        for (var j = start - 1; j >= 0 && j >= start - NegationWindow; j--)
        {
            if (tokens[j].Sentence != sentence)
            {
                return false;
            }
            var word = Slice(text, tokens[j]);
            if (_scopeBreakers.Contains(word))
            {
                return false;
            }
            if (_negations.Contains(word))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Splits text into words: runs of letters and digits, an apostrophe inside a word kept
    /// ("didn't"). Sentence punctuation and line breaks start a new sentence, which bounds negation.
    /// </summary>
    private static int Tokenize(ReadOnlySpan<char> text, Span<Token> tokens)
    {
        var count = 0;
        var sentence = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(c))
            {
                if (c is '.' or '!' or '?' or ';' or ':' or '\n' or '\r')
                {
                    sentence++;
                }
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
            tokens[count++] = new Token(begin, i - begin, sentence);
        }
        return count;
    }

    private static ReadOnlySpan<char> Slice(ReadOnlySpan<char> text, Token token) => text.Slice(token.Start, token.Length);

    private static Word[] Parse(string phrase)
    {
        var parts = phrase.Split(' ');
        var words = new Word[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isPrefix = part.EndsWith('*');
            var text = isPrefix ? part[..^1] : part;
            if (text.Length == 0
                || (isPrefix && text.Length < MinStemLength)
                || !text.All(c => (IsWordChar(c) && !char.IsUpper(c)) || c == '\''))
            {
                throw new ArgumentException($"lexicon phrase \"{phrase}\" is not lower-case words separated by single spaces, each optionally ending in * after at least {MinStemLength} characters", nameof(phrase));
            }
            words[i] = new Word(text, isPrefix);
        }
        return words;
    }

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WordSet(params string[] words) =>
        new HashSet<string>(words.Concat(words.Select(w => w.Replace('\'', '\u2019'))), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly record struct Token(int Start, int Length, int Sentence);

    private readonly record struct Word(string Text, bool IsPrefix)
    {
        public bool Matches(ReadOnlySpan<char> token) => IsPrefix
            ? token.StartsWith(Text, StringComparison.OrdinalIgnoreCase)
            : token.Equals(Text, StringComparison.OrdinalIgnoreCase);
    }
}
