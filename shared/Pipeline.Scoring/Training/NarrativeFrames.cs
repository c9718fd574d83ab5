namespace Pipeline.Scoring.Training;

/// <summary>
/// The sentences around a report's evidence: openers (who, when, where), neutral filler, subject
/// and vehicle descriptions and closings (disposition). Every report draws them from the same
/// banks whatever its label, so none of them carries label signal; only the two "extra" banks are
/// label-specific, and on purpose: they add suspicious (positive) or innocent (hard negative)
/// context, which is what separates a category from its look-alike.
/// </summary>
internal static class NarrativeFrames
{
    /// <summary>Slot banks only the frames use.</summary>
    public static IReadOnlyDictionary<string, string[]> Banks { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["call_reason"] =
        [
            "a suspicious person", "a suspicious vehicle", "suspicious circumstances", "an unknown problem",
            "an area check", "a citizen complaint", "an information call", "a security concern", "a report of activity",
            "a check of the premises", "a call for service",
        ],
    };

    /// <summary>Openers of SAR narratives.</summary>
    public static string[] SarOpeners { get; } =
    [
        "on {#date} at approx {#time} hrs, I was dispatched to {#addr} [regarding|for] {call_reason}",
        "caller reports the following",
        "Unit {#unit} dispatched to {#addr} ref {call_reason}",
        "RP called from {#addr}",
        "at approximately {#time} hours I was on routine patrol in the area of {#addr}",
        "security staff at the site contacted dispatch",
        "anonymous tip received via the online portal",
        "walk-in complainant at the front desk",
        "while working an extra-duty detail, I was approached by a staff member",
        "received by phone at {#time} hrs",
        "Ofc {#name} #{#badge} reporting",
        "on {#date} I responded to {#addr} for {call_reason}",
        "this report documents an incident on {#date}",
        "tip line call received {#date} at {#time} hrs",
        "narrative:",
        "synopsis:",
        "[See Something Say Something|iWATCH] submission received {#date}",
        "email tip forwarded by the site security manager",
        "[day|night|swing] shift, [beat|sector] {#unit}",
        "R/O responded to {#addr} at {#time} hrs",
        "on the above date and time I was assigned to {call_reason} at {#addr}",
        "the following was reported to the watch desk on {#date}",
    ];

    /// <summary>Openers of CAD call notes.</summary>
    public static string[] CadOpeners { get; } =
    [
        "RP ADV", "CALLER STATES", "UNIT {#unit} ON SCENE", "PER SECURITY", "PER RP", "CALL RCVD {#time}",
        "REF {#addr}", "LOC: {#addr}", "PER DISPATCH", "CALLER ON LINE", "{#time} RP CALLED", "2ND CALLER",
        "UNITS ADVISED", "PER COMPL", "TRANSFER FROM 911",
    ];

    /// <summary>Neutral filler sentences of SAR narratives.</summary>
    public static string[] SarFillers { get; } =
    [
        "weather was clear and dry", "it was raining at the time", "lighting in the area was poor",
        "the area is well lit", "area canvassed with negative results", "no cameras cover that area",
        "I checked the area on foot", "traffic was minimal", "nothing further to report at this time", "no further info",
        "body camera was activated", "see attached statement", "site management was notified",
        "RP did not wish to be contacted", "RP wishes to remain anonymous", "follow-up may be needed",
        "a supervisor was advised", "no injuries reported", "it was dark and overcast", "temperature was near freezing",
        "winds were strong", "other units cleared", "I remained on scene for {#min} minutes", "dispatch was advised",
        "the RP was cooperative", "photos of the scene were taken for the report",
        "the street was busy with foot traffic", "the business was closed at the time", "time of call {#time} hrs",
        "case number assigned", "copy of report to supervisor", "there was a large event nearby",
        "nearby businesses were contacted", "a records check was completed", "the plate returned to a rental company",
        "a second unit assisted", "the RP provided a written statement", "ran plate {#plate} with no wants",
        "no video is available", "the area is mixed residential and industrial", "I spoke with the RP by phone",
        "the RP was unsure of the exact time",
    ];

    /// <summary>Neutral filler of CAD call notes.</summary>
    public static string[] CadFillers { get; } =
    [
        "UNITS ENRT", "2ND UNIT ASSIST", "RP CALLBACK {#time}", "NO CAMERAS", "AREA CHECKED", "RP REQ NO CONTACT",
        "WX CLEAR", "PLT {#plate} NO RETURN", "RP ON SCENE", "SUPV ADV", "CASE NBR ASSIGNED", "NO FURTHER",
        "RP WILL MEET", "NEG CONTACT W RP",
    ];

    /// <summary>Subject and vehicle descriptions; the actor slot may carry the person descriptor.</summary>
    public static string[] Descriptions { get; } =
    [
        "[subject|person] described as {desc_person}, [approx|about] {#height}, [thin|medium|heavy|athletic] build, wearing {clothing_pl}",
        "vehicle described as a {vehicle}[, plate {#plate}|, no plate seen|]",
        "[no description was available|unable to obtain a description of the subject|no description of the subject]",
        "involved party was {desc_person} wearing a {clothing} and carrying a {bag}",
        "[veh|vehicle]: {vehicle}",
        "desc: {desc_person}, {#height}, {clothing}",
    ];

    /// <summary>Prefixes of the sentence that carries a person descriptor no template slot took.</summary>
    public static string[] DescriptorPrefixes { get; } =
    [
        "subject described as ", "RP described the person as ", "desc: ", "involved party: ", "one party was ",
        "person involved was ", "the individual was ",
    ];

    /// <summary>Closings of SAR narratives.</summary>
    public static string[] SarClosings { get; } =
    [
        "GOA", "UTL", "report taken", "info only, no arrest", "forwarded to fusion center", "case closed",
        "referred to detectives", "cleared, no further action", "copy to site security", "disposition: advised",
        "submitted for review", "supplement to follow", "entered for documentation purposes", "no arrests made",
        "forwarded to the watch commander", "report submitted for supervisor approval", "forwarded to the TLO for review",
        "cleared by report",
    ];

    /// <summary>Closings of CAD call notes.</summary>
    public static string[] CadClosings { get; } =
    [
        "GOA", "UTL", "RTF", "CLEARED", "ADVISED", "NO RPT", "RPT TAKEN", "CODE 4", "10-8", "C4", "DISPO ADV", "CLR",
        "REFERRED", "UNFOUNDED", "CANCELLED BY RP", "REPORT TO FOLLOW",
    ];

    /// <summary>Suspicious context added to some positives.</summary>
    public static string[] PositiveExtras { get; } =
    [
        "when approached, {subjref} {evasion}",
        "{subjref} had been seen in the area {repeat_when}",
        "[security|staff] [reports|advises] similar activity on {#n} prior occasions",
        "the same {vehicle} [has been|was] seen near the site [before|on {#n} prior occasions]",
        "{subjref} could not give a reason for being there",
        "no one at the site recognized the [subject|person|individual|vehicle]",
        "the behavior did not match any scheduled work or visit",
        "when contacted, {subjref} {evasion}",
    ];

    /// <summary>Innocent context added to some hard negatives.</summary>
    public static string[] HardNegativeExtras { get; } =
    [
        "{subjref} was cooperative and provided ID",
        "no criminal indicators were noted",
        "RP was advised the activity is lawful",
        "nothing indicated any intent to cause harm",
        "the explanation was verified on scene",
        "{subjref} was friendly and answered all questions",
    ];
}
