using System.Globalization;

namespace Pipeline.Fairness;

/// <summary>
/// Computes per-group rates and their disparities to a reference group, for each protected
/// attribute and each pair of attributes, with bootstrap intervals (Aequitas metrics, Fairlearn-style
/// intervals). Insufficient groups and undefined ratios are reported as such, never passed.
/// </summary>
public static class FairnessAudit
{
    private static readonly FairnessMetric[] Metrics = Enum.GetValues<FairnessMetric>();

    /// <summary>Audits <paramref name="rows"/>.</summary>
    /// <param name="rows">The scored decisions.</param>
    /// <param name="options">Settings; see <see cref="FairnessOptions"/>.</param>
    /// <returns>
    /// Group metrics and disparities (empty when no row carries an audited attribute), calibration of
    /// the same groups (empty when no row has a score and a label) and the strongest proxies of each
    /// audited attribute (empty when no row carries features).
    /// </returns>
    /// <remarks>
    /// The intervals come from a nonparametric bootstrap of whole rows: each resample draws as many
    /// rows as there are, with replacement, from all of them (so group sizes vary between resamples),
    /// and every grouping's ratios are computed on that one resample; the bounds are the 2.5th and
    /// 97.5th percentiles of the defined ratios. Rows are first collapsed into joint cells (every
    /// audited attribute's value or its absence, times the outcome), so a resample is a draw of cell
    /// counts: n draws from an alias table of the cells, O(1) each. Resample b uses its own generator,
    /// seeded from (<see cref="FairnessOptions.Seed"/>, b), so results do not depend on threads.
    /// </remarks>
    public static AuditResult Compute(IReadOnlyList<AuditRow> rows, FairnessOptions options) =>
        ComputeOnThreads(rows, options, maxDegreeOfParallelism: -1);

    /// <summary>As <see cref="Compute(IReadOnlyList{AuditRow}, FairnessOptions)"/>, on at most the given number of threads (-1: no limit).</summary>
    internal static AuditResult ComputeOnThreads(IReadOnlyList<AuditRow> rows, FairnessOptions options, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var attributes = options.Attributes?.Distinct(StringComparer.Ordinal).ToArray()
            ?? [.. rows.SelectMany(r => r.Groups.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        var groupings = new List<int[]>();
        groupings.AddRange(Enumerable.Range(0, attributes.Length).Select(a => new[] { a }));
        if (options.IncludeIntersections)
        {
            for (var i = 0; i < attributes.Length; i++)
            {
                for (var j = i + 1; j < attributes.Length; j++)
                {
                    groupings.Add([i, j]);
                }
            }
        }

        var cells = JointCells.Of(rows, attributes);
        var bins = ScoreBins.Of(rows, options.CalibrationBins);
        var binOfRow = bins is null ? null : CalibrationByGroup.BinOfRows(rows, bins);

        var audited = new List<Grouping>();
        foreach (var grouping in groupings)
        {
            if (Grouping.Of(cells, attributes, grouping, options) is { } counted)
            {
                audited.Add(counted);
            }
        }

        var samples = Bootstrap(cells, audited, options.BootstrapSamples, options.Seed, maxDegreeOfParallelism);
        var groups = new List<GroupMetrics>();
        var disparities = new List<Disparity>();
        var calibration = new List<GroupCalibration>();
        for (var i = 0; i < audited.Count; i++)
        {
            var grouping = audited[i];
            groups.AddRange(grouping.Groups);
            disparities.AddRange(Compare(grouping, samples[i], options));
            if (bins is not null)
            {
                var counts = grouping.CountCalibration(rows, cells, bins, binOfRow!);
                for (var g = 0; g < counts.Length; g++)
                {
                    calibration.Add(CalibrationByGroup.Build(grouping.Name, grouping.Groups[g].Label, bins, counts[g]));
                }
            }
        }

        return new AuditResult(groups, disparities)
        {
            Calibration = calibration,
            Proxies = ProxyCheck.Compute(rows, attributes, options.ProxyTopCount, options.ProxyMinimumSupport),
        };
    }

    private static List<Disparity> Compare(Grouping grouping, double[] samples, FairnessOptions options)
    {
        var groups = grouping.Groups;
        var metricCount = Metrics.Length;
        var sampleCount = options.BootstrapSamples;
        var result = new List<Disparity>(groups.Count * metricCount);
        var finite = new List<double>(sampleCount);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (var m = 0; m < metricCount; m++)
            {
                var metric = Metrics[m];
                var r = grouping.References[m];
                var reference = r < 0 ? null : groups[r];
                var groupRate = group.Rate(metric);
                var referenceRate = reference?.Rate(metric);
                string? reason = null;
                var ratio = double.NaN;
                if (reference is null)
                {
                    reason = grouping.MissingReference ?? "no group has a defined " + metric + " to serve as reference";
                }
                else if (!groupRate.IsDefined)
                {
                    reason = "group " + metric + " is undefined (denominator 0)";
                }
                else if (!referenceRate!.IsDefined)
                {
                    reason = "reference " + metric + " is undefined (denominator 0)";
                }
                else if (referenceRate.Value == 0)
                {
                    reason = "reference " + metric + " is 0";
                }
                else
                {
                    ratio = groupRate.Value / referenceRate.Value;
                }

                if (reason is null && group.Insufficient)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"group size {group.Size} is below the minimum {options.MinimumGroupSize}");
                }
                else if (reason is null && reference!.Insufficient)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"reference size {reference.Size} is below the minimum {options.MinimumGroupSize}");
                }

                var verdict = reason is not null ? DisparityVerdict.Insufficient
                    : ratio >= options.PassBandLower && ratio <= options.PassBandUpper ? DisparityVerdict.Pass
                    : DisparityVerdict.Fail;

                finite.Clear();
                foreach (var x in samples.AsSpan(((g * metricCount) + m) * sampleCount, sampleCount))
                {
                    if (double.IsFinite(x))
                    {
                        finite.Add(x);
                    }
                }

                finite.Sort();
                result.Add(new Disparity(
                    grouping.Name,
                    group.Label,
                    reference?.Label,
                    metric,
                    ratio,
                    Percentile(finite, 0.025),
                    Percentile(finite, 0.975),
                    verdict,
                    reason));
            }
        }

        return result;
    }

    private static int ChooseReference(List<GroupMetrics> groups, ReferenceGroup rule, FairnessMetric metric)
    {
        switch (rule.Kind)
        {
            case ReferenceKind.Named:
                return groups.FindIndex(g =>
                    string.Equals(g.Value, rule.Name, StringComparison.Ordinal)
                    || string.Equals(g.Label, rule.Name, StringComparison.Ordinal));
            case ReferenceKind.LowestMetric:
                // Prefer groups large enough to trust; fall back to any group with a defined value.
                var best = LowestDefined(groups, metric, sufficientOnly: true);
                return best >= 0 ? best : LowestDefined(groups, metric, sufficientOnly: false);
            default:
                var largest = 0;
                for (var g = 1; g < groups.Count; g++)
                {
                    if (groups[g].Size > groups[largest].Size)
                    {
                        largest = g;
                    }
                }

                return largest;
        }
    }

    private static int LowestDefined(List<GroupMetrics> groups, FairnessMetric metric, bool sufficientOnly)
    {
        var best = -1;
        var bestValue = double.PositiveInfinity;
        for (var g = 0; g < groups.Count; g++)
        {
            var rate = groups[g].Rate(metric);
            if ((sufficientOnly && groups[g].Insufficient) || !rate.IsDefined)
            {
                continue;
            }

            if (rate.Value < bestValue || (rate.Value == bestValue && groups[g].Size > groups[best].Size))
            {
                best = g;
                bestValue = rate.Value;
            }
        }

        return best;
    }

    /// <summary>
    /// Ratios of every resample, one array per grouping laid out [group, metric, sample]. Resample b
    /// draws n cells from the cells' distribution with its own generator seeded from (seed, b), and
    /// every grouping's group counts are sums of its cell counts, so all groupings see the same
    /// resample and the result does not depend on how resamples are spread over threads.
    /// </summary>
    private static double[][] Bootstrap(JointCells cells, List<Grouping> groupings, int sampleCount, int seed, int maxDegreeOfParallelism)
    {
        var metricCount = Metrics.Length;
        var ratios = groupings.Select(g => new double[g.Groups.Count * metricCount * sampleCount]).ToArray();
        if (sampleCount == 0 || groupings.Count == 0)
        {
            return ratios;
        }

        var table = AliasTable.FromCounts(cells.Counts);
        var draws = cells.CellOfRow.Length;
        var outcomes = cells.Outcomes;
        Parallel.For(
            0,
            sampleCount,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => (Tally: new int[cells.Count], Counts: groupings.Select(g => new long[g.Groups.Count * Outcome.Count]).ToArray()),
            (b, _, scratch) =>
            {
                var random = Xoshiro256StarStar.ForStream(seed, b);
                var tally = scratch.Tally;
                Array.Clear(tally);
                table.Tally(ref random, draws, tally);
                for (var p = 0; p < groupings.Count; p++)
                {
                    var grouping = groupings[p];
                    var groupOfCell = grouping.GroupOfCell;
                    var counts = scratch.Counts[p];
                    Array.Clear(counts);
                    for (var c = 0; c < tally.Length; c++)
                    {
                        var g = groupOfCell[c];
                        if (g >= 0)
                        {
                            counts[(g * Outcome.Count) + outcomes[c]] += tally[c];
                        }
                    }

                    Ratios(grouping, counts, ratios[p], b, sampleCount);
                }

                return scratch;
            },
            _ => { });
        return ratios;
    }

    private static void Ratios(Grouping grouping, long[] counts, double[] ratios, int b, int sampleCount)
    {
        var groupCount = grouping.Groups.Count;
        var metricCount = Metrics.Length;
        long allFlags = 0;
        for (var g = 0; g < groupCount; g++)
        {
            allFlags += Outcome.Flags(counts.AsSpan(g * Outcome.Count, Outcome.Count));
        }

        for (var m = 0; m < metricCount; m++)
        {
            var r = grouping.References[m];
            // A reference absent from the resample, or with a zero rate there, leaves the ratio undefined.
            var referenceValue = r < 0 ? double.NaN
                : Outcome.Value(Metrics[m], counts.AsSpan(r * Outcome.Count, Outcome.Count), allFlags);
            for (var g = 0; g < groupCount; g++)
            {
                var value = Outcome.Value(Metrics[m], counts.AsSpan(g * Outcome.Count, Outcome.Count), allFlags);
                ratios[(((g * metricCount) + m) * sampleCount) + b] = referenceValue > 0 ? value / referenceValue : double.NaN;
            }
        }
    }

    /// <summary>Linear-interpolation percentile of sorted values; NaN when there are none.</summary>
    internal static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>One audited attribute or intersection: its groups, in label order, and where each cell falls.</summary>
    private sealed class Grouping
    {
        private Grouping(string name, List<GroupMetrics> groups, int[] groupOfCell, int[] references, string? missingReference)
        {
            Name = name;
            Groups = groups;
            GroupOfCell = groupOfCell;
            References = references;
            MissingReference = missingReference;
        }

        /// <summary>The attribute, or the attributes joined by <c> &amp; </c>.</summary>
        public string Name { get; }

        public List<GroupMetrics> Groups { get; }

        /// <summary>Per cell, the index of its group, or -1 when its rows lack one of the attributes.</summary>
        public int[] GroupOfCell { get; }

        /// <summary>Per metric, the index of the reference group, or -1 when none could be chosen.</summary>
        public int[] References { get; }

        public string? MissingReference { get; }

        /// <summary>The groups of <paramref name="grouping"/> (attribute indices); null when no row has all its attributes.</summary>
        public static Grouping? Of(JointCells cells, string[] attributes, int[] grouping, FairnessOptions options)
        {
            var groupOfCell = new int[cells.Count];
            var index = new Dictionary<long, int>();
            var codes = new List<int[]>();
            var counts = new List<long[]>();
            for (var c = 0; c < cells.Count; c++)
            {
                long key = 0;
                var code = new int[grouping.Length];
                for (var k = 0; k < grouping.Length && key >= 0; k++)
                {
                    code[k] = cells.Value(c, grouping[k]);
                    key = code[k] == 0 ? -1 : checked((key * (cells.ValueCount(grouping[k]) + 1L)) + code[k]);
                }

                if (key < 0)
                {
                    groupOfCell[c] = -1;
                    continue;
                }

                // Cells come in order of first appearance, so groups are numbered that way too.
                if (!index.TryGetValue(key, out var g))
                {
                    g = codes.Count;
                    index.Add(key, g);
                    codes.Add(code);
                    counts.Add(new long[Outcome.Count]);
                }

                groupOfCell[c] = g;
                counts[g][cells.Outcomes[c]] += cells.Counts[c];
            }

            if (codes.Count == 0)
            {
                return null;
            }

            var name = string.Join(" & ", grouping.Select(a => attributes[a]));
            var allFlags = counts.Sum(c => Outcome.Flags(c));
            var unordered = codes.Select((code, g) => new GroupMetrics(
                name,
                string.Join(" & ", code.Select((v, k) => cells.ValueName(grouping[k], v))),
                string.Join(" & ", code.Select((v, k) => attributes[grouping[k]] + "=" + cells.ValueName(grouping[k], v))),
                counts[g],
                allFlags,
                options.MinimumGroupSize)).ToList();

            // Label order (stable, so equal labels keep their order of appearance).
            var order = Enumerable.Range(0, unordered.Count).OrderBy(g => unordered[g].Label, StringComparer.Ordinal).ToArray();
            var rank = new int[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                rank[order[i]] = i;
            }

            for (var c = 0; c < groupOfCell.Length; c++)
            {
                groupOfCell[c] = groupOfCell[c] < 0 ? -1 : rank[groupOfCell[c]];
            }

            var groups = order.Select(g => unordered[g]).ToList();
            var rule = options.ReferenceByAttribute.TryGetValue(name, out var specific) ? specific : options.Reference;
            var references = Metrics.Select(m => ChooseReference(groups, rule, m)).ToArray();
            var missing = rule.Kind == ReferenceKind.Named && references[0] < 0
                ? "reference group '" + rule.Name + "' is not present"
                : null;
            return new Grouping(name, groups, groupOfCell, references, missing);
        }

        /// <summary>Calibration counts of every group, from the rows in order (so score sums add up the same way every run).</summary>
        public CalibrationCounts[] CountCalibration(IReadOnlyList<AuditRow> rows, JointCells cells, ScoreBins bins, int[] binOfRow)
        {
            var result = new CalibrationCounts[Groups.Count];
            for (var g = 0; g < result.Length; g++)
            {
                result[g] = new CalibrationCounts(bins.Count);
            }

            var cellOfRow = cells.CellOfRow;
            for (var r = 0; r < binOfRow.Length; r++)
            {
                var g = GroupOfCell[cellOfRow[r]];
                if (g >= 0 && binOfRow[r] >= 0)
                {
                    result[g].Add(binOfRow[r], rows[r]);
                }
            }

            return result;
        }
    }
}
