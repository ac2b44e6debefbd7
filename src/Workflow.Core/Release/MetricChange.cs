namespace Workflow.Release;

/// <summary>One metric before (null in a first release) and now: overall (<see cref="Class"/> null) or of one class.</summary>
public sealed record MetricChange(string? Class, string Metric, double? Before, double Now)
{
    public double? Change => Before is { } before ? Math.Round(Now - before, 6) : null;
}
