using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class HiddenMarkovModelTests
{
    private static DiagonalMixture Gaussian(double mean, double variance) => new([1.0], [[mean]], [[variance]]);

    private static double LogNormal(double x, double mean, double variance) =>
        -0.5 * Math.Log(2 * Math.PI * variance) - 0.5 * (x - mean) * (x - mean) / variance;

    private static readonly HiddenMarkovModel Model = new("x", [0.7, 0.4], [Gaussian(0, 1), Gaussian(3, 2)]);

    public sealed class TheScoreMethod
    {
        [Test]
        public void Should_Be_The_Log_Of_The_Sum_Over_Every_Path_Per_Frame()
        {
            // Given
            double[] frames = [0.1, -0.4, 2.5, 3.2];
            var features = new FeatureMatrix(frames.Length, 1, frames);

            // When
            var score = Model.Score(features);

            // Then: a path is 0…0 1…1 with the switch after frame s (s = 0…2), then the exit from state 1
            var total = 0.0;
            for (var s = 0; s < frames.Length - 1; s++)
            {
                var p = 1.0;
                for (var t = 0; t < frames.Length; t++)
                {
                    var state = t <= s ? 0 : 1;
                    p *= Math.Exp(state == 0 ? LogNormal(frames[t], 0, 1) : LogNormal(frames[t], 3, 2));
                    if (t < frames.Length - 1) p *= state == 0 ? (t == s ? 0.3 : 0.7) : 0.4;
                }
                total += p * 0.6;
            }
            Assert.That(score, Is.EqualTo(Math.Log(total) / frames.Length).Within(1e-12));
        }

        [Test]
        public void Should_Score_An_Utterance_Shorter_Than_The_States_By_Each_Frames_Best_State()
        {
            // Given
            var features = new FeatureMatrix(1, 1, [2.0]);

            // When
            var score = Model.Score(features);

            // Then
            Assert.That(score, Is.EqualTo(Math.Max(LogNormal(2, 0, 1), LogNormal(2, 3, 2))).Within(1e-12));
        }
    }

    public sealed class TheConstructor
    {
        [Test]
        public void Should_Reject_A_Self_Loop_Of_One()
        {
            // Given / When / Then
            Assert.That(() => new HiddenMarkovModel("x", [1.0], [Gaussian(0, 1)]), Throws.ArgumentException);
        }
    }
}
