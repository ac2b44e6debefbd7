using System.CommandLine;
using Spectre.Console;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary><c>compare REF REF…</c>: metrics and parameters side by side, differences highlighted; CSV and PNG on request.</summary>
public static class CompareCommand
{
    public static Command Create(CliOptions options)
    {
        var references = new Argument<string[]>("versions") { Description = "Two or more of name/3, name@alias, name.", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<string?>("--csv") { Description = "Also write the comparison as CSV to this file.", HelpName = "FILE" };
        var chart = new Option<string?>("--chart") { Description = "Also draw a metric across the versions as a PNG.", HelpName = "FILE.png" };
        var metric = new Option<string?>("--metric") { Description = "The metric --chart draws (default: accuracy, else the first).", HelpName = "NAME" };
        var command = new Command("compare", "Compare versions: metrics and parameters, differences highlighted.") { references, csv, chart, metric };
        command.SetAction(result =>
        {
            var comparison = options.OpenRegistry(result).Compare(result.GetValue(references)!);
            var output = options.Output(result);
            if (result.GetValue(csv) is { } csvPath)
            {
                ComparisonCsv.Write(csvPath, comparison);
                if (!output.IsJson) output.Line($"Wrote {csvPath}");
            }
            if (result.GetValue(chart) is { } chartPath)
            {
                var name = result.GetValue(metric)
                    ?? (comparison.Metrics.Any(m => m.Name == "accuracy") ? "accuracy" : comparison.Metrics.FirstOrDefault()?.Name ?? "accuracy");
                ComparisonChart.Write(chartPath, comparison, name);
                if (!output.IsJson) output.Line($"Wrote {chartPath} ({name})");
            }
            if (output.IsJson)
            {
                output.Json(new
                {
                    Versions = comparison.Versions.Select(v => v.Reference),
                    Metrics = comparison.Metrics.Select(Row),
                    Parameters = comparison.Parameters.Select(Row),
                });
                return ExitCodes.Ok;
            }
            var table = Output.Table(["", .. comparison.Versions.Select(v => v.Reference), "differs"]);
            AddSection(table, "metrics", comparison.Metrics, comparison.Versions.Count);
            AddSection(table, "parameters", comparison.Parameters, comparison.Versions.Count);
            output.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static object Row(ComparisonRow row) => new { row.Name, row.Values, row.Differs };

    private static void AddSection(Table table, string title, IReadOnlyList<ComparisonRow> rows, int columns)
    {
        table.AddRow([$"[bold]{title}[/]", .. Enumerable.Repeat("", columns + 1)]);
        foreach (var row in rows)
        {
            // Rows that differ are what a comparison is for: yellow, and marked for terminals without colour.
            var style = row.Differs ? "yellow" : "default";
            table.AddRow([
                $"[{style}]{Output.Escape(row.Name)}[/]",
                .. row.Values.Select(v => $"[{style}]{Output.Escape(v ?? "-")}[/]"),
                row.Differs ? "[yellow]*[/]" : "",
            ]);
        }
    }
}
