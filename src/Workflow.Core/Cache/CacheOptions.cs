namespace Workflow.Cache;

/// <summary>
/// The <c>cache</c> section of the config. <c>type</c> is how workspace outputs share storage with the store's blobs,
/// as DVC's <c>cache.type</c>: a comma-separated preference of <c>reflink</c>, <c>hardlink</c>, <c>copy</c> (the
/// first the file system supports is used; a copy is the last resort). <c>remote</c> names a remote of
/// <c>.dvc/config</c> that shares build results between machines, and <c>push</c> uploads the units a build ran
/// (see <see cref="RemoteBuildCache"/>). Not part of any key: they change where bytes live, never what they are.
/// </summary>
public sealed record CacheOptions
{
    public string Type { get; init; } = "reflink,hardlink,copy";

    /// <summary>The remote build cache: a remote's name in .dvc/config (<c>WORKFLOW_CACHE_REMOTE</c> overrides).</summary>
    public string? Remote { get; init; }

    /// <summary>Upload every unit that ran to the remote build cache (<c>--cache-push</c>, <c>WORKFLOW_CACHE_PUSH=true</c>).</summary>
    public bool Push { get; init; }

    public IReadOnlyList<LinkType> LinkTypes() => Type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(t => Enum.Parse<LinkType>(t, ignoreCase: true))
        .ToList();

    public void Validate()
    {
        var names = Type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bad = names.FirstOrDefault(n => n is not ("reflink" or "hardlink" or "copy"));
        if (names.Length == 0 || bad is not null)
            throw new WorkflowException(
                $"cache.type '{Type}' is not valid{(bad is null ? "" : $" ('{bad}')")}; use a comma-separated list of reflink, hardlink and copy, e.g. \"reflink,hardlink,copy\".");
        if (Remote is { } remote && remote.Trim().Length == 0)
            throw new WorkflowException("cache.remote is empty; name a remote of .dvc/config (e.g. \"ci\"), or remove the setting.");
    }
}
