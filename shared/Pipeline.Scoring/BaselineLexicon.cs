using C = Pipeline.Contracts.IseSarCategories;

namespace Pipeline.Scoring;

/// <summary>One weighted indicator phrase of the baseline lexicon.</summary>
/// <param name="Category">ISE-SAR category code the phrase is evidence for.</param>
/// <param name="Phrase">
/// Lower-case words separated by single spaces. A word ending in <c>*</c> matches any word that
/// starts with the rest of it ("photograph*" matches "photographs", "photographing"...).
/// </param>
/// <param name="Weight">Evidence the phrase adds to its category when it occurs un-negated.</param>
public sealed record LexiconEntry(string Category, string Phrase, double Weight);

/// <summary>A phrase that identifies a critical-infrastructure sector in a report's target sector.</summary>
/// <param name="Phrase">Phrase in the same syntax as <see cref="LexiconEntry.Phrase"/>.</param>
/// <param name="Sector">The sector's name as CISA lists it.</param>
public sealed record SectorEntry(string Phrase, string Sector);

/// <summary>
/// The indicator lexicon of <see cref="LexiconBaselineScorer"/>, as data, in one place. Public so
/// that analysts and auditors can read exactly what the baseline looks for.
/// </summary>
/// <remarks>
/// <para>
/// How it was chosen. There is no labelled data behind this table: it is hand-written from the
/// ISE-SAR Functional Standard v1.5.5 category definitions and their examples (binoculars, note
/// taking and sketching for observation; unusual quantities of fuel, chemicals, phones and timers
/// for materials; pointing lasers at aircraft for aviation...), from the wording officers and
/// callers commonly use in narratives, and from CAD call-type vocabulary of public open-data
/// dispatch feeds. Weights are set by hand in three tiers, so that one phrase's effect on the score
/// <c>1 - exp(-sum)</c> is predictable:
/// </para>
/// <list type="bullet">
/// <item>1.0 to 1.5: specific and unambiguous ("pipe bomb", "ransomware", "climbed the fence");
/// alone it scores 0.63 to 0.78.</item>
/// <item>0.6 to 0.9: a strong indicator that is sometimes innocent ("restricted area",
/// "binoculars"); alone it scores 0.45 to 0.59.</item>
/// <item>0.1 to 0.5: context that needs corroboration ("photograph*", "asked about",
/// "loiter*"); alone it scores at most 0.39, below the default alert threshold.</item>
/// </list>
/// <para>
/// Exclusions, checked by tests: no phrase names or implies race, ethnicity, religion, national
/// origin, sex, sexual orientation or gender identity, nor places or practices of worship, nor
/// gendered pronouns (these must never create suspicion); no phrase describes political, religious
/// or social views (28 CFR Part 23), only behavior. Group B behaviors that are commonly lawful
/// (photography, asking questions, loitering) carry low weights on their own.
/// </para>
/// <para>
/// Changing any entry changes the model: bump <see cref="LexiconBaselineScorer.Version"/> with it,
/// so that every alert stays traceable to the lexicon that raised it (a test pins the two together).
/// </para>
/// </remarks>
public static class BaselineLexicon
{
    /// <summary>
    /// Evidence added to every category that already has evidence from the narrative or call type
    /// when the target sector is a critical-infrastructure sector. Context only: a sector alone
    /// never makes a category score.
    /// </summary>
    public const double SectorBoost = 0.2;

    /// <summary>Indicator phrases looked for in the narrative, grouped by category.</summary>
    public static IReadOnlyList<LexiconEntry> Narrative { get; } =
    [
        .. Entries(C.Intrusion,
            ("restricted area", 0.6), ("secure area", 0.5), ("secured area", 0.5), ("non public area", 0.5),
            ("employees only", 0.5), ("authorized personnel only", 0.6),
            ("tried to enter", 0.6), ("attempted to enter", 0.6), ("tried to access", 0.5), ("attempted to access", 0.5),
            ("tried to gain entry", 0.7), ("gained entry", 0.6), ("unauthorized entry", 1.0), ("without authorization", 0.6),
            ("climbed the fence", 1.0), ("climbed over the fence", 1.0), ("jumped the fence", 1.0), ("scaled the fence", 1.0),
            ("cut the fence", 0.9), ("hole in the fence", 0.6), ("forced entry", 1.0), ("forced open", 0.8), ("pried open", 0.8),
            ("broke into", 1.0), ("break in", 0.8), ("trespass*", 0.8), ("tailgat*", 0.7), ("followed an employee through", 0.7)),
        .. Entries(C.Misrepresentation,
            ("fake id", 1.0), ("fake identification", 1.0), ("false identification", 1.0), ("fraudulent id", 1.0),
            ("fraudulent identification", 1.0), ("counterfeit id", 1.0), ("altered id", 0.9),
            ("fake badge", 1.0), ("counterfeit badge", 1.0), ("fake credentials", 1.0), ("false credentials", 1.0),
            ("fake uniform", 0.9), ("forged", 0.8), ("posing as", 0.9), ("impersonat*", 1.0), ("pretended to be", 0.8),
            ("claimed to be", 0.4), ("false name", 0.8), ("fake name", 0.8), ("different names", 0.5),
            ("misrepresent*", 0.9), ("could not be verified", 0.4)),
        .. Entries(C.Theft,
            // Generic theft words stay weak: the category is about what a facility loses (badges,
            // uniforms, identification, keys, documents), which the specific phrases carry.
            ("stole*", 0.3), ("steal*", 0.3), ("theft*", 0.3), ("burglar*", 0.1), ("shoplift*", 0.1),
            ("stolen badge*", 0.6), ("badge* were stolen", 0.6), ("stolen uniform*", 0.6), ("uniform* were stolen", 0.6),
            ("stolen identification", 0.6), ("stolen keys", 0.6), ("keys were stolen", 0.6), ("stolen documents", 0.6),
            ("missing from", 0.5), ("reported missing", 0.6), ("unaccounted for", 0.6), ("taken from", 0.5),
            ("missing badge*", 0.7), ("missing uniform*", 0.7), ("missing keys", 0.6),
            ("diverted", 0.6), ("diversion of", 0.6), ("took without permission", 0.8)),
        .. Entries(C.Sabotage,
            ("tamper*", 1.0), ("sabotag*", 1.2), ("vandal*", 0.8), ("graffiti", 0.4), ("spray paint*", 0.4), ("defaced", 0.7),
            ("damaged the", 0.6), ("damage to the", 0.5), ("cut the wires", 1.0), ("cut wires", 1.0),
            ("cut the cable*", 1.0), ("cut cable*", 1.0), ("cut the lock", 0.6), ("broken lock", 0.5), ("disabled the", 0.6),
            ("set fire", 0.9), ("arson", 1.0), ("smashed", 0.5), ("destroyed", 0.5), ("opened the valve", 0.7)),
        .. Entries(C.Cyberattack,
            ("phishing", 0.9), ("ransomware", 1.3), ("malware", 1.1), ("keylogger*", 1.1), ("hacked", 1.0), ("hacking", 1.0),
            ("hacker*", 0.8), ("ddos", 1.2), ("denial of service", 1.2), ("network intrusion", 1.2), ("data breach", 1.0),
            ("unauthorized login*", 1.0), ("failed login*", 0.6), ("brute force", 0.9), ("compromised account*", 0.9),
            ("account was compromised", 0.9), ("suspicious email*", 0.5), ("computer network", 0.4), ("usb drive", 0.4),
            ("remote access", 0.4)),
        .. Entries(C.Threat,
            ("threat*", 0.9), ("made a threat", 0.4), ("threatened to", 0.4), ("to kill", 0.5), ("going to kill", 1.3), ("would kill", 1.1), ("kill everyone", 1.4),
            ("shoot up", 1.3), ("shoot everyone", 1.3), ("blow up", 1.2), ("blow it up", 1.2), ("bomb", 1.0), ("bombs", 1.0),
            ("hit list", 1.0), ("will all die", 1.3), ("mass shooting", 1.0), ("pay for this", 0.5)),
        .. Entries(C.Aviation,
            // A drone alone is usually a hobbyist; where and how it flies carries the weight.
            ("drone*", 0.5), ("uas", 0.5), ("uav", 0.5), ("unmanned aircraft", 0.6), ("quadcopter*", 0.5),
            ("pointed a laser", 1.2), ("laser strike", 1.2), ("laser at", 0.6), ("restricted airspace", 1.0),
            ("flight school", 0.6), ("flight lessons", 0.6), ("flight training", 0.6), ("hovering over", 0.6),
            ("flying over", 0.5), ("drone* over", 0.4), ("low flying", 0.5), ("aircraft", 0.4), ("cockpit", 0.6), ("runway", 0.5),
            ("airfield", 0.4), ("helicopter", 0.3), ("small plane", 0.4)),
        .. Entries(C.Eliciting,
            ("asked about", 0.3), ("asked questions about", 0.5), ("unusual questions", 0.7), ("wanted to know", 0.3),
            ("shift change*", 0.6), ("security procedures", 0.6), ("security measures", 0.5),
            ("how many guards", 0.9), ("number of guards", 0.9), ("when the guards", 0.6), ("guard schedule*", 0.8),
            ("security schedule*", 0.8), ("delivery schedule*", 0.5), ("questioned employees", 0.7),
            ("questioning employees", 0.7), ("questioned staff", 0.7), ("questioning staff", 0.7), ("asked employees", 0.5),
            ("asked staff", 0.5), ("access codes", 0.6), ("floor plan*", 0.5), ("blueprint*", 0.5), ("response time*", 0.5),
            ("busiest time*", 0.5), ("how many people", 0.5), ("when the building is empty", 0.8)),
        .. Entries(C.TestingSecurity,
            ("testing security", 1.0), ("tested security", 1.0), ("test security", 0.9), ("probing", 0.8), ("probed", 0.8),
            ("tried the door*", 0.6), ("tried door*", 0.6), ("tried multiple doors", 0.8), ("door handles", 0.6),
            ("checked doors", 0.6), ("checking doors", 0.6), ("pulled on doors", 0.7), ("rattled", 0.5),
            ("set off the alarm", 0.7), ("set off alarm*", 0.7), ("triggered the alarm", 0.7),
            ("left a bag unattended", 0.6), ("unattended bag", 0.5), ("watched the response", 0.8),
            ("timed the response", 1.0), ("timing the response", 1.0), ("security response", 0.6),
            ("security checkpoint", 0.5), ("metal detector*", 0.4), ("approached the gate", 0.4),
            ("left when challenged", 0.6)),
        .. Entries(C.Recruiting,
            ("recruit*", 0.8), ("join the fight", 0.9), ("structured deposit*", 0.8), ("structuring", 0.6), ("wire transfer*", 0.4),
            ("money transfer*", 0.4), ("large cash", 0.4), ("paid in cash", 0.3), ("cash payment*", 0.3),
            ("financing", 0.5), ("funding the", 0.4), ("send money", 0.3), ("sending money", 0.3),
            ("offered money", 0.5), ("offered to pay", 0.5), ("personal information", 0.4), ("personal data", 0.4),
            ("banking information", 0.5), ("bank account numbers", 0.5), ("travel itinerar*", 0.4),
            ("list of employees", 0.5), ("home addresses", 0.5)),
        .. Entries(C.Photography,
            ("photograph*", 0.5), ("taking pictures", 0.5), ("took pictures", 0.5), ("taking photos", 0.5),
            ("took photos", 0.5), ("taking video", 0.4), ("took video", 0.4), ("filming", 0.4), ("filmed", 0.4),
            ("recording video", 0.4), ("video recording", 0.4), ("telephoto", 0.5), ("zoom lens", 0.5),
            ("hid the camera", 0.6), ("hidden camera", 0.6), ("concealed camera", 0.6), ("lowered the camera", 0.5),
            ("photograph* the security", 0.5), ("pictures of the security", 0.5), ("photos of the security", 0.5),
            ("photograph* the entrance*", 0.4), ("access points", 0.4), ("camera* pointed at", 0.4)),
        .. Entries(C.Surveillance,
            ("taking notes", 0.5), ("took notes", 0.5), ("notes on security", 0.6), ("watching the entrance", 0.8),
            ("watching the building", 0.6), ("watching the guards", 0.8), ("watching security", 0.7),
            ("binoculars", 0.7), ("sketch*", 0.6), ("drew a diagram", 0.7), ("diagram of", 0.5), ("drawing a map", 0.6),
            ("surveil*", 0.9), ("staking out", 0.8), ("stakeout", 0.8), ("prolonged interest", 0.8),
            ("unusual interest", 0.7), ("loiter*", 0.3), ("parked for hours", 0.6), ("sat in the vehicle for", 0.4),
            ("circled the block", 0.6), ("drove past several times", 0.7), ("drove by several times", 0.7),
            ("drove by repeatedly", 0.7), ("pacing off", 0.8), ("paced off", 0.8), ("measuring distance*", 0.7),
            ("counting steps", 0.7), ("timing the", 0.4), ("monitoring the", 0.3), ("observing the", 0.3)),
        .. Entries(C.Materials,
            ("large quantit*", 0.5), ("large amount*", 0.4), ("bulk purchase*", 0.6), ("bought multiple", 0.4),
            ("purchased multiple", 0.4), ("bought several", 0.3), ("stockpil*", 0.6), ("fertilizer", 0.5),
            ("ammonium nitrate", 1.1), ("hydrogen peroxide", 0.7), ("acetone", 0.5), ("pool chemicals", 0.5),
            ("precursor*", 0.7), ("castor beans", 1.0), ("toxic", 0.4), ("chemical odor", 0.4),
            ("burner phone*", 0.7), ("prepaid phone*", 0.6), ("prepaid cell", 0.6), ("timers", 0.5), ("servos", 0.5),
            ("fuel cans", 0.5), ("gas cans", 0.5), ("propane tanks", 0.5), ("ball bearings", 0.7), ("storage unit", 0.4)),
        .. Entries(C.Expertise,
            ("military tactics", 0.9), ("tactical training", 0.7), ("weapons training", 0.8), ("paramilitary", 0.9),
            ("explosives training", 1.0), ("bomb making", 1.3), ("how to make", 0.4), ("how to build", 0.4),
            ("how to bypass", 0.8), ("bypass* the alarm", 0.8), ("bypass* security", 0.8), ("defeat the alarm", 0.8),
            ("lock picking", 0.6), ("lockpicking", 0.6), ("sniper", 0.5), ("training camp", 0.8),
            ("wanted to learn", 0.4), ("asked how to", 0.3), ("instruction manual*", 0.3),
            ("downloaded instructions", 0.6), ("counter surveillance", 0.7)),
        .. Entries(C.Weapons,
            ("pipe bomb*", 1.5), ("explosive device*", 1.3), ("ied", 1.2), ("ieds", 1.2), ("explosive*", 0.9),
            ("detonator*", 1.2), ("blasting cap*", 1.2), ("det cord", 1.0), ("detonating cord", 1.0),
            ("detonation*", 0.9), ("grenade*", 1.0), ("cache of", 0.6), ("firearms", 0.5), ("rifles", 0.5),
            ("rifle", 0.4), ("handgun*", 0.4), ("guns", 0.4), ("weapon*", 0.5), ("ammunition", 0.5),
            ("silencer*", 0.6), ("suppressor*", 0.5), ("body armor", 0.4), ("chemical burn*", 0.9),
            ("burns on", 0.4), ("missing fingers", 0.6), ("residue", 0.4)),
        .. Entries(C.SectorSpecific,
            ("cluster of illness*", 1.0), ("unexplained illness*", 0.9), ("sudden illness*", 0.5),
            ("similar symptoms", 0.7), ("sick animals", 0.6), ("dead livestock", 0.8), ("livestock deaths", 0.8),
            ("die off", 0.7), ("fish kill", 0.8), ("discolored water", 0.7), ("water discolor*", 0.7),
            ("unusual odor", 0.4), ("pathogen*", 0.8), ("biological agent*", 0.9), ("select agent*", 0.8),
            ("lab samples", 0.4), ("control room", 0.5), ("scada", 0.6), ("substation", 0.5),
            ("water treatment", 0.5), ("reservoir", 0.3), ("reactor", 0.4)),
    ];

    /// <summary>
    /// Phrases looked for in the CAD call type. Codes vary by dispatch system ("BOMB THREAT",
    /// "THREATS", "SUSP PERSON", "TRESPASS"), so entries are words, not whole codes: "BOMB THREAT"
    /// collects both "bomb" and "threat*". Routine calls (trespass, burglary, theft, vandalism, drone,
    /// suspicious person) stay below the alert threshold on their own: they are context for the
    /// narrative, weighted at most 0.5 so that even with the Group A priority boost they stay under
    /// 0.5. Only unambiguous ones (bomb, threats, explosives, suspicious package, arson) reach it.
    /// </summary>
    public static IReadOnlyList<LexiconEntry> CallTypes { get; } =
    [
        .. Entries(C.Threat,
            ("bomb", 1.6), ("threat*", 1.0), ("terroris*", 0.6), ("suspicious package", 0.8),
            ("unattended package", 0.5), ("suspicious item", 0.5)),
        .. Entries(C.Weapons,
            ("suspicious package", 0.8), ("unattended package", 0.5), ("suspicious item", 0.5),
            ("explosive*", 1.0), ("weapon*", 0.4)),
        .. Entries(C.Intrusion,
            ("trespass*", 0.5), ("tresp", 0.5), ("prowler", 0.5), ("burglary", 0.5), ("burg", 0.5),
            ("breaking and entering", 0.5), ("unlawful entry", 0.5)),
        .. Entries(C.Surveillance,
            ("suspicious person", 0.3), ("suspicious vehicle", 0.3), ("susp person", 0.3), ("susp vehicle", 0.3),
            ("suspicious activity", 0.3), ("suspicious circumstance*", 0.2)),
        .. Entries(C.Sabotage,
            ("vandalism", 0.5), ("criminal mischief", 0.5), ("tampering", 0.7), ("arson", 0.9), ("graffiti", 0.3)),
        .. Entries(C.Theft,
            ("theft", 0.5), ("larceny", 0.5), ("stolen", 0.4)),
        .. Entries(C.Aviation,
            ("drone*", 0.5), ("uas", 0.5), ("uav", 0.5), ("aircraft", 0.4), ("laser", 0.6)),
        .. Entries(C.Misrepresentation,
            ("impersonat*", 0.8), ("forgery", 0.6), ("fraud", 0.4)),
        .. Entries(C.Cyberattack,
            ("cyber*", 0.8), ("computer crime*", 0.8), ("hacking", 0.8)),
    ];

    /// <summary>
    /// Phrases that identify the sixteen CISA critical-infrastructure sectors in a report's target
    /// sector, first match wins.
    /// </summary>
    public static IReadOnlyList<SectorEntry> CriticalInfrastructureSectors { get; } =
    [
        new("chemical", "Chemical"),
        new("commercial facilit*", "Commercial Facilities"),
        new("communications", "Communications"),
        new("telecom*", "Communications"),
        new("critical manufacturing", "Critical Manufacturing"),
        new("dam", "Dams"),
        new("dams", "Dams"),
        new("defense industrial base", "Defense Industrial Base"),
        new("defense", "Defense Industrial Base"),
        new("emergency services", "Emergency Services"),
        new("energy", "Energy"),
        new("electric*", "Energy"),
        new("power grid", "Energy"),
        new("oil and gas", "Energy"),
        new("financial*", "Financial Services"),
        new("banking", "Financial Services"),
        new("food and agriculture", "Food and Agriculture"),
        new("agricultur*", "Food and Agriculture"),
        new("government facilit*", "Government Facilities"),
        new("government", "Government Facilities"),
        new("healthcare", "Healthcare and Public Health"),
        new("public health", "Healthcare and Public Health"),
        new("hospital*", "Healthcare and Public Health"),
        new("information technology", "Information Technology"),
        new("nuclear", "Nuclear Reactors, Materials, and Waste"),
        new("transportation*", "Transportation Systems"),
        new("transit", "Transportation Systems"),
        new("aviation", "Transportation Systems"),
        new("rail*", "Transportation Systems"),
        new("water", "Water and Wastewater Systems"),
        new("wastewater", "Water and Wastewater Systems"),
    ];

    private static IEnumerable<LexiconEntry> Entries(string category, params (string Phrase, double Weight)[] phrases) =>
        phrases.Select(p => new LexiconEntry(category, p.Phrase, p.Weight));
}
