namespace Pipeline.Scoring.Training;

/// <summary>
/// The slot banks shared by every template: people, vehicles, places, parts of sites, manners,
/// times, and each category's behaviour vocabulary. Positives and negatives draw from the same
/// banks, so a word is evidence only through the context a template puts it in.
/// </summary>
/// <remarks>
/// Bank entries are templates themselves (see <see cref="NarrativeTemplates"/>). Names ending in
/// <c>_ing</c> are gerund phrases, <c>_past</c> past-tense verb phrases, <c>_pp</c> past
/// participles; banks named <c>t_*</c> are places of one infrastructure sector and tag the report
/// with that sector when they are used.
/// </remarks>
internal static class NarrativeSlots
{
    /// <summary>The bank of people whose first use in a report may be replaced by a person descriptor.</summary>
    public const string ActorBank = "actor";

    /// <summary>The bank of people in descriptions, which may carry the descriptor too.</summary>
    public const string DescribedPersonBank = "desc_person";

    /// <summary>Sector of each place bank.</summary>
    public static IReadOnlyDictionary<string, string> SectorOfBank { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["t_energy"] = "Energy",
        ["t_transport"] = "Transportation Systems",
        ["t_gov"] = "Government Facilities",
        ["t_commercial"] = "Commercial Facilities",
        ["t_health"] = "Healthcare and Public Health",
        ["t_water"] = "Water and Wastewater Systems",
        ["t_comms"] = "Communications",
        ["t_dams"] = "Dams",
        ["t_chem"] = "Chemical",
        ["t_emergency"] = "Emergency Services",
        ["t_it"] = "Information Technology",
        ["t_food"] = "Food and Agriculture",
    };

    /// <summary>Officer surnames for <c>{#name}</c>.</summary>
    public static string[] OfficerNames { get; } =
    [
        "Miller", "Johnson", "Brooks", "Carter", "Reyes", "Nguyen", "Smith", "Walker", "Kowalski", "Patel", "Thompson",
        "Hayes", "Bennett", "Foster", "Ramirez", "Okafor", "Larson", "Dubois", "Murphy", "Chen", "Hughes", "Simmons",
        "Price", "Ward", "Jensen", "Castillo", "Reed", "Holloway", "Barnes", "Ortiz",
    ];

    /// <summary>Street names for <c>{#street}</c> and <c>{#addr}</c>.</summary>
    public static string[] Streets { get; } =
    [
        "Main St", "Oak Ave", "Industrial Blvd", "Canal St", "Harbor Rd", "Elm St", "River Rd", "Airport Rd",
        "Commerce Dr", "Station St", "Pine St", "Maple Ave", "Lakeshore Dr", "Rail Yard Rd", "Broad St", "Water St",
        "Mill Rd", "Depot St", "Market St", "Front St", "Levee Rd", "Plant Rd", "Tower Rd", "Cedar Ln", "2nd Ave",
        "5th St", "Highway 90", "County Rd 12", "Ridge Rd", "Bridge St", "Power Plant Rd", "Dam Rd", "Port Access Rd",
        "Magnolia St", "Washington Ave", "Jefferson Hwy", "Grand Blvd", "Service Rd", "Pump Station Rd", "Hospital Dr",
    ];

    /// <summary>States for <c>{#state}</c>.</summary>
    public static string[] States { get; } =
    [
        "Ohio", "Texas", "Iowa", "Oregon", "Florida", "Georgia", "Maine", "Nevada", "Utah", "Kansas", "Michigan",
        "Colorado", "Vermont", "Arizona", "Minnesota", "Tennessee", "Montana", "Virginia",
    ];

    /// <summary>Every slot bank by name.</summary>
    public static IReadOnlyDictionary<string, string[]> Banks { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // ---- People -------------------------------------------------------------------------
        [ActorBank] =
        [
            "the subject", "a subject", "subj", "an individual", "an unknown individual", "a male", "a female", "a man",
            "a woman", "a man in a {clothing}", "a woman in a {clothing}", "a person wearing a {clothing}",
            "a person in {clothing_pl}", "the driver of a {vehicle}", "the occupant of a {vehicle}", "a young adult",
            "an older man", "a middle-aged woman", "a guy", "an unknown person", "a pedestrian", "a cyclist",
            "a teenager", "a person carrying a {bag}", "a man with a {bag}", "a woman with a {bag}",
            "a tall thin subject", "a heavyset individual", "a subject in {clothing_pl}", "a passenger from a {vehicle}",
            "a person who arrived in a {vehicle}", "a lone male", "a man on a bicycle", "a person on a scooter",
            "an adult male", "an adult female", "a subject wearing {clothing_pl}", "a person", "one individual",
            "a subject with a {bag}", "a man wearing a {clothing} and {clothing_pl}", "a young man", "a young woman",
            "an individual in a {clothing}", "the same individual from a prior report",
        ],
        [DescribedPersonBank] =
        [
            "a male", "a female", "a young adult", "an adult", "a heavyset person", "a tall thin person",
            "a middle-aged person", "an older person", "a teenager", "a person in their 20s", "a person in their 40s",
        ],
        ["actors"] =
        [
            "two males", "two people", "a pair of subjects", "three individuals", "a man and a woman", "two subjects",
            "several people", "two men in a {vehicle}", "a group of three", "two individuals in {clothing_pl}",
            "the occupants of a {vehicle}", "two young adults",
        ],
        ["subjref"] =
        [
            "the subject", "subj", "the individual", "the person", "the male", "the female", "he", "she", "the man",
            "the woman", "the subject",
        ],
        ["clothing"] =
        [
            "gray hoodie", "dark hoodie", "black jacket", "reflective vest", "hi-vis vest", "ball cap", "baseball cap",
            "camouflage jacket", "long coat", "red windbreaker", "tan work jacket", "blue track suit", "face mask",
            "surgical mask", "beanie", "hooded sweatshirt", "green parka", "leather jacket", "denim jacket",
            "bucket hat", "puffer jacket", "rain poncho", "cargo vest", "flannel shirt", "navy polo shirt",
        ],
        ["clothing_pl"] =
        [
            "dark clothing", "work clothes", "coveralls", "khaki pants and a polo shirt", "all dark clothing",
            "camouflage pants", "jeans and a gray sweatshirt", "business attire", "scrubs", "gym clothes",
            "sunglasses and gloves", "hiking boots and cargo pants",
        ],
        ["bag"] =
        [
            "backpack", "duffel bag", "large backpack", "messenger bag", "rolling suitcase", "shopping bag",
            "laptop bag", "tool bag", "gym bag", "small satchel", "clipboard",
        ],
        ["rp"] =
        [
            "RP", "the RP", "the reporting party", "caller", "the caller", "a security guard", "the site manager",
            "an employee", "a neighbor", "the complainant", "a witness", "plant security", "a staff member",
            "the store manager", "a passerby", "the night supervisor", "a maintenance worker", "a contract guard",
            "a 911 caller", "an anonymous caller", "the facility supervisor", "a bus driver", "a nearby resident",
        ],
        ["officer"] =
        [
            "I", "R/O", "this officer", "Officer {#name}", "Ofc {#name}", "Deputy {#name}", "Sgt {#name}",
            "Unit {#unit}", "the reporting officer", "patrol", "Det {#name}", "Trooper {#name}", "the assigned unit",
            "I", "Officer {#name}",
        ],
        ["observe"] =
        [
            "observed", "saw", "noticed", "spotted", "watched", "witnessed", "came upon", "observed", "located",
        ],
        ["staff"] =
        [
            "a security guard", "the front desk clerk", "an employee", "a maintenance worker", "staff",
            "the gate attendant", "a nurse", "the station agent", "a cashier", "a janitor", "the receptionist",
            "an off-duty employee", "a worker on break", "a shift supervisor", "a contract guard", "a ticket agent",
            "an engineer", "the parking attendant",
        ],

        // ---- Vehicles -----------------------------------------------------------------------
        ["vehicle"] =
        [
            "{vcolor} {vtype}", "{vcolor} {vtype}", "{vcolor} {vtype}", "{vcolor} {vtype} with {plate_desc}",
            "{vtype} with tinted windows", "{vcolor} {vtype} with a roof rack", "rental {vtype}",
        ],
        ["vcolor"] =
        [
            "silver", "dark", "white", "black", "gray", "blue", "red", "maroon", "green", "tan", "dark-colored",
            "beige", "gold", "light blue",
        ],
        ["vtype"] =
        [
            "sedan", "SUV", "pickup truck", "minivan", "cargo van", "box truck", "hatchback", "panel van",
            "four-door sedan", "Jeep", "motorcycle", "station wagon", "work van", "crew-cab pickup", "compact car",
            "coupe", "flatbed truck",
        ],
        ["plate_desc"] =
        [
            "out-of-state plates", "no front plate", "a temporary tag", "a paper plate", "dealer plates",
            "plate {#plate}", "a partial plate of {#plate}",
        ],

        // ---- Places -------------------------------------------------------------------------
        ["target"] =
        [
            "{t_energy}", "{t_energy}", "{t_transport}", "{t_transport}", "{t_gov}", "{t_commercial}", "{t_health}",
            "{t_water}", "{t_comms}", "{t_dams}", "{t_chem}", "{t_emergency}", "{t_it}", "{t_food}",
        ],
        ["t_energy"] =
        [
            "substation", "electrical substation", "power plant", "transformer yard", "fuel depot",
            "gas compressor station", "pipeline valve station", "refinery", "tank farm", "power station",
            "natural gas metering station", "solar farm", "utility switchyard", "fuel terminal", "nuclear plant",
            "pipeline pumping station",
        ],
        ["t_transport"] =
        [
            "rail yard", "train station", "bus terminal", "bridge", "tunnel entrance", "light rail platform",
            "port terminal", "ferry terminal", "freight yard", "highway overpass", "toll plaza", "rail bridge",
            "airport perimeter", "airport cargo area", "subway station", "container terminal", "interstate bridge",
            "transit maintenance yard",
        ],
        ["t_gov"] =
        [
            "courthouse", "city hall", "federal building", "police station", "National Guard armory", "post office",
            "county jail", "state capitol", "DMV office", "military recruiting office", "county administration building",
            "federal courthouse",
        ],
        ["t_commercial"] =
        [
            "stadium", "shopping mall", "convention center", "hotel", "arena", "concert venue", "office tower",
            "casino", "amusement park", "outdoor market", "sports complex", "theater", "museum", "zoo", "aquarium",
        ],
        ["t_health"] =
        [
            "hospital", "medical center", "blood bank", "pharmacy warehouse", "public health lab", "clinic",
            "children's hospital", "medical supply warehouse",
        ],
        ["t_water"] =
        [
            "water treatment plant", "pumping station", "reservoir", "water tower", "wastewater plant", "water intake",
            "chlorination building", "sewage lift station",
        ],
        ["t_comms"] =
        [
            "cell tower", "telephone exchange", "radio transmitter site", "fiber hub", "broadcast tower",
            "telecom switching center", "microwave relay tower",
        ],
        ["t_dams"] = ["dam", "spillway", "lock and dam", "levee", "flood gate", "dam control house"],
        ["t_chem"] =
        [
            "chemical plant", "chlorine storage facility", "fertilizer plant", "propane distribution center",
            "industrial gas supplier", "chemical tank farm", "pesticide warehouse",
        ],
        ["t_emergency"] = ["fire station", "911 dispatch center", "EMS station", "emergency operations center", "ambulance depot"],
        ["t_it"] = ["data center", "server farm", "network operations center", "colocation facility", "cloud data center"],
        ["t_food"] =
        [
            "grain elevator", "food processing plant", "grocery distribution warehouse", "dairy farm", "feed mill",
            "meatpacking plant", "cold storage warehouse",
        ],
        ["sector_site"] = ["{t_health}", "{t_water}", "{t_food}", "{t_chem}", "{t_dams}", "{t_energy}", "{t_transport}", "{t_health}", "{t_water}", "{t_food}"],
        ["site_part"] =
        [
            "fence line", "perimeter fence", "main gate", "loading dock", "rear entrance", "employee entrance",
            "badge reader", "security cameras", "guard shack", "control room windows", "ventilation intakes",
            "service road", "emergency exits", "vehicle barriers", "access control point", "transformers",
            "fuel tanks", "storage tanks", "roof access ladder", "maintenance door", "HVAC units", "utility vault",
            "security checkpoint", "vehicle gate", "camera poles", "shipping and receiving area", "back lot",
            "employee parking lot", "delivery entrance", "support columns", "pump house", "electrical panel",
            "gate keypad", "turnstiles", "loading bay doors", "cooling towers", "perimeter lighting", "north gate",
            "side door", "intake valves",
        ],
        ["landmark"] =
        [
            "bridge", "capitol dome", "courthouse clock tower", "dam", "historic train station", "stadium",
            "old water tower", "lighthouse", "city hall fountain", "war memorial", "riverfront", "skyline",
            "art deco post office", "suspension bridge", "harbor",
        ],
        ["innocent_photo_ctx"] =
        [
            "with their kids", "before the game", "for a wedding album", "at sunset", "with a tour group",
            "for a school project", "for social media", "while on vacation", "as a photography hobby",
            "during the festival", "for a family picture", "during the holiday lights display", "during the parade",
            "because of the architecture", "as a souvenir", "for a local history book", "while waiting for friends",
        ],
        ["place_public"] =
        [
            "gym", "community college", "gaming store", "skate park", "shelter", "job fair", "bar", "coffee shop",
            "park", "library",
        ],
        ["place_public2"] =
        [
            "grocery store", "library", "post office", "farmers market", "DMV office", "shopping mall",
            "hardware store", "transit center",
        ],

        // ---- Manner, time, indicators -------------------------------------------------------
        ["duration"] =
        [
            "for over an hour", "for approximately {#min} minutes", "for about 45 minutes", "for most of the afternoon",
            "for nearly two hours", "on and off for {#hours} hours", "for an extended period", "for about {#min} minutes",
            "for the better part of an hour", "since early morning",
        ],
        ["duration_bare"] =
        [
            "over an hour", "about {#min} minutes", "approximately {#min} minutes", "most of the afternoon",
            "nearly two hours", "the better part of an hour", "{#hours} hours", "at least {#min} minutes",
        ],
        ["repeat_when"] =
        [
            "on at least {#n} occasions this month", "three days in a row", "every evening this week",
            "at each shift change for several days", "twice in the past week", "on {#n} separate days",
            "again the following morning", "at the same time each day",
        ],
        ["repeat_past"] =
        [
            "returned the next day to do the same", "had been seen doing the same thing {#n} days earlier",
            "came back three days in a row", "has done this on at least two prior occasions per security",
            "returned later that night", "was back again the following weekend",
        ],
        ["evasion"] =
        [
            "fled on foot when contacted", "left quickly when approached", "walked away when security approached",
            "hid the phone and left when approached", "refused to give a name", "gave a false name",
            "became nervous and evasive when questioned", "drove off at a high rate of speed when security approached",
            "covered their face and left", "gave conflicting stories about why they were there",
            "could not explain their presence", "ran to a waiting {vehicle}", "left before officers arrived",
            "said it was none of our business and left", "got into a {vehicle} and left the area",
            "turned away and avoided eye contact", "provided no identification", "abruptly ended the conversation and left",
        ],
        ["time_phrase"] =
        [
            "around {#time} hrs", "shortly after midnight", "during shift change", "over the weekend",
            "early this morning", "at dusk", "yesterday afternoon", "late last night", "at approx {#time} hrs",
            "just before dawn", "during the evening rush", "on {#date}",
        ],

        // ---- Photography (PHOTO) ------------------------------------------------------------
        ["photo_ing"] =
        [
            "photographing", "taking photos of", "taking pictures of", "filming", "video recording",
            "recording video of", "snapping pictures of", "taking close-up photographs of", "shooting video of",
            "taking pictures with a cell phone of", "using a telephoto lens to photograph", "zooming in with a camera on",
            "taking still photos of", "documenting with a camera", "taking a series of photos of",
            "taking panoramic video of", "systematically photographing", "taking pics of", "videotaping",
            "snapping photos of",
        ],
        ["photo_past"] =
        [
            "photographed", "took photos of", "took pictures of", "filmed", "recorded video of",
            "snapped several pictures of", "took close-up shots of", "videotaped", "took multiple photographs of",
            "used a phone to record",
        ],
        ["photo_inf"] =
        [
            "photograph", "take pictures of", "film", "record", "take close-ups of", "videotape", "snap photos of",
            "capture images of",
        ],
        ["camera"] =
        [
            "a camera with a long lens", "a cell phone", "a tablet", "a small action camera", "a DSLR camera",
            "a compact digital camera", "a camcorder", "a phone mounted on a gimbal", "a camera hidden in a bag",
            "a camera on a monopod",
        ],
        ["photo_obj"] =
        [
            "the {site_part}", "the {site_part} and the {site_part}", "the security cameras at the {site_part}",
            "employees badging in at the {site_part}", "the guards at the {site_part}", "staff vehicles and their plates",
            "the underside of the {target}", "the structural supports of the {target}", "the entry and exit points",
            "the camera locations", "the shift change at the {site_part}", "the layout of the {site_part}",
            "the gaps in the {site_part}", "the access points", "the locks on the {site_part}",
        ],
        ["photo_covert"] =
        [
            "covertly", "from inside a parked vehicle", "while pretending to talk on the phone",
            "with the phone held low at waist level", "through a gap in the {site_part}", "from behind a parked truck",
            "while trying not to be noticed", "from a moving vehicle", "with the camera partially hidden in a jacket",
            "while glancing around nervously", "from a concealed spot", "for an extended period",
            "only when staff looked away",
        ],
        ["photo_flag"] =
        [
            "showed no interest in the building itself", "focused only on the security features",
            "ignored the scenery and concentrated on the access points", "did not photograph anything a tourist would",
            "was zooming in on locks and cameras", "turned away and hid the camera when approached",
            "deleted images when asked about them", "could not explain why the {site_part} was of interest",
            "refused to say why the photos were needed", "left in a hurry once noticed",
        ],

        // ---- Observation/Surveillance (SURVL) -----------------------------------------------
        ["watch_ing"] =
        [
            "watching", "observing", "monitoring", "studying", "keeping an eye on", "staring at", "scanning",
            "surveilling", "looking over", "closely watching", "paying close attention to", "checking out",
        ],
        ["survl_act_ing"] =
        [
            "taking notes on", "sketching", "drawing a diagram of", "making a map of", "counting the cameras at",
            "timing the guard patrols at", "pacing off distances near", "writing down license plates at",
            "writing down the times trucks entered", "marking locations on a map of", "noting the shift change at",
            "checking a stopwatch each time a guard passed", "measuring the distance to",
            "logging arrivals and departures at", "drawing the layout of",
        ],
        ["optics"] =
        [
            "binoculars", "a spotting scope", "a monocular", "a rangefinder", "a night-vision scope",
            "a pair of field glasses", "compact binoculars",
        ],
        ["survl_pos"] =
        [
            "from a parked car across the street", "from the top level of a nearby parking garage",
            "from a bench across the road", "from a hillside overlooking the site", "from the back seat of a {vehicle}",
            "from the corner across the street", "from a vacant lot next to the {site_part}", "from an idling {vehicle}",
            "from a picnic table with a clear view", "from the shoulder of the road",
        ],
        ["survl_flag"] =
        [
            "moved to a new spot each time a guard looked over", "wrote something down every time the gate opened",
            "had a hand-drawn map of the site", "left when a patrol car pulled up",
            "sketched the positions of the cameras", "was still there {#hours} hours later", "{repeat_past}",
            "appeared to be timing the patrols",
        ],
        ["loiter_ing"] =
        [
            "loitering", "sitting in a parked vehicle", "standing around", "walking back and forth", "pacing",
            "hanging around", "lingering", "idling in a {vehicle}",
        ],
        ["survl_look"] =
        [
            "looking at", "staring at", "eyeing", "keeping tabs on", "peering at", "glancing over at", "gazing at",
            "checking on", "paying attention to", "fixated on", "looking over", "sizing up",
        ],
        ["survl_ing2"] =
        [
            "loitering for hours near", "sitting in a parked car watching", "casing", "hanging around",
            "walking slowly past", "driving slowly past", "circling", "spending hours outside",
            "taking an unusual interest in", "repeatedly driving by", "making notes about", "drawing a map of",
            "counting the cameras at", "pacing off distances around", "lingering outside", "standing and staring at",
        ],

        // ---- Breach/Attempted Intrusion (INTRSN) --------------------------------------------
        ["breach_past"] =
        [
            "climbed over the {barrier}", "cut through the {barrier}", "jumped the {barrier}", "crawled under the {barrier}",
            "scaled the {barrier}", "forced open the {door}", "pried open the {door}", "slipped through an unsecured {door}",
            "tailgated an employee through the {entry}", "followed a worker through the {entry} before it closed",
            "propped open the {door} and walked in", "used a ladder to get over the {barrier}",
            "defeated the lock on the {door}", "walked past the no-trespassing signs and through the {entry}",
            "entered through a hole cut in the {barrier}", "squeezed between the bars of the {barrier}",
        ],
        ["barrier"] =
        [
            "perimeter fence", "security fence", "chain-link fence", "razor wire", "locked gate", "wall", "fence line",
            "vehicle gate", "barrier arm", "concertina wire",
        ],
        ["door"] =
        [
            "maintenance door", "rear door", "emergency exit", "side door", "loading dock door", "roof hatch", "gate",
            "service door", "utility vault cover", "electrical room door",
        ],
        ["entry"] =
        [
            "badge-controlled door", "secure door", "turnstile", "employee entrance", "vehicle gate",
            "security checkpoint", "staff-only door", "card reader door",
        ],
        ["restricted"] =
        [
            "restricted area", "secure area", "employee-only area", "electrical room", "control room", "tarmac",
            "server room", "mechanical room", "substation yard", "pump room", "switchgear room",
            "sterile area past screening", "roof", "tunnel", "equipment yard", "boiler room", "airside ramp", "basement",
            "records room", "evidence room", "crawl space", "rooftop mechanical area", "cargo hold area",
        ],
        ["breach_found"] =
        [
            "was found inside the {restricted}", "was discovered in the {restricted}", "was located hiding in the {restricted}",
            "was caught in the {restricted}", "was stopped inside the {restricted}",
            "was found in the {restricted} after hours", "turned up in the {restricted} with no access card",
        ],

        // ---- Misrepresentation (MISREP) -----------------------------------------------------
        ["fake_role"] =
        [
            "fire inspector", "utility worker", "building inspector", "federal agent", "police officer",
            "phone company technician", "elevator inspector", "health inspector", "contractor", "delivery driver",
            "IT contractor", "city engineer", "gas company employee", "OSHA inspector", "security consultant",
            "insurance adjuster", "military officer", "water department employee", "plainclothes detective",
            "alarm company technician",
        ],
        ["fake_org"] =
        [
            "gas company", "city", "fire marshal's office", "phone company", "state inspector's office",
            "corporate headquarters", "county", "alarm company", "water department", "elevator company",
        ],
        ["uniform_item"] =
        [
            "a hi-vis vest", "a hard hat and vest", "a utility company uniform", "a police-style badge",
            "a lanyard with an ID card", "coveralls with a company logo", "a security guard uniform",
            "a jacket marked INSPECTOR", "a uniform that did not fit", "a clip-on badge",
        ],
        ["claim"] =
        [
            "claimed to be a", "said they were a", "posed as a", "identified as a", "told staff they were a",
            "passed as a", "presented themselves as a",
        ],
        ["misrep_flag"] =
        [
            "the company had no record of the person", "the ID appeared to be altered",
            "the name on the ID did not match the photo", "no work was scheduled at the site",
            "the badge number came back invalid", "no inspector had been sent", "the work order was fake",
            "the phone number on the business card was disconnected", "the photo on the ID was of a different person",
            "the agency said no one by that name worked there",
            "the logo on the vest belonged to a company that closed years ago",
            "the credentials were a printout from the internet", "the uniform patches were homemade",
        ],
        ["id_set"] =
        [
            "multiple IDs in different names", "two driver's licenses with different names",
            "an employee badge from a company that does not exist", "a badge with the photo scratched off",
            "a stack of blank ID cards", "a laminated card with a misspelled agency name",
        ],
        ["fake_role_a"] =
        [
            "a police officer", "an electrician from the utility", "a building inspector", "a federal agent",
            "a city worker", "a pest control technician", "a cable repairman", "a hospital employee",
            "an IT technician", "a firefighter", "a gas company worker", "a government auditor",
        ],

        // ---- Theft/Loss/Diversion (THEFT) ---------------------------------------------------
        ["theft_item"] =
        [
            "employee ID badges", "an access badge", "several uniforms", "a box of uniforms", "the keys to the {site_part}",
            "a master key ring", "a laptop containing site plans", "blueprints of the {target}", "a marked utility truck",
            "a portable radio", "a security key card", "hazmat placards", "a police uniform", "EMS uniforms",
            "an ambulance", "the visitor log", "a hard drive", "vehicle access decals", "the gate remote",
            "a firefighter's turnout coat", "a box of blank ID cards", "a security guard's jacket and badge",
            "a company van", "a tablet with the facility floor plans", "a set of keys to the control room",
            "a parking permit for the secure lot", "copper grounding wire from the {target}",
        ],
        ["theft_verb"] =
        [
            "stole", "took", "walked off with", "removed", "made off with", "pocketed", "carried out", "drove off with",
            "grabbed",
        ],
        ["theft_verb_ing"] =
        [
            "taking", "removing", "walking off with", "loading", "carrying out", "pocketing", "stealing",
        ],
        ["theft_loc"] =
        [
            "employee locker", "supply room", "unlocked work truck", "guard shack", "equipment cage", "uniform room",
            "dispatch office", "locked storage container", "front desk", "contractor's vehicle", "break room",
            "key cabinet", "tool crib", "badge office",
        ],

        // ---- Sabotage/Tampering/Vandalism (SABOT) -------------------------------------------
        ["sabot_past"] =
        [
            "cut", "damaged", "tampered with", "disabled", "smashed", "spray-painted", "loosened the bolts on",
            "pried open", "set fire to", "jammed", "unbolted", "shot at", "broke", "vandalized", "cut the wires to",
            "poured an unknown liquid into", "removed parts from", "opened the valve on", "rammed a vehicle into",
            "sabotaged", "defaced",
        ],
        ["sabot_ing"] =
        [
            "cutting", "damaging", "tampering with", "smashing", "loosening bolts on", "spray-painting", "kicking",
            "prying at", "disabling", "breaking", "hacking at", "unscrewing panels on",
        ],
        ["sabot_pp"] =
        [
            "cut", "damaged", "tampered with", "disabled", "smashed", "spray-painted", "vandalized",
            "deliberately broken", "shot", "set on fire", "pried open", "unbolted",
        ],
        ["sabot_obj"] =
        [
            "the transformer", "a security camera", "the fiber-optic cable", "the signal box", "the pump control panel",
            "a valve", "the fuel line", "the rail switch", "the electrical panel", "the cooling unit",
            "the chlorine feed line", "the backup generator", "the gate motor", "the alarm sensors",
            "the perimeter lighting", "the track", "the communications cabinet", "the breaker box",
            "the water meter vault", "the ventilation fan",
        ],
        ["sabot_evidence"] =
        [
            "fresh pry marks", "cut wires", "a severed cable", "missing bolts", "the lock cut off",
            "spray paint over the camera lens", "a broken tamper seal", "wire cutters left behind",
            "bullet holes in the radiator fins", "sand in the fuel tank", "burn marks", "a hacksaw and a cut padlock",
            "rocks placed on the rails",
        ],
        ["sabot_effect"] =
        [
            "a power outage in the area", "a loss of pressure", "an alarm failure", "a service disruption",
            "a fuel leak", "a shutdown of the line", "train delays", "no outage but a serious safety risk",
        ],

        // ---- Cyberattack (CYBER) ------------------------------------------------------------
        ["cyber_event"] =
        [
            "a phishing email", "unauthorized login attempts", "a ransomware infection", "an unknown USB device",
            "a rogue wireless access point", "unauthorized commands sent to the {system}",
            "a defacement of the public website", "a denial-of-service attack", "malware", "credential stuffing",
            "GPS spoofing", "a remote access tool installed without approval", "brute-force password attempts",
            "a spoofed email from the CEO", "an intrusion into the {system}",
            "suspicious network traffic to a foreign server", "a fake IT support call", "keylogger software",
        ],
        ["system"] =
        [
            "control system", "SCADA network", "billing system", "email server", "badge access system",
            "dispatch system", "patient records system", "pump station controllers", "traffic signal network",
            "building automation system", "payroll system", "camera network", "point-of-sale network",
            "HMI workstation", "remote monitoring system", "network",
        ],

        // ---- Expressed or Implied Threat (THREAT) -------------------------------------------
        ["threat_act"] =
        [
            "blow up the {target}", "shoot everyone inside", "burn the place down", "come back with a gun",
            "kill everyone at the {target}", "put a bomb in the {site_part}", "poison the water supply",
            "take out the power to the whole city", "make them all pay", "attack the {target} during the next event",
            "bring explosives next time", "shoot up the {target}", "run people over at the {target}",
            "crash a truck into the {site_part}", "hurt as many people as possible", "shoot the place up",
            "set the building on fire", "kill the supervisor", "blow the building up", "make the {target} a crime scene",
            "stab the first person who gets in the way",
        ],
        ["threat_medium"] =
        [
            "in a voicemail", "in a social media post", "in a handwritten note left at the {site_part}",
            "over the phone", "in an email to staff", "to a cashier", "in front of several witnesses",
            "in a letter mailed to the {target}", "in a comment on the agency website", "through a text message",
            "while being escorted out", "to a security guard at the {site_part}",
        ],
        ["threat_say"] =
        [
            "posted that", "warned that", "wrote that", "texted that", "emailed staff that", "left a voicemail saying",
            "left a note saying", "vowed that", "yelled that", "told the manager that", "announced that",
            "said online that", "told coworkers that", "called in and said that",
        ],
        ["threat_line"] =
        [
            "everyone at the {target} would pay", "they will all pay", "the {target} would burn",
            "there would be a bloodbath at the {target}", "he was going to shoot up the place",
            "a bomb would go off in the {site_part}", "nobody there would walk out alive",
            "the manager would be dead by Friday", "staff had better not come in on Monday",
            "people were going to get hurt", "the place was going to blow", "someone would be carried out in a bag",
            "the {target} would be hit next", "they should evacuate before it is too late",
        ],

        // ---- Aviation Activity (AVIATION) ---------------------------------------------------
        ["drone"] =
        [
            "drone", "UAS", "quadcopter", "unmanned aircraft", "small drone", "UAV", "large drone", "multirotor drone",
            "remote-controlled aircraft", "hobby drone", "camera drone", "RC helicopter", "unmanned aerial vehicle",
        ],
        ["aircraft"] =
        [
            "a police helicopter", "an airliner on approach", "a medical helicopter", "a small plane",
            "a news helicopter", "an aircraft landing at the airport", "a departing jet", "a cargo plane",
        ],
        ["aviation_act"] =
        [
            "hovering over", "circling", "flying low over", "flying at night without lights over",
            "repeatedly passing over", "hovering just above", "flying back and forth along", "dropping something near",
            "lingering over",
        ],
        ["laser"] =
        [
            "a green laser", "a high-powered laser pointer", "a laser", "a blue laser", "a bright laser beam", "a handheld laser",
            "a laser pen",
        ],
        ["airspace"] =
        [
            "restricted airspace", "the temporary flight restriction", "the no-fly zone",
            "the approach path of the runway", "the controlled airspace", "the stadium flight restriction",
        ],

        // ---- Eliciting Information (ELICIT) -------------------------------------------------
        ["elicit_q"] =
        [
            "how many guards work at night", "what time the shift change happens", "where the control room is",
            "how the alarm system works", "when deliveries arrive", "how many people are inside during events",
            "which doors are not alarmed", "how long it takes police to respond", "where the chemicals are stored",
            "what the security procedures are", "how much fuel the tanks hold", "how the ventilation system works",
            "how the badge readers work", "who has keys to the {site_part}", "when the building is least busy",
            "whether the cameras are monitored at night", "how deep the water intake is",
            "where the main power shutoff is", "what happens if the power goes out",
            "how many employees have access to the {site_part}", "what time the armored car comes",
            "which entrance VIPs use",
        ],
        ["elicit_q_quote"] =
        [
            "How many guards are on at night", "When do you change shifts", "Which doors have alarms",
            "Where do you keep the chemicals", "How fast do the police get here", "Are the cameras watched at night",
            "Where is the main power shutoff", "What time do the trucks come in", "Who has the keys to the control room",
        ],
        ["elicit_verb"] = ["asked", "questioned", "kept asking", "pressed", "quizzed", "repeatedly asked"],
        ["elicit_flag"] =
        [
            "and became evasive when asked why", "and would not say why the information was needed",
            "well beyond casual curiosity", "and wrote down the answers", "and left when staff asked for a name",
            "several times in different ways", "and did not appear to be a customer",
            "and returned the next day with more questions", "even after being told the information was restricted",
        ],

        // ---- Testing or Probing of Security (TESTSEC) ---------------------------------------
        ["probe_act"] =
        [
            "repeatedly set off the door alarm", "drove up to the {site_part} and turned around at the last moment",
            "left a bag unattended near the {site_part}", "tried several doors to see which were unlocked",
            "pushed on the emergency exit until the alarm sounded", "rattled the {site_part}",
            "tried to walk through the checkpoint without screening",
            "tried to bring a prohibited item through screening", "called in a false alarm",
            "parked in the fire lane directly in front of the {site_part}", "ran at the vehicle barrier and stopped short",
            "nudged the gate with the bumper of a {vehicle}", "tossed an object over the fence",
            "triggered the motion sensors along the {site_part}", "tried to badge in with an expired card",
            "attempted to drive in through the exit lane", "opened the {site_part} and let it close without entering",
        ],
        ["probe_watch"] =
        [
            "while watching how staff reacted", "and timed how long it took security to respond",
            "then wrote down the response time", "and watched from across the street", "and left before officers arrived",
            "and recorded the response on a phone", "and appeared to be counting the seconds",
            "then did it again {#min} minutes later", "then waited to see who came out",
        ],
        ["probe_watch_past"] =
        [
            "watched the response from a distance", "timed each response", "left before officers arrived each time",
            "never tried to enter", "noted how long the guards took", "stood by the road watching",
        ],
        ["probe_test_past"] =
        [
            "pulled on the door handles", "checked whether the {door} was locked", "tried the handle of the {door}",
            "kicked the fence to set off the alarm", "threw rocks at the fence sensors", "kept opening the emergency exit",
            "leaned on the {barrier} until the alarm sounded", "tested the lock on the {door}",
            "shined a flashlight at the cameras", "held the {door} open until the alarm went off",
            "walked up to the checkpoint and turned back", "tried to get past the guard without showing ID",
            "swiped a fake badge at the reader", "covered a camera with a bag", "jiggled the lock on the {door}",
            "set off the motion sensor and waited", "tugged at the {barrier}",
        ],
        ["probe_see"] =
        [
            "to see how long it took security to respond", "to see what would happen", "to gauge the response",
            "to see whether anyone would come", "to find out whether the alarm worked",
            "to check whether the cameras were live", "to see how close they could get before being stopped",
            "and then watched what the guards did", "while timing the response on a phone",
            "and waited to see who showed up", "and kept an eye on the guard booth",
        ],

        // ---- Recruiting/Financing (RECRUT) --------------------------------------------------
        ["recruit_group"] =
        [
            "an extremist group", "a militia group", "a group called the movement", "an overseas organization",
            "a group planning what was called action", "a violent extremist network", "a cell",
            "a group that wants to take back the city", "a foreign terrorist organization", "a network that was never named",
        ],
        ["money"] =
        [
            "cash", "wire transfers", "prepaid cards", "cryptocurrency", "money orders", "gift cards",
            "structured cash deposits", "a payment app",
        ],
        ["pii_target"] =
        [
            "home addresses of police officers", "names and schedules of plant employees",
            "license plates of employees at the {target}", "family members of staff", "banking details of coworkers",
            "travel plans of company executives", "phone numbers and addresses of guards",
            "the routes employees drive home",
        ],
        ["recruit_act"] =
        [
            "tried to recruit coworkers to join {recruit_group}",
            "offered {money} to employees in exchange for access to the {site_part}",
            "collected donations for {recruit_group}", "asked young people at the {place_public} to join {recruit_group}",
            "handed out material urging people to join {recruit_group} and fight", "compiled a list of {pii_target}",
            "paid for travel for several people to a training camp", "was sending {money} overseas to {recruit_group}",
            "offered to pay {#n} people to help with a job at the {target}",
            "was assembling a team to do something big at the {target}",
        ],

        // ---- Materials Acquisition/Storage (MATRLS) -----------------------------------------
        ["material"] =
        [
            "hydrogen peroxide", "acetone", "ammonium nitrate fertilizer", "prepaid cell phones", "burner phones",
            "fuel cans", "gasoline", "pool chemicals", "hobby fuse", "electronic timers", "ball bearings",
            "pressure cookers", "propane cylinders", "fertilizer", "chlorine tablets", "nitromethane",
            "batteries and wire", "potassium chlorate", "sulfuric acid", "road flares", "kitchen timers",
            "nails and screws", "diesel fuel", "aluminum powder", "drain cleaner", "model rocket motors",
        ],
        ["qty"] =
        [
            "large quantities of", "an unusual amount of", "{#n} cases of", "several drums of", "dozens of",
            "over {#n}0 gallons of", "multiple bags of", "{#n} cartons of", "bulk amounts of", "a pallet of",
            "an entire shelf of", "far more than normal amounts of",
        ],
        ["acquire_past"] =
        [
            "purchased", "bought", "tried to buy", "ordered", "was stockpiling", "picked up", "loaded up on",
            "paid cash for",
        ],
        ["storage"] =
        [
            "a rented storage unit", "the trunk of a {vehicle}", "a garage", "a motel room", "an unused shed",
            "an apartment", "a rented garage", "a van parked behind the {target}", "a basement",
        ],
        ["materials_flag"] =
        [
            "paid cash", "refused to say what it was for", "asked for no receipt", "declined to provide ID",
            "was not a farmer or contractor", "split the purchase across several stores",
            "asked which product was the most concentrated", "seemed nervous", "wanted it delivered to a storage unit",
            "returned the next day for more", "asked how to avoid the purchase limits", "used a different name each visit",
        ],
        ["store"] =
        [
            "hardware store", "farm supply store", "pool supply store", "beauty supply store", "chemical supplier",
            "gas station", "electronics store", "big-box store", "sporting goods store", "pharmacy",
        ],

        // ---- Acquisition of Expertise (EXPERT) ----------------------------------------------
        ["expert_topic"] =
        [
            "how to make explosives", "how to defeat body armor", "how to disable a security system",
            "how to bypass alarm sensors", "how the SCADA controls at a water plant work", "close-quarters combat tactics",
            "long-range shooting at human-sized targets", "how to build a remote detonator",
            "how to mix chemicals into a toxic gas", "how the reactor cooling system works",
            "how to pick high-security locks", "military small-unit tactics", "how to make a poison",
            "how to fly a plane but not how to land", "how to dive unseen near bridge pilings",
            "how to disable the emergency shutoff", "how to avoid surveillance", "how to build a silencer",
            "how to convert a rifle to fully automatic", "how to jam radio signals",
            "how to drive a large truck through a barrier",
        ],
        ["expert_source"] =
        [
            "a flight instructor", "a firearms instructor", "a chemistry teacher", "a locksmith",
            "an employee of the plant", "a private security trainer", "a gun shop clerk", "a professor",
            "a dive shop owner", "a truck driving school", "a martial arts instructor", "a retired soldier",
            "an engineer at the {target}",
        ],
        ["expert_flag"] =
        [
            "refused to say why", "was not interested in the safety or licensing part",
            "paid cash and gave only a first name", "only wanted to learn about that one thing",
            "became angry when asked about the purpose", "had no background that explained the interest",
            "asked to keep the lessons private",
        ],

        // ---- Weapons Collection/Discovery (WPNS) --------------------------------------------
        ["weapon"] =
        [
            "several rifles", "a large stockpile of ammunition", "pipe bomb components", "an improvised explosive device",
            "a grenade", "body armor and rifles", "a homemade detonator", "{#n} handguns with serial numbers removed",
            "a modified rifle capable of automatic fire", "a 3D-printed gun", "a box of blasting caps",
            "a duffel bag of loaded magazines", "a suppressor", "military smoke grenades", "a crossbow and machetes",
            "an unregistered short-barreled shotgun", "a pressure cooker device with wires",
            "a stack of untraceable gun parts", "several Molotov cocktails", "a scoped rifle and a bipod",
        ],
        ["weapon_find"] = ["found", "discovered", "located", "recovered", "came across"],
        ["weapon_loc"] =
        [
            "in a duffel bag", "in the trunk of a {vehicle}", "in a storage unit", "under a bridge", "in a hotel room",
            "in a backpack left near the {site_part}", "in a culvert", "in the back of a van", "in a locker",
            "in an abandoned car", "buried in a field", "behind a dumpster",
        ],
        ["residue"] =
        [
            "explosive residue on a workbench", "chemical burns on a discarded glove",
            "a strong smell of chemicals and burn marks", "shrapnel embedded in a tree", "a crater in a field",
            "scorched ground and pieces of pipe", "residue of black powder",
        ],
        ["residue_patient"] =
        [
            "burns to the hands and face consistent with explosives", "shrapnel wounds", "chemical burns",
            "missing fingers from a blast", "blast injuries",
        ],
        ["residue_test"] =
        [
            "explosive residue", "traces of TATP", "black powder residue", "traces of ammonium nitrate",
            "nitrate residue",
        ],
        ["weapon_pl"] =
        [
            "rifles and ammunition", "pipe bombs", "homemade explosives", "firearms", "loaded magazines", "grenades",
            "guns with the serial numbers filed off", "bomb-making parts", "explosives", "untraceable guns",
            "assault rifles", "detonators and fuses",
        ],

        // ---- Sector-Specific Incident (SECTOR) ----------------------------------------------
        ["sector_event"] =
        [
            "an unexplained cluster of patients with the same unusual symptoms",
            "a sudden drop in chlorine levels that operators could not explain",
            "unusual animal deaths with no clear cause",
            "a hazmat tanker that left its approved route and parked for hours nearby",
            "a request from an unknown buyer for a select agent culture",
            "white powder in an envelope mailed to the front office",
            "an unscheduled boat anchored near the intake for hours",
            "an unknown substance found on a food production line",
            "a livestock feed delivery that did not match any order",
            "an unusual number of sick workers after a delivery",
            "a vessel loitering near the terminal with its transponder off",
            "a placarded chemical truck left under the overpass with the driver gone",
            "discolored water from several hydrants in the service area",
            "questions about how to reach the oxygen supply lines",
            "a sample freezer left open and the logs altered",
            "unexplained odors spreading through the ventilation system",
            "dead fish and a chemical sheen at the water intake",
            "a buyer seeking a large amount of a veterinary drug with no animals",
            "a run on antibiotics by the same buyer at several pharmacies",
            "tampered seals on grain shipments",
        ],
    };
}
