using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class KMeansCodebookModelTests
{
    public sealed class TheScoreMethod
    {
        [Test]
        public void Should_Be_The_Negative_Mean_Squared_Distance_To_The_Nearest_Centroid()
        {
            // Given
            var model = new KMeansCodebookModel("x", [[0, 0], [10, 0]]);
            var features = new FeatureMatrix(2, 2, [1.0, 1.0, 7.0, 0.0]);

            // When
            var score = model.Score(features);

            // Then: distances 2 and 9
            Assert.That(score, Is.EqualTo(-5.5));
        }
    }
}
