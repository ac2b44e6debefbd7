using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// <see cref="KMeansCodebookModel"/> as a graph: every frame's squared distance to every class's centroids as
/// ‖x'‖² - 2 x'·c' + ‖c'‖² in one MatMul, with x' = x - r and c' = c - r centred on the mean centroid r so the
/// expansion does not cancel badly; the minimum over each class's centroids, then minus the mean over frames.
/// Classes with fewer centroids are padded with centroids at distance 1e30, which never win the minimum.
/// </summary>
public sealed class KMeansOnnxScorer : IOnnxScorer
{
    private const double FarAway = 1e30;

    public string Family => KMeansCodebookModel.Family;

    public string Append(GraphBuilder g, string features, int columns, IReadOnlyList<IClassModel> models)
    {
        var codebooks = OnnxScorers.Expect<KMeansCodebookModel>(models, Family, m => m.Centroids[0].Length, columns);
        var classes = codebooks.Count;
        var centroids = codebooks.Max(m => m.Centroids.Length);
        var width = classes * centroids;
        var reference = new double[columns];
        var all = codebooks.SelectMany(m => m.Centroids).ToArray();
        foreach (var centroid in all) for (var d = 0; d < columns; d++) reference[d] += centroid[d];
        for (var d = 0; d < columns; d++) reference[d] /= all.Length;

        var weights = new double[columns * width]; // [D, K·C]: -2 c'
        var bias = new double[width]; // ‖c'‖²
        Array.Fill(bias, FarAway);
        for (var k = 0; k < classes; k++)
        {
            for (var c = 0; c < codebooks[k].Centroids.Length; c++)
            {
                var column = k * centroids + c;
                var squaredNorm = 0.0;
                for (var d = 0; d < columns; d++)
                {
                    var centred = codebooks[k].Centroids[c][d] - reference[d];
                    weights[d * width + column] = -2 * centred;
                    squaredNorm += centred * centred;
                }

                bias[column] = squaredNorm;
            }
        }

        var x = g.Op("Sub", "centred_frames", [features, g.Constant("centroid_reference", reference, columns)]);
        var frameNorms = g.ReduceSum(g.Op("Mul", [x, x]), [1], keepDims: true, "frame_squared_norms"); // [T, 1]
        var products = g.Op("MatMul", [x, g.Constant("centroid_weights", weights, columns, width)]); // [T, K·C]
        var distances = g.Op("Add", "squared_distances",
            [g.Op("Add", [products, g.Constant("centroid_squared_norms", bias, width)]), frameNorms]);
        var nearest = g.Reduce("ReduceMin", g.Op("Reshape", [distances, g.Int64s("shape", 0, classes, centroids)]), [2], keepDims: false, "nearest"); // [T, K]
        return g.Op("Neg", "class_scores", [g.ReduceMean(nearest, [0], keepDims: false, "distortion")]);
    }
}
