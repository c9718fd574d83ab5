using Pipeline.Contracts;
using Pipeline.Scoring.Evaluation;

namespace Pipeline.Scoring.Tests.Evaluation;

public sealed class ModelEvaluationTests
{
    private const int Digits = 12;
    private static readonly int _count = IseSarCategories.All.Count;
    private static readonly double[] _halves = [.. Enumerable.Repeat(0.5, IseSarCategories.All.Count)];

    private static int Index(string code) => IseSarCategories.IndexOf(code);

    // A report whose unnamed categories have probability 0 and no flag.
    private static EvaluatedReport Report(string[] truth, params (string Code, double Probability, bool Flag)[] scores)
    {
        var probabilities = new double[_count];
        var flags = new bool[_count];
        foreach (var (code, probability, flag) in scores)
        {
            probabilities[Index(code)] = probability;
            flags[Index(code)] = flag;
        }
        return new EvaluatedReport(truth, probabilities, flags);
    }

    // Reports where only one category carries signal: truth from the labels, flag = probability >= threshold.
    private static EvaluatedReport[] OneCategory(string code, double[] probabilities, bool[] labels, double threshold) =>
        [.. probabilities.Zip(labels, (p, label) => Report(label ? [code] : [], (code, p, p >= threshold)))];

    private static CategoryMetrics Metrics(ModelMetrics metrics, string code) => metrics.Categories[Index(code)];

    [Theory]
    [InlineData(0.85, 1, 0, 1, 2, 1.0, 0.5, 2.0 / 3)]
    [InlineData(0.5, 2, 1, 0, 1, 2.0 / 3, 1.0, 0.8)]
    public void PrecisionRecallAndF1ComeFromTheFlagsAgainstTheTrueLabels(
        double threshold, int tp, int fp, int fn, int tn, double precision, double recall, double f1)
    {
        var reports = OneCategory(IseSarCategories.Photography, [0.9, 0.8, 0.8, 0.3], [true, false, true, false], threshold);

        var photo = Metrics(ModelEvaluation.Evaluate(reports, _halves), IseSarCategories.Photography);

        Assert.Equal((2, tp, fp, fn, tn), (photo.Support, photo.TruePositives, photo.FalsePositives, photo.FalseNegatives, photo.TrueNegatives));
        Assert.Equal(precision, photo.Precision, Digits);
        Assert.Equal(recall, photo.Recall, Digits);
        Assert.Equal(f1, photo.F1, Digits);
    }

    [Fact]
    public void AucCountsATiedPositiveNegativePairAsOneHalf()
    {
        // Pairs (positive, negative): 0.9>0.8, 0.9>0.3, 0.8=0.8 (half), 0.8>0.3 → 3.5 of 4.
        var reports = OneCategory(IseSarCategories.Photography, [0.9, 0.8, 0.8, 0.3], [true, false, true, false], 0.5);

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        Assert.Equal(0.875, Metrics(metrics, IseSarCategories.Photography).Auc, Digits);
        Assert.Equal(0.875, metrics.MacroAuc, Digits);
    }

    [Fact]
    public void AucIsOneHalfWhenEveryProbabilityIsTied()
    {
        var reports = OneCategory(IseSarCategories.Threat, [0.4, 0.4, 0.4], [true, false, false], 0.5);

        Assert.Equal(0.5, Metrics(ModelEvaluation.Evaluate(reports, _halves), IseSarCategories.Threat).Auc, Digits);
    }

    [Theory]
    // Steps: P=1 at R=1/3, P=1/2 adds no recall, P=2/3 at R=2/3, P=3/4 at R=1 → (1 + 2/3 + 3/4) / 3 = 29/36.
    [InlineData(new[] { 0.9, 0.7, 0.6, 0.4, 0.2 }, new[] { true, false, true, true, false }, 29.0 / 36)]
    // The tied 0.8s form one step: P=1 at R=1/2, then P=2/3 at R=1 → 1/2 + 1/3 = 5/6.
    [InlineData(new[] { 0.9, 0.8, 0.8, 0.3 }, new[] { true, false, true, false }, 5.0 / 6)]
    public void AveragePrecisionIsTheStepwiseAreaUnderThePrecisionRecallCurve(double[] probabilities, bool[] labels, double expected)
    {
        var reports = OneCategory(IseSarCategories.Surveillance, probabilities, labels, 0.5);

        var surveillance = Metrics(ModelEvaluation.Evaluate(reports, _halves), IseSarCategories.Surveillance);

        Assert.Equal(expected, surveillance.AveragePrecision, Digits);
    }

    [Fact]
    public void ACategoryWithOnlyPositivesHasNoAucButPerfectAveragePrecision()
    {
        var reports = OneCategory(IseSarCategories.Weapons, [0.9, 0.2], [true, true], 0.5);

        var weapons = Metrics(ModelEvaluation.Evaluate(reports, _halves), IseSarCategories.Weapons);

        Assert.True(double.IsNaN(weapons.Auc));
        Assert.Equal(1.0, weapons.AveragePrecision, Digits);
    }

    [Fact]
    public void ZeroDenominatorsGiveNaNInsteadOfExceptions()
    {
        EvaluatedReport[] reports =
        [
            Report([IseSarCategories.Theft], (IseSarCategories.Theft, 0.3, false)),
            Report([], (IseSarCategories.Cyberattack, 0.7, true)),
        ];

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        var theft = Metrics(metrics, IseSarCategories.Theft); // support, no predictions
        Assert.True(double.IsNaN(theft.Precision));
        Assert.Equal(0, theft.Recall);
        Assert.Equal(0, theft.F1);
        var cyber = Metrics(metrics, IseSarCategories.Cyberattack); // predictions, no support
        Assert.Equal(0, cyber.Precision);
        Assert.True(double.IsNaN(cyber.Recall));
        Assert.Equal(0, cyber.F1);
        Assert.True(double.IsNaN(cyber.AveragePrecision));
        var intrusion = Metrics(metrics, IseSarCategories.Intrusion); // neither
        Assert.All(
            new[] { intrusion.Precision, intrusion.Recall, intrusion.F1, intrusion.Auc, intrusion.AveragePrecision },
            value => Assert.True(double.IsNaN(value)));
    }

    [Fact]
    public void NoReportsGiveZeroCountsAndNaNRates()
    {
        var metrics = ModelEvaluation.Evaluate([], _halves);

        Assert.Equal(0, metrics.Reports);
        Assert.Equal(_count, metrics.Categories.Count);
        Assert.All(
            new[] { metrics.MacroF1, metrics.MicroF1, metrics.MacroAuc, metrics.ExpectedCalibrationError, metrics.ExactMatchRate, metrics.Negatives.FalseAlarmRate },
            value => Assert.True(double.IsNaN(value)));
        Assert.All(metrics.Calibration, bin => Assert.Equal(0, bin.Count));
    }

    [Fact]
    public void MacroF1LeavesOutCategoriesWithNoSupportWhileMicroF1PoolsEverything()
    {
        EvaluatedReport[] reports =
        [
            Report([IseSarCategories.Photography], (IseSarCategories.Photography, 0.9, true)),
            Report([IseSarCategories.Surveillance], (IseSarCategories.Surveillance, 0.8, true)),
            Report([IseSarCategories.Surveillance], (IseSarCategories.Surveillance, 0.2, false)),
            Report([], (IseSarCategories.Cyberattack, 0.7, true)),
        ];

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        // PHOTO F1 = 1, SURVL F1 = 2/3; CYBER (F1 = 0, no support) would make it 5/9.
        Assert.Equal(0, Metrics(metrics, IseSarCategories.Cyberattack).F1);
        Assert.Equal(5.0 / 6, metrics.MacroF1, Digits);
        // Pooled TP = 2, FP = 1, FN = 1 → 4 / 6.
        Assert.Equal(2.0 / 3, metrics.MicroF1, Digits);
    }

    [Fact]
    public void ExactMatchAndFalseAlarmsAreCountedPerReport()
    {
        EvaluatedReport[] reports =
        [
            Report([IseSarCategories.Photography, IseSarCategories.Surveillance], (IseSarCategories.Photography, 0.9, true), (IseSarCategories.Surveillance, 0.6, true)),
            Report([IseSarCategories.Photography, IseSarCategories.Surveillance], (IseSarCategories.Photography, 0.9, true)),
            Report([]),
            Report([], (IseSarCategories.Cyberattack, 0.7, true), (IseSarCategories.Theft, 0.6, true)),
            Report([], (IseSarCategories.Cyberattack, 0.4, false)),
        ];

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        Assert.Equal(3.0 / 5, metrics.ExactMatchRate, Digits); // reports 1, 3 and 5
        Assert.Equal(new NegativeMetrics(3, 1, 1.0 / 3), metrics.Negatives);
    }

    [Fact]
    public void ConfusionRowsTakeEachTrueLabelAndNoneAndColumnsTheTopFlaggedCategory()
    {
        EvaluatedReport[] reports =
        [
            Report([IseSarCategories.Photography, IseSarCategories.Surveillance], (IseSarCategories.Photography, 0.6, true), (IseSarCategories.Surveillance, 0.7, true)),
            Report([], (IseSarCategories.Theft, 0.2, false)),
            Report([], (IseSarCategories.Theft, 0.6, true)),
            // A higher probability that is not flagged does not take the column.
            Report([IseSarCategories.Intrusion], (IseSarCategories.Intrusion, 0.4, true), (IseSarCategories.Cyberattack, 0.9, false)),
            Report([IseSarCategories.Threat, IseSarCategories.Weapons]),
        ];

        var confusion = ModelEvaluation.Evaluate(reports, _halves).Confusion;

        string[] labels = [.. IseSarCategories.All.Select(c => c.Code), "none"];
        Assert.Equal(labels, confusion.Labels);
        var none = _count;
        var expected = new int[_count + 1, _count + 1];
        expected[Index(IseSarCategories.Photography), Index(IseSarCategories.Surveillance)] = 1;
        expected[Index(IseSarCategories.Surveillance), Index(IseSarCategories.Surveillance)] = 1;
        expected[none, none] = 1;
        expected[none, Index(IseSarCategories.Theft)] = 1;
        expected[Index(IseSarCategories.Intrusion), Index(IseSarCategories.Intrusion)] = 1;
        expected[Index(IseSarCategories.Threat), none] = 1;
        expected[Index(IseSarCategories.Weapons), none] = 1;
        Assert.Equal(expected, confusion.Counts);
    }

    [Fact]
    public void APerfectlyCalibratedSetHasNearZeroCalibrationError()
    {
        // In bin k (k = 1..9) one category at probability (k + 0.5)/10 is true in exactly that share of 20
        // reports; every other pair is probability 0 and false, so bin 0 is calibrated too.
        var reports = new List<EvaluatedReport>();
        for (var k = 1; k <= 9; k++)
        {
            var probability = (k + 0.5) / 10;
            var code = IseSarCategories.All[k].Code;
            var positives = (int)Math.Round(probability * 20);
            for (var r = 0; r < 20; r++)
            {
                reports.Add(Report(r < positives ? [code] : [], (code, probability, probability >= 0.5)));
            }
        }

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        Assert.True(metrics.ExpectedCalibrationError < 1e-12, $"ECE {metrics.ExpectedCalibrationError}");
        Assert.Equal(10, metrics.Calibration.Count);
        Assert.All(metrics.Calibration, bin => Assert.Equal(bin.MeanPredicted, bin.ObservedRate, Digits));
        Assert.Equal(reports.Count * _count, metrics.Calibration.Sum(bin => bin.Count));
    }

    [Fact]
    public void AnOverconfidentSetHasTheHandComputedCalibrationError()
    {
        // PHOTO at 0.95 in 4 reports, true in 2; the other 15 categories at 0.05, never true. 64 pairs:
        // bin 9: 4 pairs, |0.95 - 0.5| = 0.45; bin 0: 60 pairs, |0.05 - 0| = 0.05.
        // ECE = 4/64 * 0.45 + 60/64 * 0.05 = 0.028125 + 0.046875 = 0.075.
        var others = IseSarCategories.All.Select(c => c.Code).Where(c => c != IseSarCategories.Photography)
            .Select(c => (c, 0.05, false)).ToArray();
        EvaluatedReport[] reports =
        [
            Report([IseSarCategories.Photography], [(IseSarCategories.Photography, 0.95, true), .. others]),
            Report([IseSarCategories.Photography], [(IseSarCategories.Photography, 0.95, true), .. others]),
            Report([], [(IseSarCategories.Photography, 0.95, true), .. others]),
            Report([], [(IseSarCategories.Photography, 0.95, true), .. others]),
        ];

        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        Assert.Equal(0.075, metrics.ExpectedCalibrationError, Digits);
        var top = metrics.Calibration[9];
        Assert.Equal((0.9, 1.0, 4), (top.Lower, top.Upper, top.Count));
        Assert.Equal(0.95, top.MeanPredicted, Digits);
        Assert.Equal(0.5, top.ObservedRate, Digits);
        var bottom = metrics.Calibration[0];
        Assert.Equal(60, bottom.Count);
        Assert.Equal(0.05, bottom.MeanPredicted, Digits);
        Assert.Equal(0, bottom.ObservedRate);
        Assert.Equal(0, metrics.Calibration[5].Count);
        Assert.True(double.IsNaN(metrics.Calibration[5].MeanPredicted));
    }

    [Fact]
    public void AProbabilityOfExactlyOneFallsInTheLastCalibrationBin()
    {
        var reports = OneCategory(IseSarCategories.Aviation, [1.0], [true], 0.5);

        var metrics = ModelEvaluation.Evaluate(reports, _halves, calibrationBins: 4);

        Assert.Equal(4, metrics.Calibration.Count);
        Assert.Equal(1, metrics.Calibration[3].Count);
        Assert.Equal(_count - 1, metrics.Calibration[0].Count);
    }

    [Fact]
    public void TheThresholdsAreCarriedIntoTheCategoryMetrics()
    {
        double[] thresholds = [.. Enumerable.Range(0, _count).Select(i => i / 100.0)];

        var metrics = ModelEvaluation.Evaluate([Report([])], thresholds);

        Assert.Equal(thresholds, metrics.Categories.Select(m => m.Threshold));
        Assert.Equal(IseSarCategories.All.Select(c => c.Code), metrics.Categories.Select(m => m.Category));
    }

    [Fact]
    public void MalformedInputIsRejectedWithAnArgumentException()
    {
        var good = Report([]);

        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate([good], [0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate([Report(["NOTACODE"])], _halves));
        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate([Report([], (IseSarCategories.Photography, 1.5, true))], _halves));
        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate([Report([], (IseSarCategories.Photography, double.NaN, false))], _halves));
        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate([new EvaluatedReport([], [0.5], [true])], _halves));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelEvaluation.Evaluate([good], _halves, calibrationBins: 0));
    }

    [Fact]
    public void TheTextReportListsEveryCodeTheMacroF1LineAndTheTables()
    {
        var reports = OneCategory(IseSarCategories.Photography, [0.9, 0.8, 0.8, 0.3], [true, false, true, false], 0.5);
        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        var text = ModelEvaluation.FormatText(metrics);

        var lines = text.Split('\n');
        Assert.All(IseSarCategories.All, c => Assert.Contains(lines, line => line.StartsWith(c.Code + " ", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith("Macro F1", StringComparison.Ordinal) && line.Contains("0.800", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("ECE", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("true\\pred", StringComparison.Ordinal) && line.TrimEnd().EndsWith("none", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("0.90-1.00", StringComparison.Ordinal));
        // The per-category rows form a fixed-width table.
        var rows = lines.SkipWhile(line => !line.StartsWith("Code", StringComparison.Ordinal)).Take(_count + 1).ToList();
        Assert.Single(rows.Select(row => row.Length).Distinct());
        Assert.Contains(rows, row => row.StartsWith("PHOTO", StringComparison.Ordinal) && row.Contains("0.875", StringComparison.Ordinal));
    }

    [Fact]
    public void RandomScoresOverAHundredThousandReportsCarryNoSignal()
    {
        var random = new Random(42);
        var reports = new EvaluatedReport[100_000];
        for (var i = 0; i < reports.Length; i++)
        {
            var probabilities = new double[_count];
            var flags = new bool[_count];
            var truth = random.NextDouble() < 0.3 ? new[] { IseSarCategories.All[random.Next(_count)].Code } : [];
            for (var c = 0; c < _count; c++)
            {
                // Two decimals, so there are many ties, as calibrated outputs have.
                probabilities[c] = Math.Round(random.NextDouble(), 2);
                flags[c] = probabilities[c] >= 0.5;
            }
            reports[i] = new EvaluatedReport(truth, probabilities, flags);
        }
        var metrics = ModelEvaluation.Evaluate(reports, _halves);

        Assert.Equal(100_000, metrics.Reports);
        Assert.InRange(metrics.MacroAuc, 0.45, 0.55); // random scores carry no signal
    }
}
