using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="DiagonalGaussianModel"/>: per-dimension mean and population variance over every frame,
/// with each variance floored at <c>varianceFloor</c> times the largest one so no dimension dominates the score.
/// </summary>
public sealed class DiagonalGaussianTrainer(TrainOptions options) : IClassModelTrainer
{
    public DiagonalGaussianModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        Fit(@class, TrainingSet.From(@class, utterances));

    public DiagonalGaussianModel Fit(string @class, TrainingSet utterances)
    {
        utterances.RequireFrames(@class);
        var dimensions = utterances.Columns;
        var mean = new double[dimensions];
        var squares = new double[dimensions];
        var frames = utterances.Frames;
        for (var t = 0; t < frames; t++)
        {
            var row = utterances.Row(t);
            for (var d = 0; d < dimensions; d++)
            {
                double x = row[d];
                mean[d] += x;
                squares[d] += x * x;
            }
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

    IClassModel IClassModelTrainer.Fit(string @class, TrainingSet utterances) => Fit(@class, utterances);
}
