using Microsoft.ML.OnnxRuntime;
using Workflow.Onnx;

namespace Workflow.Tests.Onnx;

public sealed class GraphBuilderTests
{
    private static byte[] ToModel(OnnxGraph graph) =>
        new OnnxModel(GraphBuilder.IrVersion, GraphBuilder.Opset, "test", "1", "", graph, new Dictionary<string, string>()).ToBytes();

    public sealed class TheOpMethod
    {
        [Test]
        public void Should_Name_Values_After_The_Hint_And_Keep_Them_Unique()
        {
            // Given
            var g = new GraphBuilder(OnnxPrecision.Float32);
            var x = g.Input("x", OnnxDataType.Float, OnnxDimension.Fixed(2));

            // When
            var first = g.Op("Neg", "y", [x]);
            var second = g.Op("Neg", "y", [first]);
            var third = g.Op("Abs", [second]);

            // Then
            Assert.That((first, second, third), Is.EqualTo(("y", "y_2", "abs")));
        }

        [Test]
        public void Should_Run_A_Scan_Whose_Body_Is_A_Graph_Attribute()
        {
            // Given: a running sum, the body a subgraph sharing the outer graph's names
            var g = new GraphBuilder(OnnxPrecision.Float64);
            var samples = g.Input("samples", OnnxDataType.Float, OnnxDimension.Named("n"));
            var body = g.CreateSubgraph();
            var sum = body.Input("sum_in", OnnxDataType.Double);
            var x = body.Input("x_t", OnnxDataType.Double);
            var next = body.Op("Add", "sum_next", [sum, x]);
            body.Output(next, "sum_out", OnnxDataType.Double);
            body.Output(next, "running_out", OnnxDataType.Double);
            var results = g.Op("Scan", [g.Scalar("initial", 0.0), g.ToCompute(samples)], 2, "scan",
                OnnxAttribute.Graph("body", body.Build("running_sum")), OnnxAttribute.Int("num_scan_inputs", 1));
            g.Output(results[1], "running", OnnxDataType.Double, OnnxDimension.Named("n"));

            // When
            using var session = new InferenceSession(ToModel(g.Build("scan_test")));
            using var input = OrtValue.CreateTensorValueFromMemory(new[] { 1f, 2f, 3f, 4f }, [4]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["samples"], [input], ["running"]);

            // Then
            Assert.That(outputs[0].GetTensorDataAsSpan<double>().ToArray(), Is.EqualTo(new[] { 1.0, 3.0, 6.0, 10.0 }));
        }
    }

    public sealed class TheInputMethod
    {
        [Test]
        public void Should_Throw_When_A_Name_Is_Taken()
        {
            // Given
            var g = new GraphBuilder(OnnxPrecision.Float64);
            g.Input("samples", OnnxDataType.Float);

            // When / Then
            Assert.That(() => g.Input("samples", OnnxDataType.Float),
                Throws.ArgumentException.With.Message.StartWith("the name 'samples' is already used in this graph"));
        }
    }
}
