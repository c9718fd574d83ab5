namespace Pipeline.Scoring.Features;

/// <summary>
/// What <see cref="ReportFeaturizer"/> extracts. Part of a trained model's identity: a model must
/// be scored with the options it was trained with (record equality compares them).
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>Smallest word n-gram, in words (default 1: unigrams).</summary>
    public int WordNgramMin { get; init; } = 1;

    /// <summary>Largest word n-gram, in words (default 2: bigrams).</summary>
    public int WordNgramMax { get; init; } = 2;

    /// <summary>Smallest character n-gram, in characters (default 3).</summary>
    public int CharNgramMin { get; init; } = 3;

    /// <summary>Largest character n-gram, in characters (default 5).</summary>
    public int CharNgramMax { get; init; } = 5;

    /// <summary>The feature space has 2^HashBits dimensions (default 18); 10 to 28.</summary>
    public int HashBits { get; init; } = 18;

    /// <summary>Whether word n-grams of the redacted narrative are features.</summary>
    public bool WordNgrams { get; init; } = true;

    /// <summary>Whether character n-grams of the redacted narrative's words are features.</summary>
    public bool CharNgrams { get; init; } = true;

    /// <summary>Whether the structured features (call type, sector, location type, hour, source kind) are features.</summary>
    public bool Structured { get; init; } = true;

    /// <summary>Width of the hour-of-day buckets, in hours of UTC (default 1: 24 buckets); divides 24.</summary>
    public int HourBucketHours { get; init; } = 1;

    /// <summary>Number of dimensions of the feature space.</summary>
    public int Dimension => 1 << HashBits;

    /// <summary>The defaults.</summary>
    public static FeatureOptions Default { get; } = new();

    /// <summary>Throws when the options are out of range.</summary>
    /// <exception cref="ArgumentException">A size, the hash bits or the bucket width is out of range.</exception>
    public void Validate()
    {
        Check(WordNgramMin >= 1 && WordNgramMax >= WordNgramMin && WordNgramMax <= 5, "WordNgramMin..WordNgramMax must lie within 1..5");
        Check(CharNgramMin >= 1 && CharNgramMax >= CharNgramMin && CharNgramMax <= 10, "CharNgramMin..CharNgramMax must lie within 1..10");
        Check(HashBits is >= 10 and <= 28, "HashBits must lie within 10..28");
        Check(HourBucketHours is >= 1 and <= 24 && 24 % HourBucketHours == 0, "HourBucketHours must divide 24");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"FeatureOptions: {message}");
        }
    }
}
