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

    public sealed class TheScaledOccupanciesMethod
    {
        private static readonly double[] SelfLoops = [0.6, 0.3, 0.8, 0.5];

        // The log-domain passes' log P, occupancies and shares, as the trainer computed them before.
        private static (double LogP, double[] Gamma, double[] Stay, double[] Enter) LogDomain(double[] logB, int frames, int states)
        {
            var (logStay, logLeave) = (SelfLoops.Select(a => Math.Log(a)).ToArray(), SelfLoops.Select(a => Math.Log(1 - a)).ToArray());
            var (alpha, beta) = (new double[frames * states], new double[frames * states]);
            var (stay, enter) = (new double[frames * states], new double[frames * states]);
            var logP = LeftToRightLattice.Forward(logB, frames, states, logStay, logLeave, alpha, stay, enter);
            LeftToRightLattice.Backward(logB, frames, states, logStay, logLeave, beta);
            return (logP, alpha.Zip(beta, (a, b) => Math.Exp(a + b - logP)).ToArray(), stay, enter);
        }

        private static (bool Done, double LogP, double[] Gamma, double[] Stay, double[] Enter) Scaled(double[] logB, int frames, int states)
        {
            // Shift each frame by its largest log-emission, as the trainer does.
            var shift = Enumerable.Range(0, frames).Select(t => logB.Skip(t * states).Take(states).Max()).ToArray();
            var scaled = logB.Select((l, i) => Math.Exp(l - shift[i / states])).ToArray();
            var (alpha, beta, gamma) = (new double[frames * states], new double[frames * states], new double[frames * states]);
            var (stay, enter) = (new double[frames * states], new double[frames * states]);
            var done = LeftToRightLattice.ScaledOccupancies(
                scaled, shift, frames, states, SelfLoops, SelfLoops.Select(a => 1 - a).ToArray(), alpha, beta, gamma, stay, enter, out var logP);
            return (done, logP, gamma, stay, enter);
        }

        [TestCase(4, 2)]
        [TestCase(40, 4)]
        [TestCase(300, 4)]
        public void Should_Give_The_Log_Domain_Passes_Likelihood_Occupancies_And_Shares(int frames, int states)
        {
            // Given: emissions tens of nats apart, as real frames' are
            var random = new Random(frames);
            var logB = Enumerable.Range(0, frames * states).Select(_ => -40 * random.NextDouble() - 30).ToArray();
            var expected = LogDomain(logB, frames, states);

            // When
            var actual = Scaled(logB, frames, states);

            // Then
            Assert.That(actual.Done, Is.True);
            Assert.That(actual.LogP, Is.EqualTo(expected.LogP).Within(1e-9).Percent);
            Assert.That(actual.Gamma, Is.EqualTo(expected.Gamma).Within(1e-9));
            for (var t = 0; t < frames; t++)
                Assert.That(actual.Gamma.Skip(t * states).Take(states).Sum(), Is.EqualTo(1).Within(1e-12));
            for (var i = states; i < frames * states; i++)
            {
                if (expected.Gamma[i] < 1e-12) continue; // a share of a state never reached is not used
                Assert.That(actual.Stay[i], Is.EqualTo(expected.Stay[i]).Within(1e-9), $"stay share {i}");
                Assert.That(actual.Enter[i], Is.EqualTo(expected.Enter[i]).Within(1e-9), $"enter share {i}");
            }
        }

        [Test]
        public void Should_Give_Up_When_A_Frames_Reachable_States_Underflow()
        {
            // Given: at frame 1 only states 0 and 1 are reachable, and both are 1000 nats below state 3
            const int frames = 6, states = 4;
            var logB = new double[frames * states];
            logB[states + 0] = logB[states + 1] = -1000;

            // When
            var actual = Scaled(logB, frames, states);

            // Then: the caller must use the log-domain passes, which still have an answer
            Assert.That(actual.Done, Is.False);
            Assert.That(double.IsFinite(LogDomain(logB, frames, states).LogP), Is.True);
        }
    }
}
