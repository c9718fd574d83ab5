using Pipeline.Contracts;

namespace Pipeline.Feeds;

/// <summary>The record formats the Ingest role can read today.</summary>
public enum FeedFormat
{
    /// <summary>One JSON SAR object per message (see docs/feeds.md).</summary>
    SarJson,

    /// <summary>One JSON CAD call-for-service object per message, Seattle open-data style column names.</summary>
    CadJson,
}

/// <summary>One configured feed, bound from "Feeds:&lt;index&gt;".</summary>
public sealed class FeedOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Feeds";

    /// <summary>Feed id: lower-case letters, digits and dashes; names the raw and dead-letter topics.</summary>
    public string Id { get; set; } = "";

    /// <summary>Record format.</summary>
    public FeedFormat Format { get; set; }

    /// <summary>IANA time zone of local times in the source (CAD systems record local time).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Records larger than this are dead-lettered unread.</summary>
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>The kind of report the feed carries.</summary>
    public ReportKind Kind => Format == FeedFormat.CadJson ? ReportKind.Cad : ReportKind.Sar;

    /// <summary>The feeds a first run uses when none are configured: one SAR and one CAD feed.</summary>
    public static IReadOnlyList<FeedOptions> Defaults { get; } =
    [
        new() { Id = "demo-sar", Format = FeedFormat.SarJson },
        new() { Id = "demo-cad", Format = FeedFormat.CadJson, TimeZone = "America/Los_Angeles" },
    ];

    /// <summary>Checks the options; returns problems naming the configuration path.</summary>
    public IEnumerable<string> Validate(string path)
    {
        if (string.IsNullOrEmpty(Id) || Id.Length > ReportLimits.FeedId || !Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            yield return $"{path}:Id must be 1 to {ReportLimits.FeedId} lower-case letters, digits and dashes";
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{path}:TimeZone '{TimeZone}' is not a known IANA time zone";
        }
        if (MaxRecordBytes < 1024)
        {
            yield return $"{path}:MaxRecordBytes must be at least 1024";
        }
    }
}
