using System.Buffers;

namespace Pipeline.Scoring.Redaction;

/// <summary>How the redactor classified a token of a narrative.</summary>
internal enum TokenMark : byte
{
    /// <summary>An ordinary word: a feature candidate.</summary>
    Kept,

    /// <summary>The first word of a removed descriptor.</summary>
    Redacted,

    /// <summary>A later word of the same removed descriptor ("american" in "African American").</summary>
    RedactedContinuation,

    /// <summary>The word of a <see cref="NarrativeRedactor.Placeholder"/> already in the text.</summary>
    Placeholder,

    /// <summary>A word of a protected place term: kept in the text, never a feature.</summary>
    ProtectedPlace,
}

/// <summary>
/// Removes descriptors of protected characteristics (<see cref="ProtectedDescriptorLexicon"/>) from
/// a narrative, replacing each with <see cref="Placeholder"/> and counting them by class.
/// </summary>
/// <remarks>
/// Matching is whole-word and case-insensitive over the words of the text (letters and digits,
/// apostrophes inside words): a trie keyed by word, walked from every word, longest phrase wins, so
/// the cost is linear in the text and independent of the lexicon's size, and there is no regular
/// expression to backtrack. Words are slices of the input and the word buffer is pooled; only the
/// result string and counts are allocated, and nothing at all when no descriptor is found beyond the
/// empty-count result. A demonym is redacted even before a thing ("Persian rug", "French doors"):
/// the lexicon cannot tell a person from an object, and over-redaction costs the model a little
/// signal while under-redaction would let a protected characteristic reach it. Never throws on
/// hostile input: control characters, bidirectional overrides and lone surrogates separate words.
/// Thread-safe: the compiled lexicon is immutable.
/// </remarks>
public sealed class NarrativeRedactor
{
    /// <summary>The neutral token that replaces each removed descriptor; the featurizer ignores it.</summary>
    public const string Placeholder = "[redacted]";

    private const string PlaceholderWord = "redacted";
    private const int PlaceMask = 1 << 30;
    private const int ColorMask = 1 << 29;

    private static readonly ProtectedClass[] _classes = Enum.GetValues<ProtectedClass>();

    private static readonly IReadOnlyDictionary<ProtectedClass, int> _noneRemoved =
        new Dictionary<ProtectedClass, int>();

    private readonly Node _root = new();
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _persons;

    /// <summary>A redactor over <see cref="ProtectedDescriptorLexicon"/>.</summary>
    public static NarrativeRedactor Default { get; } = new();

    /// <summary>Compiles <see cref="ProtectedDescriptorLexicon"/>.</summary>
    /// <exception cref="InvalidOperationException">An entry of the lexicon is not in its syntax.</exception>
    public NarrativeRedactor()
    {
        foreach (var (protectedClass, terms) in ProtectedDescriptorLexicon.Descriptors)
        {
            foreach (var term in terms)
            {
                Add(term, 1 << (int)protectedClass);
            }
        }
        foreach (var term in ProtectedDescriptorLexicon.ProtectedPlaceTerms)
        {
            Add(term, PlaceMask);
        }
        foreach (var term in ProtectedDescriptorLexicon.ColorTerms)
        {
            Add(term, ColorMask);
        }
        _root.Freeze();
        _persons = new HashSet<string>(ProtectedDescriptorLexicon.PersonWords, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Replaces every protected descriptor in <paramref name="narrative"/> with <see cref="Placeholder"/>.</summary>
    /// <param name="narrative">Any text; null is treated as empty.</param>
    public RedactedNarrative Redact(string? narrative)
    {
        if (string.IsNullOrEmpty(narrative))
        {
            return new RedactedNarrative("", _noneRemoved);
        }

        var tokenBuffer = ArrayPool<NarrativeToken>.Shared.Rent(NarrativeTokenizer.MaxTokens(narrative.Length));
        var markBuffer = ArrayPool<TokenMark>.Shared.Rent(tokenBuffer.Length);
        try
        {
            var text = narrative.AsSpan();
            var tokens = tokenBuffer.AsSpan(0, NarrativeTokenizer.Tokenize(text, tokenBuffer));
            var marks = markBuffer.AsSpan(0, tokens.Length);
            Span<int> counts = stackalloc int[_classes.Length];
            var found = Scan(text, tokens, marks, counts);
            if (found == 0)
            {
                return new RedactedNarrative(narrative, _noneRemoved);
            }

            var removed = new Dictionary<ProtectedClass, int>();
            for (var c = 0; c < counts.Length; c++)
            {
                if (counts[c] > 0)
                {
                    removed[_classes[c]] = counts[c];
                }
            }
            return new RedactedNarrative(Rewrite(text, tokens, marks), removed) { DescriptorCount = found };
        }
        finally
        {
            ArrayPool<TokenMark>.Shared.Return(markBuffer);
            ArrayPool<NarrativeToken>.Shared.Return(tokenBuffer);
        }
    }

    /// <summary>
    /// Marks every token: redacted descriptor words, placeholders already in the text, protected
    /// place words, or kept. Adds to <paramref name="classCounts"/> (indexed by <see cref="ProtectedClass"/>)
    /// and returns the number of descriptors found.
    /// </summary>
    internal int Scan(ReadOnlySpan<char> text, ReadOnlySpan<NarrativeToken> tokens, Span<TokenMark> marks, Span<int> classCounts)
    {
        marks.Clear();
        var found = 0;
        var i = 0;
        while (i < tokens.Length)
        {
            var (last, mask) = LongestMatch(text, tokens, i);
            if (last < 0)
            {
                if (IsPlaceholder(text, tokens[i]))
                {
                    marks[i] = TokenMark.Placeholder;
                }
                i++;
                continue;
            }
            if (mask == PlaceMask)
            {
                marks.Slice(i, last - i + 1).Fill(TokenMark.ProtectedPlace);
            }
            else if (mask == ColorMask)
            {
                // A color word describes a person only beside a person word ("black male", "male, white").
                if ((i > 0 && _persons.Contains(Slice(text, tokens[i - 1])))
                    || (i + 1 < tokens.Length && _persons.Contains(Slice(text, tokens[i + 1]))))
                {
                    marks[i] = TokenMark.Redacted;
                    classCounts[(int)ProtectedClass.Race]++;
                    found++;
                }
            }
            else
            {
                marks[i] = TokenMark.Redacted;
                marks.Slice(i + 1, last - i).Fill(TokenMark.RedactedContinuation);
                Count(mask & ~(PlaceMask | ColorMask), classCounts);
                found++;
            }
            i = last + 1;
        }
        return found;
    }

    private (int Last, int Mask) LongestMatch(ReadOnlySpan<char> text, ReadOnlySpan<NarrativeToken> tokens, int start)
    {
        var node = _root;
        var last = -1;
        var mask = 0;
        for (var j = start; j < tokens.Length; j++)
        {
            var word = Slice(text, tokens[j]);
            Node? next = null;
            if (j > start && IsSlash(text, tokens[j - 1], tokens[j]))
            {
                next = node.FindSlashed(word);
            }
            next ??= node.FindSpaced(word);
            if (next is null)
            {
                break;
            }
            node = next;
            if (node.Mask != 0)
            {
                last = j;
                mask = node.Mask;
            }
        }
        return (last, mask);
    }

    private static bool IsSlash(ReadOnlySpan<char> text, NarrativeToken previous, NarrativeToken current) =>
        current.Start - previous.End == 1 && text[previous.End] == '/';

    private static bool IsPlaceholder(ReadOnlySpan<char> text, NarrativeToken token) =>
        token.Start > 0
        && token.End < text.Length
        && text[token.Start - 1] == '['
        && text[token.End] == ']'
        && Slice(text, token).Equals(PlaceholderWord, StringComparison.OrdinalIgnoreCase);

    private static void Count(int mask, Span<int> classCounts)
    {
        for (var c = 0; c < classCounts.Length; c++)
        {
            if ((mask & (1 << c)) != 0)
            {
                classCounts[c]++;
            }
        }
    }

    private static string Rewrite(ReadOnlySpan<char> text, ReadOnlySpan<NarrativeToken> tokens, ReadOnlySpan<TokenMark> marks)
    {
        // First pass: the exact length, so the result is written once into a pooled buffer.
        var length = text.Length;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (marks[t] == TokenMark.Redacted)
            {
                var end = LastOfDescriptor(tokens, marks, t);
                length += Placeholder.Length - (tokens[end].End - tokens[t].Start);
                t = end;
            }
        }

        var buffer = ArrayPool<char>.Shared.Rent(length);
        var target = buffer.AsSpan(0, length);
        var copied = 0;
        var written = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (marks[t] != TokenMark.Redacted)
            {
                continue;
            }
            var end = LastOfDescriptor(tokens, marks, t);
            var kept = text[copied..tokens[t].Start];
            kept.CopyTo(target[written..]);
            written += kept.Length;
            Placeholder.CopyTo(target[written..]);
            written += Placeholder.Length;
            copied = tokens[end].End;
            t = end;
        }
        text[copied..].CopyTo(target[written..]);
        var result = new string(target);
        ArrayPool<char>.Shared.Return(buffer);
        return result;
    }

    private static int LastOfDescriptor(ReadOnlySpan<NarrativeToken> tokens, ReadOnlySpan<TokenMark> marks, int first)
    {
        var end = first;
        while (end + 1 < tokens.Length && marks[end + 1] == TokenMark.RedactedContinuation)
        {
            end++;
        }
        return end;
    }

    private static ReadOnlySpan<char> Slice(ReadOnlySpan<char> text, NarrativeToken token) =>
        text.Slice(token.Start, token.Length);

    private void Add(string term, int mask)
    {
        if (term.Length == 0 || term.Trim() != term || term.Contains("  ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"protected lexicon entry \"{term}\" has stray spaces");
        }
        var node = _root;
        var slashed = false;
        var begin = 0;
        for (var i = 0; i <= term.Length; i++)
        {
            if (i < term.Length && term[i] is not (' ' or '/'))
            {
                continue;
            }
            var word = term[begin..i];
            if (word.Length == 0 || !word.All(c => (NarrativeTokenizer.IsWordChar(c) && !char.IsUpper(c)) || c == '\''))
            {
                throw new InvalidOperationException($"protected lexicon entry \"{term}\" is not lower-case words joined by single spaces or slashes");
            }
            node = node.Child(word, slashed);
            slashed = i < term.Length && term[i] == '/';
            begin = i + 1;
        }
        node.Mask |= mask;
    }

    private sealed class Node
    {
        private Dictionary<string, Node>? _spaced;
        private Dictionary<string, Node>? _slashed;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _spacedLookup;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _slashedLookup;

        public int Mask { get; set; }

        public Node Child(string word, bool slashed)
        {
            ref var children = ref slashed ? ref _slashed : ref _spaced;
            children ??= new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
            if (!children.TryGetValue(word, out var child))
            {
                child = new Node();
                children.Add(word, child);
            }
            return child;
        }

        public void Freeze()
        {
            if (_spaced is not null)
            {
                _spacedLookup = _spaced.GetAlternateLookup<ReadOnlySpan<char>>();
                foreach (var child in _spaced.Values)
                {
                    child.Freeze();
                }
            }
            if (_slashed is not null)
            {
                _slashedLookup = _slashed.GetAlternateLookup<ReadOnlySpan<char>>();
                foreach (var child in _slashed.Values)
                {
                    child.Freeze();
                }
            }
        }

        public Node? FindSpaced(ReadOnlySpan<char> word) => _spaced is null ? null : Find(_spacedLookup, word);

        public Node? FindSlashed(ReadOnlySpan<char> word) => _slashed is null ? null : Find(_slashedLookup, word);

        // A possessive matches its word ("Muslim's"), after the word itself ("jehovah's").
        private static Node? Find(Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> word)
        {
            if (lookup.TryGetValue(word, out var node))
            {
                return node;
            }
            if (word.Length > 2 && word[^1] is 's' or 'S' && word[^2] is '\'' or '\u2019'
                && lookup.TryGetValue(word[..^2], out node))
            {
                return node;
            }
            return null;
        }
    }
}
