using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// Appends one model family's per-class scoring to a graph: from [frames, columns] features to [classes] scores,
/// each the length-normalised log-likelihood that family's <see cref="IClassModel.Score"/> computes, in the order of
/// the models given. Registered by family name in <see cref="OnnxScorers"/>.
/// </summary>
public interface IOnnxScorer
{
    /// <summary>The <c>train.family</c> value this scorer exports.</summary>
    string Family { get; }

    /// <summary>
    /// Returns the name of the [classes] scores, of the graph's compute type. <paramref name="columns"/> is the
    /// features' width; a model of another dimension is an error (<see cref="OnnxScorers.Expect{T}"/> helps).
    /// </summary>
    string Append(GraphBuilder g, string features, int columns, IReadOnlyList<IClassModel> models);
}
