using System.Globalization;
using Pipeline.Contracts;
using Pipeline.Geo.Gazetteer;

namespace Pipeline.Geo.Geocoding;

/// <summary>One row of a labelled address set: the text a feed wrote, and where and how precisely it truly is.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Input">The address text.</param>
/// <param name="City">City column, when the feed gives one.</param>
/// <param name="State">State column.</param>
/// <param name="PostalCode">ZIP column.</param>
/// <param name="TruthLatitude">True latitude, when the place can be found at all.</param>
/// <param name="TruthLongitude">True longitude.</param>
/// <param name="TruthPrecision">The best precision this input can honestly get.</param>
/// <param name="Style">How the input is written ("block", "typo"...).</param>
public sealed record LabelledAddress(string Id, string Input, string? City, string? State, string? PostalCode, double? TruthLatitude, double? TruthLongitude, LocationPrecision TruthPrecision, string Style);

/// <summary>How one style of input fared.</summary>
/// <param name="Style">The style.</param>
/// <param name="Rows">Rows of that style.</param>
/// <param name="AtTruthPrecision">Rows resolved at their truth precision or better.</param>
/// <param name="MedianErrorMetres">Median distance from the truth of the rows placed, or null when none.</param>
public sealed record StyleOutcome(string Style, int Rows, int AtTruthPrecision, double? MedianErrorMetres);

/// <summary>The chain's accuracy on a labelled set.</summary>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="BlockOrBetterRows">Rows whose truth is block precision or better.</param>
/// <param name="ResolvedBlockOrBetter">Of those, rows the chain placed at block precision or better.</param>
/// <param name="MedianErrorMetres">Median distance from the truth over every row placed that has a truth point.</param>
/// <param name="P95ErrorMetres">95th percentile of the same distances.</param>
/// <param name="OverPrecise">Rows labelled more precise than their truth allows (must be zero).</param>
/// <param name="ByPrecision">Rows per result precision.</param>
/// <param name="ByStyle">Outcomes per input style.</param>
public sealed record EvaluationResult(
    int Rows, int BlockOrBetterRows, int ResolvedBlockOrBetter, double MedianErrorMetres, double P95ErrorMetres, int OverPrecise,
    IReadOnlyDictionary<LocationPrecision, int> ByPrecision, IReadOnlyList<StyleOutcome> ByStyle)
{
    /// <summary>Share of block-or-better rows resolved at block or better.</summary>
    public double BlockOrBetterRate => BlockOrBetterRows == 0 ? 0 : (double)ResolvedBlockOrBetter / BlockOrBetterRows;
}

/// <summary>Runs a geocoder chain over a labelled address set and measures it.</summary>
public static class GeocoderEvaluation
{
    /// <summary>Reads a labelled set: CSV <c>id,input,city,state,zip,truth_lat,truth_lon,truth_precision,style</c>.</summary>
    public static IReadOnlyList<LabelledAddress> Read(string path)
    {
        using var reader = new StreamReader(path);
        var csv = new CsvRowReader(reader);
        var fields = new List<string>();
        if (!csv.TryReadRow(fields, out _, out _))
        {
            throw new InvalidDataException($"{path}: empty");
        }
        var header = new CsvHeader(fields);
        int Column(string name) => header.Find(name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no '{name}' column");
        int id = Column("id"), input = Column("input"), city = Column("city"), state = Column("state"), zip = Column("zip"),
            lat = Column("truth_lat"), lon = Column("truth_lon"), precision = Column("truth_precision"), style = Column("style");
        var rows = new List<LabelledAddress>();
        while (csv.TryReadRow(fields, out var line, out var error))
        {
            if (error is not null)
            {
                throw new InvalidDataException($"{path}:{line}: {error}");
            }
            rows.Add(new LabelledAddress(
                fields[id], fields[input], Empty(fields[city]), Empty(fields[state]), Empty(fields[zip]),
                Number(fields[lat]), Number(fields[lon]),
                Enum.Parse<LocationPrecision>(fields[precision]), fields[style]));
        }
        return rows;
    }

    /// <summary>Places every row with <paramref name="chain"/> (as text, without coordinates) and compares with the truth.</summary>
    public static async Task<EvaluationResult> EvaluateAsync(GeocoderChain chain, IReadOnlyList<LabelledAddress> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(rows);
        var placed = await chain.PlaceAllAsync([.. rows.Select(r => new GeocodeRequest(r.Input, null, null, r.City, r.State, r.PostalCode))], cancellationToken);
        var errors = new List<double>();
        var byPrecision = new Dictionary<LocationPrecision, int>();
        var styles = new Dictionary<string, (int Rows, int AtTruth, List<double> Errors)>(StringComparer.Ordinal);
        int blockRows = 0, blockResolved = 0, overPrecise = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var result = placed[i].Result;
            byPrecision[result.Precision] = byPrecision.GetValueOrDefault(result.Precision) + 1;
            if (!styles.TryGetValue(row.Style, out var style))
            {
                style = (0, 0, []);
            }
            style.Rows++;
            if (PrecisionOrder.IsAtLeast(result.Precision, row.TruthPrecision))
            {
                style.AtTruth++;
            }
            if (PrecisionOrder.IsAtLeast(row.TruthPrecision, LocationPrecision.Block))
            {
                blockRows++;
                if (PrecisionOrder.IsAtLeast(result.Precision, LocationPrecision.Block))
                {
                    blockResolved++;
                }
            }
            if (result.Found && PrecisionOrder.Rank(result.Precision) < PrecisionOrder.Rank(row.TruthPrecision))
            {
                overPrecise++;
            }
            if (result.Found && row.TruthLatitude is { } tLat && row.TruthLongitude is { } tLon)
            {
                var metres = GeoDistance.Metres(tLat, tLon, result.Latitude!.Value, result.Longitude!.Value);
                errors.Add(metres);
                style.Errors.Add(metres);
            }
            styles[row.Style] = style;
        }
        return new EvaluationResult(
            rows.Count, blockRows, blockResolved, Percentile(errors, 0.5) ?? 0, Percentile(errors, 0.95) ?? 0, overPrecise, byPrecision,
            [.. styles.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new StyleOutcome(s.Key, s.Value.Rows, s.Value.AtTruth, Percentile(s.Value.Errors, 0.5)))]);
    }

    private static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private static string? Empty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
