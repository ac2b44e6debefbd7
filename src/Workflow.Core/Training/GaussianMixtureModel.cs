using Newtonsoft.Json;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// A diagonal-covariance Gaussian mixture over a class's frames; scores an utterance by its mean log-likelihood per
/// frame. File format (<c>&lt;class&gt;.model</c>, JSON, doubles written round-trip):
/// <c>{"formatVersion": 1, "family": "gmm", "class": "7", "weights": [w…], "means": [[…]…], "variances": [[…]…]}</c>.
/// </summary>
public sealed class GaussianMixtureModel : IClassModel
{
    public const int FormatVersion = 1;
    public const string Family = "gmm";

    [JsonConstructor]
    public GaussianMixtureModel(string @class, double[] weights, double[][] means, double[][] variances)
        : this(@class, new DiagonalMixture(weights, means, variances))
    {
    }

    public GaussianMixtureModel(string @class, DiagonalMixture mixture)
    {
        Class = @class;
        Mixture = mixture;
    }

    [JsonProperty("formatVersion", Order = 1)]
    private int SerializedFormatVersion => FormatVersion;

    [JsonProperty("family", Order = 2)]
    private string SerializedFamily => Family;

    [JsonProperty("class", Order = 3)]
    public string Class { get; }

    [JsonIgnore]
    public DiagonalMixture Mixture { get; }

    [JsonProperty("weights", Order = 4)]
    private double[] Weights => Mixture.Weights;

    [JsonProperty("means", Order = 5)]
    private double[][] Means => Mixture.Means;

    [JsonProperty("variances", Order = 6)]
    private double[][] Variances => Mixture.Variances;

    public double Score(FeatureMatrix features)
    {
        if (features.Rows == 0) return double.NegativeInfinity;
        var total = 0.0;
        for (var t = 0; t < features.Rows; t++) total += Mixture.LogLikelihood(features.Row(t));
        return total / features.Rows;
    }
}
