using Workflow.Cache;
using Workflow.Evaluation;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Evaluation;

public sealed class EvaluationChartsTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static EvaluationMetrics Metrics() =>
        EvaluationMetrics.Compute(["a", "b", "c"], [("a", "a"), ("a", "b"), ("b", "b"), ("c", "c"), ("c", "a")], trainCount: 9);

    public sealed class TheWriteConfusionMethod
    {
        [Test]
        public void Should_Write_The_Same_Png_Twice()
        {
            // Given
            using var temp = new TempDirectory();

            // When
            EvaluationCharts.WriteConfusion(temp.Combine("one.png"), Metrics());
            EvaluationCharts.WriteConfusion(temp.Combine("two.png"), Metrics());

            // Then
            Assert.That(File.ReadAllBytes(temp.Combine("one.png"))[..8], Is.EqualTo(PngSignature));
            Assert.That(ContentHash.OfFile(temp.Combine("one.png")), Is.EqualTo(ContentHash.OfFile(temp.Combine("two.png"))));
        }
    }

    public sealed class TheWritePerClassMethod
    {
        [Test]
        public void Should_Write_A_Png()
        {
            using var temp = new TempDirectory();

            EvaluationCharts.WritePerClass(temp.Combine("bars.png"), Metrics());

            Assert.That(File.ReadAllBytes(temp.Combine("bars.png"))[..8], Is.EqualTo(PngSignature));
        }
    }
}
