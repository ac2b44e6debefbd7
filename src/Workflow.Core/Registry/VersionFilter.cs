namespace Workflow.Registry;

/// <summary>
/// What <c>list</c> shows: versions of <see cref="Model"/> (all models when null) that carry <see cref="Tag"/>
/// and/or that an alias named <see cref="Alias"/> points at; sorted by the metric <see cref="SortBy"/> (highest first
/// unless <see cref="Ascending"/>), else by model and version.
/// </summary>
public sealed record VersionFilter(string? Model = null, string? Tag = null, string? Alias = null, string? SortBy = null, bool Ascending = false);
