namespace Pipeline.Observability;

/// <summary>
/// An immutable copy of one measurement's tags: the key of a series. Built once per new tag set;
/// measurements for a tag set already seen are matched against it without allocating.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([], 0);

    private readonly KeyValuePair<string, object?>[] _tags;

    private TagSet(KeyValuePair<string, object?>[] tags, int hash)
    {
        _tags = tags;
        Hash = hash;
    }

    public int Hash { get; }

    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var copy = tags.ToArray();
        Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSet(copy, ComputeHash(tags));
    }

    /// <summary>
    /// Order-independent, so the same tags passed in another order reach the same series
    /// (Prometheus label sets are unordered).
    /// </summary>
    public static int ComputeHash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = 0;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
    {
        if (other.Length != _tags.Length)
        {
            return false;
        }

        // Callers almost always pass tags in the same order every time, so try that first.
        var sameOrder = true;
        for (var i = 0; i < _tags.Length; i++)
        {
            if (!SameTag(_tags[i], other[i]))
            {
                sameOrder = false;
                break;
            }
        }

        return sameOrder || (ContainsAll(_tags, other) && ContainsAll(other, _tags));
    }

    private static bool ContainsAll(ReadOnlySpan<KeyValuePair<string, object?>> haystack, ReadOnlySpan<KeyValuePair<string, object?>> needles)
    {
        foreach (var needle in needles)
        {
            var found = false;
            foreach (var candidate in haystack)
            {
                if (SameTag(candidate, needle))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameTag(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal) && Equals(a.Value, b.Value);
}

/// <summary>
/// Lets a series dictionary be probed with the listener's tag span directly (no key allocation).
/// </summary>
internal sealed class TagSetComparer :
    IEqualityComparer<TagSet>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && x.Matches(y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.ComputeHash(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);
}
