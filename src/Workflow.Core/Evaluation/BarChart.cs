using ScottPlot;
using Workflow.Cache;

namespace Workflow.Evaluation;

/// <summary>A PNG bar chart: one labelled bar per item, in the order given (registry comparisons, variant comparisons).</summary>
public static class BarChart
{
    private const int Width = 800;
    private const int Height = 480;

    static BarChart() => Fonts.Default = "DejaVu Sans";

    /// <param name="values">NaN draws an empty bar (a missing value); <paramref name="labels"/> are printed on the bars.</param>
    public static void Write(string path, IReadOnlyList<string> names, IReadOnlyList<double> values, IReadOnlyList<string> labels, string axis, string measure, string title)
    {
        var plot = new Plot();
        var bars = names.Select((_, i) => new Bar
        {
            Position = i,
            Value = double.IsFinite(values[i]) ? values[i] : 0,
            Label = labels[i],
            FillColor = Colors.SteelBlue,
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Count).Select(i => (double)i)], [.. names]);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel(axis);
        plot.YLabel(measure);
        plot.Title(title);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
