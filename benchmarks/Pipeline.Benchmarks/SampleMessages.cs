using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Benchmarks;

/// <summary>
/// Realistic, deterministic test messages: the same seed gives the same bytes on every run, so
/// that runs on different days measure the same input.
/// </summary>
internal static class SampleMessages
{
    public const string NolaHeader =
        "NOPD_Item,Type_,TypeText,Priority,InitialType,InitialTypeText,InitialPriority,MapX,MapY,TimeCreate,TimeDispatch,TimeArrive,TimeClosed,Disposition,DispositionText,SelfInitiated,Beat,BLOCK_ADDRESS,Zip,PoliceDistrict,Location";

    private static readonly (string Code, string Text)[] NolaCallTypes =
    [
        ("107", "SUSPICIOUS PERSON"), ("21", "BOMB THREAT, CALLED IN"), ("103", "DISTURBANCE (OTHER)"),
        ("62", "BURGLAR ALARM"), ("62A", "SILENT ALARM"), ("67A", "AUTO THEFT BY UNAUTHORIZED USE"),
        ("94F", "FIREWORKS"), ("34S", "AGGRAVATED BATTERY BY SHOOTING"), ("20I", "AUTO ACCIDENT WITH INJURY"),
        ("103D", "DISTURBANCE (DOMESTIC)"), ("95", "DISCHARGING FIREARM"), ("56", "SIMPLE CRIMINAL DAMAGE"),
        ("62C", "SIMPLE BURGLARY VEHICLE"), ("MED", "MEDICAL, NON-EMERGENCY"), ("65", "SIMPLE ROBBERY PROPERTY SNATCHING"),
    ];

    private static readonly (string Code, string Text)[] NolaDispositions =
    [
        ("GOA", "GONE ON ARRIVAL"), ("RTF", "REPORT TO FOLLOW"), ("NAT", "NECESSARY ACTION TAKEN"),
        ("UNF", "UNFOUNDED"), ("VOI", "VOID"), ("DUP", "DUPLICATE INCIDENT"), ("REF", "REFERRED TO OUTSIDE AGENCY"),
    ];

    private static readonly string[] NolaStreets =
    [
        "Perdido St", "Magazine St", "Canal St", "Bourbon St", "Chef Menteur Hwy", "Loyola Ave", "St Charles Ave",
        "Tchoupitoulas St", "N Claiborne Ave", "Elysian Fields Ave", "Esplanade Ave", "S Carrollton Ave",
        "General De Gaulle Dr", "Read Blvd", "Louisiana Ave", "N Broad St", "Poydras St", "Decatur St",
        "Martin Luther King Jr Blvd", "Old Gentilly Rd", "St Claude Ave", "Napoleon Ave", "Earhart Blvd",
    ];

    private static readonly string[] NolaPriorities = ["1A", "1B", "2", "2A", "2B", "2C", "3"];

    /// <summary>
    /// A CSV message of New Orleans calls for service: the header, then <paramref name="rows"/> rows
    /// of 230 to 330 bytes (about 275 on average). About one row in five has a quoted field (a comma
    /// in the call type, a doubled quote, a line break). Every row has state-plane x/y (US survey
    /// feet, to the hundredth), so every row is reprojected.
    /// </summary>
    public static byte[] NolaCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(NolaHeader.Length + rows * 320);
        text.Append(NolaHeader).Append("\r\n");
        var start = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < rows; i++)
        {
            var (code, type) = NolaCallTypes[random.Next(NolaCallTypes.Length)];
            var (disposition, dispositionText) = NolaDispositions[random.Next(NolaDispositions.Length)];
            var typeText = i % 25 == 7 ? type + "\n(REPORTED BY TWO CALLERS)" : type;
            if (i % 40 == 11)
            {
                dispositionText += " \"SEE SUPPLEMENT\"";
            }
            var priority = NolaPriorities[random.Next(NolaPriorities.Length)];
            var created = start.AddSeconds(random.Next(0, 36 * 3600));
            var address = random.Next(10) < 5
                ? string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 99):000}XX {NolaStreets[random.Next(NolaStreets.Length)]}")
                : $"{NolaStreets[random.Next(NolaStreets.Length)]} & {NolaStreets[random.Next(NolaStreets.Length)]}";
            var x = random.Next(366_000_000, 370_500_000) / 100.0;
            var y = random.Next(51_500_000, 54_500_000) / 100.0;
            var district = random.Next(1, 9);
            var beat = string.Create(CultureInfo.InvariantCulture, $"{district}{(char)('A' + random.Next(6))}{random.Next(1, 20):00}");
            text.Append(CultureInfo.InvariantCulture, $"K{452_126 + i:0000000},{code},{Csv(typeText)},{priority},{(i % 5 == 3 ? "22" : code)},{Csv(i % 5 == 3 ? "COMPLAINT OTHER" : type)},{priority},")
                .Append(CultureInfo.InvariantCulture, $"{x:0.00},{y:0.00},{NolaTime(created)},{NolaTime(created.AddMinutes(4))},{NolaTime(created.AddMinutes(12))},{NolaTime(created.AddMinutes(48))},")
                .Append(CultureInfo.InvariantCulture, $"{disposition},{Csv(dispositionText)},{(random.Next(5) == 0 ? 'Y' : 'N')},{beat},{Csv(address)},{70_112 + random.Next(20)},{district},")
                .Append(CultureInfo.InvariantCulture, $"POINT ({-90.15 + random.NextDouble() * 0.15:0.00000000} {29.90 + random.NextDouble() * 0.1:0.00000000})")
                .Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string NolaTime(DateTime time) => time.ToString("MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static readonly string[] SeattleCallTypes =
    [
        "suspicious vehicle", "SUSPICIOUS PERSON", "TRESPASS", "THEFT - SHOPLIFT", "DISTURBANCE, OTHER",
        "ALARM - COMMERCIAL", "PROWLER", "NOISE - DISTURBANCE", "PROPERTY DAMAGE", "SHOTS - FIRED",
    ];

    private static readonly string[] SeattleNotes =
    [
        "VEH PARKED NEAR SUBSTATION FOR 3 HRS, OCCUPANT PHOTOGRAPHING FENCE LINE",
        "RP REPORTS MALE LOOKING INTO CARS IN THE GARAGE, LAST SEEN HEADED NB ON FOOT",
        "CALLER STATES DRONE HOVERING OVER WATER TREATMENT PLANT INTAKE, NO OPERATOR VISIBLE",
        "TWO SUBJS CHECKING DOOR HANDLES ALONG THE LOADING DOCK, ONE IN GREY HOODIE",
        "ALARM CO REPORTS REAR DOOR ZONE, KEYHOLDER ENRT, NO CALLBACK FROM PREMISE",
    ];

    /// <summary>
    /// Single-object JSON CAD messages with Seattle open-data column names, about 350 bytes each,
    /// including a few columns the demo-cad definition does not read (as the real export has).
    /// </summary>
    public static byte[][] DemoCad(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Unspecified);
        var messages = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var queued = start.AddSeconds(random.Next(0, 36 * 3600));
            var priority = random.Next(1, 8);
            messages[i] = Json(writer =>
            {
                writer.WriteString("cad_event_number", (202_600_000_001L + i).ToString(CultureInfo.InvariantCulture));
                writer.WriteString("cad_event_original_time_queued", queued.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                writer.WriteString("call_type", SeattleCallTypes[random.Next(SeattleCallTypes.Length)]);
                if (i % 2 == 0)
                {
                    writer.WriteString("priority", priority.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteNumber("priority", priority);
                }
                writer.WriteString("precinct", "NORTH");
                writer.WriteString("sector", "B");
                writer.WriteString("block_address", string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 99)}XX BLOCK OF SHATTUCK AVE"));
                writer.WriteNumber("dispatch_latitude", Math.Round(37.80 + random.NextDouble() * 0.1, 6));
                writer.WriteNumber("dispatch_longitude", Math.Round(-122.30 + random.NextDouble() * 0.1, 6));
                writer.WriteString("notes", SeattleNotes[random.Next(SeattleNotes.Length)]);
            });
        }
        return messages;
    }

    private static readonly string[] SarSentences =
    [
        "A man in his thirties photographed the security checkpoint and the badge readers at the water treatment plant for about twenty minutes.",
        "When a guard approached he put the camera away, walked quickly to a white van parked on the shoulder and drove north.",
        "The guard noted that the van had been seen on the access road twice earlier in the week, both times around shift change.",
        "A second person stayed in the van the whole time and appeared to be writing in a notebook.",
        "The reporting officer checked the perimeter fence afterwards and found no damage, but a gate chain had been wrapped differently than usual.",
        "Staff said a caller had asked the front desk the week before how many guards work overnight and whether the gate is staffed on Sundays.",
        "The plant manager provided the camera footage from the north gate, which shows the van arriving at 08:52 and leaving at 09:36.",
        "No one was detained; the report is forwarded for review against other reports near critical infrastructure in the county.",
    ];

    private static readonly string[] Sectors =
    [
        "Water and Wastewater Systems", "Energy", "Transportation Systems", "Communications", "Dams", "Chemical",
    ];

    /// <summary>Single-object JSON SARs with a narrative of about 1 KB, a location, privacy fields and protected attributes.</summary>
    public static byte[][] DemoSar(int count, int seed)
    {
        var random = new Random(seed);
        var messages = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var narrative = new StringBuilder(1100);
            while (narrative.Length < 1000)
            {
                narrative.Append(SarSentences[random.Next(SarSentences.Length)]).Append(' ');
            }
            var occurred = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.FromHours(-8)).AddMinutes(random.Next(0, 36 * 60));
            messages[i] = Json(writer =>
            {
                writer.WriteString("sarId", string.Create(CultureInfo.InvariantCulture, $"SAR-2026-{i + 1:000000}"));
                writer.WriteString("occurredAt", occurred.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                writer.WriteString("narrative", narrative.ToString().TrimEnd());
                writer.WriteStartObject("location");
                writer.WriteString("address", string.Create(CultureInfo.InvariantCulture, $"{random.Next(100, 2999)} SHATTUCK AVE, BERKELEY, CA"));
                writer.WriteNumber("latitude", Math.Round(37.80 + random.NextDouble() * 0.1, 6));
                writer.WriteNumber("longitude", Math.Round(-122.30 + random.NextDouble() * 0.1, 6));
                writer.WriteEndObject();
                writer.WriteString("targetSector", Sectors[random.Next(Sectors.Length)]);
                writer.WriteStartArray("subjects");
                writer.WriteStringValue("W/M 30S, DARK JACKET, BLACK BACKPACK");
                writer.WriteStringValue("UNKNOWN PERSON IN PASSENGER SEAT");
                writer.WriteEndArray();
                writer.WriteStartArray("vehicles");
                writer.WriteStringValue("WHITE VAN 7ABC123");
                writer.WriteEndArray();
                writer.WriteStartObject("protectedAttributes");
                writer.WriteString("race", "W");
                writer.WriteString("sex", "M");
                writer.WriteString("ageBand", "30-39");
                writer.WriteEndObject();
            });
        }
        return messages;
    }

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Splits a CSV message with a header into one message per row, each with the header (as the worker sees single-record messages).</summary>
    public static byte[][] SingleRowMessages(byte[] csv)
    {
        var lines = SplitRows(Encoding.UTF8.GetString(csv));
        return [.. lines.Skip(1).Select(row => Encoding.UTF8.GetBytes(lines[0] + "\r\n" + row + "\r\n"))];
    }

    // Splits on line breaks outside quotes, so that a quoted field with a line break stays in its row.
    private static List<string> SplitRows(string text)
    {
        var rows = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                rows.Add(text[start..i]);
                start = i + 2;
                i++;
            }
        }
        return rows;
    }
}
