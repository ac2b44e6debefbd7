namespace Workflow.Registry;

/// <summary>
/// Turns a <see cref="VersionReference"/> into a version of the index, or a <see cref="WorkflowException"/> that
/// lists what does exist (models, versions or aliases), so the next attempt can be right.
/// </summary>
internal static class ReferenceResolver
{
    public static ModelVersion Resolve(RegistryIndex index, VersionReference reference, string registryRoot)
    {
        var entry = EntryOf(index, reference.Model, registryRoot);
        if (reference.Version is { } number)
            return entry.Find(number) ?? throw new WorkflowException(
                $"{reference.Model} has no version {number}; its versions are: {Versions(entry)}.");
        if (reference.Alias is { } alias)
        {
            if (!entry.Aliases.TryGetValue(alias, out var target))
                throw new WorkflowException(entry.Aliases.Count == 0
                    ? $"{reference.Model} has no alias '{alias}'; it has no aliases yet (set one with: alias set {reference.Model}/<version> {alias})."
                    : $"{reference.Model} has no alias '{alias}'; its aliases are: {Aliases(entry)}.");
            return entry.Find(target) ?? throw new WorkflowException(
                $"{reference.Model}@{alias} points at version {target}, which is not in the index; point it at an existing version with: alias set {reference.Model}/<version> {alias}.");
        }
        return entry.Versions.MaxBy(v => v.Version)
            ?? throw new WorkflowException($"{reference.Model} has no versions left (all were deleted); register a package first.");
    }

    /// <summary>The model's entry; unknown names are an error listing the models there are.</summary>
    public static ModelEntry EntryOf(RegistryIndex index, string model, string registryRoot)
    {
        if (index.Models.TryGetValue(model, out var entry)) return entry;
        throw new WorkflowException(index.Models.Count == 0
            ? $"No model named '{model}' in the registry {registryRoot}; it is empty (register a package with ./build.sh --target=Register)."
            : $"No model named '{model}' in the registry {registryRoot}; it holds: {string.Join(", ", index.Models.Keys)}.");
    }

    private static string Versions(ModelEntry entry) =>
        entry.Versions.Count == 0 ? "(none; all were deleted)" : string.Join(", ", entry.Versions.Select(v => v.Version).Order());

    private static string Aliases(ModelEntry entry) => string.Join(", ", entry.Aliases.Select(a => $"{a.Key} (→ {a.Value})"));
}
