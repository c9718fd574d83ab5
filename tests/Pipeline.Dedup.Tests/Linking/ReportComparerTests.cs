using Pipeline.Contracts;
using Pipeline.Dedup.Linking;
using static Pipeline.Dedup.Tests.Linking.LinkingTestReports;

namespace Pipeline.Dedup.Tests.Linking;

public sealed class ReportComparerTests
{
    private const double MetersPerDegreeLatitude = 111_195;

    [Theory]
    [InlineData(10, DistanceLevel.Under50Meters)]
    [InlineData(120, DistanceLevel.Under250Meters)]
    [InlineData(600, DistanceLevel.Under1Kilometer)]
    [InlineData(3000, DistanceLevel.Farther)]
    public void DistanceLevelFollowsMetersApart(double meters, DistanceLevel expected)
    {
        var a = Make("1");
        var b = Make("2", latitude: 29.95 + (meters / MetersPerDegreeLatitude));
        Assert.Equal(expected, ReportComparer.Compare(a, b).Distance);
    }

    [Fact]
    public void DistanceIsUnknownWithoutCoordinates() =>
        Assert.Equal(DistanceLevel.Unknown, ReportComparer.Compare(Make("1"), Make("2", latitude: null, longitude: null)).Distance);

    [Theory]
    [InlineData(5, "sar-portal", TimeGapLevel.Under15Minutes)]
    [InlineData(40, "sar-portal", TimeGapLevel.Under1Hour)]
    [InlineData(363, "sar-portal", TimeGapLevel.WholeHourOffset)]
    [InlineData(-423, "sar-portal", TimeGapLevel.WholeHourOffset)]
    [InlineData(363, "cad-city", TimeGapLevel.Farther)]
    [InlineData(150, "sar-portal", TimeGapLevel.Under6Hours)]
    [InlineData(150 + 30, "sar-portal", TimeGapLevel.WholeHourOffset)]
    [InlineData(900, "sar-portal", TimeGapLevel.Farther)]
    public void TimeGapLevelsIncludeWholeHourOffsetsBetweenFeeds(int minutes, string otherFeed, TimeGapLevel expected)
    {
        var a = Make("1");
        var b = Make("2", feed: otherFeed, offset: TimeSpan.FromMinutes(minutes));
        Assert.Equal(expected, ReportComparer.Compare(a, b).TimeGap);
    }

    [Fact]
    public void KnownFeedClockOffsetIsCorrectedBeforeGrading()
    {
        var offsets = new FeedClockOffsets([new FeedClockOffset("cad-parish", "cad-city", -6, 100)]);
        var city = ReportSignature.Of(Make("1"));
        var parish = ReportSignature.Of(Make("2", feed: "cad-parish", offset: TimeSpan.FromMinutes(-6 * 60 + 4)));
        Assert.Equal(TimeGapLevel.Under15Minutes, ReportComparer.Compare(city, parish, offsets).TimeGap);
        Assert.Equal(TimeGapLevel.Under15Minutes, ReportComparer.Compare(parish, city, offsets).TimeGap);
        Assert.Equal(TimeGapLevel.WholeHourOffset, ReportComparer.Compare(city, parish).TimeGap);
    }

    [Fact]
    public void ParaphrasedNarrativeScoresAboveAnUnrelatedOne()
    {
        var cad = ReportSignature.Of(Make("1"));
        var sar = ReportSignature.Of(Make("2", kind: ReportKind.Sar, narrative:
            "Security staff noticed a man in his 30s wearing a red jacket photographing the power substation with a tripod. The person then walked away."));
        var other = ReportSignature.Of(Make("3", kind: ReportKind.Sar, narrative:
            "A witness described a woman climbing the fence of the rail yard while holding a ladder. No contact was made."));
        Assert.True(ReportComparer.NarrativeContainment(cad, sar) >= 0.6, $"containment {ReportComparer.NarrativeContainment(cad, sar)}");
        Assert.True(ReportComparer.NarrativeContainment(cad, other) < 0.15, $"containment {ReportComparer.NarrativeContainment(cad, other)}");
        Assert.Equal(NarrativeLevel.Unknown, ReportComparer.Compare(Make("4", narrative: ""), Make("5")).Narrative);
    }

    [Fact]
    public void IdenticalNarrativesHaveFullMinHashAgreement()
    {
        var a = ReportSignature.Of(Make("1"));
        var b = ReportSignature.Of(Make("2"));
        Assert.Equal(1.0, ReportComparer.NarrativeContainment(a, b), 6);
        Assert.Equal(NarrativeLevel.High, ReportComparer.Compare(a, b).Narrative);
    }

    [Theory]
    [InlineData("SUSPICIOUS PERSON", "SUSPICIOUS PERSON", CategoryLevel.SameCallType)]
    [InlineData("TRESPASS", "PROWLER", CategoryLevel.Compatible)]
    [InlineData("TRESPASS", "THREATS", CategoryLevel.Incompatible)]
    [InlineData("NOISE COMPLAINT", "THREATS", CategoryLevel.Unknown)]
    public void CallTypesAreComparedThroughBehaviorCategories(string first, string second, CategoryLevel expected) =>
        Assert.Equal(expected, ReportComparer.Compare(Make("1", callType: first, narrative: "x"), Make("2", callType: second, narrative: "x")).Category);

    [Fact]
    public void SarCategoryComesFromNarrativeKeywords()
    {
        var cad = Make("1", callType: "TRESPASS");
        var climbing = Make("2", kind: ReportKind.Sar, narrative: "A man was climbing the fence of the substation.");
        var drone = Make("3", kind: ReportKind.Sar, narrative: "A man was flying a drone over the substation.");
        Assert.Equal(CategoryLevel.Compatible, ReportComparer.Compare(cad, climbing).Category);
        Assert.Equal(CategoryLevel.Incompatible, ReportComparer.Compare(cad, drone).Category);
    }

    [Theory]
    [InlineData("BLUE HONDA CIVIC LIC ABC1234", "blue Honda Civic, plate ABC-1234", PlatesLevel.Exact)]
    [InlineData("BLUE HONDA CIVIC LIC ABC1234", "blue Honda Civic, plate ABC-1284", PlatesLevel.OneCharacterOff)]
    [InlineData("BLUE HONDA CIVIC LIC ABC1234", "blue Honda Civic, plate XYZ-9876", PlatesLevel.Disagree)]
    [InlineData("BLUE HONDA CIVIC", "blue Honda Civic, plate ABC-1234", PlatesLevel.Unknown)]
    public void PlatesAreNormalizedAndCompared(string first, string second, PlatesLevel expected) =>
        Assert.Equal(expected, ReportComparer.Compare(Make("1", vehicles: [first]), Make("2", vehicles: [second])).Plates);

    [Fact]
    public void SubjectDescriptorsAgreeOnlyWhenBothArePresentAndAlike()
    {
        var a = Make("1", subjects: ["M 30S RED JACKET BLUE PANTS"]);
        Assert.Equal(SubjectsLevel.Agree, ReportComparer.Compare(a, Make("2", subjects: ["male, 30s, red jacket, blue pants"])).Subjects);
        Assert.Equal(SubjectsLevel.Disagree, ReportComparer.Compare(a, Make("3", subjects: ["female, 60s, yellow windbreaker, tan skirt"])).Subjects);
        Assert.Equal(SubjectsLevel.Unknown, ReportComparer.Compare(a, Make("4")).Subjects);
    }
}
