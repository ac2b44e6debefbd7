using Workflow.Data;

namespace Workflow.Cache;

/// <summary>
/// Opens the remote build cache a build uses: <c>WORKFLOW_CACHE_REMOTE</c>, else <c>cache.remote</c> in the config,
/// names a remote of <c>.dvc/config</c> (the workspace's, else the repository's); pushing is on with
/// <c>--cache-push</c>, <c>WORKFLOW_CACHE_PUSH=true</c> or <c>cache.push</c>. Http and S3 remotes get short timeouts here:
/// a cache that does not answer must cost a build seconds, not minutes.
/// </summary>
public static class RemoteCacheSettings
{
    public const string RemoteVariable = "WORKFLOW_CACHE_REMOTE";
    public const string PushVariable = "WORKFLOW_CACHE_PUSH";

    /// <summary>The remote build cache, or null when none is configured.</summary>
    /// <param name="shard">The build's <c>--shard</c>, which needs a remote (and always pushes), or null.</param>
    public static RemoteBuildCache? Open(CacheOptions options, bool pushArgument, IEnumerable<string> roots, TextWriter log, string? shard = null)
    {
        var name = Environment.GetEnvironmentVariable(RemoteVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : options.Remote;
        var push = pushArgument || options.Push || shard is not null
            || string.Equals(Environment.GetEnvironmentVariable(PushVariable), "true", StringComparison.OrdinalIgnoreCase);
        if (name is null && shard is not null)
            throw new WorkflowException($"--shard={shard} needs a remote build cache to leave its results in: set cache.remote in the config (a remote of .dvc/config) or {RemoteVariable}.");
        if (name is null)
        {
            return push
                ? throw new WorkflowException($"--cache-push (or {PushVariable}) needs a remote build cache: set cache.remote in the config to a remote of .dvc/config, or {RemoteVariable}.")
                : null;
        }

        var root = roots.FirstOrDefault(r => File.Exists(Path.Combine(r, ".dvc", "config")))
            ?? throw new WorkflowException($"The remote build cache '{name}' is set, but there is no .dvc/config to find it in; add the remote with `dvc remote add {name} URL`.");
        var remote = new DvcWorkspace(root).LoadConfig().Remote(name);
        if (remote.Http is { } http)
        {
            remote = remote with
            {
                Http = http with { ConnectTimeout = Min(http.ConnectTimeout, TimeSpan.FromSeconds(3)), ReadTimeout = Min(http.ReadTimeout, TimeSpan.FromSeconds(10)) },
            };
        }

        if (remote.S3 is { } s3)
        {
            remote = remote with
            {
                S3 = s3 with { ConnectTimeout = Min(s3.ConnectTimeout, TimeSpan.FromSeconds(3)), ReadTimeout = Min(s3.ReadTimeout, TimeSpan.FromSeconds(10)) },
            };
        }

        return new RemoteBuildCache(RemoteFactory.Open(remote, new DataOptions(), forPush: push), push, CacheSignature.FromEnvironment(), log);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
