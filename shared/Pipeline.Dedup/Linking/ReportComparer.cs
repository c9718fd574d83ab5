using Pipeline.Contracts;

namespace Pipeline.Dedup.Linking;

/// <summary>
/// Compares two reports feature by feature and returns the discrete level of each
/// (<see cref="ComparisonVector"/>). Levels, thresholds and their reasons are in docs/dedup.md.
/// </summary>
public static class ReportComparer
{
    /// <summary>How far from a whole number of hours a gap may be and still count as a clock offset.</summary>
    public static readonly TimeSpan HourOffsetTolerance = TimeSpan.FromMinutes(10);

    /// <summary>Largest clock offset considered, in whole hours (time zones span ±12 h).</summary>
    public const int MaxHourOffset = 12;

    private const double EarthRadiusMeters = 6_371_008.8;
    private const double MetersPerDegree = EarthRadiusMeters * Math.PI / 180;
    private const double NarrativeHigh = 0.6;
    private const double NarrativeMedium = 0.35;
    private const double NarrativeLow = 0.15;
    private static readonly long _quarterHour = TimeSpan.FromMinutes(15).Ticks;
    private static readonly long _toleranceTicks = HourOffsetTolerance.Ticks;

    /// <summary>Compares two reports (computes both signatures: use the signature overload on hot paths).</summary>
    public static ComparisonVector Compare(Report a, Report b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compare(ReportSignature.Of(a), ReportSignature.Of(b));
    }

    /// <summary>Compares two signatures, correcting known feed clock offsets first.</summary>
    public static ComparisonVector Compare(in ReportSignature a, in ReportSignature b, FeedClockOffsets? clockOffsets = null) =>
        Compare(a, b, clockOffsets, CosLatitude(a));

    /// <summary>Cosine of a signature's latitude, for <see cref="Compare(in ReportSignature, in ReportSignature, FeedClockOffsets?, double)"/>.</summary>
    internal static double CosLatitude(in ReportSignature a) => a.HasLocation ? Math.Cos(a.Latitude * Math.PI / 180) : 1;

    /// <summary>Compares with the cosine of the first report's latitude computed once (pairs are at most a few km apart).</summary>
    internal static ComparisonVector Compare(in ReportSignature a, in ReportSignature b, FeedClockOffsets? clockOffsets, double cosLatitude) => new(
        DistanceOf(a, b, cosLatitude),
        TimeGapOf(a, b, clockOffsets),
        NarrativeOf(a, b),
        CategoryOf(a, b),
        PlatesOf(a, b),
        SubjectsOf(a, b));

    /// <summary>Approximate distance in meters (equirectangular: under 0.1 % error at these ranges), or null without coordinates.</summary>
    public static double? DistanceMeters(in ReportSignature a, in ReportSignature b) =>
        a.HasLocation && b.HasLocation ? Math.Sqrt(SquaredMeters(a, b, CosLatitude(a))) : null;

    /// <summary>Estimated containment of the smaller narrative's word stems in the other's (0 to 1).</summary>
    public static double NarrativeContainment(in ReportSignature a, in ReportSignature b) =>
        TextFeatures.EstimateContainment(TextFeatures.EstimateJaccard(a.MinHash, b.MinHash), a.NarrativeTokenCount, b.NarrativeTokenCount);

    private static double SquaredMeters(in ReportSignature a, in ReportSignature b, double cosLatitude)
    {
        var dy = ((double)a.Latitude - b.Latitude) * MetersPerDegree;
        var dx = ((double)a.Longitude - b.Longitude) * MetersPerDegree * cosLatitude;
        return (dx * dx) + (dy * dy);
    }

    private static DistanceLevel DistanceOf(in ReportSignature a, in ReportSignature b, double cosLatitude)
    {
        if (!a.HasLocation || !b.HasLocation)
        {
            return DistanceLevel.Unknown;
        }
        var squared = SquaredMeters(a, b, cosLatitude);
        return squared switch
        {
            < 50 * 50 => DistanceLevel.Under50Meters,
            < 250 * 250 => DistanceLevel.Under250Meters,
            < 1000 * 1000 => DistanceLevel.Under1Kilometer,
            _ => DistanceLevel.Farther,
        };
    }

    private static TimeGapLevel TimeGapOf(in ReportSignature a, in ReportSignature b, FeedClockOffsets? clockOffsets)
    {
        var difference = a.OccurredAtTicks - b.OccurredAtTicks;
        if (clockOffsets is not null && a.FeedHash != b.FeedHash && clockOffsets.TryGetHours(a.FeedHash, b.FeedHash, out var known))
        {
            difference -= known * TimeSpan.TicksPerHour;
        }
        var gap = Math.Abs(difference);
        if (gap < _quarterHour)
        {
            return TimeGapLevel.Under15Minutes;
        }
        if (gap < TimeSpan.TicksPerHour)
        {
            return TimeGapLevel.Under1Hour;
        }
        if (a.FeedHash != b.FeedHash)
        {
            var hours = (gap + (TimeSpan.TicksPerHour / 2)) / TimeSpan.TicksPerHour;
            if (hours is >= 1 and <= MaxHourOffset && Math.Abs(gap - (hours * TimeSpan.TicksPerHour)) <= _toleranceTicks)
            {
                return TimeGapLevel.WholeHourOffset;
            }
        }
        return gap < 6 * TimeSpan.TicksPerHour ? TimeGapLevel.Under6Hours : TimeGapLevel.Farther;
    }

    private static NarrativeLevel NarrativeOf(in ReportSignature a, in ReportSignature b)
    {
        if (a.NarrativeTokenCount == 0 || b.NarrativeTokenCount == 0)
        {
            return NarrativeLevel.Unknown;
        }
        return NarrativeContainment(a, b) switch
        {
            >= NarrativeHigh => NarrativeLevel.High,
            >= NarrativeMedium => NarrativeLevel.Medium,
            >= NarrativeLow => NarrativeLevel.Low,
            _ => NarrativeLevel.None,
        };
    }

    private static CategoryLevel CategoryOf(in ReportSignature a, in ReportSignature b)
    {
        if (a.CallTypeHash != 0 && a.CallTypeHash == b.CallTypeHash)
        {
            return CategoryLevel.SameCallType;
        }
        if (a.Categories == 0 || b.Categories == 0)
        {
            return CategoryLevel.Unknown;
        }
        return (a.Categories & b.Categories) != 0 ? CategoryLevel.Compatible : CategoryLevel.Incompatible;
    }

    private static PlatesLevel PlatesOf(in ReportSignature a, in ReportSignature b)
    {
        if (a.PlateCount == 0 || b.PlateCount == 0)
        {
            return PlatesLevel.Unknown;
        }
        var best = int.MaxValue;
        for (var i = 0; i < Math.Min((int)a.PlateCount, 2); i++)
        {
            for (var j = 0; j < Math.Min((int)b.PlateCount, 2); j++)
            {
                var mismatches = TextFeatures.PlateMismatches(a.Plate(i), b.Plate(j));
                if (mismatches >= 0 && mismatches < best)
                {
                    best = mismatches;
                }
            }
        }
        return best switch
        {
            0 => PlatesLevel.Exact,
            1 => PlatesLevel.OneCharacterOff,
            _ => PlatesLevel.Disagree,
        };
    }

    private static SubjectsLevel SubjectsOf(in ReportSignature a, in ReportSignature b)
    {
        if (a.SubjectBits == 0 || b.SubjectBits == 0)
        {
            return SubjectsLevel.Unknown;
        }
        return TextFeatures.DescriptorJaccard(a.SubjectBits, b.SubjectBits) switch
        {
            >= 0.6 => SubjectsLevel.Agree,
            >= 0.3 => SubjectsLevel.Partial,
            _ => SubjectsLevel.Disagree,
        };
    }
}
