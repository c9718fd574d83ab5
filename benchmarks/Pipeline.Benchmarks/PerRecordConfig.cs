using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Pipeline.Benchmarks;

/// <summary>How many source records one benchmark operation reads (1 when absent).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordsPerOperationAttribute(int records) : Attribute
{
    /// <summary>Records per operation.</summary>
    public int Records { get; } = records;
}

/// <summary>Adds per-record columns (time, records/s, allocated bytes) next to BenchmarkDotNet's per-operation ones.</summary>
public sealed class PerRecordConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public PerRecordConfig() =>
        AddColumn(
            new PerRecordColumn("Time/record", "Mean time per record (Mean / records per operation)", 0, (mean, _) => mean is { } ns ? Time(ns) : "NA"),
            new PerRecordColumn("Records/s", "Records parsed and mapped per second on one thread (1 s / Time/record)", 1, (mean, _) => mean is { } ns ? (1e9 / ns).ToString("N0", CultureInfo.InvariantCulture) : "NA"),
            new PerRecordColumn("Alloc/record", "Managed bytes allocated per record (Allocated / records per operation)", 2, (_, bytes) => bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) + " B" : "NA"));

    private static string Time(double nanoseconds) =>
        nanoseconds >= 1000
            ? (nanoseconds / 1000).ToString("N2", CultureInfo.InvariantCulture) + " μs"
            : nanoseconds.ToString("N0", CultureInfo.InvariantCulture) + " ns";

    /// <summary>A column computed from the per-record mean time (ns) and allocated bytes.</summary>
    private sealed class PerRecordColumn(string name, string legend, int priority, Func<double?, double?, string> format) : IColumn
    {
        public string Id => "PerRecord." + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => priority;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var records = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<RecordsPerOperationAttribute>()?.Records ?? 1;
            double? mean = report?.ResultStatistics is { } statistics ? statistics.Mean / records : null;
            double? allocated = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? (double)bytes / records : null;
            return format(mean, allocated);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
