using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed class ComparisonCsvTests
{
    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_A_Row_Per_Metric_And_Parameter_With_A_Differs_Column()
        {
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 2);

            ComparisonCsv.Write(temp.Combine("c.csv"), registry.Compare(["tones/1", "tones/2"]));

            var lines = File.ReadAllLines(temp.Combine("c.csv"));
            Assert.That(lines[0], Is.EqualTo("kind,name,tones/1,tones/2,differs"));
            Assert.That(lines, Does.Contain("metric,accuracy,0.7,0.75,true"));
            Assert.That(lines, Does.Contain("parameter,train.varianceFloor,0.001,0.002,true"));
            Assert.That(lines, Does.Contain("parameter,features.window,hamming,hamming,false"));
        }
    }
}
