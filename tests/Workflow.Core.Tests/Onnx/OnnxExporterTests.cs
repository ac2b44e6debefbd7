using Microsoft.ML.OnnxRuntime;
using Workflow.Features;
using Workflow.Onnx;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

public sealed class OnnxExporterTests
{
    private static readonly IClassModel[] TwoClasses =
    [
        new DiagonalGaussianModel("no", [1.0, 2.0, 3.0], [1.0, 1.0, 2.0]),
        new DiagonalGaussianModel("yes", [0.5, 2.5, 3.5], [2.0, 1.0, 1.0]),
    ];

    private static readonly MfccOptions ThreeCoefficients = new() { NMfcc = 3 };

    public sealed class TheExportMethod
    {
        [Test]
        public void Should_Write_Identical_Bytes_Every_Time()
        {
            // Given
            var config = new WorkflowConfig { Features = ThreeCoefficients with { Deltas = true, Cmvn = true } };
            var models = TwoClasses.Cast<DiagonalGaussianModel>()
                .Select(m => new DiagonalGaussianModel(m.Class, [.. m.Mean, .. m.Mean, .. m.Mean], [.. m.Variance, .. m.Variance, .. m.Variance]))
                .ToArray<IClassModel>();

            // When
            var first = OnnxExporter.Export(config, models);
            var second = OnnxExporter.Export(config, models);

            // Then
            Assert.That(second, Is.EqualTo(first));
        }

        [Test]
        public void Should_Describe_Inputs_Outputs_And_Classes_In_The_Model()
        {
            // Given
            var bytes = OnnxExporter.Export(8000, ThreeCoefficients, "gaussian", TwoClasses, OnnxPrecision.Float64);

            // When
            using var session = new InferenceSession(bytes);

            // Then
            var metadata = session.ModelMetadata;
            Assert.Multiple(() =>
            {
                Assert.That(metadata.ProducerName, Is.EqualTo("Workflow"));
                Assert.That(metadata.CustomMetadataMap["class_names"], Is.EqualTo("[\"no\",\"yes\"]"));
                Assert.That(metadata.CustomMetadataMap["sample_rate"], Is.EqualTo("8000"));
                Assert.That(metadata.CustomMetadataMap["family"], Is.EqualTo("gaussian"));
                Assert.That(metadata.CustomMetadataMap["precision"], Is.EqualTo("float64"));
                Assert.That(metadata.CustomMetadataMap["features"], Does.Contain("\"nMfcc\":3"));
                Assert.That(session.InputMetadata.Keys, Is.EqualTo(new[] { "samples" }));
                Assert.That(session.InputMetadata["samples"].Dimensions, Is.EqualTo(new[] { -1 }));
                Assert.That(session.OutputMetadata.Keys, Is.EqualTo(new[] { "scores", "class_index" }));
                Assert.That(session.OutputMetadata["scores"].Dimensions, Is.EqualTo(new[] { 2 }));
                Assert.That(session.OutputMetadata["class_index"].ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64));
            });
        }

        [Test]
        public void Should_Refuse_A_Family_Without_An_Onnx_Scorer()
        {
            // Given
            var config = new WorkflowConfig { Train = new TrainOptions { Family = "svm" } };

            // When / Then
            Assert.That(() => OnnxExporter.Export(config, TwoClasses),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "train.family 'svm' cannot be exported to ONNX; exportable families: gaussian, gmm, hmm, kmeans."));
        }

        [Test]
        public void Should_Refuse_Silence_Trimming_Before_Anything_Else()
        {
            // Given
            var config = new WorkflowConfig { Features = new MfccOptions { TrimSilence = true }, Train = new TrainOptions { Family = "hmm" } };

            // When / Then
            Assert.That(() => OnnxExporter.Export(config, TwoClasses),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "features.trimSilence cannot be exported to ONNX; set it to false, or trim the recordings before they reach the model."));
        }

        [Test]
        public void Should_Refuse_Models_Whose_Dimensions_Differ_From_The_Features()
        {
            // Given: 13 coefficients by default, models of 3

            // When / Then
            Assert.That(() => OnnxExporter.Export(new WorkflowConfig(), TwoClasses),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "The model of class 'no' has 3 dimensions but the features have 13 columns; rebuild the models with the Train target."));
        }

        [Test]
        public void Should_Refuse_Pitch_Features_By_Name()
        {
            // Given
            var config = new WorkflowConfig
            {
                Features = new Workflow.Features.MfccOptions { Kind = "pitch" },
                Train = new Workflow.Training.TrainOptions { Family = "discrete-hmm" },
            };
            var model = new Workflow.Training.DiscreteHiddenMarkovModel("a", "ergodic", [1.0], [[1.0]], [[0.5, 0.5]]);

            // When / Then
            Assert.That(() => OnnxExporter.Export(config, [model]), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features.kind \"pitch\" (YIN pitch track, tonic and note symbols) with train.family \"discrete-hmm\" cannot be exported to ONNX; the package of a pitch model carries no model.onnx: classify with the native engine."));
        }

        [Test]
        public void Should_Refuse_An_Empty_Model_List()
        {
            // When / Then
            Assert.That(() => OnnxExporter.Export(new WorkflowConfig(), []),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo("There are no class models to export to ONNX; run the Train target first."));
        }
    }
}
