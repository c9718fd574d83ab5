namespace Pipeline.Scoring.Redaction;

/// <summary>A narrative with its protected descriptors replaced by <see cref="NarrativeRedactor.Placeholder"/>.</summary>
/// <param name="Text">The redacted text; the original text itself when nothing was removed.</param>
/// <param name="Removed">How many descriptors were removed, per protected class (classes with none are absent).</param>
public sealed record RedactedNarrative(string Text, IReadOnlyDictionary<ProtectedClass, int> Removed)
{
    /// <summary>Total descriptors removed; a descriptor of several classes ("W/M") counts once.</summary>
    public int DescriptorCount { get; init; }
}
