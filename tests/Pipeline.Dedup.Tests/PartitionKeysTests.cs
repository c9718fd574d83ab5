using System.Text;

namespace Pipeline.Dedup.Tests;

public sealed class PartitionKeysTests
{
    [Fact]
    public void SameCoordinatesGiveTheSameKey()
    {
        var first = TestReports.Cad("demo-cad:C-1", 47.6101, -122.3375);
        var second = TestReports.Cad("demo-sar:S-9", 47.6101, -122.3375);

        Assert.Equal(PartitionKeys.For(first), PartitionKeys.For(second));
    }

    [Theory]
    [InlineData(47.6101, -122.3375, "cell:190:-490")]
    [InlineData(47.5, -122.5, "cell:190:-490")]
    [InlineData(47.7499, -122.2501, "cell:190:-490")]
    [InlineData(-33.8688, 151.2093, "cell:-136:604")]
    [InlineData(0.1, 0.1, "cell:0:0")]
    [InlineData(-0.1, -0.1, "cell:-1:-1")]
    [InlineData(-0.25, -0.25, "cell:-1:-1")]
    [InlineData(-0.2501, 0.25, "cell:-2:1")]
    [InlineData(90, 180, "cell:360:720")]
    [InlineData(-90, -180, "cell:-360:-720")]
    public void KeyIsTheQuarterDegreeCellFlooredTowardsNegativeInfinity(double latitude, double longitude, string expected)
    {
        Assert.Equal(expected, PartitionKeys.For(TestReports.Cad(latitude: latitude, longitude: longitude)));
    }

    [Fact]
    public void CoordinatesWithinOneCellShareAKey()
    {
        var southWest = TestReports.Cad(latitude: 47.5001, longitude: -122.4999);
        var northEast = TestReports.Cad(latitude: 47.7499, longitude: -122.2501);

        Assert.Equal(PartitionKeys.For(southWest), PartitionKeys.For(northEast));
    }

    [Theory]
    [InlineData(47.7499, -122.3, 47.75, -122.3)]
    [InlineData(47.6, -122.2501, 47.6, -122.25)]
    [InlineData(-0.0001, 10.1, 0.0001, 10.1)]
    [InlineData(10.1, -0.0001, 10.1, 0.0001)]
    public void CoordinatesAcrossACellEdgeGetDifferentKeys(double latitudeA, double longitudeA, double latitudeB, double longitudeB)
    {
        var a = TestReports.Cad(latitude: latitudeA, longitude: longitudeA);
        var b = TestReports.Cad(latitude: latitudeB, longitude: longitudeB);

        Assert.NotEqual(PartitionKeys.For(a), PartitionKeys.For(b));
    }

    [Fact]
    public void ReportWithoutCoordinatesIsKeyedByItsIdempotencyKey()
    {
        var report = TestReports.Cad("demo-cad:2026-000045678", latitude: null, longitude: null);

        Assert.Equal("key:demo-cad:2026-000045678", PartitionKeys.For(report));
    }

    [Fact]
    public void Utf8KeyIsTheUtf8OfTheKey()
    {
        var report = TestReports.Cad(latitude: -33.8688, longitude: 151.2093);

        Assert.Equal(Encoding.UTF8.GetBytes("cell:-136:604"), PartitionKeys.Utf8For(report));
    }
}
