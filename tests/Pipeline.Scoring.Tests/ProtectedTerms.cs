namespace Pipeline.Scoring.Tests;

/// <summary>
/// Words that describe protected characteristics (race, ethnicity, national origin, religion and its
/// places and practices, sex and gendered pronouns, sexual orientation, gender identity) or views
/// and lawful expression (28 CFR Part 23). None may appear in a scoring lexicon. Deliberately kept
/// here, apart from the library, so that the lexicon is checked against a list it did not write.
/// </summary>
internal static class ProtectedTerms
{
    public static IReadOnlyList<string> All { get; } =
    [
        // Race, ethnicity, national origin and language.
        "black", "white", "brown", "asian", "south asian", "hispanic", "latino", "latina", "latinx", "arab", "arabic",
        "african", "african american", "caucasian", "native american", "indigenous", "middle eastern", "mexican",
        "somali", "pakistani", "afghan", "iranian", "iraqi", "syrian", "chinese", "korean", "russian", "haitian",
        "foreign", "foreigner", "immigrant", "refugee", "alien", "accent", "spanish", "language",
        // Religion, its places, dress and practices.
        "muslim", "islam", "islamic", "jihad", "christian", "jewish", "jew", "hindu", "sikh", "buddhist", "catholic",
        "mosque", "church", "synagogue", "temple", "gurdwara", "imam", "rabbi", "priest", "quran", "koran", "bible",
        "hijab", "burqa", "niqab", "turban", "yarmulke", "headscarf", "beard", "prayer", "prayers", "praying", "pray",
        "religious", "religion", "ramadan", "faith",
        // Sex, gendered pronouns, sexual orientation and gender identity.
        "woman", "women", "man", "men", "male", "female", "girl", "boy", "he", "she", "his", "her", "him",
        "gay", "lesbian", "bisexual", "queer", "homosexual", "transgender", "trans", "nonbinary", "lgbt",
        // Views and lawful expression.
        "protest", "protester", "protesters", "rally", "political", "activist", "demonstration", "demonstrators",
        "petition", "beliefs", "ideology", "views",
    ];
}
