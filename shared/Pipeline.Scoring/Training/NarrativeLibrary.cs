using System.Collections.Frozen;
using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Training;

/// <summary>One compiled sentence template.</summary>
/// <param name="Id">Stable id, for example "PHOTO.3" or "NEG.tourist.1".</param>
/// <param name="Node">The compiled template.</param>
/// <param name="HeldOut">True when only the held-out split uses it.</param>
/// <param name="Sentences">How many sentences an expansion has.</param>
internal sealed record CompiledTemplate(string Id, NarrativeNode Node, bool HeldOut, int Sentences);

/// <summary>The compiled templates of one category or negative kind.</summary>
internal sealed class TemplateGroup(string name, CompiledTemplate[] templates, string[] cadTypes)
{
    private readonly CompiledTemplate[] _training = [.. templates.Where(t => !t.HeldOut)];
    private readonly CompiledTemplate[] _heldOut = [.. templates.Where(t => t.HeldOut)];

    /// <summary>Category code or kind name.</summary>
    public string Name { get; } = name;

    /// <summary>Every template, training ones first.</summary>
    public CompiledTemplate[] All { get; } = templates;

    /// <summary>CAD call types that fit the group.</summary>
    public string[] CadTypes { get; } = cadTypes;

    /// <summary>The templates a split may use.</summary>
    public CompiledTemplate[] For(TemplateSplit split) => split switch
    {
        TemplateSplit.Training => _training,
        TemplateSplit.HeldOut => _heldOut,
        _ => All,
    };
}

/// <summary>
/// Everything the generator expands, compiled once per process: slot banks, category and negative
/// templates, frames. Compilation checks every slot reference, so a template that names a missing
/// bank or breaks the syntax fails the first use of the generator, not a report in the middle of a run.
/// </summary>
internal static class NarrativeLibrary
{
    private static readonly Dictionary<string, SlotBank> _banks = CompileBanks();

    /// <summary>The sixteen categories, in catalogue order.</summary>
    public static TemplateGroup[] Categories { get; } = CompileCategories();

    /// <summary>For each category (by catalogue index), the indices of the categories it pairs with.</summary>
    public static int[][] Partners { get; } = CompilePartners();

    /// <summary>Hard-negative kinds.</summary>
    public static TemplateGroup[] HardKinds { get; } = CompileNegatives(NarrativeNegatives.HardKinds, "NEG");

    /// <summary>Routine-call kinds.</summary>
    public static TemplateGroup[] RoutineKinds { get; } = CompileNegatives(NarrativeNegatives.RoutineKinds, "ROUTINE");

    /// <summary>SAR openers.</summary>
    public static NarrativeNode[] SarOpeners { get; } = CompileAll(NarrativeFrames.SarOpeners);

    /// <summary>CAD openers.</summary>
    public static NarrativeNode[] CadOpeners { get; } = CompileAll(NarrativeFrames.CadOpeners);

    /// <summary>SAR filler.</summary>
    public static NarrativeNode[] SarFillers { get; } = CompileAll(NarrativeFrames.SarFillers);

    /// <summary>CAD filler.</summary>
    public static NarrativeNode[] CadFillers { get; } = CompileAll(NarrativeFrames.CadFillers);

    /// <summary>Subject and vehicle descriptions.</summary>
    public static NarrativeNode[] Descriptions { get; } = CompileAll(NarrativeFrames.Descriptions);

    /// <summary>SAR closings.</summary>
    public static NarrativeNode[] SarClosings { get; } = CompileAll(NarrativeFrames.SarClosings);

    /// <summary>CAD closings.</summary>
    public static NarrativeNode[] CadClosings { get; } = CompileAll(NarrativeFrames.CadClosings);

    /// <summary>Suspicious context for positives.</summary>
    public static NarrativeNode[] PositiveExtras { get; } = CompileAll(NarrativeFrames.PositiveExtras);

    /// <summary>Innocent context for hard negatives.</summary>
    public static NarrativeNode[] HardNegativeExtras { get; } = CompileAll(NarrativeFrames.HardNegativeExtras);

    /// <summary>Every template id: categories in catalogue order, then hard and routine negatives.</summary>
    public static IReadOnlyList<string> TemplateIds { get; } =
        [.. Categories.Concat(HardKinds).Concat(RoutineKinds).SelectMany(g => g.All).Select(t => t.Id)];

    /// <summary>Ids of the held-out templates.</summary>
    public static FrozenSet<string> HeldOutIds { get; } =
        Categories.Concat(HardKinds).Concat(RoutineKinds).SelectMany(g => g.All).Where(t => t.HeldOut)
            .Select(t => t.Id).ToFrozenSet(StringComparer.Ordinal);

    private static Dictionary<string, SlotBank> CompileBanks()
    {
        var sources = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var source in new[] { NarrativeSlots.Banks, NarrativeNegatives.Banks, NarrativeFrames.Banks })
        {
            foreach (var (name, entries) in source)
            {
                if (!sources.TryAdd(name, entries))
                {
                    throw new InvalidOperationException($"Slot bank '{name}' is defined twice.");
                }
            }
        }
        var banks = sources.Keys.ToDictionary(
            name => name,
            name => new SlotBank(
                name,
                NarrativeSlots.SectorOfBank.TryGetValue(name, out var sector) ? sector : null,
                name is NarrativeSlots.ActorBank or NarrativeSlots.DescribedPersonBank),
            StringComparer.Ordinal);
        foreach (var (name, entries) in sources)
        {
            if (entries.Length == 0)
            {
                throw new InvalidOperationException($"Slot bank '{name}' is empty.");
            }
            banks[name].SetEntries([.. entries.Select(e => NarrativeTemplates.Compile(e, n => Resolve(banks, n)))]);
        }
        return banks;
    }

    private static NarrativeNode Resolve(Dictionary<string, SlotBank> banks, string name) =>
        GeneratedNode.Find(name) as NarrativeNode
        ?? (banks.TryGetValue(name, out var bank)
            ? bank
            : throw new FormatException($"Template names an unknown slot '{{{name}}}'."));

    private static NarrativeNode Compile(string template) => NarrativeTemplates.Compile(template, n => Resolve(_banks, n));

    private static NarrativeNode[] CompileAll(string[] templates) => [.. templates.Select(Compile)];

    private static TemplateGroup[] CompileCategories()
    {
        var groups = new TemplateGroup[IseSarCategories.All.Count];
        foreach (var category in NarrativeCatalogue.Categories)
        {
            var index = IseSarCategories.IndexOf(category.Code);
            if (index < 0 || groups[index] is not null)
            {
                throw new InvalidOperationException($"Category '{category.Code}' is unknown or listed twice.");
            }
            groups[index] = new TemplateGroup(
                category.Code,
                CompileTemplates(category.Code, category.Training, category.HeldOut),
                category.CadTypes);
        }
        var missing = Array.FindIndex(groups, g => g is null);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"Category '{IseSarCategories.All[missing].Code}' has no templates.");
        }
        return groups;
    }

    private static int[][] CompilePartners()
    {
        var partners = Enumerable.Range(0, Categories.Length).Select(_ => new List<int>()).ToArray();
        foreach (var (first, second) in NarrativeCatalogue.Pairs)
        {
            var a = IseSarCategories.IndexOf(first);
            var b = IseSarCategories.IndexOf(second);
            partners[a].Add(b);
            partners[b].Add(a);
        }
        return [.. partners.Select(p => p.ToArray())];
    }

    private static TemplateGroup[] CompileNegatives(IReadOnlyList<NegativeKind> kinds, string prefix) =>
        [.. kinds.Select(k => new TemplateGroup(k.Name, CompileTemplates($"{prefix}.{k.Name}", k.Training, k.HeldOut), k.CadTypes))];

    private static CompiledTemplate[] CompileTemplates(string prefix, string[] training, string[] heldOut) =>
    [
        .. training.Concat(heldOut).Select((text, i) => new CompiledTemplate(
            prefix + "." + i.ToString(CultureInfo.InvariantCulture),
            Compile(text),
            i >= training.Length,
            1 + CountSentenceBreaks(text))),
    ];

    private static int CountSentenceBreaks(string template)
    {
        var breaks = 0;
        for (var i = 0; i + 1 < template.Length; i++)
        {
            if (template[i] is '.' or '?' or '!' && template[i + 1] == ' ')
            {
                breaks++;
            }
        }
        return breaks;
    }
}
