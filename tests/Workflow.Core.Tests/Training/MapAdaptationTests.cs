using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class MapAdaptationTests
{
    private static readonly AdaptUpdate Everything = AdaptUpdate.Means | AdaptUpdate.Weights | AdaptUpdate.Variances;

    /// <summary>Two components far apart; the data sits near the first only, shifted from its mean.</summary>
    private static DiagonalMixture Prior() => new([0.5, 0.5], [[0, 0], [10, 10]], [[1, 1], [1, 1]]);

    private static TrainingSet Data(int frames = 200, double shift = 1.5, double spread = 0.7)
    {
        var random = new Random(11);
        var values = new double[frames * 2];
        for (var i = 0; i < values.Length; i++) values[i] = shift + spread * SyntheticFeatures.Normal(random);
        return TrainingSet.From("x", [new FeatureMatrix(frames, 2, values)]);
    }

    private static MixtureStatistics Statistics(DiagonalMixture prior, TrainingSet set) => GaussianMixtureAdapter.Statistics(prior, set);

    private static readonly double[] Floor = [1e-9, 1e-9];

    public sealed class TheMixtureMethod
    {
        [Test]
        public void Should_Return_The_Prior_Bit_For_Bit_When_The_Relevance_Is_Infinite()
        {
            // Given
            var prior = Prior();
            var set = Data();

            // When
            var adapted = MapAdaptation.Mixture(prior, Statistics(prior, set), double.PositiveInfinity, Everything, Floor);

            // Then
            Assert.That(adapted.Weights, Is.EqualTo(prior.Weights));
            Assert.That(adapted.Means, Is.EqualTo(prior.Means));
            Assert.That(adapted.Variances, Is.EqualTo(prior.Variances));
        }

        [Test]
        public void Should_Approach_The_Prior_As_The_Relevance_Grows()
        {
            // Given
            var prior = Prior();
            var statistics = Statistics(prior, Data());

            // When
            var distances = new[] { 10.0, 1e3, 1e6 }
                .Select(r => MapAdaptation.Mixture(prior, statistics, r, Everything, Floor))
                .Select(m => Math.Abs(m.Means[0][0] - prior.Means[0][0]) + Math.Abs(m.Variances[0][0] - prior.Variances[0][0]) + Math.Abs(m.Weights[0] - prior.Weights[0]))
                .ToList();

            // Then
            Assert.That(distances, Is.Ordered.Descending);
            Assert.That(distances[^1], Is.LessThan(1e-3));
        }

        [Test]
        public void Should_Give_The_Datas_Own_Maximum_Likelihood_Estimate_As_The_Relevance_Goes_To_Zero()
        {
            // Given: one component, so every frame is its own and the ML estimate is the sample mean and variance
            var prior = new DiagonalMixture([1.0], [[0, 0]], [[1, 1]]);
            var set = Data();
            var values = set.Values.ToArray().Select(v => (double)v).ToArray();
            var mean = new[] { 0, 1 }.Select(d => values.Where((_, i) => i % 2 == d).Average()).ToArray();
            var variance = new[] { 0, 1 }.Select(d => values.Where((_, i) => i % 2 == d).Select(x => (x - mean[d]) * (x - mean[d])).Average()).ToArray();

            // When
            var adapted = MapAdaptation.Mixture(prior, Statistics(prior, set), 1e-9, Everything, Floor);

            // Then
            Assert.That(adapted.Means[0], Is.EqualTo(mean).Within(1e-6));
            Assert.That(adapted.Variances[0], Is.EqualTo(variance).Within(1e-6));
            Assert.That(adapted.Weights[0], Is.EqualTo(1.0).Within(1e-12));
        }

        [Test]
        public void Should_Equal_The_EM_Maximisation_Step_When_The_Relevance_Is_Zero()
        {
            // Given
            var prior = Prior();
            var statistics = Statistics(prior, Data());

            // When
            var adapted = MapAdaptation.Mixture(prior, statistics, 0, Everything, Floor);
            var maximumLikelihood = statistics.ToMixture(prior, Floor);

            // Then
            Assert.That(adapted.Weights, Is.EqualTo(maximumLikelihood.Weights).Within(1e-12));
            Assert.That(adapted.Means[0], Is.EqualTo(maximumLikelihood.Means[0]).Within(1e-9));
            Assert.That(adapted.Variances[0], Is.EqualTo(maximumLikelihood.Variances[0]).Within(1e-9));
        }

        [Test]
        public void Should_Move_Only_The_Means_When_Only_Means_Are_Updated()
        {
            // Given
            var prior = Prior();

            // When
            var adapted = MapAdaptation.Mixture(prior, Statistics(prior, Data()), 16, AdaptUpdate.Means, Floor);

            // Then
            Assert.That(adapted.Weights, Is.EqualTo(prior.Weights));
            Assert.That(adapted.Variances, Is.EqualTo(prior.Variances));
            Assert.That(adapted.Means[0][0], Is.GreaterThan(1.0).And.LessThan(1.5));
        }

        [Test]
        public void Should_Keep_A_Component_The_Data_Never_Reaches()
        {
            // Given
            var prior = Prior();

            // When
            var adapted = MapAdaptation.Mixture(prior, Statistics(prior, Data()), 16, Everything, Floor);

            // Then: the second component (at 10, 10) keeps its mean and variance; only its weight shrinks
            Assert.That(adapted.Means[1], Is.EqualTo(prior.Means[1]));
            Assert.That(adapted.Variances[1], Is.EqualTo(prior.Variances[1]));
            Assert.That(adapted.Weights[1], Is.LessThan(0.5));
            Assert.That(adapted.Weights.Sum(), Is.EqualTo(1.0).Within(1e-12));
        }

        [Test]
        public void Should_Floor_Adapted_Variances()
        {
            // Given: data far tighter than the floor
            var prior = Prior();
            var statistics = Statistics(prior, Data(spread: 0.01));

            // When
            var adapted = MapAdaptation.Mixture(prior, statistics, 0, Everything, [0.25, 0.5]);

            // Then
            Assert.That(adapted.Variances[0], Is.EqualTo(new[] { 0.25, 0.5 }));
        }
    }

    public sealed class TheSelfLoopMethod
    {
        [TestCase(double.PositiveInfinity, 0.8)]
        [TestCase(0.0, 0.5)]
        [TestCase(10.0, 0.6)]
        public void Should_Move_The_Self_Loop_Towards_The_Datas_Count_By_The_Relevance(double relevance, double expected)
        {
            // Given: the base stays with 0.8, the data stayed 10 times in 20 visits
            // When
            var selfLoop = MapAdaptation.SelfLoop(0.8, 10, 20, relevance, 0.999);

            // Then
            Assert.That(selfLoop, Is.EqualTo(expected).Within(1e-12));
        }
    }
}
