using Pipeline.Contracts;
using Pipeline.Dedup.Linking;
using static Pipeline.Dedup.Tests.Linking.LinkingTestReports;

namespace Pipeline.Dedup.Tests.Linking;

public sealed class DedupWindowTests
{
    [Fact]
    public void DuplicateCadCallAndSarAreLinkedWithTheirFeatures()
    {
        var window = new DedupWindow(FellegiSunterModel.Default);
        var cad = Make("C-1", subjects: ["M 30S RED JACKET BLUE PANTS"], vehicles: ["BLUE HONDA CIVIC LIC ABC1234"]);
        Assert.Empty(window.FindLinksAndAdd(cad));
        var sar = Make("S-1", feed: "sar-portal", kind: ReportKind.Sar, offset: TimeSpan.FromMinutes(5),
            narrative: "Security staff noticed a man in his 30s wearing a red jacket photographing the power substation with a tripod.",
            subjects: ["male, 30s, red jacket, blue pants"], vehicles: ["blue Honda Civic, plate ABC-1234"]);
        var decision = Assert.Single(window.FindLinks(sar));
        Assert.Equal(cad.IdempotencyKey, decision.OtherKey);
        Assert.Equal(LinkBand.Link, decision.Band);
        Assert.Equal(LinkFeatures.Count, decision.Features.Count);
        Assert.Equal(decision.Weight, decision.Features.Sum(f => f.Weight), 9);
        Assert.Contains(decision.Features, f => f is { Feature: LinkFeature.Plates, Level: "Exact", Agreement: FeatureAgreement.Agreed });
    }

    [Fact]
    public void NeighbouringCellIsSearchedAndAFarCellIsNot()
    {
        var window = new DedupWindow(FellegiSunterModel.Default, new DedupWindowOptions { IncludeNoLink = true });
        var cellEdge = (Math.Floor(29.95 / GeoCells.FineCellDegrees) + 1) * GeoCells.FineCellDegrees;
        window.Add(Make("A", latitude: cellEdge - 0.0001));
        window.Add(Make("FAR", latitude: cellEdge + (3 * GeoCells.FineCellDegrees)));
        var decisions = window.FindLinks(Make("B", feed: "cad-2", latitude: cellEdge + 0.0001));
        Assert.Equal(["cad-city:A"], decisions.Select(d => d.OtherKey));
    }

    [Fact]
    public void CandidatesOutsideTheNearGapAreNotComparedUnlessAllOffsetsAreSearched()
    {
        var near = new DedupWindow(FellegiSunterModel.Default.WithClockOffsets(FeedClockOffsets.None), new DedupWindowOptions { IncludeNoLink = true });
        var all = new DedupWindow(FellegiSunterModel.Default.WithClockOffsets(FeedClockOffsets.None), new DedupWindowOptions { IncludeNoLink = true, SearchAllClockOffsets = true });
        near.Add(Make("A"));
        all.Add(Make("A"));
        Assert.Single(near.FindLinks(Make("B", feed: "cad-2", offset: TimeSpan.FromMinutes(50))));
        Assert.Empty(near.FindLinks(Make("C", feed: "cad-2", offset: TimeSpan.FromHours(11))));
        Assert.Single(all.FindLinks(Make("C", feed: "cad-2", offset: TimeSpan.FromHours(11))));
        Assert.Empty(all.FindLinks(Make("D", feed: "cad-2", offset: TimeSpan.FromHours(13))));
    }

    [Fact]
    public void ReportFromAFeedWithAKnownClockOffsetIsFoundAtTheShiftedTime()
    {
        var model = FellegiSunterModel.Default.WithClockOffsets(new FeedClockOffsets([new FeedClockOffset("cad-city", "cad-parish", 6, 100)]));
        var window = new DedupWindow(model);
        window.Add(Make("A"));
        var decision = Assert.Single(window.FindLinks(Make("B", feed: "cad-parish", offset: TimeSpan.FromMinutes(-6 * 60 + 3))));
        Assert.Contains(decision.Features, f => f is { Feature: LinkFeature.TimeGap, Level: "Under15Minutes" });
        Assert.Equal(LinkBand.Link, decision.Band);
    }

    [Fact]
    public void ReportsOlderThanTheWindowAreEvicted()
    {
        var window = new DedupWindow(FellegiSunterModel.Default, new DedupWindowOptions { Window = TimeSpan.FromHours(72), SlotLength = TimeSpan.FromHours(6) });
        Assert.True(window.Add(Make("A")));
        Assert.True(window.Add(Make("B", offset: TimeSpan.FromHours(1))));
        Assert.Equal(2, window.Count);
        Assert.True(window.Add(Make("C", offset: TimeSpan.FromHours(90))));
        Assert.Equal(1, window.Count);
        Assert.False(window.Add(Make("LATE", offset: TimeSpan.FromHours(10)) with { ReceivedAt = At + TimeSpan.FromHours(91) }));
        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void ReportsWithoutCoordinatesAreBlockedOnlyWithEachOther()
    {
        var window = new DedupWindow(FellegiSunterModel.Default, new DedupWindowOptions { IncludeNoLink = true });
        window.Add(Make("located"));
        window.Add(Make("nowhere", latitude: null, longitude: null));
        var decisions = window.FindLinks(Make("other", feed: "cad-2", latitude: null, longitude: null));
        Assert.Equal(["cad-city:nowhere"], decisions.Select(d => d.OtherKey));
    }

    [Fact]
    public void TheSameReportIsNotLinkedToItself()
    {
        var window = new DedupWindow(FellegiSunterModel.Default, new DedupWindowOptions { IncludeNoLink = true });
        var report = Make("A");
        window.Add(report);
        Assert.Empty(window.FindLinks(report));
    }

    [Fact]
    public void FineCellsNestInsideThePartitionCoarseCell()
    {
        foreach (var (latitude, longitude) in new[] { (29.95, -90.07), (47.61, -122.33), (-33.87, 151.21), (0.0001, -0.0001) })
        {
            var cell = GeoCells.FineCell(latitude, longitude);
            var (row, column) = GeoCells.CoarseCellOf(cell);
            var key = PartitionKeys.For(Make("x", latitude: latitude, longitude: longitude));
            Assert.Equal($"cell:{row}:{column}", key);
        }
        Span<long> cells = stackalloc long[9];
        GeoCells.WithNeighbours(GeoCells.FineCell(29.95, -90.07), cells);
        Assert.Equal(9, cells.ToArray().Distinct().Count());
        Assert.True(GeoCells.TouchesCoarseBorder(GeoCells.Pack(64, 70)));
        Assert.False(GeoCells.TouchesCoarseBorder(GeoCells.Pack(65, 70)));
    }
}
