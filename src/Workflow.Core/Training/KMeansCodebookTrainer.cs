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
    public KMeansCodebookModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        var frames = TrainingFrames.Stack(@class, utterances);
        var rows = new KMeansFrame[frames.Rows];
        for (var t = 0; t < frames.Rows; t++)
        {
            var row = frames.Row(t);
            var features = new float[row.Length];
            for (var d = 0; d < row.Length; d++) features[d] = (float)row[d];
            rows[t] = new KMeansFrame { Features = features };
        }
        var context = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(KMeansFrame));
        schema[nameof(KMeansFrame.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, frames.Columns);
        var data = context.Data.LoadFromEnumerable(rows, schema);
        var trainer = context.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(KMeansFrame.Features),
            NumberOfClusters = Math.Min(options.Clusters, frames.Rows),
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

    IClassModel IClassModelTrainer.Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) => Fit(@class, utterances);
}
