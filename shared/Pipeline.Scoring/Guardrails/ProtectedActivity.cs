namespace Pipeline.Scoring.Guardrails;

/// <summary>The kinds of activity the First Amendment protects, as the guardrail names them.</summary>
public enum ProtectedActivityKind
{
    /// <summary>Protest, demonstration, rally, march, picket, vigil.</summary>
    Assembly,

    /// <summary>Speech: speaking, preaching, leafleting, petitioning, signs and banners.</summary>
    Speech,

    /// <summary>Worship and religious services.</summary>
    Worship,

    /// <summary>The press: journalists, reporters, news crews.</summary>
    Press,
}

/// <summary>
/// Finds descriptions of protected activity (assembly, speech, worship, press) in a narrative, so
/// that a report whose only indicators are Group B behaviors is held for supervisor review instead
/// of alerted (ISE-SAR Functional Standard; 28 CFR Part 23 forbids collecting on First Amendment
/// activity alone). Matching is by word and phrase with the scorer's <see cref="PhraseMatcher"/>:
/// case-insensitive, on word boundaries, a starred word matching any ending, and a phrase negated
/// just before it ("no protest") ignored.
/// </summary>
public static class ProtectedActivity
{
    // The terms, by kind. Maintained here as data: add a term to its kind; a trailing * matches endings.
    private static readonly (ProtectedActivityKind Kind, string[] Phrases)[] Lexicon =
    [
        (ProtectedActivityKind.Assembly,
        [
            // Not "march" (the month) nor "strike" (a blow): only forms that name the activity.
            "protest*", "protester*", "protestor*", "demonstration*", "demonstrator*", "rally", "rallies", "marchers", "marched",
            "marching", "picket*", "vigil*", "sit in", "walkout", "on strike", "strikers", "rallying",
        ]),
        (ProtectedActivityKind.Speech,
        [
            "speech*", "speaking", "speaker", "preach*", "leaflet*", "flyer*", "handing out pamphlets", "pamphlet*", "petition*",
            "carrying signs", "holding signs", "holding a sign", "banner*", "chanting", "chant*", "megaphone", "bullhorn", "street preacher",
        ]),
        (ProtectedActivityKind.Worship,
        [
            // Not "mass" (mass casualty): the service is named by "religious service", "sermon"...
            "worship*", "prayer*", "praying", "prayed", "religious service*", "church service*", "sermon*", "friday prayers",
            "sabbath", "shabbat", "congregation*", "congregant*", "bible study", "quran", "koran", "church", "mosque", "synagogue",
            "temple", "gurdwara", "chapel",
        ]),
        (ProtectedActivityKind.Press,
        [
            "journalist*", "reporter*", "news crew*", "news camera*", "press pass", "press credential*", "media credential*",
            "documentary", "photojournalist*", "newspaper", "tv crew*", "film crew*",
        ]),
    ];

    private static readonly PhraseMatcher Matcher = new([.. Lexicon.SelectMany(k => k.Phrases)]);

    private static readonly ProtectedActivityKind[] KindOf = [.. Lexicon.SelectMany(k => k.Phrases.Select(_ => k.Kind))];

    /// <summary>The kinds of protected activity the narrative describes, in enum order; empty when none.</summary>
    public static IReadOnlyList<ProtectedActivityKind> Detect(string? narrative)
    {
        if (string.IsNullOrWhiteSpace(narrative))
        {
            return [];
        }
        Span<bool> found = stackalloc bool[KindOf.Length];
        Matcher.Match(narrative, found, honourNegation: true);
        var kinds = new SortedSet<ProtectedActivityKind>();
        for (var i = 0; i < found.Length; i++)
        {
            if (found[i])
            {
                kinds.Add(KindOf[i]);
            }
        }
        return [.. kinds];
    }
}
