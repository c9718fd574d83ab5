namespace Pipeline.Fairness.Tests;

public sealed class ProxyCheckTests
{
    private static readonly FairnessOptions NoBootstrap = new() { BootstrapSamples = 0 };

    private static FairnessOptions Proxies(int top = 10, int support = 30) =>
        new() { BootstrapSamples = 0, ProxyTopCount = top, ProxyMinimumSupport = support };

    /// <summary>
    /// sex F: 40 rows with x, 10 without; sex M: 10 with x, 40 without (n = 100, support 50).
    /// Expected count of every cell: 50 · 50 / 100 = 25; χ² = 4 · (40 − 25)² / 25 = 36;
    /// V = sqrt(36 / (100 · (min(2, 2) − 1))) = 0.6. Lift of F: (40 / 50) / (50 / 100) = 1.6.
    /// </summary>
    private static List<AuditRow> TwoByTwo() =>
    [
        .. AuditRows.WithFeatures(40, "sex", "F", "x"),
        .. AuditRows.WithFeatures(10, "sex", "F"),
        .. AuditRows.WithFeatures(10, "sex", "M", "x"),
        .. AuditRows.WithFeatures(40, "sex", "M"),
    ];

    [Fact]
    public void TwoByTwoTableGivesTheHandComputedCramersVAndLift()
    {
        var result = FairnessAudit.Compute(TwoByTwo(), NoBootstrap);

        var x = Assert.Single(result.Proxies);
        Assert.Equal(("sex", "x", 50L, "F"), (x.Attribute, x.Feature, x.Support, x.MostAssociatedGroup));
        Assert.Equal(0.6, x.CramersV, 12);
        Assert.Equal(1.6, x.Lift, 12);
    }

    [Fact]
    public void TwoByThreeTableGivesTheHandComputedCramersVAndTheGroupWithTheLargestLift()
    {
        // race A 60, B 30, C 10 rows (n = 100); y present in A 10, B 20, C 10 (support 40), absent A 50, B 10, C 0.
        // Expected present: 40·60/100 = 24, 12, 4; absent: 60·60/100 = 36, 18, 6.
        // χ² = 14²/24 + 8²/12 + 6²/4 + 14²/36 + 8²/18 + 6²/6 = 8.1667 + 5.3333 + 9 + 5.4444 + 3.5556 + 6 = 37.5;
        // V = sqrt(37.5 / (100 · (min(2, 3) − 1))) = sqrt(0.375) = 0.612372.
        // Lifts: A (10/40)/0.6 = 0.417, B (20/40)/0.3 = 1.667, C (10/40)/0.1 = 2.5: C.
        List<AuditRow> rows =
        [
            .. AuditRows.WithFeatures(10, "race", "A", "y"), .. AuditRows.WithFeatures(50, "race", "A"),
            .. AuditRows.WithFeatures(20, "race", "B", "y"), .. AuditRows.WithFeatures(10, "race", "B"),
            .. AuditRows.WithFeatures(10, "race", "C", "y"),
        ];

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        var y = Assert.Single(result.Proxies);
        Assert.Equal(Math.Sqrt(0.375), y.CramersV, 12);
        Assert.Equal(("C", 40L), (y.MostAssociatedGroup, y.Support));
        Assert.Equal(2.5, y.Lift, 12);
    }

    [Fact]
    public void RowsWithoutFeaturesOrWithoutTheAttributeAreLeftOut()
    {
        // 100 extra F rows with unknown features, and rows with features but no sex, would change n
        // (and so V and the lift) if they were counted.
        List<AuditRow> rows =
        [
            .. TwoByTwo(),
            .. Enumerable.Repeat(new AuditRow(new Dictionary<string, string> { ["sex"] = "F" }, false, null, null), 100),
            .. Enumerable.Repeat(new AuditRow(new Dictionary<string, string>(), false, null, null, ["x"]), 100),
        ];

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        var x = Assert.Single(result.Proxies);
        Assert.Equal(0.6, x.CramersV, 12);
        Assert.Equal((50L, 1.6), (x.Support, Math.Round(x.Lift, 12)));
    }

    [Fact]
    public void AFeatureListedTwiceInARowCountsOnce()
    {
        List<AuditRow> rows =
        [
            .. AuditRows.WithFeatures(40, "sex", "F", "x", "x"),
            .. AuditRows.WithFeatures(10, "sex", "F"),
            .. AuditRows.WithFeatures(10, "sex", "M", "x"),
            .. AuditRows.WithFeatures(40, "sex", "M"),
        ];

        var x = Assert.Single(FairnessAudit.Compute(rows, NoBootstrap).Proxies);

        Assert.Equal(50, x.Support);
        Assert.Equal(0.6, x.CramersV, 12);
    }

    [Fact]
    public void AFeaturePresentInEveryRowIsSkipped()
    {
        List<AuditRow> rows =
        [
            .. AuditRows.WithFeatures(40, "sex", "F", "x", "everywhere"),
            .. AuditRows.WithFeatures(10, "sex", "F", "everywhere"),
            .. AuditRows.WithFeatures(10, "sex", "M", "x", "everywhere"),
            .. AuditRows.WithFeatures(40, "sex", "M", "everywhere"),
        ];

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        Assert.Equal(["x"], result.Proxies.Select(p => p.Feature));
    }

    [Fact]
    public void FeaturesBelowTheMinimumSupportAreSkippedAndThoseAtItAreKept()
    {
        // "rare" is in 29 F rows, "enough" in 30; both only in F, out of 50 F and 50 M rows.
        List<AuditRow> rows =
        [
            .. AuditRows.WithFeatures(29, "sex", "F", "rare", "enough"),
            .. AuditRows.WithFeatures(1, "sex", "F", "enough"),
            .. AuditRows.WithFeatures(20, "sex", "F"),
            .. AuditRows.WithFeatures(50, "sex", "M"),
        ];

        var byDefault = FairnessAudit.Compute(rows, NoBootstrap);
        var lower = FairnessAudit.Compute(rows, Proxies(support: 29));

        Assert.Equal(["enough"], byDefault.Proxies.Select(p => p.Feature));
        Assert.Equal(["enough", "rare"], lower.Proxies.Select(p => p.Feature));
    }

    [Fact]
    public void AttributesWithOneValueAndIntersectionsAreNotChecked()
    {
        var rows = TwoByTwo()
            .Select(r => r with { Groups = new Dictionary<string, string>(r.Groups) { ["site"] = "north" } })
            .ToList();

        var result = FairnessAudit.Compute(rows, NoBootstrap);

        Assert.Contains(result.Groups, g => g.Attribute == "sex & site");
        Assert.Equal(["sex"], result.Proxies.Select(p => p.Attribute));
    }

    [Fact]
    public void OnlyTheStrongestProxiesAreKeptStrongestFirstWithTiesByFeatureName()
    {
        // Per sex, 50 F and 50 M rows. "strong" is in 45 F and 5 M rows, "b" and "a" (identical tables)
        // in 35 F and 15 M rows, "weak" in 30 F and 20 M rows: V 0.8, 0.4, 0.4, 0.2.
        var rows = new List<AuditRow>();
        for (var i = 0; i < 50; i++)
        {
            rows.Add(new AuditRow(Sex("F"), false, null, null, Present(i, 45, 35, 30)));
            rows.Add(new AuditRow(Sex("M"), false, null, null, Present(i, 5, 15, 20)));
        }

        var all = FairnessAudit.Compute(rows, NoBootstrap);
        var top = FairnessAudit.Compute(rows, Proxies(top: 2));
        var none = FairnessAudit.Compute(rows, Proxies(top: 0));

        Assert.Equal(["strong", "a", "b", "weak"], all.Proxies.Select(p => p.Feature));
        Assert.Equal([0.8, 0.4, 0.4, 0.2], all.Proxies.Select(p => Math.Round(p.CramersV, 12)));
        Assert.Equal(["strong", "a"], top.Proxies.Select(p => p.Feature));
        Assert.Empty(none.Proxies);

        static Dictionary<string, string> Sex(string value) => new() { ["sex"] = value };

        static string[] Present(int i, int strong, int tied, int weak) =>
            [.. new[] { ("weak", weak), ("b", tied), ("strong", strong), ("a", tied) }.Where(f => i < f.Item2).Select(f => f.Item1)];
    }

    [Fact]
    public void ProxiesAreListedPerAttributeInAuditOrderAndDoNotDependOnRowOrder()
    {
        var random = new Random(3);
        string[] races = ["A", "B", "C"];
        var rows = new List<AuditRow>();
        for (var i = 0; i < 2_000; i++)
        {
            var race = races[random.Next(3)];
            var sex = random.Next(2) == 0 ? "F" : "M";
            var features = Enumerable.Range(0, 20)
                .Where(f => random.NextDouble() < (f % 3 == 0 && race == "A" ? 0.6 : 0.3) + (f % 4 == 0 && sex == "F" ? 0.2 : 0))
                .Select(f => "f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            rows.Add(new AuditRow(new Dictionary<string, string> { ["race"] = race, ["sex"] = sex }, false, null, null, features));
        }

        var shuffled = rows.OrderBy(_ => random.Next()).ToList();

        var first = FairnessAudit.Compute(rows, Proxies(top: 5));
        var again = FairnessAudit.Compute(rows, Proxies(top: 5));
        var reordered = FairnessAudit.Compute(shuffled, Proxies(top: 5));

        Assert.Equal(first.Proxies, again.Proxies);
        Assert.Equal(first.Proxies, reordered.Proxies);
        Assert.Equal(["race", "race", "race", "race", "race", "sex", "sex", "sex", "sex", "sex"], first.Proxies.Select(p => p.Attribute));
        Assert.Equal("A", first.Proxies[0].MostAssociatedGroup);
        Assert.Equal("F", first.Proxies[5].MostAssociatedGroup);
    }

    [Fact]
    public void NoRowWithFeaturesLeavesProxiesEmpty()
    {
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), NoBootstrap);

        Assert.NotEmpty(result.Groups);
        Assert.Empty(result.Proxies);
    }

    [Fact]
    public void NegativeTopCountOrSupportIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FairnessAudit.Compute(TwoByTwo(), Proxies(top: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FairnessAudit.Compute(TwoByTwo(), Proxies(support: -1)));
    }
}
