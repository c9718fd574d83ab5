using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Dedup.Linking;

/// <summary>The hard cases a generated report takes part in.</summary>
[Flags]
public enum HardCases
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>At a site where other, different events happen too (including follow-up visits hours later).</summary>
    SamePlaceDifferentEvents = 1,

    /// <summary>In a group where one report gives a block address and another an intersection.</summary>
    BlockVersusIntersection = 2,

    /// <summary>In a group with two SAR narratives written independently (different templates and synonyms).</summary>
    ParaphrasedNarrative = 4,

    /// <summary>From a feed whose clock is off by a whole-hour (time-zone) offset.</summary>
    ClockOffsetFeed = 8,
}

/// <summary>One generated report with its ground truth.</summary>
/// <param name="Report">The report.</param>
/// <param name="GroupId">The true event: reports with the same id are duplicates of each other.</param>
/// <param name="Cases">The hard cases it takes part in.</param>
/// <param name="SiteId">The site it happened at, or -1 for a street location.</param>
public sealed record LabelledReport(Report Report, int GroupId, HardCases Cases, int SiteId);

/// <summary>A generated set, in the order the pipeline would receive it (by ReceivedAt).</summary>
/// <param name="Reports">The reports with their ground truth.</param>
public sealed record LabelledDataSet(IReadOnlyList<LabelledReport> Reports)
{
    /// <summary>Number of true duplicate pairs (pairs of reports in the same group).</summary>
    public long TruePairCount => Reports.GroupBy(r => r.GroupId).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
}

/// <summary>Settings of <see cref="LabelledDataGenerator"/>.</summary>
public sealed class LabelledDataGeneratorOptions
{
    /// <summary>Number of true events (groups).</summary>
    public int Events { get; init; } = 4000;

    /// <summary>Period the events are spread over.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Start of the period (UTC).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Number of busy sites (substations, stations...) where many different events happen.</summary>
    public int Sites { get; init; } = 60;

    /// <summary>Share of events at a busy site.</summary>
    public double SiteShare { get; init; } = 0.35;

    /// <summary>South-west corner latitude of the area.</summary>
    public double Latitude { get; init; } = 29.90;

    /// <summary>South-west corner longitude of the area.</summary>
    public double Longitude { get; init; } = -90.15;

    /// <summary>Side of the (square) area in degrees.</summary>
    public double SizeDegrees { get; init; } = 0.12;
}

/// <summary>
/// A seeded generator of labelled SAR and CAD reports with true duplicate groups across four
/// feeds, two of whose clocks are off by a time-zone offset (cad-parish: local time written as
/// UTC, 6 h early; sar-tips: 1 h late, a daylight-saving error). Hard cases: busy sites with
/// many different events (and follow-up visits 1 to 8 hours later), block addresses against
/// intersections, independently written (paraphrased) narratives, and the offset feeds.
/// The same seed and options give the same data.
/// </summary>
public static class LabelledDataGenerator
{
    private static readonly (string Id, ReportKind Kind, int OffsetHours)[] _feeds =
    [
        ("cad-city", ReportKind.Cad, 0),
        ("cad-parish", ReportKind.Cad, -6),
        ("sar-portal", ReportKind.Sar, 0),
        ("sar-tips", ReportKind.Sar, 1),
    ];

    private static readonly string[] _streets =
    [
        "MAGAZINE", "TCHOUPITOULAS", "CARONDELET", "BARONNE", "DRYADES", "RAMPART", "BURGUNDY", "DAUPHINE",
        "CHARTRES", "DECATUR", "ROYAL", "BOURBON", "CLAIBORNE", "GALVEZ", "BROAD", "JEFFERSON", "NAPOLEON",
        "LOUISIANA", "WASHINGTON", "FELICITY", "ESPLANADE", "ELYSIAN", "FRENCHMEN", "MANDEVILLE", "PAUW",
    ];

    private static readonly string[] _avenues =
    [
        "1ST", "2ND", "3RD", "4TH", "5TH", "6TH", "7TH", "8TH", "9TH", "10TH", "11TH", "12TH", "13TH", "14TH",
        "15TH", "16TH", "17TH", "18TH", "19TH", "20TH", "21ST", "22ND", "23RD", "24TH", "25TH",
    ];

    private static readonly string[] _siteTargets =
    [
        "power substation", "water treatment plant", "rail yard", "river bridge", "fuel depot", "stadium gate",
        "hospital loading dock", "cell tower", "federal building", "chemical plant", "port terminal",
        "pipeline valve station", "bus terminal", "airport perimeter fence", "data center", "reservoir",
        "television station", "convention center", "refinery gate", "ferry landing", "transit station",
        "courthouse", "electrical transformer yard", "grain elevator", "pumping station",
    ];

    private static readonly string[] _streetTargets =
    [
        "office building", "parking garage", "bank entrance", "apartment complex", "warehouse", "pharmacy",
        "gas station", "construction site", "utility box", "loading dock", "shopping mall", "fire station",
        "hotel lobby", "school fence", "post office", "radio mast", "drainage canal", "library",
    ];

    private static readonly string[] _details =
    [
        "tripod", "notebook", "clipboard", "backpack", "binoculars", "ladder", "duffel", "flashlight",
        "boltcutters", "controller", "gas can", "laptop", "cooler", "toolbox", "tape measure", "radio",
        "map", "tablet", "suitcase", "umbrella", "helmet", "skateboard", "bicycle", "shopping cart",
    ];

    private static readonly string[] _colors = ["red", "blue", "black", "white", "gray", "green", "yellow", "orange", "brown", "purple", "tan", "maroon"];
    private static readonly string[] _clothes = ["jacket", "hoodie", "vest", "coat", "shirt", "sweater", "cap", "windbreaker"];
    private static readonly (string Make, string Model)[] _vehicles =
    [
        ("Honda", "Civic"), ("Toyota", "Camry"), ("Ford", "Focus"), ("Chevrolet", "Malibu"), ("Nissan", "Altima"),
        ("Dodge", "Ram"), ("Jeep", "Cherokee"), ("Hyundai", "Elantra"), ("Kia", "Soul"), ("Subaru", "Outback"),
        ("Ford", "Transit"), ("Toyota", "Tacoma"), ("Chevrolet", "Silverado"), ("Mazda", "Tribute"),
    ];

    private sealed record Behaviour(string Code, string[] CallTypes, string[] Actions, string[] CadActions);

    private static readonly Behaviour[] _behaviours =
    [
        new("PHOTO", ["SUSPICIOUS PERSON", "SUSPICIOUS ACTIVITY"],
            ["taking photographs of", "photographing", "taking pictures of", "filming", "recording video of", "snapping photos of"],
            ["TAKING PHOTOS OF", "PHOTOGRAPHING", "FILMING", "TAKING PICTURES OF"]),
        new("SURVL", ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE", "PROWLER"],
            ["watching", "observing", "sketching", "taking notes about", "using binoculars to watch", "loitering by"],
            ["WATCHING", "LOITERING AT", "TAKING NOTES ON", "OBSERVING"]),
        new("INTRSN", ["TRESPASS", "BURGLAR ALARM", "PROWLER"],
            ["climbing the fence of", "trying to enter", "forcing the side door of", "trespassing inside", "entering the restricted area of"],
            ["CLIMBING FENCE AT", "TRESPASSING AT", "TRYING TO ENTER", "INSIDE RESTRICTED AREA"]),
        new("THREAT", ["THREATS", "DISTURBANCE"],
            ["yelling threats at staff of", "threatening to blow up", "making threats about", "threatening to kill employees of"],
            ["MAKING THREATS AT", "THREATENING", "YELLING THREATS AT"]),
        new("SABOT", ["VANDALISM", "CRIMINAL DAMAGE"],
            ["damaging equipment at", "tampering with the meter of", "spray painting graffiti on", "cutting the cables of", "vandalizing"],
            ["DAMAGING", "VANDALIZING", "TAMPERING WITH", "GRAFFITI ON"]),
        new("THEFT", ["THEFT", "BURGLARY"],
            ["stealing copper from", "taking tools from", "stealing a badge at", "carrying stolen equipment from"],
            ["STEALING FROM", "THEFT AT", "TAKING EQUIPMENT FROM"]),
        new("AVIATION", ["DRONE", "LASER STRIKE"],
            ["flying a drone over", "launching a small drone near", "operating a drone above", "pointing a laser at aircraft from"],
            ["FLYING DRONE OVER", "DRONE ABOVE", "LASER FROM"]),
        new("ELICIT", ["SUSPICIOUS PERSON"],
            ["asking staff questions about", "questioning guards about", "asking about shift changes at", "inquiring about security at"],
            ["ASKING QUESTIONS ABOUT", "QUESTIONING GUARDS AT", "ASKING ABOUT SECURITY AT"]),
        new("WPNS", ["SUSPICIOUS PACKAGE", "PERSON WITH A WEAPON"],
            ["leaving a pipe near", "carrying a rifle case near", "leaving a package with wires at", "showing a handgun near"],
            ["PKG WITH WIRES AT", "RIFLE CASE NEAR", "WEAPON NEAR", "PIPE LEFT AT"]),
    ];

    private sealed record Site(double Latitude, double Longitude, string Address, string Target, int[] Behaviours);

    private sealed record Place(double Latitude, double Longitude, int SiteId, string Target, string StreetAddress, string BlockAddress, string Intersection,
        double BlockLatitude, double BlockLongitude, double CornerLatitude, double CornerLongitude);

    private sealed record Event(int Id, DateTimeOffset At, Place Place, int Behaviour, string Detail, string? Subject, string? SubjectShort, string? Vehicle, string? VehicleShort, string? Plate, bool FollowUp);

    /// <summary>Generates a labelled set.</summary>
    public static LabelledDataSet Generate(int seed, LabelledDataGeneratorOptions? options = null)
    {
        options ??= new LabelledDataGeneratorOptions();
        var random = new Random(seed);
        var rowStep = 0.0011;
        var columnStep = 0.0015;
        var rows = (int)(options.SizeDegrees / rowStep);
        var columns = (int)(options.SizeDegrees / columnStep);
        var sites = Enumerable.Range(0, options.Sites).Select(i =>
        {
            var row = random.Next(rows);
            var column = random.Next(columns);
            var behaviours = new[] { random.Next(_behaviours.Length), random.Next(_behaviours.Length) };
            return new Site(
                options.Latitude + (row * rowStep) + (rowStep * 0.3),
                options.Longitude + (column * columnStep) + (columnStep * 0.5),
                string.Create(CultureInfo.InvariantCulture, $"{(column + 1) * 100 + 10} {_streets[row % _streets.Length]} ST"),
                _siteTargets[i % _siteTargets.Length],
                behaviours);
        }).ToArray();

        var events = new List<Event>();
        var id = 0;
        while (events.Count < options.Events)
        {
            var at = options.Start + TimeSpan.FromSeconds(random.NextDouble() * options.Span.TotalSeconds);
            Place place;
            int behaviour;
            if (random.NextDouble() < options.SiteShare)
            {
                var siteId = random.Next(sites.Length);
                var site = sites[siteId];
                place = new Place(site.Latitude, site.Longitude, siteId, site.Target, site.Address, site.Address, site.Address,
                    site.Latitude, site.Longitude, site.Latitude, site.Longitude);
                behaviour = site.Behaviours[random.Next(2)];
            }
            else
            {
                place = StreetPlace(random, options, rows, columns, rowStep, columnStep);
                behaviour = random.Next(_behaviours.Length);
            }
            events.Add(NewEvent(random, id++, at, place, behaviour, followUp: false));
            if (place.SiteId >= 0 && random.NextDouble() < 0.3 && events.Count < options.Events)
            {
                // A follow-up visit: same site and behavior, different people, hours later.
                events.Add(NewEvent(random, id++, at + TimeSpan.FromHours(1 + (random.NextDouble() * 7)), place, behaviour, followUp: true));
            }
        }

        var reports = new List<LabelledReport>();
        var sequence = 0;
        foreach (var e in events)
        {
            var group = new List<(Report Report, string Feed, string LocationStyle)>();
            var primaryIsCad = random.NextDouble() < 0.7;
            var extra = random.NextDouble() switch { < 0.45 => 0, < 0.85 => 1, _ => 2 };
            var kinds = new List<ReportKind> { primaryIsCad ? ReportKind.Cad : ReportKind.Sar };
            for (var i = 0; i < extra; i++)
            {
                kinds.Add(random.NextDouble() < 0.65 ? (primaryIsCad ? ReportKind.Sar : ReportKind.Cad) : kinds[0]);
            }
            var usedFeeds = new HashSet<string>(StringComparer.Ordinal);
            var sarTemplates = new HashSet<int>();
            foreach (var kind in kinds)
            {
                var feed = PickFeed(random, kind, usedFeeds);
                usedFeeds.Add(feed.Id);
                group.Add(MakeReport(random, e, kind, feed, sequence++, sarTemplates));
            }
            var cases = HardCases.None;
            if (e.Place.SiteId >= 0)
            {
                cases |= HardCases.SamePlaceDifferentEvents;
            }
            if (group.Any(g => g.LocationStyle == "block") && group.Any(g => g.LocationStyle == "intersection"))
            {
                cases |= HardCases.BlockVersusIntersection;
            }
            if (group.Count(g => g.Report.Kind == ReportKind.Sar) >= 2)
            {
                cases |= HardCases.ParaphrasedNarrative;
            }
            foreach (var (report, feed, _) in group)
            {
                var reportCases = cases;
                if (_feeds.First(f => f.Id == feed).OffsetHours != 0)
                {
                    reportCases |= HardCases.ClockOffsetFeed;
                }
                reports.Add(new LabelledReport(report, e.Id, reportCases, e.Place.SiteId));
            }
        }
        return new LabelledDataSet(reports.OrderBy(r => r.Report.ReceivedAt).ThenBy(r => r.Report.IdempotencyKey, StringComparer.Ordinal).ToList());
    }

    private static Place StreetPlace(Random random, LabelledDataGeneratorOptions options, int rows, int columns, double rowStep, double columnStep)
    {
        var row = random.Next(rows);
        var column = random.Next(columns - 1);
        var fraction = 0.05 + (random.NextDouble() * 0.9);
        var latitude = options.Latitude + (row * rowStep);
        var longitude = options.Longitude + ((column + fraction) * columnStep);
        var street = _streets[row % _streets.Length] + " ST";
        var corner = fraction < 0.5 ? column : column + 1;
        var avenue = _avenues[corner % _avenues.Length] + " AVE";
        var number = ((column + 1) * 100) + (int)(fraction * 98);
        return new Place(latitude, longitude, -1, _streetTargets[random.Next(_streetTargets.Length)],
            string.Create(CultureInfo.InvariantCulture, $"{number} {street}"),
            string.Create(CultureInfo.InvariantCulture, $"{column + 1}XX BLOCK OF {street}"),
            $"{street} / {avenue}",
            latitude, options.Longitude + ((column + 0.5) * columnStep),
            latitude, options.Longitude + (corner * columnStep));
    }

    private static Event NewEvent(Random random, int id, DateTimeOffset at, Place place, int behaviour, bool followUp)
    {
        string? subject = null, subjectShort = null, vehicle = null, vehicleShort = null, plate = null;
        if (random.NextDouble() < 0.65)
        {
            var male = random.NextDouble() < 0.6;
            var age = 20 + (10 * random.Next(5));
            var color = _colors[random.Next(_colors.Length)];
            var clothing = _clothes[random.Next(_clothes.Length)];
            var second = _colors[random.Next(_colors.Length)];
            subject = string.Create(CultureInfo.InvariantCulture, $"{(male ? "male" : "female")}, {age}s, {color} {clothing}, {second} pants");
            subjectShort = string.Create(CultureInfo.InvariantCulture, $"{(male ? "M" : "F")} {age}S {color.ToUpperInvariant()} {clothing.ToUpperInvariant()} {second.ToUpperInvariant()} PANTS");
        }
        if (random.NextDouble() < 0.35)
        {
            var (make, model) = _vehicles[random.Next(_vehicles.Length)];
            var color = _colors[random.Next(_colors.Length)];
            plate = string.Concat(
                new string([(char)('A' + random.Next(26)), (char)('A' + random.Next(26)), (char)('A' + random.Next(26))]),
                random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            vehicle = $"{color} {make} {model}";
            vehicleShort = $"{color.ToUpperInvariant()} {make.ToUpperInvariant()} {model.ToUpperInvariant()}";
        }
        return new Event(id, at, place, behaviour, _details[random.Next(_details.Length)], subject, subjectShort, vehicle, vehicleShort, plate, followUp);
    }

    private static (string Id, ReportKind Kind, int OffsetHours) PickFeed(Random random, ReportKind kind, HashSet<string> used)
    {
        var candidates = _feeds.Where(f => f.Kind == kind).ToArray();
        var unused = candidates.Where(f => !used.Contains(f.Id)).ToArray();
        var pool = unused.Length > 0 && random.NextDouble() < 0.8 ? unused : candidates;
        return pool[random.Next(pool.Length)];
    }

    private static (Report Report, string Feed, string LocationStyle) MakeReport(
        Random random, Event e, ReportKind kind, (string Id, ReportKind Kind, int OffsetHours) feed, int sequence, HashSet<int> sarTemplates)
    {
        var behaviour = _behaviours[e.Behaviour];
        var cad = kind == ReportKind.Cad;

        // Location: sites are geocoded to the site; street events as the report words them.
        string style;
        double latitude, longitude;
        string address;
        LocationPrecision precision;
        if (e.Place.SiteId >= 0)
        {
            style = "site";
            (latitude, longitude, address, precision) = (e.Place.Latitude, e.Place.Longitude, e.Place.StreetAddress, LocationPrecision.AddressPoint);
        }
        else
        {
            var draw = random.NextDouble();
            style = cad ? (draw < 0.55 ? "block" : draw < 0.85 ? "intersection" : "address")
                        : (draw < 0.2 ? "block" : draw < 0.6 ? "intersection" : "address");
            (latitude, longitude, address, precision) = style switch
            {
                "block" => (e.Place.BlockLatitude, e.Place.BlockLongitude, e.Place.BlockAddress, LocationPrecision.Block),
                "intersection" => (e.Place.CornerLatitude, e.Place.CornerLongitude, e.Place.Intersection, LocationPrecision.Intersection),
                _ => (e.Place.Latitude, e.Place.Longitude, e.Place.StreetAddress, LocationPrecision.AddressPoint),
            };
        }
        latitude += Gaussian(random) * 8 / 111_000;
        longitude += Gaussian(random) * 8 / 96_000;

        // Time: CAD is stamped when the call is queued; SAR times are recalled and often rounded.
        var trueTime = cad
            ? e.At + TimeSpan.FromMinutes(random.NextDouble() * 3)
            : e.At + TimeSpan.FromMinutes(Gaussian(random) * 5);
        if (!cad && random.NextDouble() < 0.5)
        {
            trueTime = new DateTimeOffset(trueTime.Ticks - (trueTime.Ticks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero);
        }
        var received = cad ? e.At + TimeSpan.FromMinutes(1 + (random.NextDouble() * 4)) : e.At + TimeSpan.FromHours(0.5 + (random.NextDouble() * 30));
        var occurred = trueTime + TimeSpan.FromHours(feed.OffsetHours);

        string narrative;
        string? callType = null;
        if (cad)
        {
            callType = behaviour.CallTypes[random.Next(behaviour.CallTypes.Length)];
            var action = behaviour.CadActions[random.Next(behaviour.CadActions.Length)];
            var who = e.SubjectShort is not null && random.NextDouble() < 0.7 ? e.SubjectShort : "SUBJ";
            var veh = e.VehicleShort is not null && random.NextDouble() < 0.6 ? " IN " + e.VehicleShort : "";
            var detail = random.NextDouble() < 0.6 ? " W/ " + e.Detail.ToUpperInvariant() : "";
            narrative = random.Next(3) switch
            {
                0 => $"RP ADV {who} {action} {e.Place.Target.ToUpperInvariant()}{detail}{veh}",
                1 => $"{who} {action} THE {e.Place.Target.ToUpperInvariant()}{veh}.{detail}",
                _ => $"CALLER STATES {action} {e.Place.Target.ToUpperInvariant()} BY {who}{detail}{veh}",
            };
        }
        else
        {
            var action = behaviour.Actions[random.Next(behaviour.Actions.Length)];
            var who = e.Subject is not null && random.NextDouble() < 0.8 ? DescribeSubject(e.Subject) : "an individual";
            var vehicleSentence = e.Vehicle is not null && random.NextDouble() < 0.7 ? $" The person left in a {e.Vehicle}." : " The person then walked away.";
            var template = random.Next(4);
            if (sarTemplates.Contains(template))
            {
                template = (template + 1 + random.Next(3)) % 4; // a second witness words it differently
            }
            sarTemplates.Add(template);
            var minutes = 5 + random.Next(40);
            narrative = template switch
            {
                0 => $"Reporting party observed {who} {action} the {e.Place.Target} and carrying a {e.Detail}.{vehicleSentence}",
                1 => $"While on patrol I saw {who} {action} the {e.Place.Target} for about {minutes} minutes. The person had a {e.Detail} with them.{vehicleSentence}",
                2 => $"Security staff noticed {who} near the {e.Place.Target}, {action} it. A {e.Detail} was visible.{vehicleSentence} Staff asked us to document it.",
                _ => $"A witness described {who} {action} the {e.Place.Target} while holding a {e.Detail}.{vehicleSentence} No contact was made.",
            };
        }

        var subjects = new List<string>();
        if (e.Subject is not null && random.NextDouble() < (cad ? 0.5 : 0.8))
        {
            subjects.Add(cad ? e.SubjectShort! : e.Subject);
        }
        var vehicles = new List<string>();
        if (e.Vehicle is not null && random.NextDouble() < (cad ? 0.6 : 0.75))
        {
            var plate = e.Plate!;
            if (random.NextDouble() < 0.1)
            {
                var position = random.Next(plate.Length);
                var replacement = char.IsDigit(plate[position]) ? (char)('0' + ((plate[position] - '0' + 1 + random.Next(8)) % 10)) : (char)('A' + ((plate[position] - 'A' + 1 + random.Next(24)) % 26));
                plate = string.Concat(plate.AsSpan(0, position), new string(replacement, 1), plate.AsSpan(position + 1));
            }
            vehicles.Add(cad ? $"{e.VehicleShort} LIC {plate}" : $"{e.Vehicle}, plate {plate[..3]}-{plate[3..]}");
        }

        var sourceId = string.Create(CultureInfo.InvariantCulture, $"{(cad ? "C" : "S")}-{sequence:D6}");
        var report = new Report
        {
            IdempotencyKey = IdempotencyKeys.For(feed.Id, sourceId),
            FeedId = feed.Id,
            SourceRecordId = sourceId,
            Kind = kind,
            OccurredAt = occurred,
            ReceivedAt = received,
            Location = new ReportLocation(address, latitude, longitude, precision),
            Narrative = narrative,
            CadCallType = callType,
            CadPriority = cad ? 1 + random.Next(4) : null,
            Privacy = new PrivacyFields(subjects, vehicles),
            Origin = new RecordOrigin($"feeds.{feed.Id}.raw", 0, sequence),
        };
        return (report, feed.Id, style);
    }

    private static string DescribeSubject(string subject)
    {
        // "male, 30s, red jacket, blue pants" -> "a man in his 30s in a red jacket"
        var parts = subject.Split(", ");
        var person = parts[0] == "male" ? "a man in his" : "a woman in her";
        return $"{person} {parts[1]} wearing a {parts[2]}";
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
