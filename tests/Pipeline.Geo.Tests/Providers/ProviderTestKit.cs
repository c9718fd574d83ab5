using System.Globalization;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;

namespace Pipeline.Geo.Tests.Providers;

/// <summary>Sample queries and the documented response shapes of each provider, built for the stub to serve.</summary>
internal static class ProviderTestKit
{
    public static readonly AddressQuery HouseQuery = new("1520 SHATTUCK AVE", "BERKELEY", "CA", "94709", AddressQueryKind.HouseNumber);

    /// <summary>Options for a test: no rate limit unless the test sets one, so unrelated tests never wait on the clock.</summary>
    public static HttpGeocoderOptions Options(StubServer stub, Action<HttpGeocoderOptions>? adjust = null)
    {
        var options = new HttpGeocoderOptions { BaseUrl = stub.BaseUrl, RequestsPerSecond = 0 };
        adjust?.Invoke(options);
        return options;
    }

    public static string PeliasFeature(
        string layer,
        string? matchType = "exact",
        string? accuracy = "point",
        double confidence = 1,
        double lon = -122.26816,
        double lat = 37.87952,
        string label = "1520 Shattuck Avenue, Berkeley, CA, USA")
    {
        var optional = (matchType is null ? "" : $"\"match_type\":\"{matchType}\",") + (accuracy is null ? "" : $"\"accuracy\":\"{accuracy}\",");
        return Invariant($$$"""
            {"geocoding":{"version":"0.2","attribution":"https://pelias.example/attribution","query":{"size":1}},
             "type":"FeatureCollection",
             "features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon}}},{{{lat}}}]},
               "properties":{"id":"us/ca/city_of_berkeley:1a2b","gid":"openaddresses:address:us/ca/city_of_berkeley:1a2b","layer":"{{{layer}}}","source":"openaddresses",
                 "name":"1520 Shattuck Avenue","housenumber":"1520","street":"Shattuck Avenue","postalcode":"94709",
                 "confidence":{{{confidence}}},{{{optional}}}"country":"United States","country_a":"USA","region":"California","region_a":"CA",
                 "locality":"Berkeley","label":"{{{label}}}"}}],
             "bbox":[-122.26816,37.87952,-122.26816,37.87952]}
            """);
    }

    public const string PeliasEmpty = """{"geocoding":{"version":"0.2"},"type":"FeatureCollection","features":[]}""";

    public static string NominatimPlace(
        int rank,
        string category,
        string type,
        string addressType,
        string lat = "37.8795200",
        string lon = "-122.2681600",
        string display = "1520, Shattuck Avenue, Berkeley, Alameda County, California, 94709, United States") => $$"""
        [{"place_id":123456,"licence":"Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright","osm_type":"way","osm_id":987654,
          "lat":"{{lat}}","lon":"{{lon}}","category":"{{category}}","type":"{{type}}","place_rank":{{rank}},"importance":0.00000999,
          "addresstype":"{{addressType}}","name":"","display_name":"{{display}}",
          "address":{"house_number":"1520","road":"Shattuck Avenue","city":"Berkeley","county":"Alameda County","state":"California","postcode":"94709","country":"United States","country_code":"us"},
          "boundingbox":["37.8794700","37.8795700","-122.2682100","-122.2681100"]}]
        """;

    public static string CensusMatches(int count = 1, double x = -122.26816, double y = 37.87952)
    {
        var match = Invariant($$$"""
            {"tigerLine":{"side":"L","tigerLineId":"192273093"},"coordinates":{"x":{{{x}}},"y":{{{y}}}},
             "addressComponents":{"zip":"94709","streetName":"SHATTUCK","preType":"","city":"BERKELEY","preDirection":"","suffixDirection":"","fromAddress":"1500","state":"CA","suffixType":"AVE","toAddress":"1598","suffixQualifier":"","preQualifier":""},
             "matchedAddress":"1520 SHATTUCK AVE, BERKELEY, CA, 94709"}
            """);
        return $$$"""
            {"result":{"input":{"address":{"street":"1520 SHATTUCK AVE","city":"BERKELEY","state":"CA","zip":"94709"},
              "benchmark":{"isDefault":true,"benchmarkDescription":"Public Address Ranges - Current Benchmark","id":"4","benchmarkName":"Public_AR_Current"}},
              "addressMatches":[{{{string.Join(",", Enumerable.Repeat(match, count))}}}]}}
            """;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
