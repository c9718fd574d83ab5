using Pipeline.Contracts;

namespace Pipeline.Storage;

/// <summary>
/// A write with its JSON columns already serialized: the version's content, jurisdictions,
/// privacy fields, protected attributes, scores, explanation and lineage. The Process role
/// prepares each write on the core that links and scores, so that the store's thread, the
/// pipeline's critical path, only binds and inserts (<see cref="PipelineStore.WriteStreamAsync"/>).
/// </summary>
public sealed class PreparedWrite
{
    private PreparedWrite(ReportWrite write)
    {
        var report = write.Report;
        Write = write;
        // The version row's content is the Summary part only: privacy fields and protected
        // attributes never enter the history.
        var summary = report with { Privacy = PrivacyFields.None, Protected = ProtectedAttributes.None };
        VersionContent = System.Text.Encoding.UTF8.GetString(ContractSerializer.Serialize(summary));
        Jurisdictions = report.Location.Jurisdictions is { Count: > 0 } jurisdictions ? StoreJson.WriteStrings(jurisdictions) : null;
        if (!report.Privacy.IsEmpty)
        {
            PrivacySubjects = StoreJson.WriteStrings(report.Privacy.Subjects);
            PrivacyVehicles = StoreJson.WriteStrings(report.Privacy.Vehicles);
            PrivacyOther = report.Privacy.Other.Count == 0 ? null : StoreJson.WriteAttributes(report.Privacy.Other);
        }
        ProtectedValues = report.Protected.Values.Count > 0 ? StoreJson.WriteAttributes(report.Protected.Values) : null;
        DecisionScores = write.Decision is { } decision ? StoreJson.WriteScores(decision.Scores) : null;
        if (write.Alert is { } alert)
        {
            // The decider hands the alert the decision's own score list: serialized once.
            AlertScores = DecisionScores is not null && ReferenceEquals(alert.Scores, write.Decision!.Scores) ? DecisionScores : StoreJson.WriteScores(alert.Scores);
            AlertExplanation = alert.Explanation is { } explanation ? EvidenceJson.Write(explanation) : null;
        }
        Lineage = write.Lineage.Count > 0 ? LineageJson.Write(write.Lineage) : null;
    }

    /// <summary>The write itself.</summary>
    public ReportWrite Write { get; }

    internal string VersionContent { get; }

    internal string? Jurisdictions { get; }

    /// <summary>True when the report carries privacy fields (a report_privacy row).</summary>
    internal bool HasPrivacy => PrivacySubjects is not null;

    internal string? PrivacySubjects { get; }

    internal string? PrivacyVehicles { get; }

    internal string? PrivacyOther { get; }

    internal string? ProtectedValues { get; }

    internal string? DecisionScores { get; }

    internal string? AlertScores { get; }

    internal string? AlertExplanation { get; }

    /// <summary>The pass's events as they came (null when none); the store serializes them again only when it appends an outcome.</summary>
    internal string? Lineage { get; }

    /// <summary>Serializes <paramref name="write"/>'s JSON columns now, on the caller's thread.</summary>
    public static PreparedWrite Of(ReportWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Report);
        return new PreparedWrite(write);
    }
}
