using Pipeline.Geo.Addresses;

namespace Pipeline.Geo.Tests.Addresses;

public sealed class StreetNameMatcherTests
{
    private static readonly StreetNameMatcher Berkeley = new(new[]
    {
        "SHATTUCK AVE", "TELEGRAPH AVE", "CEDAR ST", "VINE ST", "OAK ST", "OAK AVE", "ELM ST", "ASH ST",
        "N MAIN ST", "S MAIN ST", "MARTIN LUTHER KING JR WAY", "HEARST AVE", "HASTE ST", "DWIGHT WAY", "EUCLID AVE",
    }.Select(Street));

    [Theory]
    [InlineData("SHATTUCK AVE")]
    [InlineData("N MAIN ST")]
    [InlineData("OAK AVE")]
    public void AKnownStreetMatchesItselfWithFullConfidence(string street)
    {
        var match = Berkeley.Match(Street(street));

        Assert.NotNull(match);
        Assert.Equal(Street(street), match.Value.Street);
        Assert.Equal(1.0, match.Value.Confidence);
    }

    [Theory]
    [InlineData("SHATUCK AVE", "SHATTUCK AVE", 1)]
    [InlineData("TELEGRAHP AVE", "TELEGRAPH AVE", 1)]
    [InlineData("TELEGRAHP", "TELEGRAPH AVE", 1)]
    [InlineData("SHATTUKC AVE", "SHATTUCK AVE", 1)]
    [InlineData("SHATUCKK AVE", "SHATTUCK AVE", 2)]
    [InlineData("MARTIN LUTHER KNG JR WAY", "MARTIN LUTHER KING JR WAY", 1)]
    [InlineData("HEARTS AVE", "HEARST AVE", 1)]
    public void AMisspelledStreetFindsTheKnownOne(string query, string expected, int edits)
    {
        var match = Berkeley.Match(Street(query));

        Assert.NotNull(match);
        Assert.Equal(Street(expected), match.Value.Street);
        Assert.Equal(edits, match.Value.Edits);
        Assert.InRange(match.Value.Confidence, 0.05, 0.99);
    }

    [Theory]
    [InlineData("SHATTUCK ST", "SHATTUCK AVE")]
    [InlineData("SHATTUCK", "SHATTUCK AVE")]
    [InlineData("CEDAR", "CEDAR ST")]
    [InlineData("E SHATTUCK AVE", "SHATTUCK AVE")]
    public void AMissingOrDifferentSuffixOrDirectionalCostsALittleConfidence(string query, string expected)
    {
        var match = Berkeley.Match(Street(query));

        Assert.NotNull(match);
        Assert.Equal(Street(expected), match.Value.Street);
        Assert.InRange(match.Value.Confidence, 0.7, 0.99);
    }

    [Theory]
    [InlineData("OAK")]        // OAK ST or OAK AVE
    [InlineData("MAIN ST")]    // N MAIN ST or S MAIN ST
    [InlineData("HASTE AVE")]  // one edit from HASTE ST's name only, but a different suffix: still one candidate...
    public void AnAmbiguousOrUnknownStreetIsRefusedUnlessOneCandidateIsBest(string query)
    {
        var match = Berkeley.Match(Street(query));

        if (query == "HASTE AVE")
        {
            Assert.Equal(Street("HASTE ST"), match?.Street);
        }
        else
        {
            Assert.Null(match);
        }
    }

    [Fact]
    public void TwoEquallyCloseStreetsAreRefused()
    {
        var matcher = new StreetNameMatcher([Street("HARRIS ST"), Street("HARRIT ST")]);

        Assert.Null(matcher.Match(Street("HARRIZ ST")));
    }

    [Theory]
    [InlineData("ASK ST")]
    [InlineData("EL ST")]
    [InlineData("OAX ST")]
    public void ShortNamesMatchOnlyExactly(string query)
    {
        Assert.Null(Berkeley.Match(Street(query)));
    }

    [Theory]
    [InlineData("SHOTTOCKS AVE")]   // three edits from SHATTUCK
    [InlineData("SHTUCK AVE")]      // two edits, but six letters allow one: the shorter name sets the limit
    [InlineData("VYNE ST")]         // four letters allow one edit: VYNE is one from VINE (found)...
    [InlineData("BROADWAY")]
    public void AStreetTooFarFromAnyKnownOneIsNotMatched(string query)
    {
        var match = Berkeley.Match(Street(query));

        if (query == "VYNE ST")
        {
            Assert.Equal(Street("VINE ST"), match?.Street);
        }
        else
        {
            Assert.Null(match);
        }
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(30, 2)]
    public void AllowedEditsGrowWithTheNameLength(int length, int edits)
    {
        Assert.Equal(edits, StreetNameMatcher.MaxEdits(length));
    }

    [Theory]
    [InlineData("AB", 0)]
    [InlineData("VIN", 1)]
    [InlineData("VINE", 2)]
    [InlineData("SHATTUCK", 2)]
    [InlineData("45TH", 0)]
    [InlineData("HWY 13", 0)]
    public void ConfirmableEditsAreMoreGenerousButNoneForNumberedNames(string name, int edits)
    {
        Assert.Equal(edits, StreetNameMatcher.MaxConfirmableEdits(name));
    }

    [Theory]
    [InlineData("VNE ST", "VINE ST", 1)]        // three letters: one edit
    [InlineData("HEEEARST AVE", "HEARST AVE", 2)] // two edits on a six-letter name: too far for Match
    [InlineData("DWGHTT WAY", "DWIGHT WAY", 2)]
    [InlineData("SHTUCK AVE", "SHATTUCK AVE", 2)]
    [InlineData("EUCLLDD", "EUCLID AVE", 2)]     // no suffix: any suffix fits
    public void CandidatesReachNamesTooFarForMatchBestFirst(string query, string expected, int edits)
    {
        Assert.Null(Berkeley.Match(Street(query)));

        var candidates = Berkeley.Candidates(Street(query));

        Assert.NotEmpty(candidates);
        Assert.Equal(Street(expected), candidates[0].Street);
        Assert.Equal(edits, candidates[0].Edits);
        Assert.InRange(candidates[0].Confidence, 0.05, 0.99);
    }

    [Theory]
    [InlineData("VNE AVE")]         // VINE is a street, not an avenue
    [InlineData("S HEEARST AVE")]   // HEARST AVE has no directional
    [InlineData("SHOTTOCKS AVE")]   // three edits
    [InlineData("X ST")]            // too short to be misspelled
    public void CandidatesNeverContradictASuffixOrDirectionalNorGoPastTwoEdits(string query)
    {
        Assert.Empty(Berkeley.Candidates(Street(query)));
    }

    [Fact]
    public void CandidatesOfANumberedStreetAreNone()
    {
        var matcher = new StreetNameMatcher([Street("4TH ST"), Street("5TH ST"), Street("40TH ST")]);

        Assert.Empty(matcher.Candidates(Street("45TH ST")));
    }

    [Fact]
    public void CandidatesKeepEveryStreetOfATiedName()
    {
        var found = Berkeley.Candidates(Street("OAK")).Select(c => c.Street).ToHashSet();

        Assert.Contains(Street("OAK ST"), found);
        Assert.Contains(Street("OAK AVE"), found);
    }

    [Fact]
    public void AFiveThousandStreetIndexStillFindsATypo()
    {
        var random = new Random(7);
        var streets = new HashSet<StreetName>();
        while (streets.Count < 5000)
        {
            var name = new string(Enumerable.Range(0, random.Next(5, 12)).Select(_ => (char)('A' + random.Next(26))).ToArray());
            streets.Add(new StreetName(null, name, random.Next(2) == 0 ? "ST" : "AVE", null));
        }

        var matcher = new StreetNameMatcher(streets);
        var target = streets.First(s => s.Name.Length >= 8);
        var typo = target with { Name = target.Name[..3] + target.Name[4..] };

        Assert.Equal(5000, matcher.Count);
        Assert.Equal(target, matcher.Match(typo)?.Street);
    }

    private static StreetName Street(string text) => AddressNormalizer.NormalizeStreet(text) ?? throw new ArgumentException("not a street", nameof(text));
}
