using Workflow.Features;
using Workflow.Onnx;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

public sealed class HiddenMarkovOnnxScorerTests
{
    private static readonly TrainOptions Train = new() { Family = "hmm", Hmm = new HmmOptions { States = 4, Mixtures = 2, Iterations = 3 } };

    public sealed class TheAppendMethod
    {
        [TestCaseSource(typeof(OnnxFamilyParity), nameof(OnnxFamilyParity.Cases))]
        public void Should_Agree_With_The_Native_Scores(MfccOptions options, OnnxPrecision precision)
        {
            // Given
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 5, firstTake: 0));

            // When
            var report = OnnxFamilyParity.Check("hmm", options, models, OnnxFamilyParity.Files(), precision);

            // Then
            Assert.That(report.MaxRelativeDifference, Is.LessThan(precision == OnnxPrecision.Float64 ? 1e-6 : OnnxParity.DefaultTolerance));
        }

        [Test]
        public void Should_Agree_With_The_Native_Scores_In_The_Repository_Configuration()
        {
            // Given: config/workflow.json as the Package stage exports it, three classes of ten recordings each
            var config = WorkflowConfig.Load(Repository.PathOf("config/workflow.json"), "config/workflow.json");
            var classes = new HashSet<string>(["0", "1", "2"], StringComparer.Ordinal);
            var training = OnnxTestModels.Recordings(perClass: 10, firstTake: 5).Where(r => classes.Contains(r.Class));
            var models = OnnxFamilyParity.Train(config.Train, config.Features, training);
            var files = OnnxFamilyParity.Files(classes);
            files.AddRange(OnnxTestModels.Recordings(3, 0).Where(r => classes.Contains(r.Class)).Select(r => (r.Name, r.Samples)));

            // When
            var model = OnnxExporter.Export(config, models);
            var report = OnnxParity.Check(model, new MfccExtractor(config.Features, config.Audio.SampleRate), models, files);

            // Then
            TestContext.Out.WriteLine(
                $"{report.SameClass}/{report.Files} same class; max score difference {report.MaxAbsoluteDifference:E2} absolute, {report.MaxRelativeDifference:E2} relative ({report.WorstFile})");
            Assert.That(config.Train.Family, Is.EqualTo("hmm"));
            Assert.That(report.FirstMismatch, Is.Null);
            Assert.That(report.SameClass, Is.EqualTo(files.Count));
            Assert.That(report.MaxRelativeDifference, Is.LessThan(1e-6));
        }

        [Test]
        public void Should_Pad_Classes_With_Fewer_States_Or_Components_And_Allow_A_Self_Loop_Of_Zero()
        {
            // Given: "a" has three states (the first never stays), "b" one state, so the 60-sample file (one frame)
            // takes the short-utterance rule for "a" and the forward pass for "b"
            var options = new MfccOptions { NMfcc = 2 };
            IClassModel[] models =
            [
                new HiddenMarkovModel("a", [0.0, 0.5, 0.9],
                [
                    new DiagonalMixture([1.0], [[1, 2]], [[2, 2]]),
                    new DiagonalMixture([0.3, 0.0, 0.7], [[0, 0], [5, 5], [-1, 3]], [[1, 1], [1, 1], [4, 2]]),
                    new DiagonalMixture([0.5, 0.5], [[-20, 1], [-5, 0]], [[30, 1], [9, 2]]),
                ]),
                new HiddenMarkovModel("b", [0.95], [new DiagonalMixture([0.5, 0.5], [[-10, 1], [0, 0]], [[40, 1], [9, 2]])]),
            ];

            // When / Then
            OnnxFamilyParity.Check("hmm", options, models, OnnxFamilyParity.Files(), OnnxPrecision.Float64);
        }

        [Test]
        public void Should_Write_Identical_Bytes_Every_Time()
        {
            // Given
            var options = new MfccOptions { NMfcc = 3 };
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 2, firstTake: 0));

            // When
            var first = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "hmm", models, OnnxPrecision.Float64);
            var second = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "hmm", models, OnnxPrecision.Float64);

            // Then
            Assert.That(second, Is.EqualTo(first));
        }
    }
}
