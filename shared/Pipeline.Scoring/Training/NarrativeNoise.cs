using System.Text;

namespace Pipeline.Scoring.Training;

/// <summary>How a report's letters are cased.</summary>
internal enum NarrativeCase
{
    /// <summary>As written, with sentence capitals.</summary>
    Normal,

    /// <summary>ALL CAPS, as many CAD systems store notes.</summary>
    Upper,

    /// <summary>all lower case, as hurried writers type.</summary>
    Lower,
}

/// <summary>The writing style drawn for one report.</summary>
/// <param name="Shorthand">Officer shorthand (subj, veh, approx, RP, LOC...).</param>
/// <param name="Terse">Drop most articles, as CAD remarks do.</param>
/// <param name="Case">Letter casing.</param>
/// <param name="Separator">What joins two sentences (". ", " - ", "; "...).</param>
/// <param name="SeparatorEndsSentence">True when the word after a separator is capitalized.</param>
/// <param name="DropCommas">Leave out commas.</param>
/// <param name="FinalPeriod">End the text with a period.</param>
/// <param name="TypoRate">Per-word probability of a typo.</param>
internal readonly record struct NarrativeStyle(
    bool Shorthand,
    bool Terse,
    NarrativeCase Case,
    string Separator,
    bool SeparatorEndsSentence,
    bool DropCommas,
    bool FinalPeriod,
    double TypoRate);

/// <summary>
/// Turns the expanded template text into the report's narrative: fixes "a"/"an", capitalizes
/// sentences, joins sentences with the report's separator, and adds the noise of real narratives
/// (officer shorthand, dropped articles, typos, casing). One pass over the words, no regular
/// expressions; shorthand look-ups use span keys, so no string is built per word. Typos draw
/// from their own random source, so changing the typo rate changes nothing else in a report.
/// </summary>
internal sealed class NarrativeNoise
{
    private const double ShorthandWordRate = 0.85;
    private const double TerseArticleDropRate = 0.7;

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _words = Lookup(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["subject"] = "subj", ["subjects"] = "subjs", ["vehicle"] = "veh", ["vehicles"] = "vehs", ["location"] = "LOC",
        ["suspicious"] = "susp", ["individual"] = "indiv", ["individuals"] = "indivs", ["occupant"] = "occ",
        ["occupants"] = "occs", ["approximately"] = "approx", ["hours"] = "hrs", ["minutes"] = "mins",
        ["officer"] = "ofc", ["officers"] = "ofcs", ["information"] = "info", ["building"] = "bldg", ["unknown"] = "unk",
        ["description"] = "desc", ["identification"] = "ID", ["negative"] = "neg", ["possible"] = "poss",
        ["possibly"] = "poss", ["residence"] = "res", ["witness"] = "wit", ["department"] = "dept",
        ["requested"] = "req", ["reference"] = "ref", ["regarding"] = "re", ["with"] = "w/", ["without"] = "w/o",
        ["and"] = "&", ["because"] = "b/c", ["people"] = "ppl", ["between"] = "btwn", ["report"] = "rpt",
        ["reported"] = "rptd", ["reports"] = "rpts", ["advised"] = "adv", ["advises"] = "advs", ["previous"] = "prev",
        ["driver"] = "drvr", ["photographs"] = "photos", ["photograph"] = "photo", ["pictures"] = "pics",
        ["camera"] = "cam", ["binoculars"] = "binocs", ["license"] = "lic", ["employee"] = "emp",
        ["employees"] = "emps", ["manager"] = "mgr", ["apartment"] = "apt", ["parking"] = "pkg",
        ["about"] = "abt", ["security"] = "sec", ["dispatched"] = "disp", ["responded"] = "resp",
        ["contacted"] = "cont'd", ["observed"] = "obs", ["southbound"] = "SB", ["northbound"] = "NB",
        ["eastbound"] = "EB", ["westbound"] = "WB", ["approached"] = "appr", ["pedestrian"] = "ped",
        ["through"] = "thru", ["direction"] = "dir", ["supervisor"] = "supv", ["equipment"] = "equip",
        ["maintenance"] = "maint", ["returned"] = "ret'd", ["unauthorized"] = "unauth",
    });

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _pairs = Lookup(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["reporting party"] = "RP", ["license plate"] = "LP", ["parking lot"] = "PL", ["police department"] = "PD",
        ["fire department"] = "FD", ["the subject"] = "subj", ["the vehicle"] = "veh", ["the rp"] = "RP",
        ["security guard"] = "sec guard", ["no further"] = "NF", ["at approximately"] = "@ approx", ["at approx"] = "@ approx",
        ["the caller"] = "caller", ["the driver"] = "drvr", ["was observed"] = "obs", ["was seen"] = "seen",
    });

    private readonly List<Token> _tokens = new(256);
    private readonly StringBuilder _output = new(1024);
    private char[] _text = new char[2048];
    private char[] _word = new char[128];

    /// <summary>Renders <paramref name="raw"/> (sentences separated by line feeds) in <paramref name="style"/>.</summary>
    public string Apply(StringBuilder raw, NarrativeStyle style, Random random, Random typos)
    {
        Load(raw);
        _output.Clear();
        var capitalize = true;
        var pendingBoundary = false;
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            pendingBoundary |= token.UnitStart && _output.Length > 0;
            var span = _text.AsSpan(token.Start, token.Length);
            Split(span, out var leadLength, out var coreLength);
            var lead = span[..leadLength];
            var core = span.Slice(leadLength, coreLength);
            var trail = span[(leadLength + coreLength)..];

            if (core.IsEmpty && !pendingBoundary && trail.Length == 1 && trail[0] is ',' or '.' or ';' or ':' or '?' or '!')
            {
                // A stray punctuation mark (an optional part left empty): attach it to the word before.
                if (!(style.DropCommas && trail[0] == ','))
                {
                    _output.Append(trail);
                    capitalize = trail[0] is '.' or '?' or '!';
                }
                continue;
            }

            var wordLength = 0;
            var consumedNext = false;
            if (lead.IsEmpty && trail.IsEmpty && IsArticle(core))
            {
                if (style.Terse && random.NextDouble() < TerseArticleDropRate)
                {
                    continue;
                }
                var next = NextCore(i);
                wordLength = WriteArticle(core, next);
            }
            else if (style.Shorthand && !core.IsEmpty)
            {
                wordLength = Shorthand(i, core, trail, random, out consumedNext);
                if (consumedNext)
                {
                    var nextToken = _tokens[i + 1];
                    var nextSpan = _text.AsSpan(nextToken.Start, nextToken.Length);
                    Split(nextSpan, out var nextLead, out var nextCore);
                    trail = nextSpan[(nextLead + nextCore)..];
                    i++;
                }
            }
            else
            {
                wordLength = Copy(core);
            }

            if (style.TypoRate > 0 && wordLength >= 4 && IsLetters(_word.AsSpan(0, wordLength)) && typos.NextDouble() < style.TypoRate)
            {
                wordLength = Typo(wordLength, typos);
            }
            if (capitalize && wordLength > 0 && char.IsLower(_word[0]))
            {
                _word[0] = char.ToUpperInvariant(_word[0]);
            }

            if (pendingBoundary)
            {
                var last = _output[^1];
                if (last is '.' or '?' or '!' or ':' or ';')
                {
                    _output.Append(' ');
                    capitalize = last is '.' or '?' or '!';
                }
                else
                {
                    _output.Append(style.Separator);
                    capitalize = style.SeparatorEndsSentence;
                }
                if (capitalize && wordLength > 0 && char.IsLower(_word[0]))
                {
                    _word[0] = char.ToUpperInvariant(_word[0]);
                }
                pendingBoundary = false;
            }
            else if (_output.Length > 0)
            {
                _output.Append(' ');
            }

            _output.Append(lead);
            _output.Append(_word, 0, wordLength);
            foreach (var c in trail)
            {
                if (!(style.DropCommas && c == ','))
                {
                    _output.Append(c);
                }
            }
            capitalize = trail.Length > 0 && trail[^1] is '.' or '?' or '!';
        }

        if (style.FinalPeriod && _output.Length > 0 && char.IsLetterOrDigit(_output[^1]))
        {
            _output.Append('.');
        }
        var result = _output.ToString();
        return style.Case switch
        {
            NarrativeCase.Upper => result.ToUpperInvariant(),
            NarrativeCase.Lower => result.ToLowerInvariant(),
            _ => result,
        };
    }

    private void Load(StringBuilder raw)
    {
        if (_text.Length < raw.Length)
        {
            _text = new char[Math.Max(raw.Length, _text.Length * 2)];
        }
        raw.CopyTo(0, _text, raw.Length);
        _tokens.Clear();
        var start = -1;
        var unitStart = true;
        for (var i = 0; i <= raw.Length; i++)
        {
            var c = i < raw.Length ? _text[i] : '\n';
            if (c is ' ' or '\n')
            {
                if (start >= 0)
                {
                    _tokens.Add(new Token(start, i - start, unitStart));
                    unitStart = false;
                    start = -1;
                }
                if (c == '\n')
                {
                    unitStart = true;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
    }

    private static void Split(ReadOnlySpan<char> token, out int leadLength, out int coreLength)
    {
        var first = 0;
        while (first < token.Length && !char.IsLetterOrDigit(token[first]))
        {
            first++;
        }
        if (first == token.Length)
        {
            leadLength = 0;
            coreLength = 0;
            return;
        }
        var last = token.Length - 1;
        while (!char.IsLetterOrDigit(token[last]))
        {
            last--;
        }
        leadLength = first;
        coreLength = last - first + 1;
    }

    private ReadOnlySpan<char> NextCore(int index)
    {
        for (var j = index + 1; j < _tokens.Count; j++)
        {
            var span = _text.AsSpan(_tokens[j].Start, _tokens[j].Length);
            Split(span, out var lead, out var core);
            if (core > 0)
            {
                return span.Slice(lead, core);
            }
        }
        return [];
    }

    private static bool IsArticle(ReadOnlySpan<char> core) =>
        core.Equals("a", StringComparison.OrdinalIgnoreCase) || core.Equals("an", StringComparison.OrdinalIgnoreCase);

    private int WriteArticle(ReadOnlySpan<char> article, ReadOnlySpan<char> next)
    {
        var upper = char.IsUpper(article[0]);
        var allUpper = article.Length == 2 && char.IsUpper(article[1]);
        _word[0] = upper ? 'A' : 'a';
        if (!next.IsEmpty && TakesAn(next))
        {
            _word[1] = allUpper ? 'N' : 'n';
            return 2;
        }
        return 1;
    }

    /// <summary>True when <paramref name="word"/> is said with a vowel sound first.</summary>
    internal static bool TakesAn(ReadOnlySpan<char> word)
    {
        var first = word[0];
        if (char.IsDigit(first))
        {
            return first == '8' || word is "11" or "18";
        }
        var acronym = word.Length > 1 && char.IsUpper(first) && (char.IsUpper(word[1]) || word[1] == '/');
        if (acronym && !word.Equals("SCADA", StringComparison.Ordinal))
        {
            return "AEFHILMNORSX".Contains(first, StringComparison.Ordinal);
        }
        switch (char.ToLowerInvariant(first))
        {
            case 'a':
            case 'e':
            case 'i':
            case 'o':
                return !(StartsWith(word, "one") || StartsWith(word, "once") || StartsWith(word, "eu"));
            case 'u':
                return !(StartsWith(word, "unit") || StartsWith(word, "uniform") || StartsWith(word, "union")
                    || StartsWith(word, "uniq") || StartsWith(word, "univers") || StartsWith(word, "usual")
                    || StartsWith(word, "use") || StartsWith(word, "utili") || StartsWith(word, "uran"));
            case 'h':
                return StartsWith(word, "hour") || StartsWith(word, "honest") || StartsWith(word, "honor");
            default:
                return false;
        }
    }

    private static bool StartsWith(ReadOnlySpan<char> word, string prefix) =>
        word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private int Shorthand(int index, ReadOnlySpan<char> core, ReadOnlySpan<char> trail, Random random, out bool consumedNext)
    {
        consumedNext = false;
        if (trail.IsEmpty && index + 1 < _tokens.Count && !_tokens[index + 1].UnitStart)
        {
            var nextSpan = _text.AsSpan(_tokens[index + 1].Start, _tokens[index + 1].Length);
            Split(nextSpan, out var nextLead, out var nextCore);
            if (nextLead == 0 && nextCore > 0 && core.Length + nextCore < 64)
            {
                Span<char> key = stackalloc char[core.Length + 1 + nextCore];
                core.CopyTo(key);
                key[core.Length] = ' ';
                nextSpan[..nextCore].CopyTo(key[(core.Length + 1)..]);
                if (_pairs.TryGetValue(key, out var pair) && random.NextDouble() < ShorthandWordRate)
                {
                    consumedNext = true;
                    return CopyPreservingCapital(pair, core);
                }
            }
        }
        return _words.TryGetValue(core, out var word) && random.NextDouble() < ShorthandWordRate
            ? CopyPreservingCapital(word, core)
            : Copy(core);
    }

    private int CopyPreservingCapital(string replacement, ReadOnlySpan<char> original)
    {
        var length = Copy(replacement);
        if (char.IsUpper(original[0]) && char.IsLower(_word[0]))
        {
            _word[0] = char.ToUpperInvariant(_word[0]);
        }
        return length;
    }

    private int Copy(ReadOnlySpan<char> source)
    {
        if (_word.Length < source.Length + 2)
        {
            _word = new char[source.Length * 2 + 2];
        }
        source.CopyTo(_word);
        return source.Length;
    }

    private static bool IsLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private int Typo(int length, Random random)
    {
        var word = _word.AsSpan();
        switch (random.Next(3))
        {
            case 0:
                var swap = random.Next(1, length - 1);
                (word[swap], word[swap + 1]) = (word[swap + 1], word[swap]);
                return length;
            case 1:
                var drop = random.Next(1, length);
                word[(drop + 1)..length].CopyTo(word[drop..]);
                return length - 1;
            default:
                var twice = random.Next(1, length);
                word[twice..length].CopyTo(word[(twice + 1)..]);
                return length + 1;
        }
    }

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup(Dictionary<string, string> map) =>
        map.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly record struct Token(int Start, int Length, bool UnitStart);
}
