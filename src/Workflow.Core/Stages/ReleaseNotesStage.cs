using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Packaging;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Release;

namespace Workflow.Stages;

/// <summary>
/// One unit: <c>artifacts/release/RELEASE_NOTES.md</c> and <c>release.json</c>, what changed in this release since
/// its baseline (the version <c>prod</c> points at, else the previous one): metrics, data per class, settings and
/// tools. Inputs: the package zip (metrics, settings, data listing) and the nupkg; parameters: the release's identity
/// and the baseline's package sha256, so moving <c>prod</c> rewrites the notes but never the nupkg.
/// </summary>
public sealed class ReleaseNotesStage(
    WorkflowConfig config, string version, int registryVersion, string nupkgPath, IReadOnlyDictionary<string, string> tools,
    ReleaseNotesStage.Base? baseline) : IStage
{
    /// <summary>The baseline: its registry reference, why it was chosen, its package's sha256 and path, its build's tools.</summary>
    public sealed record Base(string Reference, string Why, string PackageSha256, string PackagePath, IReadOnlyDictionary<string, string> Tools);

    public string Name => "ReleaseNotes";

    public int Version => 1;

    public IReadOnlyList<StageUnit> Units()
    {
        var notes = new JObject
        {
            ["packageId"] = config.Model.EffectivePackageId,
            ["version"] = version,
            ["model"] = config.Model.Name,
            ["registryVersion"] = registryVersion,
            ["tools"] = JObject.FromObject(new SortedDictionary<string, string>(tools.ToDictionary(), StringComparer.Ordinal)),
            ["split"] = config.Sections("split")["split"],
            ["baseline"] = baseline is null ? null : new JObject
            {
                ["reference"] = baseline.Reference,
                ["why"] = baseline.Why,
                ["packageSha256"] = baseline.PackageSha256,
                ["tools"] = JObject.FromObject(new SortedDictionary<string, string>(baseline.Tools.ToDictionary(), StringComparer.Ordinal)),
            },
        };
        return [new StageUnit("notes", [PackageStage.PathFor(config.Model), nupkgPath], new JObject { ["notes"] = notes },
            [ReleaseNotesMarkdown.Path, ReleaseFacts.Path])];
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var zip = workspace.Resolve(unit.Inputs[0]);
        var package = PackageContents.Read(zip, unit.Inputs[0]);
        var nupkg = workspace.Resolve(nupkgPath);
        var identity = new ReleaseNotes.Identity(
            config.Model.EffectivePackageId, version, config.Model.Name, registryVersion, ContentHash.OfFile(zip),
            new ArtifactEntry(nupkgPath, ContentHash.OfFile(nupkg), new FileInfo(nupkg).Length));
        var facts = ReleaseNotes.Facts(identity, package, tools, baseline is null ? null : Read(baseline), config.Split);
        AtomicFile.WriteAllText(workspace.Resolve(ReleaseFacts.Path), Json.Serialize(facts));
        AtomicFile.WriteAllText(workspace.Resolve(ReleaseNotesMarkdown.Path), ReleaseNotesMarkdown.Render(facts));
    }

    // The registry's copy of the baseline's package, checked against the sha256 in the unit's key.
    private static ReleaseNotes.Baseline Read(Base baseline)
    {
        var sha256 = File.Exists(baseline.PackagePath) ? ContentHash.OfFile(baseline.PackagePath) : null;
        if (sha256 != baseline.PackageSha256)
            throw new WorkflowException(
                $"ReleaseNotes: the registry's package of {baseline.Reference} ({baseline.PackagePath}) is {(sha256 is null ? "missing" : $"corrupt (sha256 {ContentHash.Short(sha256)}, registered {ContentHash.Short(baseline.PackageSha256)})")}; " +
                "run the registry's verify command, and restore the registry from a backup or move the 'prod' alias to a sound version.");
        return new ReleaseNotes.Baseline(
            new ReleaseBaselineFacts(baseline.Reference, baseline.Why, baseline.PackageSha256),
            PackageContents.Read(baseline.PackagePath, $"{baseline.Reference} ({baseline.PackagePath})"),
            baseline.Tools);
    }
}
