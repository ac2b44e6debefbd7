using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class HiddenMarkovTrainerTests
{
    private static readonly double[] SelfLoops = [0.8, 0.6, 0.9];
    private static readonly double[][] Means = [[0, 0], [4, 4], [-4, 4]];
    private static readonly double[][] Variances = [[1, 0.5], [0.5, 2], [1.5, 1]];

    private static List<FeatureMatrix> Sampled(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => SyntheticFeatures.SampleHmm(random, SelfLoops, Means, Variances)).ToList();
    }

    private static HiddenMarkovTrainer Trainer(int iterations = 30, double tolerance = 1e-6) =>
        new(new HmmOptions { States = 3, Mixtures = 1, Iterations = iterations, Tolerance = tolerance }, 11, 1e-3);

    public sealed class TheFitWithHistoryMethod
    {
        [Test]
        public void Should_Never_Decrease_The_Log_Likelihood()
        {
            // Given
            var trainer = new HiddenMarkovTrainer(new HmmOptions { States = 4, Mixtures = 2, Iterations = 25, Tolerance = 0 }, 3, 1e-3);

            // When
            var history = trainer.FitWithHistory("x", Sampled(1, 60)).LogLikelihoods;

            // Then
            Assert.That(history, Has.Count.GreaterThan(2));
            for (var i = 1; i < history.Count; i++)
                Assert.That(history[i], Is.GreaterThanOrEqualTo(history[i - 1] - 1e-12), $"iteration {i}: {history[i - 1]} → {history[i]}");
        }

        [Test]
        public void Should_Recover_The_Parameters_Of_The_Hmm_That_Generated_The_Sequences()
        {
            // Given
            var utterances = Sampled(2, 300);

            // When
            var model = Trainer().Fit("x", utterances);

            // Then
            Assert.That(model.SelfLoops, Is.EqualTo(SelfLoops).Within(0.03));
            for (var j = 0; j < 3; j++)
            {
                Assert.That(model.States[j].Means[0], Is.EqualTo(Means[j]).Within(0.1), $"state {j} mean");
                for (var d = 0; d < 2; d++)
                    Assert.That(model.States[j].Variances[0][d], Is.EqualTo(Variances[j][d]).Within(12).Percent, $"state {j} variance {d}");
            }
        }
    }

    public sealed class TheFitMethod
    {
        [Test]
        public void Should_Write_The_Same_Bytes_Whatever_The_Degree_Of_Parallelism()
        {
            // Given: more utterances than one E-step chunk, so the chunks' statistics are added up
            var utterances = Sampled(6, 3 * HiddenMarkovTrainer.ChunkUtterances + 5);
            var options = new HmmOptions { States = 3, Mixtures = 2, Iterations = 6, Tolerance = 0 };

            // When
            var files = new[] { 1, 2, 3, 8 }
                .Select(cores => Newtonsoft.Json.JsonConvert.SerializeObject(new HiddenMarkovTrainer(options, 9, 1e-3, cores).Fit("x", utterances)))
                .ToList();

            // Then
            Assert.That(files.Distinct().Count(), Is.EqualTo(1));
        }

        [Test]
        public void Should_Tell_Apart_Classes_Whose_Frames_Differ_Only_In_Order()
        {
            // Given: both classes visit the same two regions, in opposite orders
            double[][] forwards = [[0, 0], [5, 5]];
            double[][] backwards = [[5, 5], [0, 0]];
            var trainer = new HiddenMarkovTrainer(new HmmOptions { States = 2, Mixtures = 1 }, 1, 1e-3);
            var models = new[]
            {
                trainer.Fit("forwards", SyntheticFeatures.Utterances(1, 20, forwards)),
                trainer.Fit("backwards", SyntheticFeatures.Utterances(2, 20, backwards)),
            };
            var test = SyntheticFeatures.Utterances(3, 10, forwards).Select(u => ("forwards", u))
                .Concat(SyntheticFeatures.Utterances(4, 10, backwards).Select(u => ("backwards", u)));

            // When
            var predictions = test.Select(t => (Truth: t.Item1, Predicted: models.MaxBy(m => m.Score(t.u))!.Class)).ToList();

            // Then
            Assert.That(predictions.Select(p => p.Predicted), Is.EqualTo(predictions.Select(p => p.Truth)));
        }

        [Test]
        public void Should_Leave_Out_Utterances_Shorter_Than_The_States()
        {
            // Given
            var utterances = Sampled(5, 20).Append(new FeatureMatrix(1, 2, [100.0, 100.0])).ToList();

            // When
            var model = Trainer().Fit("x", utterances);

            // Then
            Assert.That(model.States.SelectMany(s => s.Means).SelectMany(m => m), Is.All.LessThan(20));
        }

        [Test]
        public void Should_Throw_When_No_Utterance_Is_As_Long_As_The_States()
        {
            // Given
            var utterances = new[] { new FeatureMatrix(2, 1, [1.0, 2.0]) };

            // When / Then
            Assert.That(() => Trainer().Fit("4", utterances), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "Class 4: no training file has at least train.hmm.states = 3 frames; lower train.hmm.states."));
        }
    }

    public sealed class TheInitialFramesMethod
    {
        [Test]
        public void Should_Take_Every_Frame_Up_To_The_Limit()
        {
            // Given
            var rows = Enumerable.Range(100, 50).ToList();

            // When / Then
            Assert.That(HiddenMarkovTrainer.InitialFrames(rows, 50), Is.EqualTo(rows));
        }

        [TestCase(51, 50, 2, 26)]
        [TestCase(40_000, 16_384, 3, 13_334)]
        [TestCase(147_000, 16_384, 9, 16_334)]
        [TestCase(147_000, HiddenMarkovTrainer.MaxInitialFrames, 3, 49_000)]
        public void Should_Take_Every_Sth_Frame_In_Order_Above_It(int count, int max, int step, int taken)
        {
            // Given
            var rows = Enumerable.Range(0, count).Select(i => 7 * i + 3).ToList();

            // When
            var sample = HiddenMarkovTrainer.InitialFrames(rows, max);

            // Then
            Assert.That(sample, Has.Length.EqualTo(taken).And.Length.LessThanOrEqualTo(max));
            Assert.That(sample, Is.EqualTo(Enumerable.Range(0, taken).Select(i => rows[i * step])));
        }
    }
}
