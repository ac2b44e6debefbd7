using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="KMeansCodebookModel"/> with ML.NET's <see cref="KMeansTrainer"/>: <c>MLContext(seed)</c>,
/// k-means++ initialisation and one thread, which makes its centroids a function of the seed and frames alone.
/// Only the centroids are kept (ML.NET's own model zips embed timestamps). ML.NET works in single precision, so the
/// centroids are floats widened to doubles.
/// </summary>
public sealed class KMeansCodebookTrainer(KMeansOptions options, int seed) : IClassModelTrainer
{
    public KMeansCodebookModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        Fit(@class, TrainingSet.From(@class, utterances));

    public KMeansCodebookModel Fit(string @class, TrainingSet frames)
    {
        frames.RequireFrames(@class);
        var rows = new KMeansFrame[frames.Frames];
        for (var t = 0; t < rows.Length; t++) rows[t] = new KMeansFrame { Features = frames.Row(t).ToArray() };
        var context = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(KMeansFrame));
        schema[nameof(KMeansFrame.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, frames.Columns);
        var data = context.Data.LoadFromEnumerable(rows, schema);
        var trainer = context.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(KMeansFrame.Features),
            NumberOfClusters = Math.Min(options.Clusters, frames.Frames),
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = options.Iterations,
            OptimizationTolerance = (float)options.Tolerance,
            NumberOfThreads = 1,
        });
        VBuffer<float>[] centroids = [];
        trainer.Fit(data).Model.GetClusterCentroids(ref centroids, out var count);
        var codebook = new double[count][];
        for (var c = 0; c < count; c++)
        {
            codebook[c] = centroids[c].DenseValues().Select(v => (double)v).ToArray();
        }
        return new KMeansCodebookModel(@class, codebook);
    }

    IClassModel IClassModelTrainer.Fit(string @class, TrainingSet utterances) => Fit(@class, utterances);
}
