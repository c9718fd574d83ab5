using System.Globalization;
using Spectre.Console;

namespace Pipeline.Cli.Demo;

/// <summary>Prints a demo summary as tables.</summary>
internal static class DemoReport
{
    public static void Write(IAnsiConsole console, DemoSummary summary)
    {
        var totals = new Table().Title("Demo summary").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        totals.AddRow("records in (published)", N(summary.Published));
        totals.AddRow("stored (new reports)", N(summary.Stored));
        totals.AddRow("duplicates (resends)", N(summary.Duplicates));
        totals.AddRow("rejected to dead-letter topics", N(summary.Rejected));
        totals.AddRow("alerts", N(summary.Alerts));
        if (summary.Incidents.Count > 0)
        {
            totals.AddRow("incidents (of several reports)", $"{N(summary.Incidents.Count)} ({N(summary.Incidents.Count(c => c > 1))})");
            totals.AddRow("links / possible duplicates", $"{N(summary.Links.GetValueOrDefault("Link"))} / {N(summary.Links.GetValueOrDefault("PossibleDuplicate"))}");
        }
        totals.AddRow("wall time", summary.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
        totals.AddRow("end-to-end throughput", summary.Throughput.ToString("N0", CultureInfo.InvariantCulture) + " records/s");
        console.Write(totals);

        if (summary.RejectionsByReason.Count > 0)
        {
            var reasons = new Table().Title("Dead-lettered, by reason").AddColumn("reason").AddColumn(new TableColumn("count").RightAligned());
            foreach (var (reason, count) in summary.RejectionsByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
            {
                reasons.AddRow(Markup.Escape(reason), N(count));
            }
            console.Write(reasons);
        }

        if (summary.Located.Count > 0)
        {
            var located = new Table().Title("Stored reports, by location precision").AddColumn("precision").AddColumn("provider").AddColumn(new TableColumn("reports").RightAligned());
            foreach (var (precision, provider, reports) in summary.Located)
            {
                located.AddRow(precision.ToString(), Markup.Escape(provider), N(reports));
            }
            console.Write(located);
        }

        var categories = new Table().Title("Alerts by ISE-SAR category").AddColumn("category").AddColumn(new TableColumn("alerts").RightAligned());
        foreach (var (category, count) in summary.AlertsByCategory.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            categories.AddRow(Markup.Escape(category), N(count));
        }
        console.Write(categories);

        var verdict = summary.Reconciles
            ? $"[green]Every record accounted for:[/] {N(summary.Published)} in = {N(summary.Stored)} stored + {N(summary.Duplicates)} duplicates + {N(summary.Rejected)} rejected"
            : $"[red]Counts do not reconcile:[/] {N(summary.Published)} in, but {N(summary.Stored)} stored + {N(summary.Duplicates)} duplicates + {N(summary.Rejected)} rejected = {N(summary.Stored + summary.Duplicates + summary.Rejected)}";
        console.MarkupLine(verdict);
        if (!summary.MatchesExpectations)
        {
            console.MarkupLine($"[yellow]The generator expected[/] {summary.ExpectedValid} valid, {summary.ExpectedDuplicates} duplicates, {summary.ExpectedMalformed} malformed.");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
