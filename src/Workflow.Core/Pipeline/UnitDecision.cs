namespace Workflow.Pipeline;

/// <summary>
/// What the runner decided for one unit, and why. Serialised into <c>artifacts/run-report.json</c>. <paramref name="From"/>
/// says where an up-to-date unit's result came from: <see cref="Local"/> or <see cref="Remote"/> (null when it ran).
/// </summary>
public sealed record UnitDecision(string Stage, string Unit, string Status, string Reason, string Key, double Seconds, string? From = null)
{
    public const string Local = "local";
    public const string Remote = "remote";

    public const string Ran = "ran";
    public const string UpToDate = "up-to-date";

    /// <summary>Only for stages that skip failed units (e.g. unreadable recordings when the config allows it).</summary>
    public const string Skipped = "skipped";
}
