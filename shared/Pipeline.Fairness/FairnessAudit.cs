using System.Globalization;

namespace Pipeline.Fairness;

/// <summary>
/// Computes per-group rates and their disparities to a reference group, for each protected
/// attribute and each pair of attributes, with bootstrap intervals (Aequitas metrics, Fairlearn-style
/// intervals). Insufficient groups and undefined ratios are reported as such, never passed.
/// </summary>
public static class FairnessAudit
{
    private const string KeySeparator = "\u001F";
    private static readonly FairnessMetric[] Metrics = Enum.GetValues<FairnessMetric>();

    /// <summary>Audits <paramref name="rows"/>.</summary>
    /// <param name="rows">The scored decisions.</param>
    /// <param name="options">Settings; see <see cref="FairnessOptions"/>.</param>
    /// <returns>
    /// Group metrics and disparities (empty when no row carries an audited attribute), calibration of
    /// the same groups (empty when no row has a score and a label) and the strongest proxies of each
    /// audited attribute (empty when no row carries features).
    /// </returns>
    public static AuditResult Compute(IReadOnlyList<AuditRow> rows, FairnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var attributes = options.Attributes?.Distinct(StringComparer.Ordinal).ToArray()
            ?? [.. rows.SelectMany(r => r.Groups.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        var groupings = new List<string[]>();
        groupings.AddRange(attributes.Select(a => new[] { a }));
        if (options.IncludeIntersections)
        {
            for (var i = 0; i < attributes.Length; i++)
            {
                for (var j = i + 1; j < attributes.Length; j++)
                {
                    groupings.Add([attributes[i], attributes[j]]);
                }
            }
        }

        var bins = ScoreBins.Of(rows, options.CalibrationBins);
        var binOfRow = bins is null ? null : CalibrationByGroup.BinOfRows(rows, bins);

        var seeds = new Random(options.Seed);
        var groups = new List<GroupMetrics>();
        var disparities = new List<Disparity>();
        var calibration = new List<GroupCalibration>();
        foreach (var grouping in groupings)
        {
            var counted = CountGroups(rows, grouping, options.MinimumGroupSize, bins, binOfRow);
            if (counted.Count == 0)
            {
                continue;
            }

            var attributeGroups = counted.ConvertAll(c => c.Metrics);
            var attributeName = string.Join(" & ", grouping);
            var rule = options.ReferenceByAttribute.TryGetValue(attributeName, out var specific) ? specific : options.Reference;
            var sampleSeeds = new int[options.BootstrapSamples];
            for (var b = 0; b < sampleSeeds.Length; b++)
            {
                sampleSeeds[b] = seeds.Next();
            }

            groups.AddRange(attributeGroups);
            disparities.AddRange(Compare(attributeName, attributeGroups, rule, sampleSeeds, options));
            if (bins is not null)
            {
                calibration.AddRange(counted.Select(c => CalibrationByGroup.Build(attributeName, c.Metrics.Label, bins, c.Calibration!)));
            }
        }

        return new AuditResult(groups, disparities)
        {
            Calibration = calibration,
            Proxies = ProxyCheck.Compute(rows, attributes, options.ProxyTopCount, options.ProxyMinimumSupport),
        };
    }

    private static List<(GroupMetrics Metrics, CalibrationCounts? Calibration)> CountGroups(
        IReadOnlyList<AuditRow> rows, string[] grouping, int minimumGroupSize, ScoreBins? bins, int[]? binOfRow)
    {
        var index = new Dictionary<string, (string[] Values, long[] Counts, CalibrationCounts? Calibration)>(StringComparer.Ordinal);
        var values = new string[grouping.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var complete = true;
            for (var k = 0; k < grouping.Length && complete; k++)
            {
                complete = row.Groups.TryGetValue(grouping[k], out values[k]!);
            }

            if (!complete)
            {
                continue;
            }

            var key = grouping.Length == 1 ? values[0] : string.Join(KeySeparator, values);
            if (!index.TryGetValue(key, out var entry))
            {
                entry = ([.. values], new long[Outcome.Count], bins is null ? null : new CalibrationCounts(bins.Count));
                index.Add(key, entry);
            }

            entry.Counts[Outcome.Code(row.Flagged, row.Label)]++;
            if (binOfRow is not null && binOfRow[r] >= 0)
            {
                entry.Calibration!.Add(binOfRow[r], row);
            }
        }

        var allFlags = index.Values.Sum(e => Outcome.Flags(e.Counts));
        var attribute = string.Join(" & ", grouping);
        return [.. index.Values
            .Select(e => (Metrics: new GroupMetrics(
                attribute,
                string.Join(" & ", e.Values),
                string.Join(" & ", grouping.Select((a, k) => a + "=" + e.Values[k])),
                e.Counts,
                allFlags,
                minimumGroupSize), e.Calibration))
            .OrderBy(g => g.Metrics.Label, StringComparer.Ordinal)];
    }

    private static List<Disparity> Compare(
        string attribute, List<GroupMetrics> groups, ReferenceGroup rule, int[] sampleSeeds, FairnessOptions options)
    {
        var metricCount = Metrics.Length;
        var references = new int[metricCount];
        string? missingReference = null;
        for (var m = 0; m < metricCount; m++)
        {
            references[m] = ChooseReference(groups, rule, Metrics[m]);
        }

        if (rule.Kind == ReferenceKind.Named && references[0] < 0)
        {
            missingReference = "reference group '" + rule.Name + "' is not present";
        }

        var samples = Bootstrap(groups, references, sampleSeeds);
        var result = new List<Disparity>(groups.Count * metricCount);
        var finite = new List<double>(sampleSeeds.Length);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (var m = 0; m < metricCount; m++)
            {
                var metric = Metrics[m];
                var r = references[m];
                var reference = r < 0 ? null : groups[r];
                var groupRate = group.Rate(metric);
                var referenceRate = reference?.Rate(metric);
                string? reason = null;
                var ratio = double.NaN;
                if (reference is null)
                {
                    reason = missingReference ?? "no group has a defined " + metric + " to serve as reference";
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
                for (var b = 0; b < sampleSeeds.Length; b++)
                {
                    var x = samples[(((b * groups.Count) + g) * metricCount) + m];
                    if (double.IsFinite(x))
                    {
                        finite.Add(x);
                    }
                }

                finite.Sort();
                result.Add(new Disparity(
                    attribute,
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
    /// Ratios of every resample, laid out [sample, group, metric]. Each sample resamples every group's
    /// rows with replacement from its outcome counts (equivalent to resampling its rows) using its own
    /// seeded generator, so the result does not depend on how samples are spread over threads.
    /// </summary>
    private static double[] Bootstrap(List<GroupMetrics> groups, int[] references, int[] sampleSeeds)
    {
        var groupCount = groups.Count;
        var metricCount = Metrics.Length;
        var ratios = new double[sampleSeeds.Length * groupCount * metricCount];
        var cumulative = new long[groupCount * Outcome.Count];
        for (var g = 0; g < groupCount; g++)
        {
            long running = 0;
            var counts = groups[g].Counts;
            for (var k = 0; k < Outcome.Count; k++)
            {
                running += counts[k];
                cumulative[(g * Outcome.Count) + k] = running;
            }
        }

        Parallel.For(0, sampleSeeds.Length, b =>
        {
            // Seeded on purpose: audits must be reproducible; this is statistics, not security.
#pragma warning disable CA5394
            var random = new Random(sampleSeeds[b]);
            var counts = new long[groupCount * Outcome.Count];
            for (var g = 0; g < groupCount; g++)
            {
                var cum = cumulative.AsSpan(g * Outcome.Count, Outcome.Count);
                var own = counts.AsSpan(g * Outcome.Count, Outcome.Count);
                var size = (int)cum[Outcome.Count - 1];
                for (var i = 0; i < size; i++)
                {
                    long u = random.Next(size);
                    var k = 0;
                    while (u >= cum[k])
                    {
                        k++;
                    }

                    own[k]++;
                }
            }
#pragma warning restore CA5394

            long allFlags = 0;
            for (var g = 0; g < groupCount; g++)
            {
                allFlags += Outcome.Flags(counts.AsSpan(g * Outcome.Count, Outcome.Count));
            }

            var offset = b * groupCount * metricCount;
            for (var m = 0; m < metricCount; m++)
            {
                var r = references[m];
                var referenceValue = r < 0 ? double.NaN
                    : Outcome.Value(Metrics[m], counts.AsSpan(r * Outcome.Count, Outcome.Count), allFlags);
                for (var g = 0; g < groupCount; g++)
                {
                    var value = Outcome.Value(Metrics[m], counts.AsSpan(g * Outcome.Count, Outcome.Count), allFlags);
                    ratios[offset + (g * metricCount) + m] = referenceValue > 0 ? value / referenceValue : double.NaN;
                }
            }
        });

        return ratios;
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
}
