using System.Buffers;
using System.Globalization;
using System.Numerics;
using Pipeline.Contracts;
using Pipeline.Scoring.Redaction;

namespace Pipeline.Scoring.Features;

/// <summary>
/// Turns a report into the hashed sparse feature vector the ISE-SAR model scores: word and
/// character n-grams of the redacted narrative, plus structured features.
/// </summary>
/// <remarks>
/// <para>
/// Reads only <see cref="Report.Narrative"/> (through <see cref="NarrativeRedactor"/>),
/// <see cref="Report.Kind"/>, <see cref="Report.CadCallType"/>, <see cref="Report.TargetSector"/>,
/// <see cref="Report.Location"/>'s precision and whether it has an address (never the address
/// text), and <see cref="Report.OccurredAt"/>. Never <see cref="Report.Protected"/>,
/// <see cref="Report.Privacy"/>, ids, the feed or the origin.
/// </para>
/// <para>
/// Text: the narrative is split into words exactly as the redactor splits it; redacted
/// descriptors, placeholders already in the text and protected place terms are dropped from the
/// word sequence, and word n-grams are formed over the words that remain, so a bigram spans the
/// gap ("parked [redacted] near" gives the bigram "parked near", exactly as "parked near" does).
/// That makes the features of a narrative with a descriptor identical to those of the same
/// narrative without it: no n-gram can encode the removed word, not even that a word was removed
/// there (breaking n-grams at the gap instead would leak the gap's position). Character n-grams are taken inside each remaining word,
/// padded with a space at each end, never across words, for the same reason. Text features
/// count occurrences and the text part is L2-normalized as a whole.
/// </para>
/// <para>
/// Structured features, each a one-hot in its own hash namespace with value 1: source kind
/// (SAR/CAD); CAD call type and target sector (trimmed, case-insensitive, a "missing" value when
/// absent); location type, from <see cref="LocationPrecision"/> grouped as unknown, point
/// (source fix or address point), street (interpolated), block (intersection or block) or area
/// (postal code or city), crossed with whether a raw address is present; hour of day of
/// <see cref="Report.OccurredAt"/> in UTC, bucketed by <see cref="FeatureOptions.HourBucketHours"/>
/// (reports carry no local offset, so the hour is UTC: the same local hour lands in different
/// buckets across time zones and daylight saving, which a model trained per region absorbs).
/// </para>
/// <para>
/// Hashing is FNV-1a over lower-cased characters with a murmur finalizer, seeded per family and
/// n-gram size, masked to <see cref="FeatureOptions.HashBits"/> bits; collisions are summed, as
/// in any hashing-trick featurizer. No string is built per word or n-gram; word, mark and hit
/// buffers are pooled, so a report allocates only its result. Thread-safe and deterministic
/// across runs, processes and machines (no randomized string hashing is used).
/// </para>
/// </remarks>
public sealed class ReportFeaturizer
{
    private const uint FnvOffset = StableHash.FnvOffset;
    private const uint FnvPrime = StableHash.FnvPrime;
    private const int StructuredCount = 5;

    private static readonly int _classCount = Enum.GetValues<ProtectedClass>().Length;

    private readonly NarrativeRedactor _redactor;
    private readonly uint _mask;
    private readonly int _dimension;

    /// <summary>Creates a featurizer.</summary>
    /// <param name="options">What to extract; the defaults when null.</param>
    /// <param name="redactor">The redactor; <see cref="NarrativeRedactor.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public ReportFeaturizer(FeatureOptions? options = null, NarrativeRedactor? redactor = null)
    {
        Options = options ?? FeatureOptions.Default;
        Options.Validate();
        _redactor = redactor ?? NarrativeRedactor.Default;
        _dimension = Options.Dimension;
        _mask = (uint)_dimension - 1;
    }

    /// <summary>The options this featurizer was built with.</summary>
    public FeatureOptions Options { get; }

    private enum Family
    {
        Word = 1,
        Char = 2,
        SourceKind = 3,
        CadCallType = 4,
        TargetSector = 5,
        LocationType = 6,
        Hour = 7,
    }

    /// <summary>The feature vector of <paramref name="report"/>.</summary>
    public SparseFeatureVector Featurize(Report report) =>
        Featurize(report, static (indices, values, dimension) => new SparseFeatureVector(dimension, indices.ToArray(), values.ToArray()), _dimension);

    /// <summary>
    /// Featurizes <paramref name="report"/> into pooled buffers and hands the entries (indices
    /// strictly increasing) to <paramref name="use"/> before the buffers go back to the pool: the
    /// scorer's path, which allocates no vector.
    /// </summary>
    internal TResult Featurize<TState, TResult>(Report report, FeatureSpanFunc<TState, TResult> use, TState state)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = (report.Narrative ?? "").AsSpan();
        var options = Options;

        var tokenBuffer = ArrayPool<NarrativeToken>.Shared.Rent(NarrativeTokenizer.MaxTokens(text.Length));
        var markBuffer = ArrayPool<TokenMark>.Shared.Rent(tokenBuffer.Length);
        int[]? hitBuffer = null;
        int[]? sortBuffer = null;
        float[]? valueBuffer = null;
        char[]? charBuffer = null;
        try
        {
            var tokens = tokenBuffer.AsSpan(0, NarrativeTokenizer.Tokenize(text, tokenBuffer));
            var marks = markBuffer.AsSpan(0, tokens.Length);
            Span<int> counts = stackalloc int[_classCount];
            _redactor.Scan(text, tokens, marks, counts);

            var (capacity, longest) = HitCapacity(text, tokens);
            var charFamilies = options.CharNgrams ? options.CharNgramMax - options.CharNgramMin + 1 : 0;
            hitBuffer = ArrayPool<int>.Shared.Rent(capacity);
            if (charFamilies > 0)
            {
                charBuffer = ArrayPool<char>.Shared.Rent(longest + 2);
            }

            var hits = CollectTextHits(text, tokens, marks, hitBuffer, owners: null, charBuffer);

            // Count repeated text features, then L2-normalize the text part.
            var hitSpan = hitBuffer.AsSpan(0, hits);
            sortBuffer = ArrayPool<int>.Shared.Rent(hits);
            RadixSort(hitSpan, sortBuffer.AsSpan(0, hits), Options.HashBits);
            valueBuffer = ArrayPool<float>.Shared.Rent(hits + StructuredCount);
            var distinct = 0;
            for (var i = 0; i < hits; i++)
            {
                if (distinct > 0 && hitBuffer[distinct - 1] == hitSpan[i])
                {
                    valueBuffer[distinct - 1]++;
                }
                else
                {
                    hitBuffer[distinct] = hitSpan[i];
                    valueBuffer[distinct++] = 1f;
                }
            }
            var squares = 0.0;
            for (var i = 0; i < distinct; i++)
            {
                squares += (double)valueBuffer[i] * valueBuffer[i];
            }
            if (squares > 0)
            {
                var scale = 1.0 / Math.Sqrt(squares);
                for (var i = 0; i < distinct; i++)
                {
                    valueBuffer[i] = (float)(valueBuffer[i] * scale);
                }
            }

            var total = distinct;
            if (options.Structured)
            {
                total = AddStructured(report, hitBuffer, valueBuffer, total);
            }
            var count = SortStructuredIn(hitBuffer.AsSpan(0, total), valueBuffer.AsSpan(0, total), distinct);
            return use(hitBuffer.AsSpan(0, count), valueBuffer.AsSpan(0, count), state);
        }
        finally
        {
            if (charBuffer is not null)
            {
                ArrayPool<char>.Shared.Return(charBuffer);
            }
            if (valueBuffer is not null)
            {
                ArrayPool<float>.Shared.Return(valueBuffer);
            }
            if (hitBuffer is not null)
            {
                ArrayPool<int>.Shared.Return(hitBuffer);
            }
            if (sortBuffer is not null)
            {
                ArrayPool<int>.Shared.Return(sortBuffer);
            }
            ArrayPool<TokenMark>.Shared.Return(markBuffer);
            ArrayPool<NarrativeToken>.Shared.Return(tokenBuffer);
        }
    }

    /// <summary>How many hits a narrative can produce at most (structured ones included), and its longest word.</summary>
    private (int Capacity, int Longest) HitCapacity(ReadOnlySpan<char> text, ReadOnlySpan<NarrativeToken> tokens)
    {
        var options = Options;
        var longest = 0;
        var wordFamilies = options.WordNgrams ? options.WordNgramMax - options.WordNgramMin + 1 : 0;
        var charFamilies = options.CharNgrams ? options.CharNgramMax - options.CharNgramMin + 1 : 0;
        foreach (var token in tokens)
        {
            longest = Math.Max(longest, token.Length);
        }
        return ((tokens.Length * wordFamilies) + (charFamilies * (text.Length + (2 * tokens.Length))) + StructuredCount, longest);
    }

    /// <summary>
    /// Writes the hashed index of every word and character n-gram of the kept words into
    /// <paramref name="hits"/>; when <paramref name="owners"/> is given, also which words each hit
    /// came from: <c>token * 8 + n</c> for a word n-gram of n words ending at that token, and
    /// <c>token * 8</c> for a character n-gram inside it.
    /// </summary>
    private int CollectTextHits(ReadOnlySpan<char> text, ReadOnlySpan<NarrativeToken> tokens, ReadOnlySpan<TokenMark> marks, int[] hits, int[]? owners, char[]? charBuffer)
    {
        var options = Options;
        var wordFamilies = options.WordNgrams ? options.WordNgramMax - options.WordNgramMin + 1 : 0;
        var charFamilies = options.CharNgrams ? options.CharNgramMax - options.CharNgramMin + 1 : 0;
        var count = 0;
        Span<uint> recent = stackalloc uint[Math.Max(options.WordNgramMax, 1)];
        var kept = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (marks[t] != TokenMark.Kept)
            {
                continue;
            }
            var word = text.Slice(tokens[t].Start, tokens[t].Length);
            if (wordFamilies > 0)
            {
                // recent[k] holds the hash of the k-th previous kept word (0 = this one).
                for (var k = recent.Length - 1; k > 0; k--)
                {
                    recent[k] = recent[k - 1];
                }
                recent[0] = HashChars(FnvOffset, word);
                kept++;
                for (var n = options.WordNgramMin; n <= options.WordNgramMax && n <= kept; n++)
                {
                    var h = Seed(Family.Word, n);
                    for (var k = n - 1; k >= 0; k--)
                    {
                        h = (h ^ recent[k]) * FnvPrime;
                    }
                    if (owners is not null)
                    {
                        owners[count] = (t * 8) + n;
                    }
                    hits[count++] = Index(h);
                }
            }
            if (charFamilies > 0)
            {
                var start = count;
                count = AddCharNgrams(word, charBuffer!, hits, count);
                if (owners is not null)
                {
                    owners.AsSpan(start, count - start).Fill(t * 8);
                }
            }
        }
        return count;
    }

    private int AddCharNgrams(ReadOnlySpan<char> word, char[] buffer, int[] hits, int count)
    {
        var padded = buffer.AsSpan(0, word.Length + 2);
        padded[0] = ' ';
        padded[^1] = ' ';
        for (var i = 0; i < word.Length; i++)
        {
            padded[i + 1] = Fold(word[i]);
        }
        for (var n = Options.CharNgramMin; n <= Options.CharNgramMax && n <= padded.Length; n++)
        {
            var seed = Seed(Family.Char, n);
            for (var start = 0; start + n <= padded.Length; start++)
            {
                var h = seed;
                foreach (var c in padded.Slice(start, n))
                {
                    h = (h ^ c) * FnvPrime;
                }
                hits[count++] = Index(h);
            }
        }
        return count;
    }

    private int AddStructured(Report report, int[] indices, float[] values, int count)
    {
        Span<int> structured = stackalloc int[StructuredCount];
        StructuredIndices(report, structured);
        foreach (var index in structured)
        {
            indices[count] = index;
            values[count++] = 1f;
        }
        return count;
    }

    /// <summary>The indices of the structured features, in <see cref="StructuredNames"/>' order.</summary>
    private void StructuredIndices(Report report, Span<int> indices)
    {
        indices[0] = Index(HashInt(Family.SourceKind, (int)report.Kind));
        indices[1] = Index(HashChars(Seed(Family.CadCallType, 0), report.CadCallType.AsSpan().Trim()));
        indices[2] = Index(HashChars(Seed(Family.TargetSector, 0), report.TargetSector.AsSpan().Trim()));
        indices[3] = Index(HashInt(Family.LocationType, LocationTypeOf(report)));
        indices[4] = Index(HashInt(Family.Hour, report.OccurredAt.UtcDateTime.Hour / Options.HourBucketHours));
    }

    private static int LocationTypeOf(Report report)
    {
        var location = report.Location ?? ReportLocation.Unknown;
        return (LocationType(location.Precision) * 2) + (string.IsNullOrWhiteSpace(location.RawAddress) ? 0 : 1);
    }

    /// <summary>The structured features' names, as an analyst reads them, in <see cref="StructuredIndices"/>' order.</summary>
    private string[] StructuredNames(Report report)
    {
        static string Quoted(string? value) => string.IsNullOrWhiteSpace(value) ? "(none)" : $"\"{value.Trim().ToUpperInvariant()}\"";
        string[] locationTypes = ["unknown", "point", "street", "block", "area"];
        var locationType = LocationTypeOf(report);
        var bucket = report.OccurredAt.UtcDateTime.Hour / Options.HourBucketHours;
        var from = bucket * Options.HourBucketHours;
        return
        [
            $"kind:{report.Kind}",
            $"call-type:{Quoted(report.CadCallType)}",
            $"target-sector:{Quoted(report.TargetSector)}",
            $"location-type:{locationTypes[locationType / 2]}{(locationType % 2 == 1 ? ", with address" : "")}",
            string.Create(CultureInfo.InvariantCulture, $"hour:{from:00}:00-{from + Options.HourBucketHours - 1:00}:59 UTC"),
        ];
    }

    /// <summary>
    /// Every feature hit of <paramref name="report"/> with the name an analyst reads: a word's
    /// unigram and its character n-grams are named by the word (<c>narrative:"binoculars"</c>),
    /// a word n-gram by its words (<c>narrative:"taking notes"</c>), structured features by what
    /// they are (<c>call-type:"TRESPASS"</c>). Each text hit carries the text part's normalization
    /// and each structured hit 1, so Σ weight[index]·value over the hits equals the dot product of
    /// the weights with <see cref="Featurize"/>'s vector, collisions included: grouping the hits by
    /// name splits a linear model's log-odds exactly. Not on the hot path: it builds strings.
    /// </summary>
    public IReadOnlyList<NamedFeatureHit> Explain(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = (report.Narrative ?? "").AsSpan();
        var tokens = new NarrativeToken[NarrativeTokenizer.MaxTokens(text.Length)];
        tokens = tokens[..NarrativeTokenizer.Tokenize(text, tokens)];
        var marks = new TokenMark[tokens.Length];
        Span<int> counts = stackalloc int[_classCount];
        _redactor.Scan(text, tokens, marks, counts);
        var (capacity, longest) = HitCapacity(text, tokens);
        var hits = new int[capacity];
        var owners = new int[capacity];
        var total = CollectTextHits(text, tokens, marks, hits, owners, new char[longest + 2]);

        var result = new List<NamedFeatureHit>(total + StructuredCount);
        if (total > 0)
        {
            // Σ count² over the distinct indices: sorted, equal indices are runs.
            var sorted = hits.AsSpan(0, total).ToArray();
            RadixSort(sorted, new int[total], Options.HashBits);
            var squares = 0.0;
            for (var start = 0; start < total;)
            {
                var end = start + 1;
                while (end < total && sorted[end] == sorted[start])
                {
                    end++;
                }
                squares += (double)(end - start) * (end - start);
                start = end;
            }
            var value = (float)(1.0 / Math.Sqrt(squares));
            var keptBefore = new int[tokens.Length + 1];
            var kept = new List<int>();
            for (var t = 0; t < tokens.Length; t++)
            {
                if (marks[t] == TokenMark.Kept)
                {
                    kept.Add(t);
                }
                keptBefore[t + 1] = kept.Count;
            }
            var names = new Dictionary<int, string>();
            for (var i = 0; i < total; i++)
            {
                var owner = owners[i];
                if (!names.TryGetValue(owner, out var name))
                {
                    var (token, n) = (owner / 8, Math.Max(1, owner % 8));
                    var last = keptBefore[token + 1] - 1;
                    var words = new string[n];
                    for (var k = 0; k < n; k++)
                    {
                        var word = tokens[kept[last - n + 1 + k]];
                        words[k] = new string(text.Slice(word.Start, word.Length)).ToLowerInvariant().Replace('\u2019', '\'');
                    }
                    name = $"narrative:\"{string.Join(' ', words)}\"";
                    names[owner] = name;
                }
                result.Add(new NamedFeatureHit(name, hits[i], value));
            }
        }
        if (Options.Structured)
        {
            Span<int> structured = stackalloc int[StructuredCount];
            StructuredIndices(report, structured);
            var structuredNames = StructuredNames(report);
            for (var i = 0; i < StructuredCount; i++)
            {
                result.Add(new NamedFeatureHit(structuredNames[i], structured[i], 1f));
            }
        }
        return result;
    }

    /// <summary>Groups precisions into location types: 0 unknown, 1 point, 2 street, 3 block, 4 area.</summary>
    private static int LocationType(LocationPrecision precision) => precision switch
    {
        LocationPrecision.Source or LocationPrecision.AddressPoint => 1,
        LocationPrecision.Interpolated => 2,
        LocationPrecision.Intersection or LocationPrecision.Block => 3,
        LocationPrecision.PostalCode or LocationPrecision.City => 4,
        _ => 0,
    };

    /// <summary>
    /// Sorts non-negative keys below 2^<paramref name="bits"/> in place: a least-significant-digit
    /// radix sort in passes of up to 11 bits, several times faster than a comparison sort on the
    /// few hundred to few thousand hashed hits of a narrative.
    /// </summary>
    internal static void RadixSort(Span<int> keys, Span<int> scratch, int bits)
    {
        if (keys.Length < 2)
        {
            return;
        }
        var passes = (bits + 10) / 11;
        var width = (bits + passes - 1) / passes;
        var mask = (1 << width) - 1;
        Span<int> counts = stackalloc int[1 << width];
        var source = keys;
        var target = scratch;
        for (var pass = 0; pass < passes; pass++)
        {
            var shift = pass * width;
            counts.Clear();
            foreach (var key in source)
            {
                counts[(key >> shift) & mask]++;
            }
            var total = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                (counts[d], total) = (total, total + counts[d]);
            }
            foreach (var key in source)
            {
                target[counts[(key >> shift) & mask]++] = key;
            }
            var swap = source;
            source = target;
            target = swap;
        }
        if (passes % 2 == 1)
        {
            source.CopyTo(keys);
        }
    }

    /// <summary>Sorts the structured entries in after the sorted text entries and sums duplicates; returns the entry count.</summary>
    private static int SortStructuredIn(Span<int> indices, Span<float> values, int sortedPrefix)
    {
        // Structured entries were appended after the sorted text entries and may collide with
        // them or with each other: insert each in place (a handful into a sorted run), then sum
        // duplicates.
        for (var i = sortedPrefix; i < indices.Length; i++)
        {
            var (index, value) = (indices[i], values[i]);
            var j = i - 1;
            for (; j >= 0 && indices[j] > index; j--)
            {
                indices[j + 1] = indices[j];
                values[j + 1] = values[j];
            }
            indices[j + 1] = index;
            values[j + 1] = value;
        }
        var unique = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if (unique > 0 && indices[unique - 1] == indices[i])
            {
                values[unique - 1] += values[i];
            }
            else
            {
                indices[unique] = indices[i];
                values[unique++] = values[i];
            }
        }
        return unique;
    }

    // Mixed first: FNV's low bits are weak, and the mask keeps only low bits.
    private int Index(uint hash) => (int)(StableHash.Mix(hash) & _mask);

    private static uint Seed(Family family, int n) =>
        BitOperations.RotateLeft(FnvOffset ^ ((uint)family * 0x9E3779B9u), n * 5) ^ (uint)n;

    private static uint HashInt(Family family, int value) =>
        (Seed(family, 0) ^ (uint)value) * FnvPrime;

    private static uint HashChars(uint seed, ReadOnlySpan<char> chars)
    {
        var h = seed;
        foreach (var c in chars)
        {
            h = (h ^ Fold(c)) * FnvPrime;
        }
        return h;
    }

    // Lower case, and one apostrophe for both spellings ("didn't", "didn’t").
    private static char Fold(char c) => c == '\u2019' ? '\'' : char.ToLowerInvariant(c);
}

/// <summary>One feature hit of a report, named for an analyst (see <see cref="ReportFeaturizer.Explain"/>).</summary>
/// <param name="Name">What was seen, prefixed with where: <c>narrative:"taking notes"</c>, <c>call-type:"TRESPASS"</c>.</param>
/// <param name="Index">The hashed feature index.</param>
/// <param name="Value">The hit's share of the feature's value.</param>
public readonly record struct NamedFeatureHit(string Name, int Index, float Value);

/// <summary>Uses a report's feature entries while they are in the featurizer's pooled buffers.</summary>
/// <typeparam name="TState">What the function needs besides the entries.</typeparam>
/// <typeparam name="TResult">What it returns.</typeparam>
internal delegate TResult FeatureSpanFunc<in TState, out TResult>(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, TState state);
