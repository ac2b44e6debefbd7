using Workflow.Registry;

namespace Workflow.Release;

/// <summary>
/// The registered version a release is compared with: the one the <c>prod</c> alias points at, else the previous
/// registered version, else none (the first release).
/// </summary>
internal static class ReleaseBaseline
{
    public const string Alias = "prod";

    /// <summary>The baseline of version <paramref name="current"/> among <paramref name="entry"/>'s versions, and why; null for a first release.</summary>
    public static (ModelVersion Version, string Why)? Choose(ModelEntry entry, int current)
    {
        if (entry.Aliases.TryGetValue(Alias, out var aliased) && aliased != current && entry.Find(aliased) is { } prod)
            return (prod, $"the version the alias '{Alias}' points at");
        if (entry.Versions.Where(v => v.Version < current).MaxBy(v => v.Version) is not { } previous) return null;
        return (previous, entry.Aliases.ContainsKey(Alias)
            ? $"the previous version (the alias '{Alias}' points at this one)"
            : $"the previous version (there is no '{Alias}' alias)");
    }
}
