namespace Pipeline.Dedup.Linking;

/// <summary>
/// Fine geographic cells for blocking. A fine cell is 1/64 of a <see cref="PartitionKeys"/>
/// coarse cell on each side (0.25° / 64 = 0.00390625°: about 434 m of latitude, and 296 m of
/// longitude at 47° N), so fine cells nest exactly inside coarse cells and a fine cell never
/// straddles two partitions. Blocking looks at a report's fine cell and its 8 neighbours, so
/// every pair closer than one cell width (at least about 300 m at mid latitudes) is compared.
/// A fine cell on the edge of its coarse cell has neighbours on another coarse cell, which may be
/// owned by another partition: pairs across that border are not found by one window (see
/// docs/dedup.md for the trade-off).
/// </summary>
public static class GeoCells
{
    /// <summary>Fine cells per coarse cell along each side.</summary>
    public const int FinePerCoarse = 64;

    /// <summary>Fine cell size in degrees.</summary>
    public const double FineCellDegrees = PartitionKeys.CoarseCellDegrees / FinePerCoarse;

    /// <summary>The cell id used for reports without coordinates: they are blocked only with each other.</summary>
    public const long NoLocation = long.MinValue;

    /// <summary>The fine cell of a point: its row and column packed into one value.</summary>
    public static long FineCell(double latitude, double longitude) =>
        Pack((int)Math.Floor(latitude / FineCellDegrees), (int)Math.Floor(longitude / FineCellDegrees));

    /// <summary>Packs a row and a column into a cell id.</summary>
    public static long Pack(int row, int column) => ((long)row << 32) | (uint)column;

    /// <summary>The row of a cell id.</summary>
    public static int Row(long cell) => (int)(cell >> 32);

    /// <summary>The column of a cell id.</summary>
    public static int Column(long cell) => (int)(cell & 0xFFFF_FFFF);

    /// <summary>Writes the cell and its 8 neighbours (9 ids, the cell first) into <paramref name="destination"/>.</summary>
    public static void WithNeighbours(long cell, Span<long> destination)
    {
        if (destination.Length < 9)
        {
            throw new ArgumentException("Needs room for 9 cells.", nameof(destination));
        }
        var row = Row(cell);
        var column = Column(cell);
        destination[0] = cell;
        var i = 1;
        for (var dr = -1; dr <= 1; dr++)
        {
            for (var dc = -1; dc <= 1; dc++)
            {
                if (dr != 0 || dc != 0)
                {
                    destination[i++] = Pack(row + dr, column + dc);
                }
            }
        }
    }

    /// <summary>The coarse cell (as in <see cref="PartitionKeys.For"/>: row and column) that holds a fine cell.</summary>
    public static (int Row, int Column) CoarseCellOf(long cell) =>
        (Row(cell) >> 6, Column(cell) >> 6); // arithmetic shift = floor division by 64, negative rows included

    /// <summary>True when some neighbour of the cell lies in another coarse cell (and so maybe on another partition).</summary>
    public static bool TouchesCoarseBorder(long cell)
    {
        var row = Row(cell) & (FinePerCoarse - 1);
        var column = Column(cell) & (FinePerCoarse - 1);
        return row == 0 || column == 0 || row == FinePerCoarse - 1 || column == FinePerCoarse - 1;
    }
}
