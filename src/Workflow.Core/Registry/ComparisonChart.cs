using ScottPlot;
using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>A PNG bar chart of one metric across the compared versions, one bar per version in the order given.</summary>
public static class ComparisonChart
{
    private const int Width = 800;
    private const int Height = 480;

    static ComparisonChart() => Fonts.Default = "DejaVu Sans";

    public static void Write(string path, VersionComparison comparison, string metric)
    {
        var row = comparison.Metrics.FirstOrDefault(m => m.Name == metric) ?? throw new WorkflowException(comparison.Metrics.Count == 0
            ? $"None of the compared versions has metrics, so there is no '{metric}' to chart."
            : $"None of the compared versions has a metric '{metric}'; they have: {string.Join(", ", comparison.Metrics.Select(m => m.Name))}.");
        var plot = new Plot();
        var bars = comparison.Versions.Select((v, i) => new Bar
        {
            Position = i,
            Value = v.Metrics.GetValueOrDefault(metric, double.NaN) is var x && double.IsFinite(x) ? x : 0,
            Label = row.Values[i] ?? "n/a",
            FillColor = Colors.SteelBlue,
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Count).Select(i => (double)i)], [.. comparison.Versions.Select(v => v.Reference)]);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("version");
        plot.YLabel(metric);
        plot.Title($"{metric} across versions");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
