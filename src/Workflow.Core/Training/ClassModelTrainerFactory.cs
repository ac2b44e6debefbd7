namespace Workflow.Training;

/// <summary>The trainer for <c>train.family</c>; adding a family means one line here and one in <see cref="ClassModelFile"/>.</summary>
public static class ClassModelTrainerFactory
{
    public static IClassModelTrainer Create(TrainOptions options) => options.Family switch
    {
        DiagonalGaussianModel.Family => new DiagonalGaussianTrainer(options),
        GaussianMixtureModel.Family => new GaussianMixtureTrainer(options.Gmm, options.Seed, options.VarianceFloor),
        HiddenMarkovModel.Family => new HiddenMarkovTrainer(options.Hmm, options.Seed, options.VarianceFloor),
        KMeansCodebookModel.Family => new KMeansCodebookTrainer(options.KMeans, options.Seed),
        _ => throw new WorkflowException(
            $"train.family '{options.Family}' is not known; use one of: {string.Join(", ", TrainOptions.Families)}."),
    };
}
