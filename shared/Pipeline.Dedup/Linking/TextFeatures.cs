using System.Collections.Frozen;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Dedup.Linking;

/// <summary>
/// Word shingles, MinHash and small hashed fingerprints of a report's text, computed without
/// keeping the text. Words are lower-cased letters and digits, stemmed by truncation to their
/// first five characters ("photographing" and "photos" both become "photo"); words shorter
/// than three characters and stop words are skipped.
/// </summary>
internal static class TextFeatures
{
    public const int MinHashSize = 64;
    private const int StemLength = 5;
    private const int MaxTokens = 256;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static readonly string[] _stopWords =
    [
        "the", "and", "was", "were", "with", "that", "this", "from", "for", "his", "her", "their", "they",
        "them", "then", "than", "there", "had", "has", "have", "been", "who", "what", "when", "where",
        "which", "while", "into", "onto", "about", "around", "near", "out", "off", "over", "under",
        "are", "but", "not", "one", "two", "its", "him", "she", "also", "after", "before", "again",
        "caller", "callers", "reports", "reported", "reporting", "advised", "advises", "states",
        "stated", "says", "said", "per", "approx", "approximately", "unknown", "subject", "subjects",
        "location", "area", "time", "see", "seen", "saw", "appeared", "appears",
        "described", "wearing", "possibly", "possible", "other", "some", "any", "all", "very",
        "just", "still", "went", "came", "got", "being", "did", "does",
    ];

    private static readonly FrozenSet<ulong> _stopHashes = _stopWords.Select(Stem).ToFrozenSet();

    private static readonly FrozenDictionary<ulong, ushort> _keywordHashes =
        BehaviorCategories.Keywords.ToFrozenDictionary(pair => Stem(pair.Key), pair => pair.Value);

    /// <summary>The hash of a word's stem, as the tokenizer computes it.</summary>
    public static ulong Stem(string word)
    {
        var hash = FnvOffset;
        var length = Math.Min(word.Length, StemLength);
        for (var i = 0; i < length; i++)
        {
            hash = (hash ^ char.ToLowerInvariant(word[i])) * FnvPrime;
        }
        return hash;
    }

    /// <summary>
    /// Distinct stem hashes of a text, written to <paramref name="tokens"/>; returns how many.
    /// Also returns the behavior-category mask of the keywords found.
    /// </summary>
    public static int DistinctStems(ReadOnlySpan<char> text, Span<ulong> tokens, out ushort categories)
    {
        Span<ulong> table = stackalloc ulong[MaxTokens * 2];
        table.Clear();
        var count = 0;
        categories = 0;
        var i = 0;
        while (i < text.Length && count < tokens.Length && count < MaxTokens)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var start = i;
            var hash = FnvOffset;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                if (i - start < StemLength)
                {
                    hash = (hash ^ char.ToLowerInvariant(text[i])) * FnvPrime;
                }
                i++;
            }
            var length = i - start;
            if (length < 3 || _stopHashes.Contains(hash))
            {
                continue;
            }
            if (_keywordHashes.TryGetValue(hash, out var mask))
            {
                categories |= mask;
            }
            if (hash == 0)
            {
                hash = 1; // 0 marks an empty slot
            }
            var slot = (int)(hash & (ulong)(table.Length - 1));
            while (table[slot] != 0 && table[slot] != hash)
            {
                slot = (slot + 1) & (table.Length - 1);
            }
            if (table[slot] == 0)
            {
                table[slot] = hash;
                tokens[count++] = hash;
            }
        }
        return count;
    }

    /// <summary>
    /// b-bit MinHash (64 permutations, 8 bits kept of each minimum) of a set of token hashes: the
    /// same 64 bytes as 32 16-bit values, with half the variance; the 1/256 chance that two
    /// different minima share their low byte is corrected in <see cref="EstimateJaccard"/>.
    /// </summary>
    public static void MinHash(ReadOnlySpan<ulong> tokens, Span<byte> destination)
    {
        Span<uint> minimum = stackalloc uint[MinHashSize];
        minimum.Fill(uint.MaxValue);
        foreach (var token in tokens)
        {
            // Kirsch-Mitzenmacher: permutation i is h1 + i*h2, each finished by a strong mixer.
            var h1 = Mix(token);
            var h2 = Mix(token ^ 0x9E3779B97F4A7C15UL) | 1;
            for (var k = 0; k < MinHashSize; k++)
            {
                var value = (uint)(Mix(h1 + ((ulong)k * h2)) >> 32);
                if (value < minimum[k])
                {
                    minimum[k] = value;
                }
            }
        }
        for (var k = 0; k < MinHashSize; k++)
        {
            destination[k] = (byte)minimum[k];
        }
    }

    /// <summary>Estimated Jaccard similarity of two sets from their MinHashes.</summary>
    public static double EstimateJaccard(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int equal;
        if (Vector256.IsHardwareAccelerated && a.Length >= MinHashSize && b.Length >= MinHashSize)
        {
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            var low = Vector256.Equals(Vector256.LoadUnsafe(ref left), Vector256.LoadUnsafe(ref right)).ExtractMostSignificantBits();
            var high = Vector256.Equals(Vector256.LoadUnsafe(ref left, 32), Vector256.LoadUnsafe(ref right, 32)).ExtractMostSignificantBits();
            equal = BitOperations.PopCount(low) + BitOperations.PopCount(high);
        }
        else
        {
            equal = 0;
            for (var k = 0; k < MinHashSize; k++)
            {
                if (a[k] == b[k])
                {
                    equal++;
                }
            }
        }
        const double Collision = 1.0 / 256;
        return Math.Max(0, (((double)equal / MinHashSize) - Collision) / (1 - Collision));
    }

    /// <summary>
    /// Estimated containment of the smaller set in the larger: |A ∩ B| / min(|A|, |B|), from the
    /// Jaccard estimate and the set sizes. Short CAD notes inside long SAR narratives score high.
    /// </summary>
    public static double EstimateContainment(double jaccard, int sizeA, int sizeB)
    {
        if (sizeA == 0 || sizeB == 0)
        {
            return 0;
        }
        var intersection = jaccard * (sizeA + sizeB) / (1 + jaccard);
        return Math.Min(1, intersection / Math.Min(sizeA, sizeB));
    }

    /// <summary>A 64-bit mask of the descriptor words of subject descriptions (one bit per hashed stem).</summary>
    public static ulong DescriptorBits(IReadOnlyList<string> descriptions)
    {
        ulong bits = 0;
        Span<ulong> tokens = stackalloc ulong[64];
        foreach (var description in descriptions)
        {
            var count = DistinctStems(description, tokens, out _);
            for (var i = 0; i < count; i++)
            {
                bits |= 1UL << (int)(Mix(tokens[i]) & 63);
            }
        }
        return bits;
    }

    /// <summary>Jaccard of two descriptor masks.</summary>
    public static double DescriptorJaccard(ulong a, ulong b)
    {
        var union = BitOperations.PopCount(a | b);
        return union == 0 ? 0 : (double)BitOperations.PopCount(a & b) / union;
    }

    /// <summary>
    /// Plates found in vehicle descriptions, packed: up to 10 characters of 6 bits each and the
    /// length in the top 4 bits. A plate is a word of 5 to 8 letters and digits with at least
    /// one of each, once hyphens are dropped ("ABC-1234", "7XYZ123"). Returns how many were written.
    /// </summary>
    public static int Plates(IReadOnlyList<string> vehicles, Span<ulong> destination)
    {
        var count = 0;
        foreach (var vehicle in vehicles)
        {
            var text = vehicle.AsSpan();
            var i = 0;
            while (i < text.Length && count < destination.Length)
            {
                while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is ',' or ';' or ':' or '(' or ')' or '#'))
                {
                    i++;
                }
                ulong packed = 0;
                int length = 0, letters = 0, digits = 0;
                var valid = true;
                while (i < text.Length && !(char.IsWhiteSpace(text[i]) || text[i] is ',' or ';' or ':' or '(' or ')' or '#'))
                {
                    var c = char.ToUpperInvariant(text[i++]);
                    if (c == '-')
                    {
                        continue;
                    }
                    int code;
                    if (c is >= '0' and <= '9')
                    {
                        code = c - '0' + 1;
                        digits++;
                    }
                    else if (c is >= 'A' and <= 'Z')
                    {
                        code = c - 'A' + 11;
                        letters++;
                    }
                    else
                    {
                        valid = false;
                        continue;
                    }
                    if (length < 10)
                    {
                        packed |= (ulong)code << (6 * length);
                    }
                    length++;
                }
                if (valid && length is >= 5 and <= 8 && letters > 0 && digits > 0)
                {
                    destination[count++] = packed | ((ulong)length << 60);
                }
            }
        }
        return count;
    }

    /// <summary>Number of differing characters of two packed plates of equal length, or -1 when the lengths differ.</summary>
    public static int PlateMismatches(ulong a, ulong b)
    {
        if (a >> 60 != b >> 60)
        {
            return -1;
        }
        var length = (int)(a >> 60);
        var mismatches = 0;
        for (var i = 0; i < length; i++)
        {
            if (((a >> (6 * i)) & 63) != ((b >> (6 * i)) & 63))
            {
                mismatches++;
            }
        }
        return mismatches;
    }

    /// <summary>32-bit FNV-1a of a string (ordinal, case-insensitive ASCII), 0 reserved for "none".</summary>
    public static uint Hash32(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ char.ToUpperInvariant(c)) * 16777619u;
        }
        return hash == 0 ? 1 : hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        // SplitMix64 finalizer.
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
