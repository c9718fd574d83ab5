using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>Reports, decisions and alerts to store. Times have millisecond precision so both dialects round-trip them exactly.</summary>
internal static class Sample
{
    public const string Topic = "feeds.cad-metro.raw";
    public const string ModelVersion = "keyword-v3";

    public static readonly DateTimeOffset Start = new(2026, 11, 20, 14, 30, 0, 123, TimeSpan.Zero);

    public static string Key(int n) => $"cad-metro:{n:D5}";

    /// <summary>
    /// A report whose content (narrative, address, subjects...) is unique to <paramref name="n"/>;
    /// it is the only record of its raw message unless <paramref name="origin"/> says otherwise.
    /// </summary>
    public static Report Report(int n, string? key = null, long? offset = null, bool privacy = true, bool protectedAttributes = true, RecordOrigin? origin = null) => new()
    {
        IdempotencyKey = key ?? Key(n),
        FeedId = "cad-metro",
        SourceRecordId = $"E26-{n:D6}",
        Kind = n % 3 == 0 ? ReportKind.Sar : ReportKind.Cad,
        OccurredAt = Start.AddMinutes(-n).ToOffset(TimeSpan.FromHours(-5)),
        ReceivedAt = Start.AddSeconds(n),
        Location = n % 4 == 0
            ? ReportLocation.Unknown
            : new ReportLocation($"{100 + n} BLOCK OF N MAIN ST", 38.9 + (n / 1000.0), -77.03 - (n / 1000.0), LocationPrecision.Block),
        Narrative = $"Narrative {n}: person photographing the substation fence line for a long time.",
        CadCallType = n % 3 == 0 ? null : "SUSP",
        CadPriority = n % 3 == 0 ? null : 2,
        TargetSector = n % 2 == 0 ? "Energy" : null,
        Privacy = privacy
            ? new PrivacyFields([$"Subject {n} Doe, white male 30s"], [$"Grey sedan plate ABC{n:D4}"])
            : PrivacyFields.None,
        Protected = protectedAttributes
            ? new ProtectedAttributes(new Dictionary<string, string> { ["race"] = $"race-code-{n}", ["sex"] = $"sex-code-{n}" })
            : ProtectedAttributes.None,
        Origin = origin ?? new RecordOrigin(Topic, n % 4, offset ?? n),
    };

    public static IReadOnlyList<CategoryScore> Scores(int n) =>
        [new("SURVL", 0.5 + (n % 10 / 20.0)), new("PHOTO", 0.25)];

    public static DecisionRecord Decision(Report report, int n, bool alerted) => new(
        report.IdempotencyKey,
        ModelVersion,
        Scores(n),
        0.5 + (n % 10 / 20.0),
        "SURVL",
        0.6,
        alerted ? DecisionOutcome.Alerted : n % 2 == 0 ? DecisionOutcome.HeldForReview : DecisionOutcome.BelowThreshold,
        alerted ? "raised: priority above threshold" : n % 2 == 0 ? "held: group B only (SURVL) without a criminal predicate" : "not raised",
        Start.AddSeconds(n).AddMilliseconds(250));

    public static Alert Alert(Report report, int n) => new()
    {
        AlertId = "alert:" + report.IdempotencyKey,
        ReportKey = report.IdempotencyKey,
        FeedId = report.FeedId,
        TopCategory = n % 5 == 0 ? "PHOTO" : "SURVL",
        Priority = 0.5 + (n % 10 / 20.0),
        Scores = Scores(n),
        ModelVersion = ModelVersion,
        RaisedAt = Start.AddSeconds(n).AddMilliseconds(300),
    };

    /// <summary>A scored write; every other one raised an alert.</summary>
    public static ReportWrite Write(int n, string? key = null, long? offset = null, bool privacy = true, bool protectedAttributes = true, bool? alert = null, RecordOrigin? origin = null)
    {
        var report = Report(n, key, offset, privacy, protectedAttributes, origin);
        var alerted = alert ?? n % 2 == 0;
        return new ReportWrite(report, $"sha256:{n:x8}", Decision(report, n, alerted), alerted ? Alert(report, n) : null);
    }

    /// <summary>A scored write for record <paramref name="record"/> of the raw message at <paramref name="offset"/> (partition 1).</summary>
    public static ReportWrite RecordOf(long offset, int record, int n) =>
        Write(n, origin: new RecordOrigin(Topic, 1, offset, record));

    public static List<ReportWrite> Writes(int from, int count) => [.. Enumerable.Range(from, count).Select(n => Write(n))];

    /// <summary>The reports-table row a newly stored write must produce.</summary>
    public static StoredReportRow ExpectedRow(ReportWrite write, DateTimeOffset storedAt)
    {
        var r = write.Report;
        return new StoredReportRow(
            r.IdempotencyKey, r.FeedId, r.SourceRecordId, r.Kind,
            r.OccurredAt.ToUniversalTime(), r.ReceivedAt.ToUniversalTime(),
            r.Location.RawAddress, r.Location.Latitude, r.Location.Longitude, r.Location.Precision,
            r.Narrative, r.CadCallType, r.CadPriority, r.TargetSector,
            write.ContentHash, r.SchemaVersion, r.Origin.Topic, r.Origin.Partition, r.Origin.Offset, r.Origin.Record,
            storedAt.ToUniversalTime());
    }
}
