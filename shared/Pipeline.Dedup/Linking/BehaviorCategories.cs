using Pipeline.Contracts;
using System.Collections.Frozen;

namespace Pipeline.Dedup.Linking;

/// <summary>
/// ISE-SAR behavior categories as bits, and the table that says which categories a CAD call type
/// or a SAR narrative is compatible with. The codes and their order are the catalogue's
/// (<see cref="IseSarCategories"/>). A CAD report's categories come from its call type; a SAR
/// report's (and a CAD report's whose call type is not in the table) from keywords in its
/// narrative. Two reports are compatible when their category sets overlap.
/// </summary>
public static class BehaviorCategories
{
    /// <summary>The 16 NIEM <c>sar</c> codes, in bit order (bit 0 is INTRSN).</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. IseSarCategories.All.Select(category => category.Code)];

    private const ushort Intrusion = 1 << 0;
    private const ushort Misrepresentation = 1 << 1;
    private const ushort Theft = 1 << 2;
    private const ushort Sabotage = 1 << 3;
    private const ushort Cyber = 1 << 4;
    private const ushort Threat = 1 << 5;
    private const ushort Aviation = 1 << 6;
    private const ushort Eliciting = 1 << 7;
    private const ushort TestingSecurity = 1 << 8;
    private const ushort Recruiting = 1 << 9;
    private const ushort Photography = 1 << 10;
    private const ushort Surveillance = 1 << 11;
    private const ushort Materials = 1 << 12;
    private const ushort Expertise = 1 << 13;
    private const ushort Weapons = 1 << 14;
    private const ushort Sector = 1 << 15;

    /// <summary>
    /// CAD call types (upper case, single spaces) to the categories a SAR about the same event
    /// could carry. Broad call types ("SUSPICIOUS PERSON") map to every Group B observation
    /// category, because dispatchers code what the caller saw, not why it matters.
    /// </summary>
    public static FrozenDictionary<string, ushort> CallTypes { get; } = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        ["SUSPICIOUS PERSON"] = Surveillance | Photography | Eliciting | TestingSecurity | Intrusion | Misrepresentation,
        ["SUSPICIOUS VEHICLE"] = Surveillance | Photography | TestingSecurity | Materials,
        ["SUSPICIOUS ACTIVITY"] = Surveillance | Photography | Eliciting | TestingSecurity | Intrusion | Materials | Expertise | Sector,
        ["SUSPICIOUS PACKAGE"] = Weapons | Materials | Threat | Sabotage,
        ["PROWLER"] = Surveillance | Intrusion,
        ["TRESPASS"] = Intrusion | TestingSecurity,
        ["TRESPASSING"] = Intrusion | TestingSecurity,
        ["BURGLARY"] = Intrusion | Theft,
        ["BURGLAR ALARM"] = Intrusion | TestingSecurity,
        ["ALARM"] = Intrusion | TestingSecurity,
        ["THEFT"] = Theft,
        ["AUTO THEFT"] = Theft,
        ["VANDALISM"] = Sabotage,
        ["CRIMINAL DAMAGE"] = Sabotage,
        ["PROPERTY DAMAGE"] = Sabotage,
        ["THREATS"] = Threat,
        ["THREAT"] = Threat,
        ["BOMB THREAT"] = Threat | Weapons,
        ["SHOTS FIRED"] = Weapons | Threat,
        ["WEAPON"] = Weapons,
        ["PERSON WITH A WEAPON"] = Weapons | Threat,
        ["EXPLOSION"] = Weapons | Sabotage,
        ["HAZMAT"] = Materials | Sector,
        ["DRONE"] = Aviation | Photography | Surveillance,
        ["AIRCRAFT INCIDENT"] = Aviation,
        ["LASER STRIKE"] = Aviation,
        ["FRAUD"] = Misrepresentation | Cyber,
        ["IMPERSONATION"] = Misrepresentation,
        ["COMPUTER CRIME"] = Cyber,
        ["DISTURBANCE"] = Threat,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Narrative keywords (matched on their first five letters, as the tokenizer stems) to
    /// categories. Deliberately specific: generic words ("suspicious", "man") map to nothing, and so do words
    /// that describe the reporter rather than the behavior ("security staff", "asked us to document").
    /// </summary>
    public static FrozenDictionary<string, ushort> Keywords { get; } = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        ["photo"] = Photography, ["pictu"] = Photography, ["camer"] = Photography, ["video"] = Photography,
        ["filmi"] = Photography, ["tripo"] = Photography, ["recor"] = Photography,
        ["watch"] = Surveillance, ["obser"] = Surveillance, ["binoc"] = Surveillance, ["sketc"] = Surveillance,
        ["notes"] = Surveillance, ["loite"] = Surveillance, ["surve"] = Surveillance, ["casin"] = Surveillance,
        ["tresp"] = Intrusion, ["climb"] = Intrusion, ["intru"] = Intrusion, ["breac"] = Intrusion,
        ["enter"] = Intrusion, ["restr"] = Intrusion, ["forci"] = Intrusion, ["prowl"] = Intrusion,
        ["threa"] = Threat, ["kill"] = Threat, ["bomb"] = Threat | Weapons, ["yelli"] = Threat,
        ["drone"] = Aviation, ["aircr"] = Aviation, ["laser"] = Aviation, ["plane"] = Aviation, ["helic"] = Aviation,
        ["stole"] = Theft, ["steal"] = Theft, ["theft"] = Theft, ["badge"] = Theft | Misrepresentation, ["taken"] = Theft, ["tools"] = Theft, ["coppe"] = Theft,
        ["vanda"] = Sabotage, ["damag"] = Sabotage, ["tampe"] = Sabotage, ["graff"] = Sabotage, ["cutti"] = Sabotage,
        ["sabot"] = Sabotage, ["broke"] = Sabotage,
        ["quest"] = Eliciting, ["askin"] = Eliciting, ["inqui"] = Eliciting,
        ["weapo"] = Weapons, ["gun"] = Weapons, ["firea"] = Weapons, ["rifle"] = Weapons, ["explo"] = Weapons,
        ["ammun"] = Weapons, ["pipe"] = Weapons, ["handg"] = Weapons, ["wires"] = Weapons | Materials, ["packa"] = Weapons | Materials,
        ["chemi"] = Materials, ["ferti"] = Materials, ["fuel"] = Materials, ["purch"] = Materials, ["timer"] = Materials,
        ["hack"] = Cyber, ["phish"] = Cyber, ["netwo"] = Cyber, ["compu"] = Cyber, ["cyber"] = Cyber,
        ["imper"] = Misrepresentation, ["unifo"] = Misrepresentation, ["fake"] = Misrepresentation,
        ["probi"] = TestingSecurity, ["testi"] = TestingSecurity,
        ["recru"] = Recruiting, ["fundi"] = Recruiting,
        ["train"] = Expertise, ["tacti"] = Expertise,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The codes of a category mask, in bit order.</summary>
    public static IReadOnlyList<string> CodesOf(ushort mask)
    {
        var codes = new List<string>();
        for (var bit = 0; bit < Codes.Count; bit++)
        {
            if ((mask & (1 << bit)) != 0)
            {
                codes.Add(Codes[bit]);
            }
        }
        return codes;
    }

    /// <summary>The category mask of a CAD call type, or 0 when the table does not know it.</summary>
    public static ushort OfCallType(string? callType)
    {
        if (string.IsNullOrWhiteSpace(callType))
        {
            return 0;
        }
        var normalized = string.Join(' ', callType.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return CallTypes.TryGetValue(normalized, out var mask) ? mask : (ushort)0;
    }
}
