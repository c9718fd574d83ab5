using FsCheck;
using FsCheck.Fluent;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Tests.Addresses;

public sealed class AddressNormalizerPropertyTests
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(20000);

    private static readonly Gen<string> Text = ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "");

    // Words that play every role (numbers, blocks, directionals, suffixes, units, separators, states,
    // ZIPs, ordinals) and awkward characters, so generated text is often almost an address.
    private static readonly Gen<string> Word = Gen.Elements(
        "1520", "15XX", "XX", "0XX", "1520A", "1520-1/2", "1/2", "123-45", "0", "BLOCK", "OF", "BLK",
        "N", "NORTH", "SW", "WEST", "END", "E", "MAIN", "SHATTUCK", "CEDAR", "MARTIN", "LUTHER", "KING", "JR",
        "ST", "SAINT", "AVE", "AVENUE", "AV", "BLVD", "WAY", "PARK", "CT", "B", "TWENTY", "FIRST", "2TH", "21ST", "MT",
        "APT", "STE", "#", "UNIT", "3", "REAR", "LOT", "&", "/", "@", "AND", "AT", ",", ";", ".", "'", "-",
        "CA", "NY", "WASHINGTON", "NEW", "YORK", "BERKELEY", "94709", "94709-1234", "USA",
        "\n", "\0", "\u202E", "\uFEFF", "(", ")", "<", ">", "é", "\ud800", "DROP TABLE", "1=1");

    private static readonly Gen<string> AddressLike =
        from count in Gen.Choose(0, 10)
        from words in Word.ListOf(count)
        from spacing in Gen.Elements(" ", "  ", "")
        select string.Join(spacing.Length == 0 ? " " : spacing, words);

    private static readonly Gen<string> Any = Gen.OneOf(Text, AddressLike, AddressLike, AddressLike);

    [Fact]
    public void NormalizeNeverThrowsAndAlwaysGivesAKind() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Any), text =>
        {
            var address = AddressNormalizer.Normalize(text);
            _ = address.CacheKey;
            _ = address.StreetLine;
            _ = address.OneLine;
            return Enum.IsDefined(address.Kind) && address.Text.Length <= AddressNormalizer.MaxInputLength;
        }));

    [Fact]
    public void NormalizingTheStreetLineGivesTheSameCacheKey() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Any), text =>
        {
            var address = AddressNormalizer.Normalize(text);
            if (address.Kind is not (AddressQueryKind.HouseNumber or AddressQueryKind.Intersection))
            {
                return true;
            }

            var again = address.City is null && address.State is null && address.PostalCode is null
                ? AddressNormalizer.Normalize(address.StreetLine)
                : AddressNormalizer.Normalize(address.OneLine);
            Assert.Equal(address.CacheKey, again.CacheKey);
            return true;
        }));

    private static readonly Gen<string> StreetPart =
        from pre in Gen.Elements("", "N ", "West ", "SE ")
        from name in Gen.Elements("Main", "Shattuck", "Martin Luther King Jr", "First", "Twenty-First", "St Marys", "Avenue B", "North", "Broadway")
        from suffix in Gen.Elements("", " St", " Avenue", " Blvd", " Way")
        from post in Gen.Elements("", " NE", " South")
        select pre + name + suffix + post;

    private static readonly Gen<string> StreetLinePart = Gen.OneOf(
        from number in Gen.Elements("1520 ", "1520A ", "1520-1/2 ", "15XX BLOCK OF ", "1500 blk ", "0XX ", "")
        from street in StreetPart
        select number + street,
        from first in StreetPart
        from separator in Gen.Elements(" & ", "/", " and ", " @ ")
        from second in StreetPart
        select first + separator + second);

    // Addresses as feeds write them: a street part, then perhaps a unit, a city, a state and a ZIP.
    private static readonly Gen<string> Postal =
        from street in StreetLinePart
        from unit in Gen.Elements("", " APT 3", " #4", ", STE 200")
        from city in Gen.Elements("", ", Berkeley", ", New York", ", Saint Louis")
        from state in Gen.Elements("", ", CA", ", California", " NY")
        from zip in Gen.Elements("", " 94709", " 94709-1234")
        select street + unit + city + state + zip;

    [Fact]
    public void NormalizingIsIdempotentOnTheOneLineForm() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Postal), text =>
        {
            var address = AddressNormalizer.Normalize(text);
            if (address.Kind == AddressQueryKind.Place)
            {
                return true;
            }

            Assert.Equal(address.CacheKey, AddressNormalizer.Normalize(address.OneLine).CacheKey);
            return true;
        }));

    [Fact]
    public void AnIntersectionHasTheSameCacheKeyInEitherOrder() =>
        Check.One(Cases, Prop.ForAll(Arb.From(AddressLike), Arb.From(AddressLike), (first, second) =>
        {
            var forward = AddressNormalizer.Normalize(first + " & " + second);
            if (forward.Kind != AddressQueryKind.Intersection || forward.City is not null || forward.State is not null || forward.PostalCode is not null)
            {
                return true;
            }

            var backward = AddressNormalizer.Normalize(forward.SecondStreet + " / " + forward.Street);
            Assert.Equal(forward.CacheKey, backward.CacheKey);
            return true;
        }));
}
