namespace Workflow.Training;

/// <summary><c>train.gmm</c>: a diagonal-covariance Gaussian mixture per class, fitted by EM from k-means++ clusters.</summary>
public sealed record GmmOptions
{
    public const int MaxComponents = 256;

    /// <summary>Mixture components per class (fewer if the class has fewer distinct frames).</summary>
    public int Components { get; init; } = 16;

    /// <summary>At most this many EM iterations.</summary>
    public int Iterations { get; init; } = 30;

    /// <summary>EM stops once an iteration gains less than this in mean log-likelihood per frame.</summary>
    public double Tolerance { get; init; } = 1e-4;

    public void Validate()
    {
        OptionChecks.AtLeast("train.gmm.components", Components, 1);
        OptionChecks.AtMost("train.gmm.components", Components, MaxComponents);
        OptionChecks.AtLeast("train.gmm.iterations", Iterations, 0);
        OptionChecks.NotNegative("train.gmm.tolerance", Tolerance);
    }
}
