namespace Pipeline.Fairness.Tests;

public sealed class CalibrationByGroupTests
{
    private static readonly FairnessOptions NoBootstrap = Bins(10);

    private static FairnessOptions Bins(int count) => new() { BootstrapSamples = 0, IncludeIntersections = false, CalibrationBins = count };

    [Fact]
    public void TwentyDistinctScoresFallTwoPerDecileWithTheHandComputedMeansRatesAndEce()
    {
        // Scores s_i = (i + 0.5) / 20 for i = 0..19; rows i >= 10 are positive.
        // n = 20, B = 10: the lower edge of bin b is s[⌊b·20/10⌋] = s[2b], so bin b holds rows 2b, 2b+1,
        // its mean score is (s[2b] + s[2b+1]) / 2 = (2b + 1) / 20, observed 0 for b < 5 and 1 for b >= 5.
        // |mean − observed|: 0.05, 0.15, 0.25, 0.35, 0.45, 0.45, 0.35, 0.25, 0.15, 0.05 (sum 2.5);
        // every bin weighs 2/20, so ECE = 2.5 / 10 = 0.25.
        var rows = Enumerable.Range(0, 20).Select(i => AuditRows.Scored("A", (i + 0.5) / 20, i >= 10)).ToList();

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        var a = Assert.Single(result.Calibration);
        Assert.Equal(("race", "race=A"), (a.Attribute, a.Group));
        Assert.Equal(10, a.Bins.Count);
        Assert.Equal(0.25, a.ExpectedCalibrationError, 12);
        for (var b = 0; b < 10; b++)
        {
            var bin = a.Bins[b];
            Assert.Equal(b, bin.Bin);
            Assert.Equal(((2 * b) + 0.5) / 20, bin.ScoreLower, 12);
            Assert.Equal(b == 9 ? 0.975 : ((2 * b) + 2.5) / 20, bin.ScoreUpper, 12);
            Assert.Equal(((2 * b) + 1) / 20.0, bin.MeanScore, 12);
            Assert.Equal((b >= 5 ? 2L : 0L, 2L), (bin.ObservedRate.Numerator, bin.ObservedRate.Denominator));
        }

        Assert.Equal(RateInterval.Wilson(2, 2), a.Bins[9].ObservedRate);
    }

    [Fact]
    public void GroupWithNoRowsInABinHasAnUndefinedRateThereNotZero()
    {
        // Two bins. All scores sorted: 0.2, 0.2, 0.8, 0.8, 0.8, 0.8; the edge is s[⌊1·6/2⌋] = s[3] = 0.8,
        // so bin 0 = [0.2, 0.8) and bin 1 = [0.8, 0.8]. B has no row in bin 0.
        // A: bin 0 observed 1/2 vs mean 0.2 (0.3), bin 1 observed 2/2 vs 0.8 (0.2): ECE (2·0.3 + 2·0.2) / 4 = 0.25.
        // B: bin 1 observed 1/2 vs 0.8: ECE 0.3, from its one non-empty bin only.
        List<AuditRow> rows =
        [
            AuditRows.Scored("A", 0.2, false), AuditRows.Scored("A", 0.2, true),
            AuditRows.Scored("A", 0.8, true), AuditRows.Scored("A", 0.8, true),
            AuditRows.Scored("B", 0.8, true), AuditRows.Scored("B", 0.8, false),
        ];

        var result = FairnessAudit.Compute(rows, Bins(2));

        var b = result.Calibration.Single(c => c.Group == "race=B");
        var empty = b.Bins[0];
        Assert.False(empty.ObservedRate.IsDefined);
        Assert.Equal(0, empty.ObservedRate.Denominator);
        Assert.True(double.IsNaN(empty.ObservedRate.Value));
        Assert.True(double.IsNaN(empty.MeanScore));
        Assert.Equal((0.2, 0.8), (empty.ScoreLower, empty.ScoreUpper));
        Assert.Equal(0.5, b.Bins[1].ObservedRate.Value, 12);
        Assert.Equal(0.3, b.ExpectedCalibrationError, 12);
        Assert.Equal(0.25, result.Calibration.Single(c => c.Group == "race=A").ExpectedCalibrationError, 12);
    }

    [Fact]
    public void EqualScoresAlwaysShareABinSoFewDistinctScoresGiveFewerBins()
    {
        // 15 rows at 0.5 and 5 at 0.9; decile candidates s[2], s[4], ..., s[14] are 0.5 (the lowest
        // score: no new bin) and s[16], s[18] are 0.9 (one edge). Two bins: 15 rows and 5 rows.
        List<AuditRow> rows = [.. AuditRows.Scored("A", 0.5, 15, 6), .. AuditRows.Scored("A", 0.9, 5, 4)];

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        var a = Assert.Single(result.Calibration);
        Assert.Equal([15L, 5L], a.Bins.Select(b => b.ObservedRate.Denominator));
        Assert.Equal([0.5, 0.9], a.Bins.Select(b => b.ScoreLower));
        Assert.Equal([6L, 4L], a.Bins.Select(b => b.ObservedRate.Numerator));
    }

    [Fact]
    public void EveryCalibratedRowLandsInExactlyOneBinWhateverTheTies()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 997)
            .Select(_ => AuditRows.Scored(random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(37) / 36.0, random.Next(2) == 0))
            .ToList();

        var result = FairnessAudit.Compute(rows, Bins(7));

        Assert.Equal(997, result.Calibration.Sum(c => c.Bins.Sum(b => b.ObservedRate.Denominator)));
        foreach (var c in result.Calibration)
        {
            var inGroup = rows.Where(r => "race=" + r.Groups["race"] == c.Group).ToList();
            foreach (var bin in c.Bins.Where(b => b.ObservedRate.IsDefined))
            {
                var last = bin.Bin == c.Bins.Count - 1;
                var expected = inGroup.Count(r => r.Score >= bin.ScoreLower && (last ? r.Score <= bin.ScoreUpper : r.Score < bin.ScoreUpper));
                Assert.Equal(expected, bin.ObservedRate.Denominator);
            }
        }
    }

    [Fact]
    public void RowsWithoutScoreOrLabelAreLeftOutOfCalibrationButStillCountAsGroupRows()
    {
        // Labelled and scored: 0.1 (neg), 0.3 (neg), 0.7 (pos), 0.9 (pos). The unlabelled 0.99 row and the
        // unscored or NaN-scored rows must change neither the bins (highest score stays 0.9) nor the counts.
        List<AuditRow> rows =
        [
            AuditRows.Scored("A", 0.1, false), AuditRows.Scored("A", 0.3, false),
            AuditRows.Scored("A", 0.7, true), AuditRows.Scored("A", 0.9, true),
            AuditRows.Scored("A", 0.99, null), AuditRows.Scored("A", 0.99, null), AuditRows.Scored("A", 0.99, null),
            AuditRows.Scored("A", null, true), AuditRows.Scored("A", null, false),
            AuditRows.Scored("A", double.NaN, true),
            AuditRows.Scored("U", 0.5, null), AuditRows.Scored("U", null, true),
        ];

        var result = FairnessAudit.Compute(rows, Bins(2));

        Assert.Equal(10, result.Group("race=A").Size);
        var a = result.Calibration.Single(c => c.Group == "race=A");
        Assert.Equal(4, a.Bins.Sum(b => b.ObservedRate.Denominator));
        Assert.Equal(0.9, a.Bins[^1].ScoreUpper);
        // Bins [0.1, 0.7) and [0.7, 0.9]: means 0.2 and 0.8, observed 0 and 1: ECE (2·0.2 + 2·0.2) / 4 = 0.2.
        Assert.Equal(0.2, a.ExpectedCalibrationError, 12);
        var u = result.Calibration.Single(c => c.Group == "race=U");
        Assert.True(double.IsNaN(u.ExpectedCalibrationError));
        Assert.All(u.Bins, b => Assert.False(b.ObservedRate.IsDefined));
    }

    [Fact]
    public void NoRowWithBothScoreAndLabelLeavesCalibrationEmpty()
    {
        var unscored = FairnessAudit.Compute(AuditRows.TwoGroups(), NoBootstrap);
        var unlabelled = FairnessAudit.Compute([AuditRows.Scored("A", 0.4, null), AuditRows.Scored("B", 0.6, null)], NoBootstrap);

        Assert.NotEmpty(unscored.Groups);
        Assert.Empty(unscored.Calibration);
        Assert.Empty(unlabelled.Calibration);
    }

    [Fact]
    public void CalibrationListsTheSameGroupsInTheSameOrderAsTheGroupMetrics()
    {
        var random = new Random(11);
        string[] races = ["B", "A", "C"];
        string[] sexes = ["M", "F"];
        var rows = Enumerable.Range(0, 300).Select(_ => new AuditRow(
            new Dictionary<string, string> { ["race"] = races[random.Next(3)], ["sex"] = sexes[random.Next(2)] },
            false,
            random.Next(2) == 0,
            random.NextDouble())).ToList();

        var result = FairnessAudit.Compute(rows, new FairnessOptions { BootstrapSamples = 0 });

        Assert.Equal(result.Groups.Select(g => (g.Attribute, g.Label)), result.Calibration.Select(c => (c.Attribute, c.Group)));
        Assert.Contains(result.Calibration, c => c.Group == "race=A & sex=F");
        Assert.All(result.Calibration, c => Assert.Equal(10, c.Bins.Count));
    }

    [Fact]
    public void OneBinGivesTheGapBetweenMeanScoreAndPrevalence()
    {
        // Scores 0.2, 0.4, 0.6, 0.8 (mean 0.5), one positive of four (0.25): ECE = |0.5 − 0.25| = 0.25.
        List<AuditRow> rows =
        [
            AuditRows.Scored("A", 0.2, true), AuditRows.Scored("A", 0.4, false),
            AuditRows.Scored("A", 0.6, false), AuditRows.Scored("A", 0.8, false),
        ];

        var result = FairnessAudit.Compute(rows, Bins(1));

        var bin = Assert.Single(Assert.Single(result.Calibration).Bins);
        Assert.Equal((0.2, 0.8), (bin.ScoreLower, bin.ScoreUpper));
        Assert.Equal(0.5, bin.MeanScore, 12);
        Assert.Equal(0.25, result.Calibration[0].ExpectedCalibrationError, 12);
    }

    [Fact]
    public void FewerThanOneBinIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            FairnessAudit.Compute(AuditRows.TwoGroups(), Bins(0)));
    }
}
