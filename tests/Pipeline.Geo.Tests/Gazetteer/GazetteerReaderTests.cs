using Pipeline.Geo.Addresses;
using Pipeline.Geo.Gazetteer;

namespace Pipeline.Geo.Tests.Gazetteer;

public sealed class GazetteerReaderTests
{
    [Fact]
    public void AddressPointsAreReadWithTheirColumnsInAnyOrderAndCase()
    {
        const string csv = "LAT,Lon,Number,Street,Unit,City,State,Zip\n37.8702,-122.2691,1520,Shattuck Avenue,Apt 3,Berkeley,California,94709-1234\n";

        var result = AddressPointReader.Read(new StringReader(csv));

        Assert.Empty(result.Errors);
        var point = Assert.Single(result.Records);
        Assert.Equal(new AddressPointRecord(1520, null, new StreetName(null, "SHATTUCK", "AVE", null), "APT 3", "BERKELEY", "CA", "94709", 37.8702, -122.2691), point);
    }

    [Theory]
    [InlineData("house_number,street_name,latitude,longitude,postcode")]
    [InlineData("addr_num,full_street,y,x,zip_code")]
    [InlineData("ADDR_NUM,FULL_STREET,Y,LNG,ZIP")]
    public void AddressPointColumnsAreFoundByTheirAliases(string header)
    {
        var csv = header + "\n1520A,N. Main St.,37.87,-122.27,94709\n";

        var result = AddressPointReader.Read(new StringReader(csv));

        Assert.Empty(result.Errors);
        var point = Assert.Single(result.Records);
        Assert.Equal((1520, "A", "N MAIN ST", "94709", 37.87, -122.27), (point.Number, point.NumberSuffix, point.Street.ToString(), point.PostalCode, point.Latitude, point.Longitude));
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasQuotesAndLineBreaks()
    {
        const string csv = "number,street,city,lat,lon\r\n" +
            "1520,\"Shattuck Ave, Rear\",\"Berkeley \"\"North\"\"\",37.87,-122.27\r\n" +
            "1522,\"Shattuck\nAve\",Berkeley,37.87,-122.27\r\n";

        var result = AddressPointReader.Read(new StringReader(csv));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Records.Count);
        Assert.Equal("SHATTUCK AVE", result.Records[0].Street.ToString());
        Assert.Equal("BERKELEY NORTH", result.Records[0].City);
        Assert.Equal("SHATTUCK AVE", result.Records[1].Street.ToString());
    }

    [Fact]
    public void BadRowsAreSkippedAndReportedByLineWithoutTheirText()
    {
        const string csv = "number,street,lat,lon\n" +
            "1520,Shattuck Ave,37.87,-122.27\n" +       // 2 ok
            "abc,Shattuck Ave,37.87,-122.27\n" +         // 3 number
            ",Shattuck Ave,37.87,-122.27\n" +            // 4 missing number
            "1524,,37.87,-122.27\n" +                    // 5 missing street
            "1526,Shattuck Ave,95,-122.27\n" +           // 6 out of range
            "1528,Shattuck Ave,37.87,\n" +               // 7 missing lon
            "1530,\"Shattuck\n\nAve\",north,-122.27\n" + // 8-10 quoted line breaks, bad lat
            "1532,Shattuck Ave,37.87,-122.27\n";         // 11 ok

        var result = AddressPointReader.Read(new StringReader(csv));

        Assert.Equal([1520, 1532], result.Records.Select(r => r.Number));
        Assert.Equal([3, 4, 5, 6, 7, 8], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.DoesNotContain("Shattuck", e.Reason, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("out of range", result.Errors[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderWithoutARequiredColumnIsOneErrorOnLineOne()
    {
        var result = AddressPointReader.Read(new StringReader("number,street,lat\n1,Main St,37\n"));

        Assert.Empty(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("lon", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedAndNotTakenAsARecord()
    {
        var result = AddressPointReader.Read(new StringReader("number,street,lat,lon\n1,\"Main St,37,-122\n"));

        Assert.Empty(result.Records);
        Assert.Equal(2, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void StreetSegmentsAreReadWithTheirRangesAndLine()
    {
        const string csv = "street,left_from,left_to,right_from,right_to,city,state,zip,geometry\n" +
            "Shattuck Avenue,1500,1598,1501,1599,Berkeley,CA,94709,\"LINESTRING (-122.269 37.870, -122.269 37.871)\"\n";

        var result = StreetSegmentReader.Read(new StringReader(csv));

        Assert.Empty(result.Errors);
        var segment = Assert.Single(result.Records);
        Assert.Equal((1500, 1598, 1501, 1599), (segment.LeftFrom, segment.LeftTo, segment.RightFrom, segment.RightTo));
        Assert.Equal("SHATTUCK AVE", segment.Street.ToString());
        Assert.Equal([(37.870, -122.269), (37.871, -122.269)], segment.Line);
    }

    [Theory]
    [InlineData("LINESTRING (-122.269 37.870, -122.269 37.871)", 2)]
    [InlineData("LINESTRING(-122.269 37.870,-122.269 37.871,-122.268 37.872)", 3)]
    [InlineData("linestring z (-122.269 37.870 12.5, -122.269 37.871 13)", 2)]
    [InlineData("MULTILINESTRING ((-122.269 37.870, -122.269 37.871))", 2)]
    public void WktLinesAreAccepted(string wkt, int points)
    {
        Assert.True(WktLineString.TryParse(wkt, out var line, out var error), error);
        Assert.Equal(points, line.Count);
        Assert.Equal(37.870, line[0].Latitude);
        Assert.Equal(-122.269, line[0].Longitude);
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("POINT (-122.269 37.870)", "LINESTRING")]
    [InlineData("LINESTRING EMPTY", "empty")]
    [InlineData("LINESTRING (-122.269 37.870)", "two points")]
    [InlineData("LINESTRING (-122.269 97.870, -122.269 37.871)", "out of range")]
    [InlineData("LINESTRING (-122.269 37.870, east north)", "not a number")]
    [InlineData("LINESTRING (-122.269 37.870, -122.269 37.871", "closed")]
    [InlineData("MULTILINESTRING ((-122.269 37.870, -122.269 37.871), (-122.268 37.872, -122.267 37.873))", "one part")]
    public void BadWktIsRefusedWithAReason(string wkt, string reason)
    {
        Assert.False(WktLineString.TryParse(wkt, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSegmentRowsAreReportedByLineAndTheRestAreRead()
    {
        const string csv = "STREET,LEFT_FROM,LEFT_TO,RIGHT_FROM,RIGHT_TO,GEOMETRY\n" +
            "Cedar St,,,2101,2199,\"LINESTRING (-122.27 37.871, -122.269 37.871)\"\n" +
            "Cedar St,x,,2101,2199,\"LINESTRING (-122.27 37.871, -122.269 37.871)\"\n" +
            "Cedar St,,,,,\"POINT (-122.27 37.871)\"\n" +
            ",,,,,\"LINESTRING (-122.27 37.871, -122.269 37.871)\"\n" +
            "Vine St,2100.0,2198,,,\"MULTILINESTRING ((-122.27 37.872, -122.269 37.872))\"\n";

        var result = StreetSegmentReader.Read(new StringReader(csv));

        Assert.Equal(["CEDAR ST", "VINE ST"], result.Records.Select(r => r.Street.ToString()));
        Assert.Equal(2100, result.Records[1].LeftFrom);
        Assert.Null(result.Records[0].LeftFrom);
        Assert.Equal([3, 4, 5], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void FilesAreReadAsUtf8WithAByteOrderMark()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "points.csv"), "number,street,lat,lon,city\n1,Main St,37,-122,Peñasco\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = AddressPointReader.ReadFile(Path.Combine(folder.Path, "points.csv"));

        Assert.Empty(result.Errors);
        Assert.Equal("PEÑASCO", Assert.Single(result.Records).City);
    }

    [Theory]
    [InlineData(37.8697, -122.2719, 37.8697, -122.2719, 0)]
    [InlineData(0, 0, 0, 1, 111_195)]
    [InlineData(37.87, -122.27, 37.88, -122.27, 1_112)]
    [InlineData(40.7127, -74.0059, 34.0537, -118.2427, 3_936_000)]
    public void HaversineDistancesAreInMetres(double lat1, double lon1, double lat2, double lon2, double metres)
    {
        Assert.Equal(metres, GeoDistance.Metres(lat1, lon1, lat2, lon2), metres * 0.002 + 1);
    }
}
