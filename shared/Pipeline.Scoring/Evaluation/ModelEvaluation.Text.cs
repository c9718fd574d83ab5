using System.Globalization;
using System.Text;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Evaluation;

public static partial class ModelEvaluation
{
    private const int ConfusionHeaderWidth = 5;

    /// <summary>
    /// Renders <paramref name="metrics"/> as fixed-width plain-text tables for a terminal: the per-category
    /// table (code, group, support, precision, recall, F1, AUC, average precision, threshold), the macro and
    /// micro lines, the exact-match and false-alarm lines, the ECE, the confusion table (column headers
    /// abbreviated to five characters, in the same order as the rows) and the calibration bins.
    /// </summary>
    /// <param name="metrics">Output of <see cref="Evaluate(IReadOnlyList{EvaluatedReport}, IReadOnlyList{double}, int)"/>.</param>
    /// <returns>The text, lines separated by '\n'; an undefined (NaN) value prints as "-".</returns>
    public static string FormatText(ModelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();

        text.Append(culture, $"ISE-SAR model evaluation: {metrics.Reports:N0} reports\n\n");
        text.Append(culture, $"{"Code",-9} {"Grp",-3} {"Support",8} {"Prec",6} {"Recall",6} {"F1",6} {"AUC",6} {"AP",6} {"Thresh",6}\n");
        foreach (var m in metrics.Categories)
        {
            var group = IseSarCategories.Find(m.Category)?.Group.ToString() ?? "?";
            text.Append(culture, $"{m.Category,-9} {group,-3} {m.Support,8:N0} {Number(m.Precision),6} {Number(m.Recall),6} {Number(m.F1),6} {Number(m.Auc),6} {Number(m.AveragePrecision),6} {Number(m.Threshold),6}\n");
        }

        var withSupport = metrics.Categories.Count(m => m.Support > 0);
        var withAuc = metrics.Categories.Count(m => !double.IsNaN(m.Auc));
        var negatives = metrics.Negatives;
        text.Append('\n');
        text.Append(culture, $"Macro F1          {Number(metrics.MacroF1),6}  (mean over {withSupport} categories with support)\n");
        text.Append(culture, $"Micro F1          {Number(metrics.MicroF1),6}  (pooled TP/FP/FN)\n");
        text.Append(culture, $"Macro AUC         {Number(metrics.MacroAuc),6}  (mean over {withAuc} categories with both classes)\n");
        text.Append(culture, $"Exact match rate  {Number(metrics.ExactMatchRate),6}  (flagged set equals true set)\n");
        text.Append(culture, $"False alarm rate  {Number(negatives.FalseAlarmRate),6}  ({negatives.FalseAlarms:N0} of {negatives.Reports:N0} reports with no true category got a flag)\n");
        text.Append(culture, $"ECE               {Number(metrics.ExpectedCalibrationError, "0.0000"),6}  ({metrics.Calibration.Count} equal-width bins, pooled over categories)\n");

        AppendConfusion(text, metrics.Confusion, culture);
        AppendCalibration(text, metrics.Calibration, culture);
        return text.ToString();
    }

    private static void AppendConfusion(StringBuilder text, ConfusionTable table, CultureInfo culture)
    {
        var labels = table.Labels;
        var counts = table.Counts;
        var size = Math.Min(labels.Count, Math.Min(counts.GetLength(0), counts.GetLength(1)));
        var largest = 0;
        foreach (var count in counts)
        {
            largest = Math.Max(largest, count);
        }
        var cell = Math.Max(ConfusionHeaderWidth, largest.ToString(culture).Length) + 1;
        var rowLabel = Math.Max("true\\pred".Length, labels.Count == 0 ? 0 : labels.Max(l => l.Length)) + 1;

        text.Append("\nConfusion (rows: each true category of a report; columns: its highest-probability flagged category)\n");
        text.Append("true\\pred".PadRight(rowLabel));
        for (var column = 0; column < size; column++)
        {
            var label = labels[column];
            text.Append((label.Length > ConfusionHeaderWidth ? label[..ConfusionHeaderWidth] : label).PadLeft(cell));
        }
        text.Append('\n');
        for (var row = 0; row < size; row++)
        {
            text.Append(labels[row].PadRight(rowLabel));
            for (var column = 0; column < size; column++)
            {
                text.Append(counts[row, column].ToString(culture).PadLeft(cell));
            }
            text.Append('\n');
        }
    }

    private static void AppendCalibration(StringBuilder text, IReadOnlyList<CalibrationBin> bins, CultureInfo culture)
    {
        text.Append("\nCalibration (probability, truth) pairs pooled over categories\n");
        text.Append(culture, $"{"Bin",-11} {"Count",10} {"Mean p",7} {"Observed",8}\n");
        foreach (var bin in bins)
        {
            var range = string.Create(culture, $"{bin.Lower:0.00}-{bin.Upper:0.00}");
            text.Append(culture, $"{range,-11} {bin.Count,10:N0} {Number(bin.MeanPredicted),7} {Number(bin.ObservedRate),8}\n");
        }
    }

    private static string Number(double value, string format = "0.000") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
