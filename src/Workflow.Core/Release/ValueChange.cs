namespace Workflow.Release;

/// <summary>A setting or tool version that differs between the baseline and now; null where one side lacks it.</summary>
public sealed record ValueChange(string Name, string? Before, string? Now);
