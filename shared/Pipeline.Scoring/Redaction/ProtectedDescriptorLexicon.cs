namespace Pipeline.Scoring.Redaction;

/// <summary>
/// The maintained lexicon of descriptors of protected characteristics that
/// <see cref="NarrativeRedactor"/> removes from narratives before featurization, and of protected
/// place terms that are kept in the text but never become model features. Data only: the rules
/// for changing it are in <c>Redaction/README.md</c>.
/// </summary>
/// <remarks>
/// Syntax of an entry: lower-case words separated by single spaces; a space matches any run of
/// whitespace, hyphens or punctuation between words ("african american" matches "African-American").
/// A slash joins words that must be written with exactly one slash between them, as in officer
/// shorthand ("w/m" matches "W/M" and "w/m/30s", never "W M"). Plurals and inflections are listed
/// explicitly: matching is whole-word, never by substring or stem, so "asian" never matches inside
/// "Caucasian". A possessive ("Muslim's") matches its word. A term may appear under several classes
/// (race-sex shorthand counts once for each).
/// </remarks>
public static class ProtectedDescriptorLexicon
{
    /// <summary>Descriptors of people, per protected class: always redacted.</summary>
    public static IReadOnlyDictionary<ProtectedClass, IReadOnlyList<string>> Descriptors { get; } =
        new Dictionary<ProtectedClass, IReadOnlyList<string>>
        {
            [ProtectedClass.Race] =
            [
                "caucasian", "caucasians", "african american", "african americans", "afro american", "asian", "asians",
                "asian american", "asian americans", "south asian", "east asian", "southeast asian", "pacific islander",
                "pacific islanders", "native american", "native americans", "american indian", "american indians",
                "alaska native", "alaskan native", "native hawaiian", "indigenous", "biracial", "multiracial", "mixed race",
                "negro", "negroes", "mulatto", "oriental", "orientals", "light skinned", "dark skinned",
                "light complected", "dark complected", "light complexion", "dark complexion",
                // Officer shorthand: race/sex codes and race-sex-adult codes ("WMA", "W/M/A").
                "w/m", "w/f", "b/m", "b/f", "a/m", "a/f", "i/m", "i/f", "m/w", "f/w", "m/b", "f/b",
                "w/m/a", "w/f/a", "b/m/a", "b/f/a", "a/m/a", "a/f/a",
                "wma", "wfa", "bma", "bfa", "wmj", "wfj", "bmj", "bfj",
            ],
            [ProtectedClass.Ethnicity] =
            [
                "hispanic", "hispanics", "latino", "latinos", "latina", "latinas", "latinx", "latine", "chicano",
                "chicana", "arab", "arabs", "arabic", "middle eastern", "north african", "persian", "persians",
                "kurd", "kurds", "kurdish", "pashtun", "punjabi", "roma", "romani", "gypsy", "gypsies", "hmong",
                "berber", "tamil", "somali bantu", "h/m", "h/f", "h/m/a", "h/f/a", "hma", "hfa", "hmj", "hfj",
            ],
            [ProtectedClass.NationalOrigin] =
            [
                "foreigner", "foreigners", "foreign national", "foreign nationals", "immigrant", "immigrants",
                "migrant", "migrants", "refugee", "refugees", "illegal alien", "illegal aliens", "illegals", "alien", "aliens",
                "undocumented", "non citizen", "noncitizen", "foreign accent", "heavy accent", "thick accent",
                "accented", "american", "americans", "mexican", "mexicans", "guatemalan", "honduran", "salvadoran",
                "salvadorian", "nicaraguan", "cuban", "cubans", "dominican", "haitian", "haitians", "puerto rican",
                "jamaican", "colombian", "venezuelan", "ecuadorian", "peruvian", "brazilian", "argentinian",
                "argentine", "chilean", "canadian", "canadians", "somali", "somalis", "ethiopian", "eritrean",
                "sudanese", "nigerian", "nigerians", "ghanaian", "kenyan", "egyptian", "egyptians", "libyan",
                "moroccan", "algerian", "tunisian", "african", "africans", "afghan", "afghans", "afghani",
                "pakistani", "pakistanis", "indian", "indians", "bangladeshi", "sri lankan", "nepali", "iranian",
                "iranians", "iraqi", "iraqis", "syrian", "syrians", "lebanese", "jordanian", "palestinian",
                "palestinians", "israeli", "israelis", "saudi", "saudis", "yemeni", "yemenis", "emirati", "kuwaiti",
                "qatari", "turkish", "turk", "turks", "chechen", "chechens", "uzbek", "chinese", "japanese",
                "korean", "koreans", "vietnamese", "filipino", "filipina", "filipinos", "thai", "cambodian",
                "laotian", "burmese", "indonesian", "malaysian", "russian", "russians", "ukrainian", "ukrainians",
                "polish", "bosnian", "serbian", "albanian", "romanian", "german", "germans", "french", "irish",
                "italian", "italians", "greek", "greeks", "british", "english", "scottish", "spanish", "portuguese",
                "dutch", "swedish", "european", "europeans", "australian",
                // Language as a proxy for origin.
                "spoke spanish", "speaking spanish", "spoke arabic", "speaking arabic", "foreign language",
                "broken english", "spanish speaking", "arabic speaking",
            ],
            [ProtectedClass.Religion] =
            [
                "muslim", "muslims", "moslem", "islam", "islamic", "christian", "christians", "christianity",
                "catholic", "catholics", "protestant", "protestants", "evangelical", "evangelicals", "mormon",
                "mormons", "jehovah's witness", "jehovah's witnesses", "jewish", "jew", "jews", "judaism",
                "orthodox jew", "hasidic", "hassidic", "sikh", "sikhs", "hindu", "hindus", "buddhist", "buddhists",
                "atheist", "atheists", "agnostic", "pagan", "wiccan", "rastafarian", "amish", "mennonite",
                "sunni", "shia", "shiite", "sufi", "salafi", "ahmadi", "druze", "baha'i", "bahai", "jain",
                "imam", "imams", "rabbi", "rabbis", "priest", "priests", "pastor", "pastors", "minister of the church",
                "nun", "nuns", "monk", "monks", "cleric", "clerics", "mullah", "sheikh", "granthi",
                // Religious dress and grooming described on a person.
                "hijab", "hijabs", "niqab", "niqabs", "burqa", "burqas", "burka", "chador", "abaya", "headscarf",
                "head scarf", "turban", "turbans", "dastar", "patka", "kippah", "kippa", "yarmulke", "yarmulkes",
                "skullcap", "kufi", "taqiyah", "thobe", "kaftan", "tallit", "tzitzit", "payot", "payos",
                "kirpan", "bindi", "clerical collar", "religious garb", "religious attire",
                "prayer cap", "prayer beads", "rosary",
                // Religious practice and texts: they reveal a person's religion.
                "religious", "religion", "pray", "prays", "prayed", "praying", "prayer", "prayers", "prayer rug",
                "prayer mat", "worshipper", "worshippers", "worshiper", "worshipers", "quran", "koran", "bible",
                "bibles", "torah", "ramadan", "eid", "hajj", "sabbath", "shabbat",
            ],
            [ProtectedClass.SexGender] =
            [
                "male", "males", "female", "females", "man", "men", "woman", "women", "boy", "boys", "girl", "girls",
                "gentleman", "gentlemen", "lady", "ladies", "guy", "gal", "gals", "dude", "sir", "madam", "ma'am",
                "mr", "mrs", "ms", "mister", "he", "him", "his", "himself", "she", "her", "hers", "herself",
                "husband", "wife", "boyfriend", "girlfriend", "father", "mother", "son", "daughter", "brother",
                "sister", "uncle", "aunt", "grandfather", "grandmother", "policeman", "policewoman", "businessman",
                "businesswoman", "w/m", "w/f", "b/m", "b/f", "h/m", "h/f", "a/m", "a/f", "i/m", "i/f", "m/w", "f/w",
                "m/b", "f/b", "w/m/a", "w/f/a", "b/m/a", "b/f/a", "h/m/a", "h/f/a", "a/m/a", "a/f/a",
                "wma", "wfa", "bma", "bfa", "hma", "hfa", "wmj", "wfj", "bmj", "bfj", "hmj", "hfj",
            ],
            [ProtectedClass.SexualOrientation] =
            [
                "gay", "gays", "lesbian", "lesbians", "bisexual", "bisexuals", "homosexual", "homosexuals",
                "heterosexual", "straight couple", "same sex couple", "queer", "pansexual", "asexual", "lgb", "lgbt",
                "lgbtq", "lgbtqia",
            ],
            [ProtectedClass.GenderIdentity] =
            [
                "transgender", "transgenders", "trans", "trans woman", "trans women", "trans man", "trans men", "transwoman",
                "transman", "transsexual", "nonbinary", "non binary", "genderqueer", "genderfluid", "gender fluid",
                "intersex", "cross dresser", "crossdresser", "cross dressing", "drag queen", "drag king",
                "two spirit", "cisgender", "lgbt", "lgbtq",
            ],
        };

    /// <summary>
    /// Skin-color words that describe a person only beside a person word ("black male", "male,
    /// white"): redacted as <see cref="ProtectedClass.Race"/> when the word right before or after
    /// is in <see cref="PersonWords"/>, kept otherwise ("black powder", "white van").
    /// </summary>
    public static IReadOnlyList<string> ColorTerms { get; } =
    [
        "black", "blacks", "white", "whites", "brown", "yellow", "red", "olive", "tan", "dark", "light",
    ];

    /// <summary>Words naming a person, that make an adjacent <see cref="ColorTerms"/> word a race descriptor.</summary>
    public static IReadOnlyList<string> PersonWords { get; } =
    [
        "male", "males", "female", "females", "man", "men", "woman", "women", "boy", "boys", "girl", "girls",
        "guy", "guys", "gentleman", "lady", "person", "persons", "people", "individual", "individuals", "subject",
        "subjects", "suspect", "suspects", "juvenile", "juveniles", "teen", "teens", "teenager", "teenagers",
        "adult", "adults", "kid", "kids", "driver", "passenger", "skinned", "skin", "complexion", "complected",
        "family", "couple",
    ];

    /// <summary>
    /// Place-type words of protected activity (worship). Not redacted, because the First Amendment
    /// guardrail and the watch desk need to see that a report concerns a house of worship; but the
    /// featurizer drops them, so no model weight can attach to them.
    /// </summary>
    public static IReadOnlyList<string> ProtectedPlaceTerms { get; } =
    [
        "church", "churches", "chapel", "chapels", "cathedral", "cathedrals", "basilica", "mosque", "mosques",
        "masjid", "synagogue", "synagogues", "shul", "temple", "temples", "gurdwara", "gurdwaras", "mandir",
        "pagoda", "monastery", "convent", "parish", "kingdom hall", "meeting house", "islamic center",
        "jewish community center", "madrasa", "madrassa", "yeshiva", "parsonage", "rectory",
    ];
}
