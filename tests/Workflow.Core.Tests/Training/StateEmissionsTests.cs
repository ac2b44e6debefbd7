using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class StateEmissionsTests
{
    // States of 1, 3, 4 and 6 components: an empty lane, a full block, and a state over two blocks.
    private static DiagonalMixture[] States(Random random, int dimensions) => new[] { 1, 3, 4, 6 }
        .Select(components => new DiagonalMixture(
            Enumerable.Range(0, components).Select(k => k == 1 && components == 3 ? 0.0 : 0.2 + random.NextDouble()).ToArray(),
            Enumerable.Range(0, components).Select(_ => Values(random, dimensions, 2)).ToArray(),
            Enumerable.Range(0, components).Select(_ => Values(random, dimensions, 1).Select(v => 0.1 + Math.Abs(v)).ToArray()).ToArray()))
        .ToArray();

    private static double[] Squares(double[] x) => x.Select(v => v * v).ToArray();

    private static double[] Values(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => scale * SyntheticFeatures.Normal(random)).ToArray();

    public sealed class TheEvaluateMethod
    {
        [TestCase(1)]
        [TestCase(8)]
        [TestCase(27)]
        public void Should_Give_Each_States_Density_And_Component_Shares_As_The_Mixture_Does(int dimensions)
        {
            // Given
            var random = new Random(dimensions);
            var states = States(random, dimensions);
            var emissions = new StateEmissions(states);
            var (peaks, sums, shares) = (new double[states.Length], new double[states.Length], new double[states.Length * emissions.Stride]);
            for (var trial = 0; trial < 50; trial++)
            {
                var x = Values(random, dimensions, 3);

                // When
                emissions.Evaluate(x, Squares(x), peaks, sums, shares);

                // Then: the mixture's own log-likelihood, and its components' posteriors (0 for one of weight 0)
                for (var j = 0; j < states.Length; j++)
                {
                    var terms = new double[states[j].Components];
                    var logB = peaks[j] + Math.Log(sums[j]);
                    Assert.That(logB, Is.EqualTo(states[j].ComponentLogLikelihoods(x, terms)).Within(1e-9));
                    Assert.That(peaks[j], Is.EqualTo(terms.Max()).Within(1e-9));
                    var expected = terms.Select(term => Math.Exp(term - logB)).ToArray();
                    Assert.That(shares.AsSpan(j * emissions.Stride, states[j].Components).ToArray(), Is.EqualTo(expected).Within(1e-9));
                    Assert.That(shares.AsSpan(j * emissions.Stride + states[j].Components, emissions.Stride - states[j].Components).ToArray(), Is.All.Zero);
                }
            }
        }

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(27)]
        [TestCase(39)]
        public void Should_Give_The_Same_Bits_With_And_Without_Vector_Instructions(int dimensions)
        {
            // Given
            var random = new Random(100 + dimensions);
            var emissions = new StateEmissions(States(random, dimensions));
            var (states, stride) = (emissions.States, emissions.States * emissions.Stride);
            for (var trial = 0; trial < 100; trial++)
            {
                var x = Values(random, dimensions, Math.Pow(10, random.Next(-2, 3)));
                var plain = (Peaks: new double[states], Sums: new double[states], Shares: new double[stride]);
                var vector = (Peaks: new double[states], Sums: new double[states], Shares: new double[stride]);

                // When
                emissions.Evaluate(x, Squares(x), plain.Peaks, plain.Sums, plain.Shares, vectors: false);
                emissions.Evaluate(x, Squares(x), vector.Peaks, vector.Sums, vector.Shares, vectors: true);

                // Then
                Assert.That(vector.Peaks, Is.EqualTo(plain.Peaks));
                Assert.That(vector.Sums, Is.EqualTo(plain.Sums));
                Assert.That(vector.Shares, Is.EqualTo(plain.Shares));
            }
        }
    }
}
