using FsCheck;
using FsCheck.Fluent;
using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Geocoding;
using Pipeline.Geo.Providers;

namespace Pipeline.Geo.Tests.Geocoding;

public sealed class GeocoderChainPropertyTests
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(1500);

    private static readonly GeoBounds Berkeley = new(South: 37.80, West: -122.30, North: 37.90, East: -122.22);

    private static readonly Gen<string?> AnyText = ArbMap.Default.ArbFor<string?>().Generator;

    private static readonly Gen<string?> AddressText = Gen.Elements<string?>(
        null, "", "  ", "1520 SHATTUCK AVE", "1520 Shattuck Avenue, Berkeley, CA 94709", "15XX BLOCK OF MAIN ST", "SHATTUCK AVE & CEDAR ST",
        "SHATTUCK AVE", "BERKELEY", "94709", "UNKNOWN", "12 NOWHERE LN APT 3", "0 XX", "&", "\0\u202E", "DROP TABLE reports");

    private static readonly Gen<double?> Coordinate = Gen.OneOf(
        Gen.Constant<double?>(null),
        Gen.Elements<double?>(0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 37.87, -122.27, 90, -90, 180, -180, 91, 1e308, -0.0),
        ArbMap.Default.ArbFor<double>().Generator.Select(d => (double?)d),
        Gen.Choose(-200_000, 200_000).Select(n => (double?)(n / 1000.0)));

    private static readonly Gen<string?> Place = Gen.Elements<string?>(null, "", "Berkeley", "CA", "94709", "not a zip", "\n");

    private static readonly Gen<GeocodeRequest> Request =
        from raw in Gen.OneOf(AnyText, AddressText, AddressText)
        from latitude in Coordinate
        from longitude in Coordinate
        from city in Place
        from state in Place
        from zip in Place
        select new GeocodeRequest(raw, latitude, longitude, city, state, zip);

    private static readonly Gen<(GeocodeRequest[] Requests, bool WithArea, int Seed)> Batch =
        from count in Gen.Choose(0, 12)
        from requests in Request.ArrayOf(count)
        from withArea in ArbMap.Default.ArbFor<bool>().Generator
        from seed in Gen.Choose(0, 1000)
        select (requests, withArea, seed);

    [Fact]
    public void EveryRequestGetsExactlyOneHonestResultInOrderAndNothingThrows() =>
        Check.One(Cases, Prop.ForAll(Arb.From(Batch), batch =>
        {
            var (requests, withArea, seed) = batch;
            var settings = new GeocoderChainSettings { ServiceArea = withArea ? Berkeley : null };
            var placed = PlaceAll(settings, requests, seed);

            Assert.Equal(requests.Length, placed.Count);
            for (var i = 0; i < requests.Length; i++)
            {
                var request = requests[i];
                var result = placed[i].Result;
                Assert.NotNull(result);
                Assert.NotNull(placed[i].Jurisdictions);
                if (!result.Found)
                {
                    Assert.Equal(GeocodeResult.NotFound, result);
                    continue;
                }

                Assert.True(double.IsFinite(result.Latitude!.Value) && Math.Abs(result.Latitude.Value) <= 90);
                Assert.True(double.IsFinite(result.Longitude!.Value) && Math.Abs(result.Longitude.Value) <= 180);
                Assert.InRange(result.Confidence, 0, 1);
                if (result.Provider == GeocoderChain.RecordProvider)
                {
                    Assert.Equal(LocationPrecision.Source, result.Precision);
                    Assert.True(settings.ServiceArea?.Contains(result.Latitude.Value, result.Longitude.Value) ?? true);
                    var same = result.Latitude == request.Latitude && result.Longitude == request.Longitude;
                    var swapped = result.Latitude == request.Longitude && result.Longitude == request.Latitude;
                    Assert.True(same || swapped);
                }
                else
                {
                    // Never more precise than the address allows.
                    var best = AddressNormalizer.Normalize(request.RawAddress).ToQuery(request.City, request.State, request.PostalCode).BestPossible;
                    Assert.True(PrecisionOrder.IsAtLeast(best, result.Precision), $"{result.Precision} is better than {best}");
                }
            }

            return true;
        }));

    // The fakes answer synchronously, so this never blocks on I/O.
    private static IReadOnlyList<PlacedLocation> PlaceAll(GeocoderChainSettings settings, GeocodeRequest[] requests, int seed)
    {
        var random = new Random(seed);
        IAddressGeocoder[] providers =
        [
            new FakeGeocoder("flaky", _ => random.Next(4) == 0 ? throw new GeocoderUnavailableException("flaky", GeocoderFailure.Timeout) : null),
            new FakeGeocoder("boastful", _ => random.Next(3) == 0
                ? null
                : new GeocodeCandidate(37.80 + (random.NextDouble() / 10), -122.30 + (random.NextDouble() / 10), LocationPrecision.AddressPoint, null, 2)),
            FakeGeocoder.Always("centroids", LocationPrecision.PostalCode),
        ];
        var chain = new GeocoderChain(settings, providers, new FakeCacheStore(), null);
        return chain.PlaceAllAsync(requests, CancellationToken.None).GetAwaiter().GetResult();
    }
}
