using System.Globalization;
using System.Text;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Training;

/// <summary>Which sentence templates a <see cref="NarrativeGenerator"/> may use.</summary>
public enum TemplateSplit
{
    /// <summary>Only the training templates (about three quarters of each category and kind).</summary>
    Training,

    /// <summary>Only the held-out templates: sentence structures the training split never shows.</summary>
    HeldOut,

    /// <summary>Every template.</summary>
    All,
}

/// <summary>Settings of <see cref="NarrativeGenerator"/>.</summary>
public sealed record NarrativeGeneratorOptions
{
    /// <summary>Seed of every random choice: the same options give the same reports.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Which templates to use.</summary>
    public TemplateSplit Split { get; init; } = TemplateSplit.Training;

    /// <summary>Share of reports with no category, from 0 to 1.</summary>
    public double NegativeFraction { get; init; } = 0.35;

    /// <summary>Share of the negatives that are hard negatives (innocent look-alikes of a category).</summary>
    public double HardNegativeShare { get; init; } = 0.6;

    /// <summary>Share of the positives that carry two categories.</summary>
    public double MultiLabelFraction { get; init; } = 0.12;

    /// <summary>
    /// Probability that a SAR is written in officer shorthand; a CAD report gets two chances
    /// (1 - (1 - rate)²), as call notes are abbreviated more often. Zero means no shorthand at all.
    /// </summary>
    public double ShorthandRate { get; init; } = 0.3;

    /// <summary>Per-word probability of a typo (swapped, dropped or doubled letter).</summary>
    public double TypoRate { get; init; } = 0.015;

    /// <summary>Probability that a report mentions a person's race, sex, religion, origin or identity, whatever its label.</summary>
    public double ProtectedDescriptorRate { get; init; } = 0.25;

    /// <summary>Share of CAD (as opposed to SAR) reports.</summary>
    public double CadFraction { get; init; } = 0.4;

    /// <summary>
    /// Share of CAD reports with a call type of their own kind (not a generic one) whose notes are
    /// only a status remark ("10-8", "UTL"), as many real CAD feeds send them: the call
    /// type is then all there is to go on. Applied alike to positives and negatives, so an empty
    /// narrative says nothing by itself.
    /// </summary>
    public double CallTypeOnlyRate { get; init; } = 0.05;

    /// <summary>Start of the year over which <see cref="Report.OccurredAt"/> is spread.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// When true, every narrative mentions one invented neighbourhood ("in the Larkmoor area",
    /// "near Duskvale") whose distribution depends on the subject's race and not on the label: a
    /// proxy for race that survives redaction, as residential segregation makes place one in real
    /// reports. Off by default; turning it on changes only the narratives' wording and noise, never
    /// labels, attributes or any other field.
    /// </summary>
    public bool ProxyPlaces { get; init; }

    /// <summary>
    /// A deliberate skew of the recorded labels against one group (null for none): see
    /// <see cref="Training.LabelBias"/>. The truth stays in <see cref="LabelledReport.TrueCategories"/>;
    /// reports, and the labels of everyone outside the group, are the same as without it.
    /// </summary>
    public LabelBias? LabelBias { get; init; }
}

/// <summary>A generated report with its label, as recorded, and its ground truth.</summary>
/// <param name="Report">The report.</param>
/// <param name="Categories">
/// Its recorded ISE-SAR category codes in catalogue order; empty for a negative. The truth, except
/// where <see cref="NarrativeGeneratorOptions.LabelBias"/> skewed the label (see <see cref="TrueCategories"/>).
/// </param>
/// <param name="TemplateId">Id of the template of its main sentence (of the first category drawn, for two categories).</param>
/// <param name="HardNegative">True for an innocent look-alike of a category (a fact about the narrative, whatever was recorded).</param>
public sealed record LabelledReport(Report Report, IReadOnlyList<string> Categories, string TemplateId, bool HardNegative)
{
    private readonly IReadOnlyList<string>? _trueCategories;

    /// <summary>
    /// The categories the narrative really shows: <see cref="Categories"/> itself unless a
    /// <see cref="NarrativeGeneratorOptions.LabelBias"/> recorded a category for an innocent
    /// narrative, in which case this is empty while <see cref="Categories"/> holds the skewed label.
    /// </summary>
    public IReadOnlyList<string> TrueCategories
    {
        get => _trueCategories ?? Categories;
        init => _trueCategories = value;
    }

    /// <summary>True when the recorded <see cref="Categories"/> differ from <see cref="TrueCategories"/>.</summary>
    public bool LabelSkewed => _trueCategories is not null && !_trueCategories.SequenceEqual(Categories, StringComparer.Ordinal);
}

/// <summary>
/// A seeded generator of labelled SAR and CAD narratives for training and evaluating the ISE-SAR
/// scoring model. Categories are taught through meaning, not fixed phrases: each category has a
/// dozen sentence structures filled from shared slot banks of hundreds of synonyms; hard negatives
/// reuse the same vocabulary in innocent contexts; filler, openers and closings are drawn the same
/// way for every label; person descriptors and protected attributes are drawn independently of the
/// label; shorthand, terse CAD style, typos and casing add the noise of real narratives.
/// </summary>
/// <remarks>
/// Deterministic: one <see cref="Random"/> per concern, seeded from <see cref="NarrativeGeneratorOptions.Seed"/>,
/// and no hash codes or GUIDs, so the same options give the same sequence in every process.
/// Positives cycle through shuffled rounds of the sixteen categories, so every category gets the
/// same share; a second category is drawn from three natural partners of the first, and every
/// category is a partner of exactly three others, which keeps two-category reports balanced too.
/// For fairness tests, <see cref="NarrativeGeneratorOptions.ProxyPlaces"/> adds a place mention that
/// stands in for race and <see cref="NarrativeGeneratorOptions.LabelBias"/> skews recorded labels
/// against one group; each draws from streams of its own, so with both off the sequence is exactly
/// the one generated before they existed.
/// Not thread-safe; each call to <see cref="Generate"/> has its own state.
/// </remarks>
public sealed class NarrativeGenerator
{
    private static readonly string[] _sectors = [.. NarrativeSlots.SectorOfBank.Values.Distinct()];

    /// <summary>A generator with <paramref name="options"/> (defaults when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate or fraction is outside 0 to 1.</exception>
    /// <exception cref="ArgumentException">
    /// <see cref="NarrativeGeneratorOptions.LabelBias"/> names an empty or unknown attribute, value
    /// or category, or its rate is outside 0 to 1.
    /// </exception>
    public NarrativeGenerator(NarrativeGeneratorOptions? options = null)
    {
        Options = options ?? new NarrativeGeneratorOptions();
        CheckRate(Options.NegativeFraction, nameof(NarrativeGeneratorOptions.NegativeFraction));
        CheckRate(Options.HardNegativeShare, nameof(NarrativeGeneratorOptions.HardNegativeShare));
        CheckRate(Options.MultiLabelFraction, nameof(NarrativeGeneratorOptions.MultiLabelFraction));
        CheckRate(Options.ShorthandRate, nameof(NarrativeGeneratorOptions.ShorthandRate));
        CheckRate(Options.TypoRate, nameof(NarrativeGeneratorOptions.TypoRate));
        CheckRate(Options.ProtectedDescriptorRate, nameof(NarrativeGeneratorOptions.ProtectedDescriptorRate));
        CheckRate(Options.CadFraction, nameof(NarrativeGeneratorOptions.CadFraction));
        if (Options.LabelBias is { } bias)
        {
            GeneratedProtectedValues.Check(bias, nameof(options));
        }
        if (!Enum.IsDefined(Options.Split))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Split, "Unknown template split.");
        }
    }

    /// <summary>The settings in force.</summary>
    public NarrativeGeneratorOptions Options { get; }

    /// <summary>Every template id, for example "PHOTO.3", "NEG.tourist.1", "ROUTINE.noise.0".</summary>
    public static IReadOnlyList<string> TemplateIds => NarrativeLibrary.TemplateIds;

    /// <summary>True when only <see cref="TemplateSplit.HeldOut"/> (or <see cref="TemplateSplit.All"/>) uses the template; false for an unknown id.</summary>
    /// <param name="templateId">A template id.</param>
    public static bool IsHeldOut(string templateId) =>
        templateId is not null && NarrativeLibrary.HeldOutIds.Contains(templateId);

    /// <summary>Generates <paramref name="count"/> reports; the same options always give the same sequence.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IEnumerable<LabelledReport> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Iterate(count);
    }

    private IEnumerable<LabelledReport> Iterate(int count)
    {
        var state = new Run(Options);
        for (var i = 0; i < count; i++)
        {
            yield return state.Next(i);
        }
    }

    private static void CheckRate(double value, string name)
    {
        if (!(value is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between 0 and 1.");
        }
    }

    /// <summary>The state of one pass of <see cref="Generate"/>.</summary>
    private sealed class Run
    {
        private const int MaxSentences = 7;
        private const double LatitudeSouth = 29.85;
        private const double LongitudeWest = -90.25;

        private readonly NarrativeGeneratorOptions _options;
        private readonly Random _content;
        private readonly Random _noise;
        private readonly Random _typos;
        // Streams of their own for the optional proxy places and label skew, so that turning them
        // off leaves every other draw, and so the whole sequence, exactly as it was.
        private readonly Random? _places;
        private readonly Random? _placeNoise;
        private readonly Random? _bias;
        private readonly NarrativeWriter _writer;
        private readonly NarrativeNoise _styler = new();
        private readonly StringBuilder _scratch = new(64);
        private readonly StringBuilder _placeText = new(64);
        private readonly ShuffleBag _categories;
        private readonly ShuffleBag _hardKinds;
        private readonly List<NarrativeNode> _before = new(4);
        private readonly List<NarrativeNode> _after = new(6);
        private readonly string _seedText;

        public Run(NarrativeGeneratorOptions options)
        {
            _options = options;
            _content = new Random(options.Seed);
            _noise = new Random(unchecked((options.Seed * 7919) + 104_729));
            _typos = new Random(unchecked((options.Seed * 31) + 1_000_003));
            _places = options.ProxyPlaces ? new Random(unchecked((options.Seed * 6_151) + 3_145_739)) : null;
            _placeNoise = options.ProxyPlaces ? new Random(unchecked((options.Seed * 24_593) + 4_194_301)) : null;
            _bias = options.LabelBias is null ? null : new Random(unchecked((options.Seed * 12_289) + 6_291_469));
            _writer = new NarrativeWriter(_content);
            _categories = new ShuffleBag(NarrativeLibrary.Categories.Length);
            _hardKinds = new ShuffleBag(NarrativeLibrary.HardKinds.Length);
            _seedText = options.Seed.ToString(CultureInfo.InvariantCulture);
        }

        public LabelledReport Next(int index)
        {
            var random = _content;
            var occurredAt = _options.Start.AddMinutes(random.Next(365 * 24 * 60));
            var receivedAt = occurredAt.AddMinutes(random.Next(2, 72 * 60));
            var isCad = random.NextDouble() < _options.CadFraction;
            var person = NarrativeDescriptors.Draw(random);
            var mentionsPerson = random.NextDouble() < _options.ProtectedDescriptorRate;
            var shorthandRate = isCad ? 1 - ((1 - _options.ShorthandRate) * (1 - _options.ShorthandRate)) : _options.ShorthandRate;
            var style = DrawStyle(isCad, _noise.NextDouble() < shorthandRate);
            var descriptor = mentionsPerson ? NarrativeDescriptors.Render(person, style.Shorthand, random, _scratch) : null;
            _writer.Reset(occurredAt, descriptor);
            var place = _places is null ? (PlaceMention?)null : DrawPlace(person.Race, isCad, _places);

            TemplateGroup group;
            CompiledTemplate main;
            CompiledTemplate? second = null;
            IReadOnlyList<string> labels;
            var hard = false;
            var positive = random.NextDouble() >= _options.NegativeFraction;
            if (positive)
            {
                var category = _categories.Next(random);
                group = NarrativeLibrary.Categories[category];
                main = Pick(group);
                if (random.NextDouble() < _options.MultiLabelFraction)
                {
                    var partners = NarrativeLibrary.Partners[category];
                    var partner = partners[random.Next(partners.Length)];
                    second = Pick(NarrativeLibrary.Categories[partner]);
                    labels = category < partner
                        ? [group.Name, NarrativeLibrary.Categories[partner].Name]
                        : [NarrativeLibrary.Categories[partner].Name, group.Name];
                }
                else
                {
                    labels = [group.Name];
                    if (random.NextDouble() < 0.2)
                    {
                        var more = Pick(group);
                        second = more.Id == main.Id ? null : more;
                    }
                }
            }
            else
            {
                hard = random.NextDouble() < _options.HardNegativeShare;
                group = hard
                    ? NarrativeLibrary.HardKinds[_hardKinds.Next(random)]
                    : NarrativeLibrary.RoutineKinds[random.Next(NarrativeLibrary.RoutineKinds.Length)];
                main = Pick(group);
                labels = [];
            }

            var narrative = Compose(isCad, main, second, positive, hard, style, place);
            string? callType = null;
            if (isCad)
            {
                (callType, var ownKind) = DrawCallType(group, random);
                if (ownKind && random.NextDouble() < _options.CallTypeOnlyRate)
                {
                    narrative = StatusRemarks[random.Next(StatusRemarks.Length)];
                    if (place is { } mention)
                    {
                        narrative += " - " + mention.Text.ToUpperInvariant();
                    }
                }
            }
            var report = new Report
            {
                IdempotencyKey = "syn-" + _seedText + "-" + index.ToString(CultureInfo.InvariantCulture),
                FeedId = "synthetic",
                SourceRecordId = "syn-" + _seedText + "-" + index.ToString(CultureInfo.InvariantCulture),
                Kind = isCad ? ReportKind.Cad : ReportKind.Sar,
                OccurredAt = occurredAt,
                ReceivedAt = receivedAt,
                Location = DrawLocation(random),
                Narrative = narrative,
                CadCallType = callType,
                CadPriority = isCad ? random.Next(1, 5) : null,
                TargetSector = DrawSector(_writer.Sector, random),
                Protected = new ProtectedAttributes(new Dictionary<string, string>(3, StringComparer.Ordinal)
                {
                    ["race"] = person.Race,
                    ["sex"] = person.Sex,
                    ["religion"] = person.Religion,
                }),
                Origin = new RecordOrigin("synthetic", 0, index),
            };
            var labelled = new LabelledReport(report, labels, main.Id, hard);
            return _bias is null ? labelled : Skew(labelled, person, _bias);
        }

        // Always two draws per report, whoever it concerns, so the reports skewed at one rate are
        // a subset of those skewed at any higher rate and no other report's draws move.
        private LabelledReport Skew(LabelledReport labelled, PersonAttributes person, Random random)
        {
            var bias = _options.LabelBias!;
            var roll = random.NextDouble();
            var drawn = random.Next(NarrativeLibrary.Categories.Length);
            var value = bias.Attribute switch
            {
                "race" => person.Race,
                "sex" => person.Sex,
                _ => person.Religion,
            };
            if (labelled.Categories.Count > 0 || !string.Equals(value, bias.Value, StringComparison.Ordinal) || roll >= bias.Rate)
            {
                return labelled;
            }
            var category = bias.Category is null ? NarrativeLibrary.Categories[drawn].Name : IseSarCategories.All[IseSarCategories.IndexOf(bias.Category)].Code;
            return labelled with { Categories = [category], TrueCategories = labelled.Categories };
        }

        // Always three draws per report, so the place, its wording and its position never depend on the label.
        private static PlaceMention DrawPlace(string race, bool isCad, Random random)
        {
            var name = ProxyPlaces.Draw(race, random);
            var phrases = isCad ? ProxyPlaces.CadPhrases : ProxyPlaces.SarPhrases;
            var text = string.Format(CultureInfo.InvariantCulture, phrases[random.Next(phrases.Length)], name);
            return new PlaceMention(text, random.Next(3));
        }

        private CompiledTemplate Pick(TemplateGroup group)
        {
            var pool = group.For(_options.Split);
            return pool[_content.Next(pool.Length)];
        }

        private string Compose(bool isCad, CompiledTemplate main, CompiledTemplate? second, bool positive, bool hard, NarrativeStyle style, PlaceMention? place)
        {
            var random = _content;
            _before.Clear();
            _after.Clear();
            // The evidence sentences and a descriptor sentence are always written; the rest only while the report stays within MaxSentences sentences.
            var sentences = main.Sentences + (second?.Sentences ?? 0) + (_writer.PendingDescriptor is null ? 0 : 1);
            if (random.NextDouble() < (isCad ? 0.45 : 0.6) && sentences < MaxSentences)
            {
                _before.Add(_writer.Pick(isCad ? NarrativeLibrary.CadOpeners : NarrativeLibrary.SarOpeners));
                sentences++;
            }
            var closing = random.NextDouble() < (isCad ? 0.6 : 0.5) && sentences < MaxSentences;
            if (closing)
            {
                sentences++;
            }
            var extras = positive ? NarrativeLibrary.PositiveExtras : hard ? NarrativeLibrary.HardNegativeExtras : null;
            if (extras is not null && random.NextDouble() < 0.3 && sentences < MaxSentences)
            {
                _after.Add(_writer.Pick(extras));
                sentences++;
            }
            if (random.NextDouble() < 0.2 && sentences < MaxSentences)
            {
                _after.Add(_writer.Pick(NarrativeLibrary.Descriptions));
                sentences++;
            }
            var fillers = isCad ? (random.NextDouble() < 0.3 ? 1 : 0) : random.Next(10) switch { < 4 => 0, < 8 => 1, _ => 2 };
            for (var i = 0; i < fillers && sentences < MaxSentences; i++, sentences++)
            {
                var filler = _writer.Pick(isCad ? NarrativeLibrary.CadFillers : NarrativeLibrary.SarFillers);
                (random.Next(3) == 0 ? _before : _after).Add(filler);
            }

            var text = _writer.Text;
            WritePlace(0);
            foreach (var unit in _before)
            {
                WriteUnit(unit);
            }
            if (second is not null && random.Next(3) == 0)
            {
                WriteUnit(second.Node);
                WriteUnit(main.Node);
            }
            else
            {
                WriteUnit(main.Node);
                if (second is not null)
                {
                    WriteUnit(second.Node);
                }
            }
            WritePlace(1);
            foreach (var unit in _after)
            {
                WriteUnit(unit);
            }
            WritePlace(2);
            if (_writer.PendingDescriptor is { } descriptor)
            {
                text.Append(_writer.Pick(NarrativeFrames.DescriptorPrefixes)).Append(descriptor).Append('\n');
                _writer.PendingDescriptor = null;
            }
            if (closing)
            {
                WriteUnit(_writer.Pick(isCad ? NarrativeLibrary.CadClosings : NarrativeLibrary.SarClosings));
            }
            var narrative = _styler.Apply(text, style, _noise, _typos);
            return place is { } mention ? InsertPlace(narrative, mention, style) : narrative;

            void WriteUnit(NarrativeNode unit)
            {
                _writer.Write(unit);
                text.Append('\n');
            }

            // Like an opener, right after the evidence, or like a trailing filler.
            void WritePlace(int position)
            {
                if (place is { } mention && mention.Position == position)
                {
                    text.Append(PlaceMark).Append('\n');
                }
            }
        }

        private NarrativeStyle DrawStyle(bool isCad, bool shorthand)
        {
            var random = _noise;
            if (isCad)
            {
                var separators = random.Next(5) switch
                {
                    0 => (" - ", false),
                    1 => ("; ", false),
                    2 => (" / ", false),
                    3 => (", ", false),
                    _ => (". ", true),
                };
                return new NarrativeStyle(
                    shorthand,
                    Terse: random.NextDouble() < 0.6,
                    Case: random.NextDouble() < 0.65 ? NarrativeCase.Upper : NarrativeCase.Normal,
                    separators.Item1,
                    separators.Item2,
                    DropCommas: random.NextDouble() < 0.3,
                    FinalPeriod: random.NextDouble() < 0.4,
                    _options.TypoRate);
            }
            var casing = random.Next(100) switch
            {
                < 3 => NarrativeCase.Upper,
                < 6 => NarrativeCase.Lower,
                _ => NarrativeCase.Normal,
            };
            return new NarrativeStyle(
                shorthand,
                Terse: shorthand && random.NextDouble() < 0.15,
                casing,
                random.Next(20) == 0 ? " - " : ". ",
                SeparatorEndsSentence: true,
                DropCommas: random.NextDouble() < 0.08,
                FinalPeriod: random.NextDouble() < 0.9,
                _options.TypoRate);
        }

        /// <summary>A place sentence (a remark for CAD), without final punctuation, and where it goes: 0 first, 1 after the evidence, 2 after the trailing sentences.</summary>
        private readonly record struct PlaceMention(string Text, int Position);

        // The styler draws shorthand and typos per word from the report's noise streams, and the
        // next report's style comes from the same stream: styling the place mention with them
        // would shift every later report. So the narrative is styled around a mark that takes no
        // draw (no letter or digit), and the place is styled alone from a stream of its own and
        // put where the mark is.
        private string InsertPlace(string narrative, PlaceMention mention, NarrativeStyle style)
        {
            var at = narrative.IndexOf(PlaceMark);
            if (at < 0)
            {
                throw new InvalidOperationException("The styler dropped the place mark.");
            }
            var last = at == narrative.Length - 1;
            _placeText.Clear().Append(mention.Text);
            var rendered = _styler.Apply(_placeText, last ? style : style with { FinalPeriod = false }, _placeNoise!, _placeNoise!);
            // Where the separator before it does not end a sentence, the place reads on in lower case ("..., near Larkmoor").
            var capital = at == 0
                || (at >= 2 && narrative[at - 1] == ' ' && narrative[at - 2] is '.' or '?' or '!')
                || (!(at >= 2 && narrative[at - 1] == ' ' && narrative[at - 2] is ':' or ';') && style.SeparatorEndsSentence);
            if (!capital && char.IsLower(mention.Text[0]) && char.IsUpper(rendered[0]) && style.Case != NarrativeCase.Upper)
            {
                rendered = string.Concat(char.ToLowerInvariant(rendered[0]).ToString(), rendered.AsSpan(1));
            }
            return string.Concat(narrative.AsSpan(0, at), rendered, narrative.AsSpan(at + 1));
        }

        /// <summary>Stands for the place mention while the narrative is styled: neither letter nor digit, so the styler draws nothing for it.</summary>
        private const char PlaceMark = '\u0001';

        private static readonly string[] StatusRemarks = ["10-8", "UTL", "GOA", "RP ON LINE", "UNIT ENRT", "NFI", "CLEARED", "C4", "REF PREV CALL"];

        // The call type, and whether it is one of the group's own kind rather than a generic one.
        private static (string CallType, bool OwnKind) DrawCallType(TemplateGroup group, Random random) =>
            random.NextDouble() < 0.5
                ? (group.CadTypes[random.Next(group.CadTypes.Length)], true)
                : (NarrativeCatalogue.GenericCadTypes[random.Next(NarrativeCatalogue.GenericCadTypes.Length)], false);

        private static string? DrawSector(string? named, Random random)
        {
            if (named is not null)
            {
                if (random.NextDouble() >= 0.55)
                {
                    return null;
                }
                return random.NextDouble() < 0.85 ? named : _sectors[random.Next(_sectors.Length)];
            }
            return random.NextDouble() < 0.15 ? _sectors[random.Next(_sectors.Length)] : null;
        }

        private static ReportLocation DrawLocation(Random random)
        {
            var roll = random.Next(100);
            var latitude = LatitudeSouth + (random.NextDouble() * 0.25);
            var longitude = LongitudeWest + (random.NextDouble() * 0.35);
            var street = NarrativeSlots.Streets[random.Next(NarrativeSlots.Streets.Length)].ToUpperInvariant();
            var number = random.Next(100, 10000);
            var withAddress = random.NextDouble() < 0.7;
            return roll switch
            {
                < 20 => new ReportLocation(withAddress && random.Next(2) == 0 ? $"{number} {street}" : null, null, null, LocationPrecision.None),
                < 35 => new ReportLocation(withAddress ? "NEW ORLEANS, LA" : null, 29.9511, -90.0715, LocationPrecision.City),
                < 60 => new ReportLocation(
                    withAddress ? $"{number / 100}XX BLOCK OF {street}" : null,
                    Math.Round(latitude, 3),
                    Math.Round(longitude, 3),
                    LocationPrecision.Block),
                < 85 => new ReportLocation(withAddress ? $"{number} {street}" : null, latitude, longitude, LocationPrecision.AddressPoint),
                _ => new ReportLocation(withAddress && random.Next(2) == 0 ? $"{number} {street}" : null, latitude, longitude, LocationPrecision.Source),
            };
        }
    }

    /// <summary>Deals indices in shuffled rounds, so each appears equally often.</summary>
    private sealed class ShuffleBag(int size)
    {
        private readonly int[] _items = [.. Enumerable.Range(0, size)];
        private int _position = size;

        public int Next(Random random)
        {
            if (_position == _items.Length)
            {
                random.Shuffle(_items);
                _position = 0;
            }
            return _items[_position++];
        }
    }
}
