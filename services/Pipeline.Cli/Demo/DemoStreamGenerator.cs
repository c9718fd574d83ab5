using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Cli.Demo;

/// <summary>What the demo expects the pipeline to do with a record.</summary>
internal enum DemoExpectation
{
    /// <summary>A new, valid report: stored once.</summary>
    Valid,

    /// <summary>A byte-for-byte resend of an earlier record: counted as a duplicate.</summary>
    Duplicate,

    /// <summary>Bad input: dead-lettered with a reason.</summary>
    Malformed,
}

/// <summary>One raw record of the demo stream.</summary>
internal sealed record DemoRecord(string FeedId, byte[]? Key, byte[] Payload, DemoExpectation Expectation);

/// <summary>
/// A deterministic, realistic mixed stream of SAR and CAD records for a first run: benign and
/// suspicious reports around Berkeley and Oakland, some exact resends, and some malformed input
/// of every kind the Ingest role must reject (bad JSON, missing and mistyped fields, invalid
/// UTF-8, out-of-range coordinates, impossible dates, an oversized record).
/// </summary>
internal static class DemoStreamGenerator
{
    public const string SarFeed = "demo-sar";
    public const string CadFeed = "demo-cad";

    private static readonly string[] Streets =
    [
        "SHATTUCK AVE", "TELEGRAPH AVE", "UNIVERSITY AVE", "SAN PABLO AVE", "COLLEGE AVE", "ASHBY AVE",
        "DWIGHT WAY", "ALCATRAZ AVE", "MARTIN LUTHER KING JR WAY", "BROADWAY", "GRAND AVE", "SACRAMENTO ST",
    ];

    private static readonly string[] Sectors =
    [
        "Transportation Systems", "Energy", "Water and Wastewater Systems", "Commercial Facilities",
        "Government Facilities", "Communications", "Healthcare and Public Health", "Emergency Services",
    ];

    private static readonly string[] SuspiciousSar =
    [
        "Subject photographed the security checkpoint and badge readers at the {0} for about twenty minutes and fled when approached by a guard.",
        "Security staff observed an individual taking notes on security guard shift changes and watching the entrance of the {0}.",
        "Caller reports a drone hovering over the electrical substation near the {0} at night, operator not located.",
        "Individual asked a maintenance worker detailed questions about the shift change times and access codes at the {0}.",
        "Subject tried to access the restricted area behind the {0} using a cloned badge and left when challenged.",
        "Person called the front desk of the {0} and threatened to bomb the building if demands were not met.",
        "Store clerk reports a customer bought large quantities of fertilizer and fuel containers, paid cash, and asked about detonators.",
        "Fence around the pumping station near the {0} was cut and a valve was tampered with overnight.",
        "Employee reports someone impersonating a utility inspector with a fake uniform attempted entry at the {0}.",
        "Rifle and several magazines were found concealed in a bag left near the loading dock of the {0}.",
        "Network team at the {0} reports repeated intrusion attempts and a phishing email targeting SCADA operators.",
        "Subject repeatedly tested the emergency exit alarm at the {0} and timed the security response with a stopwatch.",
    ];

    private static readonly string[] BenignSar =
    [
        "Tourist photographing the {0} from the public sidewalk; no other activity noted.",
        "Resident reports loud music from a neighbor's party near the {0}.",
        "Found wallet near the {0} was turned in and returned to its owner.",
        "Person sleeping in a parked car near the {0}; welfare check completed, no issues.",
        "Group of students sketching the architecture of the {0} for an art class.",
        "Lost dog reported near the {0}; owner located.",
        "Peaceful protest with signs outside the {0}; permit on file, no incidents.",
    ];

    private static readonly string[] Places =
    [
        "water treatment plant", "BART station", "federal building", "substation", "city hall", "hospital",
        "port terminal", "stadium", "data center", "rail yard", "university library", "fuel depot",
    ];

    private static readonly (string CallType, int Priority, string[] Notes)[] CadCalls =
    [
        ("SUSPICIOUS PERSON", 2, ["RP STATES MALE WATCHING THE ENTRANCE FOR AN HOUR, TAKING NOTES", "SUBJ LOOKING INTO CARS", ""]),
        ("SUSPICIOUS VEHICLE", 3, ["VEH PARKED NEAR SUBSTATION FOR 3 HRS, OCCUPANT PHOTOGRAPHING FENCE LINE", "UNOCCUPIED VEH W/ FLAT TIRE", ""]),
        ("TRESPASS", 2, ["SUBJ CLIMBED FENCE INTO RESTRICTED AREA AT RAIL YARD", "TRANSIENT IN DOORWAY, MOVED ALONG"]),
        ("THREATS", 1, ["CALLER THREATENED TO SHOOT EMPLOYEES AT THE CLINIC", "NEIGHBOR DISPUTE, VERBAL ONLY"]),
        ("BOMB THREAT", 1, ["ANON CALLER STATES BOMB IN LOBBY, BUILDING EVACUATED"]),
        ("SUSPICIOUS PACKAGE", 1, ["UNATTENDED BACKPACK WITH WIRES AT BUS STOP", "UNATTENDED BOX, TURNED OUT TO BE DELIVERY"]),
        ("VANDALISM", 3, ["GRAFFITI ON WALL", "CUT LOCK AND DAMAGED CONTROL BOX AT PUMP STATION"]),
        ("BURGLARY", 2, ["RESIDENTIAL BURGLARY, REAR WINDOW SMASHED", "ATTEMPTED ENTRY TO TELECOM VAULT"]),
        ("DISTURBANCE", 3, ["LOUD PARTY", "ARGUMENT IN PARKING LOT"]),
        ("TRAFFIC STOP", 4, [""]),
        ("ALARM", 3, ["COMMERCIAL ALARM, FALSE", "AUDIBLE ALARM AT SUBSTATION GATE"]),
        ("WELFARE CHECK", 3, ["ELDERLY RESIDENT NOT ANSWERING PHONE"]),
        ("THEFT", 3, ["BICYCLE STOLEN FROM RACK", "COPPER WIRE STOLEN FROM RAIL SIGNAL CABINET"]),
        ("DRONE", 2, ["UAS FLYING OVER STADIUM DURING EVENT"]),
    ];

    private static readonly string[] Subjects = ["W/M 30S, DARK JACKET", "H/F 20S, RED BACKPACK", "B/M 40S, GRAY HOODIE", "A/F 50S, GLASSES"];
    private static readonly string[] Vehicles = ["WHITE VAN 7ABC123", "SILVER SEDAN 8XYZ901", "BLUE PICKUP 6DEF456"];

    private static readonly string[] SarAddressStyles = ["clean", "abbreviation", "case-punct", "unit", "state-zip", "typo", "no-suffix", "unresolvable"];
    private static readonly string[] CadAddressStyles = ["block", "intersection"];

    /// <summary>
    /// Generates <paramref name="count"/> records (at least 1). With the demo area's addresses by
    /// style (<see cref="DemoArea.AddressesByStyle"/>), reports carry them the ways real feeds do:
    /// SARs an address or a device fix, CAD calls a block or an intersection, with or without coordinates.
    /// </summary>
    public static IReadOnlyList<DemoRecord> Generate(int count, int seed, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? area = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var records = new List<DemoRecord>(count);
        var valid = new List<DemoRecord>();
        var malformedKind = 0;
        var sarNumber = 0;
        var cadNumber = 0;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            if (i == count / 2 && count >= 100)
            {
                // One record over the feed's 1 MiB limit. Only one, and only 1.5 MB: the development
                // broker keeps about 5 MB per partition, and bigger records would push real data out.
                records.Add(Oversized(now));
            }
            else if (roll < 0.03)
            {
                records.Add(Malformed(malformedKind++, now));
            }
            else if (roll < 0.08 && valid.Count > 0)
            {
                var original = valid[random.Next(valid.Count)];
                records.Add(original with { Expectation = DemoExpectation.Duplicate });
            }
            else
            {
                var record = random.NextDouble() < 0.4
                    ? Sar(random, ++sarNumber, now, area)
                    : Cad(random, ++cadNumber, now, area);
                valid.Add(record);
                records.Add(record);
            }
        }
        return records;
    }

    private static DemoRecord Sar(Random random, int number, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? area)
    {
        var id = $"SAR-{now.Year}-{number:D6}";
        var suspicious = random.NextDouble() < 0.35;
        var templates = suspicious ? SuspiciousSar : BenignSar;
        var place = Places[random.Next(Places.Length)];
        var narrative = string.Format(CultureInfo.InvariantCulture, templates[random.Next(templates.Length)], place);
        var (lat, lon) = Coordinates(random);
        var occurred = now.AddMinutes(-random.Next(10, 72 * 60));
        var json = new Dictionary<string, object?>
        {
            ["sarId"] = id,
            ["occurredAt"] = occurred.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["narrative"] = narrative,
            ["location"] = AreaAddress(random, area, SarAddressStyles) is { } address && random.NextDouble() < 0.6
                ? new Dictionary<string, object?> { ["address"] = address }
                : new Dictionary<string, object?> { ["address"] = Address(random), ["latitude"] = lat, ["longitude"] = lon },
            ["targetSector"] = suspicious ? Sectors[random.Next(Sectors.Length)] : null,
        };
        if (random.NextDouble() < 0.5)
        {
            json["subjects"] = new[] { Subjects[random.Next(Subjects.Length)] };
            json["protectedAttributes"] = new Dictionary<string, string>
            {
                ["race"] = random.Next(4) switch { 0 => "W", 1 => "B", 2 => "H", _ => "A" },
                ["sex"] = random.Next(2) == 0 ? "M" : "F",
            };
        }
        if (random.NextDouble() < 0.3)
        {
            json["vehicles"] = new[] { Vehicles[random.Next(Vehicles.Length)] };
        }
        return new DemoRecord(SarFeed, Encoding.UTF8.GetBytes(id), JsonSerializer.SerializeToUtf8Bytes(json, DemoJsonContext.Default.DictionaryStringObject), DemoExpectation.Valid);
    }

    private static DemoRecord Cad(Random random, int number, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyList<string>>? area)
    {
        var id = $"{now.Year}{number:D8}";
        var call = CadCalls[random.Next(CadCalls.Length)];
        var local = TimeZoneInfo.ConvertTime(now.AddMinutes(-random.Next(5, 72 * 60)), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        var (lat, lon) = Coordinates(random);
        var missingFix = area is { Count: > 0 } && random.Next(3) == 0;
        var zeroFix = random.Next(20) == 0;
        var json = new Dictionary<string, object?>
        {
            ["cad_event_number"] = id,
            ["cad_event_original_time_queued"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["call_type"] = call.CallType,
            ["priority"] = random.Next(3) == 0 ? call.Priority.ToString(CultureInfo.InvariantCulture) : call.Priority,
            ["block_address"] = AreaAddress(random, area, CadAddressStyles) ?? $"{random.Next(1, 30)}XX BLOCK OF {Streets[random.Next(Streets.Length)]}",
            // A dispatch fix is often missing (a third here) or 0,0 (an unset AVL fix): the geocoder falls back to the address.
            ["dispatch_latitude"] = missingFix ? null : zeroFix ? 0.0 : lat,
            ["dispatch_longitude"] = missingFix ? null : zeroFix ? 0.0 : lon,
            ["notes"] = call.Notes[random.Next(call.Notes.Length)],
        };
        return new DemoRecord(CadFeed, Encoding.UTF8.GetBytes(id), JsonSerializer.SerializeToUtf8Bytes(json, DemoJsonContext.Default.DictionaryStringObject), DemoExpectation.Valid);
    }

    private static (double Lat, double Lon) Coordinates(Random random) =>
        (Math.Round(37.80 + (random.NextDouble() * 0.10), 6), Math.Round(-122.30 + (random.NextDouble() * 0.08), 6));

    private static string? AreaAddress(Random random, IReadOnlyDictionary<string, IReadOnlyList<string>>? area, string[] styles)
    {
        if (area is null || area.Count == 0)
        {
            return null;
        }
        var style = styles[random.Next(styles.Length)];
        return area.TryGetValue(style, out var addresses) && addresses.Count > 0 ? addresses[random.Next(addresses.Count)] : null;
    }

    private static string Address(Random random) => $"{random.Next(100, 3000)} {Streets[random.Next(Streets.Length)]}, BERKELEY, CA";

    // Every kind of bad input the Ingest role must dead-letter with a reason.
    private static DemoRecord Malformed(int kind, DateTimeOffset now)
    {
        var stamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (feed, text) = (kind % 10) switch
        {
            0 => (SarFeed, "{\"sarId\":\"SAR-BROKEN\",\"narrative\":\"truncated"),
            1 => (SarFeed, $"{{\"occurredAt\":\"{stamp}\",\"narrative\":\"no id\"}}"),
            2 => (CadFeed, $"{{\"cad_event_number\":\"X{kind}\",\"cad_event_original_time_queued\":\"2026-01-01T10:00:00\",\"call_type\":\"THEFT\",\"priority\":\"high\"}}"),
            3 => (SarFeed, $"{{\"sarId\":\"SAR-LAT-{kind}\",\"occurredAt\":\"{stamp}\",\"narrative\":\"bad coordinates\",\"location\":{{\"latitude\":123.4,\"longitude\":-122.2}}}}"),
            4 => (SarFeed, $"{{\"sarId\":\"SAR-Y9999-{kind}\",\"occurredAt\":\"9999-12-31T23:59:59Z\",\"narrative\":\"far future\"}}"),
            5 => (CadFeed, "\"just a string\""),
            6 => (CadFeed, ""),
            7 => (SarFeed, $"{{\"sarId\":\"SAR-TIME-{kind}\",\"occurredAt\":\"next tuesday\",\"narrative\":\"unparseable time\"}}"),
            8 => (CadFeed, $"{{\"cad_event_number\":\"Y{kind}\",\"call_type\":\"TRESPASS\"}}"),
            _ => (SarFeed, null as string),
        };
        if (text is not null)
        {
            return new DemoRecord(feed, null, Encoding.UTF8.GetBytes(text), DemoExpectation.Malformed);
        }
        var invalid = Encoding.UTF8.GetBytes($"{{\"sarId\":\"SAR-UTF-{kind}\",\"occurredAt\":\"{stamp}\",\"narrative\":\"bad \u00e9 bytes\"}}");
        var at = Array.IndexOf(invalid, (byte)0xC3);
        invalid[at + 1] = 0x28;
        return new DemoRecord(SarFeed, null, invalid, DemoExpectation.Malformed);
    }

    private static DemoRecord Oversized(DateTimeOffset now)
    {
        var stamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var huge = $"{{\"sarId\":\"SAR-HUGE\",\"occurredAt\":\"{stamp}\",\"narrative\":\"{new string('A', 1536 * 1024)}\"}}";
        return new DemoRecord(SarFeed, null, Encoding.UTF8.GetBytes(huge), DemoExpectation.Malformed);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
internal sealed partial class DemoJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
