namespace Workflow.Registry;

/// <summary>A PNG bar chart of one metric across the compared versions, one bar per version in the order given.</summary>
public static class ComparisonChart
{
    public static void Write(string path, VersionComparison comparison, string metric)
    {
        var row = comparison.Metrics.FirstOrDefault(m => m.Name == metric) ?? throw new WorkflowException(comparison.Metrics.Count == 0
            ? $"None of the compared versions has metrics, so there is no '{metric}' to chart."
            : $"None of the compared versions has a metric '{metric}'; they have: {string.Join(", ", comparison.Metrics.Select(m => m.Name))}.");
        Evaluation.BarChart.Write(
            path,
            comparison.Versions.Select(v => v.Reference).ToList(),
            comparison.Versions.Select(v => v.Metrics.GetValueOrDefault(metric, double.NaN)).ToList(),
            row.Values.Select(v => v ?? "n/a").ToList(),
            "version", metric, $"{metric} across versions");
    }
}
