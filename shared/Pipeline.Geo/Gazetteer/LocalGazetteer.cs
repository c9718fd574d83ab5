using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Gazetteer;

/// <summary>
/// The local gazetteer: an immutable in-memory index of address points and street segments that
/// answers house numbers (rooftop point, else interpolated on the right side of the street),
/// blocks, and intersections, never more precisely than the data and the query allow. Unknown
/// street names go through <see cref="StreetNameMatcher"/>; a name too far off for it is taken only
/// when exactly one lookalike street holds the house number or block. Thread-safe; lookups use dictionaries
/// keyed by street and sorted arrays, no LINQ.
/// </summary>
public sealed class LocalGazetteer : IAddressGeocoder
{
    /// <summary>Endpoints closer than this are one street node.</summary>
    public const double SharedNodeMetres = 15;

    /// <summary>Two streets that do not share a node still meet when their lines come this close.</summary>
    public const double NearMissMetres = 30;

    private const double SamePointMetres = 50;
    private const double SameSegmentMetres = 100;
    private const double SameBlockMetres = 300;
    private const double BlockSpreadMetres = 400;
    private const double MetresPerDegree = GeoDistance.EarthRadiusMetres * Math.PI / 180.0;
    private const int BlockNumbers = 100;

    // A street name confirmed only by its house number is less sure than one the matcher takes alone.
    private const double ConfirmedFactor = 0.8;

    private readonly FrozenDictionary<StreetName, StreetEntry> _streets;
    private readonly StreetNameMatcher _matcher;

    /// <summary>Builds the index. Records are kept as given; bad geometry (fewer than two points) is ignored.</summary>
    public LocalGazetteer(IEnumerable<AddressPointRecord> points, IEnumerable<StreetSegmentRecord> segments)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(segments);
        var pointLists = new Dictionary<StreetName, List<AddressPointRecord>>();
        var segmentLists = new Dictionary<StreetName, List<Segment>>();
        foreach (var point in points)
        {
            if (!pointLists.TryGetValue(point.Street, out var list))
            {
                pointLists[point.Street] = list = [];
            }

            list.Add(point);
            PointCount++;
        }

        foreach (var segment in segments)
        {
            if (segment.Line.Count < 2)
            {
                continue;
            }

            if (!segmentLists.TryGetValue(segment.Street, out var list))
            {
                segmentLists[segment.Street] = list = [];
            }

            list.Add(new Segment(segment));
            SegmentCount++;
        }

        var entries = new Dictionary<StreetName, StreetEntry>();
        foreach (var street in pointLists.Keys.Concat(segmentLists.Keys))
        {
            if (entries.ContainsKey(street))
            {
                continue;
            }

            var streetPoints = pointLists.TryGetValue(street, out var p) ? p.ToArray() : [];
            Array.Sort(streetPoints, static (a, b) => a.Number.CompareTo(b.Number));
            var numbers = new int[streetPoints.Length];
            for (var i = 0; i < numbers.Length; i++)
            {
                numbers[i] = streetPoints[i].Number;
            }

            entries[street] = new StreetEntry(street, streetPoints, numbers, segmentLists.TryGetValue(street, out var s) ? s.ToArray() : []);
        }

        _streets = entries.ToFrozenDictionary();
        _matcher = new StreetNameMatcher(entries.Keys);
    }

    /// <inheritdoc />
    public string Name => "gazetteer";

    /// <summary>How many address points are indexed.</summary>
    public int PointCount { get; }

    /// <summary>How many street segments are indexed.</summary>
    public int SegmentCount { get; }

    /// <summary>How many distinct streets are indexed.</summary>
    public int StreetCount => _streets.Count;

    /// <inheritdoc />
    public ValueTask<GeocodeCandidate?> GeocodeAsync(AddressQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        if (query.Kind == AddressQueryKind.Place)
        {
            return ValueTask.FromResult<GeocodeCandidate?>(null);
        }

        // The address the query was built from, when it is the one the query still asks about: its
        // block keeps its whole range ("1XXX" is 1000..1999, not the 1500 block) and it is not read twice.
        var address = query.Address is { } given && given.Kind == query.Kind && string.Equals(given.StreetLine, query.StreetLine, StringComparison.Ordinal)
            ? given
            : AddressNormalizer.Normalize(query.StreetLine);
        if (query.Kind == AddressQueryKind.Block && address is { Kind: AddressQueryKind.HouseNumber, HouseNumber: { } middle })
        {
            // A block travels as its middle number ("1550 SHATTUCK AVE"): the hundred block around it.
            var start = middle - (middle % 100);
            address = address with { Kind = AddressQueryKind.Block, HouseNumber = null, NumberSuffix = null, BlockStart = start, BlockEnd = start + 99 };
        }

        if (query.Kind == AddressQueryKind.Intersection && address.Kind != AddressQueryKind.Intersection)
        {
            return ValueTask.FromResult<GeocodeCandidate?>(null);
        }

        if (query.State is not null && address.State is null)
        {
            address = address with { State = query.State };
        }

        var candidate = Lookup(address, query.City, query.PostalCode);
        if (candidate is not null)
        {
            candidate = candidate with { Precision = PrecisionOrder.Cap(candidate.Precision, query.BestPossible) };
        }

        return ValueTask.FromResult(candidate);
    }

    /// <summary>
    /// Looks <paramref name="address"/> up. <paramref name="city"/> and <paramref name="postalCode"/>,
    /// when given, replace the address's own; with neither, a street found in several places is
    /// refused rather than guessed. Null when there is no answer at the query's precision.
    /// </summary>
    public GeocodeCandidate? Lookup(NormalizedAddress address, string? city = null, string? postalCode = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var place = new Place(
            city is null ? address.City : AddressNormalizer.NormalizeCity(city) ?? address.City,
            address.State,
            postalCode is null ? address.PostalCode : AddressNormalizer.NormalizePostalCode(postalCode) ?? address.PostalCode);
        return address.Kind switch
        {
            AddressQueryKind.HouseNumber when address is { HouseNumber: { } number, Street: { } street } => LookupNumber(number, address.NumberSuffix, street, place),
            AddressQueryKind.Block when address is { BlockStart: { } start, BlockEnd: { } end, Street: { } street } => LookupBlock(start, end, street, place),
            AddressQueryKind.Intersection when address is { Street: { } first, SecondStreet: { } second } => LookupIntersection(first, second, place),
            _ => null,
        };
    }

    // ---- house numbers ----

    private GeocodeCandidate? LookupNumber(int number, string? suffix, StreetName street, Place place)
    {
        if (TryResolve(street, out var entry, out var streetConfidence))
        {
            return NumberOn(entry, number, suffix, place, streetConfidence, out _);
        }

        return Confirmed(street, (StreetEntry e, double confidence, out bool held) => NumberOn(e, number, suffix, place, confidence, out held));
    }

    // held: the street has the number in the place at all, even where the answer is refused as ambiguous.
    private static GeocodeCandidate? NumberOn(StreetEntry entry, int number, string? suffix, Place place, double streetConfidence, out bool held)
    {
        var pick = default(Pick);
        var numbers = entry.Numbers;
        var k = LowerBound(numbers, number);
        for (; k < numbers.Length && numbers[k] == number; k++)
        {
            var point = entry.Points[k];
            if (!string.Equals(point.NumberSuffix, suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var tier = place.Tier(point.City, point.State, point.PostalCode);
            if (tier >= 0)
            {
                pick.Offer(tier, point.Latitude, point.Longitude, point, SamePointMetres);
            }
        }

        held = pick.Found;
        if (pick.Ambiguous)
        {
            return null;
        }

        if (pick.Found)
        {
            var point = (AddressPointRecord)pick.Source!;
            var text = Describe(NormalizedAddress.FormatNumber(point.Number, point.NumberSuffix), entry.Street, point.City, point.State, point.PostalCode);
            return new GeocodeCandidate(pick.Latitude, pick.Longitude, LocationPrecision.AddressPoint, text, streetConfidence);
        }

        foreach (var segment in entry.Segments)
        {
            var tier = place.Tier(segment.Record.City, segment.Record.State, segment.Record.PostalCode);
            if (tier < 0 || !segment.TryFraction(number, parity: true, out var fraction))
            {
                continue;
            }

            var (latitude, longitude) = segment.PointAt(fraction);
            pick.Offer(tier, latitude, longitude, segment, SameSegmentMetres);
        }

        held = pick.Found;
        if (!pick.Found || pick.Ambiguous)
        {
            return null; // no street centroid passed off as anything finer
        }

        var record = ((Segment)pick.Source!).Record;
        var matched = Describe(NormalizedAddress.FormatNumber(number, suffix), entry.Street, record.City, record.State, record.PostalCode);
        return new GeocodeCandidate(pick.Latitude, pick.Longitude, LocationPrecision.Interpolated, matched, 0.9 * streetConfidence);
    }

    // ---- blocks ----

    private GeocodeCandidate? LookupBlock(int start, int end, StreetName street, Place place)
    {
        if (end - start >= BlockNumbers)
        {
            return null; // "1XXX": ten blocks, and no precision between a block and a ZIP code
        }

        if (TryResolve(street, out var entry, out var streetConfidence))
        {
            return BlockOn(entry, start, end, place, streetConfidence, out _);
        }

        return Confirmed(street, (StreetEntry e, double confidence, out bool held) => BlockOn(e, start, end, place, confidence, out held));
    }

    private static GeocodeCandidate? BlockOn(StreetEntry entry, int start, int end, Place place, double streetConfidence, out bool held)
    {
        var middle = start + ((end - start + 1) / 2);
        var pick = default(Pick);
        foreach (var segment in entry.Segments)
        {
            var tier = place.Tier(segment.Record.City, segment.Record.State, segment.Record.PostalCode);
            if (tier >= 0 && segment.TryFraction(middle, parity: false, out var fraction))
            {
                var (latitude, longitude) = segment.PointAt(fraction);
                pick.Offer(tier, latitude, longitude, segment, SameBlockMetres);
            }
        }

        if (!pick.Found)
        {
            // The middle number falls in no range: the middle of the part of a segment that covers the block.
            foreach (var segment in entry.Segments)
            {
                var tier = place.Tier(segment.Record.City, segment.Record.State, segment.Record.PostalCode);
                if (tier >= 0 && segment.TryOverlapMiddle(start, end, out var fraction))
                {
                    var (latitude, longitude) = segment.PointAt(fraction);
                    pick.Offer(tier, latitude, longitude, segment, SameBlockMetres);
                }
            }
        }

        var blockText = BlockText(start, end);
        held = pick.Found;
        if (pick.Found)
        {
            if (pick.Ambiguous)
            {
                return null;
            }

            var record = ((Segment)pick.Source!).Record;
            return new GeocodeCandidate(pick.Latitude, pick.Longitude, LocationPrecision.Block, Describe(blockText, entry.Street, record.City, record.State, record.PostalCode), 0.9 * streetConfidence);
        }

        return BlockFromPoints(entry, start, end, place, blockText, streetConfidence, out held);
    }

    private static GeocodeCandidate? BlockFromPoints(StreetEntry entry, int start, int end, Place place, string blockText, double streetConfidence, out bool held)
    {
        // No segments: the centroid of the best-placed address points in the range.
        var bestTier = -1;
        double sumLatitude = 0, sumLongitude = 0;
        var count = 0;
        AddressPointRecord? sample = null;
        var first = LowerBound(entry.Numbers, start);
        for (var k = first; k < entry.Numbers.Length && entry.Numbers[k] <= end; k++)
        {
            var point = entry.Points[k];
            var tier = place.Tier(point.City, point.State, point.PostalCode);
            if (tier < bestTier)
            {
                continue;
            }

            if (tier > bestTier)
            {
                bestTier = tier;
                sumLatitude = sumLongitude = 0;
                count = 0;
                sample = point;
            }

            sumLatitude += point.Latitude;
            sumLongitude += point.Longitude;
            count++;
        }

        held = count > 0;
        if (count == 0 || sample is null)
        {
            return null;
        }

        var latitude = sumLatitude / count;
        var longitude = sumLongitude / count;
        for (var k = first; k < entry.Numbers.Length && entry.Numbers[k] <= end; k++)
        {
            var point = entry.Points[k];
            if (place.Tier(point.City, point.State, point.PostalCode) == bestTier && GeoDistance.Metres(latitude, longitude, point.Latitude, point.Longitude) > BlockSpreadMetres)
            {
                return null; // the same block number in two places
            }
        }

        return new GeocodeCandidate(latitude, longitude, LocationPrecision.Block, Describe(blockText, entry.Street, sample.City, sample.State, sample.PostalCode), 0.8 * streetConfidence);
    }

    // ---- intersections ----

    private GeocodeCandidate? LookupIntersection(StreetName first, StreetName second, Place place)
    {
        if (!TryResolve(first, out var a, out var confidenceA) || !TryResolve(second, out var b, out var confidenceB) || ReferenceEquals(a, b))
        {
            return null;
        }

        // The place has to fit one of the two streets only: a crossing on a city or ZIP line ("MARIN AVE
        // / 4TH ST, ALBANY" where Marin Ave is Berkeley's) is in both places at once.
        var pick = default(Pick);
        foreach (var sa in a.Segments)
        {
            var tierA = place.Tier(sa.Record.City, sa.Record.State, sa.Record.PostalCode);
            foreach (var sb in b.Segments)
            {
                var tier = Math.Max(tierA, place.Tier(sb.Record.City, sb.Record.State, sb.Record.PostalCode));
                if (tier < 0)
                {
                    continue;
                }

                OfferSharedNode(ref pick, tier, sa.First, sb.First, sa);
                OfferSharedNode(ref pick, tier, sa.First, sb.Last, sa);
                OfferSharedNode(ref pick, tier, sa.Last, sb.First, sa);
                OfferSharedNode(ref pick, tier, sa.Last, sb.Last, sa);
            }
        }

        var confidence = Math.Min(confidenceA, confidenceB);
        var shared = pick.Found;
        if (!shared)
        {
            foreach (var sa in a.Segments)
            {
                var tierA = place.Tier(sa.Record.City, sa.Record.State, sa.Record.PostalCode);
                foreach (var sb in b.Segments)
                {
                    var tier = Math.Max(tierA, place.Tier(sb.Record.City, sb.Record.State, sb.Record.PostalCode));
                    if (tier >= 0 && sa.NearBox(sb, NearMissMetres) && Segment.ClosestApproach(sa, sb, out var latitude, out var longitude) <= NearMissMetres)
                    {
                        pick.Offer(tier, latitude, longitude, sa, SamePointMetres);
                    }
                }
            }
        }

        if (!pick.Found || pick.Ambiguous)
        {
            return null;
        }

        var record = ((Segment)pick.Source!).Record;
        var text = Describe(a.Street + " & " + b.Street, null, record.City, record.State, record.PostalCode);
        return new GeocodeCandidate(pick.Latitude, pick.Longitude, LocationPrecision.Intersection, text, (shared ? 0.95 : 0.8) * confidence);
    }

    private static void OfferSharedNode(ref Pick pick, int tier, (double Latitude, double Longitude) p, (double Latitude, double Longitude) q, Segment source)
    {
        if (GeoDistance.Metres(p, q) <= SharedNodeMetres)
        {
            pick.Offer(tier, (p.Latitude + q.Latitude) / 2, (p.Longitude + q.Longitude) / 2, source, SamePointMetres);
        }
    }

    // ---- helpers ----

    private bool TryResolve(StreetName street, out StreetEntry entry, out double confidence)
    {
        if (_streets.TryGetValue(street, out entry!))
        {
            confidence = 1.0;
            return true;
        }

        if (_matcher.Match(street) is { } match && _streets.TryGetValue(match.Street, out entry!))
        {
            confidence = match.Confidence;
            return true;
        }

        confidence = 0;
        return false;
    }

    /// <summary>
    /// A street too far from every known name for <see cref="StreetNameMatcher.Match"/> ("HEEEARST AVE",
    /// "VNE ST"), or tied between two: taken only when exactly one candidate within
    /// <see cref="StreetNameMatcher.MaxConfirmableEdits"/> holds the number or block in the place, and
    /// no nearer candidate lacks it (the text then more likely meant that street with a wrong number).
    /// </summary>
    private GeocodeCandidate? Confirmed(StreetName street, ConfirmedAnswer answer)
    {
        var candidates = _matcher.Candidates(street);
        var fewest = int.MaxValue;
        foreach (var candidate in candidates)
        {
            fewest = Math.Min(fewest, candidate.Edits);
        }

        GeocodeCandidate? found = null;
        var holders = 0;
        foreach (var candidate in candidates)
        {
            if (!_streets.TryGetValue(candidate.Street, out var entry))
            {
                continue;
            }

            var result = answer(entry, ConfirmedFactor * candidate.Confidence, out var held);
            if (!held)
            {
                continue;
            }

            if (++holders > 1 || candidate.Edits > fewest)
            {
                return null;
            }

            found = result;
        }

        return found;
    }

    private delegate GeocodeCandidate? ConfirmedAnswer(StreetEntry entry, double streetConfidence, out bool held);

    private static int LowerBound(int[] values, int value)
    {
        int low = 0, high = values.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (values[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static string BlockText(int start, int end) =>
        end - start == 99 ? start.ToString(CultureInfo.InvariantCulture) + " BLOCK" : start.ToString(CultureInfo.InvariantCulture) + "-" + end.ToString(CultureInfo.InvariantCulture);

    private static string Describe(string lead, StreetName? street, string? city, string? state, string? postalCode)
    {
        var builder = new StringBuilder(64).Append(lead);
        if (street is not null)
        {
            builder.Append(' ').Append(street);
        }

        NormalizedAddress.AppendPlace(builder, city, state, postalCode);
        return builder.ToString();
    }

    private sealed record StreetEntry(StreetName Street, AddressPointRecord[] Points, int[] Numbers, Segment[] Segments);

    /// <summary>What the query says about where it is; scores how well a record's place fits.</summary>
    private readonly record struct Place(string? City, string? State, string? PostalCode)
    {
        /// <summary>-1 when the record is elsewhere; else 2 for a ZIP match plus 1 for a city match.</summary>
        public int Tier(string? city, string? state, string? postalCode)
        {
            if (State is not null && state is not null && !string.Equals(State, state, StringComparison.Ordinal))
            {
                return -1;
            }

            var zipMatch = PostalCode is not null && postalCode is not null;
            if (zipMatch && !string.Equals(PostalCode, postalCode, StringComparison.Ordinal))
            {
                return -1;
            }

            var cityKnown = City is not null && city is not null;
            var cityMatch = cityKnown && string.Equals(City, city, StringComparison.Ordinal);
            if (cityKnown && !cityMatch && !zipMatch)
            {
                return -1; // a matching ZIP outranks a postal city spelled differently
            }

            return (zipMatch ? 2 : 0) + (cityMatch ? 1 : 0);
        }
    }

    /// <summary>The best-placed answer so far, and whether another as well placed lies elsewhere.</summary>
    private struct Pick
    {
        public bool Found;
        public bool Ambiguous;
        public int Tier;
        public double Latitude;
        public double Longitude;
        public object? Source;

        public void Offer(int tier, double latitude, double longitude, object source, double radius)
        {
            if (!Found || tier > Tier)
            {
                (Found, Ambiguous, Tier, Latitude, Longitude, Source) = (true, false, tier, latitude, longitude, source);
            }
            else if (tier == Tier && GeoDistance.Metres(Latitude, Longitude, latitude, longitude) > radius)
            {
                Ambiguous = true;
            }
        }
    }

    /// <summary>A segment with its cumulative lengths, for positions along the line.</summary>
    private sealed class Segment
    {
        private readonly double[] _cumulative;
        private readonly double _minLatitude, _maxLatitude, _minLongitude, _maxLongitude;

        public Segment(StreetSegmentRecord record)
        {
            Record = record;
            var line = record.Line;
            _cumulative = new double[line.Count];
            _minLatitude = _maxLatitude = line[0].Latitude;
            _minLongitude = _maxLongitude = line[0].Longitude;
            for (var i = 1; i < line.Count; i++)
            {
                _cumulative[i] = _cumulative[i - 1] + GeoDistance.Metres(line[i - 1], line[i]);
                _minLatitude = Math.Min(_minLatitude, line[i].Latitude);
                _maxLatitude = Math.Max(_maxLatitude, line[i].Latitude);
                _minLongitude = Math.Min(_minLongitude, line[i].Longitude);
                _maxLongitude = Math.Max(_maxLongitude, line[i].Longitude);
            }
        }

        public StreetSegmentRecord Record { get; }

        public (double Latitude, double Longitude) First => Record.Line[0];

        public (double Latitude, double Longitude) Last => Record.Line[^1];

        /// <summary>Where <paramref name="number"/> falls along the line (0 at the first point), from the side whose range holds it.</summary>
        public bool TryFraction(int number, bool parity, out double fraction) =>
            TrySide(Record.RightFrom, Record.RightTo, number, parity, out fraction) || TrySide(Record.LeftFrom, Record.LeftTo, number, parity, out fraction);

        /// <summary>The middle of the part of a range that overlaps [start, end].</summary>
        public bool TryOverlapMiddle(int start, int end, out double fraction) =>
            TryOverlap(Record.RightFrom, Record.RightTo, start, end, out fraction) || TryOverlap(Record.LeftFrom, Record.LeftTo, start, end, out fraction);

        public (double Latitude, double Longitude) PointAt(double fraction)
        {
            var line = Record.Line;
            var target = fraction * _cumulative[^1];
            for (var i = 1; i < line.Count; i++)
            {
                if (_cumulative[i] >= target)
                {
                    var piece = _cumulative[i] - _cumulative[i - 1];
                    var t = piece <= 0 ? 0 : (target - _cumulative[i - 1]) / piece;
                    return (line[i - 1].Latitude + (t * (line[i].Latitude - line[i - 1].Latitude)), line[i - 1].Longitude + (t * (line[i].Longitude - line[i - 1].Longitude)));
                }
            }

            return line[^1];
        }

        public bool NearBox(Segment other, double metres)
        {
            var dLat = metres / MetresPerDegree;
            var dLon = dLat / Math.Max(0.01, Math.Cos(_minLatitude * Math.PI / 180.0));
            return other._minLatitude <= _maxLatitude + dLat && other._maxLatitude >= _minLatitude - dLat &&
                other._minLongitude <= _maxLongitude + dLon && other._maxLongitude >= _minLongitude - dLon;
        }

        /// <summary>The least distance in metres between the two lines, and the point halfway across it.</summary>
        public static double ClosestApproach(Segment a, Segment b, out double latitude, out double longitude)
        {
            // Local plane around a's first point: metres east and north, good to well under a metre at street scale.
            var origin = a.First;
            var scale = Math.Cos(origin.Latitude * Math.PI / 180.0) * MetresPerDegree;
            var best = double.PositiveInfinity;
            double bestX = 0, bestY = 0;
            var la = a.Record.Line;
            var lb = b.Record.Line;
            for (var i = 1; i < la.Count; i++)
            {
                var (ax, ay) = Project(la[i - 1], origin, scale);
                var (bx, by) = Project(la[i], origin, scale);
                for (var j = 1; j < lb.Count; j++)
                {
                    var (cx, cy) = Project(lb[j - 1], origin, scale);
                    var (dx, dy) = Project(lb[j], origin, scale);
                    var distance = PieceDistance(ax, ay, bx, by, cx, cy, dx, dy, out var mx, out var my);
                    if (distance < best)
                    {
                        (best, bestX, bestY) = (distance, mx, my);
                    }
                }
            }

            latitude = origin.Latitude + (bestY / MetresPerDegree);
            longitude = origin.Longitude + (bestX / scale);
            return best;
        }

        private static (double X, double Y) Project((double Latitude, double Longitude) p, (double Latitude, double Longitude) origin, double scale) =>
            ((p.Longitude - origin.Longitude) * scale, (p.Latitude - origin.Latitude) * MetresPerDegree);

        private static double PieceDistance(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy, out double mx, out double my)
        {
            // Crossing pieces meet at their intersection; otherwise the closest pair involves an endpoint.
            var rX = bx - ax;
            var rY = by - ay;
            var sX = dx - cx;
            var sY = dy - cy;
            var denominator = (rX * sY) - (rY * sX);
            if (Math.Abs(denominator) > 1e-12)
            {
                var t = (((cx - ax) * sY) - ((cy - ay) * sX)) / denominator;
                var u = (((cx - ax) * rY) - ((cy - ay) * rX)) / denominator;
                if (t is >= 0 and <= 1 && u is >= 0 and <= 1)
                {
                    mx = ax + (t * rX);
                    my = ay + (t * rY);
                    return 0;
                }
            }

            var best = double.PositiveInfinity;
            mx = my = 0;
            Consider(ax, ay, cx, cy, dx, dy, ref best, ref mx, ref my);
            Consider(bx, by, cx, cy, dx, dy, ref best, ref mx, ref my);
            Consider(cx, cy, ax, ay, bx, by, ref best, ref mx, ref my);
            Consider(dx, dy, ax, ay, bx, by, ref best, ref mx, ref my);
            return best;
        }

        private static void Consider(double px, double py, double ax, double ay, double bx, double by, ref double best, ref double mx, ref double my)
        {
            var vx = bx - ax;
            var vy = by - ay;
            var lengthSquared = (vx * vx) + (vy * vy);
            var t = lengthSquared <= 0 ? 0 : Math.Clamp((((px - ax) * vx) + ((py - ay) * vy)) / lengthSquared, 0, 1);
            var qx = ax + (t * vx);
            var qy = ay + (t * vy);
            var distance = Math.Sqrt(((px - qx) * (px - qx)) + ((py - qy) * (py - qy)));
            if (distance < best)
            {
                best = distance;
                mx = (px + qx) / 2;
                my = (py + qy) / 2;
            }
        }

        private static bool TrySide(int? from, int? to, int number, bool parity, out double fraction)
        {
            fraction = 0;
            if (from is not { } f || to is not { } t || number < Math.Min(f, t) || number > Math.Max(f, t))
            {
                return false;
            }

            // A side whose ends share a parity holds only numbers of that parity (odd and even sides).
            if (parity && (f & 1) == (t & 1) && (number & 1) != (f & 1))
            {
                return false;
            }

            fraction = f == t ? 0.5 : (double)(number - f) / (t - f);
            return true;
        }

        private static bool TryOverlap(int? from, int? to, int start, int end, out double fraction)
        {
            fraction = 0;
            if (from is not { } f || to is not { } t)
            {
                return false;
            }

            var low = Math.Max(Math.Min(f, t), start);
            var high = Math.Min(Math.Max(f, t), end);
            if (low > high)
            {
                return false;
            }

            var middle = (low + high) / 2.0;
            fraction = f == t ? 0.5 : (middle - f) / (t - f);
            return true;
        }
    }
}
