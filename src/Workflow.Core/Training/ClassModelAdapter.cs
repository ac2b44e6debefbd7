namespace Workflow.Training;

/// <summary>
/// Fine-tuning: a class model of the base version (<c>train.base</c>) adapted to this data's recordings of the class
/// by MAP (<see cref="MapAdaptation"/>, settings in <c>train.adapt</c>). Defined for the Gaussian families:
/// <c>gmm</c> (every component), <c>hmm</c> (every state's mixture, and optionally the self-loops) and <c>gaussian</c>
/// (its one Gaussian: weights do not apply). <c>kmeans</c> codebooks have no densities to adapt: refused.
/// </summary>
public static class ClassModelAdapter
{
    public static IClassModel Adapt(IClassModel prior, TrainingSet set, TrainOptions options, int maxDegreeOfParallelism = -1)
    {
        set.RequireFrames(prior.Class);
        return prior switch
        {
            GaussianMixtureModel gmm => new GaussianMixtureModel(gmm.Class, GaussianMixtureAdapter.Adapt(
                gmm.Mixture, set, options.Adapt, TrainingFrames.VarianceFloor(set, null, options.VarianceFloor))),
            HiddenMarkovModel hmm => HiddenMarkovAdapter.Adapt(hmm, set, options, maxDegreeOfParallelism),
            DiagonalGaussianModel gaussian => Adapt(gaussian, set, options),
            _ => throw new WorkflowException(
                $"Class {prior.Class}: a '{FamilyOf(prior)}' model cannot be fine-tuned (MAP adaptation is defined for gaussian, gmm and hmm); remove train.base to train it from scratch."),
        };
    }

    /// <summary>The one Gaussian as a mixture of one component; its floor as the trainer's (relative to the largest variance).</summary>
    private static DiagonalGaussianModel Adapt(DiagonalGaussianModel prior, TrainingSet set, TrainOptions options)
    {
        var parts = options.Adapt.CanonicalUpdate.Split(',').Where(p => p is "means" or "variances").ToList();
        if (parts.Count == 0) return prior; // weights and transitions mean nothing for one Gaussian
        var spread = TrainingFrames.VarianceFloor(set, null, 1.0);
        var floor = Enumerable.Repeat(Math.Max(spread.Max() * options.VarianceFloor, 1e-12), spread.Length).ToArray();
        var mixture = GaussianMixtureAdapter.Adapt(
            new DiagonalMixture([1.0], [prior.Mean], [prior.Variance]), set, options.Adapt with { Update = string.Join(",", parts) }, floor);
        return new DiagonalGaussianModel(prior.Class, mixture.Means[0], mixture.Variances[0]);
    }

    private static string FamilyOf(IClassModel model) => model switch
    {
        KMeansCodebookModel => KMeansCodebookModel.Family,
        _ => model.GetType().Name,
    };
}
