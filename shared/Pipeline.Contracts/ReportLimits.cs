namespace Pipeline.Contracts;

/// <summary>
/// Size limits of a canonical report's fields. Readers reject records beyond them with a reason,
/// and the Process role checks them again before writing, so that no value can fail a store batch
/// (the SQL Server columns are sized to these limits).
/// </summary>
public static class ReportLimits
{
    /// <summary>Longest feed id.</summary>
    public const int FeedId = 64;

    /// <summary>Longest source record id.</summary>
    public const int SourceRecordId = 128;

    /// <summary>Longest raw address.</summary>
    public const int Address = 1000;

    /// <summary>Longest code-like field: CAD call type, target sector.</summary>
    public const int Code = 100;

    /// <summary>Longest narrative, in characters.</summary>
    public const int Narrative = 65_536;

    /// <summary>The first field of <paramref name="report"/> over its limit, described; null when all fit.</summary>
    public static string? FirstViolation(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Check("feedId", report.FeedId, FeedId)
            ?? Check("sourceRecordId", report.SourceRecordId, SourceRecordId)
            ?? Check("location.rawAddress", report.Location.RawAddress, Address)
            ?? Check("cadCallType", report.CadCallType, Code)
            ?? Check("targetSector", report.TargetSector, Code)
            ?? Check("narrative", report.Narrative, Narrative);
    }

    private static string? Check(string field, string? value, int limit) =>
        value is not null && value.Length > limit ? $"field '{field}' is longer than {limit} characters" : null;
}
