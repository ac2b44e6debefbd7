using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Packaging;
using Workflow.Pipeline;
using Workflow.Release;

namespace Workflow.Stages;

/// <summary>
/// One unit: <c>artifacts/manifest.json</c> over the outputs of every earlier stage. Its inputs are those outputs
/// and its parameters the build facts, so an edited artifact or a new commit rewrites it.
/// </summary>
/// <remarks>
/// A release of the current package (Release, after Register) is listed too: the nupkg, RELEASE_NOTES.md and
/// release.json as artifacts, and release.json's facts as the <c>release</c> section. The Release target writes
/// the manifest again after them, so the version registered before the release keeps the sha256 of the manifest
/// it was registered with, and the manifest on disk then says how the package was released.
/// </remarks>
/// <param name="hashes">What the runner knows of each file's hash (its inputs are all there): nothing is read twice.</param>
public sealed class WriteManifestStage(
    IReadOnlyList<IStage> stages, WorkflowConfig config, BuildFacts facts, Func<IReadOnlyList<UnitKey>> unitKeys,
    Func<string, string?>? hashes = null, Workspace? releaseWorkspace = null) : IStage
{
    public const string ManifestPath = "artifacts/manifest.json";

    public string Name => "WriteManifest";

    public int Version => 3; // 3: the variant; 2: the release section

    public IReadOnlyList<StageUnit> Units()
    {
        var artifacts = stages.SelectMany(s => s.Units()).SelectMany(u => u.Outputs)
            .Concat(CurrentRelease() is { } release ? [release.Nupkg.Path, ReleaseNotesMarkdown.Path, ReleaseFacts.Path] : [])
            .Order(StringComparer.Ordinal).ToList();
        var parameters = new JObject { ["build"] = JObject.FromObject(facts, Newtonsoft.Json.JsonSerializer.Create(Json.Settings)) };
        parameters["build"]!["unitKeys"] = CanonicalJson.Hash(unitKeys());
        if (Chosen() is { } variant) parameters["variant"] = JObject.FromObject(variant, Newtonsoft.Json.JsonSerializer.Create(Json.Settings));
        return [new StageUnit("manifest", artifacts, parameters, [ManifestPath])];
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var artifacts = unit.Inputs
            .Select(name => new ArtifactEntry(
                name,
                hashes?.Invoke(name) ?? ContentHash.OfFile(workspace.Resolve(name)),
                new FileInfo(workspace.Resolve(name)).Length))
            .ToList();
        var parityPath = workspace.Resolve(PackageStage.ParityPath);
        // A package without model.onnx (pitch models) has a parity file saying so ({"exported": false, …}): no figures.
        var parityText = File.Exists(parityPath) ? File.ReadAllText(parityPath) : null;
        var parity = parityText is not null && Newtonsoft.Json.Linq.JObject.Parse(parityText)["exported"]?.Value<bool>() != false
            ? Newtonsoft.Json.JsonConvert.DeserializeObject<Onnx.OnnxParityReport>(parityText, Json.Settings)
            : null;
        var release = unit.Inputs.Contains(ReleaseFacts.Path)
            ? Newtonsoft.Json.JsonConvert.DeserializeObject<ReleaseFacts>(File.ReadAllText(workspace.Resolve(ReleaseFacts.Path)), Json.Settings)
            : null;
        var manifest = new BuildManifest(1, config.Model.Name, facts.Data, facts.ConfigHash, facts.Tools, facts.Git, artifacts, unitKeys(), parity, release, Chosen(), facts.Base);
        AtomicFile.WriteAllText(workspace.Resolve(ManifestPath), Json.Serialize(manifest));
    }

    // Which variant these artifacts are, and why; null when the config has no variants.
    private Workflow.Variants.VariantChoice? Chosen() => config.Variants.Count > 0 ? config.Variant : null;

    // The last release's facts when they are of the package this build made and its files are all there.
    private ReleaseFacts? CurrentRelease()
    {
        if (releaseWorkspace is not { } root || !File.Exists(root.Resolve(ReleaseFacts.Path))) return null;
        ReleaseFacts? release;
        try
        {
            release = Newtonsoft.Json.JsonConvert.DeserializeObject<ReleaseFacts>(File.ReadAllText(root.Resolve(ReleaseFacts.Path)), Json.Settings);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null; // a damaged release.json is rewritten by the next Release; the manifest just omits it
        }
        var package = root.Resolve(PackageStage.PathFor(config.Model));
        if (release?.Nupkg?.Path is null || !File.Exists(package)) return null;
        var sha256 = hashes?.Invoke(PackageStage.PathFor(config.Model)) ?? ContentHash.OfFile(package);
        return release.PackageSha256 == sha256 && File.Exists(root.Resolve(release.Nupkg.Path)) && File.Exists(root.Resolve(ReleaseNotesMarkdown.Path))
            ? release
            : null;
    }
}
