using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Pipeline.Contracts;

namespace Pipeline.Dedup.Linking;

/// <summary>The 64 8-bit MinHash values of a narrative, stored inline.</summary>
[InlineArray(TextFeatures.MinHashSize)]
internal struct MinHashValues
{
    private byte _element;
}

/// <summary>
/// What near-duplicate linking keeps of a report: computed once per report, compared many
/// times, and small (128 bytes plus the key string: no narrative, address or names; only
/// hashes and a MinHash). Held per report in a <see cref="DedupWindow"/>.
/// </summary>
public readonly struct ReportSignature
{
    private readonly MinHashValues _minHash;
    private readonly ulong _plate0;
    private readonly ulong _plate1;
    private readonly byte _kind;

    private ReportSignature(Report report)
    {
        Key = report.IdempotencyKey;
        OccurredAtTicks = report.OccurredAt.UtcTicks;
        FeedHash = TextFeatures.Hash32(report.FeedId);
        _kind = (byte)report.Kind;
        if (report.Location is { Latitude: { } latitude, Longitude: { } longitude })
        {
            HasLocation = true;
            Latitude = (float)latitude;
            Longitude = (float)longitude;
        }

        Span<ulong> tokens = stackalloc ulong[256];
        var count = TextFeatures.DistinctStems(report.Narrative, tokens, out var keywordCategories);
        NarrativeTokenCount = (byte)Math.Min(count, byte.MaxValue);
        TextFeatures.MinHash(tokens[..count], _minHash);

        CallTypeHash = report.Kind == ReportKind.Cad ? TextFeatures.Hash32(report.CadCallType?.Trim()) : 0;
        var callTypeCategories = BehaviorCategories.OfCallType(report.CadCallType);
        Categories = callTypeCategories != 0 ? callTypeCategories : keywordCategories;

        Span<ulong> plates = stackalloc ulong[2];
        PlateCount = (byte)TextFeatures.Plates(report.Privacy.Vehicles, plates);
        _plate0 = plates[0];
        _plate1 = plates[1];
        SubjectBits = TextFeatures.DescriptorBits(report.Privacy.Subjects);
    }

    /// <summary>The report's idempotency key.</summary>
    public string Key { get; }

    /// <summary>OccurredAt as UTC ticks.</summary>
    public long OccurredAtTicks { get; }

    /// <summary>OccurredAt, UTC.</summary>
    public DateTimeOffset OccurredAt => new(OccurredAtTicks, TimeSpan.Zero);

    /// <summary>Hash of the feed id: whole-hour offsets are only plausible between different feeds.</summary>
    public uint FeedHash { get; }

    /// <summary>SAR or CAD.</summary>
    public ReportKind Kind => (ReportKind)_kind;

    /// <summary>True when the report has coordinates.</summary>
    public bool HasLocation { get; }

    /// <summary>Latitude in degrees (single precision: about 1 m).</summary>
    public float Latitude { get; }

    /// <summary>Longitude in degrees.</summary>
    public float Longitude { get; }

    /// <summary>Distinct narrative word stems (capped at 255); 0 means no usable narrative.</summary>
    public byte NarrativeTokenCount { get; }

    /// <summary>Hash of the CAD call type (0 for SARs and CAD reports without one).</summary>
    public uint CallTypeHash { get; }

    /// <summary>ISE-SAR behavior categories (bits in <see cref="BehaviorCategories.Codes"/> order).</summary>
    public ushort Categories { get; }

    /// <summary>Number of plates found (at most 2 are kept).</summary>
    public byte PlateCount { get; }

    /// <summary>Hashed descriptor words of the subjects (0 when none).</summary>
    public ulong SubjectBits { get; }

    /// <summary>
    /// The fine blocking cell (<see cref="GeoCells.NoLocation"/> without coordinates), from the
    /// single-precision coordinates: a point within about 1 m of a cell edge may fall in the
    /// neighbouring cell, which blocking searches anyway.
    /// </summary>
    public long Cell => HasLocation ? GeoCells.FineCell(Latitude, Longitude) : GeoCells.NoLocation;

    [UnscopedRef]
    internal ReadOnlySpan<byte> MinHash => _minHash;

    internal ulong Plate(int index) => index == 0 ? _plate0 : _plate1;

    /// <summary>Computes the signature of a report.</summary>
    public static ReportSignature Of(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReportSignature(report);
    }
}
