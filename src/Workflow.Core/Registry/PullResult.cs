namespace Workflow.Registry;

/// <summary>One pulled reference: the version, its package bytes, how long it took, and whether it was already on this machine.</summary>
public sealed record PullResult(string Reference, ModelVersion Version, long Bytes, TimeSpan Took, bool Cached, string Path);
