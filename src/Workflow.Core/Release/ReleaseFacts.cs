using Workflow.Packaging;

namespace Workflow.Release;

/// <summary>
/// What changed in a release since its baseline (<c>artifacts/release/release.json</c>, and the manifest's
/// <c>release</c> section): the same facts <c>RELEASE_NOTES.md</c> puts in words.
/// </summary>
/// <param name="Baseline">Null in a first release.</param>
/// <param name="Data">
/// Per class; without added/removed/modified lists when there is no baseline or it recorded no data listing
/// (<paramref name="DataNote"/> says which).
/// </param>
/// <param name="Tools">Every tool's version before (null in a first release) and now.</param>
public sealed record ReleaseFacts(
    string PackageId,
    string Version,
    string Model,
    int RegistryVersion,
    string PackageSha256,
    ArtifactEntry Nupkg,
    ReleaseBaselineFacts? Baseline,
    IReadOnlyList<MetricChange> Metrics,
    IReadOnlyList<ClassDataChange> Data,
    string? DataNote,
    IReadOnlyList<ValueChange> Settings,
    IReadOnlyList<ValueChange> Tools)
{
    public const string Path = "artifacts/release/release.json";
}

/// <summary>The registered version a release was compared with, and why that one.</summary>
public sealed record ReleaseBaselineFacts(string Reference, string Why, string PackageSha256);
