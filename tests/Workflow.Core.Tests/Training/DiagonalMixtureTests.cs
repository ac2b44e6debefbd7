using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class DiagonalMixtureTests
{
    public sealed class TheLogLikelihoodMethod
    {
        [Test]
        public void Should_Be_The_Log_Of_The_Weighted_Sum_Of_The_Component_Densities()
        {
            // Given
            var mixture = new DiagonalMixture([0.25, 0.75], [[0, 1], [2, -1]], [[1, 4], [0.5, 2]]);
            double[] frame = [0.5, 0.5];

            // When
            var logLikelihood = mixture.LogLikelihood(frame);

            // Then
            static double Density(double x, double m, double v) => Math.Exp(-0.5 * (x - m) * (x - m) / v) / Math.Sqrt(2 * Math.PI * v);
            var expected = 0.25 * Density(0.5, 0, 1) * Density(0.5, 1, 4) + 0.75 * Density(0.5, 2, 0.5) * Density(0.5, -1, 2);
            Assert.That(logLikelihood, Is.EqualTo(Math.Log(expected)).Within(1e-12));
        }

        [Test]
        public void Should_Stay_Finite_Far_From_Every_Component()
        {
            // Given
            var mixture = new DiagonalMixture([0.5, 0.5], [[0.0], [1.0]], [[1e-4], [1e-4]]);

            // When
            var logLikelihood = mixture.LogLikelihood([1000.0]);

            // Then
            Assert.That(double.IsFinite(logLikelihood) && logLikelihood < -1e9);
        }

        [Test]
        public void Should_Ignore_A_Component_Of_Weight_Zero()
        {
            // Given
            var mixture = new DiagonalMixture([1.0, 0.0], [[0.0], [5.0]], [[1.0], [1.0]]);

            // When
            var logLikelihood = mixture.LogLikelihood([5.0]);

            // Then
            Assert.That(logLikelihood, Is.EqualTo(-0.5 * Math.Log(2 * Math.PI) - 12.5).Within(1e-12));
        }
    }

    public sealed class TheConstructor
    {
        [Test]
        public void Should_Reject_A_Variance_That_Is_Not_Positive()
        {
            // Given / When / Then
            Assert.That(() => new DiagonalMixture([1.0], [[0.0]], [[0.0]]), Throws.ArgumentException);
        }

        [Test]
        public void Should_Reject_Components_Of_Different_Dimensions()
        {
            // Given / When / Then
            Assert.That(() => new DiagonalMixture([0.5, 0.5], [[0.0], [0.0, 1.0]], [[1.0], [1.0, 1.0]]), Throws.ArgumentException);
        }
    }
}
