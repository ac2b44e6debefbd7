namespace Workflow.Pipeline;

/// <summary>What the runner decided for one unit, and why. Serialised into <c>artifacts/run-report.json</c>.</summary>
public sealed record UnitDecision(string Stage, string Unit, string Status, string Reason, string Key, double Seconds)
{
    public const string Ran = "ran";
    public const string UpToDate = "up-to-date";

    /// <summary>Only for stages that skip failed units (e.g. unreadable recordings when the config allows it).</summary>
    public const string Skipped = "skipped";
}
