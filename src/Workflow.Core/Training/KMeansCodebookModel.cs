using Newtonsoft.Json;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// A vector-quantisation codebook of a class's frames; scores an utterance by its negative mean distortion (each
/// frame's squared distance to its nearest centroid, averaged), which like a log-likelihood is higher for a better fit.
/// File format (<c>&lt;class&gt;.model</c>, JSON, doubles written round-trip):
/// <c>{"formatVersion": 1, "family": "kmeans", "class": "7", "centroids": [[…]…]}</c>.
/// </summary>
public sealed class KMeansCodebookModel : IClassModel
{
    public const int FormatVersion = 1;
    public const string Family = "kmeans";

    [JsonConstructor]
    public KMeansCodebookModel(string @class, double[][] centroids)
    {
        if (centroids.Length == 0 || centroids[0].Length == 0 || centroids.Any(c => c.Length != centroids[0].Length))
            throw new ArgumentException("a codebook needs at least one centroid, all of the same non-zero length");
        Class = @class;
        Centroids = centroids;
    }

    [JsonProperty("formatVersion", Order = 1)]
    private int SerializedFormatVersion => FormatVersion;

    [JsonProperty("family", Order = 2)]
    private string SerializedFamily => Family;

    [JsonProperty("class", Order = 3)]
    public string Class { get; }

    [JsonProperty("centroids", Order = 4)]
    public double[][] Centroids { get; }

    public double Score(FeatureMatrix features)
    {
        if (features.Rows == 0) return double.NegativeInfinity;
        var total = 0.0;
        for (var t = 0; t < features.Rows; t++)
        {
            var row = features.Row(t);
            var nearest = double.PositiveInfinity;
            foreach (var centroid in Centroids) nearest = Math.Min(nearest, KMeansPlusPlus.SquaredDistance(row, centroid));
            total += nearest;
        }
        return -total / features.Rows;
    }
}
