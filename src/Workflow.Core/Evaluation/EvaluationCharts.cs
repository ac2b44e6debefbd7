using ScottPlot;
using Workflow.Cache;

namespace Workflow.Evaluation;

/// <summary>
/// PNG charts of an evaluation: the confusion matrix as a heatmap with counts, and per-class precision, recall and
/// F1 as grouped bars. Rendered headless with ScottPlot; fixed size and fonts so a rerun draws the same picture.
/// </summary>
public static class EvaluationCharts
{
    private const int Width = 800;
    private const int Height = 640;

    static EvaluationCharts() => Fonts.Default = "DejaVu Sans";

    public static void WriteConfusion(string path, EvaluationMetrics metrics)
    {
        var n = metrics.Classes.Count;
        var plot = new Plot();
        // Heatmap row 0 is drawn at the top, which is where a confusion matrix's first true class goes.
        var counts = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                counts[i, j] = metrics.Confusion[i][j];
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        // Extent gives the centres of the edge cells: cell (i, j) is then centred on (j, n - 1 - i).
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        plot.Add.ColorBar(heatmap);
        var max = metrics.Confusion.SelectMany(r => r).DefaultIfEmpty(0).Max();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var label = plot.Add.Text(metrics.Confusion[i][j].ToString(System.Globalization.CultureInfo.InvariantCulture), j, n - 1 - i);
                label.LabelAlignment = Alignment.MiddleCenter;
                // Blues runs from dark (few) to light (many): light text on the dark cells.
                label.LabelFontColor = metrics.Confusion[i][j] * 2 > max ? Colors.Black : Colors.White;
            }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. metrics.Classes]);
        plot.Axes.Left.SetTicks(ticks, [.. metrics.Classes.Reverse()]);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Title(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Confusion matrix (accuracy {metrics.Accuracy:0.000})"));
        Save(plot, path);
    }

    public static void WritePerClass(string path, EvaluationMetrics metrics)
    {
        var plot = new Plot();
        var series = new (string Name, Func<ClassMetrics, double> Value, Color Color)[]
        {
            ("precision", m => m.Precision, Colors.SteelBlue),
            ("recall", m => m.Recall, Colors.Orange),
            ("F1", m => m.F1, Colors.SeaGreen),
        };
        for (var s = 0; s < series.Length; s++)
        {
            var bars = metrics.Classes.Select((c, i) => new Bar
            {
                Position = i * (series.Length + 1) + s,
                Value = series[s].Value(metrics.PerClass[c]),
                FillColor = series[s].Color,
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = series[s].Color });
        }
        var ticks = metrics.Classes.Select((_, i) => i * (series.Length + 1) + 1.0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. metrics.Classes]);
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("class");
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Per-class precision, recall and F1 (macro F1 {metrics.MacroF1:0.000})"));
        Save(plot, path);
    }

    private static void Save(Plot plot, string path) =>
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
}
