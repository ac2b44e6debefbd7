using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Workflow.Pretrained;

/// <summary>Compares a loaded model's inputs and outputs with the config, and builds the smoke test's inputs.</summary>
internal static class ModelSignature
{
    public static string? Mismatch(PretrainedModelOptions model, InferenceSession session) =>
        Compare("input", model.Inputs, session.InputMetadata) ?? Compare("output", model.Outputs, session.OutputMetadata);

    private static string? Compare(string kind, TensorSpec[] expected, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
                return $"the model has no {kind} '{spec.Name}' (it has: {string.Join(", ", actual.Keys)}); fix the config's {kind}s.";
            var type = TypeName(meta.ElementType);
            if (type != spec.Type)
                return $"{kind} '{spec.Name}' is {type}, not {spec.Type} as configured; fix the config or the model.";
            var dims = meta.Dimensions;
            var matches = dims.Length == spec.Shape.Length && dims.Zip(spec.Shape).All(d => d.Second == -1 || d.First == -1 || d.First == d.Second);
            if (!matches)
                return $"{kind} '{spec.Name}' has shape [{string.Join(", ", dims)}], not [{string.Join(", ", spec.Shape)}] as configured; fix the config or the model.";
        }
        var extra = actual.Keys.Except(expected.Select(s => s.Name)).ToList();
        return extra.Count == 0 ? null : $"the model has {kind}(s) the config does not list: {string.Join(", ", extra)}; add them to the config.";
    }

    public static NamedOnnxValue ZeroInput(TensorSpec spec)
    {
        var shape = spec.SmokeShape ?? spec.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        return spec.Type switch
        {
            "int64" => NamedOnnxValue.CreateFromTensor(spec.Name, new DenseTensor<long>(Enumerable.Repeat((long)spec.SmokeValue, count).ToArray(), shape)),
            "double" => NamedOnnxValue.CreateFromTensor(spec.Name, new DenseTensor<double>(Enumerable.Repeat(spec.SmokeValue, count).ToArray(), shape)),
            _ => NamedOnnxValue.CreateFromTensor(spec.Name, new DenseTensor<float>(Enumerable.Repeat((float)spec.SmokeValue, count).ToArray(), shape)),
        };
    }

    private static string TypeName(Type type) =>
        type == typeof(float) ? "float" : type == typeof(double) ? "double" : type == typeof(long) ? "int64" : type.Name;
}
