using System.Text;

namespace Pipeline.Scoring.Training;

/// <summary>A person's protected attributes as a source would code them.</summary>
/// <param name="Race">Race code: W, B, H, A, I or U.</param>
/// <param name="Sex">Sex code: M, F or U.</param>
/// <param name="Religion">Religion, or "Unknown".</param>
internal readonly record struct PersonAttributes(string Race, string Sex, string Religion);

/// <summary>
/// Draws protected attributes and renders descriptors of a person ("a white male in his 30s",
/// "a Hispanic female", "wearing a hijab", "a Sikh man", "B/M", "a Somali national", "a gay man").
/// Nothing here looks at the report's label: the generator draws the attributes, and whether a
/// descriptor appears, before it knows the label.
/// </summary>
internal static class NarrativeDescriptors
{
    private static readonly (string Code, double Weight)[] _races =
        [("W", 0.45), ("B", 0.22), ("H", 0.18), ("A", 0.07), ("I", 0.03), ("U", 0.05)];

    private static readonly (string Code, double Weight)[] _sexes = [("M", 0.68), ("F", 0.30), ("U", 0.02)];

    private static readonly (string Code, double Weight)[] _religions =
    [
        ("Unknown", 0.60), ("Christian", 0.15), ("Muslim", 0.10), ("Jewish", 0.05), ("Sikh", 0.03), ("Hindu", 0.03),
        ("None", 0.04),
    ];

    private static readonly string[] _nationalities =
    [
        "Somali", "Mexican", "Haitian", "Syrian", "Russian", "Chinese", "Pakistani", "Iraqi", "Nigerian", "Vietnamese",
        "Guatemalan", "Afghan", "Iranian", "Ukrainian", "Egyptian", "Cuban",
    ];

    /// <summary>Draws the attributes of one report's subject.</summary>
    public static PersonAttributes Draw(Random random) =>
        new(Weighted(random, _races), Weighted(random, _sexes), Weighted(random, _religions));

    /// <summary>A descriptor phrase with its article, usable where a person noun phrase goes.</summary>
    public static string Render(PersonAttributes person, bool shorthand, Random random, StringBuilder scratch)
    {
        scratch.Clear();
        var roll = random.NextDouble();
        if (roll < 0.15 && RenderReligion(person, random, scratch))
        {
            return scratch.ToString();
        }
        if (roll is >= 0.15 and < 0.30)
        {
            RenderNationalOrigin(person, random, scratch);
        }
        else if (roll is >= 0.30 and < 0.38)
        {
            RenderIdentity(person, random, scratch);
        }
        else if (person.Race == "U")
        {
            RenderNationalOrigin(person, random, scratch);
        }
        else
        {
            RenderRaceSex(person, shorthand, random, scratch);
        }
        return scratch.ToString();
    }

    private static void RenderRaceSex(PersonAttributes person, bool shorthand, Random random, StringBuilder text)
    {
        if (shorthand && person.Sex != "U" && random.NextDouble() < 0.7)
        {
            text.Append(person.Race).Append('/').Append(person.Sex);
            if (person.Race is "W" or "B" or "H" && random.Next(4) == 0)
            {
                text.Append("/A");
            }
            AppendAge(person, random, text, terse: true);
            return;
        }
        var adjective = person.Race switch
        {
            "W" => random.Next(3) == 0 ? "Caucasian" : "white",
            "B" => random.Next(3) == 0 ? "African American" : "Black",
            "H" => random.Next(3) != 0 ? "Hispanic" : person.Sex == "F" ? "Latina" : "Latino",
            "A" => random.Next(3) == 0 ? "Asian American" : "Asian",
            _ => random.Next(2) == 0 ? "Native American" : "American Indian",
        };
        text.Append("a ").Append(adjective).Append(' ').Append(Noun(person.Sex, random));
        AppendAge(person, random, text, terse: false);
    }

    private static bool RenderReligion(PersonAttributes person, Random random, StringBuilder text)
    {
        var female = person.Sex == "F";
        string[] options = person.Religion switch
        {
            "Muslim" => female
                ? ["a woman wearing a hijab", "a female in a headscarf", "a Muslim woman", "a woman wearing a niqab"]
                : ["a man wearing a kufi", "a Muslim man", "a man wearing a prayer cap"],
            "Sikh" => female ? ["a Sikh woman", "a woman wearing a turban"] : ["a Sikh man", "a man wearing a turban"],
            "Jewish" => female
                ? ["a Jewish woman", "an Orthodox Jewish woman"]
                : ["a man wearing a kippah", "an Orthodox Jewish man", "a man in a yarmulke"],
            "Hindu" => female ? ["a woman with a bindi", "a Hindu woman"] : ["a Hindu man"],
            "Christian" => female ? ["a Catholic woman", "a Christian woman"] : ["a man wearing a clerical collar", "a Christian man"],
            _ => [],
        };
        if (options.Length == 0)
        {
            return false;
        }
        text.Append(options[random.Next(options.Length)]);
        return true;
    }

    private static void RenderNationalOrigin(PersonAttributes person, Random random, StringBuilder text)
    {
        var nationality = _nationalities[random.Next(_nationalities.Length)];
        switch (random.Next(5))
        {
            case 0:
                text.Append("a ").Append(nationality).Append(" national");
                break;
            case 1:
                text.Append("a ").Append(Noun(person.Sex, random)).Append(" who spoke with a heavy accent");
                break;
            case 2:
                text.Append("a ").Append(Noun(person.Sex, random)).Append(random.Next(2) == 0 ? " who spoke Arabic" : " speaking Spanish");
                break;
            case 3:
                text.Append(random.Next(2) == 0 ? "a foreign national" : "an immigrant").Append(" from ").Append(Country(nationality));
                break;
            default:
                text.Append("a ").Append(nationality).Append(' ').Append(Noun(person.Sex, random));
                break;
        }
    }

    private static void RenderIdentity(PersonAttributes person, Random random, StringBuilder text)
    {
        string[] options = person.Sex switch
        {
            "F" => ["a lesbian woman", "a transgender woman", "a bisexual woman", "a trans woman", "a gay couple"],
            "M" => ["a gay man", "a transgender man", "a bisexual man", "a trans man", "a gay couple"],
            _ => ["a nonbinary person", "a transgender person", "a genderqueer person"],
        };
        text.Append(options[random.Next(options.Length)]);
    }

    private static void AppendAge(PersonAttributes person, Random random, StringBuilder text, bool terse)
    {
        var age = random.Next(16, 66);
        switch (random.Next(terse ? 3 : 4))
        {
            case 0:
                break;
            case 1:
                text.Append(terse ? " approx " : " approximately ").Append(age);
                break;
            case 2:
                text.Append(terse ? ", " : " in ").Append(terse ? "" : Possessive(person.Sex) + " ");
                if (age < 20)
                {
                    text.Append("teens");
                }
                else
                {
                    text.Append(age / 10 * 10).Append('s');
                }
                break;
            default:
                text.Append(" about ").Append(age).Append(" years old");
                break;
        }
    }

    private static string Noun(string sex, Random random) => sex switch
    {
        "M" => random.Next(2) == 0 ? "male" : "man",
        "F" => random.Next(2) == 0 ? "female" : "woman",
        _ => "person",
    };

    private static string Possessive(string sex) => sex switch
    {
        "M" => "his",
        "F" => "her",
        _ => "their",
    };

    private static string Country(string nationality) => nationality switch
    {
        "Somali" => "Somalia",
        "Mexican" => "Mexico",
        "Haitian" => "Haiti",
        "Syrian" => "Syria",
        "Russian" => "Russia",
        "Chinese" => "China",
        "Pakistani" => "Pakistan",
        "Iraqi" => "Iraq",
        "Nigerian" => "Nigeria",
        "Vietnamese" => "Vietnam",
        "Guatemalan" => "Guatemala",
        "Afghan" => "Afghanistan",
        "Iranian" => "Iran",
        "Ukrainian" => "Ukraine",
        "Egyptian" => "Egypt",
        _ => "Cuba",
    };

    private static string Weighted(Random random, (string Code, double Weight)[] table)
    {
        var roll = random.NextDouble();
        foreach (var (code, weight) in table)
        {
            roll -= weight;
            if (roll < 0)
            {
                return code;
            }
        }
        return table[^1].Code;
    }
}
