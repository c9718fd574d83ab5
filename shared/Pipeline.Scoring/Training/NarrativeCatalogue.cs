using Pipeline.Contracts;

namespace Pipeline.Scoring.Training;

/// <summary>The sentence templates of one ISE-SAR category.</summary>
/// <param name="Code">The category code.</param>
/// <param name="Training">Templates the training split uses; ids are <c>CODE.0</c> onward.</param>
/// <param name="HeldOut">Templates only the held-out split uses, numbered after the training ones.</param>
/// <param name="CadTypes">CAD call types that fit the category.</param>
internal sealed record CategoryTemplates(string Code, string[] Training, string[] HeldOut, string[] CadTypes);

/// <summary>
/// Sentence templates for the sixteen ISE-SAR categories. Each template is a different sentence
/// structure (officer active voice, passive, reporting party, first-person tip, terse CAD remark,
/// question and answer, discovery, staff report...); the held-out ones use structures the training
/// ones never use (fronted participles, clefts, form fields, evidence-first sentences).
/// </summary>
internal static class NarrativeCatalogue
{
    /// <summary>Generic CAD call types: any report, positive or negative, may carry one.</summary>
    public static string[] GenericCadTypes { get; } =
    [
        "SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE", "SUSPICIOUS CIRCUMSTANCES", "INFORMATION", "AREA CHECK",
        "CITIZEN ASSIST", "FOLLOW UP", "UNKNOWN PROBLEM", "DISTURBANCE", "WELFARE CHECK", "SECURITY CHECK",
    ];

    /// <summary>
    /// Category pairs that naturally occur together in one report. Every category is in exactly
    /// three pairs, so drawing a partner for a uniformly drawn category keeps labels balanced.
    /// </summary>
    public static (string First, string Second)[] Pairs { get; } =
    [
        (IseSarCategories.Photography, IseSarCategories.Surveillance),
        (IseSarCategories.Eliciting, IseSarCategories.TestingSecurity),
        (IseSarCategories.Intrusion, IseSarCategories.Misrepresentation),
        (IseSarCategories.Theft, IseSarCategories.Intrusion),
        (IseSarCategories.Materials, IseSarCategories.Weapons),
        (IseSarCategories.Aviation, IseSarCategories.Photography),
        (IseSarCategories.Sabotage, IseSarCategories.Intrusion),
        (IseSarCategories.Cyberattack, IseSarCategories.Eliciting),
        (IseSarCategories.Threat, IseSarCategories.Weapons),
        (IseSarCategories.Expertise, IseSarCategories.Recruiting),
        (IseSarCategories.SectorSpecific, IseSarCategories.TestingSecurity),
        (IseSarCategories.Misrepresentation, IseSarCategories.Eliciting),
        (IseSarCategories.Misrepresentation, IseSarCategories.TestingSecurity),
        (IseSarCategories.Theft, IseSarCategories.Cyberattack),
        (IseSarCategories.Theft, IseSarCategories.Materials),
        (IseSarCategories.Sabotage, IseSarCategories.SectorSpecific),
        (IseSarCategories.Sabotage, IseSarCategories.Cyberattack),
        (IseSarCategories.Threat, IseSarCategories.Surveillance),
        (IseSarCategories.Threat, IseSarCategories.Recruiting),
        (IseSarCategories.Aviation, IseSarCategories.Surveillance),
        (IseSarCategories.Aviation, IseSarCategories.SectorSpecific),
        (IseSarCategories.Expertise, IseSarCategories.Weapons),
        (IseSarCategories.Materials, IseSarCategories.Expertise),
        (IseSarCategories.Recruiting, IseSarCategories.Photography),
    ];

    /// <summary>The sixteen categories' templates, in catalogue order.</summary>
    public static IReadOnlyList<CategoryTemplates> Categories { get; } =
    [
        new(IseSarCategories.Intrusion,
            Training:
            [
                "{officer} {observe} {actor} at the {target} as they {breach_past} and [entered|walked into|headed for] the {restricted}",
                "the {barrier} at the {target} [was|had been] [cut|breached|pried apart|damaged] and {actor} {breach_found}",
                "{rp} [states|reports|advised] {actor} {breach_past} and was [seen|observed] [walking around|inside] the {restricted} without [authorization|a badge|an escort]",
                "I [work|am a guard] at the {target} and [I saw|caught] [a guy|someone|a person] [trying to get|attempting to get|getting] into the {restricted} [through|via] the {door}",
                "subj [inside|in] {restricted} [no badge|w/o authorization|unauth], [entered via|came thru|jumped] {barrier}",
                "Q: How did the person get in? A: [Climbed|Cut through|Crawled under|Went over] the {barrier} [near|by] the {site_part}",
                "{actor} tried the handles of [several|multiple|{#n}] [locked|secured] doors at the {target} before [getting in through|slipping into] the {restricted}",
                "[Alarm|Door alarm|Motion sensor] activation at the {restricted}; [guards|security|responding officers] [found|located|encountered] {actor} [inside|in the area] with [bolt cutters|a pry bar|a ladder|a cloned badge|gloves and a flashlight]",
                "without [authorization|a badge|permission], {actor} [followed|tailgated] [an employee|a delivery driver|a contractor] through the {entry} [into|and entered] the {restricted}",
                "{actor} [got|made it|found a way] [into|inside] the {restricted} [without being|without getting] [buzzed in|badged in|signed in|checked]",
                "[security|staff] [found|caught] {actor} [wandering|walking around|roaming] [in|through] the {restricted} [where only|which only] [employees|badged staff|authorized personnel] [may|are allowed to] go",
                "{actor} [slipped|snuck|sneaked] [past|by] the [guard|front desk|receptionist|checkpoint] [and|then] [headed|went] [upstairs|to the back|into the {restricted}]",
                "[a hole|an opening|a gap] [was|had been] [cut|made] in the {barrier} [and|with] [footprints|tracks|a trail] [leading|going] [to|toward] the {restricted}",
                "[trespasser|trespass|unauth person] [in|inside] {restricted} at {target}, [hopped|climbed|went over] [fence|wall|gate], [detained|fled on foot|GOA]",
                "{actor} [refused|ignored] [orders|instructions|warnings] to stop and [pushed|forced|ran] [past|through] the [guard|gate|checkpoint|barrier] [into|onto] the [{restricted}|grounds]",
                "[someone|{actor}] [broke|smashed] [a window|the glass|a lock] [to get|and got] into the {restricted} [of|at] the {target}",
                "[staff|the guard] [stopped|confronted] {actor} [on|inside] the [property|grounds|premises] of the {target} [past|beyond] the [no trespassing|authorized personnel only|restricted area] signs",
                "{actor} [got into|entered|accessed] the {restricted} [using|with] [someone else's badge|a duplicated key|an old access card|a key that was never returned|a stolen door code]",
                "[tracks|muddy footprints|a cut padlock|bent fence wire] [showed|indicated] [where|that] {actor} had [gotten in|come over the fence], and [guards|officers] [found|tracked] [the person|them] [to|in] the {restricted}",
                "[an employee|staff] [propped|held] the door for {actor}, who [had no business|had no reason|was not authorized] [being|to be] in the {restricted}",
                "{actor} [gained|got] [entry|access] [to|into] the {restricted} [by swiping|by tapping|with] [a badge issued to another employee|a coworker's access card|a key card that was not theirs|a badge that had been reported lost]",
                "[badge records|access logs|the door system] [showed|recorded] [a card|a badge] [belonging to|issued to] [an employee on vacation|a worker who had left the company|someone else] [used|being used] [to open|at] the {restricted} [while|when] {actor} [was seen going in|walked through|slipped inside]",
            ],
            HeldOut:
            [
                "once past the {barrier}, {actor} [made|headed] straight for the {restricted} [and was|before being] [stopped|detained|confronted] by [staff|security|a supervisor]",
                "[fresh|new] [footprints|cut marks|pry marks] [at|on] the {barrier} led [investigators|officers|security] to {actor} [crouched|hiding|sitting] [inside|behind] the {restricted}",
                "{actor} gained entry [to|into] the {restricted} at the {target} by [holding|using] a [badge that belonged to someone else|borrowed key card|copied key]",
            ],
            CadTypes: ["TRESPASS", "BURGLARY ALARM", "PROWLER", "BURGLARY", "INTRUSION ALARM"]),

        new(IseSarCategories.Misrepresentation,
            Training:
            [
                "{actor} {claim} {fake_role} [and asked to|and demanded to|in order to] [be let into|inspect|access] the {site_part} at the {target}; [a check showed|verification revealed|staff later learned] {misrep_flag}",
                "[false|fake|altered] [identification|credentials|paperwork] [was|had been] presented at the {site_part} by {actor} who {claim} {fake_role}",
                "{rp} [states|reports] {actor} wearing {uniform_item} [showed up|arrived] [saying|claiming] there was a [work order|scheduled inspection|service call], but {misrep_flag}",
                "[a guy|someone|a person|a man|a woman] came to [my|our] [front desk|gate|door] at the {target} claiming to be a {fake_role}, but [something was off|I did not believe it|the story did not add up] because {misrep_flag}",
                "subj [claiming|stating] to be {fake_role}, [no valid ID|ID not verified|creds not verified|ID looks fake], [req|requested|wanted] access to {site_part}",
                "Q: Did the subject show identification? A: [A badge|An ID card|A business card|A work order] that [looked fake|did not match|had a different name|appeared altered], but kept insisting that the {fake_org} had sent them",
                "{actor} [gave|provided] [a false name|two different names|a name that did not match the ID|a fake date of birth] [to|when questioned by] [staff|security|officers] and [produced|carried|had] {id_set}",
                "{actor} was [wearing|dressed in] {uniform_item} [and|while] [directing|telling] [staff|employees|visitors] [where to go|to leave the area|to open the {site_part}] even though {misrep_flag}",
                "[dispatch|security|the site manager] [confirmed|verified] that {misrep_flag} after {actor} [arrived|appeared] at the {target} [posing as|claiming to be] a {fake_role}",
                "{actor} [pretended|was pretending] to [work for|be with|represent] the {fake_org} [to get|in order to get|so as to get] [into|past] the {site_part}",
                "{actor} [impersonated|was impersonating|passed themselves off as] {fake_role_a} [at|to staff at] the {target}",
                "[the badge|the ID|the uniform|the paperwork] {actor} [wore|carried|showed] [turned out to be|was] [fake|forged|counterfeit|bogus|stolen]",
                "{actor} [lied|gave a false story] about [who they were|their employer|why they were there] [to get|trying to get] [into|access to] the {site_part}",
                "[imposter|impersonator|susp subj] [claiming|stating] to be [w/|with|from] {fake_org}, [no record|unverified|fake ID], [denied entry|left|GOA]",
                "[using|with] [a fake name|someone else's name|a made-up company], {actor} [signed in|registered|checked in] at the [front desk|visitor log|security desk] of the {target}",
                "{actor} [flashed|showed] [a badge|a shield|an ID] [and|then] [said|claimed] [to be|they were] [with|from] [law enforcement|the FBI|the police|the fire department] [but|yet] [could not|would not] [give|provide] a [badge number|department name|supervisor name]",
                "{actor} [showed up|arrived|parked] [at|outside] the {target} in a [van|pickup|truck] [with|bearing|covered in] [fake|homemade|peel-off|magnetic] [company logos|utility markings|contractor signs], [but|and] the [company|utility|contractor] [said|confirmed] [it had sent nobody|it had no such job|the vehicle was not theirs]",
                "the [agency|company|utility|department] [named|claimed] by {actor} [had never heard of|had no record of|did not employ] [the person|anyone by that name|a {fake_role} by that name] [who came to|who visited|who turned up at] the {target}",
            ],
            HeldOut:
            [
                "posing as a {fake_role}, {actor} [talked|tried to talk] [a receptionist|the gate attendant|an employee] into [opening|unlocking|granting access to] the {site_part}[, but the story fell apart when|; it later emerged that] {misrep_flag}",
                "[nobody|no one] at the {fake_org} had heard of the {fake_role} who [visited|showed up at] the {target} [in|wearing] {uniform_item}",
                "the [vehicle|truck|van] {actor} arrived in [bore|had] [magnetic|stick-on|homemade] [company signs|logos|decals] for a [contractor|utility|service company] that [had no record of|denied any connection to] the [visit|job|person]",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "FRAUD", "IMPERSONATION", "FORGERY"]),

        new(IseSarCategories.Theft,
            Training:
            [
                "{officer} {observe} {actor} [leaving|walking out of] the {target} [carrying|with] {theft_item} [taken|removed] from the {theft_loc}",
                "an inventory [at|of] the {target} [showed|found|revealed] {theft_item} missing from the {theft_loc}[ after {actor} was seen nearby|]",
                "{rp} [reports|states] {actor} {theft_verb} {theft_item} from the {theft_loc} at the {target}",
                "I [think|believe] [the contractor|a temp worker|a visitor|someone] {theft_verb} {theft_item} from our {theft_loc}[, and|;] [nobody knows|no one knows] why [they would want it|anyone would take that]",
                "[theft|stolen|missing] {theft_item} from {theft_loc} at {target}, [unk susp|susp fled in {vehicle}|poss inside job]",
                "Q: What was taken? A: {theft_item}, [from the {theft_loc}|out of a locked drawer|from a parked company vehicle], and nothing of value was touched",
                "[someone|{actor}] broke into the {theft_loc} at the {target} and {theft_verb} {theft_item} [while leaving|but left] [cash|tools|other valuables] behind",
                "{actor} was caught on camera {theft_verb_ing} {theft_item} [and|then] [driving|walking] away from the {site_part}",
                "[security|management|a supervisor] discovered that {theft_item} had been [taken|removed|diverted] [from the {theft_loc}|during the night|over the weekend]",
                "[someone|{actor}] [swiped|lifted|snatched|made away with] {theft_item} [from|out of] the {theft_loc}",
                "{theft_item} [went missing|disappeared|vanished|could not be found] [from|at] the {target} [right after|shortly after|the day after] {actor} [visited|was there|was let go]",
                "[an employee|a contractor|{actor}] [was caught|was found] [sneaking|smuggling|trying to take] {theft_item} [out of|off] the {target}[ in a {bag}|]",
                "[stolen|missing|taken] - {theft_item}, {target}, [unk susp|poss employee|last seen {time_phrase}]",
                "[an audit|a count|a check of the logs] [found|showed] that {theft_item} [had gone unaccounted for|was never returned|was signed out and never returned]",
                "{actor} [took off|drove away|left] with {theft_item}[, which was later found abandoned|, and it has not been recovered|]",
                "[a break-in|a burglary] at the {target} [netted|targeted] only {theft_item}[, leaving cash behind|; nothing else was taken]",
            ],
            HeldOut:
            [
                "missing since [last week|the weekend|{#date}]: {theft_item} [belonging to|issued by|assigned to] the {target}; [the last person with access was|staff suspect] {actor}",
                "someone signed out {theft_item} from the {theft_loc} under a false name and never brought [anything|it all] back",
                "after {actor} [left|departed] the {target}, [staff|the crew|the supervisor] noticed {theft_item} [gone|no longer there] from the {theft_loc}",
            ],
            CadTypes: ["THEFT", "BURGLARY", "STOLEN VEHICLE", "LARCENY"]),

        new(IseSarCategories.Sabotage,
            Training:
            [
                "{officer} {observe} {actor} as they {sabot_past} {sabot_obj} at the {target}",
                "{sabot_obj} at the {target} [had been|was] {sabot_pp} [overnight|sometime after {#time} hrs|during the weekend], [causing|resulting in] {sabot_effect}",
                "{rp} [reports|states] [finding|discovering] {sabot_evidence} on {sabot_obj} at the {target}",
                "I [saw|watched] [someone|a guy|a person] [messing with|fiddling with|hacking at|kicking] {sabot_obj} [outside|at|near] the {target} [and then|right before] [the lights went out|sparks flew|it started leaking|the alarm went off|they ran off]",
                "[tampering|damage|vandalism] to {sabot_obj} at {target}, {sabot_evidence}",
                "Q: What was damaged? A: {sabot_obj}; [someone|the suspect|a person] {sabot_past} it",
                "{actor} was [seen|caught] [on camera|by staff] [deliberately|intentionally|repeatedly] {sabot_ing} {sabot_obj} [before fleeing|and then ran|before driving off in a {vehicle}]",
                "[maintenance|crews|technicians] [responding to|investigating] [an outage|a fault|an alarm] found {sabot_evidence} and determined {sabot_obj} [had been|was] [intentionally|deliberately] {sabot_pp}",
                "[graffiti|threatening graffiti|symbols] [covered|appeared on] the {site_part} of the {target} and {sabot_obj} [was|had been] {sabot_pp}",
                "{actor} [deliberately|intentionally|purposely] {sabot_past} {sabot_obj} at the {target}, [causing|which caused] {sabot_effect}",
                "[investigators|technicians|the utility] [determined|found|concluded] that {sabot_obj} at the {target} [did not fail on its own|was not worn out|had not broken by accident]; {sabot_evidence} [pointed to|showed] [tampering|deliberate damage|sabotage]",
            ],
            HeldOut:
            [
                "someone [went to the trouble of|deliberately went about] [disabling|cutting|damaging] {sabot_obj} at the {target}; investigators found {sabot_evidence} at the scene",
                "damage [noted|found|discovered] at the {target}: {sabot_obj} {sabot_pp}, {sabot_evidence}",
                "the [outage|shutdown|failure] at the {target} [was not an accident|was no accident|was deliberate]: {sabot_obj} had been {sabot_pp} [by hand|with tools|by someone who knew what they were doing]",
            ],
            CadTypes: ["CRIMINAL MISCHIEF", "VANDALISM", "TAMPERING", "DAMAGE TO PROPERTY"]),

        new(IseSarCategories.Cyberattack,
            Training:
            [
                "[IT staff|the network administrator|the plant engineer|security operations] at the {target} [reported|detected|identified] {cyber_event} targeting the {system}",
                "the {system} at the {target} was [accessed|compromised|taken offline|locked by ransomware|breached] [by an unknown party|from an outside IP address|after an employee opened a malicious attachment]",
                "{rp} [reports|states] [employees|staff|several workers] received [calls|emails|text messages] from [someone|a person] [claiming to be|posing as] IT [support|staff] asking for their [passwords|login credentials|VPN codes]",
                "I [found|noticed] [a small device|an unfamiliar USB stick|a box with blinking lights|a cable I did not recognize] plugged into [a network port|the back of a workstation|the server rack|a computer] [in|at] the {target}[ that nobody installed|; IT says it is not ours|]",
                "[cyber incident|network intrusion|hack|ransomware] at {target}, {system} [down|offline|locked|compromised], [poss|possible] [outside actor|intrusion|insider]",
                "Q: What happened to the system? A: [Settings|Setpoints|Valves|Pump speeds|Door locks] [changed|were changed] [remotely|on their own|without anyone at the console], according to the [operator|engineer|IT lead]",
                "{actor} was [seen|caught] [plugging a device into|connecting a laptop to|inserting a USB drive into] [a network jack|a workstation|the {system} console] in the [lobby|control room|server room|unattended office]",
                "[logs|audit logs|firewall logs] show [repeated|thousands of|a burst of] [failed login attempts|connection attempts|password attempts] [against|on] the {system} [from|originating from] [an overseas address|an unknown IP|a VPN service]",
                "[the public website|the web portal|the online payment page] of the {target} was [defaced|hijacked|knocked offline] and replaced with [a threatening message|extremist images|a ransom demand]",
                "[somebody|someone|an outsider|a hacker] [got into|broke into|hacked into] the {system} [at|of] the {target} [and|then] [changed|deleted|locked] [files|settings|accounts]",
                "[employees|staff] [could not|were unable to] [log in|access their files|use the {system}] [after|because] [a virus|a hacker|a malware attack|a ransomware attack] [hit|infected|took down] the {target}",
                "[computer|cyber|hacking] [incident|complaint] - {target}, [system down|ransom demand|data stolen], [IT|mgmt] [adv|reports]",
                "[a phone call|an email|a text] [pretending to be|that looked like it came from] [the help desk|a vendor|the bank] [tricked|got] [an employee|a clerk|the manager] into [giving up|handing over|typing in] [a password|login credentials|remote access]",
                "[data|records|files] [were|had been] [stolen|copied|downloaded|exfiltrated] [from|off] the {system} [and|then] [posted online|offered for sale|used for extortion]",
                "[an unknown|a strange|a rogue] [laptop|device|wireless router] [was|had been] [hidden|left|tucked] [behind|under|inside] [a desk|a ceiling tile|a cabinet] [at|in] the {target}, [connected to|plugged into|talking to] the network",
            ],
            HeldOut:
            [
                "[an operator|an engineer|a technician] [watched|saw] the mouse cursor [move|moving] [by itself|on its own] on the {system} screen [and open|and change] [control settings|valve settings|the alarm panel]",
                "ransom note [appeared|displayed] on [every|several|most] workstations at the {target}; [files|records|the {system}] [encrypted|locked|unavailable]",
                "[staff|employees] were tricked into [entering their credentials on a fake login page|clicking a spoofed vendor email|opening a fake invoice link], [after which|and then] [someone|an outsider] [logged into|accessed] the {system}",
            ],
            CadTypes: ["COMPUTER CRIME", "FRAUD", "INFORMATION", "CYBER INCIDENT"]),

        new(IseSarCategories.Threat,
            Training:
            [
                "{actor} [stated|said|told staff|yelled] that [he|she|they] would {threat_act}",
                "a [threat|threatening message|written threat] to {threat_act} was [received|made|left] {threat_medium}",
                "{rp} [reports|states] {actor} threatened to {threat_act} {threat_medium}",
                "[my coworker|a former employee|a customer|my neighbor|a guy I know] [told me|said to me|posted] that [he is going to|he was going to|they are going to|they will] {threat_act}[ and|,] [I think he means it|it did not sound like a joke|he has guns|he named a date]",
                "[threats|bomb threat|threat] [rcvd|received|made] [via phone|by phone|online|in person], caller stated [will|going to] {threat_act}",
                "Q: What exactly was said? A: [You will all see|Wait until next week|You will regret this], I am going to {threat_act}",
                "{actor} [posted|shared|uploaded] [a video|messages|photos of weapons] [online|on social media] [saying|stating|vowing] [he|she|they] would {threat_act}",
                "[while being|after being] [fired|trespassed|denied entry|escorted out] from the {target}, {actor} [shouted|warned|said] that [staff|everyone] would [regret this|see what happens|not be safe] and [mentioned|talked about] [bringing a gun|a bomb|fire|coming back]",
                "[bomb threat|threat] [called in|phoned in|emailed] to the {target} [stating|claiming|warning] that [a device|a bomb|explosives] [had been placed|was hidden|would go off] [in|near] the {site_part}",
                "[an anonymous|a handwritten|a typed] [letter|note|message] [sent|delivered|left] [to|at] the {target} [warned|said|claimed] that [people|employees|visitors] would [die|be hurt|be killed] [if|unless] [the plant|the office|they] [did not close|kept operating|ignored the demands]",
                "{actor} [told|warned] [a clerk|a nurse|the receptionist|a guard] that everyone there [had better|should] [watch out|be careful] because [something big|an attack|a bomb] [was coming|would happen] [soon|this week]",
                "{actor} {threat_say} {threat_line}",
                "[a caller|an unknown caller|someone] [phoned|called] the {target} [and said|saying|stating] [there was a bomb|a bomb was] [in|inside|planted in] the [building|{site_part}] [and|then] hung up",
                "[an email|a threatening email|a message] [sent|came in] to [staff|the front office|the general inbox] at the {target} [said|stated|warned] that [the building|staff|everyone] would be [attacked|targeted|hit] [unless|if] [demands were met|they did not shut down|the layoffs went ahead]",
                "{actor} [vowed|promised|swore] [revenge|to get even|payback] [against|on] the {target} after [being fired|being banned|losing a lawsuit] and [mentioned|talked about] [guns|a bomb|setting it on fire|what happened at other workplaces]",
                "'You will all pay,' {actor} [shouted|yelled|said] [while|as] [being escorted out|walking out|leaving] of the {target}, [adding|and added] that [he|she|they] [knew where staff parked|had guns at home|would be back]",
                "[threat|threats|terroristic threats] - [subj|caller|ex-employee] [advised|stated|said] [will|would|gonna] [shoot|kill|bomb|hurt] [staff|everyone|people] at {target}, [units adv|extra patrol|susp GOA]",
                "[a note|a letter|a sign] [left|taped|slipped] [on|under|to] the [door|windshield|{site_part}] [said|read|warned] that [the {target} would be next|people there would die|a bomb was hidden inside|they would not be warned again]",
                "[on social media|in an online post|in a group chat], {actor} [wrote|posted|said] that [he|she|they] [was going to|planned to|would] [do something|make an example|take care of things] at the {target}, [with|next to] [a picture of|a photo of|a video showing] [a rifle|a handgun|ammunition|the building]",
                "{actor} [made|issued|uttered] [threats|threatening statements|veiled threats] [toward|against|about] [staff|officials|employees] of the {target}, [saying|suggesting|hinting] that [something bad|something terrible|what happened at other places] would happen [there|to them]",
                "{actor} [boasted|kept saying|mentioned more than once|joked, but seemed serious,] that [he|she|they] [planned|intended|meant] to {threat_act}",
                "[a message|graffiti|a scrawled note] [on|at] the {site_part} [said|warned|read]: [this place will burn|you are all next|the {target} goes boom|everyone here dies]",
                "[investigators|a coworker|a relative] [learned|reported] that {actor} [intends|intended|is planning] to {threat_act} [and has been|after] [making lists|researching the building|buying supplies]",
                "{actor} [named|mentioned] [a date|a day|the next event] [on which|when] [he|she|they] would {threat_act}",
                "{rp} [called|phoned in] to report that {actor} had [threatened|sworn|promised] to {threat_act} [after|during] [an argument with staff|a dispute over a bill|being told to leave|a disciplinary meeting]",
                "[text messages|voicemails|emails|direct messages] [from|sent by] {actor} to [a supervisor|the manager|a former coworker|staff] at the {target} [said|stated|made clear] that [he|she|they] [would|planned to|was going to] {threat_act}",
                "[a caller|a man|a woman|someone] [who would not give a name|with a disguised voice|calling from a blocked number] [told|warned] the [operator|dispatcher|receptionist] that [he|she|they] [would|was about to] {threat_act}",
                "[staff|employees|a guard] [heard|overheard] {actor} [muttering|saying|repeating] that [he|she|they] [was going to|would] {threat_act}[, and the person was not joking|, then stormed out|, and took it seriously|]",
                "[after|following] [a heated meeting|a denied permit|an eviction notice|a lost custody hearing], {actor} [told|warned] [officials|the clerk|staff] that [he|she|they] would {threat_act} [if|unless] [things did not change|the decision stood|they did not get their way]",
            ],
            HeldOut:
            [
                "[staff|witnesses|employees] described {actor} as [calm|agitated|angry] when [swearing|promising|vowing] to {threat_act}",
                "[next time|next week|on Friday], [this place|the {target}] [goes up in flames|will not be standing|is going down], read [a note|a message|graffiti] [found|left] at the {site_part}",
                "[according to|per] [a coworker|the RP|witnesses], {actor} [has been|was] [talking about|describing|bragging about] [plans|a plan|wanting] to {threat_act}",
                "in [a rambling|an angry|a late-night] [post|video|voicemail], {actor} [named|singled out] the {target} as the place where [people|staff|everyone] [would|were going to] [pay|die|get hurt]",
            ],
            CadTypes: ["THREATS", "BOMB THREAT", "HARASSMENT", "TERRORISTIC THREATS"]),

        new(IseSarCategories.Aviation,
            Training:
            [
                "{officer} {observe} a {drone} {aviation_act} the {site_part} of the {target} [for several minutes|at low altitude|at about {#n}00 feet|after nightfall]",
                "{laser} was pointed at {aircraft} from [the area of|near|a rooftop near] {#addr}",
                "{rp} [reports|states] a {drone} [carrying|with] [a package|an object|a small payload|something attached] [flew|was flying] [over|into|toward] the {target}",
                "I [saw|watched] a {drone} [fly|come] [over|right over|across] the [fence|wall|perimeter] [of|at] the {target} and [hover|circle|stop] [over|above|near] the {site_part}",
                "[uas|drone|laser strike] [over|near|at] {target}, [pilot|tower|faa|security] [reports|rptd], operator [not located|unk|in {vehicle}]",
                "Q: Where was the operator? A: [In a parked car|Behind the fence line|On a rooftop|Never found|In a {vehicle}] [about|approximately] {#n}00 yards away, [flying|controlling] the {drone} [over|near] the {site_part}",
                "[a pilot|the control tower|air traffic control|a helicopter crew] reported [a laser strike|a {drone} in {airspace}|a near miss with a {drone}] [while|during] [landing|approach|takeoff|a patrol over the {target}]",
                "{actor} [asked|inquired] at the [flight school|airport FBO|aircraft rental counter] about [renting a plane|flying|lessons] but [only wanted to|showed interest only in how to] [fly over the {target}|turn and steer, not land|carry heavy cargo|fly at very low altitude]",
                "[someone|{actor}] [attempted to enter|tried to board|was found inside] [an aircraft|a parked plane|the cockpit of a plane] [on the ramp|at the general aviation terminal|at the airport] [without authorization|after hours]",
                "[someone|{actor}] was [shining|pointing|aiming] {laser} [at|into the cockpit of] {aircraft}",
                "a {drone} was [buzzing|zipping|whirring] [around|above|over] the {site_part} [of|at] the {target} [with|and had] [a camera|a light|something hanging from it]",
                "[drone|uas] [over|near] {target}, [hovering|circling] [at|over] {site_part}, [op not located|op in {vehicle}|rp adv ongoing]",
                "[pilots|air traffic control|the tower] [reported|said] [a drone|an unmanned aircraft] [came within|passed within|was seen] [{#n}00 feet|a few hundred feet] of {aircraft}",
                "{actor} [launched|flew|sent up] a {drone} [from|out of] [a parked {vehicle}|the parking lot|the roadside] [and|then] [steered|flew] it [over|toward|across] the [fence|perimeter] of the {target}",
                "{actor} [tried to|attempted to] [get into|climb into|start] [a small plane|a helicopter|an aircraft] [at|on] the [airfield|airport ramp|hangar] [and|but] [had no pilot's license|was not a pilot|had no authorization]",
                "[a drone|an aircraft|something] [dropped|released|let go of] [an object|a package|contraband] [over|into] the [yard of the |]{target}",
                "[residents|several callers|neighbors|staff] [reported|called about] [a small plane|a helicopter|an aircraft|a {drone}] [with no lights|flying very low|without markings] [circling|passing over|crossing] the {target} [again and again|several times|repeatedly] [late at night|in the early morning|during the event]",
                "[an unlit|a low-flying|an unmarked] [aircraft|helicopter|small plane] [kept|was] [circling|making passes over] the {site_part} of the {target} [for|over] {duration_bare} and [did not answer|would not respond to] [the tower|radio calls]",
                "{actor} [flew|was flying] a {drone} [over|into] {airspace} [near|around] the {target} [and|but] [had no waiver|had no authorization|refused to land it|flew off when approached]",
                "[the pilot|the crew|a helicopter pilot] of {aircraft} [was|were] [dazzled|blinded|hit|struck] by {laser} [coming from|aimed from] [a parked {vehicle}|a backyard|the roof of the {target}]",
            ],
            HeldOut:
            [
                "overhead, a {drone} [stayed|remained|held position] above the {site_part} [for|over] {duration_bare} and [left|flew off] [when|as soon as] [police|officers|security] arrived",
                "[multiple|several] [callers|residents|staff members] [described|reported] a [low-flying|unlit|unmarked] [aircraft|small plane|helicopter|{drone}] [repeatedly|several times] [circling|crossing] the {target} [late at night|at dawn|during the event]",
                "eyes [hurting|burning] and vision impaired, the [pilot|crew] of {aircraft} [reported|radioed] being [hit|struck] by {laser}",
            ],
            CadTypes: ["DRONE COMPLAINT", "AIRCRAFT INCIDENT", "LASER STRIKE", "UAS ACTIVITY"]),

        new(IseSarCategories.Eliciting,
            Training:
            [
                "{actor} {elicit_verb} {staff} about {elicit_q} {elicit_flag}",
                "[questions|repeated questions|detailed questions] about {elicit_q} were [put to|directed at|asked of] {staff} by {actor}",
                "{rp} [states|reports] {actor} [wanted to know|kept asking|asked] {elicit_q} and {elicit_q}",
                "[a guy|someone|a lady|a man] [started|struck up] a conversation with me [at the bar|on the bus|at the gym|in the parking lot] and kept asking about my job at the {target}, [like|including|especially] {elicit_q}",
                "[rp|caller|staff] adv subj [asking|questioning staff re|inquiring abt] {elicit_q}, [left in {vehicle}|refused name|unk direction]",
                "Q: What did the person want to know? A: {elicit_q}, and {elicit_q}",
                "[a caller|an unknown caller|a person on the phone] [contacted|called] the {target} [and asked|asking] {elicit_q} [without identifying themselves|but would not give a name|then hung up when asked who was calling]",
                "over the course of {duration_bare}, {actor} asked {staff} [one question after another|repeatedly] about {elicit_q}",
                "[an online|a social media] [account|profile] [messaged|contacted] [several|multiple] employees of the {target} asking {elicit_q}",
                "[making small talk with|chatting up] [workers|employees] [on their smoke break|at the gate|in the lot], {actor} [steered|turned] the conversation to {elicit_q}",
                "{actor} [tried to find out|was curious about|fished for information about|pumped staff for details on] {elicit_q}",
                "[a caller|a person|{actor}] [posing as|pretending to be|claiming to be] [a student|a reporter|a job applicant] [wanted|asked for] [details|specifics] about {elicit_q}",
                "[subj|caller] [asking questions|inquiring] [re|about] [security|guards|alarm|shift times] at {target}, [would not ID|refused name|hung up]",
                "{actor} [wanted|needed|was eager] to [know|learn|find out] {elicit_q}[, and kept coming back to it|, for no reason that made sense|]",
                "[buying drinks for|befriending|chatting with] [a guard|an employee|a worker] [from|at] the {target}, {actor} [pried|dug] for [details|information] [about|on] {elicit_q}",
                "[a survey|a questionnaire|an online form] [sent|emailed|handed] to [staff|employees] at the {target} [asked|wanted to know] {elicit_q}",
                "{staff} was [stopped|approached|questioned] [at|near] the {site_part} by {actor}, [who wanted to know|whose questions focused on|whose interest was in] {elicit_q}",
                "[how fast do the police get here|when do the guards change|who has the keys] - [that was|was] [the kind of question|one thing] {actor} [kept asking|asked] {staff}, [along with|plus] {elicit_q}",
            ],
            HeldOut:
            [
                "'{elicit_q_quote}?' was [one|just one] of [several|many] questions {actor} [put to|asked] {staff}[, who found it odd|; staff thought it was strange|]",
                "{staff} was [approached|cornered|engaged] [in|at] the {site_part} by {actor}, whose [questions|interest] [centered on|focused on] {elicit_q}",
                "{staff} [felt|thought] {actor} was [digging for|fishing for|probing for] [information|details] on {elicit_q}",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS CIRCUMSTANCES", "INFORMATION"]),

        new(IseSarCategories.TestingSecurity,
            Training:
            [
                "{actor} {probe_act} at the {target} {probe_watch}",
                "the [alarm|door alarm|perimeter alarm|gate sensor] at the {target} was [tripped|activated|set off] {#n} times [in one night|within an hour|over the weekend] by {actor} who {probe_watch_past}",
                "{rp} [states|reports] {actor} {probe_act} and then [stood back|moved away|walked off] {probe_watch}",
                "I [think|feel like] [someone|this guy|somebody] [is testing|was testing|keeps testing] our [security|response|guards] at the {target} [because|since] [the person|they] {probe_act}",
                "[unk subj|subj|veh] [tested|tripping|testing] [door|gate|alarm|barrier] at {target}, [left prior to arrival|watched response|timed response|repeat activity]",
                "Q: Did the person try to get in? A: No, [just|only] {probe_act} and [watched|waited to see] what [we|security|the guards] would do",
                "{actor} left a [backpack|bag|suitcase|box] by the {site_part} and [watched|filmed|timed] from [a distance|across the street] how long it took [staff|security|police] to react [before retrieving it|then came back for it|then walked away]",
                "[several|repeated|multiple] [false alarms|unexplained alarm activations|attempts at the gate] at the {target} [coincided with|were followed by|lined up with] [the same {vehicle}|{actor}] [being seen|parked|idling] nearby",
                "[at the checkpoint|at screening|at the gate], {actor} [tried to|attempted to] [carry|bring] [a knife|a prohibited item|a large metal object|an unmarked container] through [and|then] [asked|wanted to know] [what would have happened|why it was caught|which items get flagged]",
                "[someone|{actor}] [kept|repeatedly] [pushing|pulling|shaking] the {site_part} at the {target} [to see if it would open|to see whether an alarm sounded], then [waited across the street|watched from the parking lot] to see whether [security|police|a guard] [came|showed up]",
                "{actor} drove [at|toward] the {site_part} [at speed|fast] and [braked|stopped] [just short|at the last second] [more than once|{#n} times] [while a passenger filmed|and timed how quickly the guards reacted]",
                "{actor} {probe_test_past} at the {site_part} of the {target} {probe_see}",
                "[security|the guard|staff] [reports|says] {actor} [walked|came] up to the [checkpoint|screening lane|guard booth|gate] [and turned back|then turned around and left] [as soon as|once|when] [a guard stepped out|bags were being searched|ID was requested], and was seen doing the same thing [later that day|{repeat_when}]",
                "{actor} set off the [sensor|motion sensor|door contact|beam detector] at the {site_part} and [waited|stood] [nearby|across the street|in the shadows] [until|to see whether] [a guard came out|someone responded|the patrol car arrived], then [left|walked off|drove off]",
                "{actor} [timed|clocked|checked a watch to see] how long it took [the guard|security|a patrol car|staff] to [come out|respond|get to the {site_part}] after [the alarm went off|the door was pushed open|the gate was rattled]",
                "[somebody|{actor}] [went around|walked around] the {target} [checking whether|seeing if] the doors were locked, [pulling on|tugging at|jiggling] [each handle|the handles], [then walked away|and left] [without going in|before anyone came]",
                "[rpt|rp adv] subj [jiggling|tugging] door handles at {target}, [walked off|left] when [alarm sounded|guard responded], [poss testing|appears to be testing] [response|security]",
                "{actor} [asked|tried to get] the guard to [let them in|wave them through|open the {site_part}] without [ID|a badge|screening] and, when refused, [asked|wanted to know] [what would happen if they just walked in|whether the alarm was connected to police|whether anyone would stop them]",
                "[for the third night|night after night|several nights in a row], the [gate sensor|fence alarm|motion detector] at the {target} [went off|was tripped] [around the same time|at about {#time} hrs] and [no one was there|nothing was found] when [guards|officers] arrived, [but|while] [the same {vehicle}|{actor}] was [parked|seen] [up the road|nearby]",
                "{actor} [placed|set down|dropped] [a {bag}|a package|a box] [next to|against] the {site_part} [and|then] [backed off|walked away] to [watch|see] [who would pick it up|how staff would handle it|how long it sat there before anyone noticed]",
                "{actor} [drove|pulled] [right up to|into] the [gate|barrier|{site_part}] [and|then] [backed out|reversed|turned around] [the moment|as soon as] [a guard approached|the barrier started to rise|staff came over], [doing it|repeating this] {#n} times",
                "[whenever|every time|as soon as] the [guard|officer|attendant] [stepped away|went on break|made rounds], {actor} [walked up to|went over to] the {site_part} and [tested|checked|tried] [the lock|the handle|the gate], [leaving|retreating] [before|when] [the guard returned|anyone came back]",
                "{actor} [deliberately|intentionally|purposely] [tripped|triggered|set off] the [alarm|sensors|door contact] at the {site_part}, [apparently|seemingly|clearly] [to learn|to find out|to check] [how security would react|how fast a patrol came|what the guards would do]",
                "[staff|security] [think|suspect|believe] [someone|{actor}] [is|was] [probing|checking|feeling out] [the defenses|our security|the response] at the {target}: [they|the person] {probe_test_past} and [left|walked off] [soon after|when a guard appeared]",
                "[the same|an unknown] {vehicle} [drove up to|approached] the [barrier|gate|{site_part}] [at different times|on several nights] [as if|as though] [checking|testing] [whether it would open|when it was staffed|how the guards reacted]",
                "[every time|whenever|each night] [the guard|security|staff] [went on break|left the booth|started rounds], {actor} [walked up to|approached] the {site_part} and [pushed on it|pulled on it|tried the latch], then [walked off|left]",
                "[security|guards] [answered|responded to] [an alarm|a breach alarm|a sensor alert] at the {site_part} [more than once|{#n} times] and found nothing, [while|but] {actor} [sat|waited|stood] [nearby|across the street|in a parked {vehicle}] [timing|watching] [them|the response]",
            ],
            HeldOut:
            [
                "each time [the guard|security|staff] [left the post|changed shifts|went on rounds], {actor} [approached|went to] the {site_part} and [pulled on|tried|pushed] it",
                "[probing|testing] of the [perimeter|gate|barrier|door] at the {target} suspected: {actor} {probe_act}",
                "[security|the guard|staff] [believes|suspects] {actor} was [gauging|measuring|checking] [response times|how fast officers arrive|what the guards would do] by [deliberately|intentionally] [tripping the alarm|pushing the gate|setting off the sensors]",
                "[twice|three times] in one [week|night], [security|the guards] [responded|ran] to [an alarm|a breach signal] at the {site_part} and found nothing, while {actor} [sat|waited] [in a car|on a bench] [across the road|nearby] [timing|watching] the response",
            ],
            CadTypes: ["ALARM", "BURGLARY ALARM", "SUSPICIOUS CIRCUMSTANCES", "SUSPICIOUS VEHICLE"]),

        new(IseSarCategories.Recruiting,
            Training:
            [
                "{actor} {recruit_act}",
                "funds were being [sent|transferred|moved] by {actor} to {recruit_group} [using|via] {money}",
                "{rp} [reports|states] {actor} [approached|tried to convince|kept pressuring] [coworkers|a relative|young employees] to join {recruit_group}",
                "[a guy|someone|a man|a person] [at my work|at the gym|online|at school] [has been|keeps] [trying to get me|asking me] to [join|help] {recruit_group}[, and offered to pay|, offering money| and says they need people who know the {target}|]",
                "info re subj [recruiting|soliciting members|raising funds] for {recruit_group}, [poss|possible] [financing|recruitment|travel], [rp|source] [adv|states] {money}",
                "Q: What was in the notebook? A: [A list of|Names and] {pii_target}[ along with|, plus] [photos|dates|notes on their routines]",
                "[bank staff|a teller|the bank|a money transfer clerk] [flagged|reported] {actor} [making|sending|wiring] [repeated|large|structured] [cash|money] [transfers|deposits|payments] [to|on behalf of] {recruit_group}",
                "{actor} was [building|putting together|assembling] [a list of|a file on] {pii_target} [and sharing it with|and passing it to|for] [others|associates|{recruit_group}]",
                "[at|outside] the {place_public}, {actor} [was|has been] [handing out|distributing] [flyers|pamphlets|literature] [and|while] [asking|recruiting] [young men|people|teens] to [train|join|fight] with {recruit_group}",
                "{actor} [promised|offered] [young people|two teenagers|a coworker|unemployed men] [money|a paid job|free travel|a place to stay] [to|if they would|in return for agreeing to] [join|fight for|work for] {recruit_group}",
                "[a parent|a teacher|a coach|two friends] [told|informed|tipped off] [police|a counselor|investigators] that {actor} [had been|was] [offering|promising] [cash|jobs|plane tickets] to [anyone|students|young people] who would [sign up with|travel to join|help] {recruit_group}",
                "[recruiting|recruitment] - {actor} [offering|promising] [money|travel|jobs] [to|for] [youths|young adults|people] [to join|who join] {recruit_group}, [rp|source|parent] [adv|reports]",
            ],
            HeldOut:
            [
                "three [people|young men|friends] [told|informed] [police|investigators|a school counselor] that {actor} had [promised|offered] them [money|jobs|travel] if they [would|agreed to] [join|work for|help] {recruit_group}",
                "[financial records|receipts|transfer slips] [found|recovered] in the [vehicle|apartment|storage unit] [show|showed] [payments|money] [going|sent] to {recruit_group}",
                "[seeking|looking for] [people|recruits|members] [with access to|who work at|familiar with] the {target}, {actor} [posted|put up|sent] [messages|ads|invitations] [offering|promising] {money}",
            ],
            CadTypes: ["INFORMATION", "SUSPICIOUS CIRCUMSTANCES", "FRAUD"]),

        new(IseSarCategories.Photography,
            Training:
            [
                "{officer} {observe} {actor} {photo_ing} the {site_part} of the {target} {photo_covert}",
                "[photographs|pictures|photos|close-up images] [were|had been] [taken|shot] of the {site_part} at the {target} by {actor} who {photo_flag}",
                "{rp} [states|stated|reports|advised] [that|] {actor} was {photo_ing} {photo_obj} at the {target} and {photo_flag}",
                "I [noticed|saw|spotted] [a guy|someone|a person|{actor}] {photo_ing} {photo_obj} [near|at|outside] the {target}. [It seemed weird because|What made me nervous is that|The odd thing was] [the person|they] {photo_flag}",
                "susp [subj|person|male|occ] {photo_ing} {site_part} at {target}[, hid phone when approached|, left in {vehicle}| {photo_covert}|]",
                "Q: What drew your attention? A: [A guy|Someone|The subject|A person] was {photo_ing} {photo_obj} {photo_covert}",
                "{actor} used {camera} to {photo_inf} {photo_obj} at the {target}[ and {photo_flag}|]",
                "[security|a guard|plant staff] [observed|noticed|caught] {actor} {photo_ing} the {site_part}, and when [approached|challenged|asked about it] {subjref} {evasion}",
                "{actor} spent {duration_bare} {photo_ing} the {site_part} at the {target} and {repeat_past}",
                "[pictures|photos|video] of the {site_part} [and|including] [guard posts|camera positions|access doors] [were|was] found on [a phone|a camera] [belonging to|carried by] {actor}, who [could not explain|refused to explain] why",
                "{actor} [held up|raised|pointed] [a phone|{camera}] [at|toward] the {site_part} [and|then] [zoomed in|clicked away|kept shooting] [on|at] [the cameras|the locks|the gate mechanism|the guards]",
                "[a guard|staff|security] [caught|spotted] {actor} [snapping|getting] [shots|pictures|images] of the {site_part} [through|over] the [fence|gate|window] [and then|before] [ducking|hiding|turning] [away|behind a car]",
                "{actor} [was|had been] [recording|filming|live-streaming] [the {site_part}|guards at the {site_part}|the comings and goings at the {target}] [on|with] [a phone|a body camera|a dash camera|{camera}] [for|over] {duration_bare}",
                "[images|pictures|video clips] [of|showing] the {site_part} of the {target} [were|had been] [posted|uploaded|shared] [online|to a forum|in a chat group] [with|alongside] [notes|arrows|circles] [marking|pointing out] [cameras|weak spots|entry points]",
                "[subj|person|veh occ] [w/ camera|with phone] [taking pics|recording|filming] [of|at] {site_part} {target}, [zooming on|focused on] [cameras|gates|guards|locks], [left when approached|GOA]",
                "[from|out of] the [window|passenger seat] of a [slow-moving|parked|idling] {vehicle}, {actor} [aimed|pointed] [a camera|a phone|a lens] at the {site_part}",
                "{actor} [asked|told] [a companion|another person|the passenger] to [stand|pose] [in front of|next to] the {site_part} [so the|so that the] [gate|cameras|lock|guard booth] [would be|was] in the [shot|frame|picture]",
                "[a phone on a selfie stick|a camera on a pole|a camera on a long monopod] was [raised|held up] by {actor} to [get|capture] [images|video|shots] over the [fence|wall] of the {site_part}",
                "{actor} {photo_past} the {site_part} [again and again|over and over|several times] [from|standing at|while parked at] [the sidewalk|a spot across the road|the edge of the lot], then {evasion}",
                "[near|outside] the {target}, {actor} {photo_past} the {site_part} and {photo_flag}",
                "[the|a] [guard|staff member|clerk] [saw|watched] {actor} [quietly|discreetly|carefully] {photo_inf} the {site_part}",
            ],
            HeldOut:
            [
                "while [standing|parked|sitting] [near|across from|outside] the {target}, {actor} [repeatedly|methodically|quietly] {photo_past} the {site_part}, then {evasion}",
                "[camera footage|CCTV|surveillance video] [reviewed by|pulled by] [security|the site manager|staff] shows {actor} holding {camera} up to the {site_part} for {duration_bare}; the [images|pictures] appear to focus on [locks|cameras|access points|guard positions]",
                "activity: [photography|picture taking|filming]. location: {site_part}, {target}. behavior: {photo_covert}; {photo_flag}",
            ],
            CadTypes: ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE", "SUSPICIOUS CIRCUMSTANCES"]),

        new(IseSarCategories.Surveillance,
            Training:
            [
                "{officer} {observe} {actor} {watch_ing} the {site_part} of the {target} through {optics} {survl_pos}",
                "{actor} was seen {survl_act_ing} the {site_part} at the {target} {duration}",
                "{rp} reports {actor} [has been|was] {loiter_ing} near the {target} {duration} and {survl_flag}",
                "[I keep seeing|for the past week I have seen|I noticed] the same {vehicle} parked [outside|across from|near] the {target} [every morning|every night|at the same time each day] with someone inside {watch_ing} the {site_part}",
                "susp veh occ {watch_ing} {site_part} {#hours}hrs, [taking notes|w/ binoculars|sketching|writing on clipboard]",
                "the {site_part} [was|had been] [watched|kept under observation|monitored] {survl_pos} by {actor} who was [taking notes|writing in a notebook|sketching|drawing on a pad|checking a watch] the whole time",
                "Q: How long was the person there? A: {duration_bare}, [just|] {watch_ing} the {site_part} [and writing things down|with binoculars|and sketching|without moving]",
                "{actor} walked the [entire|full] perimeter of the {target} {#n} times, [stopping|pausing] [at|near] the {site_part} to [take notes|look at the cameras|jot something down|count paces]",
                "[security|plant staff|the night guard] reports {actor} has been seen {watch_ing} the {site_part} {repeat_when}",
                "{actor} sat [on a bench|in a lawn chair|at a bus stop|on the curb] [facing|opposite] the {site_part} of the {target} {duration}, [never boarding a bus|not using a phone|without any apparent purpose], [noting|watching] [every guard change|each vehicle that entered|staff coming and going]",
                "[staff|employees|guards] [noticed|have noticed] {actor} [watching|staring at|studying] the {site_part} {repeat_when}; [when spotted|each time], {subjref} [looked away|pretended to be on the phone|walked off]",
                "{actor} [kept|kept on] {survl_look} the {site_part} of the {target} {duration}[, never going inside|, with no reason to be there|]",
                "[a car|a {vehicle}|the same {vehicle}] [sat|stayed|was parked] [across from|down the street from|outside] the {target} [for hours|all day|{duration}] with [someone|a person|two people] inside [watching|looking at] the [entrance|front door|{site_part}] [and|but] [nobody|no one] got out",
                "{actor} [was|has been] {survl_ing2} the {target} [and|then] [left|drove off] when [noticed|a guard walked over|staff looked over]",
                "[staff|a guard|employees] [found|saw] {actor} [drawing|making|sketching] a [map|rough map|diagram] of the {site_part} [showing|with] [where the cameras are|the gates|guard posts|doors] [marked|labelled]",
                "{actor} [counted|was counting] the [cameras|guards|light poles|exits] [around|along|at] the {site_part} [out loud|on their fingers|and wrote the number down]",
                "{actor} [paced off|measured|stepped off] [distances|the distance] [from|between] the [road|street|curb] [and|to] the {site_part}[, writing|, jotting] [each number|the numbers] [down|in a notebook]",
                "{rp} [says|states|reports] the same [person|guy|individual] [has been|keeps] hanging around [outside|near] the {target} [every day|for days|all week], [just|always] {survl_look} the {site_part} and [checking the time|looking at a watch|making notes]",
                "[loitering|susp person|susp veh] [at|near] {target} [approx|for] {#hours} hrs, [looking at|eyeing|casing] [entrance|{site_part}], [gone on arrival|goa|left prior]",
                "[it looked like|it seemed like|staff felt] {actor} was casing the {target}: [walking|circling] [the block|the perimeter|the lot] [again and again|over and over], [slowing down|stopping] [at|near] the {site_part} [each time|every pass]",
                "[during|over] [the shift change|the guard change|the morning rush|the delivery window], {actor} [stood|waited|lingered] [near|by] the {site_part} [looking|peering] [at|toward] [the badge reader|the guards|employees coming in] [and|then] [walked away|left] [once|when] it was over",
                "{actor} had {optics} [pointed at|aimed at|fixed on] the {site_part} of the {target} and {survl_flag}",
                "{rp} [saw|watched] {actor} {survl_act_ing} the {site_part} [and|while] [glancing|looking] [around|over their shoulder] [to see if anyone noticed|nervously]",
                "[a notebook|a sketchpad|loose papers|a phone] [belonging to|dropped by|taken from] {actor} [had|held|showed] [notes|a log|a list|sketches] [on|of] [when the guards change|delivery times|camera locations|which gates open when] at the {target}",
                "[using|looking through] {optics}, {actor} [watched|studied|kept an eye on] the {site_part} [and kept|while] {survl_act_ing} the [site|facility|{target}]",
                "[security|staff] [became concerned|grew suspicious] [because|when] {actor} {survl_flag} [while|after] [standing|sitting|parked] [near|across from] the {site_part}",
                "[papers|a notebook|a list] [found|left] [in|near] [a {vehicle}|the {site_part}|a trash can by the {target}] [listed|recorded|showed] [the times|the days and times] [of|when] [deliveries|guard shifts|the gate opened|the armored car came] at the {target}",
                "{actor} [had|was holding] {optics} [aimed at|focused on|trained on] the {site_part} of the {target} and [kept watching|stayed there] {duration}[, writing things down|, checking a watch|]",
                "[watching|observing|studying] the {site_part} from [a parked car|the tree line|a bench across the road|a rooftop], {actor} [stayed|remained] {duration} and [took notes|wrote down times|never left]",
            ],
            HeldOut:
            [
                "parked [facing|with a clear view of] the {site_part} for {duration_bare}, {actor} [did not leave the vehicle|never got out] and appeared to be {survl_act_ing} the [site|facility|area]",
                "what [concerned|alarmed|worried] [staff|the RP|security] was that {actor} had {optics} [trained on|pointed at|focused on] the {site_part} and {survl_flag}",
                "a notebook [recovered|found|left behind] [near|at] the {site_part} contained [sketches|hand-drawn diagrams|notes|times and dates] of [guard rotations|camera positions|the gate schedule|deliveries] at the {target}",
                "{optics} in hand, {actor} [spent|passed] {duration_bare} [studying|scanning|watching] the {site_part} [from the tree line|from across the river|from a rooftop next door]",
            ],
            CadTypes: ["SUSPICIOUS VEHICLE", "SUSPICIOUS PERSON", "LOITERING"]),

        new(IseSarCategories.Materials,
            Training:
            [
                "{actor} {acquire_past} {qty} {material} at a {store} and {materials_flag}",
                "police found {qty} {material} [stored|stacked|hidden] in {storage} [rented by|linked to] {actor}",
                "{rp} [states|reports] {actor} [came in|has come in] [{#n} times|repeatedly|several times this week] to buy {material} and {materials_flag}",
                "[I work|I am a clerk] at a {store} and [a guy|someone|a customer|a man|a woman] [bought|tried to buy|wanted] {qty} {material}, [which is way more than anyone needs|which nobody buys], and {materials_flag}",
                "{store} [staff|clerk|mgr] adv subj [purchasing|bought|buying] {qty} {material}, {materials_flag}",
                "Q: What was in the [storage unit|garage|vehicle|room]? A: {qty} {material} and {qty} {material}",
                "[several|multiple|repeated] [deliveries|shipments|packages] of {material} and {material} went to [a vacant house|a storage unit|a PO box] [rented by|linked to|associated with] {actor}",
                "{actor} was [seen|observed] loading {qty} {material} into [a {vehicle}|a rented van|the back of a pickup|a trailer]",
                "[the landlord|maintenance staff|a neighbor] [found|noticed] [a strong chemical odor|containers of {material}|stacks of {material}] in {storage}",
            ],
            HeldOut:
            [
                "purchase [records|history|logs] at [several|multiple] [stores|locations|retailers] show {actor} buying {material} over [consecutive days|the same week|a short period], [each time in small amounts to avoid limits|always paying cash]",
                "[inside|in] {storage}, [officers|the landlord|the owner] [counted|found] [more than|about|at least] {#n}0 [containers|jugs|bags|boxes] of {material}[ with no obvious use|, far beyond household use|]",
                "stockpiling of {material} [and|along with] {material} by {actor} [was reported|came to light] [when|after] [a delivery driver noticed the volume|the store manager flagged the purchases|a fire inspector visited the unit]",
            ],
            CadTypes: ["SUSPICIOUS CIRCUMSTANCES", "HAZMAT", "INFORMATION"]),

        new(IseSarCategories.Expertise,
            Training:
            [
                "{actor} asked {expert_source} about {expert_topic} and {expert_flag}",
                "private instruction in {expert_topic} was [requested|sought|paid for] by {actor}, who {expert_flag}",
                "{rp} [states|reports] {actor} [enrolled|signed up] for [a course|classes|lessons] [but|and] only [wanted|cared] to learn {expert_topic}",
                "[I teach|I run] [a class|a shooting course|a flight school|a chemistry lab|a security course] and [a student|one guy|a new client] [keeps|kept] asking me {expert_topic}, and [the person|they] {expert_flag}",
                "info - subj [seeking|asking for|wants] [training|instruction|lessons] re {expert_topic}, {expert_flag}",
                "Q: What did the subject want to learn? A: {expert_topic}, nothing else",
                "{actor} was [researching|reading about|downloading manuals on|watching videos on] {expert_topic} [on a library computer|at an internet cafe|on a work computer|at school] [and|while] [taking notes|printing pages|asking staff for help]",
                "[when asked why|questioned about why] [they|the subject] wanted to learn {expert_topic}, {actor} {expert_flag}",
                "{actor} [paid|offered to pay] [an employee of the {target}|a former soldier|a contractor] [for|to give] [lessons|a walkthrough|a detailed explanation] [on|of] {expert_topic}",
            ],
            HeldOut:
            [
                "[seeking|looking for] [training|expertise|know-how] [in|on] {expert_topic}, {actor} [contacted|reached out to|visited] {expert_source} [more than once|repeatedly|{#n} times]",
                "[the course|the class|the lesson] [ended|was cut short] [when|after] {actor} [insisted on|kept pushing toward|demanded] [learning|information on] {expert_topic}[ rather than the curriculum|]",
                "of all the [material|training|topics] offered, {actor} [cared|asked] only about {expert_topic}, [according to|said] {expert_source}",
            ],
            CadTypes: ["INFORMATION", "SUSPICIOUS PERSON", "SUSPICIOUS CIRCUMSTANCES"]),

        new(IseSarCategories.Weapons,
            Training:
            [
                "{officer} {weapon_find} {weapon} {weapon_loc} [near|at|behind] the {target}",
                "{weapon} turned up {weapon_loc} [near|at] the {target}",
                "{rp} [reports|states] [seeing|finding] {weapon} {weapon_loc}",
                "[my roommate|my neighbor|a coworker|someone I know] [has|keeps|is collecting] {weapon} [in|at] [the apartment|the garage|a storage unit|the house][ and talks about using them|, way more than any hunter needs| and I am scared|]",
                "[weapons|found property|poss ied|susp device] - {weapon} {weapon_loc}, [bomb squad|ATF|EOD] [req|requested|notified]",
                "Q: What did the [search|officers|team] find? A: {weapon} and {weapon}",
                "[a loud|an unexplained] [explosion|detonation|blast] was heard [near|behind|in a field near] the {target}; [responding officers|deputies] found {residue}",
                "[ER staff|hospital staff|a nurse|clinic staff] reported a patient with {residue_patient} who [could not|would not] explain [how it happened|the injuries]",
                "{actor} was [seen|observed] [carrying|moving|unloading] {weapon} [into|from] {storage}",
                "{actor} [had|was keeping|was hoarding] [an arsenal|a cache|a stockpile] of {weapon_pl} [in|at] {storage}",
                "[a search warrant|a search] [at|of] {storage} [turned up|uncovered|yielded] {weapon} [and|plus] {weapon}",
                "[a maintenance worker|a landlord|a cleaner|a neighbor] [came across|stumbled on|found] {weapon} [while|when] [fixing a leak|cleaning out a unit|clearing brush|emptying the trash] [at|near] the {target}",
                "[pieces of|fragments of|parts from] [a pipe|a pressure cooker|a device] and [burn marks|scorch marks|a smell of gunpowder] were found [after|following] [a loud bang|a blast|an explosion] [near|behind] the {target}",
                "{actor} [showed|bragged about|displayed] [a trunk full of|a bag of|a collection of] {weapon_pl} [to|in front of] [coworkers|a neighbor|friends] [and|while] [talking about the {target}|saying they were ready]",
                "[susp pkg|unattended pkg|found item] [near|at] {site_part} of {target} [w/|with] [wires|pipe|batteries] [visible|protruding], [area evacuated|EOD notified|bomb squad enroute]",
                "[a gun store clerk|a gun shop|a range officer] reported {actor} [buying|trying to buy] [several|{#n}] [rifles|handguns|cases of ammunition] [at once|in one visit] [and|while] [asking about|talking about] [armor-piercing rounds|high-capacity magazines|converting them to automatic]",
                "[officers|deputies|ER staff] [noticed|saw] [burns|blast wounds|missing fingers] on the [hands|arms] of {actor} [and|then] [found|located] [powder|fuses|pipe caps] [in|at] the [residence|garage|vehicle]",
                "[swabs|a test kit|lab results] [came back positive for|detected|indicated] {residue_test} [on|in] [the car|a duffel bag|the apartment|a jacket] [of|used by|linked to] {actor}",
                "{residue_test} [was|were] [detected|found] [on|in] [items|gloves|a workbench] [recovered from|seized from] {storage}",
                "[a bomb-sniffing dog|a K9|an explosives detection dog] [alerted|hit] on [a bag|a locker|a vehicle] [belonging to|used by] {actor} [near|at] the {target}",
            ],
            HeldOut:
            [
                "[during|in] a [traffic stop|consent search|welfare check], [officers|deputies] [located|found|observed] {weapon} [along with|and] [maps of|photos of|notes about] the {target}",
                "among the [items|property] [left behind|abandoned|recovered] [at|near] the {site_part}: {weapon}",
                "[testing|a field test] [confirmed|showed] {residue_test} [on|in] [a|the] [backpack|vehicle|room|clothing] [belonging to|used by] {actor}",
            ],
            CadTypes: ["WEAPONS", "SHOTS FIRED", "EXPLOSIVE DEVICE", "SUSPICIOUS PACKAGE"]),

        new(IseSarCategories.SectorSpecific,
            Training:
            [
                "[staff|operators|managers|supervisors] at the {sector_site} reported {sector_event}",
                "[an investigation was|a report was] [opened|initiated] after {sector_event} at the {sector_site}",
                "{rp} [reports|states] {sector_event} [at|near] the {sector_site}",
                "I [work|am an operator|am a nurse|am a technician] at the {sector_site} and [we have|we had|we are seeing] {sector_event}[, and nobody can explain it| and I think it was done on purpose|]",
                "[hazmat|info|susp circ] at {sector_site}: {sector_event}",
                "Q: What is unusual about it? A: {sector_event}, [which has never happened here before|with no explanation so far|right after a stranger visited]",
                "[the public health department|the state lab|the county epidemiologist|the plant manager|an operator] [flagged|is investigating|reported] {sector_event} [tied to|connected with|at] the {sector_site}",
                "{actor} [asked|inquired] [at|of staff at] the {sector_site} about [obtaining|buying|accessing] [pathogen cultures|lab samples|a veterinary vaccine strain|the chlorine supply|animal feed additives] with no [credentials|lab affiliation|license|reason given]",
                "[after|following] {sector_event}, [operators|staff|investigators] found [the {site_part} unlocked|a chemical feed adjusted by hand|an unfamiliar container near the {site_part}|logs that had been altered]",
            ],
            HeldOut:
            [
                "{sector_event} prompted [a sector alert|a notification to the state|a call to the fusion center] from the {sector_site}",
                "unique to this [facility|sector|site]: {sector_event}",
                "[epidemiologists|plant chemists|veterinarians|operators] cannot explain {sector_event} [and suspect|and are considering] [deliberate contamination|tampering|intentional introduction]",
            ],
            CadTypes: ["HAZMAT", "INFORMATION", "SUSPICIOUS CIRCUMSTANCES", "PUBLIC HEALTH"]),
    ];
}
