namespace Pipeline.Scoring.Features;

/// <summary>
/// A sparse feature vector: strictly increasing indices below <see cref="Dimension"/>, each with
/// its value. Immutable; equal when dimension, indices and values are all equal.
/// </summary>
public sealed class SparseFeatureVector : IEquatable<SparseFeatureVector>
{
    private readonly int[] _indices;
    private readonly float[] _values;

    internal SparseFeatureVector(int dimension, int[] indices, float[] values)
    {
        Dimension = dimension;
        _indices = indices;
        _values = values;
    }

    /// <summary>Size of the feature space.</summary>
    public int Dimension { get; }

    /// <summary>Number of non-zero entries.</summary>
    public int Count => _indices.Length;

    /// <summary>The indices of the non-zero entries, strictly increasing.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The values, in the order of <see cref="Indices"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The value at <paramref name="index"/>, zero when absent.</summary>
    public float this[int index]
    {
        get
        {
            var at = Array.BinarySearch(_indices, index);
            return at >= 0 ? _values[at] : 0f;
        }
    }

    /// <summary>Dot product with a dense weight vector of length <see cref="Dimension"/>.</summary>
    public double Dot(ReadOnlySpan<double> weights)
    {
        var sum = 0.0;
        for (var i = 0; i < _indices.Length; i++)
        {
            sum += weights[_indices[i]] * _values[i];
        }
        return sum;
    }

    /// <inheritdoc/>
    public bool Equals(SparseFeatureVector? other) =>
        other is not null
        && Dimension == other.Dimension
        && _indices.AsSpan().SequenceEqual(other._indices)
        && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SparseFeatureVector);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Dimension);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_indices.AsSpan()));
        return hash.ToHashCode();
    }

    /// <summary>A short description for test output: the entry count and dimension, no content.</summary>
    public override string ToString() => $"SparseFeatureVector({Count} of {Dimension})";
}
