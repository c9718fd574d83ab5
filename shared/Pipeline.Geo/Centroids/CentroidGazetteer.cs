using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Centroids;

/// <summary>
/// The chain's coarse fallback: ZIP code centroids (Census ZCTA points) and city centroids (GeoNames
/// places), held in memory. A query with a known ZIP gets that ZIP's centroid; otherwise a city and
/// state get the place's centroid. Never labels an answer more precise than
/// <see cref="LocationPrecision.PostalCode"/>. Immutable after construction and safe to share between threads.
/// </summary>
public sealed class CentroidGazetteer : IAddressGeocoder
{
    /// <summary>File name of the ZIP centroids inside the data folder.</summary>
    public const string ZipFileName = "zip-centroids.csv.gz";

    /// <summary>File name of the city centroids inside the data folder.</summary>
    public const string CityFileName = "city-centroids.csv.gz";

    /// <summary>Confidence of a ZIP centroid from the Census ZCTA set when nothing in the query contradicts it.</summary>
    public const double ZipConfidence = 0.5;

    /// <summary>Confidence of a ZIP centroid taken from the zipcodes package (delivery-only ZIPs placed at their post office).</summary>
    public const double DeliveryZipConfidence = 0.45;

    /// <summary>Confidence of a city centroid whose name is unique in its state.</summary>
    public const double CityConfidence = 0.4;

    /// <summary>Confidence of a city centroid chosen among several same-named places, or derived from ZIP centroids.</summary>
    public const double AmbiguousCityConfidence = 0.3;

    /// <summary>Factor applied when the query's state is not the ZIP's state (a typo in one of them).</summary>
    public const double StateMismatchFactor = 0.4;

    /// <summary>Factor applied when the query's city is not the ZIP's default place name (often a neighbourhood or a vanity name).</summary>
    public const double CityMismatchFactor = 0.8;

    private const int ZipSpace = 100_000;

    private readonly ZipCentroid?[] _zips = new ZipCentroid?[ZipSpace];
    private readonly Dictionary<string, CityMatch> _cities = new(StringComparer.Ordinal);

    /// <summary>Builds the gazetteer from rows (the files, or test data).</summary>
    /// <param name="zips">ZIP centroids; a repeated ZIP keeps its first row.</param>
    /// <param name="cities">City centroids.</param>
    public CentroidGazetteer(IEnumerable<ZipCentroid> zips, IEnumerable<CityCentroid> cities)
    {
        ArgumentNullException.ThrowIfNull(zips);
        ArgumentNullException.ThrowIfNull(cities);

        foreach (var zip in zips)
        {
            var index = ZipIndex(zip.Zip) ?? throw new ArgumentException($"'{zip.Zip}' is not a five-digit ZIP code.", nameof(zips));
            if (_zips[index] is null)
            {
                _zips[index] = zip;
                ZipCount++;
            }
        }

        var places = new Dictionary<string, (CityCentroid Best, int Count)>(StringComparer.Ordinal);
        foreach (var city in cities)
        {
            CityCount++;
            var key = Key(city.State, PlaceNames.Normalize(city.Name));
            if (places.TryGetValue(key, out var seen))
            {
                var best = (city.Population ?? 0) > (seen.Best.Population ?? 0) ? city : seen.Best;
                places[key] = (best, seen.Count + 1);
            }
            else
            {
                places[key] = (city, 1);
            }
        }

        foreach (var (key, (best, count)) in places)
        {
            _cities[key] = new CityMatch(best.Latitude, best.Longitude, best.Name, best.State, count, FromZipCodes: false);
        }

        // Towns too small for the GeoNames list still name their ZIPs: place them at the median of
        // those ZIPs' centroids, which one misplaced ZIP cannot drag away.
        var towns = new Dictionary<string, List<ZipCentroid>>(StringComparer.Ordinal);
        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var zip in _zips)
        {
            if (zip is null || zip.City.Length == 0)
            {
                continue;
            }

            // ZIPs repeat their city's name (New York has 159 of them): normalize each name once.
            if (!normalized.TryGetValue(zip.City, out var name))
            {
                normalized[zip.City] = name = PlaceNames.Normalize(zip.City);
            }

            var key = Key(zip.State, name);
            if (_cities.ContainsKey(key))
            {
                continue;
            }

            if (!towns.TryGetValue(key, out var list))
            {
                towns[key] = list = [];
            }

            list.Add(zip);
        }

        foreach (var (key, list) in towns)
        {
            var latitude = list.Count == 1 ? list[0].Latitude : Median(list.Select(z => z.Latitude));
            var longitude = list.Count == 1 ? list[0].Longitude : Median(list.Select(z => z.Longitude));
            _cities[key] = new CityMatch(latitude, longitude, list[0].City, list[0].State, 1, FromZipCodes: true);
        }
    }

    /// <inheritdoc />
    public string Name => "centroids";

    /// <summary>How many distinct ZIP codes are loaded.</summary>
    public int ZipCount { get; }

    /// <summary>How many city rows were loaded (same-named places counted separately).</summary>
    public int CityCount { get; }

    /// <summary>
    /// Loads <see cref="ZipFileName"/> and <see cref="CityFileName"/> from <paramref name="folder"/>
    /// (infra/geo/us in the repository).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names the file and line.</exception>
    public static CentroidGazetteer Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var zipPath = Path.Combine(folder, ZipFileName);
        var cityPath = Path.Combine(folder, CityFileName);
        foreach (var path in new[] { zipPath, cityPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Centroid file not found: {path}", path);
            }
        }

        return new CentroidGazetteer(CentroidCsv.ReadZips(zipPath), CentroidCsv.ReadCities(cityPath));
    }

    /// <summary>
    /// The centroid of a ZIP code, or null when it is unknown or not a ZIP. Accepts "94709",
    /// "94709-1234" and "947091234" (the +4 part is ignored), with surrounding spaces.
    /// </summary>
    public ZipCentroid? FindZip(string? postalCode)
    {
        var index = ZipIndex(postalCode);
        return index is null ? null : _zips[index.Value];
    }

    /// <summary>
    /// The centroid of a place by name and two-letter state code, or null. Names are compared after
    /// <see cref="PlaceNames.Normalize"/>; when several places in the state share the name the most
    /// populous is returned and <see cref="CityMatch.Candidates"/> says how many there were.
    /// </summary>
    public CityMatch? FindCity(string? city, string? state)
    {
        if (string.IsNullOrWhiteSpace(city) || string.IsNullOrWhiteSpace(state))
        {
            return null;
        }

        var name = PlaceNames.Normalize(city);
        return name.Length == 0
            ? null
            : _cities.GetValueOrDefault(Key(state.Trim().ToUpperInvariant(), name));
    }

    /// <summary>The synchronous form of <see cref="GeocodeAsync"/>: the ZIP centroid, else the city centroid, else null.</summary>
    public GeocodeCandidate? Geocode(AddressQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = string.IsNullOrWhiteSpace(query.State) ? null : query.State.Trim().ToUpperInvariant();

        if (FindZip(query.PostalCode) is { } zip)
        {
            var confidence = zip.Source == ZipCentroidSource.ZipcodesPackage ? DeliveryZipConfidence : ZipConfidence;
            if (state is not null && state != zip.State)
            {
                confidence *= StateMismatchFactor;
            }
            else if (!string.IsNullOrWhiteSpace(query.City) && PlaceNames.Normalize(query.City) != PlaceNames.Normalize(zip.City))
            {
                confidence *= CityMismatchFactor;
            }

            // A ZIP centroid is never better than PostalCode, whatever the query could have supported.
            return new GeocodeCandidate(zip.Latitude, zip.Longitude, LocationPrecision.PostalCode, $"{zip.City}, {zip.State} {zip.Zip}", confidence);
        }

        if (FindCity(query.City, state) is { } city)
        {
            var confidence = city.Candidates > 1 || city.FromZipCodes ? AmbiguousCityConfidence : CityConfidence;
            return new GeocodeCandidate(city.Latitude, city.Longitude, LocationPrecision.City, $"{city.Name}, {city.State}", confidence);
        }

        return null;
    }

    /// <inheritdoc />
    public ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Geocode(query));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Key(string state, string normalizedName) => string.Concat(state, "|", normalizedName);

    private static int? ZipIndex(string? text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length is not (5 or 9 or 10))
        {
            return null;
        }

        var rest = s[5..];
        if ((rest.Length == 5 && (rest[0] != '-' || !IsDigits(rest[1..]))) || (rest.Length == 4 && !IsDigits(rest)) || !IsDigits(s[..5]))
        {
            return null;
        }

        var value = 0;
        foreach (var c in s[..5])
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
