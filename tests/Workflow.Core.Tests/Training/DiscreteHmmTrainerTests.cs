using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class DiscreteHmmTrainerTests
{
    private static readonly double[] Initial = [0.6, 0.4];
    private static readonly double[][] Transitions = [[0.9, 0.1], [0.2, 0.8]];
    private static readonly double[][] Emissions = [[0.7, 0.2, 0.05, 0.05], [0.05, 0.05, 0.3, 0.6]];

    /// <summary>Sequences drawn from the known model above.</summary>
    private static List<int[]> Sample(int count, int length, int seed)
    {
        var random = new Random(seed);
        var sequences = new List<int[]>();
        for (var c = 0; c < count; c++)
        {
            var sequence = new int[length];
            var state = Draw(Initial, random);
            for (var t = 0; t < length; t++)
            {
                sequence[t] = Draw(Emissions[state], random);
                state = Draw(Transitions[state], random);
            }

            sequences.Add(sequence);
        }

        return sequences;
    }

    private static int Draw(double[] p, Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < p.Length; i++)
        {
            u -= p[i];
            if (u < 0) return i;
        }

        return p.Length - 1;
    }

    public sealed class TheTrainMethod
    {
        [TestCase("ergodic", 0.5)]
        [TestCase("ergodic", 1e-6)]
        [TestCase("left-to-right", 0.5)]
        [TestCase("left-to-right", 1e-6)]
        public void Should_Never_Decrease_The_Objective(string topology, double smoothing)
        {
            // Given
            var options = new DiscreteHmmOptions { States = 4, Topology = topology, Smoothing = smoothing, Iterations = 40, Tolerance = 0 };
            var sequences = Sample(40, 30, seed: 1);

            // When
            var (_, objective) = new DiscreteHmmTrainer(options, seed: 5).Train("c", sequences);

            // Then: log-likelihood + k·Σ log b (MAP-EM); with k = 1e-6 that is the likelihood itself
            Assert.That(objective, Has.Count.EqualTo(40));
            for (var i = 1; i < objective.Count; i++)
                Assert.That(objective[i], Is.GreaterThanOrEqualTo(objective[i - 1] - 1e-9 * Math.Abs(objective[i - 1])), $"iteration {i}");
            Assert.That(objective[^1], Is.GreaterThan(objective[0]));
        }

        [Test]
        public void Should_Recover_A_Known_Discrete_Hmm()
        {
            // Given
            var options = new DiscreteHmmOptions { States = 2, Smoothing = 1e-3, Iterations = 300, Tolerance = 1e-9 };
            var sequences = Sample(300, 60, seed: 2);

            // When
            var (model, _) = new DiscreteHmmTrainer(options, seed: 11, alphabet: 4).Train("c", sequences);

            // Then: the same parameters within 0.05, up to the order of the states
            var order = model.Emissions[0][0] > model.Emissions[1][0] ? new[] { 0, 1 } : [1, 0];
            for (var i = 0; i < 2; i++)
            {
                Assert.That(model.Emissions[order[i]], Is.EqualTo(Emissions[i]).Within(0.05), $"emissions of state {i}");
                for (var j = 0; j < 2; j++)
                    Assert.That(model.Transitions[order[i]][order[j]], Is.EqualTo(Transitions[i][j]).Within(0.05), $"a[{i}][{j}]");
            }
        }

        [Test]
        public void Should_Give_Byte_Identical_Models_For_The_Same_Seed()
        {
            // Given
            var options = new DiscreteHmmOptions { States = 3 };
            var sequences = Sample(20, 25, seed: 3);
            using var temp = new Workflow.Tests.Fixtures.TempDirectory();

            // When
            ClassModelFile.Write(temp.Combine("a.model"), new DiscreteHmmTrainer(options, seed: 9).Train("c", sequences).Model);
            ClassModelFile.Write(temp.Combine("b.model"), new DiscreteHmmTrainer(options, seed: 9).Train("c", sequences).Model);

            // Then
            Assert.That(File.ReadAllBytes(temp.Combine("b.model")), Is.EqualTo(File.ReadAllBytes(temp.Combine("a.model"))));
        }

        [Test]
        public void Should_Throw_Naming_The_Class_When_Nothing_Was_Voiced()
        {
            // Given / When / Then
            Assert.That(() => new DiscreteHmmTrainer(new DiscreteHmmOptions(), seed: 1).Train("raga", [[], []]),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "Class raga has no notes in its training files (nothing voiced); add recordings with a melody, or check features.pitch.fmin/fmax/threshold."));
        }
    }

    public sealed class TheScoreMethod
    {
        [Test]
        public void Should_Give_A_Finite_Per_Symbol_Score_To_Symbols_Never_Seen_In_Training()
        {
            // Given: training never shows symbol 5 of 6
            var model = new DiscreteHmmTrainer(new DiscreteHmmOptions { States = 2 }, seed: 1, alphabet: 6).Train("c", Sample(10, 20, seed: 4)).Model;
            var features = new FeatureMatrix(3, 1, [0.0, 5.0, 1.0]);

            // When
            var score = model.Score(features);

            // Then
            Assert.That(double.IsFinite(score), Is.True);
            Assert.That(score, Is.EqualTo(model.LogLikelihood([0, 5, 1]) / 3).Within(1e-12));
        }

        [Test]
        public void Should_Read_Back_A_Model_That_Scores_The_Same()
        {
            // Given
            var model = new DiscreteHmmTrainer(new DiscreteHmmOptions { States = 3, Topology = "left-to-right" }, seed: 1).Train("c", Sample(10, 20, seed: 5)).Model;
            var features = new FeatureMatrix(4, 1, [0.0, 1.0, 3.0, 2.0]);
            using var temp = new Workflow.Tests.Fixtures.TempDirectory();
            ClassModelFile.Write(temp.Combine("c.model"), model);

            // When
            var read = ClassModelFile.Read(temp.Combine("c.model"), "c.model");

            // Then
            Assert.That(read, Is.TypeOf<DiscreteHiddenMarkovModel>());
            Assert.That(read.Score(features), Is.EqualTo(model.Score(features)));
        }

        [Test]
        public void Should_Refuse_Mfcc_Frames_Naming_The_Fix()
        {
            // Given
            var model = new DiscreteHmmTrainer(new DiscreteHmmOptions { States = 2 }, seed: 1).Train("c", Sample(5, 10, seed: 6)).Model;

            // When / Then
            Assert.That(() => model.Score(new FeatureMatrix(2, 2, [0.5, 1, 2, 3])), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "The discrete-hmm model of class c scores note symbols, but got features of 2 columns; set features.kind to \"pitch\" and rebuild."));
        }
    }
}
