namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="DiagonalGaussianModel"/>: per-dimension mean and population variance over every frame,
/// with each variance floored at <c>varianceFloor</c> times the largest one so no dimension dominates the score.
/// </summary>
public sealed class DiagonalGaussianTrainer(TrainOptions options) : IClassModelTrainer
{
    public DiagonalGaussianModel Fit(string @class, IReadOnlyList<Features.FeatureMatrix> utterances)
    {
        var dimensions = utterances[0].Columns;
        var mean = new double[dimensions];
        var squares = new double[dimensions];
        long frames = 0;
        foreach (var utterance in utterances)
        {
            if (utterance.Columns != dimensions)
                throw new WorkflowException(
                    $"Class {@class}: feature files have {dimensions} and {utterance.Columns} columns; rebuild features with one setting.");
            for (var t = 0; t < utterance.Rows; t++)
            {
                var row = utterance.Row(t);
                for (var d = 0; d < dimensions; d++)
                {
                    mean[d] += row[d];
                    squares[d] += row[d] * row[d];
                }
            }
            frames += utterance.Rows;
        }
        var variance = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            mean[d] /= frames;
            variance[d] = Math.Max(squares[d] / frames - mean[d] * mean[d], 0);
        }
        var floor = Math.Max(variance.Max() * options.VarianceFloor, 1e-12);
        for (var d = 0; d < dimensions; d++) variance[d] = Math.Max(variance[d], floor);
        return new DiagonalGaussianModel(@class, mean, variance);
    }

    IClassModel IClassModelTrainer.Fit(string @class, IReadOnlyList<Features.FeatureMatrix> utterances) => Fit(@class, utterances);
}
