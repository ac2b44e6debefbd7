using Workflow.Features;
using Workflow.Onnx;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

public sealed class KMeansOnnxScorerTests
{
    private static readonly TrainOptions Train = new() { Family = "kmeans", KMeans = new KMeansOptions { Clusters = 8, Iterations = 20 } };

    public sealed class TheAppendMethod
    {
        [TestCaseSource(typeof(OnnxFamilyParity), nameof(OnnxFamilyParity.Cases))]
        public void Should_Agree_With_The_Native_Scores(MfccOptions options, OnnxPrecision precision)
        {
            // Given
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 5, firstTake: 0));

            // When
            var report = OnnxFamilyParity.Check("kmeans", options, models, OnnxFamilyParity.Files(), precision);

            // Then
            Assert.That(report.MaxRelativeDifference, Is.LessThan(precision == OnnxPrecision.Float64 ? 1e-6 : OnnxParity.DefaultTolerance));
        }

        [Test]
        public void Should_Pad_Smaller_Codebooks()
        {
            // Given
            var options = new MfccOptions { NMfcc = 3 };
            IClassModel[] models =
            [
                new KMeansCodebookModel("a", [[1, 2, 3], [0, 0, 0], [-1, 0, 1]]),
                new KMeansCodebookModel("b", [[-10, 1, 0]]),
            ];

            // When / Then
            OnnxFamilyParity.Check("kmeans", options, models, OnnxFamilyParity.Files(), OnnxPrecision.Float64);
        }

        [Test]
        public void Should_Write_Identical_Bytes_Every_Time()
        {
            // Given
            var options = new MfccOptions { NMfcc = 3 };
            var models = OnnxFamilyParity.Train(Train, options, OnnxTestModels.Recordings(perClass: 2, firstTake: 0));

            // When
            var first = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "kmeans", models, OnnxPrecision.Float64);
            var second = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "kmeans", models, OnnxPrecision.Float64);

            // Then
            Assert.That(second, Is.EqualTo(first));
        }
    }
}
