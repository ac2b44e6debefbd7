using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// <c>artifacts/run-report.json</c>: <c>{"target": "Train", "units": [{"stage", "unit", "status", "reason", "key",
/// "seconds"}, …]}</c>, every decision of one build in the order made. Not an artifact of the manifest: its
/// timings differ on every run.
/// </summary>
public sealed record RunReport(string Target, IReadOnlyList<UnitDecision> Units)
{
    public const string RelativePath = "artifacts/run-report.json";

    public void Write(Workspace workspace) => Json.WriteFile(workspace.Resolve(RelativePath), this);

    public static RunReport Read(string path) => JsonConvert.DeserializeObject<RunReport>(File.ReadAllText(path), Json.Settings)!;
}
