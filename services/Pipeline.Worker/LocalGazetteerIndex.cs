using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;
using Pipeline.Storage;

namespace Pipeline.Worker;

/// <summary>Indexes the stored gazetteer for lookups.</summary>
internal static class LocalGazetteerIndex
{
    public static IAddressGeocoder Build(StoredGazetteer stored) => new LocalGazetteer(stored.AddressPoints, stored.StreetSegments);
}
