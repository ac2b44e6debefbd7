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
    public static IReadOnlyDictionary<string, string> Values(JObject release, EvaluationMetrics metrics, HeldOutAccuracy? heldOut = null)
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
            ["Speakers"] = Speakers(release["speakers"] as JObject),
            ["UnseenSpeakers"] = Unseen(heldOut, (string?)release["train"]?["family"]),
        };
        return values;
    }

    private static string Speakers(JObject? speakers) => speakers is null || !speakers.HasValues
        ? "Speakers: not recorded (set model.speakerPattern to count recordings per speaker)."
        : Invariant($"{speakers.Count} speakers (recordings each): ") + string.Join(", ", speakers.Properties().Select(p => Invariant($"{p.Name} ({(int)p.Value})"))) + ".";

    private static string Unseen(HeldOutAccuracy? measured, string? family)
    {
        if (measured is null || family is null || !measured.Families.TryGetValue(family, out var result))
            return "Accuracy on unseen speakers has not been measured for this model family (`bench/accuracy.sh --record FILE`, then model.heldOutAccuracy); expect it to be lower than the figures above, which are on the test split of the same speakers.";
        var each = string.Join(", ", result.HeldOut.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Invariant($"{p.Key} {p.Value:0.000}")));
        return Invariant($"On speakers it has not heard the `{family}` family does worse: trained on the other speakers and tested on one, accuracy was ") + each +
               Invariant($" (mean **{result.HeldOutMean:0.000}**, against {result.Convention:0.000} on the same speakers' held-out takes), measured by `bench/accuracy.sh` at commit `{measured.Commit}`{(measured.Dirty ? " with uncommitted changes" : "")}.");
    }

    private static string Rows(IEnumerable<string> rows) => string.Join("\n", rows);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
