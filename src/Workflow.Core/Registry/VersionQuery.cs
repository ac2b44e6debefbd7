namespace Workflow.Registry;

/// <summary>Runs a <see cref="VersionFilter"/> over the index. Reads only the index: no package is opened.</summary>
internal static class VersionQuery
{
    public static IReadOnlyList<VersionView> Run(RegistryIndex index, VersionFilter filter, string registryRoot)
    {
        if (filter.Model is not null) ReferenceResolver.EntryOf(index, filter.Model, registryRoot);
        var views = index.Models
            .Where(m => filter.Model is null || m.Key == filter.Model)
            .SelectMany(m => m.Value.Versions.Select(v => new VersionView(v, m.Value.AliasesOf(v.Version))))
            .Where(v => filter.Tag is null || v.Version.Tags.Contains(filter.Tag, StringComparer.Ordinal))
            .Where(v => filter.Alias is null || v.Aliases.Contains(filter.Alias, StringComparer.Ordinal))
            .OrderBy(v => v.Version.Model, StringComparer.Ordinal).ThenBy(v => v.Version.Version)
            .ToList();
        if (filter.SortBy is not { } metric) return views;
        if (views.Count > 0 && !views.Any(v => v.Version.Metrics.ContainsKey(metric)))
        {
            var known = views.SelectMany(v => v.Version.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            throw new WorkflowException(known.Count == 0
                ? $"Cannot sort by '{metric}': none of the listed versions has metrics."
                : $"Cannot sort by '{metric}': no listed version has that metric; metrics: {string.Join(", ", known)}.");
        }
        // Versions without the metric go last either way; OrderBy is stable, so ties keep model/version order.
        var with = views.Where(v => v.Version.Metrics.ContainsKey(metric));
        var sorted = filter.Ascending ? with.OrderBy(v => v.Version.Metrics[metric]) : with.OrderByDescending(v => v.Version.Metrics[metric]);
        return [.. sorted, .. views.Where(v => !v.Version.Metrics.ContainsKey(metric))];
    }
}
