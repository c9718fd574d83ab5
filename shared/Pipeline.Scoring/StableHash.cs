namespace Pipeline.Scoring;

/// <summary>
/// The hashing the featurizer and the trainer share: FNV-1a over characters and murmur3's fmix32
/// finalizer. Stable across runs, processes and machines (unlike <see cref="string.GetHashCode()"/>).
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a's offset basis.</summary>
    public const uint FnvOffset = 2166136261;

    /// <summary>FNV-1a's prime.</summary>
    public const uint FnvPrime = 16777619;

    /// <summary>murmur3's fmix32: spreads every input bit over the output (FNV's low bits are weak).</summary>
    public static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
