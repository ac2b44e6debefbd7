using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class LeftToRightLatticeTests
{
    public sealed class TheForwardMethod
    {
        [Test]
        public void Should_Split_Each_Forward_Probability_Between_Staying_And_Entering_Without_Changing_It()
        {
            // Given
            const int frames = 7, states = 3;
            var random = new Random(4);
            var logB = Enumerable.Range(0, frames * states).Select(_ => -5 * random.NextDouble()).ToArray();
            double[] logStay = [Math.Log(0.6), Math.Log(0.3), Math.Log(0.8)];
            double[] logLeave = [Math.Log(0.4), Math.Log(0.7), Math.Log(0.2)];
            var expected = new double[frames * states];
            var alpha = new double[frames * states];
            var stay = new double[frames * states];
            var enter = new double[frames * states];

            // When
            var logP = LeftToRightLattice.Forward(logB, frames, states, logStay, logLeave, alpha, stay, enter);

            // Then
            Assert.That(logP, Is.EqualTo(LeftToRightLattice.Forward(logB, frames, states, logStay, logLeave, expected)));
            Assert.That(alpha, Is.EqualTo(expected));
            for (var t = 1; t < frames; t++)
            {
                for (var j = 0; j < states; j++)
                {
                    var at = t * states + j;
                    if (double.IsNegativeInfinity(alpha[at])) continue;
                    var viaStay = Math.Exp(alpha[at - states] + logStay[j] + logB[at] - alpha[at]);
                    Assert.That(stay[at], Is.EqualTo(viaStay).Within(1e-12), $"t={t} j={j}");
                    Assert.That(stay[at] + enter[at], Is.EqualTo(1.0).Within(1e-15), $"t={t} j={j}");
                }
            }
        }
    }
}
