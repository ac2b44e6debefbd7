using Newtonsoft.Json;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// One diagonal-covariance Gaussian over a class's frames. File format (<c>&lt;class&gt;.model</c>, JSON):
/// <c>{"formatVersion": 1, "family": "gaussian", "class": "7", "mean": […], "variance": […]}</c>.
/// </summary>
public sealed class DiagonalGaussianModel : IClassModel
{
    public const int FormatVersion = 1;
    public const string Family = "gaussian";

    private readonly double _logNormaliser;

    [JsonConstructor]
    public DiagonalGaussianModel(string @class, double[] mean, double[] variance)
    {
        if (mean.Length != variance.Length || mean.Length == 0)
            throw new ArgumentException("mean and variance must be non-empty and of equal length");
        Class = @class;
        Mean = mean;
        Variance = variance;
        _logNormaliser = -0.5 * variance.Sum(v => Math.Log(2 * Math.PI * v));
    }

    [JsonProperty("formatVersion", Order = 1)]
    private int SerializedFormatVersion => FormatVersion;

    [JsonProperty("family", Order = 2)]
    private string SerializedFamily => Family;

    [JsonProperty("class", Order = 3)]
    public string Class { get; }

    [JsonProperty("mean", Order = 4)]
    public double[] Mean { get; }

    [JsonProperty("variance", Order = 5)]
    public double[] Variance { get; }

    public double Score(FeatureMatrix features)
    {
        var total = 0.0;
        for (var t = 0; t < features.Rows; t++) total += LogLikelihood(features.Row(t));
        return total / features.Rows;
    }

    public double LogLikelihood(ReadOnlySpan<double> frame)
    {
        var sum = 0.0;
        for (var d = 0; d < Mean.Length; d++)
        {
            var diff = frame[d] - Mean[d];
            sum += diff * diff / Variance[d];
        }
        return _logNormaliser - 0.5 * sum;
    }
}
