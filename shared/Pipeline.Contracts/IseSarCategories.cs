using System.Collections.Frozen;

namespace Pipeline.Contracts;

/// <summary>
/// The sixteen behavior categories of the ISE-SAR Functional Standard v1.5.5 (2015), in the
/// standard's order: the one place the pipeline reads codes, names, groups and definitions from.
/// </summary>
/// <remarks>
/// Definitions are paraphrases written for the watch desk, not quotations; the standard itself is
/// authoritative. Every category carries the standard's qualifier that the behavior must be such
/// that it would arouse suspicion of terrorism or other criminality in a reasonable person.
/// </remarks>
public static class IseSarCategories
{
    /// <summary>Breach/Attempted Intrusion (group A).</summary>
    public const string Intrusion = "INTRSN";

    /// <summary>Misrepresentation (group A).</summary>
    public const string Misrepresentation = "MISREP";

    /// <summary>Theft/Loss/Diversion (group A).</summary>
    public const string Theft = "THEFT";

    /// <summary>Sabotage/Tampering/Vandalism (group A).</summary>
    public const string Sabotage = "SABOT";

    /// <summary>Cyberattack (group A).</summary>
    public const string Cyberattack = "CYBER";

    /// <summary>Expressed or Implied Threat (group A).</summary>
    public const string Threat = "THREAT";

    /// <summary>Aviation Activity (group A).</summary>
    public const string Aviation = "AVIATION";

    /// <summary>Eliciting Information (group B).</summary>
    public const string Eliciting = "ELICIT";

    /// <summary>Testing or Probing of Security (group B).</summary>
    public const string TestingSecurity = "TESTSEC";

    /// <summary>Recruiting/Financing (group B).</summary>
    public const string Recruiting = "RECRUT";

    /// <summary>Photography (group B).</summary>
    public const string Photography = "PHOTO";

    /// <summary>Observation/Surveillance (group B).</summary>
    public const string Surveillance = "SURVL";

    /// <summary>Materials Acquisition/Storage (group B).</summary>
    public const string Materials = "MATRLS";

    /// <summary>Acquisition of Expertise (group B).</summary>
    public const string Expertise = "EXPERT";

    /// <summary>Weapons Collection/Discovery (group B).</summary>
    public const string Weapons = "WPNS";

    /// <summary>Sector-Specific Incident (group B).</summary>
    public const string SectorSpecific = "SECTOR";

    /// <summary>All sixteen categories: group A first, then group B, each in the standard's order.</summary>
    public static IReadOnlyList<IseSarCategory> All { get; } =
    [
        new(Intrusion, "Breach/Attempted Intrusion", IseSarGroup.A,
            "Entering, or trying to enter, a restricted, secured or non-public area without authorization, including by impersonating authorized staff."),
        new(Misrepresentation, "Misrepresentation", IseSarGroup.A,
            "Presenting false information or misusing documents, identification, uniforms or insignia to misstate one's affiliation and conceal possibly illegal activity."),
        new(Theft, "Theft/Loss/Diversion", IseSarGroup.A,
            "Stealing or diverting items that belong to a facility or protected site, such as badges, uniforms, identification, vehicles, technology or documents."),
        new(Sabotage, "Sabotage/Tampering/Vandalism", IseSarGroup.A,
            "Damaging, manipulating, defacing or destroying any part of a facility, infrastructure or protected site."),
        new(Cyberattack, "Cyberattack", IseSarGroup.A,
            "Compromising, or attempting to compromise or disrupt, an organization's information technology infrastructure."),
        new(Threat, "Expressed or Implied Threat", IseSarGroup.A,
            "Communicating, in speech or writing, a threat to commit a crime that would kill or injure people or damage or compromise a facility or protected site."),
        new(Aviation, "Aviation Activity", IseSarGroup.A,
            "Operating, learning to operate, or interfering with an aircraft, including unmanned aircraft, in a way that threatens people or property and would make a reasonable person suspect criminality."),
        new(Eliciting, "Eliciting Information", IseSarGroup.B,
            "Questioning people or otherwise seeking information about a facility's purpose, operations or security beyond mere curiosity."),
        new(TestingSecurity, "Testing or Probing of Security", IseSarGroup.B,
            "Deliberately interacting with or challenging installations, personnel or systems in a way that reveals their physical, personnel or cyber security capabilities."),
        new(Recruiting, "Recruiting/Financing", IseSarGroup.B,
            "Building operational teams and contacts, providing them direct financial support, or compiling personal, banking or travel data about people."),
        new(Photography, "Photography", IseSarGroup.B,
            "Taking pictures or video of people, facilities or infrastructure in an unusual or covert way, such as of little-used access points or security measures."),
        new(Surveillance, "Observation/Surveillance", IseSarGroup.B,
            "Showing unusual or prolonged interest in facilities or infrastructure beyond casual or professional interest, such as watching through binoculars, taking notes or sketching."),
        new(Materials, "Materials Acquisition/Storage", IseSarGroup.B,
            "Acquiring or storing unusual quantities of materials such as phones, fuel, chemicals, toxic materials, timers or other triggering devices."),
        new(Expertise, "Acquisition of Expertise", IseSarGroup.B,
            "Seeking training or knowledge in security concepts, military weapons or tactics, or other unusual capabilities."),
        new(Weapons, "Weapons Collection/Discovery", IseSarGroup.B,
            "Collecting or discovering unusual amounts or types of weapons, explosives or other destructive materials, or traces of them such as residue, detonations, wounds or chemical burns."),
        new(SectorSpecific, "Sector-Specific Incident", IseSarGroup.B,
            "Activity of unique concern to a particular infrastructure sector, such as public health, involving that sector's personnel, facilities, systems or functions."),
    ];

    private static readonly FrozenDictionary<string, int> _indexByCode = All
        .Select((category, index) => (category.Code, index))
        .ToFrozenDictionary(pair => pair.Code, pair => pair.index, StringComparer.OrdinalIgnoreCase);

    /// <summary>The category with this code (case-insensitive), or null when the code is not one of the sixteen.</summary>
    /// <param name="code">A NIEM <c>sar</c> category code, for example "PHOTO".</param>
    public static IseSarCategory? Find(string? code) =>
        code is not null && _indexByCode.TryGetValue(code, out var index) ? All[index] : null;

    /// <summary>Position of the category in <see cref="All"/>, or -1 for an unknown code.</summary>
    public static int IndexOf(string code) =>
        _indexByCode.TryGetValue(code, out var index) ? index : -1;
}
