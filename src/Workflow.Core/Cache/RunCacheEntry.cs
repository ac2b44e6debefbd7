namespace Workflow.Cache;

/// <summary>What one unit produced for one key: each output's workspace path and the hash of its bytes.</summary>
public sealed record RunCacheEntry(string Stage, string Unit, IReadOnlyDictionary<string, string> Outputs);
