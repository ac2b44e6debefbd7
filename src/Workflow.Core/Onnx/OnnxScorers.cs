using static System.FormattableString;
using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>The exportable model families, by <c>train.family</c>; a family missing here is refused, never approximated.</summary>
public static class OnnxScorers
{
    private static readonly IReadOnlyDictionary<string, IOnnxScorer> ByFamily =
        new IOnnxScorer[] { new GaussianOnnxScorer(), new GaussianMixtureOnnxScorer(), new HiddenMarkovOnnxScorer(), new KMeansOnnxScorer() }.ToDictionary(s => s.Family, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Families => ByFamily.Keys.Order(StringComparer.Ordinal).ToArray();

    public static IOnnxScorer For(string family) =>
        ByFamily.TryGetValue(family, out var scorer)
            ? scorer
            : throw new WorkflowException(
                $"train.family '{family}' cannot be exported to ONNX; exportable families: {string.Join(", ", Families)}.");

    /// <summary>
    /// The models as <typeparamref name="T"/>, or an error naming the first one of another family or whose
    /// <paramref name="dimensions"/> differ from the features' <paramref name="columns"/>.
    /// </summary>
    public static IReadOnlyList<T> Expect<T>(IReadOnlyList<IClassModel> models, string family, Func<T, int> dimensions, int columns)
        where T : IClassModel
    {
        if (models.Count == 0) throw new WorkflowException("There are no class models to export to ONNX; run the Train target first.");
        var typed = new List<T>(models.Count);
        foreach (var model in models)
        {
            if (model is not T t)
                throw new WorkflowException(
                    $"The model of class '{model.Class}' is a {model.GetType().Name}, not a '{family}' model; rebuild the models with the Train target.");
            if (dimensions(t) != columns)
                throw new WorkflowException(Invariant(
                    $"The model of class '{model.Class}' has {dimensions(t)} dimensions but the features have {columns} columns; rebuild the models with the Train target."));
            typed.Add(t);
        }

        return typed;
    }
}
