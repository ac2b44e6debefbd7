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
        public void Should_Still_Score_An_Utterance_Too_Unlikely_For_Scaled_Probabilities()
        {
            // Given: frame 1 is 125,000 nats likelier in state 2 than in states 0 and 1, the only ones it can reach, so
            // its scaled probabilities underflow to 0; only the log domain has the answer
            var model = new HiddenMarkovModel("x", [0.5, 0.5, 0.5], [Gaussian(0, 0.01), Gaussian(0, 0.01), Gaussian(50, 0.01)]);
            double[] frames = [0, 50, 50, 50];

            // When
            var score = model.Score(new FeatureMatrix(frames.Length, 1, frames));

            // Then: the path 0 1 2 2 (every transition ½) outweighs the others by e^125,000: its log-likelihood
            var logB = new[] { LogNormal(0, 0, 0.01), LogNormal(50, 0, 0.01), LogNormal(50, 50, 0.01), LogNormal(50, 50, 0.01) };
            var best = Math.Log(0.5) * 4 + logB.Sum();
            Assert.That(double.IsFinite(score), Is.True);
            Assert.That(score * frames.Length, Is.EqualTo(best).Within(1e-6).Percent);
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
