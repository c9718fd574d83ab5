using Pipeline.Geo.Addresses;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Addresses;

public sealed class AddressNormalizerTests
{
    // Expected: H (house number), B (block range), I (intersection), P (place); [unit]; (city|state|zip).
    public static TheoryData<string, string> Cases => new()
    {
        // house numbers, punctuation and case
        { "1520 Shattuck Ave.", "H 1520 SHATTUCK AVE" },
        { "1520 SHATTUCK AVENUE", "H 1520 SHATTUCK AVE" },
        { "  1520   shattuck    av  ", "H 1520 SHATTUCK AVE" },
        { "1520 Shattuck Aven", "H 1520 SHATTUCK AVE" },
        { "1520 Shattuck Avnue", "H 1520 SHATTUCK AVE" },
        { "1520 Shattuck Avn", "H 1520 SHATTUCK AVE" },
        { "1520 Shattuck Avenu", "H 1520 SHATTUCK AVE" },
        { "2606 Dwight Way", "H 2606 DWIGHT WAY" },
        { "2606 Dwight Wy", "H 2606 DWIGHT WAY" },
        { "100 Grizzly Peak Boulevard", "H 100 GRIZZLY PEAK BLVD" },
        { "100 Grizzly Peak Boul", "H 100 GRIZZLY PEAK BLVD" },
        { "100 Hawthorne Terrace", "H 100 HAWTHORNE TER" },
        { "100 Hawthorne Terr", "H 100 HAWTHORNE TER" },
        { "100 Berkeley Square", "H 100 BERKELEY SQ" },
        { "100 Canyon Road", "H 100 CANYON RD" },
        { "100 Oak Lane", "H 100 OAK LN" },
        { "100 Elm Drive", "H 100 ELM DR" },
        { "100 Elm Court", "H 100 ELM CT" },
        { "100 Elm Circle", "H 100 ELM CIR" },
        { "100 Elm Crcle", "H 100 ELM CIR" },
        { "100 Elm Place", "H 100 ELM PL" },
        { "100 Elm Highway", "H 100 ELM HWY" },
        { "100 Elm Parkway", "H 100 ELM PKWY" },
        { "100 Elm Expressway", "H 100 ELM EXPY" },
        { "100 Elm Heights", "H 100 ELM HTS" },
        { "100 Elm Crossing", "H 100 ELM XING" },
        { "100 Elm Centre", "H 100 ELM CTR" },
        { "100 Elm Trail", "H 100 ELM TRL" },
        { "1520A Shattuck Ave", "H 1520A SHATTUCK AVE" },
        { "1520-A Shattuck Ave", "H 1520A SHATTUCK AVE" },
        { "1520-1/2 Shattuck Ave", "H 1520 1/2 SHATTUCK AVE" },
        { "1520 1/2 Shattuck Ave", "H 1520 1/2 SHATTUCK AVE" },
        { "123-45 Main St", "H 123-45 MAIN ST" },
        { "2300 TELEGRAHP", "H 2300 TELEGRAHP" },
        { "2300 SHATUCK AVE", "H 2300 SHATUCK AVE" },
        { "2200 Broadway", "H 2200 BROADWAY" },

        // units never change the location
        { "1520 SHATTUCK AVENUE APT 3", "H 1520 SHATTUCK AVE [APT 3]" },
        { "1520 Shattuck Ave Apartment 3", "H 1520 SHATTUCK AVE [APT 3]" },
        { "1520 Shattuck Ave #3", "H 1520 SHATTUCK AVE [# 3]" },
        { "1520 Shattuck Ave # 3B", "H 1520 SHATTUCK AVE [# 3B]" },
        { "1520 Shattuck Ave Apt #3", "H 1520 SHATTUCK AVE [APT 3]" },
        { "1520 Shattuck Ave Ste 200", "H 1520 SHATTUCK AVE [STE 200]" },
        { "1520 Shattuck Ave Suite 200", "H 1520 SHATTUCK AVE [STE 200]" },
        { "1520 Shattuck Ave, Unit B", "H 1520 SHATTUCK AVE [UNIT B]" },
        { "1520 Shattuck Ave Bldg 4", "H 1520 SHATTUCK AVE [BLDG 4]" },
        { "1520 Shattuck Ave Floor 2", "H 1520 SHATTUCK AVE [FL 2]" },
        { "1520 Shattuck Ave Rm 12", "H 1520 SHATTUCK AVE [RM 12]" },
        { "1520 Shattuck Ave Lot 7", "H 1520 SHATTUCK AVE [LOT 7]" },
        { "1520 Shattuck Ave Spc 9", "H 1520 SHATTUCK AVE [SPC 9]" },
        { "1520 Shattuck Ave Trlr 9", "H 1520 SHATTUCK AVE [TRLR 9]" },
        { "1520 Shattuck Ave Rear", "H 1520 SHATTUCK AVE [REAR]" },
        { "#3", "P [# 3]" },
        { "Ste 200, 1520 Shattuck Ave", "H 1520 SHATTUCK AVE [STE 200]" },
        { "100 Front St", "H 100 FRONT ST" },
        { "100 Key St", "H 100 KEY ST" },

        // blocks
        { "15XX BLOCK OF SHATTUCK AVE", "B 1500-1599 SHATTUCK AVE" },
        { "1500 BLOCK SHATTUCK AV", "B 1500-1599 SHATTUCK AVE" },
        { "1500 BLOCK OF SHATTUCK AVE", "B 1500-1599 SHATTUCK AVE" },
        { "1500 BLK SHATTUCK AVE", "B 1500-1599 SHATTUCK AVE" },
        { "1520 BLOCK SHATTUCK AVE", "B 1500-1599 SHATTUCK AVE" },
        { "015XX Shattuck Ave", "B 1500-1599 SHATTUCK AVE" },
        { "15XX Shattuck Ave", "B 1500-1599 SHATTUCK AVE" },
        { "1XX Main St", "B 100-199 MAIN ST" },
        { "XX Main St", "B 0-99 MAIN ST" },
        { "0XX Main St", "B 0-99 MAIN ST" },
        { "0 BLOCK MAIN ST", "B 0-99 MAIN ST" },
        { "12000 BLOCK MAIN ST", "B 12000-12099 MAIN ST" },
        { "1500 BLOCK MARTIN LUTHER KING JR WAY", "B 1500-1599 MARTIN LUTHER KING JR WAY" },
        { "1700 BLOCK OXFORD ST\nBerkeley, CA\n(37.86988, -122.27054)", "B 1700-1799 OXFORD ST (BERKELEY|CA|)" },

        // intersections
        { "SHATTUCK AVE / CEDAR ST", "I SHATTUCK AVE & CEDAR ST" },
        { "Shattuck & Cedar", "I SHATTUCK & CEDAR" },
        { "SHATTUCK AVE AND CEDAR ST", "I SHATTUCK AVE & CEDAR ST" },
        { "SHATTUCK/CEDAR", "I SHATTUCK & CEDAR" },
        { "Shattuck Ave at Cedar St", "I SHATTUCK AVE & CEDAR ST" },
        { "Shattuck Ave @ Cedar St", "I SHATTUCK AVE & CEDAR ST" },
        { "ALLSTON WAY /  OXFORD ST", "I ALLSTON WAY & OXFORD ST" },
        { "10TH ST / GILMAN ST", "I 10TH ST & GILMAN ST" },
        { "Shattuck Ave & Cedar St, Berkeley, CA", "I SHATTUCK AVE & CEDAR ST (BERKELEY|CA|)" },
        { "1520 Shattuck Ave @ Cedar St", "H 1520 SHATTUCK AVE" },
        { "& Cedar St", "P CEDAR ST" },

        // directionals
        { "1520 N Main St", "H 1520 N MAIN ST" },
        { "1520 North Main Street", "H 1520 N MAIN ST" },
        { "1520 Main Street North", "H 1520 MAIN ST N" },
        { "1520 Main St N", "H 1520 MAIN ST N" },
        { "100 N.E. Main St.", "H 100 NE MAIN ST" },
        { "100 Northeast Main St", "H 100 NE MAIN ST" },
        { "100 Main St SW", "H 100 MAIN ST SW" },
        { "100 North St", "H 100 NORTH ST" },
        { "100 N St", "H 100 N ST" },
        { "100 West End Ave", "H 100 WEST END AVE" },
        { "100 E Broadway", "H 100 E BROADWAY" },
        { "100 Broadway East", "H 100 BROADWAY E" },
        { "100 Avenue B", "H 100 AVENUE B" },
        { "100 Ave B", "H 100 AVENUE B" },
        { "100 Avenue N", "H 100 AVENUE N" },
        { "100 East Blvd", "H 100 EAST BLVD" },

        // ordinals, SAINT, names
        { "100 First St", "H 100 1ST ST" },
        { "100 1st St", "H 100 1ST ST" },
        { "100 Second Ave", "H 100 2ND AVE" },
        { "100 Twenty-First St", "H 100 21ST ST" },
        { "100 Twenty First St", "H 100 21ST ST" },
        { "100 Ninety Ninth St", "H 100 99TH ST" },
        { "100 Fortieth St", "H 100 40TH ST" },
        { "100 2th St", "H 100 2ND ST" },
        { "100 112th St", "H 100 112TH ST" },
        { "100 St Marys St", "H 100 ST MARYS ST" },
        { "100 Saint Mary's Street", "H 100 ST MARYS ST" },
        { "100 St. Mary's St.", "H 100 ST MARYS ST" },
        { "1200 Martin Luther King Jr Way", "H 1200 MARTIN LUTHER KING JR WAY" },
        { "1200 Martin Luther King Jr. Way", "H 1200 MARTIN LUTHER KING JR WAY" },
        { "100 Mt Diablo Blvd", "H 100 MOUNT DIABLO BLVD" },
        { "100 Park Ave", "H 100 PARK AVE" },

        // city, state, ZIP
        { "1520 Shattuck Ave, Berkeley, CA 94709", "H 1520 SHATTUCK AVE (BERKELEY|CA|94709)" },
        { "1520 Shattuck Ave Berkeley CA 94709", "H 1520 SHATTUCK AVE (BERKELEY|CA|94709)" },
        { "1520 Shattuck Ave, Berkeley, California 94709-1234", "H 1520 SHATTUCK AVE (BERKELEY|CA|94709)" },
        { "1520 Shattuck Ave, Berkeley CA", "H 1520 SHATTUCK AVE (BERKELEY|CA|)" },
        { "1520 Shattuck Ave, Berkeley, CA, USA", "H 1520 SHATTUCK AVE (BERKELEY|CA|)" },
        { "1520 Shattuck Ave Apt 3, Berkeley, CA 94709", "H 1520 SHATTUCK AVE [APT 3] (BERKELEY|CA|94709)" },
        { "100 Main St, New York, NY 10001", "H 100 MAIN ST (NEW YORK|NY|10001)" },
        { "100 Main St, Washington", "H 100 MAIN ST (WASHINGTON||)" },
        { "100 Main St, Seattle, Washington", "H 100 MAIN ST (SEATTLE|WA|)" },
        { "100 Main St, 94709", "H 100 MAIN ST (||94709)" },

        // a house number cut from its street by a comma; a number before a city stays apart
        { "2072, HEARST AVE", "H 2072 HEARST AVE" },
        { "1631, ST MARYS ST", "H 1631 ST MARYS ST" },
        { "1520 1/2, Shattuck Ave", "H 1520 1/2 SHATTUCK AVE" },
        { "1520A, Shattuck Ave", "H 1520A SHATTUCK AVE" },
        { "2072, Hearst Ave, Berkeley, CA 94709", "H 2072 HEARST AVE (BERKELEY|CA|94709)" },
        { "1520, Berkeley", "P (BERKELEY||)" },
        { "94703, Berkeley, CA", "P (BERKELEY|CA|94703)" },
        { "1520, Apt 3", "P [APT 3]" },

        // a ZIP code alone
        { "94703", "P (||94703)" },
        { " 94703-1234 ", "P (||94703)" },

        // suffixes CAD feeds write outside USPS C1
        { "2889 MACARTHUR BL", "H 2889 MACARTHUR BLVD" },

        // places, garbage, hostile text
        { "", "P" },
        { "   ", "P" },
        { "Berkeley Public Library", "P" },
        { "Shattuck Ave", "P SHATTUCK AVE" },
        { "1520", "P" },
        { "'; DROP TABLE addresses; --", "P" },
        { "1520 Shattuck\u202E Ave", "H 1520 SHATTUCK AVE" },
        { "1520\0Shattuck Ave", "H 1520 SHATTUCK AVE" },
        { "\uFEFF1520 Shattuck Ave", "H 1520 SHATTUCK AVE" },
        { "<script>alert(1)</script>", "P" },
        { "99999999999999 Main St", "P 99999999999999 MAIN ST" },
        { "<b>1520</b> Shattuck <i>Ave</i>", "H 1520 SHATTUCK AVE" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TextNormalizesToTheExpectedParts(string text, string expected)
    {
        Assert.Equal(expected, Describe(AddressNormalizer.Normalize(text)));
    }

    public static TheoryData<string, string?, string, string?, string?> StreetParts => new()
    {
        { "1520 N Main St", "N", "MAIN", "ST", null },
        { "1520 Main St North", null, "MAIN", "ST", "N" },
        { "1520 S Main St NE", "S", "MAIN", "ST", "NE" },
        { "100 North St", null, "NORTH", "ST", null },
        { "100 West End Ave", null, "WEST END", "AVE", null },
        { "100 W Park Ave", "W", "PARK", "AVE", null },
        { "100 Avenue B", null, "AVENUE B", null, null },
        { "100 Ave N", null, "AVENUE", null, "N" },
        { "100 St Marys St", null, "ST MARYS", "ST", null },
        { "100 N", null, "N", null, null },
    };

    [Theory]
    [MemberData(nameof(StreetParts))]
    public void DirectionalsSuffixesAndNamesLandInTheirParts(string text, string? pre, string name, string? suffix, string? post)
    {
        Assert.Equal(new StreetName(pre, name, suffix, post), AddressNormalizer.Normalize(text).Street);
    }

    [Theory]
    [InlineData("1520 Shattuck Ave", "1520 SHATTUCK AVENUE APT 3")]
    [InlineData("1520 SHATTUCK AVE", "1520 shattuck av., #3")]
    [InlineData("SHATTUCK AVE & CEDAR ST", "Cedar Street / Shattuck Avenue")]
    [InlineData("SHATTUCK AVE / CEDAR ST", "cedar st and shattuck ave")]
    [InlineData("15XX BLOCK OF SHATTUCK AVE", "1500 BLOCK SHATTUCK AV")]
    [InlineData("015XX Shattuck Ave", "1500 blk of shattuck avenue")]
    [InlineData("1520 N Main St", "1520 North Main Street")]
    [InlineData("1520 Shattuck Ave, Berkeley, CA 94709", "1520 SHATTUCK AVENUE BERKELEY CA 94709-0001")]
    public void TwoSpellingsOfOneAddressShareACacheKey(string first, string second)
    {
        Assert.Equal(AddressNormalizer.Normalize(first).CacheKey, AddressNormalizer.Normalize(second).CacheKey);
    }

    [Theory]
    [InlineData("1520 Shattuck Ave", "1522 Shattuck Ave")]
    [InlineData("1520 Shattuck Ave", "1520A Shattuck Ave")]
    [InlineData("1520 N Main St", "1520 S Main St")]
    [InlineData("1520 Main St, Berkeley", "1520 Main St, Albany")]
    [InlineData("15XX Shattuck Ave", "1520 Shattuck Ave")]
    [InlineData("Shattuck Ave & Cedar St", "Shattuck Ave & Vine St")]
    public void DifferentAddressesHaveDifferentCacheKeys(string first, string second)
    {
        Assert.NotEqual(AddressNormalizer.Normalize(first).CacheKey, AddressNormalizer.Normalize(second).CacheKey);
    }

    [Theory]
    [InlineData("1520 Shattuck Ave Apt 3", "1520 SHATTUCK AVE")]
    [InlineData("15XX BLOCK OF SHATTUCK AVE", "1550 SHATTUCK AVE")]
    [InlineData("1XXX Shattuck Ave", "1500 SHATTUCK AVE")]
    [InlineData("XX Main St", "50 MAIN ST")]
    [InlineData("Shattuck & Cedar St", "SHATTUCK & CEDAR ST")]
    [InlineData("Berkeley Public Library", "")]
    [InlineData("Shattuck Ave, Berkeley", "SHATTUCK AVE")]
    public void StreetLineIsWhatAnHttpProviderIsSent(string text, string streetLine)
    {
        Assert.Equal(streetLine, AddressNormalizer.Normalize(text).StreetLine);
    }

    [Fact]
    public void ToQueryFillsOnlyThePartsTheTextLacked()
    {
        var withPlace = AddressNormalizer.Normalize("1520 Shattuck Ave, Berkeley, CA 94709").ToQuery("Oakland", "NV", "94612");
        var bare = AddressNormalizer.Normalize("15XX block of Shattuck Ave").ToQuery(" oakland ", "California", "94612-1234");

        Assert.Equal(new AddressQuery("1520 SHATTUCK AVE", "BERKELEY", "CA", "94709", AddressQueryKind.HouseNumber), withPlace);
        Assert.Equal(new AddressQuery("1550 SHATTUCK AVE", "OAKLAND", "CA", "94612", AddressQueryKind.Block), bare);
        Assert.Equal(Pipeline.Contracts.LocationPrecision.Block, bare.BestPossible);
    }

    [Theory]
    [InlineData("1520 Shattuck Ave, Berkeley")]
    [InlineData("1XXX Shattuck Ave")]
    [InlineData("Shattuck Ave & Cedar St")]
    [InlineData("Berkeley Public Library")]
    public void AQueryCarriesTheAddressItWasBuiltFromButIsEqualToOneWithout(string text)
    {
        var address = AddressNormalizer.Normalize(text);

        var query = address.ToQuery("Oakland", "CA", null);

        Assert.Same(address, query.Address);
        var bare = query with { Address = null };
        Assert.Equal(bare, query);
        Assert.Equal(bare.GetHashCode(), query.GetHashCode());
        Assert.NotEqual(query with { StreetLine = "1 OTHER ST" }, query);
    }

    [Fact]
    public void AHundredKilobyteInputIsCutAndNeverThrows()
    {
        var huge = "1520 Shattuck Ave " + new string('A', 100_000) + "\0\u202E' OR 1=1; --";

        var address = AddressNormalizer.Normalize(huge);

        Assert.True(address.Text.Length <= AddressNormalizer.MaxInputLength);
        Assert.Equal(AddressQueryKind.HouseNumber, address.Kind);
    }

    [Fact]
    public void NullIsAnEmptyPlace()
    {
        var address = AddressNormalizer.Normalize(null);

        Assert.Equal(AddressQueryKind.Place, address.Kind);
        Assert.Equal(string.Empty, address.Text);
        Assert.Equal(string.Empty, address.StreetLine);
    }

    [Theory]
    [InlineData("N. Main Street", "N MAIN ST")]
    [InlineData("1520 shattuck avenue", "SHATTUCK AVE")]
    [InlineData("Shattuck Ave Apt 3", "SHATTUCK AVE")]
    [InlineData("Saint Mary's Street", "ST MARYS ST")]
    public void AStreetAloneNormalizesForGazetteerFiles(string text, string expected)
    {
        Assert.Equal(expected, AddressNormalizer.NormalizeStreet(text)?.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("#3")]
    [InlineData("1520")]
    public void AStreetAloneIsNullWhenThereIsNone(string text)
    {
        Assert.Null(AddressNormalizer.NormalizeStreet(text));
    }

    [Theory]
    [InlineData("California", "CA")]
    [InlineData(" ca ", "CA")]
    [InlineData("new york", "NY")]
    [InlineData("Calif", null)]
    public void StatesNormalizeToTheirCode(string text, string? code)
    {
        Assert.Equal(code, AddressNormalizer.NormalizeState(text));
    }

    [Theory]
    [InlineData("94709", "94709")]
    [InlineData("94709-1234", "94709")]
    [InlineData("947091234", "94709")]
    [InlineData("9470", null)]
    [InlineData("ABCDE", null)]
    public void ZipCodesNormalizeToFiveDigits(string text, string? zip)
    {
        Assert.Equal(zip, AddressNormalizer.NormalizePostalCode(text));
    }

    [Fact]
    public void EverySuffixSpellingMapsToAStandardAbbreviationThatMapsToItself()
    {
        Assert.True(StreetSuffixes.ToStandard.Count > 450);
        foreach (var (spelling, standard) in StreetSuffixes.ToStandard)
        {
            Assert.Equal(standard, StreetSuffixes.Standardize(standard));
            Assert.Equal(StreetSuffixes.ToPrimary[spelling], StreetSuffixes.ToPrimary[standard]);
        }
    }

    internal static string Describe(NormalizedAddress a)
    {
        var core = a.Kind switch
        {
            AddressQueryKind.HouseNumber => $"H {a.HouseNumberText} {a.Street}",
            AddressQueryKind.Block => $"B {a.BlockStart}-{a.BlockEnd} {a.Street}",
            AddressQueryKind.Intersection => $"I {a.Street} & {a.SecondStreet}",
            _ => $"P {a.Street}".TrimEnd(),
        };
        if (a.Unit is not null)
        {
            core += $" [{a.Unit}]";
        }

        if (a.City is not null || a.State is not null || a.PostalCode is not null)
        {
            core += $" ({a.City}|{a.State}|{a.PostalCode})";
        }

        return core;
    }
}
