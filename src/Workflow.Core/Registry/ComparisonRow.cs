namespace Workflow.Registry;

/// <summary>One metric or parameter across the compared versions (null where a version lacks it).</summary>
public sealed record ComparisonRow(string Name, IReadOnlyList<string?> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}
