using System.IO.Compression;
using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Evaluation;
using Workflow.Packaging;
using Workflow.Pipeline;
using Workflow.Release;

namespace Workflow.Stages;

/// <summary>
/// One unit: <c>artifacts/release/&lt;PackageId&gt;.&lt;Version&gt;.nupkg</c>, a NuGet package of the model with a
/// typed classifier (see <c>build/package-template/</c>), packed by <c>dotnet pack</c> in a temporary folder and
/// made byte-deterministic. Inputs: the package zip (its model.onnx), metrics.json and the attribution; parameters:
/// every fact the package states (names, version, licence, commit, data counts, settings) and the template's hash.
/// </summary>
/// <param name="version">From <see cref="ReleaseVersion"/>: a parameter of the unit, so a new version is a new nupkg.</param>
/// <param name="registryVersion">The package's version in the registry (the patch); 0 when it is not registered.</param>
public sealed class ReleaseStage(Dataset dataset, WorkflowConfig config, PackageTemplate template, string commit, string version, int registryVersion) : IStage
{
    public string Name => "Release";

    public int Version => 1;

    public string PackageVersion => version;

    public int RegistryVersion => registryVersion;

    public string NupkgPath => $"artifacts/release/{config.Model.EffectivePackageId}.{version}.nupkg";

    public IReadOnlyList<StageUnit> Units()
    {
        // The NuGet package wraps model.onnx, which a pitch model does not have.
        if (config.Features.IsPitch)
            throw new WorkflowException($"Release packs model.onnx into a NuGet package, but {Onnx.OnnxExporter.PitchRefusal}");
        var model = config.Model;
        var attribution = model.Attribution ?? throw new WorkflowException(
            "model.attribution is null, but a release package must carry the training data's attribution; set model.attribution to its file (e.g. config/ATTRIBUTION.md).");
        var license = model.License ?? throw new WorkflowException(
            "model.license is not set, but a release package must declare the training data's licence; set model.license in config/workflow.json to its SPDX id (e.g. CC-BY-SA-4.0).");
        if (!ModelOptions.IsNamespace(model.EffectivePackageId) || !ModelOptions.IsNamespace(model.PascalName))
            throw new WorkflowException(
                $"model.name '{model.Name}' gives the package id '{model.EffectivePackageId}' and class '{model.PascalName}Classifier', which are not valid C# names; set model.packageId (e.g. 'Digits.Model') and a model.name that starts with a letter.");
        var data = new JObject();
        foreach (var label in dataset.Classes)
            data[label] = new JObject { ["train"] = dataset.Training(label).Count, ["test"] = dataset.Test.Count(f => f.Class == label) };
        var speakers = new JObject();
        if (model.SpeakerPattern is { } pattern)
        {
            var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            foreach (var group in dataset.Files
                         .GroupBy(f => regex.Match(Path.GetFileName(f.RelativePath)) is { Success: true } m ? m.Groups[1].Value : "(no match)")
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
                speakers[group.Key] = group.Count();
        }
        var release = new JObject
        {
            ["packageId"] = model.EffectivePackageId,
            ["className"] = model.PascalName + "Classifier",
            ["model"] = model.Name,
            ["version"] = version,
            ["license"] = license,
            ["commit"] = commit,
            ["onnxRuntime"] = ToolVersions.InformationalVersion(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
            ["sampleRate"] = config.Audio.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
            ["train"] = config.Train.KeyParameters()["train"],
            ["features"] = config.ToJson()["features"],
            ["template"] = template.Hash,
            ["speakers"] = speakers,
            ["heldOutAccuracy"] = model.HeldOutAccuracy,
        };
        var packagePath = PackageStage.PathFor(config.Model);
        List<string> inputs = [packagePath, EvaluateStage.MetricsPath, attribution];
        if (model.HeldOutAccuracy is { } heldOut) inputs.Add(heldOut);
        return [new StageUnit("release", inputs, new JObject { ["release"] = release }, [NupkgPath])];
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var metrics = Newtonsoft.Json.JsonConvert.DeserializeObject<EvaluationMetrics>(
            File.ReadAllText(workspace.Resolve(EvaluateStage.MetricsPath)), Json.Settings)!;
        var heldOut = unit.Inputs.Count > 3 ? HeldOutAccuracy.Read(workspace.Resolve(unit.Inputs[3]), unit.Inputs[3]) : null;
        var values = ModelCard.Values((JObject)unit.Parameters["release"]!, metrics, heldOut);
        var folder = Directory.CreateTempSubdirectory("workflow-release-");
        try
        {
            var project = ReleaseProject.Write(
                Path.Combine(folder.FullName, "project"), template, values, ReadOnnx(workspace.Resolve(unit.Inputs[0]), unit.Inputs[0]),
                File.ReadAllBytes(workspace.Resolve(unit.Inputs[2])));
            var packed = NuGetPack.Pack(project, Path.Combine(folder.FullName, "out"));
            AtomicFile.Write(workspace.Resolve(NupkgPath), output => DeterministicNupkg.Rewrite(packed, output));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] ReadOnnx(string zipPath, string displayName)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.GetEntry("model.onnx") ?? throw new WorkflowException($"{displayName} has no model.onnx; rebuild it with the Package target.");
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
