namespace Workflow.Variants;

/// <summary>The <c>selection</c> section: how CompareVariants names its champion.</summary>
public sealed record SelectionOptions
{
    public static readonly string[] Metrics = ["macroF1", "accuracy"];

    /// <summary>The metric the champion has the highest value of: <c>macroF1</c> or <c>accuracy</c>.</summary>
    public string Metric { get; init; } = "macroF1";

    public void Validate()
    {
        if (!Metrics.Contains(Metric))
            throw new WorkflowException($"selection.metric '{Metric}' is not a metric CompareVariants ranks by; use one of {string.Join(", ", Metrics)}.");
    }

    /// <summary>
    /// The best result: highest <see cref="Metric"/>, then highest of the other metric, then the variant name first in
    /// ordinal order — the same data always gives the same champion.
    /// </summary>
    public VariantResult Champion(IReadOnlyList<VariantResult> results)
    {
        var other = Metrics.First(m => m != Metric);
        return results
            .OrderByDescending(r => r.Metric(Metric))
            .ThenByDescending(r => r.Metric(other))
            .ThenBy(r => r.Variant, StringComparer.Ordinal)
            .First();
    }
}
