namespace Workflow.Data;

/// <summary>What FetchData would do, decided without writing anything: the relpaths data.dvc lists, and those not in data/.</summary>
public sealed record FetchPlan(DvcOut Out, IReadOnlyList<string> Listed, IReadOnlyList<string> Missing);
