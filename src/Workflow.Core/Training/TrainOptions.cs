using System.Globalization;

namespace Workflow.Training;

/// <summary>The <c>train</c> section of the config: which per-class model family and how to fit it.</summary>
public sealed record TrainOptions
{
    public static readonly string[] Families = ["gaussian"];

    /// <summary><c>gaussian</c>: one diagonal-covariance Gaussian per class over its frames.</summary>
    public string Family { get; init; } = "gaussian";

    /// <summary>Every family is seeded, even deterministic ones, so a model always records how to reproduce it.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Lower bound on each variance, relative to that dimension's variance: keeps log-likelihoods finite.</summary>
    public double VarianceFloor { get; init; } = 1e-3;

    public void Validate()
    {
        if (!Families.Contains(Family))
            throw new WorkflowException(
                $"train.family '{Family}' is not known; use one of: {string.Join(", ", Families)}.");
        if (!(VarianceFloor > 0 && VarianceFloor < 1))
            throw new WorkflowException(
                $"train.varianceFloor must be between 0 and 1, exclusive (got {VarianceFloor.ToString(CultureInfo.InvariantCulture)}).");
    }
}
