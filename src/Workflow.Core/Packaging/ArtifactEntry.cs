namespace Workflow.Packaging;

public sealed record ArtifactEntry(string Path, string Sha256, long Bytes);

public sealed record UnitKey(string Stage, string Unit, string Key);
