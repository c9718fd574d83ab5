using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Training;

/// <summary>
/// A deliberate skew of the recorded labels against one group, for testing that a fairness gate
/// stops a model trained on biased dispositions: each report whose protected
/// <see cref="Attribute"/> equals <see cref="Value"/> and whose true label is negative gets,
/// with probability <see cref="Rate"/>, a positive category as its recorded label, while its
/// narrative stays the innocent one.
/// </summary>
/// <param name="Attribute">The protected attribute that names the group: "race", "sex" or "religion".</param>
/// <param name="Value">The group's value of that attribute as the generator codes it, for example "B" for race.</param>
/// <param name="Rate">Probability, from 0 to 1, that a negative of the group is recorded as a positive.</param>
/// <param name="Category">
/// The ISE-SAR category code recorded for a skewed report; when null, each skewed report gets one
/// category drawn uniformly from the sixteen, the same distribution the true positives follow.
/// </param>
public sealed record LabelBias(string Attribute, string Value, double Rate, string? Category = null);

/// <summary>
/// The values the generator gives each protected attribute, to check a <see cref="LabelBias"/>
/// against: a bias naming a value the generator never draws would silently skew nothing.
/// </summary>
/// <remarks>
/// Mirrors the weights in <see cref="NarrativeDescriptors"/>; a test checks that every value the
/// generator produces is listed here and every value listed here is produced.
/// </remarks>
internal static class GeneratedProtectedValues
{
    /// <summary>Every value per attribute key of <see cref="Report.Protected"/>.</summary>
    public static IReadOnlyDictionary<string, string[]> ByAttribute { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["race"] = ["W", "B", "H", "A", "I", "U"],
        ["sex"] = ["M", "F", "U"],
        ["religion"] = ["Unknown", "Christian", "Muslim", "Jewish", "Sikh", "Hindu", "None"],
    };

    /// <summary>Throws when <paramref name="bias"/> cannot skew anything or is out of range.</summary>
    /// <exception cref="ArgumentException">The attribute, value, rate or category is not usable.</exception>
    public static void Check(LabelBias bias, string paramName)
    {
        const string Name = nameof(NarrativeGeneratorOptions.LabelBias);
        if (string.IsNullOrWhiteSpace(bias.Attribute))
        {
            throw new ArgumentException($"{Name}.Attribute must name a protected attribute (one of {Known(ByAttribute.Keys)}); it is empty.", paramName);
        }
        if (!ByAttribute.TryGetValue(bias.Attribute, out var values))
        {
            throw new ArgumentException($"{Name}.Attribute '{bias.Attribute}' is not an attribute the generator draws; use one of {Known(ByAttribute.Keys)}.", paramName);
        }
        if (string.IsNullOrWhiteSpace(bias.Value))
        {
            throw new ArgumentException($"{Name}.Value must name a value of '{bias.Attribute}' (one of {Known(values)}); it is empty.", paramName);
        }
        if (Array.IndexOf(values, bias.Value) < 0)
        {
            throw new ArgumentException($"{Name}.Value '{bias.Value}' is not a value the generator gives '{bias.Attribute}'; use one of {Known(values)}.", paramName);
        }
        if (!(bias.Rate is >= 0 and <= 1))
        {
            throw new ArgumentException($"{Name}.Rate must be between 0 and 1; it is {bias.Rate.ToString(CultureInfo.InvariantCulture)}.", paramName);
        }
        if (bias.Category is not null && IseSarCategories.IndexOf(bias.Category) < 0)
        {
            throw new ArgumentException($"{Name}.Category '{bias.Category}' is not an ISE-SAR category code; use null or one of {Known(IseSarCategories.All.Select(c => c.Code))}.", paramName);
        }
    }

    private static string Known(IEnumerable<string> values) => string.Join(", ", values.Select(v => "'" + v + "'"));
}

/// <summary>
/// Invented neighbourhood names whose distribution depends on the subject's race, as residential
/// segregation makes place a proxy for race in real reports. A model that cannot see race can
/// still learn it through these names when the labels it is trained on are skewed.
/// </summary>
/// <remarks>
/// The names are made up so as to stigmatize no real community, and contain no word the redactor
/// removes, no color word and no protected place term, so they reach the features. For each race
/// value two neighbourhoods of its own share <see cref="HomeShare"/> of the mass and the other ten
/// share the rest evenly; a race value the table does not know draws all twelve evenly.
/// </remarks>
internal static class ProxyPlaces
{
    /// <summary>Share of a race value's reports that mention one of its two home neighbourhoods.</summary>
    public const double HomeShare = 0.7;

    /// <summary>The twelve neighbourhood names; each race value's two homes are adjacent, in <see cref="GeneratedProtectedValues"/>' race order.</summary>
    public static string[] Names { get; } =
    [
        "Quarrowby", "Tallowmere",
        "Fennick Hollow", "Brindlecourt",
        "Corvane Reach", "Larkmoor",
        "Wrenlow Park", "Duskvale",
        "Hadderly", "Sorrel Point",
        "Pellworth Commons", "Mossgrove Heights",
    ];

    /// <summary>Sentences that mention a place in a SAR; {0} is the name. No final period: the styler joins sentences.</summary>
    public static string[] SarPhrases { get; } =
    [
        "This took place in the {0} area", "Location was near {0}", "Reported from the {0} neighborhood",
        "It occurred in {0}", "The call came from {0}", "This was close to {0}", "Area of the report is {0}",
        "Activity was in the vicinity of {0}",
    ];

    /// <summary>Remarks that mention a place in CAD notes; {0} is the name.</summary>
    public static string[] CadPhrases { get; } =
    [
        "area of {0}", "{0} area", "near {0}", "in {0}", "vicinity of {0}", "{0} neighborhood",
    ];

    private static readonly Dictionary<string, double[]> _cumulativeByRace = BuildTables();
    private static readonly double[] _uniform = Cumulative(Enumerable.Repeat(1.0 / Names.Length, Names.Length));

    /// <summary>Draws a neighbourhood for a subject of <paramref name="race"/>: exactly one draw from <paramref name="random"/>.</summary>
    public static string Draw(string? race, Random random)
    {
        var table = race is not null && _cumulativeByRace.TryGetValue(race, out var own) ? own : _uniform;
        var roll = random.NextDouble();
        for (var i = 0; i < table.Length - 1; i++)
        {
            if (roll < table[i])
            {
                return Names[i];
            }
        }
        return Names[^1];
    }

    private static Dictionary<string, double[]> BuildTables()
    {
        var races = GeneratedProtectedValues.ByAttribute["race"];
        var others = (1 - HomeShare) / (Names.Length - 2);
        var tables = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var r = 0; r < races.Length; r++)
        {
            var home = 2 * r;
            tables[races[r]] = Cumulative(Enumerable.Range(0, Names.Length).Select(i => i == home || i == home + 1 ? HomeShare / 2 : others));
        }
        return tables;
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return [.. weights.Select(w => sum += w)];
    }
}
