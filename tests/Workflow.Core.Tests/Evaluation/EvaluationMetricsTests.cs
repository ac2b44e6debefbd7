using Workflow.Evaluation;

namespace Workflow.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    public sealed class TheComputeMethod
    {
        [Test]
        public void Should_Compute_Accuracy_Per_Class_Scores_And_Confusion_Rows_By_True_Class()
        {
            // Given: 3 of "a" (one mistaken for "b"), 1 of "b"
            var outcomes = new[] { ("a", "a"), ("a", "a"), ("a", "b"), ("b", "b") };

            // When
            var metrics = EvaluationMetrics.Compute(["a", "b"], outcomes, trainCount: 10);

            // Then
            Assert.That(metrics.Accuracy, Is.EqualTo(0.75));
            Assert.That(metrics.Confusion, Is.EqualTo(new[] { new[] { 2, 1 }, new[] { 0, 1 } }));
            Assert.That(metrics.PerClass["a"], Is.EqualTo(new ClassMetrics(1.0, 0.666667, 0.8, 3)));
            Assert.That(metrics.PerClass["b"], Is.EqualTo(new ClassMetrics(0.5, 1.0, 0.666667, 1)));
            Assert.That(metrics.MacroF1, Is.EqualTo(0.733333));
            Assert.That((metrics.TrainCount, metrics.TestCount), Is.EqualTo((10, 4)));
        }
    }
}
