namespace Workflow.Pipeline;

/// <summary>What build.cake passes in: where things are and the custom arguments (<c>--data</c>, <c>--config</c>, <c>--plan</c>, <c>--strict</c>, <c>--registry</c>, <c>--verify</c>, <c>--cache-push</c>, <c>--shard</c>, <c>--variant</c>).
/// <see cref="JitProfile"/>: whether the process records and uses the workspace's multicore-JIT profile (build.cake's
/// own process does; a test calling <see cref="BuildSession.Open"/> in its runner does not).</summary>
public sealed record BuildArguments(
    string RepositoryRoot,
    string WorkspaceRoot,
    string Target,
    string? DataDirectory,
    string? ConfigPath,
    bool Plan,
    string CakeVersion,
    bool Strict = false,
    string? RegistryDirectory = null,
    bool Verify = false,
    bool CachePush = false,
    string? Shard = null,
    string? Feed = null,
    string? Variant = null,
    bool JitProfile = false);
