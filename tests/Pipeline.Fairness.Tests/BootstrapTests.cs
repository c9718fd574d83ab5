namespace Pipeline.Fairness.Tests;

public sealed class BootstrapTests
{
    /// <summary>
    /// race=B flags 100 of 500 (rate 0.2), race=A 50 of 500 (rate 0.1): selection-rate ratio 2.0.
    /// Every group count is multiplied by <paramref name="scale"/>.
    /// </summary>
    private static List<AuditRow> RateTwoToOne(int scale) =>
        [.. AuditRows.Race("A", 30 * scale, 20 * scale, 70 * scale, 380 * scale), .. AuditRows.Race("B", 60 * scale, 40 * scale, 40 * scale, 360 * scale)];

    private static readonly FairnessOptions AgainstA = new() { BootstrapSamples = 2000, Seed = 5, Reference = ReferenceGroup.Named("A") };

    /// <summary>Katz's log interval for a ratio of two proportions, a/n1 over c/n2, at 95%.</summary>
    private static (double Lower, double Upper) Katz(double a, double n1, double c, double n2)
    {
        var ratio = a / n1 / (c / n2);
        var se = Math.Sqrt((1 / a) - (1 / n1) + (1 / c) - (1 / n2));
        return (ratio * Math.Exp(-RateInterval.Z95 * se), ratio * Math.Exp(RateInterval.Z95 * se));
    }

    [Fact]
    public void IntervalOfATwoToOneSelectionRatioBracketsTwoAndIsAsWideAsKatzsInterval()
    {
        var d = FairnessAudit.Compute(RateTwoToOne(1), AgainstA).DisparityOf("race=B", FairnessMetric.SelectionRate);
        var (katzLower, katzUpper) = Katz(100, 500, 50, 500);

        Assert.Equal(2.0, d.Ratio, 12);
        Assert.InRange(2.0, d.Lower, d.Upper);
        // Katz gives about 1.46 to 2.74; the percentile bootstrap should land close to it.
        Assert.InRange(d.Lower, katzLower - 0.15, katzLower + 0.15);
        Assert.InRange(d.Upper, katzUpper - 0.3, katzUpper + 0.3);
        Assert.InRange((d.Upper - d.Lower) / (katzUpper - katzLower), 0.75, 1.33);
    }

    [Fact]
    public void IntervalNarrowsAsTheSampleGrows()
    {
        var small = FairnessAudit.Compute(RateTwoToOne(1), AgainstA).DisparityOf("race=B", FairnessMetric.SelectionRate);
        var large = FairnessAudit.Compute(RateTwoToOne(10), AgainstA).DisparityOf("race=B", FairnessMetric.SelectionRate);

        Assert.InRange(2.0, large.Lower, large.Upper);
        // Ten times the rows: about 1/sqrt(10) = 0.32 of the width.
        Assert.InRange((large.Upper - large.Lower) / (small.Upper - small.Lower), 0.2, 0.45);
    }

    [Fact]
    public void ResultsAreTheSameOnOneThreadOrManyAndChangeWithTheSeed()
    {
        var rows = ThreeAttributesWithGaps();
        var options = new FairnessOptions { BootstrapSamples = 300, Seed = 9 };

        var one = FairnessAudit.ComputeOnThreads(rows, options, maxDegreeOfParallelism: 1);
        var two = FairnessAudit.ComputeOnThreads(rows, options, maxDegreeOfParallelism: 2);
        var many = FairnessAudit.ComputeOnThreads(rows, options, maxDegreeOfParallelism: 16);
        var reseeded = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 300, Seed = 10 });

        Assert.Equal(one.Disparities, two.Disparities);
        Assert.Equal(one.Disparities, many.Disparities);
        Assert.Equal(one.Disparities, FairnessAudit.Compute(rows, options).Disparities);
        Assert.Contains(one.Disparities, d => double.IsFinite(d.Lower));
        Assert.NotEqual(
            one.Disparities.Select(d => d.Lower).Where(double.IsFinite),
            reseeded.Disparities.Select(d => d.Lower).Where(double.IsFinite));
    }

    [Fact]
    public void GroupsMissingAnAttributeAndIntersectionsGetIntervalsAroundTheirRatio()
    {
        var result = FairnessAudit.Compute(ThreeAttributesWithGaps(), new FairnessOptions { BootstrapSamples = 400, Seed = 2 });

        // Rows without sex are counted for race but not for sex or race & sex.
        Assert.Equal(3000, result.Groups.Where(g => g.Attribute == "race").Sum(g => g.Size));
        Assert.Equal(2700, result.Groups.Where(g => g.Attribute == "sex").Sum(g => g.Size));
        Assert.Equal(2700, result.Groups.Where(g => g.Attribute == "race & sex").Sum(g => g.Size));
        var judged = result.Disparities.Where(d => d.Verdict != DisparityVerdict.Insufficient && d.Group != d.Reference).ToList();
        Assert.NotEmpty(judged);
        Assert.All(judged, d =>
        {
            Assert.True(double.IsFinite(d.Lower) && double.IsFinite(d.Upper), d.Group + " " + d.Metric);
            Assert.InRange(d.Ratio, d.Lower * 0.95, d.Upper * 1.05);
        });
        // The reference's ratio to itself is 1 in every resample.
        var own = result.DisparityOf("race=W", FairnessMetric.FalsePositiveRate);
        Assert.Equal((1.0, 1.0, 1.0), (own.Ratio, own.Lower, own.Upper));
    }

    [Fact]
    public void UndefinedRatiosGetUndefinedBoundsNotAnError()
    {
        // race=U has no labelled rows (TPR undefined everywhere); race=A, the reference, has no
        // false positives (FPR ratios undefined in every resample); race=T has 2 rows and is
        // missing from many resamples.
        List<AuditRow> rows =
        [
            .. AuditRows.Race("A", 200, 0, 50, 750),
            .. AuditRows.Race("B", 40, 30, 20, 110),
            .. AuditRows.Race("U", 0, 0, 0, 0, unlabelled: 60),
            .. AuditRows.Race("T", 1, 1, 0, 0),
        ];

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 500, Seed = 4 });

        var tpr = result.DisparityOf("race=U", FairnessMetric.TruePositiveRate);
        Assert.True(double.IsNaN(tpr.Lower) && double.IsNaN(tpr.Upper));
        var fpr = result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate);
        Assert.True(double.IsNaN(fpr.Ratio) && double.IsNaN(fpr.Lower) && double.IsNaN(fpr.Upper));
        var tiny = result.DisparityOf("race=T", FairnessMetric.SelectionRate);
        Assert.Equal(DisparityVerdict.Insufficient, tiny.Verdict);
        Assert.True(tiny.Lower <= tiny.Upper);
        var selection = result.DisparityOf("race=B", FairnessMetric.SelectionRate);
        Assert.InRange(selection.Ratio, selection.Lower, selection.Upper);
    }

    [Fact]
    public void NoSamplesMeansNoBoundsForAnyGrouping()
    {
        var result = FairnessAudit.Compute(ThreeAttributesWithGaps(), new FairnessOptions { BootstrapSamples = 0 });

        Assert.Contains(result.Disparities, d => d.Attribute == "race & sex");
        Assert.All(result.Disparities, d => Assert.True(double.IsNaN(d.Lower) && double.IsNaN(d.Upper)));
    }

    [Fact]
    public void NoRowsGiveAnEmptyAudit()
    {
        var result = FairnessAudit.Compute([], new FairnessOptions { BootstrapSamples = 100, Attributes = ["race"] });

        Assert.Empty(result.Groups);
        Assert.Empty(result.Disparities);
    }

    [Fact]
    public void GroupsWithTheSameLabelStayApartInOrderOfAppearance()
    {
        // "A & sex=B" + "C" and "A" + "B & sex=C" give the same label but are different groups.
        List<AuditRow> rows =
        [
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "A & sex=B", ["sex"] = "C" }, 10, 5, 5, 20),
            .. AuditRows.Table(new Dictionary<string, string> { ["race"] = "A", ["sex"] = "B & sex=C" }, 5, 10, 5, 20),
        ];

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 50 });

        var pairs = result.Groups.Where(g => g.Attribute == "race & sex").ToList();
        Assert.Equal(2, pairs.Count);
        Assert.Equal([10L, 5L], pairs.Select(g => g.TruePositives));
    }

    /// <summary>
    /// 3,000 rows: race W (1,800), B (900), A (300) with B flagged more often; sex F or M, missing on
    /// every tenth row; religion X or Y.
    /// </summary>
    private static List<AuditRow> ThreeAttributesWithGaps()
    {
        var random = new Random(17);
        var rows = new List<AuditRow>(3000);
        for (var i = 0; i < 3000; i++)
        {
            var race = i % 10 < 6 ? "W" : i % 10 < 9 ? "B" : "A";
            var groups = new Dictionary<string, string> { ["race"] = race, ["religion"] = i % 7 == 0 ? "Y" : "X" };
            if (i % 10 != 3)
            {
                groups["sex"] = i % 2 == 0 ? "F" : "M";
            }

            var label = random.NextDouble() < 0.3;
            var flagged = random.NextDouble() < (label ? 0.7 : race == "B" ? 0.25 : 0.1);
            rows.Add(new AuditRow(groups, flagged, label, null));
        }

        return rows;
    }
}
