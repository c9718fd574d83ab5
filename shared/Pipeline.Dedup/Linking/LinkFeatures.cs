using System.Collections.Frozen;

namespace Pipeline.Dedup.Linking;

/// <summary>The features that <see cref="ReportComparer"/> compares for a pair of reports.</summary>
public enum LinkFeature
{
    /// <summary>Great-circle distance between the two reports' coordinates.</summary>
    Distance,

    /// <summary>Gap between the two reports' <c>OccurredAt</c> times, with a level for whole-hour (time-zone) offsets.</summary>
    TimeGap,

    /// <summary>Similarity of the narratives: MinHash estimate of shingle containment.</summary>
    Narrative,

    /// <summary>CAD call type against ISE-SAR behavior category compatibility.</summary>
    Category,

    /// <summary>Agreement of vehicle plates (normalized alphanumerics), when both reports have one.</summary>
    Plates,

    /// <summary>Agreement of subject descriptors, when both reports have one.</summary>
    Subjects,
}

/// <summary>Whether a feature's level is evidence for a link, against it, or none.</summary>
public enum FeatureAgreement
{
    /// <summary>The level was unknown (a value missing on either side): no evidence.</summary>
    Unknown,

    /// <summary>The level is evidence for a link (m greater than u: a positive weight).</summary>
    Agreed,

    /// <summary>The level is evidence against a link (m at most u: a zero or negative weight).</summary>
    Disagreed,
}

/// <summary>The three bands that two thresholds cut the match weight into.</summary>
public enum LinkBand
{
    /// <summary>Below the review threshold: not linked.</summary>
    NoLink,

    /// <summary>Between the two thresholds: shown to the analyst as a possible duplicate.</summary>
    PossibleDuplicate,

    /// <summary>At or above the link threshold: linked automatically.</summary>
    Link,
}

/// <summary>One feature's part in a link decision.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Level">The level's name, for example "Under50Meters" (see <see cref="LinkFeatures.LevelNames"/>).</param>
/// <param name="Agreement">Whether the level agreed, disagreed or was unknown.</param>
/// <param name="Weight">Its contribution to the match weight, log2(m/u); 0 when unknown.</param>
public sealed record FeatureOutcome(LinkFeature Feature, string Level, FeatureAgreement Agreement, double Weight);

/// <summary>The decision about one candidate pair: the other report, the weight, the band and why.</summary>
/// <param name="OtherKey">Idempotency key of the report already in the window.</param>
/// <param name="Weight">Fellegi-Sunter match weight: the sum of the feature contributions (bits).</param>
/// <param name="Band">Link, possible duplicate or no link.</param>
/// <param name="Features">Every feature with its level, agreement and contribution.</param>
public sealed record LinkDecision(string OtherKey, double Weight, LinkBand Band, IReadOnlyList<FeatureOutcome> Features);

/// <summary>Names of the features and of their comparison levels. Level 0 is "Unknown" for every feature.</summary>
public static class LinkFeatures
{
    /// <summary>Every feature, in order.</summary>
    public static IReadOnlyList<LinkFeature> All { get; } = Enum.GetValues<LinkFeature>();

    /// <summary>Number of features.</summary>
    public const int Count = 6;

    /// <summary>The level that means "a value is missing on either side"; contributes nothing.</summary>
    public const int UnknownLevel = 0;

    /// <summary>Level names per feature, indexed by level; index 0 is "Unknown".</summary>
    public static FrozenDictionary<LinkFeature, IReadOnlyList<string>> LevelNames { get; } = new Dictionary<LinkFeature, IReadOnlyList<string>>
    {
        [LinkFeature.Distance] = ["Unknown", "Under50Meters", "Under250Meters", "Under1Kilometer", "Farther"],
        [LinkFeature.TimeGap] = ["Unknown", "Under15Minutes", "Under1Hour", "WholeHourOffset", "Under6Hours", "Farther"],
        [LinkFeature.Narrative] = ["Unknown", "High", "Medium", "Low", "None"],
        [LinkFeature.Category] = ["Unknown", "SameCallType", "Compatible", "Incompatible"],
        [LinkFeature.Plates] = ["Unknown", "Exact", "OneCharacterOff", "Disagree"],
        [LinkFeature.Subjects] = ["Unknown", "Agree", "Partial", "Disagree"],
    }.ToFrozenDictionary();

    /// <summary>Number of levels of a feature, "Unknown" included.</summary>
    public static int LevelCount(LinkFeature feature) => LevelNames[feature].Count;

    /// <summary>The index of a level by name, or -1.</summary>
    public static int LevelIndex(LinkFeature feature, string name)
    {
        var names = LevelNames[feature];
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
