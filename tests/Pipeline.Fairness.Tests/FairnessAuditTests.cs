using System.Diagnostics;

namespace Pipeline.Fairness.Tests;

public sealed class FairnessAuditTests
{
    private static readonly FairnessOptions Fast = new() { BootstrapSamples = 200, Seed = 7 };

    [Fact]
    public void TwoGroupTableGivesTheHandComputedRates()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), Fast);

        var a = result.Group("race=A");
        var b = result.Group("race=B");
        Assert.Equal((100, 20, 10, 5, 65), (a.Size, a.TruePositives, a.FalsePositives, a.FalseNegatives, a.TrueNegatives));
        Assert.Equal((50, 10, 15, 10, 15), (b.Size, b.TruePositives, b.FalsePositives, b.FalseNegatives, b.TrueNegatives));
        Assert.Equal(0.8, a.TruePositiveRate.Value, 12);
        Assert.Equal(10.0 / 75, a.FalsePositiveRate.Value, 12);
        Assert.Equal(20.0 / 30, a.Precision.Value, 12);
        Assert.Equal(0.3, a.SelectionRate.Value, 12);
        Assert.Equal(30.0 / 55, a.ShareOfFlags.Value, 12);
        Assert.Equal(0.25, a.Prevalence.Value, 12);
        Assert.Equal(0.5, b.TruePositiveRate.Value, 12);
        Assert.Equal(0.5, b.FalsePositiveRate.Value, 12);
        Assert.Equal(0.4, b.Precision.Value, 12);
        Assert.Equal(0.5, b.SelectionRate.Value, 12);
        Assert.Equal(25.0 / 55, b.ShareOfFlags.Value, 12);
        Assert.Equal(0.5, b.FalseNegativeRate.Value, 12);
        Assert.Equal(0.5, b.TrueNegativeRate.Value, 12);
        Assert.Equal(0.6, b.FalseDiscoveryRate.Value, 12);
        Assert.Equal(0.4, b.FalseOmissionRate.Value, 12);
        Assert.Equal(0.6, b.NegativePredictiveValue.Value, 12);
    }

    [Fact]
    public void TwoGroupTableGivesTheHandComputedRatiosToTheLargestGroup()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), Fast);

        Assert.Equal(0.625, Ratio(result, "race=B", FairnessMetric.TruePositiveRate), 12);
        Assert.Equal(3.75, Ratio(result, "race=B", FairnessMetric.FalsePositiveRate), 12);
        Assert.Equal(0.6, Ratio(result, "race=B", FairnessMetric.Precision), 12);
        Assert.Equal(0.5 / 0.3, Ratio(result, "race=B", FairnessMetric.SelectionRate), 12);
        Assert.Equal(25.0 / 30, Ratio(result, "race=B", FairnessMetric.ShareOfFlags), 12);
        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Verdict);
        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.TruePositiveRate).Verdict);
        Assert.Equal(DisparityVerdict.Pass, result.DisparityOf("race=B", FairnessMetric.ShareOfFlags).Verdict);
        var own = result.DisparityOf("race=A", FairnessMetric.FalsePositiveRate);
        Assert.Equal(("race=A", 1.0, DisparityVerdict.Pass), (own.Reference, own.Ratio, own.Verdict));
        Assert.Null(own.Reason);
    }

    [Fact]
    public void LowestMetricReferenceIsChosenPerMetric()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions { BootstrapSamples = 0, Reference = ReferenceGroup.LowestMetric });

        Assert.Equal("race=A", result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Reference);
        Assert.Equal("race=B", result.DisparityOf("race=A", FairnessMetric.TruePositiveRate).Reference);
        Assert.Equal(0.8 / 0.5, Ratio(result, "race=A", FairnessMetric.TruePositiveRate), 12);
    }

    [Fact]
    public void NamedReferenceIsUsedForEveryMetricAndByValueOrLabel()
    {
        var byValue = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions { BootstrapSamples = 0, Reference = ReferenceGroup.Named("B") });
        var byLabel = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions
        {
            BootstrapSamples = 0,
            ReferenceByAttribute = new Dictionary<string, ReferenceGroup> { ["race"] = ReferenceGroup.Named("race=B") },
        });

        Assert.All(byValue.Disparities, d => Assert.Equal("race=B", d.Reference));
        Assert.All(byLabel.Disparities, d => Assert.Equal("race=B", d.Reference));
        Assert.Equal(1 / 3.75, Ratio(byValue, "race=A", FairnessMetric.FalsePositiveRate), 12);
    }

    [Fact]
    public void MissingNamedReferenceMakesEveryDisparityInsufficientWithAReason()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions { BootstrapSamples = 0, Reference = ReferenceGroup.Named("Z") });

        Assert.All(result.Disparities, d =>
        {
            Assert.Equal(DisparityVerdict.Insufficient, d.Verdict);
            Assert.True(double.IsNaN(d.Ratio));
            Assert.Contains("not present", d.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void LargestReferenceFollowsGroupSizeNotOrder()
    {
        List<AuditRow> rows = [.. AuditRows.Race("A", 5, 5, 5, 25), .. AuditRows.Race("C", 10, 10, 10, 50), .. AuditRows.Race("B", 5, 5, 5, 30)];

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0 });

        Assert.All(result.Disparities, d => Assert.Equal("race=C", d.Reference));
    }

    [Fact]
    public void ZeroDenominatorGivesUndefinedRateAndInsufficientDisparityWithAReason()
    {
        // race=U has 40 rows, none labelled: selection is defined, TPR is not.
        List<AuditRow> rows = [.. AuditRows.TwoGroups(), .. AuditRows.Race("U", 0, 0, 0, 0, unlabelled: 40)];

        var result = FairnessAudit.Compute(rows, Fast);

        var u = result.Group("race=U");
        Assert.Equal(40, u.Size);
        Assert.False(u.Insufficient);
        Assert.False(u.TruePositiveRate.IsDefined);
        Assert.True(double.IsNaN(u.TruePositiveRate.Value));
        Assert.Equal(0.0, u.SelectionRate.Value);
        var tpr = result.DisparityOf("race=U", FairnessMetric.TruePositiveRate);
        Assert.True(double.IsNaN(tpr.Ratio));
        Assert.Equal(DisparityVerdict.Insufficient, tpr.Verdict);
        Assert.Contains("undefined", tpr.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroReferenceRateGivesAnUndefinedRatioWithAReason()
    {
        // No false positives anywhere in A, the reference: FPR ratios cannot be formed.
        List<AuditRow> rows = [.. AuditRows.Race("A", 20, 0, 5, 75), .. AuditRows.Race("B", 10, 15, 10, 15)];

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0 });

        var fpr = result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate);
        Assert.True(double.IsNaN(fpr.Ratio));
        Assert.Equal(DisparityVerdict.Insufficient, fpr.Verdict);
        Assert.Contains("is 0", fpr.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TinyGroupIsInsufficientEvenWhenItsRatioIsInsideTheBand()
    {
        // race=T has the same rates as race=A but only 10 rows.
        List<AuditRow> rows = [.. AuditRows.TwoGroups(), .. AuditRows.Race("T", 2, 1, 1, 6)];

        var result = FairnessAudit.Compute(rows, Fast);

        Assert.True(result.Group("race=T").Insufficient);
        Assert.False(result.Group("race=A").Insufficient);
        var fpr = result.DisparityOf("race=T", FairnessMetric.SelectionRate);
        Assert.Equal(1.0, fpr.Ratio, 12);
        Assert.Equal(DisparityVerdict.Insufficient, fpr.Verdict);
        Assert.Contains("below the minimum 30", fpr.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SufficientGroupComparedWithATinyReferenceIsInsufficient()
    {
        List<AuditRow> rows = [.. AuditRows.TwoGroups(), .. AuditRows.Race("T", 2, 1, 1, 6)];

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0, Reference = ReferenceGroup.Named("T") });

        var d = result.DisparityOf("race=A", FairnessMetric.SelectionRate);
        Assert.Equal(DisparityVerdict.Insufficient, d.Verdict);
        Assert.StartsWith("reference size 10", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IntersectionsOfAttributePairsAppearUnlessTurnedOff()
    {
        var female = new Dictionary<string, string> { ["race"] = "A", ["sex"] = "F" };
        var male = new Dictionary<string, string> { ["race"] = "A", ["sex"] = "M" };
        List<AuditRow> rows = [.. AuditRows.Table(female, 5, 5, 5, 25), .. AuditRows.Table(male, 10, 2, 3, 35)];

        var with = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0 });
        var without = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0, IncludeIntersections = false });

        var af = with.Group("race=A & sex=F");
        Assert.Equal(("race & sex", "A & F", 40L), (af.Attribute, af.Value, af.Size));
        Assert.Equal(90, with.Group("race=A").Size);
        Assert.Equal("race=A & sex=M", with.DisparityOf("race=A & sex=F", FairnessMetric.FalsePositiveRate).Reference);
        Assert.DoesNotContain(without.Groups, g => g.Attribute.Contains('&', StringComparison.Ordinal));
        Assert.Equal(["race=A", "sex=F", "sex=M"], without.Groups.Select(g => g.Label));
    }

    [Fact]
    public void BootstrapIsDeterministicForASeedAndItsIntervalContainsTheClearRatio()
    {
        var options = new FairnessOptions { BootstrapSamples = 500, Seed = 42 };

        var first = FairnessAudit.Compute(AuditRows.TwoGroups(), options);
        var second = FairnessAudit.Compute(AuditRows.TwoGroups(), options);
        var other = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions { BootstrapSamples = 500, Seed = 43 });

        Assert.Equal(first.Disparities, second.Disparities);
        var fpr = first.DisparityOf("race=B", FairnessMetric.FalsePositiveRate);
        Assert.NotEqual(fpr.Lower, other.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Lower);
        Assert.InRange(fpr.Ratio, fpr.Lower, fpr.Upper);
        Assert.True(fpr.Lower > 1.25, "FPR 0.5 against 0.133 should fail clearly: lower bound " + fpr.Lower);
        Assert.True(fpr.Upper > fpr.Lower);
    }

    [Fact]
    public void BootstrapOffLeavesIntervalsUndefined()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), new FairnessOptions { BootstrapSamples = 0 });

        Assert.All(result.Disparities, d => Assert.True(double.IsNaN(d.Lower) && double.IsNaN(d.Upper)));
    }

    [Fact]
    public void HundredThousandRowsWithThreeAttributesAreAuditedWithConsistentCounts()
    {
        var random = new Random(1);
        string[] races = ["A", "B", "C", "D"];
        string[] sexes = ["F", "M"];
        string[] ages = ["<25", "25-45", ">45"];
        var rows = new List<AuditRow>(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            var groups = new Dictionary<string, string>
            {
                ["race"] = races[random.Next(races.Length)],
                ["sex"] = sexes[random.Next(sexes.Length)],
                ["age"] = ages[random.Next(ages.Length)],
            };
            var label = random.NextDouble() < 0.3;
            var flagged = random.NextDouble() < (label ? 0.7 : 0.1);
            rows.Add(new AuditRow(groups, flagged, i % 10 == 0 ? null : label, null));
        }

        var watch = Stopwatch.StartNew();
        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 1000, Seed = 1 });
        watch.Stop();
        TestContext.Current.SendDiagnosticMessage("100k rows, 3 attributes, 1000 samples: {0} ms", watch.ElapsedMilliseconds);

        Assert.Equal(100_000, result.Groups.Where(g => g.Attribute == "race").Sum(g => g.Size));
        Assert.Equal(100_000, result.Groups.Where(g => g.Attribute == "race & sex").Sum(g => g.Size));
        Assert.Equal(4 + 2 + 3 + 8 + 12 + 6, result.Groups.Count);
        Assert.All(
            result.Disparities.Where(d => d.Metric == FairnessMetric.FalsePositiveRate),
            d => Assert.InRange(d.Ratio, d.Lower, d.Upper));
    }

    private static double Ratio(AuditResult result, string label, FairnessMetric metric) =>
        result.DisparityOf(label, metric).Ratio;
}
