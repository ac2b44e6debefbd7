using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Packaging;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>
/// One unit: a byte-deterministic zip of everything needed to use the models: <c>package.json</c> (classes,
/// settings, the SHA-256 of each entry), <c>model.onnx</c> (samples → class, proven against the native pipeline),
/// <c>models/&lt;class&gt;.model</c> (no <c>model.onnx</c> for pitch models, which cannot be exported), <c>metrics.json</c>, the data's attribution, which must travel with models
/// trained on it, and <c>data.dir</c>: the listing of the data the models were trained and tested on (DVC's ".dir"
/// format, relpath → md5), so a later release can say which recordings were added, removed or modified.
/// </summary>
/// <param name="listing">The data root's listing, null when there is no data yet (a plan on a fresh clone).</param>
/// <param name="baseVersion">The version a fine-tuned build adapted (<c>train.base</c>), recorded in package.json.</param>
public sealed class PackageStage(Dataset dataset, WorkflowConfig config, Func<DirListing?> listing, Registry.BaseVersion? baseVersion = null) : IStage
{
    public const string ListingEntry = "data.dir";

    public const int FormatVersion = 1;

    public string Name => "Package";

    public const string ParityPath = "artifacts/package/onnx-parity.json";

    public int Version => 4; // 4: data.dir; 3: native scores (the parity figures) summed by the vector kernel

    public string PackagePath => PathFor(config.Model);

    public static string PathFor(ModelOptions model) => $"artifacts/package/{model.Name}.zip";

    public IReadOnlyList<StageUnit> Units()
    {
        // The test recordings are inputs too: model.onnx is proven against the native pipeline on every one.
        var inputs = dataset.Classes.Select(TrainStage.ModelPath).Append(EvaluateStage.MetricsPath)
            .Concat(dataset.Test.Select(f => f.Name)).ToList();
        if (config.Model.Attribution is { } attribution) inputs.Add(attribution);
        // Only the active family's training settings: tuning another family must not re-package.
        var settings = config.Sections("model", "audio", "features");
        // Release settings (package id, version, licence) describe the NuGet package, not this zip.
        foreach (var name in ModelOptions.ReleaseSettings) ((JObject)settings["model"]!).Remove(name);
        settings["train"] = config.Train.KeyParameters()["train"];
        settings["data"] = listing()?.Md5 ?? "pending";
        // The whole base version, not only its sha256: the reference it was named by is in package.json too.
        if (baseVersion is not null) settings["train"]!["base"] = JObject.FromObject(baseVersion, Newtonsoft.Json.JsonSerializer.Create(Json.Settings));
        return [new StageUnit("package", inputs, settings, [PackagePath, ParityPath])];
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var label in dataset.Classes)
            entries[$"models/{label}.model"] = File.ReadAllBytes(workspace.Resolve(TrainStage.ModelPath(label)));
        entries["metrics.json"] = File.ReadAllBytes(workspace.Resolve(EvaluateStage.MetricsPath));
        // A pitch model cannot be exported (OnnxExporter.PitchRefusal): its package has no model.onnx, and the parity
        // file says why instead of holding figures.
        object parity = new { exported = false, reason = Onnx.OnnxExporter.PitchRefusal };
        if (!config.Features.IsPitch)
        {
            (entries["model.onnx"], var report) = OnnxProof.ExportAndProve(config, dataset, workspace);
            parity = report;
        }
        if (config.Model.Attribution is { } attribution)
            entries["ATTRIBUTION.md"] = File.ReadAllBytes(workspace.Resolve(attribution));
        entries[ListingEntry] = (listing() ?? throw new WorkflowException($"{workspace.DataRoot} does not exist; run the FetchData target.")).ToBytes();

        var manifest = new PackageManifest(
            FormatVersion,
            config.Model.Name,
            dataset.Classes,
            unit.Parameters,
            new SortedDictionary<string, string>(entries.ToDictionary(e => e.Key, e => ContentHash.OfBytes(e.Value)), StringComparer.Ordinal),
            baseVersion);
        entries["package.json"] = System.Text.Encoding.UTF8.GetBytes(Json.Serialize(manifest));
        AtomicFile.Write(workspace.Resolve(PackagePath), stream => DeterministicZip.Write(stream, entries));
        AtomicFile.WriteAllText(workspace.Resolve(ParityPath), Json.Serialize(parity));
    }
}
