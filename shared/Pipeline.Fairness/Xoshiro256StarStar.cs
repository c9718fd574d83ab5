using System.Numerics;

namespace Pipeline.Fairness;

/// <summary>
/// The xoshiro256** generator (Blackman and Vigna): 256 bits of state, 64-bit outputs, small and
/// fast. Seeded through SplitMix64, as its authors advise, so any 64-bit seed gives a usable state.
/// For statistics (the bootstrap), never for security.
/// </summary>
/// <remarks>A mutable struct: pass it by <c>ref</c>, or draws are made on a copy.</remarks>
internal struct Xoshiro256StarStar
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator whose state is four SplitMix64 outputs from <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>
    /// The generator of stream <paramref name="stream"/> under <paramref name="seed"/>: its SplitMix64
    /// state is the seed in the high 32 bits and the stream in the low 32, so every (seed, stream)
    /// pair starts from its own state and no two streams of a seed share a SplitMix64 output.
    /// </summary>
    public static Xoshiro256StarStar ForStream(int seed, int stream) =>
        new(((ulong)(uint)seed << 32) | (uint)stream);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>One SplitMix64 step: advance the state by the golden gamma and mix it.</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        state += Golden;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
