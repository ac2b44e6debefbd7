using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed class ComparisonChartTests
{
    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_A_Png()
        {
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 2);

            ComparisonChart.Write(temp.Combine("c.png"), registry.Compare(["tones/1", "tones/2"]), "accuracy");

            Assert.That(File.ReadAllBytes(temp.Combine("c.png"))[..4], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        }

        [Test]
        public void Should_List_The_Metrics_When_Asked_For_An_Unknown_One()
        {
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 2);

            var error = Assert.Throws<WorkflowException>(() =>
                ComparisonChart.Write(temp.Combine("c.png"), registry.Compare(["tones/1", "tones/2"]), "loss"));

            Assert.That(error!.Message, Is.EqualTo("None of the compared versions has a metric 'loss'; they have: accuracy, macroF1, testCount, trainCount."));
        }
    }
}
