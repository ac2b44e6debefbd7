using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Packaging;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>
/// One unit: <c>artifacts/manifest.json</c> over the outputs of every earlier stage. Its inputs are those outputs
/// and its parameters the build facts, so an edited artifact or a new commit rewrites it.
/// </summary>
/// <param name="hashes">What the runner knows of each file's hash (its inputs are all there): nothing is read twice.</param>
public sealed class WriteManifestStage(
    IReadOnlyList<IStage> stages, WorkflowConfig config, BuildFacts facts, Func<IReadOnlyList<UnitKey>> unitKeys,
    IReadOnlyDictionary<string, string>? hashes = null) : IStage
{
    public const string ManifestPath = "artifacts/manifest.json";

    public string Name => "WriteManifest";

    public int Version => 1;

    public IReadOnlyList<StageUnit> Units()
    {
        var artifacts = stages.SelectMany(s => s.Units()).SelectMany(u => u.Outputs).Order(StringComparer.Ordinal).ToList();
        var parameters = new JObject { ["build"] = JObject.FromObject(facts, Newtonsoft.Json.JsonSerializer.Create(Json.Settings)) };
        parameters["build"]!["unitKeys"] = CanonicalJson.Hash(unitKeys());
        return [new StageUnit("manifest", artifacts, parameters, [ManifestPath])];
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var artifacts = unit.Inputs
            .Select(name => new ArtifactEntry(
                name,
                hashes?.GetValueOrDefault(name) ?? ContentHash.OfFile(workspace.Resolve(name)),
                new FileInfo(workspace.Resolve(name)).Length))
            .ToList();
        var parityPath = workspace.Resolve(PackageStage.ParityPath);
        var parity = File.Exists(parityPath)
            ? Newtonsoft.Json.JsonConvert.DeserializeObject<Onnx.OnnxParityReport>(File.ReadAllText(parityPath), Json.Settings)
            : null;
        var manifest = new BuildManifest(1, config.Model.Name, facts.Data, facts.ConfigHash, facts.Tools, facts.Git, artifacts, unitKeys(), parity, facts.Base);
        AtomicFile.WriteAllText(workspace.Resolve(ManifestPath), Json.Serialize(manifest));
    }
}
