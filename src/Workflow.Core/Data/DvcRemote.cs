namespace Workflow.Data;

/// <summary>A remote from .dvc/config: its name, its url as written, and the folder that url resolves to.</summary>
public sealed record DvcRemote(string Name, string Url, string LocalPath);
