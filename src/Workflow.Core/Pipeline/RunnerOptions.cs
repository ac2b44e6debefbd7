using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>How a <see cref="StageRunner"/> treats the cache.</summary>
public sealed record RunnerOptions
{
    /// <summary>Hash every input, output and blob again instead of trusting an unchanged stat (<c>--verify</c>).</summary>
    public bool Verify { get; init; }

    /// <summary>How outputs share storage with the store's blobs, in order of preference (<c>cache.type</c>).</summary>
    public IReadOnlyList<LinkType> Links { get; init; } = [LinkType.Copy];

    /// <summary>
    /// Leave the state cache's write to <see cref="StageRunner.SaveState"/> (once per build) instead of after each
    /// stage: at 100,000 files it is a 30 MB file, and it is only a cache (a lost write costs hashing, not results).
    /// </summary>
    public bool DeferStateSave { get; init; }

    /// <summary>The remote build cache asked on a local miss (and pushed to), or null.</summary>
    public RemoteBuildCache? Remote { get; init; }

    /// <summary>Shows each stage's progress while its units run; null shows nothing.</summary>
    public Progress.ProgressDisplay? Progress { get; init; }
}
