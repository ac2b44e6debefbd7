using Workflow.Features;
using Workflow.Onnx;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

public sealed class GaussianMixtureOnnxScorerTests
{
    private static readonly TrainOptions Train = new() { Family = "gmm", Gmm = new GmmOptions { Components = 4, Iterations = 5 } };

    public sealed class TheAppendMethod
    {
        [TestCaseSource(typeof(OnnxFamilyParity), nameof(OnnxFamilyParity.Cases))]
        public void Should_Agree_With_The_Native_Scores(MfccOptions options, OnnxPrecision precision)
        {
            // Given
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 5, firstTake: 0));

            // When
            var report = OnnxFamilyParity.Check("gmm", options, models, OnnxFamilyParity.Files(), precision);

            // Then
            Assert.That(report.MaxRelativeDifference, Is.LessThan(precision == OnnxPrecision.Float64 ? 1e-6 : OnnxParity.DefaultTolerance));
        }

        [Test]
        public void Should_Ignore_Components_Of_Weight_Zero_And_Pad_Smaller_Mixtures()
        {
            // Given: class "a" has a component of weight 0, class "b" one component fewer than "a"
            var options = new MfccOptions { NMfcc = 3 };
            IClassModel[] models =
            [
                new GaussianMixtureModel("a", [0.6, 0.0, 0.4], [[1, 2, 3], [0, 0, 0], [-1, 0, 1]], [[2, 2, 2], [1, 1, 1], [3, 3, 3]]),
                new GaussianMixtureModel("b", [0.5, 0.5], [[-10, 1, 0], [5, 0, 2]], [[40, 1, 1], [9, 2, 1]]),
            ];

            // When / Then
            OnnxFamilyParity.Check("gmm", options, models, OnnxFamilyParity.Files(), OnnxPrecision.Float64);
        }

        [Test]
        public void Should_Write_Identical_Bytes_Every_Time()
        {
            // Given
            var options = new MfccOptions { NMfcc = 3 };
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 2, firstTake: 0));

            // When
            var first = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "gmm", models, OnnxPrecision.Float64);
            var second = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "gmm", models, OnnxPrecision.Float64);

            // Then
            Assert.That(second, Is.EqualTo(first));
        }
    }
}
