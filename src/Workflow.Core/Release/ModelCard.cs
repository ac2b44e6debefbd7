using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using Workflow.Evaluation;

namespace Workflow.Release;

/// <summary>
/// The values the package template's placeholders take: names, version and metadata from the Release unit's
/// parameters (so everything the package says is in its key), metrics from <c>metrics.json</c>.
/// </summary>
public static class ModelCard
{
    public static IReadOnlyDictionary<string, string> Values(JObject release, EvaluationMetrics metrics)
    {
        string S(string name) => (string?)release[name] ?? throw new InvalidOperationException($"release parameter {name} is missing");
        var data = (JObject)release["data"]!;
        var classes = data.Properties().Select(p => p.Name).ToList();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PackageId"] = S("packageId"),
            ["Namespace"] = S("packageId"),
            ["ClassName"] = S("className"),
            ["ModelName"] = S("model"),
            ["Version"] = S("version"),
            ["License"] = S("license"),
            ["Commit"] = S("commit"),
            ["OnnxRuntimeVersion"] = S("onnxRuntime"),
            ["SamplesInput"] = Onnx.OnnxExporter.SamplesInput,
            ["ScoresOutput"] = Onnx.OnnxExporter.ScoresOutput,
            ["ClassIndexOutput"] = Onnx.OnnxExporter.ClassIndexOutput,
            ["Authors"] = "Workflow",
            ["Tags"] = $"audio classification onnx {S("model")}",
            ["Description"] = Invariant(
                $"The {S("model")} model: classifies a recording as one of {classes.Count} classes ({string.Join(", ", classes)}); accuracy {metrics.Accuracy:0.###} on its test split. Runs in ONNX Runtime."),
            ["Classes"] = string.Join(", ", classes.Select(c => $"`{c}`")),
            ["ClassCount"] = Invariant($"{classes.Count}"),
            ["SampleRate"] = S("sampleRate"),
            ["TestCount"] = Invariant($"{metrics.TestCount}"),
            ["TrainCount"] = Invariant($"{metrics.TrainCount}"),
            ["Accuracy"] = Invariant($"{metrics.Accuracy:0.000}"),
            ["MacroF1"] = Invariant($"{metrics.MacroF1:0.000}"),
            ["PerClassRows"] = Rows(metrics.PerClass.Select(c =>
                Invariant($"| {c.Key} | {c.Value.Precision:0.000} | {c.Value.Recall:0.000} | {c.Value.F1:0.000} | {c.Value.Support} |"))),
            ["DataFiles"] = Invariant($"{data.Properties().Sum(p => (int)p.Value["train"]! + (int)p.Value["test"]!)}"),
            ["DataRows"] = Rows(data.Properties().Select(p => Invariant($"| {p.Name} | {(int)p.Value["train"]!} | {(int)p.Value["test"]!} |"))),
            ["TrainSettings"] = release["train"]!.ToString(),
            ["FeatureSettings"] = release["features"]!.ToString(),
        };
        return values;
    }

    private static string Rows(IEnumerable<string> rows) => string.Join("\n", rows);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
