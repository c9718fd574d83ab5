using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Fairness.Tests;

public sealed class FairnessPolicyTests
{
    /// <summary>A policy that gates the false-positive rate alone, judged on the interval.</summary>
    private static readonly FairnessPolicy FalsePositivesOnly = new()
    {
        Name = "fpr-only",
        Metrics = [FairnessMetric.FalsePositiveRate],
        BootstrapSamples = 200,
        Seed = 7,
        IncludeIntersections = false,
    };

    // ---- the shipped policy file ----

    [Fact]
    public void TheShippedPolicyFileGivesTheDocumentedValues()
    {
        var policy = FairnessPolicy.Load(ShippedPolicyPath);

        Assert.Equal("fusion-center-default", policy.Name);
        Assert.Equal([FairnessMetric.SelectionRate, FairnessMetric.FalsePositiveRate, FairnessMetric.FalseDiscoveryRate, FairnessMetric.FalseNegativeRate], policy.Metrics);
        Assert.Equal((0.8, 1.25), (policy.PassBandLower, policy.PassBandUpper));
        Assert.Equal(30, policy.MinimumGroupSize);
        Assert.Equal(GateBasis.Interval, policy.DecideOn);
        Assert.False(policy.InsufficientBlocks);
        Assert.True(policy.IncludeIntersections);
        Assert.Equal(ReferenceGroup.Largest, policy.Reference);
        Assert.Equal((1000, 0), (policy.BootstrapSamples, policy.Seed));
    }

    [Fact]
    public void ThePolicyShownInTheDocsIsTheShippedOne()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "fairness.md"));
        var start = docs.IndexOf("```json\n{\n  \"name\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/fairness.md shows the policy in a ```json block");
        var body = docs[(start + "```json\n".Length)..docs.IndexOf("```", start + 3, StringComparison.Ordinal)];

        var documented = FairnessPolicy.Parse(Encoding.UTF8.GetBytes(body), "docs/fairness.md");

        Assert.Equal(Settings(FairnessPolicy.Load(ShippedPolicyPath)), Settings(documented));
    }

    [Fact]
    public void TheShippedPolicyFileHasCommentsAndStillParses()
    {
        var text = File.ReadAllText(ShippedPolicyPath);

        // The premise: the file documents itself with // comments, which plain JSON does not allow.
        Assert.StartsWith("//", text, StringComparison.Ordinal);
        Assert.Equal("fusion-center-default", FairnessPolicy.Parse(Encoding.UTF8.GetBytes(text)).Name);
    }

    [Fact]
    public void Sha256IsTheHashOfTheFilesBytes()
    {
        var bytes = File.ReadAllBytes(ShippedPolicyPath);

        var policy = FairnessPolicy.Load(ShippedPolicyPath);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), policy.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", policy.Sha256);
    }

    [Fact]
    public void TheSameSettingsWrittenDifferentlyHaveADifferentSha256()
    {
        var compact = FairnessPolicy.Parse(Encoding.UTF8.GetBytes("""{"name":"p"}"""));
        var spaced = FairnessPolicy.Parse(Encoding.UTF8.GetBytes("""{ "name": "p" }"""));

        Assert.Equal(Settings(compact), Settings(spaced));
        Assert.NotEqual(compact.Sha256, spaced.Sha256);
    }

    [Fact]
    public void APolicyBuiltInCodeHasNoSha256()
    {
        Assert.Equal(string.Empty, new FairnessPolicy().Sha256);
    }

    [Fact]
    public void AnEmptyObjectGivesTheDefaults()
    {
        var policy = FairnessPolicy.Parse("{}"u8.ToArray());

        Assert.Equal(Settings(new FairnessPolicy()), Settings(policy));
        Assert.NotEmpty(policy.Sha256);
    }

    [Fact]
    public void EverySettingIsReadAndCarriedIntoTheAuditOptions()
    {
        var policy = FairnessPolicy.Parse(Encoding.UTF8.GetBytes("""
            // a comment, and trailing commas are allowed
            {
              "name": "strict",
              "metrics": ["falseNegativeRate", "precision", "falseNegativeRate",],
              "passBand": { "lower": 0.9, "upper": 1.1 },
              "minimumGroupSize": 50,
              "decideOn": "point",
              "insufficientBlocks": true,
              "includeIntersections": false,
              "reference": "race=W",
              "bootstrapSamples": 0,
              "seed": -12,
            }
            """));

        Assert.Equal("strict", policy.Name);
        Assert.Equal([FairnessMetric.FalseNegativeRate, FairnessMetric.Precision], policy.Metrics);
        Assert.Equal((0.9, 1.1, 50, GateBasis.Point, true, false), (policy.PassBandLower, policy.PassBandUpper, policy.MinimumGroupSize, policy.DecideOn, policy.InsufficientBlocks, policy.IncludeIntersections));
        Assert.Equal(ReferenceGroup.Named("race=W"), policy.Reference);
        Assert.Equal((0, -12), (policy.BootstrapSamples, policy.Seed));
        var options = policy.ToOptions();
        Assert.Equal(
            (50, 0.9, 1.1, 0, -12, false, ReferenceGroup.Named("race=W")),
            (options.MinimumGroupSize, options.PassBandLower, options.PassBandUpper, options.BootstrapSamples, options.Seed, options.IncludeIntersections, options.Reference));
    }

    [Theory]
    [InlineData("largest", ReferenceKind.Largest)]
    [InlineData("lowestMetric", ReferenceKind.LowestMetric)]
    [InlineData("W", ReferenceKind.Named)]
    public void TheReferenceIsARuleOrAGroupsName(string reference, ReferenceKind kind)
    {
        var policy = FairnessPolicy.Parse(Encoding.UTF8.GetBytes($$"""{"reference": "{{reference}}"}"""));

        Assert.Equal(kind, policy.Reference.Kind);
    }

    // ---- invalid policies ----

    [Theory]
    [InlineData("""{"nmae": "x"}""", "\"nmae\"")]
    [InlineData("""{"metrics": ["selectionRate", "accuracy"]}""", "\"accuracy\"")]
    [InlineData("""{"metrics": ["SelectionRate"]}""", "\"SelectionRate\"")]
    [InlineData("""{"metrics": [1]}""", "unknown metric")]
    [InlineData("""{"metrics": "selectionRate"}""", "\"metrics\" must be an array")]
    [InlineData("""{"metrics": []}""", "\"metrics\" lists no metric")]
    [InlineData("""{"passBand": {"lower": 1.1, "upper": 1.25}}""", "pass band must satisfy 0 < lower <= 1 <= upper")]
    [InlineData("""{"passBand": {"lower": 0, "upper": 1.25}}""", "pass band must satisfy 0 < lower <= 1 <= upper")]
    [InlineData("""{"passBand": {"lower": -0.8}}""", "pass band must satisfy 0 < lower <= 1 <= upper")]
    [InlineData("""{"passBand": {"upper": 0.9}}""", "pass band must satisfy 0 < lower <= 1 <= upper")]
    [InlineData("""{"passBand": {"lower": 0.8, "middle": 1}}""", "\"middle\"")]
    [InlineData("""{"passBand": {"lower": "0.8"}}""", "passBand.lower must be a number")]
    [InlineData("""{"passBand": {"upper": null}}""", "passBand.upper must be a number")]
    [InlineData("""{"passBand": [0.8, 1.25]}""", "\"passBand\" must be an object")]
    [InlineData("""{"minimumGroupSize": -1}""", "\"minimumGroupSize\"")]
    [InlineData("""{"minimumGroupSize": "30"}""", "\"minimumGroupSize\"")]
    [InlineData("""{"minimumGroupSize": 30.5}""", "\"minimumGroupSize\"")]
    [InlineData("""{"minimumGroupSize": 3000000000}""", "\"minimumGroupSize\"")]
    [InlineData("""{"bootstrapSamples": -5}""", "\"bootstrapSamples\"")]
    [InlineData("""{"bootstrapSamples": true}""", "\"bootstrapSamples\"")]
    [InlineData("""{"seed": "0"}""", "\"seed\"")]
    [InlineData("""{"decideOn": "median"}""", "\"decideOn\"")]
    [InlineData("""{"decideOn": "Interval"}""", "\"decideOn\"")]
    [InlineData("""{"decideOn": 1}""", "\"decideOn\" must be a string")]
    [InlineData("""{"insufficientBlocks": "yes"}""", "\"insufficientBlocks\" must be true or false")]
    [InlineData("""{"includeIntersections": 1}""", "\"includeIntersections\" must be true or false")]
    [InlineData("""{"name": ""}""", "\"name\" must be a non-empty string")]
    [InlineData("""{"name": 5}""", "\"name\" must be a non-empty string")]
    [InlineData("""{"reference": 3}""", "\"reference\" must be a non-empty string")]
    [InlineData("""[{"name": "x"}]""", "top level must be an object")]
    [InlineData("\"default\"", "top level must be an object")]
    [InlineData("""{"name": """, "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void AnInvalidSettingIsRefusedNamingIt(string json, string expected)
    {
        var error = Assert.Throws<FairnessPolicyException>(() => FairnessPolicy.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("fairness policy test.json:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameOfMoreThan200CharactersIsRefused()
    {
        var ok = FairnessPolicy.Parse(Encoding.UTF8.GetBytes($$"""{"name": "{{new string('n', 200)}}"}"""));

        var error = Assert.Throws<FairnessPolicyException>(() => FairnessPolicy.Parse(Encoding.UTF8.GetBytes($$"""{"name": "{{new string('n', 201)}}"}""")));

        Assert.Equal(200, ok.Name.Length);
        Assert.Contains("\"name\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APolicyOfOneMebibyteParsesAndOneByteMoreIsRefused()
    {
        var exactly = Padded(1 << 20);
        var over = Padded((1 << 20) + 1);

        var policy = FairnessPolicy.Parse(exactly);
        var error = Assert.Throws<FairnessPolicyException>(() => FairnessPolicy.Parse(over));

        Assert.Equal("padded", policy.Name);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsRefusedNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-policy-" + Guid.NewGuid().ToString("N") + ".json");

        var error = Assert.Throws<FairnessPolicyException>(() => FairnessPolicy.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingAFileNamesItInTheMessageOfAnInvalidSetting()
    {
        using var folder = new TempFolder();
        var path = folder.Write("policy.json", """{"metrics": []}""");

        var error = Assert.Throws<FairnessPolicyException>(() => FairnessPolicy.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"metrics\"", error.Message, StringComparison.Ordinal);
    }

    // ---- judging an audit ----

    [Theory]
    [InlineData(GateBasis.Point, 0)]
    [InlineData(GateBasis.Point, 200)]
    [InlineData(GateBasis.Interval, 0)]
    [InlineData(GateBasis.Interval, 200)]
    public void AClearDisparityFailsUnderEitherBasis(GateBasis basis, int bootstrap)
    {
        // race=A: FP 10 of 75 negatives (0.133); race=B: FP 15 of 30 negatives (0.5): ratio 3.75.
        // Katz (no correction): log 3.75 = 1.3218, se = sqrt(1/15 - 1/30 + 1/10 - 1/75) = sqrt(0.12) = 0.3464,
        // lower = exp(1.3218 - 1.96 * 0.3464) = 1.90: the whole interval is above 1.25.
        var policy = FalsePositivesOnly with { DecideOn = basis, BootstrapSamples = bootstrap };
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), policy.ToOptions());

        var decision = policy.Judge(result);

        Assert.False(decision.Passed);
        var failure = Assert.Single(decision.Failures);
        Assert.Equal(("race=B", "race=A", FairnessMetric.FalsePositiveRate), (failure.Group, failure.Reference, failure.Metric));
        Assert.Equal(3.75, failure.Ratio, 12);
        Assert.Empty(decision.Insufficient);
        Assert.Equal(("fpr-only", ""), (decision.PolicyName, decision.PolicySha256));
        Assert.False(decision.Overridden);
    }

    [Fact]
    public void UnderIntervalAFailureCarriesTheJudgedIntervalAndUnderPointTheBootstrapOne()
    {
        var interval = FalsePositivesOnly;
        var point = FalsePositivesOnly with { DecideOn = GateBasis.Point };
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), interval.ToOptions());
        var audited = result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate);

        var judged = Assert.Single(interval.Judge(result).Failures);
        var pointed = Assert.Single(point.Judge(result).Failures);

        // Union of the bootstrap interval and Katz's [1.9018, 7.3943] (hand-computed above).
        Assert.Equal(Math.Min(audited.Lower, 1.9018068237808081), judged.Lower, 9);
        Assert.Equal(Math.Max(audited.Upper, 7.394284121898158), judged.Upper, 9);
        Assert.True(judged.Lower > 1.25);
        Assert.Equal((audited.Lower, audited.Upper), (pointed.Lower, pointed.Upper));
    }

    [Fact]
    public void ASufficientGroupWithNoEventsFailsUnderPointButNotUnderInterval()
    {
        // race=A: FP 10 of 75 negatives (0.133, 100 rows); race=B: 40 rows, all true negatives:
        // FP 0 of 40, a ratio of 0. Every bootstrap resample of B has 0 false positives too, so the
        // bootstrap interval collapses to [0, 0]; Katz with Haldane's half event keeps it wide:
        // (0.5 / 41) / (10.5 / 76) = 0.0883, log = -2.4274,
        // se = sqrt(1/0.5 - 1/41 + 1/10.5 - 1/76) = sqrt(2.0577) = 1.4345,
        // upper = exp(-2.4274 + 1.959964 * 1.4345) = exp(0.3842) = 1.468 > 0.8: no evidence of a disparity.
        List<AuditRow> rows = [.. AuditRows.Race("A", 20, 10, 5, 65), .. AuditRows.Race("B", 0, 0, 0, 40)];
        var interval = FalsePositivesOnly;
        var point = FalsePositivesOnly with { DecideOn = GateBasis.Point };
        var result = FairnessAudit.Compute(rows, interval.ToOptions());
        var audited = result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate);

        var byPoint = point.Judge(result);
        var byInterval = interval.Judge(result);

        Assert.Equal((0.0, 0.0, 0.0, DisparityVerdict.Fail), (audited.Ratio, audited.Lower, audited.Upper, audited.Verdict));
        Assert.False(byPoint.Passed);
        Assert.Equal("race=B", Assert.Single(byPoint.Failures).Group);
        Assert.True(byInterval.Passed);
        Assert.Empty(byInterval.Failures);
        var (lower, upper) = FairnessPolicy.JudgedInterval(audited, result);
        Assert.Equal(0.0, lower);
        Assert.Equal(1.4683490543254096, upper, 9);
    }

    [Fact]
    public void InsufficientGroupsAreListedAndBlockOnlyWhenThePolicySaysSo()
    {
        // race=C has 10 rows, under the minimum of 30: its gated metrics cannot be judged.
        List<AuditRow> rows = [.. AuditRows.Race("A", 20, 10, 5, 65), .. AuditRows.Race("C", 2, 1, 1, 6)];
        var lenient = FalsePositivesOnly with { Metrics = [FairnessMetric.FalsePositiveRate, FairnessMetric.SelectionRate] };
        var strict = lenient with { InsufficientBlocks = true };
        var result = FairnessAudit.Compute(rows, lenient.ToOptions());

        var warned = lenient.Judge(result);
        var blocked = strict.Judge(result);

        Assert.True(warned.Passed);
        Assert.False(blocked.Passed);
        foreach (var decision in new[] { warned, blocked })
        {
            Assert.Empty(decision.Failures);
            Assert.Equal(
                [("race=C", FairnessMetric.SelectionRate), ("race=C", FairnessMetric.FalsePositiveRate)],
                decision.Insufficient.Select(d => (d.Group, d.Metric)).OrderBy(p => p.Metric));
            Assert.All(decision.Insufficient, d => Assert.Contains("below the minimum 30", d.Reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AGateThatCouldJudgeNothingDoesNotPass()
    {
        // Every group is under the minimum size: no gated comparison can be judged.
        List<AuditRow> rows = [.. AuditRows.Race("A", 2, 1, 1, 6), .. AuditRows.Race("C", 2, 1, 1, 6)];
        var result = FairnessAudit.Compute(rows, FalsePositivesOnly.ToOptions());
        var empty = FairnessAudit.Compute([], FalsePositivesOnly.ToOptions());

        var decision = FalsePositivesOnly.Judge(result);
        var none = FalsePositivesOnly.Judge(empty);

        Assert.Equal((false, 0, 0), (decision.Passed, decision.Judged, decision.Failures.Count));
        Assert.NotEmpty(decision.Insufficient);
        Assert.Equal((false, 0), (none.Passed, none.Judged));
    }

    [Fact]
    public void MetricsNotInThePolicyAreIgnored()
    {
        // race=B fails the false-positive rate (3.75) and the true-positive rate (0.625) but its share
        // of flags is 25/30 = 0.83 of A's: a policy gating only the share of flags passes it. race=C is
        // insufficient on every metric but is listed only for the gated one.
        List<AuditRow> rows = [.. AuditRows.TwoGroups(), .. AuditRows.Race("C", 2, 1, 1, 6)];
        var policy = FalsePositivesOnly with { Metrics = [FairnessMetric.ShareOfFlags], DecideOn = GateBasis.Point };
        var result = FairnessAudit.Compute(rows, policy.ToOptions());

        var decision = policy.Judge(result);

        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Verdict);
        Assert.True(decision.Passed);
        Assert.Empty(decision.Failures);
        var insufficient = Assert.Single(decision.Insufficient);
        Assert.Equal(("race=C", FairnessMetric.ShareOfFlags), (insufficient.Group, insufficient.Metric));
    }

    [Fact]
    public void ThePolicysBandDecidesNotTheAuditsVerdict()
    {
        // Audited with the default band, B's false-positive ratio of 3.75 is a Fail; a policy whose band
        // reaches 4 passes it on the point.
        var wide = FalsePositivesOnly with { DecideOn = GateBasis.Point, PassBandLower = 0.25, PassBandUpper = 4 };
        var result = FairnessAudit.Compute(AuditRows.TwoGroups(), FalsePositivesOnly.ToOptions());

        Assert.Equal(DisparityVerdict.Fail, result.DisparityOf("race=B", FairnessMetric.FalsePositiveRate).Verdict);
        Assert.True(wide.Judge(result).Passed);
        Assert.False(FalsePositivesOnly.Judge(result).Passed);
    }

    [Fact]
    public void IntersectionsAreGatedWhenThePolicyIncludesThem()
    {
        // Each attribute alone is fair (every race and every sex has FP 10 of 80 negatives), but the
        // intersections are not: A & F and B & M have FP 10 of 40 (0.25), A & M and B & F none. All four
        // have 40 rows; the reference is the first of the tied largest, A & F, so A & M and B & F have ratio 0.
        var rows = new List<AuditRow>();
        void Add(string race, string sex, int fp, int tn) =>
            rows.AddRange(AuditRows.Table(new Dictionary<string, string> { ["race"] = race, ["sex"] = sex }, 0, fp, 0, tn));
        Add("A", "F", 10, 30);
        Add("A", "M", 0, 40);
        Add("B", "F", 0, 40);
        Add("B", "M", 10, 30);
        var with = FalsePositivesOnly with { DecideOn = GateBasis.Point, IncludeIntersections = true };
        var without = with with { IncludeIntersections = false };

        var gated = with.Judge(FairnessAudit.Compute(rows, with.ToOptions()));
        var notGated = without.Judge(FairnessAudit.Compute(rows, without.ToOptions()));

        Assert.True(notGated.Passed);
        Assert.False(gated.Passed);
        Assert.All(gated.Failures, f => Assert.Equal("race & sex", f.Attribute));
        Assert.Equal(["race=A & sex=M", "race=B & sex=F"], gated.Failures.Select(f => f.Group).Order(StringComparer.Ordinal));
    }

    // ---- Katz's interval ----

    [Fact]
    public void KatzIntervalMatchesTheHandComputedNumbers()
    {
        // (15/30) / (10/75) = 0.5 / 0.1333 = 3.75; log 3.75 = 1.321756
        // se = sqrt(1/15 - 1/30 + 1/10 - 1/75) = sqrt(0.066667 - 0.033333 + 0.1 - 0.013333) = sqrt(0.12) = 0.346410
        // 1.959964 * 0.346410 = 0.678951
        // lower = exp(1.321756 - 0.678951) = exp(0.642805) = 1.901807
        // upper = exp(1.321756 + 0.678951) = exp(2.000707) = 7.394284
        var (lower, upper) = FairnessPolicy.KatzInterval(15, 30, 10, 75);

        Assert.Equal(1.901807, lower, 5);
        Assert.Equal(7.394284, upper, 5);
    }

    [Fact]
    public void KatzIntervalAddsHalfAnEventWhenTheGroupHasNone()
    {
        // a = 0 of 40: Haldane gives 0.5 of 41 and 10.5 of 76.
        // ratio = (0.5/41) / (10.5/76) = 0.012195 / 0.138158 = 0.088269; log = -2.427361
        // se = sqrt(1/0.5 - 1/41 + 1/10.5 - 1/76) = sqrt(2 - 0.024390 + 0.095238 - 0.013158) = sqrt(2.057690) = 1.434465
        // 1.959964 * 1.434465 = 2.811500
        // lower = exp(-2.427361 - 2.811500) = exp(-5.238861) = 0.005306
        // upper = exp(-2.427361 + 2.811500) = exp(0.384139) = 1.468349
        var (lower, upper) = FairnessPolicy.KatzInterval(0, 40, 10, 75);

        Assert.Equal(0.005306, lower, 5);
        Assert.Equal(1.468349, upper, 5);
        Assert.True(double.IsFinite(lower) && lower > 0);
    }

    [Fact]
    public void KatzIntervalAddsHalfAnEventWhenEveryTrialIsAnEvent()
    {
        // a = 40 of 40: 40.5 of 41 against 10.5 of 76.
        // ratio = 0.987805 / 0.138158 = 7.149826; log = 1.967088
        // se = sqrt(1/40.5 - 1/41 + 1/10.5 - 1/76) = sqrt(0.024691 - 0.024390 + 0.095238 - 0.013158) = sqrt(0.082381) = 0.287021
        // 1.959964 * 0.287021 = 0.562552
        // lower = exp(1.404536) = 4.073637; upper = exp(2.529640) = 12.548984
        var (lower, upper) = FairnessPolicy.KatzInterval(40, 40, 10, 75);

        Assert.Equal(4.073637, lower, 5);
        Assert.Equal(12.548984, upper, 5);
    }

    [Fact]
    public void KatzIntervalIsFiniteWhenTheReferenceHasNoEvents()
    {
        // c = 0 of 75: 5.5 of 31 against 0.5 of 76.
        // ratio = 0.177419 / 0.006579 = 26.967742; log = 3.294641
        // se = sqrt(1/5.5 - 1/31 + 1/0.5 - 1/76) = sqrt(0.181818 - 0.032258 + 2 - 0.013158) = sqrt(2.136402) = 1.461644
        // 1.959964 * 1.461644 = 2.864769
        // lower = exp(0.429872) = 1.537061; upper = exp(6.159410) = 473.149
        var (lower, upper) = FairnessPolicy.KatzInterval(5, 30, 0, 75);

        Assert.Equal(1.537061, lower, 5);
        Assert.Equal(473.149017, upper, 3);
    }

    [Fact]
    public void KatzIntervalContainsTheRatio()
    {
        var (lower, upper) = FairnessPolicy.KatzInterval(12, 55, 30, 100);

        var ratio = (12.0 / 55) / (30.0 / 100);
        Assert.InRange(ratio, lower, upper);
        Assert.True(lower < 0.8 && upper > 1.25, "a 12-of-55 group against 30-of-100 is too small to show a disparity either way");
    }

    /// <summary>Every setting of a policy but its hash, comparable by value (the metrics list is a reference).</summary>
    private static string Settings(FairnessPolicy p) => string.Join(
        "|",
        p.Name,
        string.Join(",", p.Metrics),
        p.PassBandLower.ToString(System.Globalization.CultureInfo.InvariantCulture),
        p.PassBandUpper.ToString(System.Globalization.CultureInfo.InvariantCulture),
        p.MinimumGroupSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        p.DecideOn,
        p.InsufficientBlocks,
        p.IncludeIntersections,
        p.Reference,
        p.BootstrapSamples.ToString(System.Globalization.CultureInfo.InvariantCulture),
        p.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string ShippedPolicyPath => Path.Combine(RepositoryRoot, "infra", "fairness", "policy.json");

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("No Pipeline.sln above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A valid policy padded with spaces to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(int length)
    {
        var head = """{"name": "padded"}"""u8;
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)' ');
        head.CopyTo(bytes);
        return bytes;
    }
}
