namespace Pipeline.Scoring.Training;

/// <summary>The templates of one kind of negative report (no ISE-SAR category).</summary>
/// <param name="Name">Kind name; ids are <c>NEG.name.i</c> (hard) or <c>ROUTINE.name.i</c>.</param>
/// <param name="Hard">True for look-alikes of a category (innocent context, same vocabulary).</param>
/// <param name="Training">Templates the training split uses.</param>
/// <param name="HeldOut">Templates only the held-out split uses.</param>
/// <param name="CadTypes">CAD call types a dispatcher would give such a call.</param>
internal sealed record NegativeKind(string Name, bool Hard, string[] Training, string[] HeldOut, string[] CadTypes);

/// <summary>
/// Negative reports. Hard negatives reuse the positives' words (photographing, binoculars,
/// substation, asking about security, drone, fertilizer, testing the alarm) so that only the
/// innocent context (a tourist, a work order, a licence, an authorised test) separates them;
/// routine negatives are the everyday calls for service that make up most of a CAD feed. Their
/// CAD call types are the ones a look-alike positive would get (a tourist with a camera is a
/// SUSPICIOUS PERSON call), so the call type alone never gives the label away.
/// </summary>
internal static class NarrativeNegatives
{
    /// <summary>Slot banks only the negatives use.</summary>
    public static IReadOnlyDictionary<string, string[]> Banks { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["news_topic"] =
        [
            "the upcoming election", "traffic delays", "the recent outage", "a budget vote", "the new rail line",
            "a water rate hike", "a local festival", "the anniversary of the flood", "bridge repairs", "summer tourism",
        ],
        ["cause"] =
        [
            "a proposed pipeline", "police funding", "a zoning decision", "the war", "housing costs", "a labor contract",
            "climate policy", "school board decisions", "tuition increases", "a factory closure", "transit cuts",
        ],
        ["petition_topic"] =
        [
            "a school funding measure", "a park bond", "term limits", "a recall election", "a local tax measure",
            "bike lanes", "a ban on fracking", "a library levy",
        ],
    };

    /// <summary>Hard-negative kinds.</summary>
    public static IReadOnlyList<NegativeKind> HardKinds { get; } =
    [
        new("tourist", true,
            Training:
            [
                "{actor} was {photo_ing} the [{landmark}|front of the {target}] [with family|with a tour group|from the public sidewalk]; on contact [they explained they were tourists visiting from {#state}|the subject stated being on vacation] and [showed|had] [a visitor map|hotel key cards|a guidebook]",
                "{rp} reports [a man|a woman|a family|a couple|a group] taking pictures [of|near] the {target}. [Officer {#name}|Unit {#unit}] made contact; [they were|it was] [tourists|a family on vacation|visitors from out of state] photographing the [architecture|view|sunset|historic facade], no further concern",
                "[tourist|visitor|sightseer] [photographing|filming|taking selfies in front of] the {landmark} was reported by a [nervous|concerned] [employee|passerby|guard]; the photos on the phone [showed|were] [family members posing|the scenery|typical vacation shots] and the visitor left without issue",
                "[a tourist|an out-of-town visitor|a sightseer|a vacationing family] [was taking|took] [pictures|photos|selfies|video] of the {landmark} [at sunset|with family|with friends|while on vacation][; no concern|, then left without issue|, nothing suspicious]",
                "[fans|a father with kids|a couple|a group of friends|parents with children] [were taking|took] [photos|selfies|pictures] [of|in front of] the {target} before [the game|the concert|the parade|a graduation], [normal fan activity|no concern|all smiles]",
                "{actor} was {photo_ing} the [{landmark}|{target}] {innocent_photo_ctx}[; no suspicious behavior| and left on their own|, nothing further|; RP satisfied]",
            ],
            HeldOut:
            [
                "[nothing|no concern|nothing suspicious] found: the [person|subject|individual] [with the camera|photographing the {target}] turned out to be [a tourist|an out-of-town visitor|a hobby photographer on vacation] capturing [landmarks|the skyline|old buildings] for [a scrapbook|social media|a travel blog]",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS CIRCUMSTANCES"]),

        new("delivery", true,
            Training:
            [
                "{rp} [reports|states] a [delivery driver|driver in a marked delivery van|courier] [drove up to|stopped at] the {site_part} of the {target} [and asked|asking] [for directions to|where to find] [an address|the loading dock|a nearby business]; the driver [showed|had] [a manifest|a package scanner|the package label] and left",
                "driver of a [marked|branded] [delivery truck|parcel van|box truck] [turned around|circled] [at|in front of] the {target} [gate|lot] [several times|twice]; contacted, the driver was lost because [the GPS|the navigation app] [sent them|routed them] to the wrong [entrance|address]",
                "susp veh at {site_part} - [delivery|courier] driver [lost|looking for addr], [given directions|adv], [left|cleared]",
                "[a delivery driver|a courier|a food delivery driver] who was lost asked {staff} for directions to [the warehouse|an address on {#street}|the main entrance|the loading dock]; [given directions|shown the way] and left",
                "[a truck driver waiting for a dock appointment|a rideshare driver waiting for a fare|a parent waiting to pick up a child from the late shift|a delivery driver on a break] [sat|waited] in a [parked|idling] [vehicle|{vehicle}] [across from|outside] the {target} [for hours|for over an hour|{duration}], [watching the entrance|facing the gate]; [the shipping office|the employer|the dispatcher] [confirmed|verified] the [appointment|pickup|schedule], [no issue|moved along]",
            ],
            HeldOut:
            [
                "asked by the gate guard why the van kept circling the lot, the [delivery driver|courier|food delivery driver] [held up|showed] [the package|a phone with the address|the delivery app] and [the guard|staff] [pointed|directed] the driver to the [correct|right] [building|street]",
            ],
            CadTypes: ["SUSPICIOUS VEHICLE", "SUSPICIOUS PERSON"]),

        new("utility", true,
            Training:
            [
                "{rp} reports [several|two|a crew of] [people|workers|individuals] [inside|at] the {t_energy} [fence|yard] [with|using] [tools|ladders|a bucket truck]; [contact made|checked], the crew [was|were] from [the power company|the utility|a contractor for the utility] [with a valid work order|performing scheduled maintenance|replacing a transformer]",
                "[utility crew|line crew|workers] in [marked|company] trucks [opened|were working on] the [gate|fence|transformer|breaker box] at the {t_energy}; [dispatch|the supervisor] [confirmed|verified] [a work order|scheduled maintenance|the outage repair]",
                "susp [persons|veh] at {t_energy} - [utility|power co|city water] crew, [marked trucks|hard hats, vests|work order verified], [no issue|all OK|cleared]",
                "[power company|utility|gas company] [crew|workers|technicians] [were working inside|were inside] the {t_energy} [to replace|repairing|inspecting] [a transformer|a breaker|the switchgear|a meter]; [the work order was confirmed with dispatch|the supervisor confirmed the job]",
            ],
            HeldOut:
            [
                "the [people|workers] in hard hats [that|who] the [neighbor|caller] saw [climbing|cutting|working on] the [fence|transformer|equipment] at the {t_energy} were [employees|a contract crew] of the [utility|power company], [confirmed by|per] [their supervisor|the company dispatcher] and [the work order|their badges]",
            ],
            CadTypes: ["SUSPICIOUS VEHICLE", "SUSPICIOUS CIRCUMSTANCES", "TRESPASS"]),

        new("protest", true,
            Training:
            [
                "[approximately|about|around] {#n}0 [people|demonstrators|marchers|protesters] [gathered|held a rally|marched] [outside|in front of|near] the {target} [with signs|chanting|with banners] [about|against|in support of] {cause}; [the event was peaceful|no arrests|no incidents], [permit on file|organizers cooperative]",
                "[peaceful|lawful|permitted] [protest|march|rally|demonstration] at the {target}: [speakers|participants|organizers] [used|had] [a bullhorn|signs|a sound permit], [the crowd|everyone] stayed [on the sidewalk|in the permitted area], [no criminal activity|no violations|nothing criminal] observed",
                "[demonstrators|protesters] [photographed|filmed|livestreamed] the [rally|march|officers] [at|outside] the {target} [and|while] [chanting|holding signs]; [lawful|protected] [activity|assembly], [info only|no police action]",
                "[a peaceful|a permitted|an organized] [march|rally|protest] [downtown|at the {target}|in the park] drew about {#n}00 people [protesting|opposing|supporting] {cause}; [no arrests|no incidents|no violations]",
                "[at the end of the permitted rally|after a peaceful march|while chanting with signs], [organizers|protesters|demonstrators] [vowed|promised] to [return next week|keep marching|come back with more signs] [until|unless] {cause} [was|is] [addressed|reconsidered]; [lawful|protected] [assembly|speech], [no arrests|no concern]",
                "[a resident|a community group|an activist] [posted|wrote online|warned at the meeting] that [council members|officials|the board] would [pay at the ballot box|be voted out|hear from everyone] over {cause}; [political speech|lawful expression], [info only|no action]",
                "[speakers|marchers|organizers] at the [rally|protest|march] [shouted|chanted|vowed] that they would [shut down|take over|fill] [the streets|city hall|the capitol steps] [with votes|with peaceful protest|every week] [until|unless] {cause} [changed|was dropped]; [lawful|protected] [speech|assembly], [no threats of violence|no arrests]",
                "[a resident|an angry neighbor|a speaker] at [the council meeting|a public hearing|the board meeting] [yelled|said] that [officials|the board] would [regret|pay for] [the vote|the decision] [at the next election|at the polls|in court]; [heated but lawful|political speech], [no threat|no action]",
                "[a gamer|a teenager|a neighbor] [was heard|was overheard] yelling [threats|I will kill you] [at|during] [a video game|an online match|a televised game]; [checked|contacted], [no victim|nobody in danger|just gaming], [advised|cleared]",
                "[staff|police|the school] [held|ran] a [scheduled|announced] [active shooter drill|lockdown drill|bomb threat exercise] at the {target} [with|using] [role players|actors] [reading scripted threats|playing attackers]; [dispatch notified|drill only|no real threat]",
            ],
            HeldOut:
            [
                "[chanting|singing|carrying banners], [a crowd of|roughly] {#n}0 [students|union members|residents|activists] walked the [permitted|approved] route past the {target} and [dispersed|broke up] [at|by] {#time} hrs [without incident|peacefully]",
            ],
            CadTypes: ["DEMONSTRATION", "DISTURBANCE", "CIVIL DISTURBANCE"]),

        new("religious", true,
            Training:
            [
                "[caller|RP|a neighbor] [reports|states] [a large number of|many] [cars|people] at the [church|mosque|synagogue|temple|gurdwara] on {#street}; it was [a regular|the weekly|a holiday] [service|gathering|celebration], [nothing suspicious|no issues|all in order]",
                "[members of|families from|the congregation of] the [local|neighborhood] [church|mosque|synagogue|temple] [gathered|met] [in the parking lot|in the hall|outside] [for|after] [an evening service|a community dinner|a wedding|a funeral|a holiday celebration]; [traffic control only|no police action needed|info only]",
                "[people|vehicles] [arriving|parked] at the [mosque|church|synagogue|temple] [late at night|early in the morning] were [attendees of|members coming for] [a scheduled|an overnight|a holiday] [service|event|observance]; [confirmed with|verified by] [the caretaker|the administrator|a board member]",
                "[a large congregation|families|members] [gathered|arrived] at the [church|mosque|synagogue|temple] for [Sunday service|Friday service|an evening service|a holiday service]; [traffic was heavy|parking overflowed onto {#street}], [no issues|nothing suspicious]",
            ],
            HeldOut:
            [
                "large [crowd|gathering] and loud [singing|music|speaking] [reported|heard] at the [community center|church hall|mosque|temple] - [weekly service|a celebration|a memorial|a holiday event], [lawful gathering|no violations], [advised caller|cleared]",
            ],
            CadTypes: ["NOISE COMPLAINT", "SUSPICIOUS VEHICLE", "INFORMATION"]),

        new("journalist", true,
            Training:
            [
                "[a news crew|a TV crew|a camera operator from a local station|a freelance journalist] was [filming|recording|setting up a tripod and filming] [outside|near|across from] the {target} [for a story on|for a segment about|covering] {news_topic}; [press credentials|station IDs|a press pass] [shown|verified]",
                "{rp} [reports|states] [someone|a person|a man with a camera] [filming|recording video of] the {site_part} [at|of] the {target}; on contact it was a [reporter|journalist|news photographer] [working on|shooting b-roll for|producing] a [story|news segment|documentary] about {news_topic}",
                "[station|news] [van|truck] [with a mast|with the station logo] parked near the {target}; crew [filming|doing a live shot|interviewing residents], [no concerns|lawful activity|info only]",
            ],
            HeldOut:
            [
                "[credentials|a press badge] [from|issued by] [the local paper|Channel {#n}|a public radio station] [confirmed|showed] that the [person|individual] [recording|photographing] the {target} was [a journalist|on assignment]",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE"]),

        new("student", true,
            Training:
            [
                "[a group of|several|about {#n}] [students|college students|high school students] [with cameras|with tripods|with sketchbooks] were [photographing|sketching|filming] the {target} [for a class project|for a photography class|for an architecture assignment]; [the instructor|a teacher] was [present|on scene] and confirmed it",
                "{rp} [reports|states] [young people|teens|a young adult] [taking pictures of|drawing|taking notes about] the {site_part} [at|of] the {target}; [contacted|spoke with them], they are students from [the community college|the university|the high school] [doing|completing] [a photography assignment|a class project on local infrastructure|an engineering report]",
                "[student photographer|art student|engineering student] [sketching|measuring|photographing] the [bridge|{target}] [showed|had] [a student ID|an assignment sheet|a class syllabus]; [advised|no action], [left|continued]",
            ],
            HeldOut:
            [
                "cleared: [class|course] [field trip|outing] [with|led by] [a professor|a teacher|an instructor] - the students were photographing [architecture|bridges|old industrial buildings] [around|near] the {target}",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS CIRCUMSTANCES"]),

        new("birdwatcher", true,
            Training:
            [
                "{actor} [with|holding|using] {optics} [near|along] the [fence|edge] of the {target} turned out to be [a birdwatcher|a birder] [tracking|looking for|photographing] [a heron|an eagle nest|migrating ducks|hawks nesting on the tower]",
                "{rp} [reports|states] [a man|a woman|a person|a subject] [watching|looking at] the {target} [through|with] {optics} for {duration_bare}; [on contact|contacted], the person was [a member of the local bird club|birdwatching|counting birds for an annual survey] and showed [a field guide|a bird checklist|photos of birds]",
                "susp person w/ {optics} [at|near] {target} - birder, [watching|spotting] [nesting|migrating] birds, [no issue|advised|cleared]",
                "[a retiree|a volunteer|a birder] [with|holding] {optics} [aimed|pointed] at the [tower|tank|roof|light pole] of the {target} was [counting|logging|watching] [nesting|roosting] [falcons|ospreys|eagles|owls] [for|as part of] [a bird survey|a wildlife group|a hobby]; [no concern|cleared]",
            ],
            HeldOut:
            [
                "the person [with binoculars|with a spotting scope] [pointed|aimed] at the [tower|tank|fence|water] of the {target} was [a retired teacher|a local birder|a wildlife volunteer] logging [owls|ospreys|eagles|falcons] [nesting|roosting] on the structure",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "LOITERING"]),

        new("drone", true,
            Training:
            [
                "{rp} [reports|states] a {drone} [flying|hovering] [over|near] [the park|the field|the {target}]; [contacted|located] the [operator|pilot], who was [a licensed hobbyist|FAA-registered|a Part 107 certified pilot] flying at the [authorized|designated] [model aircraft field|flying field|club field] [well away from|outside] [restricted airspace|the {target}]",
                "[licensed|registered|certified] [drone|UAS] [pilot|operator] [flying|testing] a {drone} at the [county model airfield|club flying field|public park with a permit]; [registration|certificate|FAA registration] [verified|checked], [within altitude limits|no violations]",
                "drone complaint - [hobbyist|operator] [located|contacted] at [flying field|rc field|park], [registered|licensed], [not over|away from] {target}, [advised|no violation]",
                "[a hobbyist|a teenager|a retiree|a club member] [was flying|flew] a {drone} at the [model airplane field|RC park|club field|public park] and had [FAA registration|a registration number on the drone|the club's permission]; [no violation|lawful activity|advised]",
                "[a wedding photographer|a real estate photographer|a roofing contractor|a news crew|a crop sprayer] [was using|used] a {drone} to [film a wedding|photograph a listing|inspect a roof|cover a story|spray a field] [near|next to] the {target}; the [operator|pilot] [had|showed|produced] [a Part 107 certificate|an FAA waiver|written permission from the client], [lawful|no violation|advised RP]",
                "drone [flying|hovering] [over|at] [a wedding|a house for sale|a construction site|a ballfield] - [commercial|licensed|certified] [operator|pilot], [waiver|certificate|permission] [shown|verified], [no violation|lawful]",
                "[hired|paid] to [film|photograph|inspect] [an event|a property|a rooftop|a solar farm], the {drone} [pilot|operator] [showed|gave] [officers|the caller] [a remote pilot license|the job paperwork|an FAA registration] and [kept|stayed] [within the rules|below the altitude limit|away from the {target}]",
            ],
            HeldOut:
            [
                "[filming|recording|flying over] [a wedding|a real estate listing|a roof inspection|a youth soccer game] with a {drone}, the [operator|pilot] [produced|showed] [a remote pilot certificate|an FAA waiver|the client's permission] when [contacted|asked]",
            ],
            CadTypes: ["DRONE COMPLAINT", "UAS ACTIVITY"]),

        new("lostvisitor", true,
            Training:
            [
                "{actor} [walked|wandered|drove] up to the [restricted|secure|employee] [gate|entrance|door] [of|at] the {target} [by mistake|looking for the visitor center|looking for the restroom]; [when told|informed] it was [restricted|not public], the person [apologized and left|left right away|turned around]",
                "[trespass|unauthorized access] [call|alarm] at the {site_part} of the {target}: [an elderly|a confused|a lost] [visitor|man|woman|hiker] who [took a wrong turn|missed the sign|was looking for parking]; [escorted out|given directions], no [further action|intent]",
                "[visitor|person] at [secure|restricted] door of {target}, [lost|wrong entrance|looking for lobby], [redirected|escorted to public entrance], [cooperative|no issue]",
                "[an employee|a commuter|a traveler|a visitor] walked up to the [checkpoint|screening lane|security desk] at the {target} and turned back [after realizing|because] [the badge was still in the car|the ID was at home|it was the wrong building]; [returned with the badge|came back a few minutes later] and was [cleared|let through] normally, [no issue|known employee]",
                "[a new employee|a contractor on the first day|a temp worker] [wandered into|ended up in] the [employee-only area|secure area|back hallway] of the {target} [looking for|trying to find] [the HR office|the break room|a supervisor]; [badge checked|the supervisor vouched for them], [no issue|honest mistake]",
            ],
            HeldOut:
            [
                "[apologetic|embarrassed] and [cooperative|polite], the [visitor|hiker|jogger] [found|seen] [past the sign|beyond the fence line|in the employee lot] at the {target} [said|explained] [the trail map was confusing|the gate was open|the GPS sent them there] and [left when asked|was shown the way out]",
            ],
            CadTypes: ["TRESPASS", "SUSPICIOUS PERSON"]),

        new("alarmtest", true,
            Training:
            [
                "[scheduled|planned|pre-announced] [alarm|security|intrusion detection] test at the {target} [triggered|set off] the {site_part} alarm [several times|repeatedly|{#n} times]; [the alarm company|site security|facility management] had notified dispatch [in advance|beforehand]",
                "{rp} [reports|states] [the alarm|alarms|sirens] [going off|sounding] [repeatedly|all morning] at the {target}; [confirmed|per management] [a technician|the security contractor|a vendor] was [testing|servicing|calibrating] the [system|sensors|door contacts]",
                "[burglary alarm|alarm] {target} - [test in progress|testing per alarm co|scheduled maintenance], [cancel|cancelled|no response needed]",
                "[deer|a raccoon|stray cats|wind-blown debris|a loose tree branch] kept setting off the [motion sensor|fence alarm|gate sensor|beam detector] at the {site_part} of the {target} [overnight|all night|during the storm]; [camera footage|the guard check|the alarm company review] showed [only the animal|no person|nothing but the weather], [sensor adjusted|maintenance notified], [false alarm|no intrusion]",
                "[the night guard|the security officer on duty|the closing manager|the building engineer] [went around|made rounds of] the {target} [checking whether|making sure] the doors were locked [as part of|during] [the routine nightly patrol|the closing checklist|a scheduled building check]; [all secure|everything locked], [logged in the daily report|no issues]",
                "[a worker|an employee|a staff member] [propped|held] the {site_part} [open|ajar] while [unloading a delivery|carrying out trash|moving equipment] and [set off|triggered] the door alarm; [the supervisor|security] [confirmed|verified] it was [an employee mistake|staff error|a known employee], [alarm reset|reset the panel], [no issue|no further action]",
                "[the security team|the guard company|an outside firm] [ran|carried out|conducted] [an authorized|an approved|a scheduled] [penetration test|red team exercise|security drill] at the {target}, [tripping|testing] the {site_part} [sensors|alarms|door contacts]; [management|dispatch] [had approved it|was told in advance], [no real intrusion|drill only]",
            ],
            HeldOut:
            [
                "[security|the guard force|facility staff] [ran|conducted] a [drill|penetration test|red team exercise] [authorized|approved] by [management|the owner|corporate security], [tripping|testing] the {site_part} sensors; dispatch was [advised|informed] [ahead of time|before it began]",
            ],
            CadTypes: ["BURGLARY ALARM", "ALARM", "INTRUSION ALARM"]),

        new("locksmith", true,
            Training:
            [
                "{rp} [reports|states] [someone|a man|a person] [picking|drilling|working on] the lock [of|on] the [side door|back door|office door|gate] at {#addr}; [officers|units] [found|contacted] a [licensed|bonded] locksmith [hired|called] by the [owner|property manager|tenant], who was [present|on scene]",
                "[locksmith|lock technician] [rekeying|replacing|drilling out] [locks|the lock|the deadbolt] at the {target} [after|because of] [an employee left|lost keys|a lease change]; [work order|owner] [verified|confirmed]",
                "poss burglary in progress - [locksmith|lock tech] on scene, [owner|mgr] [present|verified by phone], [no crime|unfounded], [cleared]",
                "the [man|person|worker] with [lock picks|a pry bar|a drill|tools] at the [door|gate|office] [turned out to be|was] a locksmith [hired|called] by the [owner|tenant|manager] [after a lockout|to change the locks|after keys were lost]; [verified|no crime|cleared]",
            ],
            HeldOut:
            [
                "the [tools|pry bar|lock picks] the [neighbor|caller] [saw|noticed] belonged to a [locksmith|lock technician] the [homeowner|business owner|landlord] [had called|had hired] [after being locked out|to change the locks]",
            ],
            CadTypes: ["BURGLARY", "SUSPICIOUS PERSON", "PROWLER"]),

        new("farmer", true,
            Training:
            [
                "{rp} at the farm supply store [reports|states] a customer [bought|purchased] {qty} [fertilizer|ammonium nitrate fertilizer|diesel fuel|herbicide]; the customer is a [known|long-time|regular] [farmer|grower] [with an account|buying for spring planting|who farms {#n}00 acres]",
                "[large|bulk] [fertilizer|fuel|pesticide] purchase reported [at|by] [a feed store|a co-op|an ag supply store]; the [buyer|customer] was a [local|registered] [farmer|grower|rancher] [with|and showed] [a farm account|a pesticide applicator license|receipts from prior seasons], [seasonal|normal for the season]",
                "[info|susp circ] - [farm|ag] supply [rpt|reports] bulk [fertilizer|chemical] purchase, [verified|buyer is] [local farmer|farm account holder], [no concern|normal seasonal purchase]",
            ],
            HeldOut:
            [
                "every [spring|planting season], the same [farmer|family farm|grower] [buys|orders] [pallets|tons|truckloads] of [fertilizer|ammonium nitrate|seed and fertilizer] from the co-op, [the manager said|per the manager], [and the purchase this year was no different|and this order matched prior years]",
            ],
            CadTypes: ["SUSPICIOUS CIRCUMSTANCES", "INFORMATION"]),

        new("hunter", true,
            Training:
            [
                "{rp} [reports|states] [a man|a person|a subject] [carrying|walking with] a [rifle|shotgun|hunting rifle] [along|near] the [road|tree line|field] [by|near] the {target}; [contact made|on contact], the hunter [had|showed] a valid [hunting license|deer tag|permit] and [deer|duck|turkey] season [is open|was open]",
                "[shots|gunshots|several shots] [heard|reported] [near|behind] the {target} [at dawn|early morning]; [deputies|officers] [found|located] [hunters|duck hunters|a deer hunter] [in|on] [a legal blind|private land with permission|public hunting land], [licenses|tags] [checked|valid]",
                "[person w/ gun|shots fired|man with rifle] - [hunter|licensed hunter], [in season|valid license], [advised of|reminded of] [property lines|distance from buildings], [cleared|no violation]",
            ],
            HeldOut:
            [
                "[camouflage|blaze orange] [clothing|vest] and a [scoped|bolt-action] rifle [made|left] a [passerby|jogger|neighbor] nervous, but the person was [heading|walking] to [a deer stand|a hunting lease|the public hunting area] [with|and had] a [valid license|current tag]",
            ],
            CadTypes: ["WEAPONS", "SHOTS FIRED", "SUSPICIOUS PERSON"]),

        new("realtor", true,
            Training:
            [
                "{actor} [photographing|taking pictures of|filming] [a house|the building|a vacant lot|an office building] [next to|across from|near] the {target} was a [real estate agent|realtor|property appraiser] [preparing a listing|taking listing photos|doing an appraisal]; [a business card|a license] was [provided|shown]",
                "{rp} reports [someone|a person|a woman|a man] [walking around|photographing|measuring] the [property|building|lot] [at|on] {#addr}; [contact made|checked], it was a [realtor|real estate photographer|home inspector] [hired by|working for] the [owner|seller|bank]",
                "susp person [photographing|measuring] [house|bldg|property] - [realtor|appraiser|listing photographer], [owner|seller] [verified|confirmed], [cleared|no issue]",
            ],
            HeldOut:
            [
                "[the photographs|the pictures|the video], as it turned out, were for a [property listing|sale brochure|rental ad]: the [agent|broker|photographer] [showed|pulled up] the listing [on a phone|online] [for|to] [officers|the caller]",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS CIRCUMSTANCES"]),

        new("pio", true,
            Training:
            [
                "{actor} [called|emailed|contacted] the [public information officer|PIO|community relations office] of the {target} asking [about|whether there are] [public tours|school field trips|open house days|visitor center hours] and [provided|gave] [a name|a school name|contact info]",
                "[a visitor|a teacher|a retiree|a scout leader] asked [staff|the front desk|the PIO] [how|when] to book a tour of the {target} [for|with] [a class|a scout troop|a senior group] and [was given|received] [the public brochure|the tour schedule]",
                "[info|citizen inquiry] - [caller|person] asking [abt|about] [tours|open house|visitor hours] at {target}, [referred to|transferred to] PIO, [no concern|routine]",
                "{actor} asked {staff} [what time|when] the [building|museum|office|visitor center|lobby] [opens|closes] and whether [tours are available|there is public parking|the gift shop is open]; [given a brochure|question answered|directed to the information desk]",
                "[a visitor|a customer|a man|a woman] [asked|wanted to know] [where the restrooms are|where to pay a water bill|how to get a parking permit|where the public entrance is] at the {target}; [staff helped|directed to the lobby|no concern]",
                "[an upset|an angry|a frustrated] [customer|resident|caller] [said he would|warned that she would|vowed to] [call a lawyer|file a complaint|go to the news|post a bad review] [about|over] [a billing dispute|a late refund|the rate increase] with the {target}; [customer service handled it|referred to management|civil matter]",
                "[a student|a retiree|a visitor|a member of the public] [on|during] [a guided tour|an open house|a field trip] [asked|had questions about] [how the {target} works|how the plant makes power|how the water is cleaned|the history of the site], and [the guide|the docent|the PIO] [answered|explained]; [normal tour|no concern]",
                "[questions|curious questions] from [tour groups|visitors|schoolchildren] about [how the turbines spin|how much water the dam holds|how the trains are scheduled] were [answered|handled] by [the tour guide|staff|the docent]; [public tour|routine]",
                "[an irate|an angry|a shouting] [customer|tenant|patient|parent] [threatened|said he would|swore she would] [to sue|to call the news|to get staff fired|to report them to the state] [over|about] [a denied refund|a billing error|a towed car|a long wait]; [no threats of violence|no weapons involved|civil matter], [advised|left on their own]",
                "[a former employee|a laid-off worker|a fired contractor] [called|emailed|came in] [vowing|promising|saying he would] to [sue|file a grievance|go to the labor board|take the company to court] [over|for] [back pay|the firing|unpaid overtime]; [no threat of harm|civil dispute], [referred to HR|info only]",
            ],
            HeldOut:
            [
                "questions [about|regarding] [how the {target} works|the history of the plant|how water gets treated|how much power the dam makes] came from a [student|retiree|member of the public] [on|during] [a public tour|an open house|the scheduled tour], [answered by|handled by] the [tour guide|PIO|docent]",
            ],
            CadTypes: ["INFORMATION", "SUSPICIOUS PERSON", "CITIZEN ASSIST"]),

        new("surveyor", true,
            Training:
            [
                "{rp} [reports|states] [two|a crew of|several] [people|workers] [with|using] [a tripod|surveying equipment|a total station] [measuring|marking] [near|along] the [road|fence|right of way] [by|outside] the {target}; [checked|contacted], it was a [survey crew|contractor] [for|hired by] [the county|the state DOT|a developer] [with|and had] [a permit|a work order|marked trucks]",
                "[survey|surveying] crew [in|wearing] [safety vests|hi-vis vests] [painting marks|placing stakes|taking measurements] [on|along] {#street} [near|by] the {target}; [the contractor|the county engineer] [verified|confirmed] the [road project|utility locate|sidewalk project]",
                "susp persons [measuring|marking|taking notes] [at|near] {target} - [survey crew|engineering contractor|utility locators], [permit verified|county project], [cleared]",
                "[a survey crew|an engineering intern|a contractor] [paced off|measured] [distances|the distance] [from|between] the [curb|road] [and|to] the {site_part} [and|then] [counted|noted] the [light poles|cameras|hydrants] [for|as part of] [a lighting upgrade|a city inventory|a road design]; [county|city] [project confirmed|permit verified]",
            ],
            HeldOut:
            [
                "[orange paint marks|stakes with flagging|spray-painted lines] [near|around] the {site_part} [that|which] [worried|concerned] [a resident|staff] [were left by|came from] a [licensed|contracted] [survey|utility locate] crew [marking|mapping] [buried lines|the right of way] [for|ahead of] [road work|a water main project]",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE"]),

        new("vigil", true,
            Training:
            [
                "[about|approximately] {#n}0 [people|neighbors|mourners] [held|gathered for] a [candlelight vigil|memorial vigil] [outside|near|in front of] the {target} [for|in memory of|to honor] [a victim of a crash|a local teacher|victims of a shooting|a firefighter who died]; [peaceful|quiet|orderly], [no issues|no police action]",
                "{rp} [reports|states] [a crowd|a group] with candles [gathered|standing] [on the sidewalk|in the plaza|by the fence] [at|near] the {target}; [it was|checked -] a [memorial vigil|vigil] [organized by|for] [the family|a neighborhood group|classmates], [lawful gathering|info only]",
                "[vigil|memorial gathering] [at|near] {target}, [approx|about] {#n}0 [ppl|people], [candles|flowers|speakers], [peaceful|no incidents], [traffic control only|info only]",
            ],
            HeldOut:
            [
                "[flowers|candles|photos] and [handwritten notes|balloons|stuffed animals] [lined|covered] the [fence|steps|corner] [of|at] the {target} [where|as] [friends|family|neighbors] [gathered quietly|stood in silence] [for|at] a [vigil|memorial]",
            ],
            CadTypes: ["DEMONSTRATION", "INFORMATION", "TRAFFIC CONTROL"]),

        new("petition", true,
            Training:
            [
                "{actor} [at|outside] the {place_public2} [was|has been] [collecting signatures|asking people to sign a petition] [for|about] {petition_topic}; [lawful|no violation], [advised|no action]",
                "{rp} [reports|states] [people|volunteers|canvassers] [asking|approaching] [customers|shoppers|residents] for their [names and addresses|signatures|contact info] [for|on] [a petition|a ballot initiative|voter registration]; [registered|volunteer] [canvassers|circulators] with [clipboards|official petition forms], lawful activity",
                "soliciting complaint - [petition|signature|voter registration] [drive|gatherers] at [store|{place_public2}] [entrance|front], [lawful|protected activity], [advised RP|no action]",
            ],
            HeldOut:
            [
                "[clipboards|petition forms] in hand, [two|several|a few] [volunteers|students|retirees] [collected|gathered] [names and addresses|signatures|pledges] [for|supporting] {petition_topic} [outside|at] the {place_public2}, which the [manager|store] [allowed|was fine with]",
            ],
            CadTypes: ["SOLICITING", "SUSPICIOUS PERSON", "CITIZEN ASSIST"]),
    ];

    /// <summary>Routine-call kinds.</summary>
    public static IReadOnlyList<NegativeKind> RoutineKinds { get; } =
    [
        new("noise", false,
            Training:
            [
                "{rp} [reports|complains of] [loud music|a loud party|yelling|barking dogs] [coming from|at] {#addr} for {duration_bare}",
                "[loud|excessive] [music|noise|bass] from [a neighbor's house|an apartment|a house party] at {#addr}; [occupants|the resident] [advised|agreed to turn it down]",
            ],
            HeldOut: ["noise complaint - [party|music|TV|construction noise] [at|from] {#addr}, [contact made, turned down|resident advised|GOA]"],
            CadTypes: ["NOISE COMPLAINT", "DISTURBANCE"]),

        new("crash", false,
            Training:
            [
                "{rp} reports a [two-vehicle|minor|single-vehicle] [crash|collision|accident] at {#street} and {#street}; [no injuries|minor injuries], [tow requested|drivers exchanged info]",
                "[a {vehicle}|a vehicle|a delivery truck] [struck|rear-ended|backed into] a [parked car|pole|fence] [on|near] {#street}; the driver was [cited|given a report number]",
            ],
            HeldOut: ["mva {#street} / {#street} [2 veh|1 veh], [no inj|minor inj], [tow|drivable]"],
            CadTypes: ["TRAFFIC ACCIDENT", "MVA", "HIT AND RUN"]),

        new("found", false,
            Training:
            [
                "{rp} [found|turned in] a [wallet|cell phone|set of keys|backpack|purse] [at|near] {#addr}; [property logged|owner contacted]",
                "[found property|lost item] - [a bicycle|a phone|a wallet with ID] [turned in|dropped off] [at the front desk|by a citizen]; [tagged|booked] into property",
                "[an abandoned|an unattended] [stroller|shopping cart|bicycle|scooter] [on|near] {#street} was [reported|removed|picked up]; [returned to owner|no owner found|public works notified]",
            ],
            HeldOut: ["[unattended|abandoned] [bicycle|stroller|shopping cart] on {#street} [reported|removed]; [no owner located|returned to owner]"],
            CadTypes: ["FOUND PROPERTY", "LOST PROPERTY"]),

        new("welfare", false,
            Training:
            [
                "{rp} [requests|asked for] a welfare check on [an elderly neighbor|a relative|a resident] at {#addr} who [has not answered the phone|has not been seen] [in|for] [two days|several days]",
                "[welfare check|check on well-being] at {#addr}: [the resident|the occupant] was [found|located] [safe|okay|asleep], [family notified|no further action]",
                "[a man|a woman|a person] [asleep|sitting|resting] on a bench [near|at] {#addr} [was checked on|woke up when contacted]; [okay|declined help|given a ride]",
            ],
            HeldOut: ["[a person|a man|a woman] [sleeping|sitting] [in a car|on a bench|in a doorway] [near|at] {#addr}, [checked on|woke up], [ok|declined services|given resources]"],
            CadTypes: ["WELFARE CHECK", "CHECK WELL BEING"]),

        new("shoplift", false,
            Training:
            [
                "{rp} [reports|states] [a subject|a shopper|a juvenile] [concealed|took] [groceries|food items|baby formula|a steak and bread] [at|from] the [grocery store|market|supermarket] and [left without paying|was stopped at the door]",
                "[shoplifting|retail theft] at [a grocery store|the corner market] on {#street}: [items|groceries] [valued at|totaling] [about|approx] ${#n}0 [recovered|returned], the [subject|suspect] was [cited|trespassed]",
                "[loss prevention|store security|the manager] [stopped|detained] a [shopper|customer|teen] [with|who had] [unpaid|hidden] [snacks|cosmetics|groceries] [in a bag|in a purse|under a coat]; [trespass warning issued|cited and released|items recovered]",
            ],
            HeldOut: ["[store security|loss prevention] [detained|stopped] a [shopper|person] [with|who had] [unpaid|hidden] [groceries|snacks|meat] [in a bag|under a jacket]; [cited and released|trespass warning]"],
            CadTypes: ["SHOPLIFTING", "THEFT", "RETAIL THEFT"]),

        new("domestic", false,
            Training:
            [
                "{rp} reports [a verbal argument|yelling|a fight] between [a couple|roommates|family members] at {#addr}",
                "domestic [disturbance|dispute] at {#addr}: [parties separated|one party left for the night|no injuries], [advised|report taken]",
            ],
            HeldOut: ["[husband|partner|roommate] and [wife|partner|roommate] [arguing|shouting] over [money|the kids|rent] at {#addr}, [both parties|parties] [calm|separated] on arrival"],
            CadTypes: ["DOMESTIC DISTURBANCE", "DISTURBANCE"]),

        new("parking", false,
            Training:
            [
                "{rp} reports a [vehicle|car|{vehicle}] [blocking|parked in] [the driveway|a fire lane|a handicap spot] at {#addr}",
                "[parking complaint|illegally parked vehicle] on {#street}: [citation issued|owner located and moved it|towed]",
            ],
            HeldOut: ["[a car|a truck|a {vehicle}] [left|sitting] on {#street} [for|over] [a week|several days] [with flat tires|with expired tags], [tagged for tow|owner notified]"],
            CadTypes: ["PARKING COMPLAINT", "ABANDONED VEHICLE"]),

        new("lostdog", false,
            Training:
            [
                "{rp} reports [a lost|a missing|their] [dog|puppy|cat] [last seen|that ran off] near {#addr}",
                "[loose|stray] [dog|dogs] [running|wandering] in the [roadway|park] [near|on] {#street}; [animal control|the owner] [notified|located]",
            ],
            HeldOut: ["[found|returned] [dog|pet] [with|wearing] a [tag|collar], [owner|family] [reunited|contacted] [near|at] {#addr}"],
            CadTypes: ["ANIMAL COMPLAINT", "LOST ANIMAL"]),

        new("bikethief", false,
            Training:
            [
                "{rp} reports [a bicycle|an e-bike|a scooter] stolen from [the rack|the porch|the garage] at {#addr}",
                "[bike|bicycle] theft: [lock cut|cable lock cut|unlocked bike taken] [outside|at] [the library|a coffee shop|the apartment complex] on {#street}",
                "[a package|a delivery|a parcel] [was|had been] [taken|stolen|grabbed] from [a porch|the front step|a doorstep] [at|on] {#addr}; [a doorbell camera|a neighbor] [showed|saw] [someone|a person] [walking off with it|leaving with the box]",
            ],
            HeldOut: ["[package|porch package] [taken|stolen] from [a porch|the front step] at {#addr}, [doorbell camera|a neighbor] [captured|saw] [a person|someone] [walking off with it|in a hoodie]"],
            CadTypes: ["THEFT", "LARCENY"]),

        new("carbreak", false,
            Training:
            [
                "{rp} reports [a window smashed|a car broken into] and [a purse|a laptop bag|loose change|sunglasses] [taken|stolen] [on|at] {#street}",
                "[vehicle burglary|car break-in] [in|at] [the parking garage|a lot|the apartment lot] at {#addr}: [rear window broken|door pried]; [no suspect info|report taken]",
                "[several|multiple|a few] [cars|vehicles] [on|along] {#street} were [gone through|rummaged through|entered] [overnight|last night], [unlocked|doors left unlocked]; [loose change|chargers|sunglasses] [missing|taken]",
            ],
            HeldOut: ["[several|multiple|two] cars [on|along] {#street} [rummaged through|entered] overnight, [unlocked|doors unlocked], [minor items|change|chargers] missing"],
            CadTypes: ["BURGLARY VEHICLE", "THEFT", "CRIMINAL MISCHIEF"]),

        new("intox", false,
            Training:
            [
                "{rp} reports [an intoxicated|a drunk|an impaired] [person|man|woman] [stumbling|yelling|passed out] [near|at] {#addr}",
                "[intoxicated|disorderly] [subject|patron] [refusing to leave|causing a scene at] [a bar|a restaurant|a convenience store] on {#street}; [taken home|cab called|cited]",
            ],
            HeldOut: ["[public intoxication|drunk in public] - [subj|person] [found|sitting] [on the curb|in the bus shelter] at {#addr}, [EMS evaluated|released to family|transported]"],
            CadTypes: ["INTOXICATED PERSON", "DISORDERLY", "DISTURBANCE"]),

        new("graffiti", false,
            Training:
            [
                "{rp} reports graffiti [tags|spray paint] on [a garage door|a backyard fence|a dumpster] at {#addr}",
                "[kids|juveniles|teens] [tagging|spray painting] [a wall|the skate park|a retaining wall] on {#street}; [gone on arrival|parents contacted|advised]",
                "[vandalism|damage|graffiti] [to|on] [a mailbox|a bus shelter|a park bench|a street sign|a playground slide] [on|near] {#street}; [public works|the city] [notified|will repair], [no suspects|report taken]",
                "[kids|teens|someone] [kicked in|broke|scratched] [a bus shelter panel|a park bench|a trash can|a stop sign] [near|on] {#street}; [minor damage|photographed for the report|public works notified|city notified]",
            ],
            HeldOut: ["[vandalism|graffiti] on [a mailbox|a park bench|a bus shelter] [near|on] {#street}, [public works notified|photographed for the report]"],
            CadTypes: ["VANDALISM", "CRIMINAL MISCHIEF"]),
    ];
}
