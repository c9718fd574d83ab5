namespace Pipeline.Contracts;

/// <summary>The two vetting groups of the ISE-SAR Functional Standard's behavior categories.</summary>
public enum IseSarGroup
{
    /// <summary>Defined criminal activity and potential terrorism nexus.</summary>
    A,

    /// <summary>
    /// Potential criminal or non-criminal activity requiring additional information during vetting.
    /// Often lawful and constitutionally protected on its own: never grounds for an automatic alert.
    /// </summary>
    B,
}

/// <summary>One behavior category of the ISE-SAR Functional Standard v1.5.5.</summary>
/// <param name="Code">The NIEM <c>sar</c> code, for example "SURVL".</param>
/// <param name="Name">Display name as the standard titles the category.</param>
/// <param name="Group">Vetting group, A or B.</param>
/// <param name="Definition">One sentence paraphrasing the standard's definition.</param>
public sealed record IseSarCategory(string Code, string Name, IseSarGroup Group, string Definition);
