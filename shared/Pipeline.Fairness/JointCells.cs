using System.Runtime.InteropServices;

namespace Pipeline.Fairness;

/// <summary>
/// The rows collapsed into joint cells: one cell per combination of every audited attribute's value
/// (or its absence) and the row's outcome code. Any grouping's group counts are sums of cell
/// counts, so a bootstrap resample only needs counts per cell.
/// </summary>
/// <remarks>
/// Cells are numbered in order of first appearance in the rows, so anything numbered by walking
/// the cells in order is numbered by first appearance in the rows too.
/// </remarks>
internal sealed class JointCells
{
    private readonly int _attributeCount;

    // Per cell and attribute: 0 when the cell's rows lack the attribute, else 1 + the value's index.
    private readonly int[] _values;
    private readonly List<string>[] _valueNames;

    private JointCells(int attributeCount, int[] cellOfRow, int[] values, int[] outcomes, long[] counts, List<string>[] valueNames)
    {
        _attributeCount = attributeCount;
        CellOfRow = cellOfRow;
        _values = values;
        Outcomes = outcomes;
        Counts = counts;
        _valueNames = valueNames;
    }

    /// <summary>Number of cells.</summary>
    public int Count => Counts.Length;

    /// <summary>The cell of every row.</summary>
    public int[] CellOfRow { get; }

    /// <summary>Outcome code (<see cref="Outcome"/>) of every cell.</summary>
    public int[] Outcomes { get; }

    /// <summary>Rows in every cell.</summary>
    public long[] Counts { get; }

    /// <summary>Collapses <paramref name="rows"/> over <paramref name="attributes"/>.</summary>
    public static JointCells Of(IReadOnlyList<AuditRow> rows, IReadOnlyList<string> attributes)
    {
        var attributeCount = attributes.Count;
        var valueIndex = new Dictionary<string, int>[attributeCount];
        var valueNames = new List<string>[attributeCount];
        for (var a = 0; a < attributeCount; a++)
        {
            valueIndex[a] = new Dictionary<string, int>(StringComparer.Ordinal);
            valueNames[a] = [];
        }

        // A cell is found one attribute at a time: (cell so far, next value) -> next partial cell,
        // starting from the outcome code; the last step's numbers are the cells.
        var steps = new Dictionary<long, int>[attributeCount];
        for (var a = 0; a < attributeCount; a++)
        {
            steps[a] = [];
        }

        var cellOfRow = new int[rows.Count];
        var rowValues = new int[attributeCount];
        var values = new List<int>();
        var outcomes = new List<int>();
        var counts = new List<long>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var outcome = Outcome.Code(row.Flagged, row.Label);
            var id = outcome;
            var isNew = false;
            for (var a = 0; a < attributeCount; a++)
            {
                var v = 0;
                if (row.Groups.TryGetValue(attributes[a], out var value))
                {
                    ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(valueIndex[a], value, out var exists);
                    if (!exists)
                    {
                        valueNames[a].Add(value);
                        known = valueNames[a].Count;
                    }

                    v = known;
                }

                rowValues[a] = v;
                ref var next = ref CollectionsMarshal.GetValueRefOrAddDefault(steps[a], ((long)id << 32) | (uint)v, out var seen);
                if (!seen)
                {
                    next = steps[a].Count - 1;
                    isNew = a == attributeCount - 1;
                }

                id = next;
            }

            if (attributeCount == 0)
            {
                // Without attributes the outcome alone is the cell: number outcomes by appearance too.
                var existing = outcomes.IndexOf(outcome);
                id = existing >= 0 ? existing : outcomes.Count;
                isNew = existing < 0;
            }

            if (isNew)
            {
                values.AddRange(rowValues);
                outcomes.Add(outcome);
                counts.Add(0);
            }

            counts[id]++;
            cellOfRow[r] = id;
        }

        return new JointCells(attributeCount, cellOfRow, [.. values], [.. outcomes], [.. counts], valueNames);
    }

    /// <summary>The value code of <paramref name="attribute"/> in <paramref name="cell"/>: 0 when absent, else 1 + its index.</summary>
    public int Value(int cell, int attribute) => _values[(cell * _attributeCount) + attribute];

    /// <summary>The text of value code <paramref name="code"/> (1 or more) of <paramref name="attribute"/>.</summary>
    public string ValueName(int attribute, int code) => _valueNames[attribute][code - 1];

    /// <summary>Number of distinct values of <paramref name="attribute"/>.</summary>
    public int ValueCount(int attribute) => _valueNames[attribute].Count;
}
