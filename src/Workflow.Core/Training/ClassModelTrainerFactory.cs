namespace Workflow.Training;

/// <summary>The trainer for <c>train.family</c>; adding a family means one line here and one in <see cref="ClassModelFile"/>.</summary>
public static class ClassModelTrainerFactory
{
    /// <param name="maxDegreeOfParallelism">Cores one class's training may use (−1: all); never changes the model's bits.</param>
    /// <param name="alphabet">Symbols of the note sequences <c>discrete-hmm</c> models (0: as many as the data show).</param>
    public static IClassModelTrainer Create(TrainOptions options, int maxDegreeOfParallelism = -1, int alphabet = 0) => options.Family switch
    {
        DiagonalGaussianModel.Family => new DiagonalGaussianTrainer(options),
        GaussianMixtureModel.Family => new GaussianMixtureTrainer(options.Gmm, options.Seed, options.VarianceFloor, maxDegreeOfParallelism),
        HiddenMarkovModel.Family => new HiddenMarkovTrainer(options.Hmm, options.Seed, options.VarianceFloor, maxDegreeOfParallelism),
        KMeansCodebookModel.Family => new KMeansCodebookTrainer(options.KMeans, options.Seed),
        DiscreteHiddenMarkovModel.Family => new DiscreteHmmTrainer(options.DiscreteHmm, options.Seed, alphabet),
        _ => throw new WorkflowException(
            $"train.family '{options.Family}' is not known; use one of: {string.Join(", ", TrainOptions.Families)}."),
    };
}
