using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class GaussianMixtureTrainerTests
{
    /// <summary>Frames from three well-separated 2-D Gaussians, 100, 200 and 300 of them.</summary>
    private static List<FeatureMatrix> ThreeClusters(int seed)
    {
        var random = new Random(seed);
        var values = new List<double>();
        foreach (var (x, y, n) in new[] { (0.0, 0.0, 100), (6.0, 0.0, 200), (0.0, 6.0, 300) })
        {
            for (var i = 0; i < n; i++) values.AddRange([x + SyntheticFeatures.Normal(random), y + SyntheticFeatures.Normal(random)]);
        }
        return [new FeatureMatrix(values.Count / 2, 2, values.ToArray())];
    }

    public sealed class TheFitWithHistoryMethod
    {
        [TestCase(1)]
        [TestCase(3)]
        [TestCase(6)]
        public void Should_Never_Decrease_The_Log_Likelihood(int components)
        {
            // Given
            var trainer = new GaussianMixtureTrainer(new GmmOptions { Components = components, Iterations = 40, Tolerance = 0 }, 5, 1e-3);

            // When
            var history = trainer.FitWithHistory("x", ThreeClusters(1)).LogLikelihoods;

            // Then
            Assert.That(history, Has.Count.GreaterThan(2));
            for (var i = 1; i < history.Count; i++)
                Assert.That(history[i], Is.GreaterThanOrEqualTo(history[i - 1] - 1e-12), $"iteration {i}: {history[i - 1]} → {history[i]}");
        }

        [Test]
        public void Should_Stop_Once_An_Iteration_Gains_Less_Than_The_Tolerance()
        {
            // Given
            var trainer = new GaussianMixtureTrainer(new GmmOptions { Components = 3, Iterations = 500, Tolerance = 1e-3 }, 5, 1e-3);

            // When
            var history = trainer.FitWithHistory("x", ThreeClusters(1)).LogLikelihoods;

            // Then
            Assert.That(history, Has.Count.LessThan(500));
            Assert.That(history[^1] - history[^2], Is.LessThan(1e-3));
        }
    }

    public sealed class TheFitMethod
    {
        [Test]
        public void Should_Recover_The_Weights_And_Means_Of_Separated_Clusters()
        {
            // Given
            var trainer = new GaussianMixtureTrainer(new GmmOptions { Components = 3 }, 5, 1e-3);

            // When
            var mixture = trainer.Fit("x", ThreeClusters(2)).Mixture;

            // Then
            var components = Enumerable.Range(0, 3).OrderBy(k => mixture.Weights[k]).ToList();
            Assert.That(components.Select(k => mixture.Weights[k]), Is.EqualTo(new[] { 1 / 6.0, 2 / 6.0, 3 / 6.0 }).Within(0.01));
            Assert.That(mixture.Means[components[0]], Is.EqualTo(new[] { 0.0, 0.0 }).Within(0.3));
            Assert.That(mixture.Means[components[1]], Is.EqualTo(new[] { 6.0, 0.0 }).Within(0.3));
            Assert.That(mixture.Means[components[2]], Is.EqualTo(new[] { 0.0, 6.0 }).Within(0.3));
            Assert.That(mixture.Variances.SelectMany(v => v), Is.All.EqualTo(1.0).Within(0.3));
        }

        [Test]
        public void Should_Use_Fewer_Components_When_The_Class_Has_Fewer_Distinct_Frames()
        {
            // Given
            var frames = new FeatureMatrix(4, 1, [1.0, 1.0, 2.0, 2.0]);
            var trainer = new GaussianMixtureTrainer(new GmmOptions { Components = 8 }, 5, 1e-3);

            // When
            var model = trainer.Fit("x", [frames]);

            // Then
            Assert.That(model.Mixture.Components, Is.EqualTo(2));
            Assert.That(double.IsFinite(model.Score(frames)));
        }

        [Test]
        public void Should_Write_The_Same_Bytes_Whatever_The_Degree_Of_Parallelism()
        {
            // Given: more frames than one E-step chunk and one k-means chunk
            var frames = Enumerable.Range(0, 20).SelectMany(i => ThreeClusters(i)).ToList();
            var options = new GmmOptions { Components = 4, Iterations = 5, Tolerance = 0 };

            // When
            var files = new[] { 1, 2, 3, 8 }
                .Select(cores => Newtonsoft.Json.JsonConvert.SerializeObject(new GaussianMixtureTrainer(options, 9, 1e-3, cores).Fit("x", frames)))
                .ToList();

            // Then
            Assert.That(frames.Sum(f => f.Rows), Is.GreaterThan(2 * GaussianMixtureTrainer.ChunkFrames));
            Assert.That(files.Distinct().Count(), Is.EqualTo(1));
        }

        [Test]
        public void Should_Throw_When_The_Utterances_Disagree_On_Their_Columns()
        {
            // Given
            var trainer = new GaussianMixtureTrainer(new GmmOptions(), 5, 1e-3);

            // When / Then
            Assert.That(() => trainer.Fit("7", [new FeatureMatrix(1, 2, [1.0, 2.0]), new FeatureMatrix(1, 3, [1.0, 2.0, 3.0])]),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "Class 7: feature files have 2 and 3 columns; rebuild features with one setting."));
        }
    }
}
