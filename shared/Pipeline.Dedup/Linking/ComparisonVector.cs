namespace Pipeline.Dedup.Linking;

/// <summary>Levels of <see cref="LinkFeature.Distance"/>.</summary>
public enum DistanceLevel : byte
{
    /// <summary>Either report has no coordinates.</summary>
    Unknown,

    /// <summary>Closer than 50 m.</summary>
    Under50Meters,

    /// <summary>From 50 m to 250 m (a block address against an intersection lands here).</summary>
    Under250Meters,

    /// <summary>From 250 m to 1 km.</summary>
    Under1Kilometer,

    /// <summary>1 km or more.</summary>
    Farther,
}

/// <summary>Levels of <see cref="LinkFeature.TimeGap"/>.</summary>
public enum TimeGapLevel : byte
{
    /// <summary>Not used: both reports always have a time.</summary>
    Unknown,

    /// <summary>Less than 15 minutes apart.</summary>
    Under15Minutes,

    /// <summary>From 15 minutes to 1 hour.</summary>
    Under1Hour,

    /// <summary>
    /// From two different feeds, 1 to 12 whole hours apart within <see cref="ReportComparer.HourOffsetTolerance"/>:
    /// what a feed whose clock is off by a time-zone offset produces.
    /// </summary>
    WholeHourOffset,

    /// <summary>From 1 to 6 hours apart, not a whole-hour offset.</summary>
    Under6Hours,

    /// <summary>6 hours or more, not a whole-hour offset.</summary>
    Farther,
}

/// <summary>Levels of <see cref="LinkFeature.Narrative"/> (estimated shingle containment of the smaller set).</summary>
public enum NarrativeLevel : byte
{
    /// <summary>Either narrative has no usable words.</summary>
    Unknown,

    /// <summary>Containment of at least 0.6.</summary>
    High,

    /// <summary>From 0.35 to 0.6.</summary>
    Medium,

    /// <summary>From 0.15 to 0.35.</summary>
    Low,

    /// <summary>Under 0.15.</summary>
    None,
}

/// <summary>Levels of <see cref="LinkFeature.Category"/>.</summary>
public enum CategoryLevel : byte
{
    /// <summary>Either report has no call type and no recognizable behavior.</summary>
    Unknown,

    /// <summary>Two CAD reports with the same call type.</summary>
    SameCallType,

    /// <summary>The behavior categories of the two reports overlap.</summary>
    Compatible,

    /// <summary>Both have categories, and they do not overlap.</summary>
    Incompatible,
}

/// <summary>Levels of <see cref="LinkFeature.Plates"/>.</summary>
public enum PlatesLevel : byte
{
    /// <summary>Either report has no plate.</summary>
    Unknown,

    /// <summary>A plate of one equals a plate of the other.</summary>
    Exact,

    /// <summary>Two plates of equal length differ in one character (a typing or reading error).</summary>
    OneCharacterOff,

    /// <summary>Both have plates, and none match.</summary>
    Disagree,
}

/// <summary>Levels of <see cref="LinkFeature.Subjects"/> (Jaccard of hashed descriptor words).</summary>
public enum SubjectsLevel : byte
{
    /// <summary>Either report has no subject description.</summary>
    Unknown,

    /// <summary>Jaccard of at least 0.6.</summary>
    Agree,

    /// <summary>Jaccard from 0.3 to 0.6.</summary>
    Partial,

    /// <summary>Jaccard under 0.3 (common words such as "male" make some overlap usual).</summary>
    Disagree,
}

/// <summary>The comparison levels of one pair of reports, one per <see cref="LinkFeature"/>.</summary>
/// <param name="Distance">Distance level.</param>
/// <param name="TimeGap">Time gap level.</param>
/// <param name="Narrative">Narrative similarity level.</param>
/// <param name="Category">Call type and category level.</param>
/// <param name="Plates">Vehicle plate level.</param>
/// <param name="Subjects">Subject descriptor level.</param>
public readonly record struct ComparisonVector(
    DistanceLevel Distance,
    TimeGapLevel TimeGap,
    NarrativeLevel Narrative,
    CategoryLevel Category,
    PlatesLevel Plates,
    SubjectsLevel Subjects)
{
    /// <summary>The level of one feature, as its index in <see cref="LinkFeatures.LevelNames"/>.</summary>
    public int this[LinkFeature feature] => feature switch
    {
        LinkFeature.Distance => (int)Distance,
        LinkFeature.TimeGap => (int)TimeGap,
        LinkFeature.Narrative => (int)Narrative,
        LinkFeature.Category => (int)Category,
        LinkFeature.Plates => (int)Plates,
        LinkFeature.Subjects => (int)Subjects,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <summary>The levels packed into one integer (3 bits per feature), for counting identical vectors.</summary>
    public int Pack() =>
        (int)Distance | ((int)TimeGap << 3) | ((int)Narrative << 6) | ((int)Category << 9) | ((int)Plates << 12) | ((int)Subjects << 15);

    /// <summary>The inverse of <see cref="Pack"/>.</summary>
    public static ComparisonVector Unpack(int packed) => new(
        (DistanceLevel)(packed & 7),
        (TimeGapLevel)((packed >> 3) & 7),
        (NarrativeLevel)((packed >> 6) & 7),
        (CategoryLevel)((packed >> 9) & 7),
        (PlatesLevel)((packed >> 12) & 7),
        (SubjectsLevel)((packed >> 15) & 7));

    /// <summary>Builds a vector from level indexes in <see cref="LinkFeature"/> order.</summary>
    public static ComparisonVector FromLevels(ReadOnlySpan<int> levels)
    {
        if (levels.Length != LinkFeatures.Count)
        {
            throw new ArgumentException($"Expected {LinkFeatures.Count} levels.", nameof(levels));
        }
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] < 0 || levels[i] >= LinkFeatures.LevelCount((LinkFeature)i))
            {
                throw new ArgumentOutOfRangeException(nameof(levels), $"Level {levels[i]} is out of range for {(LinkFeature)i}.");
            }
        }
        return new((DistanceLevel)levels[0], (TimeGapLevel)levels[1], (NarrativeLevel)levels[2], (CategoryLevel)levels[3], (PlatesLevel)levels[4], (SubjectsLevel)levels[5]);
    }
}
