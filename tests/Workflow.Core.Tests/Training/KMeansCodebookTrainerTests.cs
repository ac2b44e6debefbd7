using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class KMeansCodebookTrainerTests
{
    public sealed class TheFitMethod
    {
        [Test]
        public void Should_Place_A_Centroid_On_Each_Separated_Cluster()
        {
            // Given
            var random = new Random(3);
            var values = new List<double>();
            foreach (var (x, y) in new[] { (0.0, 0.0), (10.0, 0.0), (0.0, 10.0) })
            {
                for (var i = 0; i < 50; i++) values.AddRange([x + 0.3 * SyntheticFeatures.Normal(random), y + 0.3 * SyntheticFeatures.Normal(random)]);
            }
            var trainer = new KMeansCodebookTrainer(new KMeansOptions { Clusters = 3 }, 1);

            // When
            var model = trainer.Fit("x", [new FeatureMatrix(150, 2, values.ToArray())]);

            // Then
            var centroids = model.Centroids.OrderBy(c => c[0]).ThenBy(c => c[1]).ToList();
            Assert.That(centroids[0], Is.EqualTo(new[] { 0.0, 0.0 }).Within(0.2));
            Assert.That(centroids[1], Is.EqualTo(new[] { 0.0, 10.0 }).Within(0.2));
            Assert.That(centroids[2], Is.EqualTo(new[] { 10.0, 0.0 }).Within(0.2));
        }

        [Test]
        public void Should_Ask_For_No_More_Clusters_Than_Frames()
        {
            // Given
            var trainer = new KMeansCodebookTrainer(new KMeansOptions { Clusters = 10 }, 1);

            // When
            var model = trainer.Fit("x", [new FeatureMatrix(3, 1, [1.0, 2.0, 3.0])]);

            // Then
            Assert.That(model.Centroids, Has.Length.LessThanOrEqualTo(3));
        }
    }
}
