namespace Workflow.Training;

/// <summary><c>train.kmeans</c>: a codebook per class from ML.NET's k-means trainer (k-means++ start, one thread).</summary>
public sealed record KMeansOptions
{
    public const int MaxClusters = 1024;

    /// <summary>Codebook size per class (fewer if the class has fewer frames).</summary>
    public int Clusters { get; init; } = 32;

    /// <summary>ML.NET's MaximumNumberOfIterations.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>ML.NET's OptimizationTolerance: stop once the relative loss change is below this.</summary>
    public double Tolerance { get; init; } = 1e-7;

    public void Validate()
    {
        OptionChecks.AtLeast("train.kmeans.clusters", Clusters, 1);
        OptionChecks.AtMost("train.kmeans.clusters", Clusters, MaxClusters);
        OptionChecks.AtLeast("train.kmeans.iterations", Iterations, 1);
        OptionChecks.NotNegative("train.kmeans.tolerance", Tolerance);
    }
}
