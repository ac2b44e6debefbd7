using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class RunReportTests
{
    private static readonly UnitDecision[] Decisions =
    [
        new("ExtractFeatures", "train/7/é \"q\".wav", UnitDecision.Ran, "input data/train/7/é \"q\".wav changed\nagain", new string('a', 64), 0.125),
        new("Train", "7", UnitDecision.UpToDate, "unchanged", new string('b', 64), 0, UnitDecision.Local),
        new("Evaluate", "evaluation", UnitDecision.Ran, "no previous run", new string('c', 64), 1.5),
    ];

    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_One_Unit_A_Line_That_Reads_Back_The_Same()
        {
            // Given
            using var temp = new TempDirectory();
            var report = new RunReport("Train \"x\"", Decisions);

            // When
            report.Write(new Workspace(temp.Path));

            // Then: the header, a line per unit (each a JSON object on its own), the closing line
            var path = temp.Combine(RunReport.RelativePath);
            var lines = File.ReadAllLines(path);
            Assert.That(lines, Has.Length.EqualTo(Decisions.Length + 2));
            Assert.That(lines[0], Is.EqualTo("{\"target\": \"Train \\\"x\\\"\", \"units\": ["));
            Assert.That(lines[^1], Is.EqualTo("]}"));
            for (var i = 0; i < Decisions.Length; i++)
            {
                var unit = JObject.Parse(lines[i + 1].TrimEnd(','));
                Assert.That((string?)unit["unit"], Is.EqualTo(Decisions[i].Unit));
                Assert.That((string?)unit["status"], Is.EqualTo(Decisions[i].Status));
            }
            Assert.That(lines[1], Does.Contain("\"status\":\"ran\""));
            var read = RunReport.Read(path);
            Assert.That(read.Target, Is.EqualTo(report.Target));
            Assert.That(read.Units, Is.EqualTo(Decisions));
        }

        [Test]
        public void Should_Keep_The_Order_Of_Units_Made_In_Blocks_On_Several_Cores()
        {
            // Given: more units than several blocks hold, each one different
            using var temp = new TempDirectory();
            var units = Enumerable.Range(0, 20_001)
                .Select(i => new UnitDecision("ExtractFeatures", $"train/{i % 10}/{i:D6}.wav", i % 3 == 0 ? UnitDecision.Ran : UnitDecision.UpToDate,
                    $"reason {i}", i.ToString("x64"), i / 1000.0, i % 3 == 0 ? null : UnitDecision.Local))
                .ToList();

            // When
            new RunReport("Evaluate", units).Write(new Workspace(temp.Path));

            // Then: every unit, in the order given, one a line
            var path = temp.Combine(RunReport.RelativePath);
            Assert.That(RunReport.Read(path).Units, Is.EqualTo(units));
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(units.Count + 2));
        }

        [Test]
        public void Should_Write_A_Report_Without_Units()
        {
            // Given
            using var temp = new TempDirectory();

            // When
            new RunReport("Train", []).Write(new Workspace(temp.Path));

            // Then
            var read = RunReport.Read(temp.Combine(RunReport.RelativePath));
            Assert.That((read.Target, read.Units.Count), Is.EqualTo(("Train", 0)));
        }
    }
}
